"""The real client against the real service on loopback: enroll, pull, sell, push."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Dispute
from ewarong_pos.central.models import Voucher as CentralVoucher
from ewarong_pos.core.identifiers import keyed_hash
from ewarong_pos.db.models import Account, Family, Product, SyncDispute, Voucher
from ewarong_pos.services import sales, stock, sync
from tests.sync.harness import (
    assert_exactly_once,
    card,
    enrollment_code,
    make_outlet,
    seed_central,
)

FAMILIES = {"EW-1": ["D1", "D2", "D3", "D4", "D5"], "EW-2": ["D6"]}


def _seed(service, tmp_path, clock):
    seed_central(service.central, tmp_path, FAMILIES, clock())
    with service.central.session() as s, s.begin():
        admin.add_account(s, "EW-1", "kasir", "Siti", "cashier", "1357")
        admin.add_account(s, "EW-1", "bu.rina", "Rina", "manager", "2468")


def _enrolled(service, root, clock, outlet="EW-1", device_code="K1"):
    ctx = make_outlet(root, outlet, clock, device_code)
    sync.enroll(ctx, service.url, enrollment_code(service.central, outlet, clock()))
    return ctx


def _ids(ctx):
    with ctx.db.read() as s:
        accounts = dict(s.execute(select(Account.username, Account.id)).all())
        products = dict(s.execute(select(Product.sku, Product.id)).all())
        families = dict(s.execute(select(Family.dtks_id, Family.id)).all())
    return accounts, products, families


def _stock_up(ctx):
    accounts, products, _ = _ids(ctx)
    stock.receive_delivery(
        ctx,
        accounts["bu.rina"],
        "Bulog",
        "SJ-1",
        [
            stock.DeliveryLine(products["BRS-M-5"], 20_000, 45_000),
            stock.DeliveryLine(products["MNY-1"], 20_000, 12_000),
        ],
    )


def test_enroll_pull_sell_push(service, tmp_path, clock):
    _seed(service, tmp_path, clock)
    ctx = _enrolled(service, tmp_path / "k1", clock)
    try:
        secret = ctx.data_dir.secrets_dir / "device.json"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert sync.sync_status(ctx).state == "never"

        first = sync.sync_now(ctx)
        assert first.pushed == 1  # the device.setup entry
        with ctx.db.read() as s:
            assert s.scalar(select(func.count()).select_from(Family)) == 5  # not EW-2's
            assert s.scalar(select(func.count()).select_from(Voucher)) == 5
            assert s.scalar(select(func.count()).select_from(Product)) == 4
            assert s.scalar(select(func.count()).select_from(Account)) == 2
            d1 = s.scalars(select(Family).where(Family.dtks_id == "D1")).one()
            # the central's lookup key came with enrollment: a card scan hashes the same
            assert d1.card_hash == keyed_hash(ctx.lookup_key, "card", card(1))
            assert d1.card_last4 == card(1)[-4:]

        _stock_up(ctx)
        accounts, products, families = _ids(ctx)
        sale = sales.redeem(
            ctx, accounts["kasir"], families["D1"], [sales.CartLine(products["BRS-M-5"], 2000)]
        )
        cash = sales.sell_cash(
            ctx, accounts["kasir"], [sales.CartLine(products["MNY-1"], 1000)], 20_000
        )
        assert sync.sync_status(ctx).waiting == 3

        second = sync.sync_now(ctx)
        assert second.pushed == 3 and second.duplicates == 0 and second.disputed == 0
        status = sync.sync_status(ctx)
        assert status.state == "synced" and status.waiting == 0 and status.disputed == 0
        assert_exactly_once(ctx, service.central)
        with service.central.session() as s:
            voucher = s.get(CentralVoucher, "BPNT-2018-04-D1")
            assert voucher.redeemed == sale.total == 94_000
        assert cash.total == 14_000

        # A second till of the same outlet sees D1's redemption as done elsewhere.
        k2 = _enrolled(service, tmp_path / "k2", clock, device_code="K2")
        try:
            sync.sync_now(k2)
            with k2.db.read() as s:
                v = s.scalars(select(Voucher).where(Voucher.code == "BPNT-2018-04-D1")).one()
                assert v.redeemed_elsewhere == 94_000
            # ... and the first till does not count its own redemption twice.
            sync.sync_now(ctx)
            with ctx.db.read() as s:
                v = s.scalars(select(Voucher).where(Voucher.code == "BPNT-2018-04-D1")).one()
                assert v.redeemed_elsewhere == 0
        finally:
            k2.close()
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.central.ingest", r"disputed: ")
def test_voucher_redeemed_twice_offline_is_accepted_and_disputed(service, tmp_path, clock):
    _seed(service, tmp_path, clock)
    k1 = _enrolled(service, tmp_path / "k1", clock, device_code="K1")
    k2 = _enrolled(service, tmp_path / "k2", clock, device_code="K2")
    try:
        for ctx in (k1, k2):
            sync.sync_now(ctx)
            _stock_up(ctx)
        # Both tills offline: each serves D2 its whole voucher (2 x 47.000 = 94.000).
        for ctx in (k1, k2):
            accounts, products, families = _ids(ctx)
            sales.redeem(
                ctx, accounts["kasir"], families["D2"], [sales.CartLine(products["BRS-M-5"], 2000)]
            )
        assert sync.sync_now(k1).disputed == 0
        late = sync.sync_now(k2)
        assert late.disputed == 1
        status = sync.sync_status(k2)
        assert status.disputed == 1 and status.waiting == 0
        with k2.db.read() as s:
            row = s.scalars(select(SyncDispute)).one()
            assert row.reason == "voucher.over_redeemed"
        with service.central.session() as s:
            dispute = s.scalars(select(Dispute)).one()
            assert dispute.voucher_code == "BPNT-2018-04-D2"
            assert dispute.redeemed == 188_000 and dispute.limit_amount == 110_000
        for ctx in (k1, k2):
            assert_exactly_once(ctx, service.central)
        with service.central.session() as s:
            report = admin.reconcile(s, "2018-04")
        assert report.rows[0].redeemed == 188_000 and report.rows[0].disputed == 1
        assert report.rows[0].over_redeemed == 1
    finally:
        k1.close()
        k2.close()
