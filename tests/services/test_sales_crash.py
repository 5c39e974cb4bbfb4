"""Crash test: a till killed with SIGKILL mid-sale, many times over, loses no half sale.

A child process (the real services on the real, encrypted database file) commits
redemptions and cash sales in a loop; the parent kills it at random moments. Afterwards
the file passes `PRAGMA integrity_check`, every sale is whole (lines, allocations,
stock movements, journal entry) or absent, receipt numbers have no gap, and the journal
verifies.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import func, select

from ewarong_pos.db.models import JournalEntry, Sale, SaleLine, StockMovement, VoucherAllocation
from ewarong_pos.services import verify
from ewarong_pos.services.context import open_outlet
from tests.services.sales_helpers import (
    add_family,
    cheap_pins,  # noqa: F401
    raw_connection,
    receive,
    seed,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("cheap_pins")]

KILLS = 30
TIME_BUDGET_S = 50  # stop killing after this long (slow machines), keeping at least:
MIN_KILLS = 10

CHILD = textwrap.dedent(
    """
    import datetime as dt
    import itertools
    import sys

    from ewarong_pos.core.errors import DomainError
    from ewarong_pos.services import sales
    from ewarong_pos.services.context import open_outlet
    from ewarong_pos.services.sales import CartLine

    from sqlalchemy import func, select

    from ewarong_pos.core.dates import parse_iso
    from ewarong_pos.db.models import JournalEntry

    root, cashier, rice, eggs, oil = sys.argv[1], *map(int, sys.argv[2:6])
    families = [int(x) for x in sys.argv[6].split(",")]
    ticks = itertools.count()
    start = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)

    def clock():
        return start + dt.timedelta(seconds=next(ticks))

    ctx = open_outlet(root, clock=clock)
    # A restarted till's clock goes on from where the killed one was, as a PC's does (one
    # tick per attempt: restarting it at the same moment each time walked the journal
    # back by up to the clock tolerance at every restart, which the verifier reports).
    with ctx.db.read() as s:
        last_at = s.scalar(select(func.max(JournalEntry.at)))
    if last_at is not None:
        start = max(start, parse_iso(last_at) + dt.timedelta(seconds=1))
    print("ready", flush=True)
    for i in itertools.count():
        try:
            if i % 3 == 2:
                sales.sell_cash(ctx, cashier, [CartLine(oil, 1000), CartLine(rice, 500)], 20000)
            else:
                family = families[(i // 3) % len(families)]
                sales.redeem(ctx, cashier, family, [CartLine(rice, 1000), CartLine(eggs, 250)])
        except DomainError:
            pass
    """
)


def test_killed_till_leaves_whole_sales_or_none(ctx, tmp_path):
    data = seed(ctx)
    families = [data.families["sumiati"], data.families["suparman"]]
    for n in range(20):
        fid, _ = add_family(ctx, f"DTKS-C{n:03d}", f"Keluarga {n}")
        families.append(fid)
    receive(
        ctx,
        data.manager_id,
        {
            data.products["BRS-MED"]: 10_000_000,
            data.products["TLR"]: 10_000_000,
            data.products["MNY-1L"]: 10_000_000,
        },
    )
    script = tmp_path / "till.py"
    script.write_text(CHILD)
    argv = [
        sys.executable,
        str(script),
        str(ctx.data_dir.root),
        str(data.cashier_id),
        str(data.products["BRS-MED"]),
        str(data.products["TLR"]),
        str(data.products["MNY-1L"]),
        ",".join(map(str, families)),
    ]
    seed_value = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed_value)
    started = time.monotonic()
    kills = 0
    counts = []
    while kills < KILLS:
        if kills >= MIN_KILLS and time.monotonic() - started > TIME_BUDGET_S:
            break
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line == b"ready\n", (line, child.stderr.read() if child.stderr else b"")
            time.sleep(rng.uniform(0.05, 0.8))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            if child.stdout:
                child.stdout.close()
            if child.stderr:
                child.stderr.close()
        kills += 1
        with ctx.db.read() as s:
            counts.append(int(s.scalar(select(func.count()).select_from(Sale)) or 0))

    assert counts[-1] > 0, "the child never committed a sale"
    conn = raw_connection(ctx)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()

    after = open_outlet(ctx.data_dir.root, clock=ctx.clock)
    try:
        with after.db.read() as s:
            for sale in s.scalars(select(Sale)):
                lines = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id)).all()
                moves = s.scalars(
                    select(StockMovement).where(StockMovement.sale_id == sale.id)
                ).all()
                allocated = s.scalar(
                    select(func.coalesce(func.sum(VoucherAllocation.amount), 0)).where(
                        VoucherAllocation.sale_id == sale.id
                    )
                )
                entry = s.scalar(
                    select(JournalEntry).where(
                        JournalEntry.device_id == sale.device_id,
                        JournalEntry.seq == sale.journal_seq,
                    )
                )
                where = f"{sale.receipt_no} (seed {seed_value})"
                assert lines and len(moves) == len(lines), where
                assert sum(line.total for line in lines) == sale.total, where
                if sale.kind == "redemption":
                    assert allocated == sale.total, where
                assert entry is not None and entry.kind == f"sale.{sale.kind}", where
        report = verify.verify_journal(after)
    finally:
        after.close()
    assert report.ok, (seed_value, [p.message("en") for p in report.problems])
    assert report.sales == counts[-1]
    print(f"{kills} kills, {counts[-1]} sales committed; counts after each kill: {counts}")
