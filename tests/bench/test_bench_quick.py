"""The benchmark suite at its quick size: every operation runs and lands in the table.

A smoke test of the bench itself (it builds a small outlet, runs the central service, the
50-outlet push and the app probe offscreen); it asserts figures exist, never their size.
"""

from __future__ import annotations

import math
import os
import re

import pytest

from ewarong_pos.bench import suite

OPERATIONS = [
    "build the demo outlet",
    "find a family by card",
    "find a family by NIK",
    "find by name: 3-letter prefix",
    "find by name: full name",
    "commit a 3-line redemption",
    "build the cache: roster import",
    "build the cache: first sync",
    "the whole city pulled into one outlet",
    "central ingest, 50 outlets at once (SQLite)",
    "start the app to an interactive counter",
    "peak memory (RSS) at the counter after start-up",
    "longest GUI-thread stall",
    "peak memory (RSS) after",
]

NUMBER = re.compile(r"\d[\d,]*(\.\d+)? (ms|s|MB|entries/s)")


@pytest.mark.slow
def test_quick_suite_reports_every_operation(tmp_path):
    sizes = suite.Sizes.quick(kpm=300, months=2)
    postgres = os.environ.get("EWARONG_TEST_POSTGRES_URL") or None
    rows, seconds = suite.run(sizes, workdir=tmp_path, postgres=postgres, progress=lambda _m: None)
    assert seconds > 0
    expected = list(OPERATIONS)
    if postgres:
        expected.append("central ingest, 50 outlets at once (PostgreSQL)")
    for name in expected:
        matching = [r for r in rows if r.operation.startswith(name)]
        assert matching, f"no row for {name!r}"
        for row in matching:
            figures = [x for x in (row.p50, row.p99, row.baseline) if x is not None]
            assert figures, f"{row.operation} has no figure"
            assert all(math.isfinite(x) and x >= 0 for x in figures)
    text = suite.report(rows, sizes.kpm, sizes.months, seconds)
    lines = [line for line in text.splitlines() if line.startswith("| ")][1:]
    assert len(lines) == len(rows)
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert NUMBER.search(cells[2]), line  # the p99 / total column has a number
    assert "cores" in text and "Run " in text  # the date and the machine
