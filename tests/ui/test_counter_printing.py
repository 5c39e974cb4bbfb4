"""Issue 13, printing-state honesty and the cash drawer: a receipt with no printer is
"queued: no printer set up", queued receipts print once a printer is set up, and a cash
sale pulses the drawer through an ESC/POS printer when Settings say there is one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from ewarong_pos.db.models import PrintJob
from ewarong_pos.services import printing
from ewarong_pos.ui.ops import drawer as drawer_ops
from tests.ui.conftest import focused, idle, login, scan


class RecordingPrinter:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.sent.append(data)


def test_the_drawer_opens_only_when_settings_say_there_is_one(ctx, seed):
    from escpos.constants import CD_KICK_2

    printer = RecordingPrinter()
    printing.save_printer_settings(
        ctx, printing.PrinterSettings(kind="escpos", uri="file:///dev/null")
    )
    assert drawer_ops.kick_drawer(ctx, lambda: printer).fn() is False  # no drawer set
    drawer_ops.save_drawer(ctx, True).fn()
    assert drawer_ops.kick_drawer(ctx, lambda: printer).fn() is True
    assert printer.sent == [CD_KICK_2]
    # a PDF "printer" has no drawer port: nothing is sent
    printing.save_printer_settings(ctx, printing.PrinterSettings(kind="pdf", uri="/tmp/x"))
    assert drawer_ops.kick_drawer(ctx, lambda: printer).fn() is False
    assert printer.sent == [CD_KICK_2]


def test_no_printer_says_queued_and_the_queue_prints_once_one_is_set_up(
    qtbot, window, ctx, seed, tmp_path
):
    printing.save_printer_settings(ctx, printing.PrinterSettings(kind="none"))
    login(qtbot, window)
    cash = window.views["cash"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_view("cash")
    idle(qtbot, window)
    qtbot.waitUntil(cash.cart.product_search.hasFocus)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, "8991001000035")
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_F5)
    with qtbot.waitSignal(window.receipt_printed, timeout=10_000) as printed:
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    report = printed.args[0]
    assert not report.printed and report.error_code == "printer.not_configured"
    qtbot.waitUntil(lambda: "antre" in window.statusBar().currentMessage())
    assert "printer belum diatur" in window.statusBar().currentMessage()
    assert "dicetak" not in window.statusBar().currentMessage()
    # the cashier sets a printer up in Settings: the waiting receipt prints at once
    settings = window.views["settings"]
    window.show_view("settings")
    idle(qtbot, window)
    settings._select(settings.printer_kind, "pdf")
    settings.printer_uri.setText(str(tmp_path / "later"))
    with qtbot.waitSignal(window.receipt_printed, timeout=10_000) as printed:
        settings.save_printer_button.click()
    assert printed.args[0].printed
    with ctx.db.read() as s:
        assert [j.status for j in s.scalars(select(PrintJob))] == ["printed"]
    assert list((tmp_path / "later").glob("*.pdf"))
    # every Settings button shows its key
    for button in (settings.save_printer_button, settings.test_button, settings.import_button):
        assert "[" in button.text()
