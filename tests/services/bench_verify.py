"""Benchmark (not a test): commit N sales through the real engine, then verify the journal.

    python -m tests.services.bench_verify [N]

Prints the commit rate and the verification time; figures, never assertions.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from ewarong_pos.services import sales, verify
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine
from tests.conftest import FakeClock
from tests.services.sales_helpers import add_family, cheap_pin_hashing, receive, seed


def main(n: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-verify-")) / "data"
    clock = FakeClock(dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC))
    ctx = open_outlet(root, clock=clock)
    with cheap_pin_hashing():
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
        data = seed(ctx)
    families = [add_family(ctx, f"DTKS-B{i:05d}", f"KPM {i}")[0] for i in range(max(1, n // 10))]
    rice, eggs = data.products["BRS-MED"], data.products["TLR"]
    receive(ctx, data.manager_id, {rice: 10**9, eggs: 10**9})
    started = time.perf_counter()
    for i in range(n):
        clock.advance(seconds=30)
        if i % 4 == 3:
            sales.sell_cash(ctx, data.cashier_id, [CartLine(rice, 1000)], 10_000)
        else:
            sales.redeem(
                ctx,
                data.cashier_id,
                families[i % len(families)],
                [CartLine(rice, 1000), CartLine(eggs, 250)],
            )
    elapsed = time.perf_counter() - started
    print(f"committed {n} sales in {elapsed:.1f} s ({1000 * elapsed / n:.1f} ms per sale)")
    started = time.perf_counter()
    report = verify.verify_journal(ctx)
    elapsed = time.perf_counter() - started
    print(
        f"verified {report.entries} entries, {report.sales} sales in {elapsed:.2f} s "
        f"({1_000_000 * elapsed / max(1, report.entries):.0f} us per entry); ok={report.ok}"
    )
    ctx.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
