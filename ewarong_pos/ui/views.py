"""The workspace's tabs, in order, with their shortcut keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from ewarong_pos.ui.shell import Shell


def workspace_views(window: Shell) -> list[tuple[str, str, str, type]]:
    """(key, title, shortcut, class) of every tab; titles translated in context 'Views'."""
    from ewarong_pos.ui.cash import CashSaleView
    from ewarong_pos.ui.counter import CounterView
    from ewarong_pos.ui.home import HomeView
    from ewarong_pos.ui.reports import ReportsView
    from ewarong_pos.ui.sales import SalesView
    from ewarong_pos.ui.settings import SettingsView
    from ewarong_pos.ui.stock import StockView

    return [
        ("counter", QCoreApplication.translate("Views", "Loket"), "F1", CounterView),
        ("cash", QCoreApplication.translate("Views", "Tunai"), "F2", CashSaleView),
        ("sales", QCoreApplication.translate("Views", "Transaksi"), "F4", SalesView),
        ("stock", QCoreApplication.translate("Views", "Stok"), "F6", StockView),
        ("reports", QCoreApplication.translate("Views", "Laporan"), "F7", ReportsView),
        ("home", QCoreApplication.translate("Views", "Ringkasan"), "F9", HomeView),
        ("settings", QCoreApplication.translate("Views", "Pengaturan"), "F10", SettingsView),
    ]
