"""Run the benchmark suite and write the table (docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ewarong_pos.bench import outlet
from ewarong_pos.bench.measure import Row, table

JAKARTA_KPM = 212_948


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){mem}, "
        f"Python {platform.python_version()}"
    )


Step = Callable[[], list[Row]]


def run(
    kpm: int,
    months: int,
    *,
    samples: int,
    workdir: Path | None = None,
    progress: Callable[[str], None] = outlet._stderr,
    extra_steps: list[tuple[str, Callable[[outlet.Dataset, Path], list[Row]]]] | None = None,
) -> tuple[list[Row], float]:
    """Build the outlet, run every step, return the rows and the total seconds."""
    started = time.perf_counter()
    own_tmp = workdir is None
    root = Path(tempfile.mkdtemp(prefix="ewarong-bench-")) if workdir is None else workdir
    root.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    try:
        progress(f"building a {kpm:,}-family outlet with {months} months of vouchers")
        ds = outlet.build(root, kpm, months, progress)
        rows += outlet.summary_rows(ds)
        rows += outlet.lookups(ds, samples, progress)
        rows += outlet.redemption(ds, min(samples, 200), progress)
        rows += outlet.roster_import(root, kpm, progress)
        for name, step in extra_steps or []:
            progress(f"  {name}")
            rows += step(ds, root)
        ds.ctx.close()
    finally:
        if own_tmp:
            shutil.rmtree(root, ignore_errors=True)
    return rows, time.perf_counter() - started


def report(rows: list[Row], kpm: int, months: int, seconds: float) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Run {when} on {machine()}.\n"
        f"Outlet: {kpm:,} families, {months} months of vouchers; full run {seconds:.0f} s.\n\n"
        + table(rows)
        + "\n"
    )


def main_text(kpm: int, months: int, quick: bool, out: Path | None) -> str:
    rows, seconds = run(kpm, months, samples=30 if quick else 300)
    text = report(rows, kpm, months, seconds)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return text
