"""What a first-time cashier met at the counter in the last desk review, each reproduced
offscreen as the cashier meets it and shown fixed (the screenshots are in the commits)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ewarong_pos.core.messages import render, render_screen
from ewarong_pos.core.money import format_rupiah, parse_rupiah
from tests.ui.conftest import focused, idle, scan, type_keys
from tests.ui.test_counter_findings import EGGS, _cash, _counter

NBSP = "\u00a0"


# 1. an amount never wraps inside itself -------------------------------------------------


def test_a_cash_sales_shortfall_and_change_never_wrap_inside_an_amount(qtbot, window, seed):
    # seen: "uang tunai Rp 10.000 kurang Rp" at a line's end, "12.000 dari total ..." below
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)  # 1 kg eggs, Rp 22.000
    cash.tendered.setFocus()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        type_keys(qtbot, "10000")
    short = cash.notice.text()
    assert "12.000" in short and f"Rp{NBSP}12.000" in short, short
    assert "Rp " not in short, short
    cash.tendered.clear()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 50.000
    assert cash.tendered.text() == "50.000"  # a quick tender types the bare number
    assert f"Rp{NBSP}28.000" in cash.change.text() and "Rp " not in cash.change.text()
    assert "Rp " not in cash.cart.total_label.text()


def test_printing_and_exports_keep_the_plain_space():
    # receipts (ESC/POS, CP437), PDF and CSV exports take the default: ASCII only
    assert format_rupiah(110_000) == "Rp 110.000"
    assert format_rupiah(-5_000) == "-Rp 5.000"
    assert render("sale.cash_short", "id", tendered=10_000, short=12_000, total=22_000).isascii()
    on_screen = render_screen("sale.cash_short", "id", tendered=1, short=2, total=3)
    assert on_screen.count(f"Rp{NBSP}") == 3 and "Rp " not in on_screen
    assert format_rupiah(110_000, screen=True) == f"Rp{NBSP}110.000"
    assert parse_rupiah(f"Rp{NBSP}110.000") == 110_000  # copied from the screen


# 2. an unknown scan's warning goes with the moment ---------------------------------------


def _switch(qtbot, window, key, view):
    qtbot.keyClick(focused(), key)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is view)
    idle(qtbot, window)


def test_an_unknown_scans_warning_is_gone_after_another_tab(qtbot, window, seed):
    # seen: F1, scan a code nobody knows, F2 and back to F1: the warning still there
    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert counter.notice.isVisible() and "tidak dikenal" in counter.notice.text()
    _switch(qtbot, window, Qt.Key.Key_F2, window.views["cash"])
    _switch(qtbot, window, Qt.Key.Key_F1, counter)
    assert not counter.notice.isVisible() and counter.notice.text() == ""

    # and after the next thing that goes through: here "next family" (Ctrl+N)
    counter.search.setFocus()
    with qtbot.waitSignal(counter.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert counter.notice.isVisible()
    counter.reset()
    assert not counter.notice.isVisible()


def test_a_warning_that_still_holds_stays_across_tabs(qtbot, window, seed):
    # the cash sale's shortfall is about the cart on screen: still true when back
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    cash.tendered.setFocus()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        type_keys(qtbot, "10000")
    assert "12.000" in cash.notice.text()
    _switch(qtbot, window, Qt.Key.Key_F1, window.views["counter"])
    _switch(qtbot, window, Qt.Key.Key_F2, cash)
    assert cash.notice.isVisible() and "12.000" in cash.notice.text()

    # an unknown product code in the cash sale goes once the next scan goes through
    cash.cart.product_search.setFocus()
    with qtbot.waitSignal(cash.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert cash.notice.isVisible() and "bukan barcode" in cash.notice.text()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    assert "bukan barcode" not in cash.notice.text()
