"""The real app in a child process, driven step by step: for the tests that start and close
`ewarong_pos.app.main` itself (an abort at exit must not take the test process with it)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# What every child driver starts with: `run_steps(window, steps, limit_ms)` does each
# (ready, action) pair in order as soon as `ready(window)` holds, looking every 20 ms (each
# step waits for what it needs, not a fixed delay: a busy machine is slow); a step that never
# gets ready ends the run with exit 4 after `limit_ms` (no test hangs).
STEP_RUNNER = textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def run_steps(window, steps, limit_ms):
        def tick():
            if not steps:
                return
            ready, action = steps[0]
            if ready(window):
                steps.pop(0)
                action(window)
            QTimer.singleShot(20, tick)
        QTimer.singleShot(0, tick)
        QTimer.singleShot(limit_ms, lambda: QApplication.instance().exit(4))
    """
)


def seeded_outlet(root: Path) -> Path:
    """A set-up outlet at `root` with products, stock and kasir1's open shift (real clock)."""
    from ewarong_pos.services.context import open_outlet
    from ewarong_pos.services.outlet import setup_outlet
    from tests.ui.conftest import seed_outlet

    ctx = open_outlet(root)
    try:
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati", city="Jakarta Pusat")
        seed_outlet(ctx)
    finally:
        ctx.close()
    return root


def run_app(driver: str, root: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run `driver` (STEP_RUNNER + a scenario) in a fresh offscreen interpreter on the
    outlet at `root` (its sys.argv[1])."""
    return subprocess.run(
        [sys.executable, "-c", driver, str(root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
