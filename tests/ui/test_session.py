"""Lock screen, switching cashier, and the auto-lock after idle minutes (fake clock)."""

from __future__ import annotations

from sqlalchemy import select

from ewarong_pos.db.models import AuditLog
from ewarong_pos.services.accounts import create_account
from tests.ui.conftest import CASHIER_PIN, idle, login


def test_lock_and_unlock_with_the_same_pin(qtbot, window):
    login(qtbot, window)
    window.lock_button.click()
    assert window.stack.currentWidget() is window.login
    assert window.login.locked
    assert "Sari Kasir" in window.login.title.text()
    assert not window.login.account.isEnabled()  # the same cashier comes back
    window.login.pin.setText(CASHIER_PIN)
    with qtbot.waitSignal(window.login.logged_in, timeout=10_000):
        window.login.submit()
    assert window.stack.currentWidget() is window.workspace
    assert window.account.username == "kasir1"


def test_switch_cashier_from_the_lock_screen(qtbot, window, ctx):
    create_account(ctx, "kasir2", "Rina Kasir", "cashier", "5555")
    window.login.load()
    idle(qtbot, window)
    login(qtbot, window)
    window.lock()
    window.login.switch_button.click()
    assert window.login.account.isEnabled()
    login(qtbot, window, "kasir2", "5555")
    assert window.account.username == "kasir2"
    assert "Rina Kasir" in window.cashier_label.text()
    with ctx.db.read() as s:
        logins = s.scalars(select(AuditLog.account_id).where(AuditLog.action == "auth.login")).all()
    assert window.account.id in logins and len(set(logins)) == 2


def test_the_till_locks_itself_after_the_idle_minutes(qtbot, window, clock):
    login(qtbot, window)
    window.apply_autolock(5)
    clock.advance(minutes=4)
    window._on_idle_timer_timeout()  # what the one-second timer does: at 4 minutes, nothing
    assert window.stack.currentWidget() is window.workspace
    clock.advance(minutes=2)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)
    assert window.login.locked
