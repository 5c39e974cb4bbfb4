"""Fraud signals across outlets, from journals the real client pushed to the real service."""

from __future__ import annotations

import pytest

from ewarong_pos.central.console.signals import cross_outlet_signals
from ewarong_pos.services import sync
from tests.sync.harness import Service, append_sales, enrollment_code, make_outlet, seed_central


@pytest.mark.expect_log("ewarong_pos.central.ingest", r"disputed: ")
def test_two_outlets_burst_and_identical_baskets(sqlite_url, tmp_path, clock):
    service = Service(sqlite_url, clock=clock)  # SQLite: the browser flow covers PostgreSQL
    seed_central(service.central, tmp_path, {"EW-1": ["D1", "D2"], "EW-2": ["D3"]}, clock())
    tills = []
    try:
        for code in ("EW-1", "EW-2"):
            ctx = make_outlet(tmp_path / code, code, clock, encrypt=False)
            tills.append(ctx)
            sync.enroll(ctx, service.url, enrollment_code(service.central, code, clock()))
        one, two = tills
        d1 = [{"voucher": "BPNT-2018-04-D1", "period": "2018-04", "amount": 5_000}]
        # EW-1: twelve redemptions of the same basket within a minute (burst, identical)
        append_sales(one, 12, allocations=d1, total=5_000)
        # EW-2 redeems the same family's voucher (a family served at two outlets)
        append_sales(two, 1, allocations=d1, total=5_000)
        # a cash sale is no redemption: it counts for nothing here
        append_sales(two, 1, start=2)
        for ctx in tills:
            sync.sync_now(ctx)
        with service.central.session() as s:
            signals = cross_outlet_signals(s, "2018-04")
            other_period = cross_outlet_signals(s, "2018-05")
        kinds = {sig.kind: sig for sig in signals}
        assert set(kinds) == {"two_outlets", "burst", "identical_baskets"}
        assert kinds["two_outlets"].families == ("D1",)
        assert kinds["two_outlets"].outlet_code == "EW-1,EW-2"
        assert kinds["burst"].outlet_code == "EW-1" and kinds["burst"].params["count"] == 12
        assert kinds["identical_baskets"].params["count"] == 12
        assert [s.severity for s in signals][:2] == ["high", "high"]
        assert other_period == []
    finally:
        for ctx in tills:
            ctx.close()
        service.stop()
