"""What a first-time cashier met at the counter in the last desk review, each reproduced
offscreen as the cashier meets it and shown fixed (the screenshots are in the commits)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ewarong_pos.core.messages import render, render_screen
from ewarong_pos.core.money import format_rupiah, parse_rupiah
from tests.ui.conftest import focused, scan, type_keys
from tests.ui.test_counter_findings import EGGS, _cash

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
