"""The look-up's audit row is written after the fact (`Database.defer`): when it lands, and
what a crash can lose (at most the rows queued since the last write, timer or close)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from ewarong_pos.db.models import AuditLog
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.families import find_families, get_family
from tests.services.b2_data import add_family, card_for


@pytest.fixture
def cashier(ctx) -> int:
    return create_account(ctx, "ani", "Ani", "cashier", "1234").id


def _stored(ctx) -> list[tuple[str, int | None, int | None, dict]]:
    """The family audit rows in the file (nothing flushed first)."""
    with ctx.db.read() as s:
        return [
            (r.action, r.account_id, r.family_id, json.loads(r.detail))
            for r in s.scalars(
                select(AuditLog).where(AuditLog.action.like("family.%")).order_by(AuditLog.id)
            )
        ]


def test_the_row_waits_in_memory_until_a_flush(ctx, cashier):
    fid = add_family(ctx, 7, name="Siti Aminah")
    assert [h.id for h in find_families(ctx, cashier, card_for(7))] == [fid]
    assert ctx.db.pending_deferred() == 1
    assert _stored(ctx) == []  # not on the look-up's path
    ctx.db.flush_deferred()
    assert ctx.db.pending_deferred() == 0
    assert _stored(ctx) == [
        (
            "family.search",
            cashier,
            fid,
            {"query": "card", "matched": ["card"], "results": 1, "families": [fid]},
        )
    ]


def test_the_next_write_transaction_takes_the_rows_in_order(ctx, cashier):
    fid = add_family(ctx, 7, name="Siti Aminah")
    find_families(ctx, cashier, "siti")
    find_families(ctx, cashier, "zzyzx")  # nothing found: still a look-up
    get_family(ctx, cashier, fid)  # opening the family is a write: the rows go with it
    assert ctx.db.pending_deferred() == 0
    rows = _stored(ctx)
    assert [(r[0], r[3].get("results")) for r in rows] == [
        ("family.search", 1),
        ("family.search", 0),
        ("family.view", None),
    ]


def test_a_write_that_rolls_back_puts_the_rows_back(ctx, cashier):
    add_family(ctx, 7, name="Siti Aminah")
    find_families(ctx, cashier, "siti")
    with pytest.raises(RuntimeError), ctx.db.write():
        raise RuntimeError("a refused sale")
    assert ctx.db.pending_deferred() == 1
    assert _stored(ctx) == []
    ctx.db.flush_deferred()
    assert [r[0] for r in _stored(ctx)] == ["family.search"]


def test_the_timer_writes_the_rows_without_any_other_write(ctx, cashier):
    add_family(ctx, 7, name="Siti Aminah")
    ctx.db.defer_seconds = 0.2
    find_families(ctx, cashier, "siti")
    deadline = time.monotonic() + 10
    while not _stored(ctx) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [r[0] for r in _stored(ctx)] == ["family.search"]
    assert ctx.db.pending_deferred() == 0


def test_closing_the_outlet_writes_the_rows(ctx, cashier, tmp_path, clock):
    add_family(ctx, 7, name="Siti Aminah")
    find_families(ctx, cashier, "siti")
    ctx.close()
    again = open_outlet(tmp_path / "data", clock=clock)
    try:
        assert [r[:2] for r in _stored(again)] == [("family.search", cashier)]
    finally:
        again.close()


CRASHING_TILL = """
import os, signal, sys, time
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.families import find_families
ctx = open_outlet(sys.argv[1], create=False)
ctx.db.defer_seconds = 0.3
cashier = int(sys.argv[2])
find_families(ctx, cashier, "siti")
find_families(ctx, cashier, "siti")
deadline = time.monotonic() + 20
while ctx.db.pending_deferred() and time.monotonic() < deadline:
    time.sleep(0.05)  # the timer writes the first two
assert ctx.db.pending_deferred() == 0
find_families(ctx, cashier, "zzyzx")  # queued: the unflushed window
assert ctx.db.pending_deferred() == 1
os.kill(os.getpid(), signal.SIGKILL)  # the till dies before the timer fires
"""


def test_a_crash_loses_at_most_the_unflushed_rows(ctx, cashier, tmp_path):
    add_family(ctx, 7, name="Siti Aminah")
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_TILL, str(tmp_path / "data"), str(cashier)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    rows = _stored(ctx)
    # the two written by the timer are there; the one still in memory is lost
    assert [(r[0], r[1], r[3]["results"]) for r in rows] == [
        ("family.search", cashier, 1),
        ("family.search", cashier, 1),
    ]
