"""Desktop-app benchmarks: start-up to the counter, peak memory, GUI-thread stalls.

The app runs in a child process (`python -m ewarong_pos.ui.bench_probe`, offscreen) on the
benchmark's full outlet, so its figures are a fresh process's: start-up includes the
interpreter and every import, memory is that process's peak RSS. The baseline is the same
kind of process that only imports Qt and shows an empty window. This package imports no Qt.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ewarong_pos.bench.measure import Row
from ewarong_pos.bench.outlet import Dataset, raw_connection

Progress = Callable[[str], None]


def probe(mode: str, *args: str, timeout: float = 600) -> dict[str, Any]:
    """Run the probe in a fresh offscreen process and return its JSON figures."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "ewarong_pos.ui.bench_probe", mode, "--t0", repr(t0), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench probe {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _login(ds: Dataset) -> list[str]:
    return [
        "--data-dir",
        str(ds.ctx.data_dir.root),
        "--username",
        ds.cashier_username,
        "--pin",
        ds.cashier_pin,
    ]


def startup(ds: Dataset, runs: int, progress: Progress) -> list[Row]:
    """Start-up to an interactive counter vs an empty Qt window; the median of `runs`."""
    progress(f"  app start-up ({runs} runs each, offscreen)")
    empty = [probe("empty") for _ in range(runs)]
    app = [probe("startup", *_login(ds)) for _ in range(runs)]
    ready = statistics.median(r["ready_s"] for r in app)
    login = statistics.median(r["login_shown_s"] for r in app)
    base = statistics.median(r["ready_s"] for r in empty)
    return [
        Row(
            "start the app to an interactive counter (full cache)",
            ready,
            max(r["ready_s"] for r in app),
            base,
            "<= 2 s",
            ready <= 2.0,
            unit="s",
            note=(
                f"median (p50) and slowest (p99 column) of {runs} fresh processes, from the "
                f"process start; the login screen was ready at {login:.2f} s, the rest is the "
                "PIN check (argon2id) and opening the counter; baseline: Python importing Qt "
                "and showing an empty window"
            ),
        ),
        _memory_row("peak memory (RSS) at the counter after start-up", app, empty),
    ]


def _memory_row(label: str, app: list[dict[str, Any]], empty: list[dict[str, Any]]) -> Row:
    rss = max(r["rss_mb"] for r in app)
    base = max(r["rss_mb"] for r in empty)
    return Row(
        label,
        None,
        rss,
        base,
        "<= 250 MB",
        rss <= 250,
        unit="MB",
        compare="p99",
        note="peak RSS (VmHWM) of the app's process; baseline: the empty Qt window's process",
    )


def _flow_targets(ds: Dataset, n: int) -> list[dict[str, Any]]:
    """Families of the outlet that can redeem now (active, not flagged, not served yet,
    an open voucher), taken from the other end of the table than the redemption bench."""
    conn = raw_connection(ds.ctx)
    outlet = conn.execute("SELECT code FROM outlet").fetchone()[0]
    rows = conn.execute(
        "SELECT f.id, f.name, f.address FROM family f WHERE f.outlet_code = ? "
        "AND f.status = 'active' AND f.flags = '' "
        "AND NOT EXISTS (SELECT 1 FROM sale s WHERE s.family_id = f.id) "
        "AND EXISTS (SELECT 1 FROM voucher v WHERE v.family_id = f.id AND v.status = 'open') "
        "ORDER BY f.id DESC LIMIT ?",
        (outlet, n),
    ).fetchall()
    conn.close()
    # what the cashier types: the name and the street (a city has many namesakes)
    return [{"id": r[0], "name": f"{r[1]} {r[2]}".strip()} for r in rows]


def stall(ds: Dataset, workdir: Path, n: int, progress: Progress) -> list[Row]:
    """The longest GUI-thread stall over n scripted redemptions (5 ms heartbeat)."""
    targets = _flow_targets(ds, n)
    if not targets:
        raise RuntimeError("no family of the outlet can redeem: cannot run the GUI flow")
    path = workdir / "flow-targets.json"
    path.write_text(json.dumps(targets), encoding="utf-8")
    progress(f"  scripted redemption flow in the app ({len(targets)} families)")
    result = probe("stall", *_login(ds), "--targets", str(path))
    empty = probe("empty")
    flows = result["flow_s"]
    gap = result["max_gap_ms"]
    later = max(result["flow_max_gap_ms"][1:], default=0.0)
    return [
        Row(
            f"longest GUI-thread stall, {result['flows']} scripted redemptions",
            None,
            gap,
            None,
            "<= 100 ms",
            gap <= 100,
            compare="p99",
            note=(
                "find by name and street (typed, Enter), open the family, add 3 products, preview, "
                f"confirm, commit; 5 ms heartbeat timer, {result['beats']:,} beats; one flow "
                f"took {statistics.median(flows) * 1000:.0f} ms p50, {max(flows) * 1000:.0f} ms "
                "max (machine time, no human pauses); longest gaps: "
                + ", ".join(f"{g:.0f} ms ({step})" for g, step in result["worst"][:3])
                + f"; the longest after the first flow: {later:.0f} ms"
                + (
                    f"; {result['fallbacks']} families opened by id (not among the first page "
                    "of hits)"
                    if result["fallbacks"]
                    else ""
                )
            ),
        ),
        _memory_row(
            f"peak memory (RSS) after {result['flows']} redemptions in the app", [result], [empty]
        ),
    ]
