"""Day summary and closing: figures equal the database, voids reverse, close once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import canonical, verify_chain
from ewarong_pos.db.journal import iter_entries
from ewarong_pos.db.models import DayClose, JournalEntry, Sale, SaleLine
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.day import close_day, day_summary
from ewarong_pos.services.sales import CartLine, redeem, sell_cash, void_sale
from ewarong_pos.services.stock import DeliveryLine, receive_delivery
from tests.services.b2_data import add_catalogue, add_family, add_voucher

DAY = dt.date(2018, 4, 12)


@pytest.fixture
def shop(ctx):
    """Catalogue, stock, a cashier and a manager, three families with vouchers."""
    sku = add_catalogue(ctx)
    cashier = create_account(ctx, "ani", "Ani Kasir", "cashier", "1234").id
    manager = create_account(ctx, "bos", "Bu Bos", "manager", "8888").id
    receive_delivery(
        ctx,
        manager,
        "Bulog",
        "SJ-1",
        [
            DeliveryLine(sku["BRS-MED"], 500_000, 8_000),
            DeliveryLine(sku["TLR-KG"], 20_000, 19_000),
            DeliveryLine(sku["MYK-1L"], 20_000, 12_000),
        ],
    )
    fams = [add_family(ctx, n) for n in (1, 2, 3)]
    vouchers = {
        "f1-03": add_voucher(ctx, fams[0], "2018-03"),
        "f1-04": add_voucher(ctx, fams[0], "2018-04"),
        "f2-04": add_voucher(ctx, fams[1], "2018-04"),
        "f3-04": add_voucher(ctx, fams[2], "2018-04"),
    }
    return {"sku": sku, "cashier": cashier, "manager": manager, "fams": fams, "v": vouchers}


def _trade(ctx, shop, clock):
    """The day's business: 3 redemptions, 2 cash sales, 2 voids, one redemption again."""
    sku, c = shop["sku"], shop["cashier"]
    rice, eggs, oil = sku["BRS-MED"], sku["TLR-KG"], sku["MYK-1L"]
    r1 = redeem(ctx, c, shop["fams"][0], [CartLine(rice, 10_000)])  # 94,500 from March
    clock.advance(minutes=7)
    r2 = redeem(ctx, c, shop["fams"][1], [CartLine(rice, 10_000), CartLine(eggs, 500)])
    clock.advance(minutes=7)
    k1 = sell_cash(ctx, c, [CartLine(oil, 2_000)], 50_000)  # 28,000
    clock.advance(minutes=7)
    k2 = sell_cash(ctx, c, [CartLine(rice, 1_000)], 10_000)  # 9,450
    clock.advance(minutes=7)
    v1 = void_sale(ctx, c, k2.sale_id, "bos", "8888", "salah input")
    clock.advance(minutes=7)
    v2 = void_sale(ctx, c, r2.sale_id, "bos", "8888", "keluarga batal")
    clock.advance(minutes=7)
    r3 = redeem(ctx, c, shop["fams"][1], [CartLine(rice, 5_000)])  # 47,250
    clock.advance(minutes=7)
    # F1 again: 15,500 left in March, then April: 20 kg = 189,000 spans both months
    r4 = redeem(ctx, c, shop["fams"][0], [CartLine(rice, 12_000)])  # 113,400
    return {"r1": r1, "r2": r2, "k1": k1, "k2": k2, "v1": v1, "v2": v2, "r3": r3, "r4": r4}


def test_empty_day(ctx, shop):
    summary = day_summary(ctx, DAY)
    assert [(k.kind, k.count, k.total) for k in summary.kinds] == [
        ("redemption", 0, 0),
        ("cash", 0, 0),
        ("void", 0, 0),
    ]
    assert summary.cash_expected == 0 and summary.receipt_count == 0
    assert summary.first_receipt is None and summary.missing_receipts == ()
    assert summary.outlet_code == "EW-3171-0001" and summary.device_code == "K1"
    assert summary.closed is None


def test_summary_figures(ctx, shop, clock):
    sales = _trade(ctx, shop, clock)
    summary = day_summary(ctx, DAY)
    assert summary.kind("redemption") == type(summary.kind("redemption"))(
        "redemption", 4, 94_500 + 106_000 + 47_250 + 113_400
    )
    assert (summary.kind("cash").count, summary.kind("cash").total) == (2, 28_000 + 9_450)
    assert (summary.kind("void").count, summary.kind("void").total) == (2, -9_450 - 106_000)
    assert summary.cash_expected == 28_000
    assert summary.redeemed_net == 94_500 + 47_250 + 113_400
    assert summary.families_served == 2
    products = {p.sku: p for p in summary.products}
    rice = products["BRS-MED"]
    assert (rice.qty_milli, rice.amount) == (27_000, 94_500 + 47_250 + 113_400)
    assert (rice.redemption_qty_milli, rice.cash_qty_milli, rice.cash_amount) == (27_000, 0, 0)
    assert (products["TLR-KG"].qty_milli, products["TLR-KG"].amount) == (0, 0)
    assert (products["MYK-1L"].cash_qty_milli, products["MYK-1L"].cash_amount) == (2_000, 28_000)
    periods = {p.period: p for p in summary.periods}
    assert (periods["2018-03"].amount, periods["2018-03"].vouchers) == (110_000, 1)
    assert periods["2018-04"].amount == 47_250 + (113_400 - 15_500)
    assert (periods["2018-04"].vouchers, periods["2018-04"].families) == (2, 2)
    assert [
        (v.receipt_no, v.voided_receipt_no, v.voided_kind, v.total, v.reason, v.approved_by)
        for v in summary.voids
    ] == [
        (sales["v1"].receipt_no, sales["k2"].receipt_no, "cash", -9_450, "salah input", "bos"),
        (
            sales["v2"].receipt_no,
            sales["r2"].receipt_no,
            "redemption",
            -106_000,
            "keluarga batal",
            "bos",
        ),
    ]
    assert [(c.username, c.redemptions, c.cash_sales, c.voids) for c in summary.cashiers] == [
        ("ani", 4, 2, 2)
    ]
    assert (summary.first_receipt, summary.last_receipt) == (
        sales["r1"].receipt_no,
        sales["r4"].receipt_no,
    )
    assert summary.receipt_count == 8 and summary.missing_receipts == ()


def test_summary_equals_the_database(ctx, shop, clock):
    _trade(ctx, shop, clock)
    summary = day_summary(ctx, DAY)
    with ctx.db.read() as s:
        conn = s.connection()
        by_kind = dict(
            conn.execute(
                text("SELECT kind, SUM(total) FROM sale WHERE business_date = :d GROUP BY kind"),
                {"d": DAY.isoformat()},
            ).all()
        )
        lines = conn.execute(
            text(
                "SELECT SUM(l.total), SUM(l.qty_milli) FROM sale_line l JOIN sale s "
                "ON s.id = l.sale_id WHERE s.business_date = :d"
            ),
            {"d": DAY.isoformat()},
        ).one()
        allocated = conn.execute(
            text(
                "SELECT SUM(a.amount) FROM voucher_allocation a JOIN sale s "
                "ON s.id = a.sale_id WHERE s.business_date = :d"
            ),
            {"d": DAY.isoformat()},
        ).scalar()
    assert {k.kind: k.total for k in summary.kinds} == by_kind
    assert sum(p.amount for p in summary.products) == lines[0]
    assert sum(p.qty_milli for p in summary.products) == lines[1]
    assert sum(p.amount for p in summary.periods) == allocated == summary.redeemed_net
    assert summary.cash_expected + summary.redeemed_net == sum(by_kind.values())


def test_close_day_writes_row_and_journal(ctx, shop, clock):
    _trade(ctx, shop, clock)
    clock.now = dt.datetime(2018, 4, 12, 10, 0, tzinfo=dt.UTC)  # 17:00 WIB
    before = day_summary(ctx, DAY)
    result = close_day(ctx, shop["manager"], DAY)
    assert result.summary.closed is not None
    assert result.summary.closed.closed_by == "bos"
    assert result.summary.closed.journal_seq == result.journal_seq
    assert result.summary.totals() == before.totals()
    with ctx.db.read() as s:
        row = s.scalar(select(DayClose))
        assert row.business_date == DAY and row.closed_by_id == shop["manager"]
        assert row.totals == canonical(before.totals())
        entry = s.scalar(select(JournalEntry).where(JournalEntry.seq == result.journal_seq))
        assert entry.kind == "day.close" and entry.hash == result.journal_hash
        payload = json.loads(entry.payload)
        assert verify_chain(iter_entries(s, ctx.device_id)) is None
    assert payload == {"business_date": "2018-04-12", "actor": "bos", "totals": before.totals()}
    assert payload["totals"]["cash_expected"] == 28_000
    assert payload["totals"]["kinds"]["void"] == {"count": 2, "total": -115_450}
    assert day_summary(ctx, DAY).closed == result.summary.closed


def test_close_twice_refused(ctx, shop, clock):
    close_day(ctx, shop["manager"], DAY)
    clock.advance(hours=1)
    with pytest.raises(DomainError) as exc:
        close_day(ctx, shop["manager"], DAY)
    assert exc.value.code == "day.already_closed"
    assert exc.value.params == {"date": "2018-04-12", "closed_at": "2018-04-12T02:00:00.000000Z"}
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(DayClose)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(JournalEntry)
                .where(JournalEntry.kind == "day.close")
            )
            == 1
        )


def test_close_future_or_by_unknown_refused(ctx, shop):
    with pytest.raises(DomainError) as exc:
        close_day(ctx, shop["manager"], DAY + dt.timedelta(days=1))
    assert exc.value.code == "day.future"
    with pytest.raises(DomainError) as exc:
        close_day(ctx, 4242, DAY)
    assert exc.value.code == "auth.actor_unknown"


def test_default_date_is_today_wib(ctx, shop, clock):
    clock.now = dt.datetime(2018, 4, 12, 17, 30, tzinfo=dt.UTC)  # 00:30 WIB on the 13th
    result = close_day(ctx, shop["manager"])
    assert result.summary.business_date == dt.date(2018, 4, 13)


def test_days_are_separate_and_voids_count_on_their_own_day(ctx, shop, clock):
    sku, c = shop["sku"], shop["cashier"]
    k1 = sell_cash(ctx, c, [CartLine(sku["MYK-1L"], 1_000)], 14_000)
    close_day(ctx, shop["manager"], DAY)
    clock.advance(days=1)
    void_sale(ctx, c, k1.receipt_no, "bos", "8888", "dikembalikan")
    k2 = sell_cash(ctx, c, [CartLine(sku["MYK-1L"], 2_000)], 30_000)
    first, second = day_summary(ctx, DAY), day_summary(ctx, DAY + dt.timedelta(days=1))
    assert first.cash_expected == 14_000 and first.receipt_count == 1
    assert second.cash_expected == 28_000 - 14_000
    assert [v.voided_receipt_no for v in second.voids] == [k1.receipt_no]
    assert second.last_receipt == k2.receipt_no and second.missing_receipts == ()
    assert second.closed is None


def test_missing_receipt_numbers_are_reported(ctx, shop, clock):
    sku, c = shop["sku"], shop["cashier"]
    made = [sell_cash(ctx, c, [CartLine(sku["MYK-1L"], 1_000)], 14_000) for _ in range(4)]
    # Someone deletes the second sale behind the app's back.
    with ctx.db.write() as s:
        victim = s.scalar(select(Sale).where(Sale.receipt_no == made[1].receipt_no))
        for table in ("stock_movement", "voucher_allocation", "sale_line", "print_job"):
            s.execute(text(f"DELETE FROM {table} WHERE sale_id = :i"), {"i": victim.id})
        s.execute(text("DELETE FROM sale WHERE id = :i"), {"i": victim.id})
    summary = day_summary(ctx, DAY)
    assert summary.receipt_count == 3
    assert summary.missing_receipts == (2,)
    assert summary.cash_expected == 3 * 14_000
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SaleLine)) == 3


def test_a_family_whose_only_redemption_was_voided_was_not_served(ctx, shop, clock):
    sku, c = shop["sku"], shop["cashier"]
    r = redeem(ctx, c, shop["fams"][2], [CartLine(sku["BRS-MED"], 1_000)])
    clock.advance(minutes=5)
    void_sale(ctx, c, r.sale_id, "bos", "8888", "keluarga batal")
    summary = day_summary(ctx, DAY)
    assert summary.kind("redemption").count == 1
    assert summary.families_served == 0
