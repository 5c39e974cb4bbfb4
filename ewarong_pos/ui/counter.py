"""The counter: find the family, show what its vouchers hold, fill the cart, commit.

One input path. A scan (ui.scanner: a key burst ending in Enter, whatever has the focus)
and Enter in the search field go to `route`, which decides by what it got: a product
barcode or SKU adds that product (one unit, or the "3*" typed before it); a family's
card, NIK, No. KK or ID DTKS opens that family; a name lists the matches; anything
unknown is said plainly and the field is cleared. A cart is never dropped without a
word: another family's card, Escape, or the next family with goods in the cart asks
whether to keep serving, park the cart (resumable later) or discard it.

Refusals come from the sales service as DomainErrors and are shown with the rule and the
numbers. The receipt is printed only after the commit, and the screen is then ready for
the next family.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.ui.cart_panel import CartPanel, CartState
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.ops.printing import Committed
from ewarong_pos.ui.scanner import Scan, split_quantity
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button, fill_table, make_table, mask_code

log = logging.getLogger(__name__)

SEARCH_LIMIT = 12


@dataclass
class ParkedCart:
    """A cart set aside while another family is served; resumable with its sale id."""

    family_id: int
    name: str
    cart: CartState
    sale_uuid: str
    total: int


@dataclass
class CounterState:
    """What the counter holds, kept across a language switch (the views are rebuilt)."""

    family_id: int | None
    cart: CartState
    sale_uuid: str
    parked: list[ParkedCart]


class CounterView(QWidget):
    """The redemption counter (Loket)."""

    # stock on hand and prices: reloaded after a sale, a delivery or a sync
    shows = frozenset({Change.CATALOG, Change.STOCK})

    family_selected = Signal(object)  # FamilyPanelData
    preview_ready = Signal(object)  # CartCheck
    sale_committed = Signal(object)  # SaleResult
    family_left = Signal()  # the counter is ready for the next family (reset)
    cart_emptied = Signal()  # the family's cart holds nothing (no preview comes)
    refused = Signal(str)  # the refusal text shown
    search_done = Signal(int)  # number of hits
    question_asked = Signal(object)  # the QMessageBox, open until answered

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.family: Any = None  # counter_ops.FamilyPanelData
        self.preview: Any = None
        self.hits: list[Any] = []
        self.parked: list[ParkedCart] = []
        self.question: QMessageBox | None = None
        self._sale_uuid = str(uuid.uuid4())
        self._preview_seq = 0
        self._committing = False
        self._last_query = ""
        self._pending_restore: CounterState | None = None
        # a family being looked up or loaded, and the product scans that came meanwhile
        # (card then goods at once: the goods wait for the family, they are not refused)
        self._family_coming = False
        self._waiting_scans: list[tuple[str, bool]] = []
        self._build()

    # layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        outer.addWidget(split)

        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 4, 0)
        lv.setSpacing(4)
        self.search = QLineEdit(left)
        self.search.setObjectName("SearchInput")
        self.search.setPlaceholderText(
            self.tr("Pindai kartu / NIK / No. KK / ID DTKS / nama, lalu Enter  [F3]")
        )
        self.search.setToolTip(self.search.placeholderText())
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.search.installEventFilter(self)
        lv.addWidget(self.search)
        self.results = QListWidget(left)
        self.results.setObjectName("FamilyResults")
        self.results.setMaximumHeight(190)
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.setVisible(False)
        self.results.installEventFilter(self)
        lv.addWidget(self.results)
        self.parked_list = QListWidget(left)
        self.parked_list.setObjectName("ParkedCarts")
        self.parked_list.itemActivated.connect(lambda _i: self.resume_parked())
        self.parked_list.setVisible(False)
        lv.addWidget(self.parked_list)

        # In a scroll area: a family with many months, roster notes and a cart over
        # several months scrolls here instead of drawing over its neighbours.
        self.panel_scroll = QScrollArea(left)
        self.panel_scroll.setObjectName("PanelScroll")
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel = QFrame(self.panel_scroll)
        self.panel.setObjectName("Panel")
        pv = QVBoxLayout(self.panel)
        pv.setSpacing(4)
        self.family_name = QLabel(self.tr("Belum ada keluarga dipilih"), self.panel)
        self.family_name.setObjectName("Heading")
        self.family_name.setWordWrap(True)
        pv.addWidget(self.family_name)
        form = QFormLayout()
        form.setVerticalSpacing(2)
        self.f_ids = QLabel("", self.panel)
        self.f_ids.setWordWrap(True)
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
        self.voucher_table.setWordWrap(True)
        self.voucher_table.verticalHeader().setDefaultSectionSize(26)  # compact month rows
        self.voucher_table.viewport().installEventFilter(self)  # its width: _fit_voucher_columns
        pv.addWidget(self.voucher_table)
        self.total_open = QLabel("", self.panel)
        self.total_open.setObjectName("Remaining")
        # wraps: one long line ("Vouchers remaining in total: ...") widened the whole panel
        # past its scroll area at 1040 px, cutting the month table and the figures
        self.total_open.setWordWrap(True)
        pv.addWidget(self.total_open)
        self.remaining = QLabel("", self.panel)
        self.remaining.setObjectName("Remaining")
        self.remaining.setWordWrap(True)
        pv.addWidget(self.remaining)
        pv.addStretch(1)  # the room left goes below the figures, not into an empty table
        self.panel_scroll.setWidget(self.panel)
        lv.addWidget(self.panel_scroll, 1)
        edc = QHBoxLayout()
        self.edc_approval = QLineEdit(left)
        self.edc_approval.setPlaceholderText(self.tr("kode persetujuan EDC"))
        self.edc_approval.setToolTip(self.tr("Kode persetujuan dari struk EDC bank (jika ada)"))
        self.edc_approval.setMaxLength(12)
        self.edc_rrn = QLineEdit(left)
        self.edc_rrn.setPlaceholderText(self.tr("RRN EDC"))
        self.edc_rrn.setToolTip(self.tr("RRN dari struk EDC bank (jika ada)"))
        self.edc_rrn.setMaxLength(16)
        edc.addWidget(QLabel(self.tr("Struk EDC"), left))
        edc.addWidget(self.edc_approval, 1)
        edc.addWidget(self.edc_rrn, 1)
        lv.addLayout(edc)
        parking = QHBoxLayout()
        self.park_button = big_button(
            self.tr("Parkir"), left, self.park_current, "Ctrl+P", scope=self
        )
        self.park_button.setToolTip(self.tr("Simpan keranjang ini sementara, layani keluarga lain"))
        self.resume_button = big_button(
            self.tr("Lanjutkan"), left, self.resume_parked, "Ctrl+R", scope=self
        )
        self.resume_button.setToolTip(self.tr("Lanjutkan keranjang yang diparkir"))
        self.resume_button.setEnabled(False)
        parking.addWidget(self.park_button)
        parking.addWidget(self.resume_button)
        parking.addStretch(1)
        lv.addLayout(parking)
        split.addWidget(left)

        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(4, 0, 0, 0)
        rv.setSpacing(4)
        self.cart = CartPanel(self.window_, right)
        self.cart.cart_changed.connect(self._on_cart_cart_changed)
        self.cart.refused.connect(self._on_cart_refused)
        self.cart.leave_requested.connect(self.focus_search)
        rv.addWidget(self.cart, 1)
        self.notice = Notice(right)
        rv.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.next_button = big_button(
            self.tr("Berikutnya"), right, self.leave_family, "Ctrl+N", scope=self
        )
        self.next_button.setToolTip(self.tr("Keluarga berikutnya"))
        self.confirm_button = big_button(
            self.tr("Konfirmasi"), right, self.confirm, "F12", role="primary", scope=self
        )
        self.confirm_button.setMinimumHeight(52)
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
        if event.type() == QEvent.Type.Resize and watched is self.voucher_table.viewport():
            self._fit_voucher_columns()
            return False
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search:
            # Arrow keys in the search box walk the results list, so no mouse is needed.
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
                return True
            if key == Qt.Key.Key_Escape:
                if self.results.isVisible() or self.search.text():
                    self.results.setVisible(False)
                    self.search.clear()
                else:
                    self.leave_family()
                return True
            if event.text() in ("+", "-") and not self.search.text() and self.cart.items:
                self.cart.step_selected(1 if event.text() == "+" else -1)
                return True
        elif watched is self.results and key == Qt.Key.Key_Escape:
            self.results.setVisible(False)
            self.focus_search()
            return True
        return super().eventFilter(watched, event)

    # lifecycle -------------------------------------------------------------------------

    def activate(self) -> None:
        self.load_products()
        self.focus_search()

    def on_session_changed(self, _account: Any) -> None:
        self.parked = []
        self._show_parked()
        self.reset()

    def focus_search(self) -> None:
        # at once, not later: a focus change queued behind the cashier's next keys
        # would pull them out of the field they typed into
        self.search.setFocus()

    def _focus_search_unless_moved(self) -> None:
        """Back to the search field after an answer that arrives later (a family opened on
        a worker thread), unless the cashier has gone on elsewhere meanwhile (F8 and a
        product's name, say): a late answer must not pull their next keys out of the field
        they typed into."""
        focus = QApplication.focusWidget()
        if focus is None or focus is self.search or focus is self.results:
            self.focus_search()

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
        self._preview_seq += 1  # a preview still on its way belongs to the cart that is gone
        self._family_coming = False
        self._waiting_scans = []
        self._sale_uuid = str(uuid.uuid4())
        self.results.clear()
        self.results.setVisible(False)
        self.search.clear()
        self.edc_approval.clear()
        self.edc_rrn.clear()
        self.cart.clear()
        self.cart.set_allowed(None)
        self._show_family(None)
        self.notice.clear_passing()
        self.focus_search()
        self.family_left.emit()

    def has_unsaved_cart(self) -> bool:
        return bool(self.cart.items) or bool(self.parked)

    def save_state(self) -> CounterState:
        return CounterState(
            self.family.info.id if self.family is not None else None,
            self.cart.state(),
            self._sale_uuid,
            list(self.parked),
        )

    def restore_state(self, state: CounterState) -> None:
        """After a language switch: the same family, cart and parked carts."""
        self.parked = list(state.parked)
        self._show_parked()
        if state.family_id is None:
            self.cart.restore(state.cart)
            return
        self._pending_restore = state
        self._load_family(state.family_id)

    # one input path ----------------------------------------------------------------------

    def on_scan(self, scan: Scan) -> None:
        """A scan, wherever the focus was (MainWindow routes it here on this tab).

        A quantity typed before it ("3*", in the search field, or "3" in the quantity
        field) applies to it, however the keys were split between typing and scan."""
        before = ""
        if scan.target is self.search:
            before = scan.text_before.strip()
        elif scan.target is self.cart.qty and self.cart.qty.text().strip():
            before = self.cart.qty.text().strip() + "*"
        joined = before + scan.code
        qty, _code = split_quantity(joined)
        self.route(joined if qty else scan.code, scanned=True)

    def _on_search_return_pressed(self) -> None:
        text = self.search.text().strip()
        if not text:
            if self.results.isVisible() and self.results.currentItem() is not None:
                self._on_results_item_activated(self.results.currentItem())
            return
        if (
            self.results.isVisible()
            and self.results.currentItem() is not None
            and text == self._last_query
        ):
            self._on_results_item_activated(self.results.currentItem())
            return
        self.route(text, scanned=False)

    def route(self, text: str, scanned: bool) -> None:
        """Decide by what `text` is: a product, a family's identifier, a name, or nothing."""
        if self._family_coming:
            # a family is on its way: what comes next waits for it, in order (goods go in
            # that family's cart; another card then asks about that cart)
            self.search.clear()
            self._waiting_scans.append((text, scanned))
            return
        qty_text, code = split_quantity(text)
        product = self.cart.product_by_code(code)
        if product is not None:
            self.search.clear()
            if self.family is None:
                self.notice.show_notice(
                    self.tr(
                        "{product} adalah barang: pindai kartu keluarga (atau NIK) dulu."
                    ).format(product=product.name),
                    "warn",
                    passing=True,
                )
                self.refused.emit(self.notice.text())
                return
            if self.cart.add_typed(product, qty_text or self.cart.qty.text()):
                self.notice.clear_notice()
            return
        if qty_text:
            self.search.clear()
            self.notice.show_notice(
                self.tr("'{code}' bukan barcode barang: jumlah {qty} tidak dipakai.").format(
                    code=mask_code(code), qty=qty_text
                ),
                "warn",
                passing=True,
            )
            return
        self.search_families(code, scanned)

    def search_families(self, text: str, scanned: bool = False) -> None:
        if self.window_.account is None:
            return
        self._last_query = text
        if scanned:
            self.search.clear()  # a scan never stays in the field to glue onto the next
        # typed or scanned, what comes next waits for this look-up (a scan that reached
        # the field as keys while a question was closing is still the family's card)
        self._family_coming = True
        self.window_.runner.run(
            counter_ops.find_families(
                self.window_.parts.ctx, self.window_.actor().id, text, SEARCH_LIMIT
            ),
            on_done=lambda hits: self._on_found(hits, text, scanned),
            on_error=self._on_error,
            owner=self,
        )

    def _on_found(self, hits: list[Any], query: str, scanned: bool) -> None:
        self.hits = list(hits)
        self.results.clear()
        for hit in self.hits:
            where = ", ".join(x for x in (hit.address, hit.rt_rw, hit.kelurahan) if x)
            text = f"{hit.name}  ·  {hit.dtks_id}\n{hit.nik_masked}"
            if hit.card_masked:
                text += f"  ·  {self.tr('kartu')} {hit.card_masked}"
            text += f"  ·  {where}"
            if hit.status != "active":
                text += f"  [{self._status_text(hit.status)}]"
            if not hit.in_area:
                text += "  " + self.tr("[luar wilayah]")
            item = QListWidgetItem(text, self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
        self.search_done.emit(len(self.hits))
        if len(self.hits) != 1:
            self._family_arrived()
        if not self.hits:
            self.results.setVisible(False)
            self._on_nothing_found(query, scanned)
            return
        self.notice.clear_notice()
        if len(self.hits) == 1:
            # A card scan or a full NIK finds one family: open it straight away.
            self.results.setVisible(False)
            self.search.clear()
            self.open_family(self.hits[0].id)
            return
        self.results.setVisible(True)
        self.results.setCurrentRow(0)

    def _on_nothing_found(self, query: str, scanned: bool) -> None:
        shown = mask_code(query)
        if scanned or query.isdigit():
            message = self.tr(
                "'{code}' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga "
                "outlet ini, dan bukan barcode barang."
            ).format(code=shown)
        else:
            message = self.tr("Tidak ada keluarga yang cocok dengan '{query}'.").format(query=shown)
        if self.family is not None:
            if self.cart.items:
                message += " " + self.tr("Yang tampil masih keluarga {name}.").format(
                    name=self.family.info.name
                )
            else:
                # the family on screen is not the one just scanned: do not leave it there
                self.family = None
                self.preview = None
                self._sale_uuid = str(uuid.uuid4())
                self.cart.set_allowed(None)
                self._show_family(None)
        self.search.clear() if scanned else self.search.selectAll()
        self.notice.show_notice(message, "warn", passing=True)
        self.refused.emit(message)
        self.focus_search()

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        family_id = item.data(Qt.ItemDataRole.UserRole)
        self.results.setVisible(False)
        self.search.clear()
        self.open_family(int(family_id))

    def open_family(self, family_id: int) -> None:
        """Open a family; with another family's cart open, ask first (keep/park/discard)."""
        if self.family is not None and self.family.info.id != family_id and self.cart.items:
            self.ask_about_cart(lambda: self._load_family(family_id, fresh=True), other=True)
            return
        if self.family is None or self.family.info.id != family_id:
            self.cart.clear()
            self._sale_uuid = str(uuid.uuid4())
        self._load_family(family_id)

    def _family_arrived(self) -> None:
        """The family look-up ended: scans that waited for it go their way now."""
        self._family_coming = False
        waiting, self._waiting_scans = self._waiting_scans, []
        for text, scanned in waiting:
            self.route(text, scanned)

    def _load_family(self, family_id: int, fresh: bool = False) -> None:
        self._family_coming = True
        if fresh:
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
        self.notice.clear_passing()  # a family is open: the unknown scan before it is past
        self._show_family(data)
        categories: set[str] = set()
        for v in data.entitlement.vouchers:
            if v.redeemable:
                categories.update(v.eligible_categories)
        self.cart.set_allowed(categories, self._blocked_text(data))
        restore, self._pending_restore = self._pending_restore, None
        if restore is not None and restore.family_id == data.info.id:
            self._sale_uuid = restore.sale_uuid
            self.cart.restore(restore.cart)
        self.family_selected.emit(data)
        self._focus_search_unless_moved()
        self._family_arrived()
        self._request_preview()

    # keeping carts -----------------------------------------------------------------------

    def ask_about_cart(self, then: Callable[[], None], other: bool) -> None:
        """Another family or leaving with goods in the cart: keep serving, park or discard.

        A window-modal question that does not block the event loop; `then` runs after
        "park" (the cart parked first) or "discard".
        """
        if self.question is not None:
            self.question.close()
        name = self.family.info.name if self.family is not None else ""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Keranjang belum disimpan"))
        box.setText(
            self.tr("Keranjang {name} berisi {count} barang ({total}) dan belum disimpan.").format(
                name=name,
                count=len(self.cart.items),
                total=self.window_.lang.rp(self.cart.local_total()),
            )
        )
        box.setInformativeText(
            self.tr("Kartu keluarga lain dipindai. Apa yang dilakukan?")
            if other
            else self.tr("Apa yang dilakukan dengan keranjang ini?")
        )
        keep = box.addButton(
            self.tr("Tetap layani {name}  [Esc]").format(name=name),
            QMessageBox.ButtonRole.RejectRole,
        )
        park = box.addButton(self.tr("&Parkir keranjang  [P]"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(
            self.tr("&Buang keranjang  [B]"), QMessageBox.ButtonRole.DestructiveRole
        )
        park.setShortcut(QKeySequence("P"))
        discard.setShortcut(QKeySequence("B"))
        box.setEscapeButton(keep)
        box.setDefaultButton(keep)
        box.setProperty("answers", {"keep": keep, "park": park, "discard": discard})

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.question = None
            if clicked is park:
                self.park_current(then_reset=False)
                then()
            elif clicked is discard:
                log.info("cart of %d lines discarded by the cashier", len(self.cart.items))
                self.cart.clear()
                then()
            else:  # keep serving: nothing is coming after all
                self._family_arrived()
            self.focus_search()
            box.deleteLater()

        box.finished.connect(answered)
        self.question = box
        box.open()
        self.question_asked.emit(box)

    def leave_family(self) -> None:
        """Escape / next family: ask when the cart holds goods, else just clear."""
        if self.family is not None and self.cart.items:
            self.ask_about_cart(self.reset, other=False)
            return
        self.reset()

    def park_current(self, then_reset: bool = True) -> None:
        if self.family is None or not self.cart.items:
            return
        self.parked.append(
            ParkedCart(
                self.family.info.id,
                self.family.info.name,
                self.cart.state(),
                self._sale_uuid,
                self.cart.local_total(),
            )
        )
        log.info("cart parked (%d parked)", len(self.parked))
        name = self.family.info.name
        self.cart.clear()
        self._show_parked()
        if then_reset:
            self.reset()
        self.notice.show_notice(
            self.tr("Keranjang {name} diparkir; lanjutkan dengan Ctrl+R.").format(name=name), "info"
        )

    def _show_parked(self) -> None:
        lang = self.window_.lang
        self.parked_list.clear()
        for p in self.parked:
            QListWidgetItem(
                self.tr("Parkir: {name} · {count} barang · {total}").format(
                    name=p.name, count=len(p.cart.items), total=lang.rp(p.total)
                ),
                self.parked_list,
            )
        self.parked_list.setVisible(bool(self.parked))
        if self.parked:  # as tall as its carts (up to three, then it scrolls)
            rows = min(len(self.parked), 3)
            frame = 2 * self.parked_list.frameWidth()
            self.parked_list.setFixedHeight(self.parked_list.sizeHintForRow(0) * rows + frame + 2)
        self.resume_button.setEnabled(bool(self.parked))
        if self.parked and self.parked_list.currentRow() < 0:
            self.parked_list.setCurrentRow(len(self.parked) - 1)

    def resume_parked(self) -> None:
        """Bring back the chosen parked cart (asking first if another cart is open)."""
        if not self.parked:
            return
        row = self.parked_list.currentRow()
        parked = self.parked[row if 0 <= row < len(self.parked) else -1]

        def resume() -> None:
            self.parked.remove(parked)
            self._show_parked()
            self._pending_restore = CounterState(
                parked.family_id, parked.cart, parked.sale_uuid, []
            )
            self.cart.clear()
            self._load_family(parked.family_id)

        if self.family is not None and self.cart.items:
            self.ask_about_cart(resume, other=True)
            return
        resume()

    # family panel ------------------------------------------------------------------------

    def _status_text(self, status: str) -> str:
        return {
            "active": self.tr("aktif"),
            "suspended": self.tr("ditangguhkan"),
            "removed": self.tr("dikeluarkan"),
        }.get(status, status)

    def _blocked_text(self, data: Any) -> str:
        """Why this family can redeem nothing at all, said once over the product list
        ("" when some voucher can be used): its status when the family is blocked, not
        "not for vouchers" on every product."""
        info, ent = data.info, data.entitlement
        if any(v.redeemable for v in ent.vouchers):
            return ""
        if ent.reason == "family.moved":
            return self.tr(
                "Voucher tidak dapat dipakai di sini: keluarga ini sudah pindah ke {outlet}."
            ).format(outlet=info.outlet_code)
        if ent.reason in ("family.suspended", "family.removed"):
            return self.tr("Voucher tidak dapat dipakai: keluarga ini {status}.").format(
                status=self._status_text(info.status)
            )
        return self.window_.lang.render("sale.no_open_voucher")

    def reason_text(self, code: str, info: Any) -> str:
        """A refusal code of the entitlement, whole: with the family's name and reason."""
        return self.window_.lang.render(
            code,
            name=info.name,
            reason=info.status_reason or self.tr("tanpa keterangan"),
            status=info.status,
            outlet=info.outlet_code,  # a moved family's: the outlet it moved to
        )

    def _show_family(self, data: Any) -> None:
        lang = self.window_.lang
        if data is None:
            self.family_name.setText(self.tr("Belum ada keluarga dipilih"))
            self.f_ids.setText("")
            self.f_address.setText("")
            self.f_status.setText("")
            fill_table(self.voucher_table, [])
            self._fit_voucher_table()
            self.total_open.setText("")
            self._show_remaining("", "")
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
        family_block = (
            ent.reason
            if ent.reason in ("family.suspended", "family.removed", "family.moved")
            else None
        )
        if family_block is not None and not ent.redeemable:
            # the whole message already says the status and its reason: said once
            status = self.reason_text(family_block, info)
        else:
            status = self._status_text(info.status)
            if info.status_reason:
                status += f" — {info.status_reason}"
        if not info.in_area:
            status += "  " + self.tr("(terdaftar di outlet {code})").format(code=info.outlet_code)
        if ent.reason and not ent.redeemable and family_block is None:
            status += "\n" + self.reason_text(ent.reason, info)
        if info.flags:
            # Roster flags (malformed NIK, shared NIK, ...): shown, never a refusal.
            flags = ", ".join(lang.render(flag) for flag in info.flags)
            status += "\n" + self.tr("Catatan roster: {flags}").format(flags=flags)
        self.f_status.setText(status)
        rows = []
        for v in ent.vouchers:
            if v.redeemable:
                note = self.tr("bisa dipakai")
            elif family_block == "family.moved" and v.reason == family_block:
                note = self.tr("pindah ke {outlet}").format(outlet=info.outlet_code)
            elif family_block is not None and v.reason == family_block:
                # the whole family is blocked: the month row says so in short
                note = self._status_text(info.status)
            else:
                note = self.reason_text(v.reason or "", info)
                if v.reason_detail:
                    note += f" ({v.reason_detail})"
            rows.append([lang.period(v.period), lang.rp(v.amount), lang.rp(v.remaining), note])
        fill_table(self.voucher_table, rows, align_right=(1, 2))
        for row, (*_figures, note) in enumerate(rows):  # a note the column cuts, on hover
            item = self.voucher_table.item(row, 3)
            if item is not None:
                item.setToolTip(note)
        self._fit_voucher_table()
        self.total_open.setText(
            self.tr("Total sisa voucher: {total}").format(total=lang.rp(ent.total_open))
        )

    def _fit_voucher_columns(self) -> None:
        """The month's note ("bisa dipakai", "ditangguhkan", ...) says whether the voucher
        can be used: it is shown whole. Where the panel is too narrow for it beside the
        face value (a 1024-1040 px screen: "rai", "d..."), the face value column goes (the
        amount left, "Sisa", stays); each note also carries its text as a tooltip
        (`_show_family`)."""
        table = self.voucher_table
        header = table.horizontalHeader()
        notes = (table.item(r, 3) for r in range(table.rowCount()))
        texts = [item.text() for item in notes if item is not None]
        metrics = table.fontMetrics()
        need = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 16

        def width(column: int) -> int:  # as ResizeToContents sizes it: cells or header
            return max(table.sizeHintForColumn(column), header.sectionSizeHint(column))

        room = table.viewport().width()
        table.setColumnHidden(1, bool(texts) and width(0) + width(1) + width(2) + need > room)

    def _fit_voucher_table(self, max_rows: int = 6) -> None:
        """As tall as its months (up to `max_rows`, then it scrolls): the figures below it
        stay in view instead of an empty table taking the room."""
        self._fit_voucher_columns()
        table = self.voucher_table
        rows = min(table.rowCount(), max_rows)
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += (
            sum(table.rowHeight(r) for r in range(rows))
            or table.verticalHeader().defaultSectionSize()
        )
        table.setFixedHeight(height + 2)

    # cart and preview ------------------------------------------------------------------

    def _on_cart_cart_changed(self) -> None:
        self._request_preview()

    def _on_cart_refused(self, message: str) -> None:
        self.notice.show_notice(message, "error")
        self.refused.emit(message)

    def _request_preview(self) -> None:
        if self.family is None:
            self.confirm_button.setEnabled(False)
            self._show_remaining("", "")
            return
        lines = self.cart.lines()
        if not lines:
            self.preview = None
            self.confirm_button.setEnabled(False)
            self._show_remaining("", "")
            self.notice.clear_notice()
            self.cart_emptied.emit()
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
        over = check.total - check.total_open
        if over > 0:
            text = self.tr("Melebihi sisa voucher {open}: kurangi belanja sebesar {over}.").format(
                open=lang.rp(check.total_open), over=lang.rp(over)
            )
            kind = "error"
        else:
            text = self.tr("Sisa voucher setelah transaksi: {after}").format(
                after=lang.rp(check.remaining_after)
            )
            for d in check.draws:
                text += "\n" + self.tr("{month}: dipakai {amount}, sisa {after}").format(
                    month=lang.period(d.period),
                    amount=lang.rp(d.amount),
                    after=lang.rp(d.remaining_after),
                )
            kind = "ok"
        self._show_remaining(text, kind)
        if check.problems:
            message = "\n".join(self._problem_text(p) for p in check.problems)
            self.notice.show_notice(message, "error")
            self.refused.emit(message)
        else:
            self.notice.clear_notice()
        self.confirm_button.setEnabled(not check.problems and not self._committing)
        self.preview_ready.emit(check)

    def _show_remaining(self, text: str, kind: str) -> None:
        """What the vouchers hold after this cart ("ok") or how much to take out ("error");
        hidden when there is no cart, so no empty coloured box stays behind (a parked cart,
        another family). Its amounts never wrap away from their "Rp" (Language.rp)."""
        self.remaining.setText(text)
        self.remaining.setProperty("kind", kind)
        self.remaining.style().unpolish(self.remaining)
        self.remaining.style().polish(self.remaining)
        self.remaining.setVisible(bool(text))

    def _problem_text(self, problem: Any) -> str:
        return self.window_.lang.error(problem)

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
        self._family_coming = False
        self._waiting_scans = []
        message = self.window_.lang.error(error)
        self.notice.show_notice(message, "error")
        self.refused.emit(message)
