"""The commit's one-statement state and its plain-SQL reads say what the shared rules say.

`services.sales.commit._STATE` writes out the business day (`business_day.day_for_new_fact`),
the receipt numbering and the journal's last entry; `snapshots` and the balances write out
`db.queries.VOUCHER_REMAINING` / `PRODUCT_ON_HAND` / `open_balances`. These tests hold them
equal on the same rows, through a closed day, a day opened early, a restore's floor.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.engine import dbapi
from ewarong_pos.db.models import Product, Voucher
from ewarong_pos.db.queries import PRODUCT_ON_HAND, VOUCHER_REMAINING, open_balances
from ewarong_pos.services import business_day
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.day import close_day
from ewarong_pos.services.sales import CartLine, redeem, sell_cash
from ewarong_pos.services.sales import commit as sales_commit
from ewarong_pos.services.sales.snapshots import _product_snapshots, voucher_snapshots
from ewarong_pos.services.settings import RECEIPT_SEQ_FLOOR
from ewarong_pos.services.stock import DeliveryLine, receive_delivery
from tests.services.b2_data import add_catalogue, add_family, add_voucher


@pytest.fixture
def shop(ctx):
    sku = add_catalogue(ctx)
    cashier = create_account(ctx, "ani", "Ani Kasir", "cashier", "1234").id
    manager = create_account(ctx, "bos", "Bu Bos", "manager", "8888").id
    receive_delivery(ctx, manager, "Bulog", "SJ-1", [DeliveryLine(sku["BRS-MED"], 500_000, 8_000)])
    family = add_family(ctx, 1)
    for period in ("2018-03", "2018-04"):
        add_voucher(ctx, family, period)
    return {"sku": sku, "cashier": cashier, "manager": manager, "family": family}


def _both(ctx, cashier: int) -> tuple[sales_commit._State, dt.date | str, object]:
    """The commit's state, and what the ORM-side rules say at the same moment."""
    moment = ctx.now()
    with ctx.db.write() as s:
        state = sales_commit._state(dbapi(s), ctx.device_id, cashier, moment)
        try:
            day: dt.date | str = business_day.day_for_new_fact(s, ctx.device_id, moment)
        except DomainError as exc:
            day = exc.code
        last = journal._last(s, ctx.device_id)
        s.rollback()
    return state, day, last


def test_state_follows_the_business_day_rule(ctx, shop, clock):
    cashier, manager = shop["cashier"], shop["manager"]
    state, day, last = _both(ctx, cashier)
    calendar = clock().astimezone(WIB).date()
    assert (state.business_date, state.closed, day) == (calendar, False, calendar)
    assert state.cashier is not None and state.cashier.username == "ani"
    assert state.till is not None and state.till.id == ctx.device_id
    assert state.last == tuple(last)  # the delivery's entry
    assert state.receipt_seq == 1

    sell_cash(ctx, cashier, [CartLine(shop["sku"]["BRS-MED"], 1_000)], 20_000)
    close_day(ctx, manager)
    state, day, last = _both(ctx, cashier)
    assert (state.business_date, state.closed, day) == (calendar, True, "day.closed")
    assert state.last == tuple(last)
    assert state.receipt_seq == 2

    business_day.open_next_day(ctx, manager)  # before the calendar gets there
    state, day, _last = _both(ctx, cashier)
    tomorrow = calendar + dt.timedelta(days=1)
    assert (state.business_date, state.closed, day) == (tomorrow, False, tomorrow)

    close_day(ctx, manager, tomorrow)
    state, day, _last = _both(ctx, cashier)
    assert (state.business_date, state.closed, day) == (tomorrow, True, "day.closed")

    clock.advance(days=2)  # the calendar passes the opened day: its own date, open
    state, day, _last = _both(ctx, cashier)
    later = clock().astimezone(WIB).date()
    assert (state.business_date, state.closed, day) == (later, False, later)


def test_state_takes_the_restore_floor_and_refuses_an_inactive_cashier(ctx, shop):
    with ctx.db.write() as s:
        RECEIPT_SEQ_FLOOR.put(s, 41)
    state, _day, _last = _both(ctx, shop["cashier"])
    assert state.receipt_seq == 42
    state, _day, _last = _both(ctx, 999)
    assert state.cashier is None
    result = sell_cash(ctx, shop["cashier"], [CartLine(shop["sku"]["BRS-MED"], 1_000)], 20_000)
    assert result.receipt_no.endswith("0000042")


def test_plain_reads_equal_the_shared_expressions(ctx, shop):
    sku, family = shop["sku"], shop["family"]
    redeem(ctx, shop["cashier"], family, [CartLine(sku["BRS-MED"], 10_000)])
    day = dt.date(2018, 4, 12)
    with ctx.db.read() as s:
        shared = dict(s.execute(select(Voucher.id, VOUCHER_REMAINING)).all())
        plain = {v.id: v.remaining for v in voucher_snapshots(s, family)}
        assert plain == shared and len(plain) == 2
        on_hand = dict(s.execute(select(Product.id, PRODUCT_ON_HAND)).all())
        snaps = _product_snapshots(s, list(on_hand))
        assert {pid: p.on_hand_milli for pid, p in snaps.items()} == on_hand
        rows = dbapi(s).execute(
            sales_commit._OPEN_BALANCES, (family, day.isoformat(), day.isoformat())
        )
        assert [(p, int(left)) for p, left in rows if int(left) > 0] == open_balances(
            s, family, day
        )
