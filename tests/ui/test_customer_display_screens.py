"""The customer display with two screens: full screen on the one the cashier is not on.

Qt's offscreen platform takes its screens from a JSON file given when the application
starts, so this runs the real main window in a child process with two screens (1366x768
for the cashier, 1024x768 facing the family) and reads back where the display went."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, time
from pathlib import Path

from ewarong_pos.app import make_parts
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.settings import CUSTOMER_DISPLAY, CUSTOMER_DISPLAY_SCREEN
from ewarong_pos.ui.main_window import MainWindow, make_application

ctx = open_outlet(Path(sys.argv[1]))
setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
with ctx.db.write() as s:
    CUSTOMER_DISPLAY.put(s, True)
    CUSTOMER_DISPLAY_SCREEN.put(s, sys.argv[2])
app = make_application()
cashier, family = app.screens()
win = MainWindow(make_parts(ctx, "id", demo=False))
win.setScreen(cashier)
win.move(cashier.geometry().topLeft())
win.show()


def until(test):
    deadline = time.monotonic() + 10
    while not test():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.01)


def where():
    d = win.customer_display
    return {
        "screen": d.screen().name(),
        "full": d.isFullScreen(),
        "size": [d.width(), d.height()],
        "active": app.activeWindow() is win,
    }


until(lambda: win.customer_display is not None and win.customer_display.isVisible())
until(lambda: win.customer_display.isFullScreen() or sys.argv[2] == "window")
until(lambda: app.activeWindow() is win)
out = {"start": where()}
# the cashier's window taken to the other screen: the display finds its place again
win.windowHandle().setScreen(family)
settle = time.monotonic() + 0.5
while time.monotonic() < settle:
    app.processEvents()
    time.sleep(0.01)
out["moved"] = where()
win.shutdown()
win.close()
ctx.close()
print("RESULT " + json.dumps(out))
"""


def _run(tmp_path: Path, choice: str) -> dict:
    config = tmp_path / "screens.json"
    screen = {"y": 0, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "CASHIER", "x": 0, "width": 1366, **screen},
                    {"name": "FAMILY", "x": 1366, "width": 1024, **screen},
                ]
            }
        )
    )
    data = tmp_path / f"outlet-{choice or 'auto'}"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), choice],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout + done.stderr
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def test_automatic_fills_the_screen_the_cashier_is_not_on(tmp_path):
    out = _run(tmp_path, "")
    assert out["start"] == {"screen": "FAMILY", "full": True, "size": [1024, 768], "active": True}
    # the cashier's window moved to the family's screen: the display takes the other one
    assert out["moved"]["screen"] == "CASHIER" and out["moved"]["full"]
    assert out["moved"]["size"] == [1366, 768]


def test_a_named_screen_and_a_normal_window(tmp_path):
    named = _run(tmp_path, "FAMILY")
    assert named["start"] == {"screen": "FAMILY", "full": True, "size": [1024, 768], "active": True}
    # the cashier's window on the chosen screen: the display gives way as a normal window
    assert named["moved"]["full"] is False and named["moved"]["active"] is True
    window = _run(tmp_path, "window")
    assert window["start"]["full"] is False and window["start"]["active"] is True
