"""The product list and the cart, shared by the counter and the cash sale.

Without the mouse: F8 goes to the product search box, which filters by name, SKU or
barcode as you type (Up/Down walk the matches, Enter takes the quantity field, Enter
there adds); + and - change the chosen cart line by one unit, Enter (or Ctrl+E) on a line
edits its quantity, Delete removes it. Quantities are typed as `1,5` (kg) or `2`
(pieces) and have bounds per unit; no line asks for more than the stock on hand, and a
refusal quotes the quantity as the cashier typed it. The cart keeps milli-units; prices
and totals on screen come from the sales service's preview, which the commit checks again.

In a redemption the goods the family's vouchers allow come first; the others stay in the
list, marked with the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.money import QTY_SCALE, line_total, parse_quantity
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import (
    ElidedLabel,
    Notice,
    ShrinkingLabel,
    big_button,
    fill_table,
    make_table,
    selected_data,
)

log = logging.getLogger(__name__)


class TotalLabel(ShrinkingLabel):
    """The cart's big total: asks for "Total Rp 832.500", makes do with "Rp 832.500", and
    the amount itself is never cut (the quantity field beside it keeps its room too)."""

    def sizeHint(self) -> QSize:
        return QSize(self._width(self.text()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        shortest = (self.text(), *self.shorter)[-1]
        return QSize(self._width(shortest), super().minimumSizeHint().height())


# The most one line may ask for, per unit (a typo of 100 kg is refused before the stock
# check): a 50 kg sack of rice is the largest thing an outlet hands over at once.
MAX_QTY_MILLI = {"kg": 100 * QTY_SCALE, "liter": 50 * QTY_SCALE}
MAX_PIECES_MILLI = 100 * QTY_SCALE
# what the quantity field lets through at all: at most 3 digits, a comma, 3 decimals
QTY_PATTERN = r"^\d{0,3}([.,]\d{0,3})?$"


def max_qty(unit: str) -> int:
    return MAX_QTY_MILLI.get(unit, MAX_PIECES_MILLI)


@dataclass
class CartItem:
    product: Any  # services.catalog.ProductInfo
    qty_milli: int
    typed: str = ""  # the quantity as the cashier last typed it ("1,5"), for messages


@dataclass
class CartState:
    """What a cart holds, to park it or to keep it across a language switch."""

    items: list[CartItem] = field(default_factory=list)


class CartPanel(QGroupBox):
    """Products (price, ceiling, stock) with a search box, a quantity field, the cart."""

    cart_changed = Signal()
    refused = Signal(str)  # a quantity or stock refusal, for the view's notice
    leave_requested = Signal()  # Escape in the product search box with nothing typed

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setTitle(self.tr("Barang"))
        self.products: list[Any] = []
        self.items: list[CartItem] = []
        self.allowed: set[str] | None = None  # categories a redemption may buy
        self.blocked = ""  # why the open family can redeem nothing at all (set_allowed)
        self._editing: CartItem | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        self.product_search = QLineEdit(self)
        self.product_search.setObjectName("ProductSearch")
        self.product_search.setPlaceholderText(self.tr("Cari barang: nama, SKU atau barcode  [F8]"))
        self.product_search.setClearButtonEnabled(True)
        self.product_search.textChanged.connect(self._on_product_search_text_changed)
        self.product_search.returnPressed.connect(self._on_product_search_return_pressed)
        self.product_search.installEventFilter(self)
        layout.addWidget(self.product_search)
        self.voucher_note = Notice(self)  # said once, above the list (set_allowed)
        self.voucher_note.setObjectName("VoucherNote")
        layout.addWidget(self.voucher_note)
        self.product_table = make_table(
            self,
            [self.tr("Produk"), self.tr("Harga"), self.tr("HET / acuan"), self.tr("Stok")],
        )
        self.product_table.setObjectName("ProductTable")
        self.product_table.setMinimumHeight(110)
        self.product_table.setTabKeyNavigation(False)  # Tab leaves the table
        self.product_table.doubleClicked.connect(lambda _i: self.add_selected())
        self.product_table.activated.connect(lambda _i: self._focus_qty())
        focus = QShortcut(QKeySequence("F8"), self)
        focus.setContext(Qt.ShortcutContext.WindowShortcut)  # the hidden tab's panel is off
        focus.activated.connect(self.focus_products)
        self.focus_shortcut = focus
        layout.addWidget(self.product_table, 3)
        row = QHBoxLayout()
        self.qty_label = QLabel(self.tr("Jumlah"), self)
        self.qty = QLineEdit(self)
        self.qty.setObjectName("QtyInput")
        self.qty.setPlaceholderText(self.tr("mis. 2 atau 1,5"))
        self.qty.setToolTip(
            self.tr("Jumlah untuk barang terpilih atau barcode berikutnya; kosong = 1")
        )
        self.qty.setMaximumWidth(150)
        # never squeezed below a quantity as typed by the big total beside it (at the
        # smallest window a 6-digit total left it 50 px, "m…")
        self.qty.setMinimumWidth(self.qty.fontMetrics().horizontalAdvance("99.999,5") + 24)
        self.qty.setMaxLength(7)
        self.qty.setValidator(QRegularExpressionValidator(QRegularExpression(QTY_PATTERN), self))
        self.qty.returnPressed.connect(self._on_qty_return_pressed)
        self.qty.installEventFilter(self)
        self.add_button = big_button(self.tr("Tambah"), self, self.add_selected, "Ctrl+T")
        self.qty_hint = ElidedLabel("", self)
        self.qty_hint.setObjectName("Subtle")
        # "Total Rp 832.500", or only the amount when the row is short; never cut
        self.total_label = TotalLabel("", self)
        self.total_label.setObjectName("BigTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.qty_label)
        row.addWidget(self.qty)
        row.addWidget(self.add_button)
        row.addWidget(self.qty_hint, 1)
        row.addWidget(self.total_label)
        layout.addLayout(row)
        self.cart_table = make_table(
            self,
            [self.tr("Di keranjang"), self.tr("Jumlah"), self.tr("Harga"), self.tr("Subtotal")],
        )
        self.cart_table.setObjectName("CartTable")
        self.cart_table.setMinimumHeight(100)
        self.cart_table.setTabKeyNavigation(False)
        self.cart_table.installEventFilter(self)
        self.cart_table.activated.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.cart_table, 2)
        buttons = QHBoxLayout()
        self.minus_button = big_button("−", self, lambda: self.step_selected(-1), "-")
        self.plus_button = big_button("+", self, lambda: self.step_selected(1), "+")
        for button in (self.minus_button, self.plus_button):
            # + and - are typed text in the search fields: the cart table and the
            # fields' own key handling take them (eventFilter), not a window shortcut
            sc = button.property("shortcut_object")
            if sc is not None:
                sc.setEnabled(False)
            button.setToolTip(self.tr("Ubah jumlah baris terpilih (+ / - di tabel keranjang)"))
        self.edit_button = big_button(self.tr("Ubah"), self, self.edit_selected, "Ctrl+E")
        self.edit_button.setToolTip(self.tr("Ubah jumlah baris keranjang terpilih"))
        self.remove_button = big_button(
            self.tr("Hapus baris"), self, self.remove_selected, "Ctrl+Backspace"
        )
        buttons.addWidget(self.minus_button)
        buttons.addWidget(self.plus_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.cart_table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self._show_cart()

    # keys --------------------------------------------------------------------------------

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.product_search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move_selection(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key == Qt.Key.Key_Escape:
                if self.product_search.text():
                    self.product_search.clear()
                else:
                    self.leave_requested.emit()
                return True
        elif watched is self.cart_table:
            if event.text() == "+":
                self.step_selected(1)
                return True
            if event.text() == "-":
                self.step_selected(-1)
                return True
        elif watched is self.qty and key == Qt.Key.Key_Escape:
            self._editing = None
            self.qty.clear()
            self._update_qty_hint()
            self.focus_products()
            return True
        return super().eventFilter(watched, event)

    # products ----------------------------------------------------------------------------

    def set_products(self, products: list[Any]) -> None:
        self.products = list(products)
        # the cart's items keep their product, with today's price and stock
        by_id = {p.id: p for p in self.products}
        for item in self.items:
            item.product = by_id.get(item.product.id, item.product)
        self._fill_products()
        self._show_cart()

    def set_allowed(self, categories: set[str] | None, blocked: str = "") -> None:
        """The categories the open family's vouchers may buy (None: a cash sale).

        `blocked` says why the family can redeem nothing at all (suspended, removed, no
        voucher left): said once above the list, and the products are not marked one by
        one as "not for vouchers" (they are fine; the family is not)."""
        self.blocked = blocked
        self.voucher_note.show_notice(blocked, "warn")
        shown = None if blocked else categories
        if shown != self.allowed:
            self.allowed = shown
            self._fill_products()

    def _ordered(self) -> list[Any]:
        if self.allowed is None:
            return list(self.products)
        allowed = [p for p in self.products if p.category in self.allowed]
        return allowed + [p for p in self.products if p.category not in self.allowed]

    def _fill_products(self) -> None:
        lang = self.window_.lang
        current = selected_data(self.product_table)
        ordered = self._ordered()
        rows = []
        for p in ordered:
            if p.ceiling:
                cap = lang.rp(p.ceiling)
            elif p.reference_price:
                cap = self.tr("acuan {price}").format(price=lang.rp(p.reference_price))
            else:
                cap = "–"
            name = p.name
            if self.allowed is not None and p.category not in self.allowed:
                name += "  " + self.tr("(bukan untuk voucher)")
            rows.append(
                [
                    name,
                    f"{lang.rp(p.price)} / {lang.unit(p.unit)}",
                    cap,
                    lang.qty(p.on_hand_milli, p.unit),
                ]
            )
        fill_table(self.product_table, rows, align_right=(1, 2, 3), data=ordered)
        if self.allowed is not None:
            grey = QBrush(QColor("#7a857f"))
            for row, p in enumerate(ordered):
                if p.category not in self.allowed:
                    for col in range(4):
                        item = self.product_table.item(row, col)
                        if item is not None:
                            item.setForeground(grey)
                            item.setToolTip(
                                self.tr(
                                    "Voucher keluarga ini tidak boleh membeli {category}"
                                ).format(category=p.category)
                            )
        self._apply_filter()
        if current is not None:
            self.select_product(current.id)
        if self.product_table.currentRow() < 0:
            self._select_first_visible()

    def _on_product_search_text_changed(self, _text: str) -> None:
        self._apply_filter()
        self._select_first_visible()

    def _apply_filter(self) -> None:
        words = self.product_search.text().casefold().split()
        for row in range(self.product_table.rowCount()):
            item = self.product_table.item(row, 0)
            p = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if p is None:
                continue
            hay = f"{p.name} {p.sku} {p.barcode or ''} {p.category}".casefold()
            self.product_table.setRowHidden(row, not all(w in hay for w in words))

    def _visible_rows(self) -> list[int]:
        return [
            r for r in range(self.product_table.rowCount()) if not self.product_table.isRowHidden(r)
        ]

    def _select_first_visible(self) -> None:
        rows = self._visible_rows()
        if rows:
            self.product_table.selectRow(rows[0])

    def _move_selection(self, step: int) -> None:
        rows = self._visible_rows()
        if not rows:
            return
        current = self.product_table.currentRow()
        index = rows.index(current) + step if current in rows else 0
        self.product_table.selectRow(rows[max(0, min(index, len(rows) - 1))])

    def _on_product_search_return_pressed(self) -> None:
        text = self.product_search.text().strip()
        product = self.product_by_code(text) if text else None
        if product is not None:  # a code typed or scanned into the box: add it
            self.product_search.clear()
            self.add_typed(product, self.qty.text())
            return
        if self._visible_rows():
            if self.product_table.currentRow() not in self._visible_rows():
                self._select_first_visible()
            self._focus_qty()

    def focus_products(self) -> None:
        if self.isVisible():
            self.product_search.setFocus()
            self.product_search.selectAll()
            if self.product_table.currentRow() < 0:
                self._select_first_visible()

    def _focus_qty(self) -> None:
        self._editing = None
        self._update_qty_hint()
        self.qty.setFocus()
        self.qty.selectAll()

    def product_by_code(self, code: str) -> Any:
        """The product whose barcode or SKU is exactly `code` (a scan), else None."""
        code = code.strip()
        if not code:
            return None
        for p in self.products:
            if code == (p.barcode or "") or code.lower() == p.sku.lower():
                return p
        return None

    def select_product(self, product_id: int) -> None:
        for row in range(self.product_table.rowCount()):
            item = self.product_table.item(row, 0)
            p = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if p is not None and p.id == product_id:
                self.product_table.selectRow(row)
                return

    # quantities --------------------------------------------------------------------------

    def check_qty(self, product: Any, text: str, already: int = 0) -> int | None:
        """The milli-units `text` means for `product`, or None after saying why not.

        `already` is what the cart holds of it besides this entry (stock is checked on
        the sum). Messages quote `text` as typed, never milli-units.
        """
        lang = self.window_.lang
        typed = text.strip() or "1"
        unit = lang.unit(product.unit)
        try:
            qty = parse_quantity(typed, bool(product.fractional))
        except ValueError:
            if product.fractional:
                message = self.tr("Jumlah '{text}' tidak valid: tulis mis. 1,5 untuk 1,5 {unit}.")
            else:
                message = self.tr("Jumlah '{text}' tidak valid: {unit} hanya utuh (1, 2, 3).")
            self.refused.emit(message.format(text=typed, unit=unit))
            return None
        limit = max_qty(product.unit)
        if qty > limit:
            self.refused.emit(
                self.tr(
                    "Jumlah {text} {unit} terlalu besar untuk {product} (paling banyak {limit})."
                ).format(
                    text=typed, unit=unit, product=product.name, limit=lang.qty(limit, product.unit)
                )
            )
            return None
        if qty + already > product.on_hand_milli:
            self.refused.emit(
                self.tr("Stok {product} hanya {on_hand}; diminta {text} {unit}{more}.").format(
                    product=product.name,
                    on_hand=lang.qty(product.on_hand_milli, product.unit),
                    text=typed,
                    unit=unit,
                    more=(
                        self.tr(" (ditambah {qty} di keranjang)").format(
                            qty=lang.qty(already, product.unit)
                        )
                        if already
                        else ""
                    ),
                )
            )
            return None
        return qty

    def _on_qty_return_pressed(self) -> None:
        if self._editing is not None and self._editing in self.items:
            item = self._editing
            others = sum(
                i.qty_milli for i in self.items if i is not item and i.product.id == item.product.id
            )
            qty = self.check_qty(item.product, self.qty.text(), others)
            if qty is None:
                return
            item.qty_milli = qty
            item.typed = self.qty.text().strip() or "1"
            self._editing = None
            self.qty.clear()
            self._update_qty_hint()
            self._changed()
            self.cart_table.setFocus()
            return
        self.add_selected()

    def _update_qty_hint(self) -> None:
        if self._editing is not None:
            self.qty_hint.setText(
                self.tr("Ubah jumlah {product}: Enter simpan, Esc batal").format(
                    product=self._editing.product.name
                )
            )
        else:
            product = selected_data(self.product_table)
            self.qty_hint.setText(
                self.tr("{product}: Enter tambah").format(product=product.name)
                if product is not None and self.qty.hasFocus()
                else ""
            )

    # cart --------------------------------------------------------------------------------

    def add_selected(self) -> None:
        product = selected_data(self.product_table)
        if product is None:
            return
        if self.add_typed(product, self.qty.text()):
            self.product_search.clear()
            self.focus_products()

    def add_typed(self, product: Any, text: str) -> bool:
        """Add `text` (as typed; empty means 1) of `product`; False after a refusal."""
        already = sum(i.qty_milli for i in self.items if i.product.id == product.id)
        qty = self.check_qty(product, text, already)
        if qty is None:
            return False
        self.add(product, qty, text.strip() or "1")
        return True

    def add(self, product: Any, qty_milli: int, typed: str = "") -> None:
        for row, item in enumerate(self.items):
            if item.product.id == product.id:
                item.qty_milli += qty_milli
                item.typed = typed
                selected = row
                break
        else:
            self.items.append(CartItem(product, qty_milli, typed))
            selected = len(self.items) - 1
        self.qty.clear()
        self._editing = None
        self.qty_hint.setText("")
        self._changed(selected)

    def _selected_item(self) -> CartItem | None:
        row = self.cart_table.currentRow()
        if row < 0 and self.items:
            row = len(self.items) - 1
        return self.items[row] if 0 <= row < len(self.items) else None

    def step_selected(self, step: int) -> None:
        """+1 or -1 unit on the chosen line (the last one added when none is chosen)."""
        item = self._selected_item()
        if item is None:
            return
        row = self.items.index(item)
        if step > 0:
            lang = self.window_.lang
            one = lang.qty(QTY_SCALE, item.product.unit)
            new = item.qty_milli + QTY_SCALE
            if new > max_qty(item.product.unit) or new > item.product.on_hand_milli:
                self.check_qty(item.product, one.split()[0], item.qty_milli)
                return
            item.qty_milli = new
        else:
            item.qty_milli -= QTY_SCALE
            if item.qty_milli <= 0:
                del self.items[row]
                row = min(row, len(self.items) - 1)
        item.typed = ""
        self._changed(row)

    def edit_selected(self) -> None:
        """Put the chosen line's quantity in the quantity field to change it."""
        item = self._selected_item()
        if item is None:
            return
        self._editing = item
        text = self.window_.lang.qty(item.qty_milli, item.product.unit).split()[0]
        self.qty.setText(text)
        self._update_qty_hint()
        self.qty.setFocus()
        self.qty.selectAll()

    def remove_selected(self) -> None:
        item = self._selected_item()
        if item is not None:
            row = self.items.index(item)
            del self.items[row]
            self._changed(min(row, len(self.items) - 1))

    def clear(self) -> None:
        had = bool(self.items)
        self.items = []
        self._editing = None
        self.qty.clear()
        self.product_search.clear()
        self._update_qty_hint()
        self._show_cart()
        if had:
            self.cart_changed.emit()

    def state(self) -> CartState:
        return CartState([CartItem(i.product, i.qty_milli, i.typed) for i in self.items])

    def restore(self, state: CartState) -> None:
        by_id = {p.id: p for p in self.products}
        self.items = [
            CartItem(by_id.get(i.product.id, i.product), i.qty_milli, i.typed) for i in state.items
        ]
        self._changed()

    def _changed(self, select: int = -1) -> None:
        self._show_cart()
        if 0 <= select < len(self.items):
            self.cart_table.selectRow(select)
        self.cart_changed.emit()

    def lines(self) -> list[tuple[int, int]]:
        """(product id, qty_milli) per line, as `ui.ops.counter` takes them."""
        return [(item.product.id, item.qty_milli) for item in self.items]

    def local_total(self) -> int:
        return sum(line_total(i.product.price, i.qty_milli) for i in self.items)

    def _show_cart(self) -> None:
        lang = self.window_.lang
        rows = [
            [
                i.product.name,
                lang.qty(i.qty_milli, i.product.unit),
                lang.rp(i.product.price),
                lang.rp(line_total(i.product.price, i.qty_milli)),
            ]
            for i in self.items
        ]
        fill_table(self.cart_table, rows, align_right=(1, 2, 3))
        self._show_total(self.local_total())

    def _show_total(self, total: int) -> None:
        amount = self.window_.lang.rp(total)
        self.total_label.set_texts(self.tr("Total {total}").format(total=amount), amount)

    def show_preview(self, check: Any) -> None:
        """Totals as the sales service priced them (the same rules the commit applies)."""
        lang = self.window_.lang
        by_id = {line.product_id: line for line in check.lines}
        for row, item in enumerate(self.items):
            line = by_id.get(item.product.id)
            if line is None:
                continue
            price = lang.rp(line.unit_price)
            if getattr(line, "above_reference", False):
                price += " ⚠"
            price_item, total_item = self.cart_table.item(row, 2), self.cart_table.item(row, 3)
            if price_item is not None and total_item is not None:
                price_item.setText(price)
                total_item.setText(lang.rp(line.total))
        self._show_total(check.total)
