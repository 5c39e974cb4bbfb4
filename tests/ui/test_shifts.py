"""The shift flow on the real main window (issue 15): open a shift with a float at login,
sell, change cashier with a hand-over count, close the shift with a shortage that needs
the manager's PIN, close the day as the manager after the confirmation, and a sale after
it refused in words."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Shift, ShiftClose
from ewarong_pos.services import sales, shifts
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.settings import SHIFT_OVER_SHORT_LIMIT, set_settings
from ewarong_pos.ui.shifts import ShiftDialog
from tests.ui.conftest import (
    CASHIER_PIN,
    MANAGER_PIN,
    close_open_shift,
    confirm_close,
    idle,
    login,
)


def _dialog(qtbot, window, mode: str) -> ShiftDialog:
    guard = window.shift_guard
    qtbot.waitUntil(
        lambda: guard.dialog is not None and guard.dialog.isVisible() and guard.dialog.mode == mode,
        timeout=10_000,
    )
    return guard.dialog


def _submit(qtbot, window, dialog: ShiftDialog) -> None:
    with qtbot.waitSignal(dialog.done_ok, timeout=10_000):
        dialog.buttons.accepted.emit()
    idle(qtbot, window)


def test_open_sell_hand_over_close_short_close_day_then_refused(qtbot, window, ctx, seed, tmp_path):
    close_open_shift(ctx)  # the seed's shift: this test starts with none open
    create_account(ctx, "kasir2", "Dewi Kasir", "cashier", "2468")
    set_settings(ctx, {SHIFT_OVER_SHORT_LIMIT.key: "5000"})
    window.login.load()
    qtbot.waitUntil(lambda: window.login.account.findData("kasir2") >= 0, timeout=10_000)

    # Login with no shift open: count the float (2 x 50.000 + 10 x 2.000 + 10 x 500)
    login(qtbot, window)
    dialog = _dialog(qtbot, window, "open")
    dialog.pieces["N50000"].setValue(2)
    dialog.pieces["N2000"].setValue(10)
    dialog.pieces["C500"].setValue(10)
    assert "Rp\u00a0125.000" in dialog.total.text()
    _submit(qtbot, window, dialog)
    standing = shifts.current_shift(ctx)
    assert standing.shift.cashier == "kasir1" and standing.shift.float_total == 125_000

    kasir1 = window.account.id
    sales.sell_cash(ctx, kasir1, [sales.CartLine(seed.oil_id, 2_000)], 50_000)
    expected = shifts.current_shift(ctx).expected
    assert expected > 125_000

    # Another cashier logs in: the drawer is handed over with one count.
    window.switch_cashier()
    login(qtbot, window, "kasir2", "2468")
    dialog = _dialog(qtbot, window, "handover")
    assert "Kasir" in dialog.difference.text() or "Seharusnya" in dialog.difference.text()
    dialog.set_counts({"N50000": expected // 50_000, "N1000": expected % 50_000 // 1000})
    assert dialog.counts() and "selisih Rp\u00a00" in dialog.difference.text()
    _submit(qtbot, window, dialog)
    standing = shifts.current_shift(ctx)
    assert standing.shift.cashier == "kasir2" and standing.shift.float_total == expected

    # Close the shift 10.000 short: a reason and, above the limit, the manager's PIN.
    window.shift_button.click()
    dialog = _dialog(qtbot, window, "close")
    short = expected - 10_000
    dialog.set_counts({"N50000": short // 50_000, "N1000": short % 50_000 // 1000})
    assert "selisih -Rp\u00a010.000" in dialog.difference.text()
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.notice.kind == "error" and window.runner.idle)
    assert "alasan" in dialog.notice.text()
    dialog.reason.setText("uang kembalian salah")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "PIN pengelola" in dialog.notice.text() and window.runner.idle)
    qtbot.waitUntil(lambda: dialog.manager.findData("pengelola") >= 0, timeout=10_000)
    dialog.choose_manager("pengelola")
    dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(window.shift_guard.said, timeout=20_000) as said:
        _submit(qtbot, window, dialog)
    assert said.args[0] == "Laporan shift dicetak"
    printed = sorted((tmp_path / "prints").glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    text = PdfReader(printed[-1]).pages[0].extract_text()
    assert "Laporan Shift" in text and "-Rp 10.000" in text and "uang kembalian salah" in text
    with ctx.db.read() as s:
        closes = s.scalars(select(ShiftClose).order_by(ShiftClose.id)).all()
        assert [c.over_short for c in closes][-2:] == [0, -10_000]
        assert closes[-1].approved_by_id is not None
        assert s.scalar(select(Shift).order_by(Shift.id.desc())).from_shift_id is not None
    assert shifts.current_shift(ctx) is None

    # The manager closes the day after the confirmation with the day's figures.
    window.switch_cashier()
    login(qtbot, window, "pengelola", MANAGER_PIN)
    view = window.views["reports"]
    window.tabs.setCurrentWidget(view)
    idle(qtbot, window)
    view.select_kind("daily")
    with qtbot.waitSignal(view.day_closed, timeout=10_000):
        view.close_day_button.click()
        confirm_close(qtbot, view)
        text = view.confirm_dialog.text()
    assert "Dewi Kasir" in text and "dihitung" in text
    assert "jurnal" not in view.notice.text() and "/" not in view.notice.text().split(".")[0]
    idle(qtbot, window)

    # A sale after the close, at the cash screen: refused in words at the preview, before
    # the money is taken (the pay key stays off), the cart kept.
    cash = window.views["cash"]
    window.tabs.setCurrentWidget(cash)
    qtbot.waitUntil(lambda: len(cash.cart.products) == 4)
    cash.cart.select_product(seed.oil_id)
    cash.cart.qty.setText("1")
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(cash.cart.qty, Qt.Key.Key_Return)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        cash.tendered.setText("50.000")
    qtbot.waitUntil(lambda: cash.notice.kind == "error" and window.runner.idle, timeout=10_000)
    assert "sudah ditutup" in cash.notice.text() and "pengelola" in cash.notice.text()
    assert not cash.confirm_button.isEnabled() and cash.cart.lines()

    # The same refusal from the engine, with a plain message saying what to do next.
    with pytest.raises(DomainError) as exc:
        sales.sell_cash(ctx, kasir1, [sales.CartLine(seed.oil_id, 1_000)], 50_000)
    assert exc.value.code == "day.closed"
    assert "Minta pengelola membuka hari usaha berikutnya" in window.lang.error(exc.value)

    # A cashier logging in on the closed day is told so; there is no float to count.
    window.switch_cashier()
    with qtbot.waitSignal(window.shift_guard.said, timeout=10_000) as said:
        login(qtbot, window)
    assert "sudah ditutup" in said.args[0] and "pengelola" in said.args[0]
    assert window.shift_guard.dialog is None or not window.shift_guard.dialog.isVisible()
    assert window.shift_guard.closed_box.isVisible()
    window.shift_guard.closed_box.accept()
    window.switch_cashier()
    login(qtbot, window, "pengelola", MANAGER_PIN)
    window.tabs.setCurrentWidget(view)
    idle(qtbot, window)

    # The manager opens the next business day from the reports screen; sales go on there.
    with qtbot.waitSignal(view.next_day_opened, timeout=10_000):
        view.open_day_button.click()
    assert "13 April 2018" in view.notice.text()
    later = sales.sell_cash(ctx, kasir1, [sales.CartLine(seed.oil_id, 1_000)], 50_000)
    assert sales.get_sale(ctx, later.sale_id).business_date.isoformat() == "2018-04-13"
    assert CASHIER_PIN  # the seed's cashier PIN was used to log in above


def test_a_count_typed_into_the_focused_box_replaces_its_zero(qtbot, window, ctx, seed):
    """The float dialog opens with the first count box focused (not by Tab): typing "2"
    must give 2, not 20 (the 0 was left with the cursor before it)."""
    dialog = ShiftDialog(window, "open", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    first = next(iter(dialog.pieces.values()))
    first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # as the dialog gives it
    qtbot.waitUntil(lambda: first.lineEdit().selectedText() == "0", timeout=5_000)
    qtbot.keyClicks(first, "2")
    assert first.value() == 2
    # a box focused by a click is the same: its number is selected, the digit replaces it
    second = list(dialog.pieces.values())[1]
    second.setValue(5)
    second.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: second.lineEdit().selectedText() == "5", timeout=5_000)
    qtbot.keyClicks(second, "3")
    assert second.value() == 3
    dialog.reject()
