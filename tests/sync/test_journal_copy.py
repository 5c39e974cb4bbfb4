"""Device loss: the central office's copy of a device's journal comes back, verified."""

from __future__ import annotations

import pytest

from ewarong_pos.central import admin
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.services import sync
from tests.sync.harness import append_sales, enrollment_code, make_outlet, seed_central


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
@pytest.mark.expect_log("ewarong_pos.central.admin", r"revoked")
def test_the_office_gives_back_what_the_device_uploaded(service, tmp_path, clock):
    seed_central(service.central, tmp_path, {"EW-1": ["D1"]}, clock())
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    try:
        sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
        append_sales(ctx, 6)
        sync.sync_now(ctx)
        with ctx.db.read() as s:
            local = list(journal.iter_entries(s, ctx.device_id))
        assert sync.central_journal(ctx) == local
        assert sync.central_journal(ctx, after=3) == local[3:]
        # once revoked, the token gets nothing (a new code re-enrolls the rebuilt PC)
        with service.central.session() as s, s.begin():
            admin.revoke(s, ctx.device_id, clock(), "stolen")
        with pytest.raises(DomainError) as refused:
            sync.central_journal(ctx)
        assert refused.value.params["reason"] == "device.revoked"
        sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
        assert sync.central_journal(ctx, after=5) == local[5:]
    finally:
        ctx.close()
