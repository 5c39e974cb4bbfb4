"""The product list and the cart, shared by the counter and the cash sale.

Quantities are typed as `1,5` (kg by weight) or `2` (pieces); a barcode or SKU typed or
scanned adds that product. The cart keeps milli-units; prices and totals on screen come
from the sales service's preview, which the commit checks again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.money import line_total, parse_quantity
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import big_button, fill_table, make_table, selected_data

log = logging.getLogger(__name__)


@dataclass
class CartItem:
    product: Any  # services.catalog.ProductInfo
    qty_milli: int


class CartPanel(QGroupBox):
    """Products (price, ceiling, stock), a quantity field, and the cart with its total."""

    cart_changed = Signal()

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setTitle(self.tr("Barang"))
        self.products: list[Any] = []
        self.items: list[CartItem] = []
        layout = QVBoxLayout(self)
        self.product_table = make_table(
            self,
            [self.tr("Produk"), self.tr("Harga"), self.tr("HET / acuan"), self.tr("Stok")],
        )
        self.product_table.setMinimumHeight(150)
        self.product_table.doubleClicked.connect(lambda _i: self.add_selected())
        # Keyboard: F8 jumps to the products, Enter on one moves to the quantity field.
        focus = QShortcut(QKeySequence("F8"), self)
        focus.setContext(Qt.ShortcutContext.WindowShortcut)
        focus.activated.connect(self.focus_products)
        layout.addWidget(self.product_table, 3)
        row = QHBoxLayout()
        self.qty_label = QLabel(self.tr("Jumlah"), self)
        self.qty = QLineEdit(self)
        self.qty.setObjectName("QtyInput")
        self.qty.setPlaceholderText(self.tr("mis. 2 atau 1,5 (kg)"))
        self.qty.setToolTip(self.tr("F8: pilih produk dengan panah, Enter, lalu jumlah"))
        self.qty.setMaximumWidth(180)
        self.qty.returnPressed.connect(self.add_selected)
        self.product_table.activated.connect(lambda _i: self.qty.setFocus())
        self.add_button = big_button(self.tr("Tambah"), self, self.add_selected, "Ctrl+T")
        row.addWidget(self.qty_label)
        row.addWidget(self.qty)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.cart_table = make_table(
            self,
            [self.tr("Di keranjang"), self.tr("Jumlah"), self.tr("Harga"), self.tr("Subtotal")],
        )
        self.cart_table.setMinimumHeight(120)
        layout.addWidget(self.cart_table, 2)
        buttons = QHBoxLayout()
        self.remove_button = big_button(
            self.tr("Hapus baris"), self, self.remove_selected, "Ctrl+Backspace"
        )
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.total_label = QLabel("", self)
        self.total_label.setObjectName("BigTotal")
        buttons.addWidget(self.total_label)
        layout.addLayout(buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.cart_table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self._show_cart()

    # products --------------------------------------------------------------------------

    def set_products(self, products: list[Any]) -> None:
        self.products = list(products)
        lang = self.window_.lang
        rows = []
        for p in self.products:
            if p.ceiling:
                cap = lang.rp(p.ceiling)
            elif p.reference_price:
                cap = self.tr("acuan {price}").format(price=lang.rp(p.reference_price))
            else:
                cap = "–"
            rows.append(
                [
                    p.name,
                    f"{lang.rp(p.price)} / {lang.unit(p.unit)}",
                    cap,
                    lang.qty(p.on_hand_milli, p.unit),
                ]
            )
        fill_table(self.product_table, rows, align_right=(1, 2, 3), data=self.products)
        if self.products and self.product_table.currentRow() < 0:
            self.product_table.selectRow(0)

    def focus_products(self) -> None:
        if self.isVisible():
            self.product_table.setFocus()
            if self.product_table.currentRow() < 0 and self.products:
                self.product_table.selectRow(0)

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
        for row, p in enumerate(self.products):
            if p.id == product_id:
                self.product_table.selectRow(row)
                return

    # cart ------------------------------------------------------------------------------

    def parse_qty(self, product: Any) -> int | None:
        text = self.qty.text().strip() or "1"
        try:
            return parse_quantity(text, bool(product.fractional))
        except ValueError:
            if product.fractional:
                message = self.tr("Jumlah '{text}' tidak valid: tulis mis. 1,5 untuk 1,5 kg.")
            else:
                message = self.tr("Jumlah '{text}' tidak valid: {unit} hanya utuh (1, 2, 3).")
            self.window_.show_message(
                message.format(text=text, unit=self.window_.lang.unit(product.unit))
            )
            return None

    def add_selected(self) -> None:
        product = selected_data(self.product_table)
        if product is None:
            return
        qty = self.parse_qty(product)
        if qty is not None:
            self.add(product, qty)

    def add(self, product: Any, qty_milli: int) -> None:
        for item in self.items:
            if item.product.id == product.id:
                item.qty_milli += qty_milli
                break
        else:
            self.items.append(CartItem(product, qty_milli))
        self.qty.clear()
        self._show_cart()
        self.cart_changed.emit()

    def remove_selected(self) -> None:
        row = self.cart_table.currentRow()
        if row < 0 and self.items:
            row = len(self.items) - 1
        if 0 <= row < len(self.items):
            del self.items[row]
            self._show_cart()
            self.cart_changed.emit()

    def clear(self) -> None:
        self.items = []
        self.qty.clear()
        self._show_cart()
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
        self.total_label.setText(self.tr("Total {total}").format(total=lang.rp(self.local_total())))

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
        self.total_label.setText(self.tr("Total {total}").format(total=lang.rp(check.total)))
