"""The workspace's tabs, in order, with their shortcut keys.

A tab names its view's class through a small function that imports the view's module
when it is called: the main window builds the counter at start-up and every other view
when its tab is first opened (`MainWindow.views`), so the login screen waits neither for
the stock, reports, sales, home and settings screens nor for the services only they use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ewarong_pos.ui.shell import Shell

# a view's class: built as cls(window, parent)
MakeView = Callable[["Shell", "QWidget | None"], "QWidget"]
ViewClass = Callable[[], MakeView]


def _counter() -> MakeView:
    from ewarong_pos.ui.counter import CounterView

    return CounterView


def _cash() -> MakeView:
    from ewarong_pos.ui.cash import CashSaleView

    return CashSaleView


def _sales() -> MakeView:
    from ewarong_pos.ui.sales import SalesView

    return SalesView


def _stock() -> MakeView:
    from ewarong_pos.ui.stock import StockView

    return StockView


def _reports() -> MakeView:
    from ewarong_pos.ui.reports import ReportsView

    return ReportsView


def _home() -> MakeView:
    from ewarong_pos.ui.home import HomeView

    return HomeView


def _settings() -> MakeView:
    from ewarong_pos.ui.settings import SettingsView

    return SettingsView


def workspace_views(window: Shell) -> list[tuple[str, str, str, ViewClass]]:
    """(key, title, shortcut, view class on demand) of every tab; titles translated in
    context 'Views'. The first is the tab shown after login."""
    return [
        ("counter", QCoreApplication.translate("Views", "Loket"), "F1", _counter),
        ("cash", QCoreApplication.translate("Views", "Tunai"), "F2", _cash),
        ("sales", QCoreApplication.translate("Views", "Transaksi"), "F4", _sales),
        ("stock", QCoreApplication.translate("Views", "Stok"), "F6", _stock),
        ("reports", QCoreApplication.translate("Views", "Laporan"), "F7", _reports),
        ("home", QCoreApplication.translate("Views", "Ringkasan"), "F9", _home),
        ("settings", QCoreApplication.translate("Views", "Pengaturan"), "F10", _settings),
    ]
