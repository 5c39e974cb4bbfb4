"""Property tests: random days at the counter keep the books whole.

Hypothesis draws sequences of redemptions, cash sales, voids (right and wrong manager
PINs), deliveries, adjustments, stock counts and day closes, runs them through the real
services on a real outlet database, and checks against a simple model of the money and
goods:
- each voucher's remaining = amount - allocations + reversals, and never negative;
- stock on hand = the sum of its movements = what the model expects, never negative;
- the journal verifies (`services.verify`), receipt numbers are 1..n with no gap;
- a refusal changes nothing, and over-entitlement / out-of-stock refusals carry the
  numbers the model predicts.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Sale, StockMovement, Voucher, VoucherAllocation
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services import day, sales, stock, verify
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine
from tests.conftest import FakeClock
from tests.services.sales_helpers import Seed, cheap_pin_hashing, seed

START = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)
SKUS = ["BRS-MED", "BRS-PRM", "BRS-5KG", "TLR", "MNY-1L", "TMP"]
FAMILIES = ["sumiati", "suparman", "wartini"]
QTYS = [250, 500, 1000, 1500, 2000, 5000, 12_000, 40_000]

SALE_REFUSALS = {
    "day.closed",  # after a "close" op, until "later" reaches the next day
    "sale.over_entitlement",
    "sale.out_of_stock",
    "sale.not_eligible",
    "sale.whole_units",
    "sale.cash_short",
    "family.suspended",
    "sale.no_open_voucher",
    "sale.empty",
}
VOID_REFUSALS = {
    "day.closed",
    "void.is_void",
    "void.already_voided",
    "auth.wrong_pin",
    "auth.locked",
}
STOCK_REFUSALS = {"stock.negative", "stock.whole_units"}


@dataclass
class Template:
    root: Path
    data: Seed


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    """One seeded outlet; every example runs on its own copy of the folder."""
    root = tmp_path_factory.mktemp("sales-template") / "data"
    ctx = open_outlet(root, clock=FakeClock(START))
    with cheap_pin_hashing():
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
        data = seed(ctx)
    ctx.close()
    return Template(root, data)


# Mostly sensible lines (so sales commit), some that break a rule (so refusals happen).
LINES = [
    ("BRS-MED", 1000),
    ("BRS-MED", 2500),
    ("BRS-MED", 10_000),
    ("BRS-PRM", 1500),
    ("BRS-PRM", 5000),
    ("BRS-5KG", 1000),
    ("BRS-5KG", 2000),
    ("TLR", 500),
    ("TLR", 1000),
    ("MNY-1L", 1000),
    ("MNY-1L", 2000),
    ("TMP", 1000),
    ("TMP", 3000),
    ("BRS-5KG", 1500),
    ("BRS-PRM", 40_000),
    ("TLR", 40_000),
]
lines_st = st.lists(st.sampled_from(LINES), min_size=1, max_size=3)
op_st = st.one_of(
    st.tuples(st.just("redeem"), st.sampled_from(FAMILIES), lines_st),
    st.tuples(st.just("redeem"), st.sampled_from(FAMILIES[:2]), lines_st),
    st.tuples(st.just("cash"), lines_st, st.sampled_from([0, 500, 10_000, -1])),
    st.tuples(st.just("void"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("deliver"), st.sampled_from(SKUS), st.sampled_from(QTYS)),
    st.tuples(
        st.just("adjust"),
        st.sampled_from(SKUS),
        st.sampled_from(QTYS),
        st.sampled_from(["damaged", "lost", "correction"]),
    ),
    st.tuples(st.just("later"), st.sampled_from([1, 7, 60])),
    st.tuples(st.just("count"), st.sampled_from(SKUS), st.sampled_from([0, 1000, 7000, 50_000])),
    st.tuples(st.just("close"), st.just(None)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op_st, min_size=3, max_size=14))
def test_random_days_keep_vouchers_stock_journal_and_receipts_whole(template, ops):
    work = Path(tempfile.mkdtemp(prefix="sales-prop-", dir=template.root.parent))
    shutil.copytree(template.root, work / "data")
    clock = FakeClock(START)
    ctx = open_outlet(work / "data", clock=clock)
    try:
        with cheap_pin_hashing():
            _run(ctx, clock, template.data, ops)
    finally:
        ctx.close()
        shutil.rmtree(work, ignore_errors=True)


def _run(ctx, clock: FakeClock, data: Seed, ops) -> None:
    pid = data.products
    with ctx.db.read() as s:
        remaining = {v.id: v.amount - v.redeemed_elsewhere for v in s.scalars(select(Voucher))}
        model_stock = dict(on_hand(s))
    committed: list[sales.SaleResult] = []

    def open_total(family_id: int) -> int:
        return sales.entitlement(ctx, family_id).total_open

    for op in ops:
        kind = op[0]
        if kind == "redeem":
            family_id = data.families[op[1]]
            cart = [CartLine(pid[sku], qty) for sku, qty in op[2]]
            before = open_total(family_id)
            try:
                result = sales.redeem(ctx, data.cashier_id, family_id, cart)
            except DomainError as exc:
                event(f"redeem refused: {exc.code}")
                assert exc.code in SALE_REFUSALS, exc
                if exc.code == "sale.over_entitlement":
                    assert exc.params["open"] == before < exc.params["total"]
                if exc.code == "sale.out_of_stock":
                    assert exc.params["qty"] > model_stock.get(pid_of(pid, exc), 0)
                continue
            assert 0 < result.total <= before
            assert sum(a.amount for a in result.allocations) == result.total
            periods = [a.period for a in result.allocations]
            assert periods == sorted(periods)
            # every voucher before the last one drawn is emptied: oldest first
            assert all(a.remaining_after == 0 for a in result.allocations[:-1])
            for a in result.allocations:
                remaining[a.voucher_id] -= a.amount
            for line in cart:
                model_stock[line.product_id] = model_stock.get(line.product_id, 0) - line.qty_milli
            committed.append(result)
        elif kind == "cash":
            cart = [CartLine(pid[sku], qty) for sku, qty in op[1]]
            preview = sales.check_cart(ctx, None, cart)
            tendered = max(0, preview.total + op[2])
            try:
                result = sales.sell_cash(ctx, data.cashier_id, cart, tendered)
            except DomainError as exc:
                event(f"cash refused: {exc.code}")
                assert exc.code in SALE_REFUSALS | {"sale.above_ceiling", "sale.zero_total"}, exc
                continue
            assert result.change == tendered - result.total >= 0
            for line in cart:
                model_stock[line.product_id] = model_stock.get(line.product_id, 0) - line.qty_milli
            committed.append(result)
        elif kind == "void":
            if not committed:
                continue
            target = committed[op[1] % len(committed)]
            pin = data.manager_pin if op[2] else "0000"
            try:
                result = sales.void_sale(
                    ctx, data.cashier_id, target.sale_id, data.manager, pin, "uji"
                )
            except DomainError as exc:
                assert exc.code in VOID_REFUSALS, exc
                continue
            assert target.kind != "void" and result.total == -target.total
            for a in result.allocations:
                remaining[a.voucher_id] -= a.amount
            for line in sales.get_sale(ctx, result.sale_id).lines:
                model_stock[line.product_id] = model_stock.get(line.product_id, 0) - line.qty_milli
            committed.append(result)
        elif kind == "deliver":
            product_id, qty = pid[op[1]], op[2]
            try:
                stock.receive_delivery(
                    ctx, data.manager_id, "Bulog", "SJ-9", [stock.DeliveryLine(product_id, qty, 1)]
                )
            except DomainError as exc:
                assert exc.code in STOCK_REFUSALS, exc
                continue
            model_stock[product_id] = model_stock.get(product_id, 0) + qty
        elif kind == "adjust":
            product_id, qty, reason = pid[op[1]], op[2], op[3]
            change = qty if reason == "correction" and qty % 2000 == 0 else -qty
            try:
                stock.adjust_stock(
                    ctx, data.manager_id, reason, [stock.AdjustmentLine(product_id, change)]
                )
            except DomainError as exc:
                assert exc.code in STOCK_REFUSALS, exc
                if exc.code == "stock.negative":
                    assert model_stock.get(product_id, 0) + change < 0
                continue
            model_stock[product_id] = model_stock.get(product_id, 0) + change
        elif kind == "count":
            product_id, counted = pid[op[1]], op[2]
            stock.count_stock(ctx, data.manager_id, [stock.CountLine(product_id, counted)])
            model_stock[product_id] = counted
        elif kind == "close":
            try:
                day.close_day(ctx, data.manager_id)
            except DomainError as exc:
                assert exc.code == "day.already_closed", exc
        elif kind == "later":
            clock.advance(minutes=op[1])

    kinds = sorted({r.kind for r in committed})
    event(f"committed kinds: {', '.join(kinds) or 'none'}")
    _check_books(ctx, data, remaining, model_stock)


def pid_of(products: dict[str, int], exc: DomainError) -> int:
    from tests.services.sales_helpers import PRODUCTS

    names = {name: sku for sku, name, *_ in PRODUCTS}
    return products[names[exc.params["product"]]]


def _check_books(ctx, data: Seed, remaining: dict[int, int], model_stock: dict[int, int]) -> None:
    with ctx.db.read() as s:
        vouchers = s.scalars(select(Voucher)).all()
        for v in vouchers:
            drawn = int(
                s.scalar(
                    select(func.coalesce(func.sum(VoucherAllocation.amount), 0)).where(
                        VoucherAllocation.voucher_id == v.id, VoucherAllocation.amount > 0
                    )
                )
                or 0
            )
            reversed_ = -int(
                s.scalar(
                    select(func.coalesce(func.sum(VoucherAllocation.amount), 0)).where(
                        VoucherAllocation.voucher_id == v.id, VoucherAllocation.amount < 0
                    )
                )
                or 0
            )
            assert v.amount - v.redeemed_elsewhere - drawn + reversed_ == remaining[v.id]
            assert remaining[v.id] >= 0
        stock_now = on_hand(s)
        movement_sums = dict(
            s.execute(
                select(StockMovement.product_id, func.sum(StockMovement.qty_milli)).group_by(
                    StockMovement.product_id
                )
            ).all()
        )
        receipts = s.execute(
            select(Sale.receipt_seq, Sale.receipt_no).order_by(Sale.receipt_seq)
        ).all()
    for family_id in data.families.values():
        for line in sales.entitlement(ctx, family_id).vouchers:
            assert line.remaining == remaining[line.voucher_id]
    for product_id in set(stock_now) | set(model_stock):
        assert stock_now.get(product_id, 0) == model_stock.get(product_id, 0)
        assert stock_now.get(product_id, 0) == int(movement_sums.get(product_id) or 0)
        assert stock_now.get(product_id, 0) >= 0
    assert [seq for seq, _ in receipts] == list(range(1, len(receipts) + 1))
    assert [no for _, no in receipts] == [f"K1-{seq:07d}" for seq, _ in receipts]
    report = verify.verify_journal(ctx)
    assert report.ok, [p.message("en") for p in report.problems]
