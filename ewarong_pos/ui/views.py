"""The workspace's tabs, in order, with their shortcut keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def workspace_views(window: Any) -> list[tuple[str, str, str, type]]:
    """(key, title, shortcut, class) of every tab; titles translated in context 'Views'."""
    from ewarong_pos.ui.cash import CashSaleView
    from ewarong_pos.ui.counter import CounterView
    from ewarong_pos.ui.home import HomeView
    from ewarong_pos.ui.sales import SalesView
    from ewarong_pos.ui.settings import SettingsView
    from ewarong_pos.ui.stock import StockView

    tr = QCoreApplication.translate
    return [
        ("counter", tr("Views", "Loket"), "F1", CounterView),
        ("cash", tr("Views", "Tunai"), "F2", CashSaleView),
        ("sales", tr("Views", "Transaksi"), "F4", SalesView),
        ("stock", tr("Views", "Stok"), "F6", StockView),
        ("home", tr("Views", "Ringkasan"), "F9", HomeView),
        ("settings", tr("Views", "Pengaturan"), "F10", SettingsView),
    ]
