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


def _press_clock_key(qtbot, window, view) -> None:
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.kind.setFocus()
    qtbot.waitUntil(view.kind.hasFocus)
    qtbot.keyClick(
        view.kind,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_clock_correction_shows_its_key_like_every_reports_button(qtbot, window, seed, lang):
    """Every button of the Reports tab shows its key; the manager's three day keys, the
    clock correction's among them, are in the on-screen key list, each key once."""
    from ewarong_pos.ui.keys import KeyListDialog, key_rows

    window.set_language(lang)
    idle(qtbot, window)
    login(qtbot, window, seed.manager, MANAGER_PIN)
    view = window.views["reports"]
    window.tabs.setCurrentWidget(view)
    idle(qtbot, window)
    buttons = (
        view.show_button,
        view.pdf_button,
        view.csv_button,
        view.close_day_button,
        view.open_day_button,
        view.clock_button,
    )
    for button in buttons:
        assert button.isVisible() and button.text().endswith("]"), button.text()
    assert view.clock_button.text().endswith("  [Ctrl+Shift+K]")
    assert view.clock_button.text().startswith("Koreksi jam" if lang == "id" else "Clock")
    rows = key_rows(window)
    keys = [key for key, _what in rows]
    assert len(keys) == len(set(keys)), "a key listed twice"
    listed = dict(rows)
    for key, button in (
        ("Ctrl+Shift+D", view.close_day_button),
        ("Ctrl+Shift+O", view.open_day_button),
        ("Ctrl+Shift+K", view.clock_button),
    ):
        assert key in listed and f"[{key}]" in button.text()
    clock_row = listed["Ctrl+Shift+K"].lower()
    assert ("koreksi jam" if lang == "id" else "clock") in clock_row
    # the whole list speaks the window's language (in English it was all Indonesian)
    assert listed["Ctrl+L"] == ("Kunci kasir" if lang == "id" else "Lock the till")
    if lang == "en":
        assert not any(what.startswith(("Loket", "Tunai", "Laporan")) for _k, what in rows)
    dialog = KeyListDialog(window)
    shown = {dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())}
    assert {"Ctrl+Shift+D", "Ctrl+Shift+O", "Ctrl+Shift+K"} <= shown
    dialog.deleteLater()
    # the key does what the button does: nothing to correct on this outlet, and it says so
    _press_clock_key(qtbot, window, view)
    qtbot.waitUntil(lambda: view.notice.text() != "", timeout=10_000)
    said = view.notice.text()
    view.notice.clear_notice()
    view.clock_button.click()
    qtbot.waitUntil(lambda: view.notice.text() != "", timeout=10_000)
    assert view.notice.text() == said


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
    assert view.clock_button.text() == "Koreksi jam  [Ctrl+Shift+K]"
    _press_clock_key(qtbot, window, view)  # its key, as the button says
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
