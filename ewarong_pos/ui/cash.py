"""Cash sale to the public, like a shop's till: scan, tender, change.

The same price list as the counter. Products come by scan (ui.scanner, whatever has the
focus; "3*" before a scan in the product search box is the quantity) or by the product
search box (F8). Quick tender buttons (exact money, 10.000, 20.000, 50.000, 100.000) fill
the money received; the change of the last sale stays on screen, large, until the next
sale begins. When Settings say a cash drawer hangs on the receipt printer, it is kicked
open (ESC/POS) after each cash sale.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.money import format_number, parse_rupiah
from ewarong_pos.ui.cart_panel import CartPanel, CartState
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.ops.printing import Committed
from ewarong_pos.ui.scanner import Scan, split_quantity
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button, mask_code

log = logging.getLogger(__name__)

QUICK_TENDERS = ((10_000, "Ctrl+1"), (20_000, "Ctrl+2"), (50_000, "Ctrl+3"), (100_000, "Ctrl+4"))


@dataclass
class CashState:
    cart: CartState
    sale_uuid: str
    tendered: str


class CashSaleView(QWidget):
    # stock on hand and prices: reloaded after a sale, a delivery or a sync
    shows = frozenset({Change.CATALOG, Change.STOCK})
    sale_committed = Signal(object)
    preview_ready = Signal(object)
    cart_emptied = Signal()  # the cart holds nothing (no preview comes)
    sale_cleared = Signal()  # ready for the next sale (reset; after a commit too)
    refused = Signal(str)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.preview: Any = None
        self._sale_uuid = str(uuid.uuid4())
        self._seq = 0
        self._committing = False
        # Two columns like a shop's till: the goods on the left, the money on the right.
        layout = QHBoxLayout(self)
        layout.setSpacing(8)
        self.cart = CartPanel(self.window_, self)
        self.cart.setTitle(self.tr("Penjualan tunai (umum)"))
        self.cart.cart_changed.connect(self._on_cart_cart_changed)
        self.cart.refused.connect(self._on_cart_refused)
        self.cart.product_search.returnPressed.disconnect()
        self.cart.product_search.returnPressed.connect(self._on_product_search_return_pressed)
        layout.addWidget(self.cart, 1)
        pay = QGroupBox(self.tr("Pembayaran"), self)
        pay.setObjectName("PayPanel")
        pay.setMinimumWidth(300)
        pay.setMaximumWidth(380)
        pv = QVBoxLayout(pay)
        pv.setSpacing(4)
        self.tendered_label = QLabel(self.tr("Uang diterima  [F11]"), pay)
        self.tendered = QLineEdit(pay)
        self.tendered.setObjectName("TenderedInput")
        self.tendered.setPlaceholderText(self.tr("mis. 50.000"))
        self.tendered.setMaxLength(13)
        self.tendered.textChanged.connect(self._request_preview)
        self.tendered.returnPressed.connect(self.confirm)
        pv.addWidget(self.tendered_label)
        pv.addWidget(self.tendered)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.exact_button = big_button(
            self.tr("Uang pas"), pay, self.tender_exact, "F5", scope=self
        )
        grid.addWidget(self.exact_button, 0, 0, 1, 2)
        self.tender_buttons = []
        for i, (amount, key) in enumerate(QUICK_TENDERS):
            button = big_button(
                format_number(amount),
                pay,
                self._tender_slot(amount),
                key,
                scope=self,
            )
            grid.addWidget(button, 1 + i // 2, i % 2)
            self.tender_buttons.append(button)
        pv.addLayout(grid)
        focus = QShortcut(QKeySequence("F11"), self)
        focus.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus.activated.connect(self._focus_tendered)
        self.change = QLabel("", pay)
        self.change.setObjectName("BigChange")
        self.change.setWordWrap(True)
        pv.addWidget(self.change)
        self.notice = Notice(pay)
        pv.addWidget(self.notice)
        pv.addStretch(1)
        self.clear_button = big_button(self.tr("Kosongkan"), pay, self.reset, "Ctrl+N", scope=self)
        self.confirm_button = big_button(
            self.tr("Bayar tunai"), pay, self.confirm, "F12", role="primary", scope=self
        )
        self.confirm_button.setMinimumHeight(52)
        self.confirm_button.setEnabled(False)
        pv.addWidget(self.clear_button)
        pv.addWidget(self.confirm_button)
        layout.addWidget(pay)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.confirm)
        self.last_sale: Any = None

    def activate(self) -> None:
        self.load_products()
        QTimer.singleShot(0, self.cart.focus_products)

    def load_products(self) -> None:
        self.window_.runner.run(
            counter_ops.product_list(self.window_.parts.ctx),
            on_done=self.cart.set_products,
            owner=self,
        )

    def on_session_changed(self, _account: Any) -> None:
        self.reset()

    def has_unsaved_cart(self) -> bool:
        return bool(self.cart.items)

    def save_state(self) -> CashState:
        return CashState(self.cart.state(), self._sale_uuid, self.tendered.text())

    def restore_state(self, state: CashState) -> None:
        self._sale_uuid = state.sale_uuid
        self.cart.restore(state.cart)
        self.tendered.setText(state.tendered)

    def reset(self) -> None:
        self._sale_uuid = str(uuid.uuid4())
        self.cart.clear()
        self.tendered.clear()
        self._seq += 1  # a preview still on its way belongs to the sale that is gone
        self.preview = None
        self.change.setText("")
        self.last_sale = None
        self.notice.clear_notice()
        self.sale_cleared.emit()

    # products by scan ----------------------------------------------------------------------

    def on_scan(self, scan: Scan) -> None:
        before = ""
        if scan.target is self.cart.product_search:
            before = scan.text_before.strip()
        elif scan.target is self.cart.qty and self.cart.qty.text().strip():
            before = self.cart.qty.text().strip() + "*"
        joined = before + scan.code
        qty, _code = split_quantity(joined)
        self.route(joined if qty else scan.code)

    def _on_product_search_return_pressed(self) -> None:
        text = self.cart.product_search.text().strip()
        _qty, code = split_quantity(text)
        if self.cart.product_by_code(code) is not None:
            self.route(text)
            return
        # not a code: the first match goes to the quantity field (the panel's own path)
        rows = self.cart._visible_rows()
        if rows:
            if self.cart.product_table.currentRow() not in rows:
                self.cart.product_table.selectRow(rows[0])
            self.cart._focus_qty()

    def route(self, text: str) -> None:
        qty, code = split_quantity(text)
        product = self.cart.product_by_code(code)
        self.cart.product_search.clear()
        if product is None:
            message = self.tr("'{code}' bukan barcode atau SKU barang yang dijual di sini.").format(
                code=mask_code(code)
            )
            self.notice.show_notice(message, "warn", passing=True)
            self.refused.emit(message)
            return
        if self.cart.add_typed(product, qty or self.cart.qty.text()):
            self.notice.clear_passing()

    # tender ----------------------------------------------------------------------------------

    def _tender_slot(self, amount: int) -> Callable[..., None]:
        def slot(*_args: Any) -> None:  # clicked(bool) passes `checked`: never an amount
            self.tender(amount)

        return slot

    def _focus_tendered(self) -> None:
        self.tendered.setFocus()
        self.tendered.selectAll()

    def tender(self, amount: int) -> None:
        self.tendered.setText(format_number(amount))
        self._focus_tendered()

    def tender_exact(self) -> None:
        total = self.preview.total if self.preview is not None else self.cart.local_total()
        if total > 0:
            self.tender(total)

    def _tendered(self) -> int | None:
        text = self.tendered.text().strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except ValueError:
            return None

    def _on_cart_cart_changed(self) -> None:
        if self.cart.items and self.last_sale is not None:
            # the next sale has begun: the last one's change gives way
            self.last_sale = None
            self.change.setText("")
        self._request_preview()

    def _on_cart_refused(self, message: str) -> None:
        self.notice.show_notice(message, "error")
        self.refused.emit(message)

    def _request_preview(self) -> None:
        lines = self.cart.lines()
        self.confirm_button.setEnabled(False)
        if not lines:
            self.preview = None
            if self.last_sale is None:
                self.change.setText("")
                self.notice.clear_notice()
            self.cart_emptied.emit()
            return
        self._seq += 1
        seq = self._seq
        self.window_.runner.run(
            counter_ops.check_cart(self.window_.parts.ctx, None, lines, self._tendered()),
            on_done=lambda check: self._on_preview(seq, check),
            on_error=self._on_error,
            owner=self,
        )

    def _on_preview(self, seq: int, check: Any) -> None:
        if seq != self._seq:
            return
        self.preview = check
        lang = self.window_.lang
        self.cart.show_preview(check)
        if check.change is not None:
            self.change.setText(self.tr("Kembalian: {change}").format(change=lang.rp(check.change)))
        else:
            self.change.setText("")
        if check.problems:
            self.notice.show_notice("\n".join(lang.error(p) for p in check.problems), "error")
        elif check.cash_tendered is None:
            if self.tendered.text().strip():
                self.notice.show_notice(
                    self.tr("'{text}' bukan jumlah uang: tulis mis. 50.000.").format(
                        text=self.tendered.text().strip()
                    ),
                    "error",
                )
            else:
                self.notice.show_notice(
                    self.tr("Masukkan uang yang diterima (F11), atau Uang pas (F5)."), "info"
                )
        else:
            self.notice.clear_notice()
        self.confirm_button.setEnabled(
            not check.problems and check.cash_tendered is not None and not self._committing
        )
        self.preview_ready.emit(check)

    def confirm(self) -> None:
        tendered = self._tendered()
        if not self.confirm_button.isEnabled() or tendered is None or self._committing:
            return
        if self.preview is None:
            return
        self._committing = True
        self.confirm_button.setEnabled(False)
        self.window_.runner.run(
            counter_ops.sell_cash_and_queue(
                self.window_.parts.ctx,
                self.window_.actor().id,
                self.cart.lines(),
                tendered,
                self._sale_uuid,
                self.preview.total,
            ),
            on_done=self._on_committed,
            on_error=self._on_commit_failed,
            owner=self,
        )

    def _on_committed(self, done: Committed) -> None:
        result = done.sale  # its receipt was queued by the same database job
        self._committing = False
        lang = self.window_.lang
        tendered = self._tendered() or 0
        self.reset()
        self.last_sale = result
        # Large, and kept until the next sale begins: the cashier counts the change out.
        self.change.setText(
            self.tr("Kembalian: {change}").format(change=lang.rp(result.change or 0))
            + "\n"
            + self.tr("Total {total}, diterima {tendered}").format(
                total=lang.rp(result.total), tendered=lang.rp(tendered)
            )
        )
        self.notice.show_notice(
            self.tr("Tersimpan: struk {receipt}.").format(receipt=result.receipt_no), "ok"
        )
        self.window_.print_committed(done, cash=True)
        self.sale_committed.emit(result)
        QTimer.singleShot(0, self.cart.focus_products)

    def _on_commit_failed(self, error: BaseException) -> None:
        self._committing = False
        self._on_error(error)
        self._request_preview()

    def _on_error(self, error: BaseException) -> None:
        message = self.window_.lang.error(error)
        self.notice.show_notice(message, "error")
        self.refused.emit(message)
