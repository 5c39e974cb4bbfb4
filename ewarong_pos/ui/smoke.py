"""The `--smoke-test` rendering: the main window offscreen and a receipt, step by step."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from ewarong_pos.ui.main_window import MainWindow, make_application
from ewarong_pos.ui.ops import smoke as smoke_ops
from ewarong_pos.ui.parts import AppParts

log = logging.getLogger(__name__)


def _wait_idle(window: MainWindow, timeout_ms: int = 30_000) -> None:
    """Run the event loop until the window's background work is done."""
    loop = QEventLoop()
    waited = 0
    while not window.runner.idle and waited < timeout_ms:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        waited += 20
    QCoreApplication.processEvents()
    if not window.runner.idle:
        raise TimeoutError("background work did not finish in time")


def render_smoke(parts: AppParts, out_dir: Path) -> list[str]:
    steps: list[str] = []
    make_application()
    window = MainWindow(parts)
    try:
        window.show()
        _wait_idle(window)
        shot = out_dir / "smoke-login.png"
        if not window.grab().save(str(shot)):
            raise RuntimeError(f"could not save {shot}")
        steps.append(f"login window rendered offscreen: {shot}")
        account = smoke_ops.smoke_account(parts.ctx).fn()  # on this thread: nothing else runs
        if account is not None:
            window.login.logged_in.emit(account)
            _wait_idle(window)
            shot = out_dir / "smoke-main.png"
            if not window.grab().save(str(shot)):
                raise RuntimeError(f"could not save {shot}")
            steps.append(f"main window rendered offscreen as {account.username}: {shot}")
        steps.extend(smoke_ops.smoke_receipt(parts.ctx, out_dir).fn())
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
    return steps
