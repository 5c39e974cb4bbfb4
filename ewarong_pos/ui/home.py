"""The outlet's overview: families, open vouchers, stock, and the sync state."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ewarong_pos.services.outlet import Overview
from ewarong_pos.ui.ops import session as session_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell


class HomeView(QWidget):
    shows = frozenset({Change.SALES, Change.STOCK, Change.FAMILIES, Change.CATALOG, Change.OUTLET})

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Ringkasan outlet"), self)
        self.heading.setObjectName("Heading")
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.outlet = QLabel("", self)
        self.families = QLabel("", self)
        self.vouchers = QLabel("", self)
        self.stock = QLabel("", self)
        self.enrolled = QLabel("", self)
        form.addRow(self.tr("Outlet"), self.outlet)
        form.addRow(self.tr("Keluarga (KPM)"), self.families)
        form.addRow(self.tr("Voucher terbuka"), self.vouchers)
        form.addRow(self.tr("Produk ada stok"), self.stock)
        form.addRow(self.tr("Kantor pusat"), self.enrolled)
        layout.addLayout(form)
        layout.addStretch(1)

    def activate(self) -> None:
        self.window_.runner.run(
            session_ops.outlet_overview(self.window_.parts.ctx),
            on_done=self._on_overview,
            owner=self,
        )

    def _on_overview(self, ov: Overview) -> None:
        self.outlet.setText(f"{ov.outlet.name} ({ov.outlet.code}), {ov.outlet.city}")
        self.families.setText(f"{ov.families:,}".replace(",", "."))
        self.vouchers.setText(f"{ov.open_vouchers:,}".replace(",", "."))
        self.stock.setText(str(ov.products_in_stock))
        self.enrolled.setText(self.tr("terdaftar") if ov.enrolled else self.tr("belum terdaftar"))
