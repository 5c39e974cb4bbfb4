"""Benchmark probe: the real main window in its own process, timed (`ewarong bench`).

`python -m ewarong_pos.ui.bench_probe MODE --t0 EPOCH ...` prints one JSON line of figures:

- `empty`: Python imports Qt and shows an empty window (the baseline);
- `startup`: open the outlet in --data-dir, show the main window, log in with --username
  and --pin through the login view, and wait until the counter is shown, its search field
  has the focus and the background work (the product list) is done;
- `stall`: `startup`, then a scripted redemption flow N times (type a family's name in the
  search field and press Enter, open that family, add 3 products, wait for the preview,
  confirm, wait for the commit) while a 5 ms heartbeat timer records the longest gap
  between its ticks on the GUI thread, and the GUI thread's CPU time per flow.

Times are seconds since --t0 (the parent's `time.time()` just before it started this
process), so they include the interpreter's start and every import. `rss_mb` is the
process's peak resident set size (VmHWM); `ready_cpu_s` its CPU seconds (all threads)
until the counter was ready. The benchmark package may not import Qt, hence this module;
it reads only what the window shows and calls what a user's keys call.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    VmHWM, not ru_maxrss: on Linux a child started by vfork/exec inherits the parent's
    peak in ru_maxrss (the benchmark's own hundreds of MB), while VmHWM belongs to this
    process's own memory map.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _since(t0: float) -> float:
    return time.time() - t0


def _wait(app: Any, predicate: Callable[[], bool], timeout: float = 60.0, step_ms: int = 2) -> None:
    """Run the event loop until `predicate()` holds (signals from workers are delivered)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        loop = QEventLoop()
        QTimer.singleShot(step_ms, loop.quit)
        loop.exec()


def run_empty(t0: float) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bench-empty"])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    _wait(app, lambda: window.isVisible() and window.windowHandle() is not None)
    app.processEvents()
    shown = _since(t0)
    return {"ready_s": shown, "rss_mb": _peak_rss_mb()}


class _Till:
    """The main window on an outlet folder, logged in at the counter."""

    def __init__(self, t0: float, data_dir: Path, username: str, pin: str) -> None:
        from PySide6.QtCore import Qt

        from ewarong_pos.services.context import open_outlet
        from ewarong_pos.ui.main_window import MainWindow, make_application
        from ewarong_pos.ui.parts import AppParts

        self.app = make_application(["ewarong-pos"])
        self.ctx = open_outlet(data_dir)
        # As app.make_parts does (this module may not import ewarong_pos.app): the printing
        # and sync services are imported on first use by a worker, not before the window.
        # No sync client is wired: the benchmark outlet is not enrolled.
        parts = AppParts(ctx=self.ctx, lang="id", demo=False, make_printer=self._printer)
        self.window = MainWindow(parts)
        self.window.show()
        login = self.window.login
        _wait(self.app, lambda: login.account.count() > 0)
        self.login_shown_s = _since(t0)
        index = login.account.findData(username)
        if index < 0:
            raise LookupError(f"no account {username!r} on the login screen")
        login.account.setCurrentIndex(index)
        login.pin.setText(pin)
        login.submit()
        self.counter: Any = self.window.views["counter"]
        counter: Any = self.counter
        window = self.window

        def at_counter() -> bool:
            return bool(
                window.account is not None
                and window.tabs.currentIndex() == window.tabs.indexOf(counter)
                and counter.isVisible()
                and counter.search.hasFocus()
                and window.runner.idle
                and counter.cart.products
            )

        _wait(self.app, at_counter)
        self.ready_s = _since(t0)
        # CPU seconds of the whole process (every thread) until then: steadier than the
        # wall clock on a loaded machine, and what the start-up costs the PC
        self.ready_cpu_s = time.process_time()
        self.qt = Qt

    def _printer(self) -> Any:
        # the printer chosen in settings, as app.make_parts wires it (none in a benchmark:
        # the receipt waits in the print queue, which is part of the flow)
        from ewarong_pos.services import printing

        return printing.printer_from_settings(printing.printer_settings(self.ctx))

    def close(self) -> None:
        self.window.shutdown()
        self.window.close()
        self.app.processEvents()
        self.ctx.close()


def run_startup(t0: float, data_dir: Path, username: str, pin: str) -> dict[str, Any]:
    till = _Till(t0, data_dir, username, pin)
    figures = {
        "login_shown_s": till.login_shown_s,
        "ready_s": till.ready_s,
        "ready_cpu_s": till.ready_cpu_s,
        "rss_mb": _peak_rss_mb(),
    }
    till.close()
    return figures


def _above(events: dict[str, int], key: str, n: int, runner: Any = None) -> Callable[[], bool]:
    """True once events[key] passed n (and the window's background work is done)."""
    return lambda: events[key] > n and (runner is None or runner.idle)


def _opened(counter: Any, family_id: int) -> Callable[[], bool]:
    return lambda: counter.family is not None and counter.family.info.id == family_id


def run_stall(
    t0: float,
    data_dir: Path,
    username: str,
    pin: str,
    targets: list[dict[str, Any]],
    cart: list[tuple[str, int]],
) -> dict[str, Any]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    till = _Till(t0, data_dir, username, pin)
    app, counter = till.app, till.counter
    products = {p.sku: p for p in counter.cart.products}
    missing = [sku for sku, _q in cart if sku not in products]
    if missing:
        raise LookupError(f"products missing at the counter: {missing}")
    gaps: list[float] = []
    last = [time.perf_counter()]
    phase = ["start"]
    worst: list[tuple[float, str]] = []  # the longest gaps and the step they fell in
    per_flow: list[float] = [0.0]  # the longest gap of each flow

    def beat() -> None:
        now = time.perf_counter()
        gap = now - last[0]
        gaps.append(gap)
        last[0] = now
        per_flow[-1] = max(per_flow[-1], gap)
        if len(worst) < 5 or gap > worst[-1][0]:
            worst.append((gap, phase[0]))
            worst.sort(reverse=True)
            del worst[5:]

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    events = {"search": 0, "committed": 0}
    counter.search_done.connect(lambda _n: events.__setitem__("search", events["search"] + 1))
    counter.sale_committed.connect(
        lambda _r: events.__setitem__("committed", events["committed"] + 1)
    )
    flows: list[float] = []
    fallbacks = 0
    last[0] = time.perf_counter()
    heartbeat.start()
    gui_cpu = time.thread_time()  # this (the GUI) thread's CPU during the flows
    for target in targets:
        started = time.perf_counter()
        phase[0] = "search"
        searches = events["search"]
        counter.search.setFocus()
        for char in target["name"]:  # a key at a time, the event loop running between keys
            QTest.keyClicks(counter.search, char)
            app.processEvents()
        QTest.keyClick(counter.search, Qt.Key.Key_Return)
        _wait(app, _above(events, "search", searches))
        if len(counter.hits) != 1 or counter.hits[0].id != target["id"]:
            rows = [
                counter.results.item(i)
                for i in range(counter.results.count())
                if counter.results.item(i).data(Qt.ItemDataRole.UserRole) == target["id"]
            ]
            if rows:
                counter.results.setCurrentItem(rows[0])
                counter._on_results_item_activated(rows[0])
            else:  # a common name with more than a page of namesakes: open by id
                fallbacks += 1
                counter.open_family(target["id"])
        phase[0] = "open family"
        _wait(app, _opened(counter, target["id"]))
        phase[0] = "add products, preview"
        for sku, qty in cart:
            counter.cart.add(products[sku], qty)
        _wait(
            app,
            lambda: (
                counter.preview is not None
                and len(counter.preview.lines) == len(cart)
                and counter.confirm_button.isEnabled()
            ),
        )
        phase[0] = "confirm, commit"
        committed = events["committed"]
        counter.confirm()
        _wait(app, _above(events, "committed", committed, till.window.runner))
        flows.append(time.perf_counter() - started)
        per_flow.append(0.0)
    heartbeat.stop()
    gui_cpu = time.thread_time() - gui_cpu
    figures = {
        "ready_s": till.ready_s,
        "gui_cpu_ms_per_flow": gui_cpu * 1000 / max(len(flows), 1),
        "flows": len(flows),
        "flow_s": sorted(flows),
        "fallbacks": fallbacks,
        "max_gap_ms": max(gaps) * 1000 if gaps else None,
        "beats": len(gaps),
        "worst": [[round(g * 1000, 1), p] for g, p in worst],
        "flow_max_gap_ms": [round(g * 1000, 1) for g in per_flow[: len(flows)]],
        "rss_mb": _peak_rss_mb(),
    }
    till.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ewarong_pos.ui.bench_probe")
    parser.add_argument("mode", choices=["empty", "startup", "stall"])
    parser.add_argument("--t0", type=float, default=None, help="the parent's time.time()")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--username", default="")
    parser.add_argument("--pin", default="")
    parser.add_argument("--targets", type=Path, help="JSON [{id, name}] of families (stall)")
    parser.add_argument("--cart", default="BRS-MED-KG:2000,TLR-AYM-KG:500,BRS-PRM-KG:1000")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = args.t0 if args.t0 is not None else time.time()
    if args.mode == "empty":
        figures = run_empty(t0)
    elif args.mode == "startup":
        figures = run_startup(t0, args.data_dir, args.username, args.pin)
    else:
        targets = json.loads(args.targets.read_text(encoding="utf-8"))
        cart = [(sku, int(q)) for sku, q in (x.split(":") for x in args.cart.split(","))]
        figures = run_stall(t0, args.data_dir, args.username, args.pin, targets, cart)
    sys.stdout.write(json.dumps(figures) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
