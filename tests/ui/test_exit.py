"""Finding 10: exits are clean every time, and errors nobody caught reach the log and the
cashier. The real app (`ewarong_pos.app.main`) is started and closed 20 times, each time
with a cart open and background jobs running; an exception raised in a slot is logged
with its traceback and shown as a short message."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ewarong_pos.ui.crash import CrashHandler
from tests.ui.child_app import STEP_RUNNER, run_app, seeded_outlet

RUNS = 20

# Drives the real app in its own process: log in, a cash sale's cart, background jobs
# (a sync round, the print queue, a slow I/O job, a preview), then close the window and
# answer "close and discard the cart".
DRIVER = STEP_RUNNER + textwrap.dedent(
    """
    import sys, time
    from ewarong_pos.app import main
    from ewarong_pos.ui.ops.jobs import IoJob

    def scenario(window):
        steps = [
            (lambda w: w.login.account.count() > 0, login),
            (lambda w: w.account is not None, lambda w: w.show_view("cash")),
            (lambda w: w.views["cash"].cart.products, fill_cart),
            (lambda w: w.views["cash"].cart.items, background),
            (lambda w: True, close),
            (lambda w: w.close_question is not None, answer),
        ]
        run_steps(window, steps, 60_000)

    def login(w):
        w.login.account.setCurrentIndex(w.login.account.findData("kasir1"))
        w.login.pin.setText("1234")
        w.login.login_button.click()

    def fill_cart(w):
        cash = w.views["cash"]
        cash.cart.add(cash.cart.products[0], 1000)

    def background(w):
        w.sync_status.sync_in_background()
        w.print_pending()
        w.runner.run(IoJob("test.slow", lambda: time.sleep(0.3)))
        w.views["cash"].tender(50000)

    def close(w):
        w.close()

    def answer(w):
        w.close_question.property("answers")["close"].click()

    sys.exit(main(["--data-dir", sys.argv[1]], on_shown=scenario))
    """
)


@pytest.fixture
def outlet_dir(tmp_path):
    """A set-up outlet with products, stock and kasir1's open shift (real clock)."""
    return seeded_outlet(tmp_path / "outlet")


@pytest.mark.slow  # 20 starts of the real app: 1-3 minutes on two busy cores
def test_start_and_close_twenty_times_with_a_cart_open_and_jobs_running(outlet_dir):
    failures = []
    for run in range(RUNS):
        done = run_app(DRIVER, outlet_dir, timeout=120)
        bad = done.returncode != 0 or "Fatal Python error" in done.stderr
        if bad:
            failures.append(f"run {run}: exit {done.returncode}\n{done.stderr[-1500:]}")
    assert not failures, "\n".join(failures)
    log = (outlet_dir / "logs" / "ewarong-pos.log").read_text(encoding="utf-8")
    assert log.count("ewarong-pos stopped") == RUNS
    assert log.count("closed with an unsaved cart, at the cashier's word") == RUNS
    assert "unhandled error" not in log


# The calls the app makes thousands of times a day, each repeated N times in a child
# process (a binding that drops references could abort this test process too), with the
# reference counts of None, True and False before and after. PySide6 6.12.0 on CPython
# 3.11 (its cp310-abi3 wheel) returned None from every void method and True from every
# Signal.emit() without taking a reference: each call took one off the interpreter's
# count, unseen until a count reached zero and the process aborted ("Fatal Python error:
# bool_dealloc" / "none_dealloc"), at exit or, after enough calls, while the cashier works.
# (On CPython 3.12+ the three are immortal and their counts never move, so only a 3.11
# run, the project's lowest Python and this machine's, can see such a leak.)
REFCOUNT_CALLS = 300
REFCOUNT_DRIVER = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QObject, Qt, Signal
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit
    from ewarong_pos.ui.scanner import ScanDetector

    class Signals(QObject):
        plain = Signal()
        flag = Signal(bool)
        scan = Signal(object)

    app = QApplication([])
    field = QLineEdit()
    field.show()
    field.setFocus()
    detector = ScanDetector(lambda: True)
    detector.install()  # the app's event filter sees every key below
    signals = Signals()
    seen = []
    signals.flag.connect(seen.append)
    signals.scan.connect(seen.append)
    calls = {
        "QWidget.setEnabled": lambda: field.setEnabled(True),
        "QLineEdit.setText": lambda: field.setText("8991001000102"),
        "Signal().emit": lambda: signals.plain.emit(),
        "Signal(bool).emit": lambda: signals.flag.emit(False),
        "Signal(object).emit": lambda: signals.scan.emit(None),
        "QTest.keyClick": lambda: QTest.keyClick(field, Qt.Key.Key_5),
    }
    counts = lambda: [sys.getrefcount(x) for x in (None, True, False)]
    for name, call in calls.items():
        call()  # first call: caches filled on the way are not a leak
        seen.clear()
        before = counts()
        for _ in range(int(sys.argv[1])):
            call()
        seen.clear()
        # one line per call, printed at once: a leaking binding may abort the next loop
        print(json.dumps([name, [b - a for a, b in zip(before, counts())]]), flush=True)
    detector.uninstall()
    """
)


def test_binding_calls_leave_the_counts_of_none_true_and_false_alone():
    done = subprocess.run(
        [sys.executable, "-c", REFCOUNT_DRIVER, str(REFCOUNT_CALLS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    changes = dict(json.loads(line) for line in done.stdout.splitlines() if line.startswith("["))
    # a call that drops a reference shows as -REFCOUNT_CALLS; a few may be taken by caches
    lost = {
        name: dict(zip(("None", "True", "False"), change, strict=True))
        for name, change in changes.items()
        if min(change) < -REFCOUNT_CALLS // 10
    }
    assert not lost, f"references lost in {REFCOUNT_CALLS} calls: {lost}\n{done.stderr[-600:]}"
    assert "Fatal Python error" not in done.stderr, done.stderr[-1500:]
    assert done.returncode == 0, done.stderr[-1500:]
    assert len(changes) == 6, done.stdout  # every call measured


class _Raiser(QObject):
    fired = Signal()

    def boom(self) -> None:
        raise ValueError("a bug in a slot")


@pytest.mark.qt_no_exception_capture
@pytest.mark.expect_log("ewarong_pos.crash", r"^unhandled error")
@pytest.mark.expect_log("qt", r"propagateSizeHints")
def test_an_exception_in_a_slot_is_logged_and_shown(qtbot, caplog):
    from ewarong_pos.ui.main_window import make_application

    make_application()
    handler = CrashHandler()
    handler.install()
    try:
        raiser = _Raiser()
        raiser.fired.connect(raiser.boom)
        with caplog.at_level(logging.ERROR, logger="ewarong_pos.crash"):
            QTimer.singleShot(0, raiser.fired.emit)
            qtbot.waitUntil(lambda: handler.count == 1)
        assert "ValueError: a bug in a slot" in caplog.text
        assert "Traceback" in caplog.text
        assert isinstance(handler.box, QMessageBox) and handler.box.isVisible()
        assert "Terjadi kesalahan" in handler.box.text()
        assert "a bug in a slot" not in handler.box.text()  # details in the log, not in the face
        handler.box.close()
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler.handle_exception


@pytest.mark.qt_log_level_fail("CRITICAL")
@pytest.mark.expect_log("qt", r"a Qt warning for the log")
def test_qt_warnings_go_to_the_log(qtbot, caplog):
    from PySide6.QtCore import qWarning

    handler = CrashHandler()
    handler.install()
    try:
        with caplog.at_level(logging.WARNING, logger="qt"):
            qWarning("a Qt warning for the log")
    finally:
        handler.uninstall()
    assert "a Qt warning for the log" in caplog.text
