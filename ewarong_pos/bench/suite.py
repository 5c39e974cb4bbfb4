"""Run the benchmark suite and write the table (docs/benchmarks.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ewarong_pos.bench import central, gui, outlet
from ewarong_pos.bench.measure import Row, table
from ewarong_pos.db import crypto
from ewarong_pos.services import demo

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


@dataclass(frozen=True)
class Sizes:
    """How much each benchmark does (the full size, or `quick` for the CI smoke test)."""

    kpm: int
    months: int
    samples: int  # look-ups per kind
    redemptions: int
    sync_own: int  # the bench outlet's families in the first sync (the office holds kpm)
    sync_months: int
    ingest_outlets: int
    ingest_entries: int  # journal entries per outlet
    app_runs: int  # fresh processes for start-up and the empty window
    flows: int  # scripted redemptions in the app

    @classmethod
    def full(cls, kpm: int = JAKARTA_KPM, months: int = 24) -> Sizes:
        return cls(kpm, months, 300, 200, demo.PER_OUTLET, months, 50, 200, 3, 20)

    @classmethod
    def quick(cls, kpm: int = 2_000, months: int = 3) -> Sizes:
        return cls(kpm, months, 30, 30, min(kpm, 100), months, 50, 4, 1, 3)


def run(
    sizes: Sizes,
    *,
    workdir: Path | None = None,
    postgres: str | None = None,
    progress: Callable[[str], None] = outlet._stderr,
) -> tuple[list[Row], float]:
    """Build the outlet, run every step, return the rows and the total seconds."""
    started = time.perf_counter()
    own_tmp = workdir is None
    root = Path(tempfile.mkdtemp(prefix="ewarong-bench-")) if workdir is None else workdir
    root.mkdir(parents=True, exist_ok=True)
    # The outlets' data keys go to a folder of this run (never the user's keystore); the
    # app probes inherit it.
    old_keys = os.environ.get(crypto.KEY_DIR_ENV)
    os.environ[crypto.KEY_DIR_ENV] = str(root / "keys")
    rows: list[Row] = []
    try:
        progress(f"building a {sizes.kpm:,}-family outlet with {sizes.months} months of vouchers")
        ds = outlet.build(root, sizes.kpm, sizes.months, progress)
        rows += outlet.summary_rows(ds)
        rows += outlet.lookups(ds, sizes.samples, progress)
        rows += outlet.redemption(ds, sizes.redemptions, progress)
        rows += outlet.roster_import(root, sizes.kpm, progress)
        rows += central.first_sync(root, sizes.kpm, sizes.sync_own, sizes.sync_months, progress)
        rows += central.first_sync(root, sizes.kpm, sizes.kpm, 1, progress, whole_city=True)
        rows += central.ingest_rows(
            root, sizes.ingest_outlets, sizes.ingest_entries, postgres, progress
        )
        rows += gui.startup(ds, sizes.app_runs, progress)
        rows += gui.stall(ds, root, sizes.flows, progress)
        ds.ctx.close()
    finally:
        if old_keys is None:
            os.environ.pop(crypto.KEY_DIR_ENV, None)
        else:
            os.environ[crypto.KEY_DIR_ENV] = old_keys
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


BEGIN = "<!-- ewarong bench: results -->"
END = "<!-- /ewarong bench: results -->"


def write_results(out: Path, text: str) -> None:
    """Put the results into `out`: between the result markers when the file has them (the
    hand-written prose around them stays), else as the whole file."""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        head, _sep, rest = old.partition(BEGIN)
        _old, _sep, tail = rest.partition(END)
        new = head + block + tail
    else:
        new = block + "\n"
    out.write_text(new, encoding="utf-8")


def main_text(
    sizes: Sizes, out: Path | None, postgres: str | None = None, *, workdir: Path | None = None
) -> str:
    rows, seconds = run(sizes, postgres=postgres, workdir=workdir)
    text = report(rows, sizes.kpm, sizes.months, seconds)
    if out is not None:
        write_results(out, text)
    return text
