"""The manager's clock correction in the app (issue 17, point 5): the PC clock had been 7
hours ahead (a wrong time zone) when a sale was made, and is right now. The counter is
refused ("the PC clock went back"); the manager opens Laporan > Koreksi jam, sees both
times, and approves with their PIN and a reason (a wrong PIN is refused in the dialog and
writes nothing); then the counter sells again, dated by the right clock."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Account, JournalEntry
from ewarong_pos.services import sales
from ewarong_pos.services.clock import CORRECTED_KIND
from ewarong_pos.services.verify import verify_journal
from tests.ui.conftest import MANAGER_PIN, idle, login

SHOTS = os.environ.get("EWARONG_SCREENSHOTS")  # a folder: save the dialog's picture there


def _entries(ctx) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(JournalEntry)))


@pytest.mark.expect_log("ewarong_pos.services.clock", r"^clock correction approved")
def test_the_manager_corrects_the_clock_from_the_reports_screen(qtbot, window, ctx, seed, clock):
    with ctx.db.read() as s:
        kasir = s.scalar(select(Account.id).where(Account.username == seed.cashier))
    line = [sales.CartLine(seed.oil_id, 1_000)]
    clock.advance(hours=7)  # ahead
    sales.sell_cash(ctx, kasir, line, 50_000)
    clock.now -= dt.timedelta(hours=7)  # set right
    with pytest.raises(DomainError) as refused:
        sales.sell_cash(ctx, kasir, line, 50_000)
    assert refused.value.code == "clock.backwards"
    assert "manajer menyetujui koreksi jam" in window.lang.error(refused.value)

    login(qtbot, window, seed.manager, MANAGER_PIN)
    view = window.views["reports"]
    window.tabs.setCurrentWidget(view)
    idle(qtbot, window)
    view.select_kind("daily")
    assert view.clock_button.isVisible()
    view.clock_button.click()
    qtbot.waitUntil(
        lambda: view.clock_dialog is not None and view.clock_dialog.isVisible(), timeout=10_000
    )
    dialog = view.clock_dialog
    from PySide6.QtWidgets import QLabel

    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "12 April 2018 09:00" in shown and "12 April 2018 16:00" in shown  # now, the last
    assert dialog.manager.currentData() == seed.manager
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "id-clock-correction.png"))

    # no reason: the dialog says so and stays
    dialog.pin.setText(MANAGER_PIN)
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "alasan" in dialog.notice.text()
    # a wrong PIN: refused by the service, nothing written, the dialog asks again
    before = _entries(ctx)
    dialog.reason.setText("zona waktu PC salah, sudah dibetulkan")
    dialog.pin.setText("0000")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.notice.text() != "", timeout=10_000)
    idle(qtbot, window)
    assert "PIN" in dialog.notice.text() and dialog.pin.text() == ""
    assert _entries(ctx) == before
    # the right PIN
    dialog.pin.setText(MANAGER_PIN)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "Koreksi jam dicatat" in view.notice.text(), timeout=10_000)
    idle(qtbot, window)
    assert _entries(ctx) == before + 1
    with ctx.db.read() as s:
        kind = s.scalar(select(JournalEntry.kind).order_by(JournalEntry.seq.desc()))
    assert kind == CORRECTED_KIND

    # the counter sells again; verify accepts the one approved step back
    sales.sell_cash(ctx, kasir, line, 50_000)
    assert verify_journal(ctx).ok
    # nothing left to correct: the button says so
    view.clock_button.click()
    qtbot.waitUntil(lambda: "tidak ada yang perlu dikoreksi" in view.notice.text(), timeout=10_000)
