"""Render the settings screen with the manager's backup section, offscreen, in id and en.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python docs/screenshots/make_backup_screenshot.py

A small demo outlet in a temporary folder (clock at 12 April 2018, 09:00 WIB), one backup
to a folder standing in for the USB stick, then the manager logs in and opens Settings;
saves docs/screenshots/<lang>-settings-backup.png (1366x768).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EWARONG_KEY_DIR", tempfile.mkdtemp(prefix="ewarong-shot-keys-"))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from ewarong_pos.app import build_demo, make_parts
from ewarong_pos.services import accounts, backup
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.settings import DEMO_PINS
from ewarong_pos.ui.main_window import MainWindow, make_application

HERE = Path(__file__).resolve().parent
START = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def wait(window: MainWindow, rounds: int = 3) -> None:
    """Let queued work finish and the results arrive (a few quiet rounds in a row)."""
    loop = QEventLoop()
    quiet = 0
    for _ in range(2000):
        QTimer.singleShot(10, loop.quit)
        loop.exec()
        quiet = quiet + 1 if window.runner.idle else 0
        if quiet >= rounds:
            break
    QCoreApplication.processEvents()


def main() -> int:
    make_application()
    with tempfile.TemporaryDirectory(prefix="ewarong-shots-") as tmp:
        ctx = open_outlet(Path(tmp) / "data", clock=lambda: START)
        build_demo(ctx, 20, 2, 2018)
        manager = next(a for a in accounts.list_accounts(ctx) if a.role == "manager")
        pin = dict(DEMO_PINS.read(ctx))[manager.display_name]
        stick = Path(tmp) / "FLASHDISK"
        stick.mkdir()
        backup.set_backup_settings(ctx, manager.id, folder=str(stick))
        backup.backup_now(ctx, reason="manual", actor_id=manager.id)
        for lang in ("id", "en"):
            window = MainWindow(make_parts(ctx, lang, demo=True))
            window.resize(1366, 768)
            window.show()
            wait(window)
            window.login.account.setCurrentIndex(window.login.account.findData(manager.username))
            window.login.pin.setText(pin)
            window.login.submit()
            wait(window)
            settings = window.views["settings"]
            window.tabs.setCurrentWidget(settings)
            wait(window)
            settings.scroll_area.ensureWidgetVisible(settings.backup)
            wait(window)
            path = HERE / f"{lang}-settings-backup.png"
            if not window.grab().save(str(path)):
                raise SystemExit(f"could not save {path}")
            print(path)
            window.shutdown()
            window.close()
            window.deleteLater()
            QCoreApplication.processEvents()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
