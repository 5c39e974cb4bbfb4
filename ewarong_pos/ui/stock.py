"""Stock: what is on hand (low stock marked), receive a delivery, adjust, count (opname).

One table serves the three documents: the cashier picks the kind, types quantities in
the "Jumlah" column (and the unit cost for a delivery), and saves. Lines left empty are
not part of the document. The stock service checks everything again and journals it.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.money import parse_quantity, parse_rupiah
from ewarong_pos.services.stock import StockDocResult, StockLevel
from ewarong_pos.ui.ops import stock as stock_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button, make_table

log = logging.getLogger(__name__)

QTY_COL, COST_COL = 4, 5
LOW_BRUSH = QBrush(QColor("#fde8e6"))


class StockView(QWidget):
    shows = frozenset({Change.STOCK, Change.CATALOG, Change.OUTLET})
    levels_loaded = Signal(int)
    document_saved = Signal(object)  # StockDocResult
    refused = Signal(str)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.levels: list[StockLevel] = []
        self.fractional: dict[int, bool] = {}
        self._doc_uuid = str(uuid.uuid4())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self.tr("Stok barang"), self)
        self.heading.setObjectName("Heading")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.low_label = QLabel("", self)
        top.addWidget(self.low_label)
        layout.addLayout(top)

        form = QGridLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Terima kiriman"), "delivery")
        self.kind.addItem(self.tr("Penyesuaian (rusak, hilang, koreksi)"), "adjustment")
        self.kind.addItem(self.tr("Stok opname (hitung fisik)"), "count")
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.supplier = QLineEdit(self)
        self.supplier.setPlaceholderText(self.tr("mis. Perum Bulog"))
        self.document_no = QLineEdit(self)
        self.document_no.setPlaceholderText(self.tr("nomor surat jalan"))
        self.reason = QComboBox(self)
        self.reason.addItem(self.tr("rusak"), "damaged")
        self.reason.addItem(self.tr("hilang"), "lost")
        self.reason.addItem(self.tr("koreksi"), "correction")
        self.note = QLineEdit(self)
        self.supplier_label = QLabel(self.tr("Pemasok"), self)
        self.document_label = QLabel(self.tr("No. surat jalan"), self)
        self.reason_label = QLabel(self.tr("Alasan"), self)
        # Two compact rows, so the product table keeps most of a 768 px high screen.
        form.addWidget(QLabel(self.tr("Dokumen"), self), 0, 0)
        form.addWidget(self.kind, 0, 1)
        form.addWidget(self.reason_label, 0, 2)
        form.addWidget(self.reason, 0, 3)
        form.addWidget(self.supplier_label, 1, 0)
        form.addWidget(self.supplier, 1, 1)
        form.addWidget(self.document_label, 1, 2)
        form.addWidget(self.document_no, 1, 3)
        form.addWidget(QLabel(self.tr("Catatan"), self), 1, 4)
        form.addWidget(self.note, 1, 5)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 1)
        form.setColumnStretch(5, 2)
        layout.addLayout(form)

        self.table = make_table(
            self,
            [self.tr("Produk"), self.tr("Kategori"), self.tr("Stok"), self.tr("Batas rendah"),
             self.tr("Jumlah"), self.tr("Harga beli / satuan")],
        )  # fmt: skip
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
        )  # only the quantity and cost cells are editable (flags below)
        layout.addWidget(self.table, 1)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.refresh_button = big_button(self.tr("Muat ulang"), self, self.activate, "F5")
        self.save_button = big_button(
            self.tr("Simpan dokumen"), self, self.save, "Ctrl+S", role="primary"
        )
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self._on_kind_current_index_changed()

    # loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        self.window_.runner.run(
            stock_ops.stock_levels(self.window_.parts.ctx),
            on_done=self._on_levels,
            owner=self,
        )

    def _on_levels(self, screen: stock_ops.StockScreen) -> None:
        self.levels = list(screen.levels)
        self.fractional = dict(screen.fractional)
        english = self.window_.lang.code == "en"
        lang = self.window_.lang
        self.table.setRowCount(len(self.levels))
        low = 0
        for row, level in enumerate(self.levels):
            cells = [
                level.name,
                screen.categories.get(level.category, (level.category,) * 2)[int(english)],
                lang.qty(level.on_hand_milli, level.unit),
                lang.qty(level.low_stock_milli, level.unit),
                "",
                "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                if col in (QTY_COL, COST_COL):
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if col in (2, 3, QTY_COL, COST_COL):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if level.low and col < QTY_COL:
                    item.setBackground(LOW_BRUSH)
                self.table.setItem(row, col, item)
            if level.low:
                low += 1
                first = self.table.item(row, 0)
                if first is not None:
                    first.setText("⚠ " + level.name)
                    first.setToolTip(self.tr("Stok rendah"))
        self.low_label.setText(
            self.tr("Stok rendah: {count} produk").format(count=low) if low else ""
        )
        self.levels_loaded.emit(len(self.levels))

    def _on_kind_current_index_changed(self, *_args: object) -> None:
        kind = self.kind.currentData()
        delivery = kind == "delivery"
        for widget in (self.supplier, self.supplier_label, self.document_no, self.document_label):
            widget.setVisible(delivery)
        self.reason.setVisible(kind == "adjustment")
        self.reason_label.setVisible(kind == "adjustment")
        self.table.setColumnHidden(COST_COL, not delivery)
        header = self.table.horizontalHeaderItem(QTY_COL)
        if header is not None:
            header.setText(
                {
                    "delivery": self.tr("Jumlah diterima"),
                    "adjustment": self.tr("Perubahan (+/-)"),
                    "count": self.tr("Jumlah dihitung"),
                }[kind]
            )

    # editing ---------------------------------------------------------------------------

    def set_quantity(self, product_id: int, qty: str, cost: str = "") -> None:
        """Type into a product's row (tests and barcode-driven entry use this)."""
        for row, level in enumerate(self.levels):
            if level.product_id == product_id:
                item = self.table.item(row, QTY_COL)
                if item is not None:
                    item.setText(qty)
                if cost:
                    cost_item = self.table.item(row, COST_COL)
                    if cost_item is not None:
                        cost_item.setText(cost)
                return
        raise KeyError(product_id)

    def _cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _lines(self, kind: str) -> list[tuple[StockLevel, int, int | None]]:
        """(level, qty_milli, unit_cost) for every row with a quantity; ValueError names it."""
        fractional = self.fractional
        lines = []
        for row, level in enumerate(self.levels):
            text = self._cell(row, QTY_COL)
            if not text:
                continue
            negative = kind == "adjustment" and text.startswith("-")
            body = text.lstrip("+-").strip()
            try:
                if kind == "count" and body.replace(",", "").replace(".", "").strip("0") == "":
                    qty = 0
                else:
                    qty = parse_quantity(body, fractional.get(level.product_id, False))
            except ValueError:
                raise ValueError(
                    self.tr("{product}: jumlah '{text}' tidak valid").format(
                        product=level.name, text=text
                    )
                ) from None
            cost = None
            if kind == "delivery":
                cost_text = self._cell(row, COST_COL)
                try:
                    cost = parse_rupiah(cost_text) if cost_text else None
                except ValueError:
                    raise ValueError(
                        self.tr("{product}: harga beli '{text}' tidak valid").format(
                            product=level.name, text=cost_text
                        )
                    ) from None
                if cost is None:
                    raise ValueError(
                        self.tr("{product}: isi harga beli per satuan").format(product=level.name)
                    )
            lines.append((level, -qty if negative else qty, cost))
        return lines

    # saving ----------------------------------------------------------------------------

    def save(self) -> None:
        if self.window_.account is None:
            return
        kind = str(self.kind.currentData())
        try:
            lines = self._lines(kind)
        except ValueError as exc:
            self.notice.show_notice(str(exc), "error")
            self.refused.emit(str(exc))
            return
        if not lines:
            message = self.tr("Isi jumlah untuk minimal satu produk.")
            self.notice.show_notice(message, "error")
            self.refused.emit(message)
            return
        request = stock_ops.StockRequest(
            kind=kind,
            actor_id=self.window_.account.id,
            lines=tuple((level.product_id, qty, cost) for level, qty, cost in lines),
            supplier=self.supplier.text().strip(),
            document_no=self.document_no.text().strip(),
            reason=str(self.reason.currentData()),
            note=self.note.text().strip(),
            doc_uuid=self._doc_uuid,
        )
        self.save_button.setEnabled(False)
        self.window_.runner.run(
            stock_ops.save_stock_document(self.window_.parts.ctx, request),
            on_done=self._on_saved,
            on_error=self._on_refused,
            owner=self,
        )

    def _on_saved(self, result: StockDocResult) -> None:
        self.save_button.setEnabled(True)
        self._doc_uuid = str(uuid.uuid4())
        self.supplier.clear()
        self.document_no.clear()
        self.note.clear()
        kinds = {
            "delivery": self.tr("Kiriman"),
            "adjustment": self.tr("Penyesuaian"),
            "count": self.tr("Stok opname"),
        }
        self.notice.show_notice(
            self.tr("{kind} tersimpan ({lines} baris).").format(
                kind=kinds.get(result.kind, result.kind), lines=len(result.lines)
            ),
            "ok",
        )
        self.document_saved.emit(result)

    def _on_refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        message = self.window_.lang.error(error)
        self.notice.show_notice(message, "error")
        self.refused.emit(message)
