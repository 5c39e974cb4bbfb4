"""`ewarong central serve --workers N`: exactly-once across service processes.

The service runs in two worker processes on one socket (`central.serve.serve_workers`).
Eight outlets push at once, in small batches, redemptions of their families' vouchers and
cash sales; then every outlet sends its first batch again from two threads at the same
moment (the copies land on either process). Nothing is lost or doubled, every voucher's
balance is the sum of its redemptions, and each device's stored chain ends where the
outlet's does: the device row lock, the outlets' stream locks and the journal's
`(device_id, seq)` key hold across processes, not only across threads.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.models import Device, Redemption, Voucher
from ewarong_pos.core.dates import utcnow
from ewarong_pos.protocol import schemas as w
from ewarong_pos.services import sync
from ewarong_pos.sync.client import CentralClient
from ewarong_pos.sync.transport import HttpTransport
from tests.sync.harness import (
    ChildService,
    append_sales,
    assert_exactly_once,
    enrollment_code,
    make_outlet,
    seed_central,
)

OUTLETS = [f"EW-{i}" for i in range(1, 9)]
REDEMPTIONS = 3  # of 20,000 each, on the outlet's one family's voucher
CASH = 4


@pytest.mark.slow
def test_two_worker_processes_store_every_entry_exactly_once(central_url, tmp_path, clock):
    central = CentralDB(central_url)
    families = {code: [f"D-{code}"] for code in OUTLETS}
    seed_central(central, tmp_path, families, clock())
    codes = {code: enrollment_code(central, code, utcnow()) for code in OUTLETS}
    child = ChildService(central_url, tmp_path, workers=2)
    url = f"http://127.0.0.1:{child.port}"
    outlets = []
    try:
        for code in OUTLETS:
            ctx = make_outlet(tmp_path / code, code, clock, encrypt=False)
            outlets.append(ctx)
            sync.enroll(ctx, url, codes[code])
            voucher = admin.voucher_code("2018-04", f"D-{code}")
            for i in range(REDEMPTIONS):
                append_sales(
                    ctx,
                    1,
                    start=1 + i,
                    allocations=[{"voucher": voucher, "period": "2018-04", "amount": 20_000}],
                    total=20_000,
                )
            append_sales(ctx, CASH, start=1 + REDEMPTIONS)

        start = threading.Barrier(len(outlets))

        def push(ctx):
            start.wait(60)
            return sync.sync_now(ctx, url=url, batch_size=3)

        with ThreadPoolExecutor(len(outlets)) as pool:
            results = list(pool.map(push, outlets))
        entries = 1 + REDEMPTIONS + CASH  # device.setup first
        assert all(r.pushed == entries and r.duplicates == 0 for r in results)

        # every outlet's first batch again, twice at the same moment
        twice = threading.Barrier(2 * len(outlets))

        def resend(ctx):
            identity = sync.load_identity(ctx)
            batch = w.PushRequest(
                outlet_code=identity.outlet_code,
                device_id=identity.device_id,
                entries=sync._pending(ctx, identity.device_id, 0, 3),
            )
            client = CentralClient(HttpTransport(url), identity.token)
            try:
                twice.wait(60)
                return client.push(batch)
            finally:
                client.close()

        with ThreadPoolExecutor(2 * len(outlets)) as pool:
            acks = list(pool.map(resend, outlets + outlets))
        assert all(a.stored == [] and a.duplicates == [1, 2, 3] for a in acks)

        for ctx in outlets:
            assert_exactly_once(ctx, central)
        with central.session() as s:
            assert admin.journal_count(s) == len(outlets) * entries
            assert set(s.scalars(select(Device.last_seq))) == {entries}
            balances = {c: r for c, r in s.execute(select(Voucher.code, Voucher.redeemed))}
            sums = {
                c: int(total)
                for c, total in s.execute(
                    select(Redemption.voucher_code, func.sum(Redemption.amount)).group_by(
                        Redemption.voucher_code
                    )
                )
            }
        assert sums == {
            admin.voucher_code("2018-04", f"D-{code}"): REDEMPTIONS * 20_000 for code in OUTLETS
        }
        assert all(balances[code] == total for code, total in sums.items())
    finally:
        for ctx in outlets:
            ctx.close()
        child.stop()
        central.close()
