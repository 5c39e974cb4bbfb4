"""The workspace's tabs: the counter is built with the window, every other view when its
tab is first opened (start-up waits for no screen the login does not need)."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ewarong_pos.ui.counter import CounterView
from tests.ui.conftest import idle, login

# what the login screen and the counter do not need: loaded when their tab opens, or the
# first receipt is rendered (printing.receipt itself loads with the customer display,
# which shows a family's short name)
LATER = (
    "ewarong_pos.ui.cash",
    "ewarong_pos.ui.sales",
    "ewarong_pos.ui.stock",
    "ewarong_pos.ui.reports",
    "ewarong_pos.ui.home",
    "ewarong_pos.ui.settings",
    "ewarong_pos.services.stock",
    "ewarong_pos.services.day",
    "ewarong_pos.services.reports",
    "ewarong_pos.services.roster",
    "ewarong_pos.printing.layout",
    "ewarong_pos.printing.escpos",
    "ewarong_pos.printing.pdf_receipt",
    "ewarong_pos.printing.shift_report",
    "ewarong_pos.printing.report_models",
)


def test_only_the_counter_is_built_with_the_window(qtbot, window):
    assert list(window.views) == ["counter"]
    assert isinstance(window.tabs.widget(0), CounterView)
    assert window.tabs.widget(0) is window.views["counter"]
    assert window.tabs.count() == 7
    assert window.tabs.tabText(3).startswith("Stok")


def test_a_tab_builds_its_view_when_first_opened(qtbot, window):
    login(qtbot, window)
    index = window.tabs.indexOf(window.views["counter"]) + 3  # Stok
    assert "stock" not in window.views
    window.tabs.setCurrentIndex(index)
    view = window.views.get("stock")
    assert view is not None and type(view).__name__ == "StockView"
    assert window.tabs.widget(index) is view and window.tabs.currentWidget() is view
    assert window.tabs.tabText(index).startswith("Stok")
    # the view opened as any shown tab does: it loaded what it shows
    qtbot.waitUntil(lambda: view.table.rowCount() > 0, timeout=10_000)
    # the tab keys reach the built view (F6) and the counter (F1)
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert window.tabs.currentWidget() is window.views["counter"]
    QTest.keyClick(window, Qt.Key.Key_F6)
    assert window.tabs.currentWidget() is view
    idle(qtbot, window)


def test_asking_for_a_view_builds_it_in_its_tab(qtbot, window):
    login(qtbot, window)
    settings = window.views["settings"]
    assert window.tabs.indexOf(settings) == 6
    assert window.tabs.currentIndex() == 0  # building it did not switch tabs
    window.show_view("settings")
    assert window.tabs.currentWidget() is settings
    idle(qtbot, window)


def test_the_window_starts_without_the_other_screens_modules(ctx, seed):
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from ewarong_pos.app import make_parts\n"
        "from ewarong_pos.services.context import open_existing_outlet\n"
        "from ewarong_pos.ui.main_window import MainWindow, make_application\n"
        "make_application()\n"
        "window = MainWindow(make_parts(open_existing_outlet(sys.argv[1]), 'id', demo=False))\n"
        f"loaded = [m for m in {LATER!r} if m in sys.modules]\n"
        "print(loaded, list(window.views), flush=True)\n"
        "os._exit(0 if loaded == [] and list(window.views) == ['counter'] else 3)\n"
    )
    root = str(ctx.data_dir.root)
    done = subprocess.run([sys.executable, "-c", code, root], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
