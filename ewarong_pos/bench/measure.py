"""Timing helpers and the result table of the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; samples in seconds."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sample(fn: Callable[[int], object], n: int, warmup: int = 3, pause: float = 0.0) -> list[float]:
    """Run fn(i) n times (after a warm-up) and return each duration in seconds.

    `pause`: seconds slept before each run, off the clock (an operation that follows a
    person's action starts from an idle process, not from a busy loop)."""
    for i in range(warmup):
        fn(i)
    out = []
    for i in range(n):
        if pause:
            time.sleep(pause)
        start = time.perf_counter()
        fn(warmup + i)
        out.append(time.perf_counter() - start)
    return out


def interleaved(
    fns: list[Callable[[int], object]], n: int, warmup: int = 3, start: int = 0
) -> list[list[float]]:
    """Run each of fns once per round, in turn, for n rounds (after `warmup` rounds); the
    durations in seconds, one list per function.

    An operation and its floor alternate sample by sample, so a slow spell of the shared
    machine or its disk (an fsync's latency swings tenfold from minute to minute) falls
    on both instead of on whichever ran in it. fn(i) gets the round's number from
    `start`."""
    for i in range(start, start + warmup):
        for fn in fns:
            fn(i)
    out: list[list[float]] = [[] for _ in fns]
    for i in range(start + warmup, start + warmup + n):
        for fn, durations in zip(fns, out, strict=True):
            began = time.perf_counter()
            fn(i)
            durations.append(time.perf_counter() - began)
    return out


@dataclass
class Row:
    """One line of the table. Figures in milliseconds unless `unit` says otherwise."""

    operation: str
    p50: float | None
    p99: float | None  # or the total, for one-shot operations
    baseline: float | None
    target: str
    met: bool | None
    unit: str = "ms"
    note: str = ""
    compare: str = "p50"  # which figure the ratio compares with the baseline

    @property
    def ratio(self) -> float | None:
        figure = self.p50 if self.compare == "p50" else self.p99
        if figure is None or not self.baseline:
            return None
        return figure / self.baseline


def from_samples(
    operation: str,
    samples: list[float],
    baseline_samples: list[float] | None,
    target: str,
    ok: Callable[[float, float, float | None], bool],
    note: str = "",
) -> Row:
    """A row of p50/p99 in ms; `ok(p50, p99, baseline_p50)` decides if the target is met."""
    p50 = statistics.median(samples) * 1000
    p99 = percentile(samples, 99) * 1000
    base = statistics.median(baseline_samples) * 1000 if baseline_samples else None
    return Row(operation, p50, p99, base, target, ok(p50, p99, base), note=note)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    if unit in ("s", "MB"):
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    return f"{value:,.0f}"


def table(rows: list[Row]) -> str:
    """A Markdown table: operation, p50, p99 (or total), baseline, ratio, target, met."""
    lines = [
        "| operation | p50 | p99 / total | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        met = {True: "yes", False: "**no**", None: "-"}[r.met]
        unit = f" {r.unit}"
        lines.append(
            f"| {r.operation} | {_fmt(r.p50, r.unit)}{unit if r.p50 is not None else ''} "
            f"| {_fmt(r.p99, r.unit)}{unit if r.p99 is not None else ''} "
            f"| {_fmt(r.baseline, r.unit)}{unit if r.baseline is not None else ''} "
            f"| {ratio} | {r.target} | {met} |"
        )
    notes = [f"- {r.operation}: {r.note}" for r in rows if r.note]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)
