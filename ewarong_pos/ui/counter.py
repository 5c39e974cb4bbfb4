"""The counter: find the family, show what its vouchers hold, fill the cart, commit.

One input, always focused, takes a card scan, a NIK, an ID DTKS or a name; with a
family chosen, a product barcode or SKU scanned into it adds that product. Refusals come
from the sales service as DomainErrors and are shown with the rule and the numbers.
The receipt is printed only after the commit, and the screen is then ready for the next
family.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.messages import render
from ewarong_pos.ui.cart_panel import CartPanel
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.ops.printing import Committed
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button, fill_table, make_table

log = logging.getLogger(__name__)

SEARCH_LIMIT = 12


class CounterView(QWidget):
    """The redemption counter (Loket)."""

    shows = frozenset({Change.CATALOG})

    family_selected = Signal(object)  # FamilyPanelData
    preview_ready = Signal(object)  # CartCheck
    sale_committed = Signal(object)  # SaleResult
    refused = Signal(str)  # the refusal text shown
    search_done = Signal(int)  # number of hits

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.family: Any = None  # counter_ops.FamilyPanelData
        self.preview: Any = None
        self.hits: list[Any] = []
        self._sale_uuid = str(uuid.uuid4())
        self._preview_seq = 0
        self._committing = False
        self._build()

    # layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(split)

        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 4, 0)
        self.search = QLineEdit(left)
        self.search.setObjectName("SearchInput")
        self.search.setPlaceholderText(self.tr("Pindai kartu / NIK / ID DTKS / nama, lalu Enter"))
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.installEventFilter(self)
        lv.addWidget(self.search)
        self.results = QListWidget(left)
        self.results.setMaximumHeight(150)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.setVisible(False)
        lv.addWidget(self.results)

        self.panel = QFrame(left)
        self.panel.setObjectName("Panel")
        pv = QVBoxLayout(self.panel)
        self.family_name = QLabel(self.tr("Belum ada keluarga dipilih"), self.panel)
        self.family_name.setObjectName("Heading")
        self.family_name.setWordWrap(True)
        pv.addWidget(self.family_name)
        form = QFormLayout()
        self.f_ids = QLabel("", self.panel)
        self.f_address = QLabel("", self.panel)
        self.f_address.setWordWrap(True)
        self.f_status = QLabel("", self.panel)
        self.f_status.setWordWrap(True)
        form.addRow(self.tr("NIK / kartu"), self.f_ids)
        form.addRow(self.tr("Alamat"), self.f_address)
        form.addRow(self.tr("Status"), self.f_status)
        pv.addLayout(form)
        self.voucher_table = make_table(
            self.panel,
            [self.tr("Bulan"), self.tr("Nilai"), self.tr("Sisa"), self.tr("Keterangan")],
            stretch=3,
        )
        self.voucher_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        pv.addWidget(self.voucher_table, 1)
        self.total_open = QLabel("", self.panel)
        self.total_open.setObjectName("Remaining")
        pv.addWidget(self.total_open)
        lv.addWidget(self.panel, 1)
        split.addWidget(left)

        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 0, 0, 0)
        self.cart = CartPanel(self.window_, right)
        self.cart.cart_changed.connect(self._on_cart_cart_changed)
        rv.addWidget(self.cart, 1)
        self.remaining = QLabel("", right)
        self.remaining.setObjectName("Remaining")
        rv.addWidget(self.remaining)
        edc = QHBoxLayout()
        self.edc_approval = QLineEdit(right)
        self.edc_approval.setPlaceholderText(self.tr("kode persetujuan EDC (jika ada)"))
        self.edc_approval.setMaxLength(12)
        self.edc_rrn = QLineEdit(right)
        self.edc_rrn.setPlaceholderText(self.tr("RRN EDC (jika ada)"))
        self.edc_rrn.setMaxLength(16)
        edc.addWidget(QLabel(self.tr("Struk EDC bank"), right))
        edc.addWidget(self.edc_approval)
        edc.addWidget(self.edc_rrn)
        rv.addLayout(edc)
        self.notice = Notice(right)
        rv.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.next_button = big_button(
            self.tr("Keluarga berikutnya"), right, self.reset, "Ctrl+N", scope=self
        )
        self.confirm_button = big_button(
            self.tr("Konfirmasi"), right, self.confirm, "F12", role="primary", scope=self
        )
        self.confirm_button.setMinimumHeight(56)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.confirm_button, 2)
        rv.addLayout(buttons)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        split.setSizes([560, 790])  # 1366 px wide: the search text fits, the cart stays wide
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.confirm)
        focus = QShortcut(QKeySequence("F3"), self)
        focus.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus.activated.connect(self.focus_search)
        self._show_family(None)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # Arrow keys in the search box walk the results list, so no mouse is needed.
        from PySide6.QtCore import QEvent

        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and self.results.isVisible()
        ):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        return super().eventFilter(watched, event)

    # lifecycle -------------------------------------------------------------------------

    def activate(self) -> None:
        self.load_products()
        self.focus_search()

    def on_session_changed(self, _account: Any) -> None:
        self.reset()

    def focus_search(self) -> None:
        QTimer.singleShot(0, self.search.setFocus)

    def load_products(self) -> None:
        self.window_.runner.run(
            counter_ops.product_list(self.window_.parts.ctx),
            on_done=self.cart.set_products,
            owner=self,
        )

    def reset(self) -> None:
        """Ready for the next family: no family, empty cart, new sale id, focus on search."""
        self.family = None
        self.preview = None
        self.hits = []
        self._sale_uuid = str(uuid.uuid4())
        self.results.clear()
        self.results.setVisible(False)
        self.search.clear()
        self.edc_approval.clear()
        self.edc_rrn.clear()
        self.cart.clear()
        self._show_family(None)
        self.focus_search()

    # search ----------------------------------------------------------------------------

    def _on_search_return_pressed(self) -> None:
        text = self.search.text().strip()
        if not text:
            if self.results.isVisible() and self.results.currentItem() is not None:
                self._on_results_item_activated(self.results.currentItem())
            return
        if self.family is not None:
            product = self.cart.product_by_code(text)
            if product is not None:
                qty = self.cart.parse_qty(product)
                if qty is not None:
                    self.cart.add(product, qty)
                self.search.clear()
                return
        if (
            self.results.isVisible()
            and self.results.currentItem() is not None
            and (text == self._last_query)
        ):
            self._on_results_item_activated(self.results.currentItem())
            return
        self.search_families(text)

    _last_query = ""

    def search_families(self, text: str) -> None:
        if self.window_.account is None:
            return
        self._last_query = text
        self.window_.runner.run(
            counter_ops.find_families(
                self.window_.parts.ctx,
                self.window_.actor().id,
                text,
                SEARCH_LIMIT,
            ),
            on_done=self._on_found,
            on_error=self._on_error,
            owner=self,
        )

    def _on_found(self, hits: list[Any]) -> None:
        self.hits = list(hits)
        self.results.clear()
        for hit in self.hits:
            where = ", ".join(x for x in (hit.address, hit.rt_rw, hit.kelurahan) if x)
            text = f"{hit.name}  ·  {hit.nik_masked}  ·  {where}"
            if hit.status != "active":
                text += f"  [{self._status_text(hit.status)}]"
            if not hit.in_area:
                text += "  " + self.tr("[luar wilayah]")
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
        self.search_done.emit(len(self.hits))
        if not self.hits:
            self.results.setVisible(False)
            self.notice.show_notice(
                self.tr("Tidak ada keluarga yang cocok dengan '{query}'.").format(
                    query=self._last_query
                ),
                "warn",
            )
            return
        self.notice.clear_notice()
        if len(self.hits) == 1:
            # A card scan or a full NIK finds one family: open it straight away.
            self.results.setVisible(False)
            self.open_family(self.hits[0].id)
            return
        self.results.setVisible(True)
        self.results.setCurrentRow(0)

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        family_id = item.data(Qt.ItemDataRole.UserRole)
        self.results.setVisible(False)
        self.open_family(int(family_id))

    def open_family(self, family_id: int) -> None:
        if self.family is not None and self.family.info.id != family_id:
            self.cart.clear()
            self._sale_uuid = str(uuid.uuid4())
        self.window_.runner.run(
            counter_ops.family_panel(self.window_.parts.ctx, self.window_.actor().id, family_id),
            on_done=self._on_family_loaded,
            on_error=self._on_error,
            owner=self,
        )

    def _on_family_loaded(self, data: Any) -> None:
        self.family = data
        self.search.clear()
        self._show_family(data)
        self.family_selected.emit(data)
        self.focus_search()
        self._request_preview()

    def _status_text(self, status: str) -> str:
        return {
            "active": self.tr("aktif"),
            "suspended": self.tr("ditangguhkan"),
            "removed": self.tr("dikeluarkan"),
        }.get(status, status)

    def _show_family(self, data: Any) -> None:
        lang = self.window_.lang
        if data is None:
            self.family_name.setText(self.tr("Belum ada keluarga dipilih"))
            self.f_ids.setText("")
            self.f_address.setText("")
            self.f_status.setText("")
            fill_table(self.voucher_table, [])
            self.total_open.setText("")
            self.remaining.setText("")
            self.confirm_button.setEnabled(False)
            return
        info, ent = data.info, data.entitlement
        self.family_name.setText(f"{info.name}  ({info.dtks_id})")
        ids = info.nik_masked
        if info.card_masked:
            ids += f"  ·  {info.card_masked} {info.card_bank}".rstrip()
        self.f_ids.setText(ids)
        self.f_address.setText(
            ", ".join(x for x in (info.address, info.rt_rw, info.kelurahan, info.kecamatan) if x)
        )
        status = self._status_text(info.status)
        if info.status_reason:
            status += f" — {info.status_reason}"
        if not info.in_area:
            status += "  " + self.tr("(terdaftar di outlet {code})").format(code=info.outlet_code)
        if ent.reason and not ent.redeemable:
            status += "\n" + render(ent.reason, lang.code)
        if info.flags:
            # Roster flags (malformed NIK, shared NIK, ...): shown, never a refusal.
            flags = ", ".join(render(flag, lang.code) for flag in info.flags)
            status += "\n" + self.tr("Catatan roster: {flags}").format(flags=flags)
        self.f_status.setText(status)
        rows = []
        for v in ent.vouchers:
            note = self.tr("bisa dipakai") if v.redeemable else render(v.reason or "", lang.code)
            if v.reason_detail:
                note += f" ({v.reason_detail})"
            rows.append([lang.period(v.period), lang.rp(v.amount), lang.rp(v.remaining), note])
        fill_table(self.voucher_table, rows, align_right=(1, 2))
        self.total_open.setText(
            self.tr("Total sisa voucher: {total}").format(total=lang.rp(ent.total_open))
        )

    # cart and preview ------------------------------------------------------------------

    def _on_cart_cart_changed(self) -> None:
        self._request_preview()

    def _request_preview(self) -> None:
        if self.family is None:
            self.confirm_button.setEnabled(False)
            self.remaining.setText("")
            if self.cart.items:
                self.notice.show_notice(self.tr("Pilih keluarga terlebih dahulu."), "warn")
            return
        lines = self.cart.lines()
        if not lines:
            self.preview = None
            self.confirm_button.setEnabled(False)
            self.remaining.setText("")
            self.notice.clear_notice()
            return
        self._preview_seq += 1
        seq = self._preview_seq
        self.confirm_button.setEnabled(False)
        self.window_.runner.run(
            counter_ops.check_cart(self.window_.parts.ctx, self.family.info.id, lines),
            on_done=lambda check: self._on_preview(seq, check),
            on_error=self._on_error,
            owner=self,
        )

    def _on_preview(self, seq: int, check: Any) -> None:
        if seq != self._preview_seq:
            return  # the cart changed again meanwhile; a newer preview is on its way
        self.preview = check
        lang = self.window_.lang
        self.cart.show_preview(check)
        draws = "; ".join(
            self.tr("{month}: {amount} (sisa {after})").format(
                month=lang.period(d.period),
                amount=lang.rp(d.amount),
                after=lang.rp(d.remaining_after),
            )
            for d in check.draws
        )
        text = self.tr("Sisa voucher setelah transaksi: {after}").format(
            after=lang.rp(check.remaining_after)
        )
        if draws:
            text += "\n" + draws
        self.remaining.setText(text)
        if check.problems:
            message = "\n".join(p.message(lang.code) for p in check.problems)
            self.notice.show_notice(message, "error")
            self.refused.emit(message)
        else:
            self.notice.clear_notice()
        self.confirm_button.setEnabled(not check.problems and not self._committing)
        self.preview_ready.emit(check)

    # commit ----------------------------------------------------------------------------

    def confirm(self) -> None:
        if self.family is None or not self.cart.items or self._committing:
            return
        if self.preview is None or self.preview.problems:
            return
        self._committing = True
        self.confirm_button.setEnabled(False)
        self.window_.runner.run(
            counter_ops.redeem_and_queue(
                self.window_.parts.ctx,
                self.window_.actor().id,
                self.family.info.id,
                self.cart.lines(),
                self._sale_uuid,
                self.edc_approval.text().strip() or None,
                self.edc_rrn.text().strip() or None,
                self.preview.total,
            ),
            on_done=self._on_committed,
            on_error=self._on_commit_failed,
            owner=self,
        )

    def _on_committed(self, done: Committed) -> None:
        # Kept light (it runs on the GUI thread): the receipt is already queued by the
        # commit's own database job; printing it goes to the I/O pool.
        result = done.sale
        self._committing = False
        lang = self.window_.lang
        message = self.tr("Tersimpan: struk {receipt}, total {total}.").format(
            receipt=result.receipt_no, total=lang.rp(result.total)
        )
        self.reset()
        self.notice.show_notice(message, "ok")
        self.window_.print_committed(done)
        self.sale_committed.emit(result)

    def _on_commit_failed(self, error: BaseException) -> None:
        self._committing = False
        self._on_error(error)
        self._request_preview()

    def _on_error(self, error: BaseException) -> None:
        message = self.window_.lang.error(error)
        self.notice.show_notice(message, "error")
        self.refused.emit(message)
