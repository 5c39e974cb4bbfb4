"""The status bar's sync state: not enrolled, waiting entries, offline, disputes, sync now."""

from __future__ import annotations

import json

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import SyncDispute
from ewarong_pos.db.models import SyncState as SyncRow
from ewarong_pos.services import sales, sync
from tests.ui.conftest import idle, login


def _refresh(qtbot, window):
    with qtbot.waitSignal(window.sync_status.status_changed, timeout=10_000) as changed:
        window.refresh_status()
    return changed.args[0]


def test_not_enrolled_with_entries_waiting(qtbot, window, ctx, seed):
    login(qtbot, window)
    sales.redeem(ctx, window.account.id, seed.siti_id, [sales.CartLine(seed.rice_id, 5_000)])
    state = _refresh(qtbot, window)
    assert state.state == "not_enrolled" and state.waiting >= 3
    text = window.sync_status.label.text()
    assert "Belum terdaftar" in text and f"{state.waiting} menunggu" in text
    assert not window.sync_status.sync_button.isEnabled()


def test_offline_is_a_calm_state_and_disputes_can_be_listed(qtbot, window, ctx, seed):
    ctx.data_dir.write_secret(
        sync.IDENTITY_FILE,
        json.dumps(
            {"device_id": ctx.device_id, "outlet_code": "EW-3171-0001",
             "central_url": "http://127.0.0.1:9", "token": "t"}
        ).encode(),
    )  # fmt: skip
    with ctx.db.write() as s:
        s.get(SyncRow, ctx.device_id).last_error = "offline: connection refused"
        s.add(SyncDispute(device_id=ctx.device_id, seq=2, reason="price_above_ceiling",
                          detail="{}", received_at="2018-04-12T02:30:00.000000Z"))  # fmt: skip

    def offline():
        raise DomainError("sync.offline", detail="connection refused")

    window.parts.sync_now = offline
    login(qtbot, window)
    state = _refresh(qtbot, window)
    assert state.state == "offline" and state.disputed == 1
    assert "Luring" in window.sync_status.label.text()
    assert "1 disengketakan" in window.sync_status.label.text()
    assert window.sync_status.sync_button.isEnabled()

    with qtbot.waitSignal(window.sync_status.sync_finished, timeout=10_000) as finished:
        window.sync_status.sync_button.click()
    assert finished.args[0] is False
    assert "Sinkronisasi gagal" in window.statusBar().currentMessage()
    idle(qtbot, window)

    window.sync_status.disputes_button.click()
    qtbot.waitUntil(lambda: window.sync_status.dialog is not None)
    table = window.sync_status.dialog.table
    assert table.rowCount() == 1 and table.item(0, 1).text() == "price_above_ceiling"
    window.sync_status.dialog.reject()
