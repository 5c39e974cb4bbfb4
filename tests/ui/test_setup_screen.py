"""The set-up screen of a new outlet PC, driven like a person would: English, the office's
QR scanned, a wrong code refused in plain words, the right one sets the outlet up with
progress, a printer test page, a backup folder, then the office's account logs in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ewarong_pos.central import admin
from ewarong_pos.protocol.setupfile import setup_link
from ewarong_pos.services import accounts
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import is_set_up, outlet_info
from ewarong_pos.ui.i18n import Language
from ewarong_pos.ui.setup import SetupScreen
from tests.sync.conftest import GENEROUS
from tests.sync.harness import Service, seed_central

OUTLET = "EW-3173-0002"


@pytest.fixture
def office(tmp_path, clock):
    svc = Service(f"sqlite:///{tmp_path / 'office.db'}", settings=GENEROUS, clock=clock)
    seed_central(svc.central, tmp_path, {OUTLET: ["D1", "D2", "D3"]}, clock())
    with svc.central.session() as s, s.begin():
        admin.register_outlet(s, OUTLET, "e-Warong Mawar Jaya", clock(), kelurahan="Grogol")
        admin.add_account(s, OUTLET, "siti", "Siti Aminah", "cashier", "1357")
        code = admin.new_enrollment_code(s, OUTLET, clock())
    yield svc, code
    svc.stop()


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
def test_set_up_screen_flow(qtbot, tmp_path, clock, office):
    svc, code = office
    ctx = open_outlet(tmp_path / "outlet", clock=clock)
    language = Language("id")
    screen = SetupScreen(ctx, language)
    qtbot.addWidget(screen)
    screen.show()
    try:
        screen.lang_box.setCurrentIndex(1)  # English
        assert language.code == "en"

        # a scanned QR that is not the office's is refused, and fills nothing
        qtbot.keyClicks(screen.scan, "https://example.org/")
        qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
        assert screen.url.text() == ""
        # the office's QR: address and (here, on purpose) a wrong code
        qtbot.keyClicks(screen.scan, setup_link(svc.url, "AAAA-BBBB-CCCC"))
        qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
        assert screen.url.text() == svc.url and screen.code.text() == "AAAA-BBBB-CCCC"
        qtbot.mouseClick(screen.start_online, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Enrollment refused" in screen.message.text(), timeout=20_000)
        assert screen.start_online.isEnabled() and not is_set_up(ctx)

        screen.code.setText(code)
        qtbot.mouseClick(screen.start_online, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1, timeout=30_000)
        assert screen.progress.value() == screen.progress.maximum()
        assert "e-Warong Mawar Jaya" in screen.done_text.text()
        assert outlet_info(ctx).code == OUTLET

        # the printer test writes a real ESC/POS test page (a device file here)
        device = tmp_path / "lp0"
        device.touch()
        screen.printer.setText(f"file://{device}")
        qtbot.mouseClick(screen.test_print, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: "sent to the printer" in screen.printer_result.text(), timeout=10_000
        )
        assert device.stat().st_size > 0

        backup = tmp_path / "usb-backup"
        screen.backup.setText(str(backup))
        with qtbot.waitSignal(screen.accepted, timeout=10_000):
            qtbot.mouseClick(screen.finish, Qt.MouseButton.LeftButton)
        assert backup.is_dir()
    finally:
        screen.close()
    # the login the main window shows next takes the office's account
    assert accounts.authenticate(ctx, "siti", "1357").display_name == "Siti Aminah"
    from ewarong_pos.services.settings import get_setting

    assert get_setting(ctx, "ui.language") == "en"
    assert get_setting(ctx, "backup.folder") == str(backup.resolve())
    ctx.close()
