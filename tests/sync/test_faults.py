"""Whatever the network does, every sale reaches the service exactly once.

The outlet syncs through a TCP proxy that breaks the connection at chosen moments; after
each fault a normal sync must leave every sale on the service once, totals equal, and
nothing pending.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ewarong_pos.central.models import JournalEntry as CentralEntry
from ewarong_pos.core.dates import utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.protocol import schemas as w
from ewarong_pos.services import sync
from ewarong_pos.sync.client import CentralClient, Refusal
from ewarong_pos.sync.transport import HttpTransport
from tests.sync.harness import (
    BreakingProxy,
    ChildService,
    append_sales,
    assert_exactly_once,
    enrollment_code,
    make_outlet,
    seed_central,
)

FAMILIES = {"EW-1": ["D1", "D2"]}


@pytest.fixture
def outlet(service, tmp_path, clock):
    seed_central(service.central, tmp_path, FAMILIES, clock())
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
    yield ctx
    ctx.close()


@pytest.fixture
def proxy(service):
    p = BreakingProxy(service.port)
    yield p
    p.stop()


def _central_entries(service) -> int:
    with service.central.session() as s:
        return int(s.scalar(select(func.count()).select_from(CentralEntry)) or 0)


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_response_lost_after_the_service_committed(service, outlet, proxy):
    append_sales(outlet, 5)
    proxy.arm("drop_response")
    with pytest.raises(DomainError) as lost:
        sync.sync_now(outlet, url=proxy.url)
    assert lost.value.code == "sync.offline"
    assert _central_entries(service) == 6  # committed: setup + 5 sales
    status = sync.sync_status(outlet)
    assert status.state == "offline" and status.waiting == 6  # not acknowledged yet

    again = sync.sync_now(outlet, url=proxy.url)
    assert again.pushed == 0 and again.duplicates == 6
    assert_exactly_once(outlet, service.central)
    assert sync.sync_status(outlet).state == "synced"


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
def test_connection_cut_mid_request(service, outlet, proxy):
    append_sales(outlet, 5)
    proxy.arm("cut_request")
    with pytest.raises(DomainError):
        sync.sync_now(outlet, url=proxy.url)
    assert _central_entries(service) == 0
    assert sync.sync_status(outlet).waiting == 6
    result = sync.sync_now(outlet, url=proxy.url)
    assert result.pushed == 6 and result.duplicates == 0
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_fault_in_a_later_batch_keeps_the_earlier_ones(service, outlet, proxy):
    append_sales(outlet, 9)  # 10 entries in batches of 3
    proxy.arm("drop_response", after=2)
    with pytest.raises(DomainError):
        sync.sync_now(outlet, url=proxy.url, batch_size=3)
    assert sync.sync_status(outlet).acked_seq == 6  # two batches acknowledged
    assert _central_entries(service) == 9  # the third was stored, its answer lost
    result = sync.sync_now(outlet, url=proxy.url, batch_size=3)
    assert result.duplicates == 3 and result.pushed == 1
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_service_killed_and_restarted_mid_batch(central_url, tmp_path, clock):
    """Killed (SIGKILL) once after committing a batch whose answer never left, and once
    while a batch was still arriving; each time restarted on the same database."""
    from ewarong_pos.central.core.db import CentralDB

    central = CentralDB(central_url)
    seed_central(central, tmp_path, FAMILIES, clock())
    code = enrollment_code(central, "EW-1", utcnow())  # the child runs on the real clock
    child = ChildService(central_url, tmp_path)
    proxy = BreakingProxy(child.port)
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    try:
        sync.enroll(ctx, f"http://127.0.0.1:{child.port}", code)
        for mode in ("drop_response", "cut_request"):
            append_sales(ctx, 8)
            proxy.arm(mode, on_fault=child.kill, after=1)
            with pytest.raises(DomainError):
                sync.sync_now(ctx, url=proxy.url, batch_size=3)
            assert child.proc is not None and child.proc.poll() is not None  # it is dead
            assert sync.sync_status(ctx).waiting > 0
            child.start()  # same database, new process
            proxy.upstream_port = child.port
            sync.sync_now(ctx, url=proxy.url, batch_size=3)
            assert_exactly_once(ctx, central)
    finally:
        proxy.stop()
        child.stop()
        ctx.close()
        central.close()


def _batches(ctx, identity, size):
    entries = sync._pending(ctx, identity.device_id, 0, 100)
    return [
        w.PushRequest(
            outlet_code=identity.outlet_code,
            device_id=identity.device_id,
            entries=entries[i : i + size],
        )
        for i in range(0, len(entries), size)
    ]


def test_same_batch_sent_twice(service, outlet):
    append_sales(outlet, 4)
    identity = sync.load_identity(outlet)
    (batch,) = _batches(outlet, identity, 10)
    client = CentralClient(HttpTransport(service.url), identity.token)
    try:
        first = client.push(batch)
        second = client.push(batch)
    finally:
        client.close()
    assert first.stored == [1, 2, 3, 4, 5] and first.duplicates == []
    assert second.stored == [] and second.duplicates == [1, 2, 3, 4, 5]
    assert second.stored_up_to == 5
    sync.sync_now(outlet)  # the outlet's own position catches up: all duplicates
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
def test_batches_out_of_order(service, outlet):
    append_sales(outlet, 5)
    identity = sync.load_identity(outlet)
    one, two = _batches(outlet, identity, 3)
    client = CentralClient(HttpTransport(service.url), identity.token)
    try:
        with pytest.raises(Refusal) as gap:
            client.push(two)
        assert gap.value.status == 409 and gap.value.error.code == "push.gap"
        assert gap.value.error.params["expected"] == 1
        assert _central_entries(service) == 0
        assert client.push(one).stored_up_to == 3
        assert client.push(two).stored_up_to == 6
        assert client.push(one).duplicates == [1, 2, 3]  # a late copy of the first
    finally:
        client.close()
    sync.sync_now(outlet)
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
@pytest.mark.expect_log("ewarong_pos.services.sync", r"^service holds up to")
def test_outlet_ahead_of_a_restored_service_resends(service, outlet):
    """The service lost what it had acknowledged (its database restored from backup)."""
    append_sales(outlet, 3)
    with outlet.db.write() as s:
        from ewarong_pos.db.models import SyncState

        s.get(SyncState, outlet.device_id).acked_seq = 3  # believed acknowledged
    result = sync.sync_now(outlet)
    assert result.pushed == 4
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_offline_then_retry_with_backoff(service, outlet, tmp_path):
    append_sales(outlet, 2)
    delays: list[float] = []
    dead = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(DomainError):
        sync.sync_with_retry(
            outlet, url=dead, attempts=4, sleep=delays.append, rng=lambda: 1.0, base=1.0
        )
    assert delays == [1.0, 2.0, 4.0]
    assert sync.sync_status(outlet).state == "offline"
    sync.sync_with_retry(outlet, attempts=2, sleep=delays.append)
    assert_exactly_once(outlet, service.central)


def test_a_run_that_never_finished_is_not_syncing_forever(service, outlet, clock):
    from ewarong_pos.db.models import SyncState

    sync.sync_now(outlet)
    clock.advance(minutes=1)
    with outlet.db.write() as s:
        s.get(SyncState, outlet.device_id).last_attempt_at = outlet.now_iso()  # then killed
    # no process holds the run mark: not "syncing" (tests/sync/test_client_states.py shows
    # a live run holding it, then killed)
    assert sync.sync_status(outlet).state == "offline"
    sync.sync_now(outlet)
    assert sync.sync_status(outlet).state == "synced"
