"""Enroll from the settings screen and sync from the status bar, against the real central
office service on a loopback port (the sync tests' harness)."""

from __future__ import annotations

from sqlalchemy import func, select

from ewarong_pos.db.models import Account, Family
from ewarong_pos.services.accounts import create_account
from tests.sync.harness import Service, enrollment_code, seed_central
from tests.ui.conftest import idle, login

OUTLET = "EW-3171-0001"  # the conftest outlet


def test_enroll_then_sync_now(qtbot, ctx, clock, tmp_path):
    from ewarong_pos.app import make_parts
    from ewarong_pos.ui.main_window import MainWindow, make_application

    service = Service(f"sqlite:///{tmp_path / 'central.db'}", clock=clock)
    try:
        seed_central(service.central, tmp_path, {OUTLET: ["D1", "D2", "D3"]}, clock())
        create_account(ctx, "pengelola", "Budi Pengelola", "manager", "9876")
        make_application()
        window = MainWindow(make_parts(ctx, "id", demo=False))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.runner.idle and window.login.account.count() > 0)
        login(qtbot, window, "pengelola", "9876")
        state = window.sync_status.status
        assert state is not None and state.state == "not_enrolled"

        settings = window.views["settings"]
        with qtbot.waitSignal(settings.loaded, timeout=10_000):
            window.tabs.setCurrentWidget(settings)
        settings.central_url.setText(service.url)
        settings.enroll_code.setText(enrollment_code(service.central, OUTLET, clock()))
        with qtbot.waitSignal(settings.enrolled, timeout=20_000):
            settings.enroll_button.click()
        idle(qtbot, window)
        qtbot.waitUntil(lambda: window.sync_status.sync_button.isEnabled(), timeout=10_000)
        assert "Belum pernah sinkron" in window.sync_status.label.text()

        with qtbot.waitSignal(window.sync_status.sync_finished, timeout=30_000) as done:
            window.sync_status.sync_button.click()
        assert done.args[0] is True
        qtbot.waitUntil(
            lambda: "Sinkron 0 menit lalu" in window.sync_status.label.text(), timeout=10_000
        )
        with ctx.db.read() as s:
            families = s.scalar(select(func.count()).select_from(Family))
            assert families == 3  # the roster came down with the pull
            assert s.scalar(select(Account.id).where(Account.username == "pengelola"))
        assert window.sync_status.status.waiting == 0
        window.shutdown()
        window.close()
    finally:
        service.stop()
