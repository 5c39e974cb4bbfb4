"""A family moved to another outlet brings its vouchers: the new outlet pulls them (though
its cursor has passed their old change numbers) and serves the family; the old outlet
keeps the family read-only, "pindah ke <outlet>", and refuses to serve it.

Written against the office's function that re-numbers unchanged rows (`changes.stamp`),
so it holds under any numbering design: it only asks that each outlet pulls what it must.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Dispute
from ewarong_pos.central.models import Voucher as CentralVoucher
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import render
from ewarong_pos.db.models import Account, Family, Product, Voucher
from ewarong_pos.services import sales, stock, sync
from tests.sync.harness import enrollment_code, make_outlet, roster_csv, seed_central

# EW-2 has many more changes than EW-1: its cursor is far past the numbers D1's voucher
# took in EW-1's stream, so only a new number brings the voucher to it
FAMILIES = {"EW-1": ["D1", "D2"], "EW-2": [f"E{i}" for i in range(1, 41)]}


def _enrolled(service, root, clock, outlet):
    ctx = make_outlet(root, outlet, clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, outlet, clock()))
    sync.sync_now(ctx)
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
        ctx, accounts["bu.rina"], "Bulog", "SJ-1",
        [stock.DeliveryLine(products["BRS-M-5"], 20_000, 45_000)],
    )  # fmt: skip


def _redeem(ctx, dtks):
    accounts, products, families = _ids(ctx)
    return sales.redeem(
        ctx, accounts["kasir"], families[dtks], [sales.CartLine(products["BRS-M-5"], 1000)]
    )


def test_a_moved_family_takes_its_vouchers_to_the_new_outlet(service, tmp_path, clock):
    seed_central(service.central, tmp_path, FAMILIES, clock())
    with service.central.session() as s, s.begin():
        for outlet in ("EW-1", "EW-2"):
            admin.add_account(s, outlet, "kasir", "Siti", "cashier", "1357")
            admin.add_account(s, outlet, "bu.rina", "Rina", "manager", "2468")
    old = _enrolled(service, tmp_path / "old", clock, "EW-1")
    new = _enrolled(service, tmp_path / "new", clock, "EW-2")
    try:
        for ctx in (old, new):
            _stock_up(ctx)
        _redeem(old, "D1")  # Rp 47.000 of D1's April voucher, at its first outlet
        sync.sync_now(old)
        sync.sync_now(new)  # the new outlet's cursor passes every number issued so far

        # The office re-imports the roster with only D1's outlet changed.
        with service.central.session() as s, s.begin():
            # the same file the office imported first, with only D1's outlet changed
            lines = roster_csv(FAMILIES).decode().splitlines()
            lines = [x.replace(",EW-1,", ",EW-2,") if x.startswith("D1,") else x for x in lines]
            result = admin.import_roster(s, ("\n".join(lines) + "\n").encode(), clock())
        assert result.moved == 1

        sync.sync_now(new)
        with new.db.read() as s:
            v = s.scalars(select(Voucher).where(Voucher.code == "BPNT-2018-04-D1")).one()
            assert v.redeemed_elsewhere == 47_000
            d1 = s.scalars(select(Family).where(Family.dtks_id == "D1")).one()
            assert d1.outlet_code == "EW-2" and "flag.moved" not in d1.flags
        served = _redeem(new, "D1")
        assert served.total == 47_000
        assert sync.sync_now(new).disputed == 0

        sync.sync_now(old)
        _, _, families = _ids(old)
        entitlement = sales.entitlement(old, families["D1"])
        assert not entitlement.redeemable and entitlement.reason == "family.moved"
        with pytest.raises(DomainError) as refused:
            _redeem(old, "D1")
        assert refused.value.code == "family.moved"
        text = render(refused.value.code, "id", **refused.value.params)
        assert "pindah ke EW-2" in text
        assert "moved to EW-2" in render(refused.value.code, "en", **refused.value.params)
        _redeem(old, "D2")  # its own families are served as ever
        assert sync.sync_now(old).disputed == 0

        with service.central.session() as s:
            assert s.get(CentralVoucher, "BPNT-2018-04-D1").redeemed == 94_000
            assert s.scalars(select(Dispute)).all() == []
    finally:
        old.close()
        new.close()
