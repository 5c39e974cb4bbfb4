"""50 outlets push at once to one service: nothing lost, nothing doubled.

Each outlet is a real outlet database with its own enrolled device; all 50 run the real
`sync_now` (push in batches, then pull) at the same moment from their own threads, then
each re-sends an already stored batch, again all at once.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Device, Sale
from ewarong_pos.db.datadir import DataDir
from ewarong_pos.db.engine import Database
from ewarong_pos.protocol import schemas as w
from ewarong_pos.services import sync
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.sync.client import CentralClient
from ewarong_pos.sync.transport import HttpTransport
from tests.conftest import FakeClock
from tests.sync.harness import (
    append_sales,
    assert_exactly_once,
    enrollment_code,
    seed_central,
)

OUTLETS = 50
SALES = 12  # + the device.setup entry: 13 entries, 4 batches of 4


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """50 set-up outlets with their sales, made once and copied for each backend.

    One migrated (plain, unencrypted) database is copied 50 times and each copy set up as
    its own outlet: migrating 50 files would cost most of the test's time.
    """
    root = tmp_path_factory.mktemp("outlets")
    clock = FakeClock(dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC))
    empty = open_outlet(root / "empty", clock=clock, encrypt=False)
    empty.close()
    for i in range(OUTLETS):
        code = f"EW-{i:02d}"
        ctx = _copy(root / "empty", root / code, clock)
        setup_outlet(ctx, code, f"e-Warong {code}")
        append_sales(ctx, SALES)
        ctx.close()
    return root


def _copy(template, target, clock):
    """Open a copied outlet folder (already migrated) without re-running migrations."""
    shutil.copytree(template, target)
    data_dir = DataDir(target)
    return Context(Database(data_dir.db_path), data_dir, data_dir.lookup_key(), clock)


@pytest.mark.slow
def test_fifty_outlets_push_at_once(service, templates, tmp_path, clock):
    codes = [f"EW-{i:02d}" for i in range(OUTLETS)]
    seed_central(service.central, tmp_path, {o: [f"D-{o}"] for o in codes}, clock())
    outlets = []
    try:
        for code in codes:
            ctx = _copy(templates / code, tmp_path / code, clock)
            outlets.append(ctx)
            sync.enroll(ctx, service.url, enrollment_code(service.central, code, clock()))

        start = threading.Barrier(OUTLETS)

        def push(ctx):
            start.wait(60)
            return sync.sync_now(ctx, batch_size=4)

        with ThreadPoolExecutor(OUTLETS) as pool:
            results = list(pool.map(push, outlets))
        assert all(r.pushed == SALES + 1 and r.duplicates == 0 for r in results)

        def resend(ctx):
            identity = sync.load_identity(ctx)
            entries = sync._pending(ctx, identity.device_id, 0, 4)
            batch = w.PushRequest(
                outlet_code=identity.outlet_code, device_id=identity.device_id, entries=entries
            )
            client = CentralClient(HttpTransport(service.url), identity.token)
            try:
                start.wait(60)
                return client.push(batch)
            finally:
                client.close()

        with ThreadPoolExecutor(OUTLETS) as pool:
            acks = list(pool.map(resend, outlets))
        assert all(a.stored == [] and a.duplicates == [1, 2, 3, 4] for a in acks)

        for ctx in outlets:
            assert_exactly_once(ctx, service.central)
        total = OUTLETS * (SALES + 1)
        with service.central.session() as s:
            assert admin.journal_count(s) == total
            assert s.scalar(select(func.count()).select_from(Sale)) == OUTLETS * SALES
            assert s.scalar(select(func.count(func.distinct(Sale.sale_uuid)))) == OUTLETS * SALES
            assert set(s.scalars(select(Device.last_seq))) == {SALES + 1}
    finally:
        for ctx in outlets:
            ctx.close()
