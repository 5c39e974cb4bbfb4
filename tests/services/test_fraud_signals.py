"""Fraud signals: each one triggered by the pattern it looks for, and quiet without it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import MESSAGES, placeholders
from ewarong_pos.db.models import Outlet, Product, Sale
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.fraud_signals import Thresholds, fraud_signals
from ewarong_pos.services.sales import CartLine, redeem, sell_cash, void_sale
from ewarong_pos.services.stock import DeliveryLine, receive_delivery
from tests.services.b2_data import add_catalogue, add_family, add_voucher, nik_for

DAY = dt.date(2018, 4, 12)


@pytest.fixture
def shop(ctx):
    sku = add_catalogue(ctx)
    cashier = create_account(ctx, "ani", "Ani", "cashier", "1234").id
    create_account(ctx, "budi", "Budi", "cashier", "1234")
    manager = create_account(ctx, "bos", "Bu Bos", "manager", "8888").id
    receive_delivery(
        ctx,
        manager,
        "Bulog",
        "SJ-1",
        [
            DeliveryLine(sku["BRS-MED"], 1_000_000, 8_000),
            DeliveryLine(sku["TLR-KG"], 50_000, 19_000),
            DeliveryLine(sku["TLR-BTR"], 300_000, 1_200),
            DeliveryLine(sku["MYK-1L"], 50_000, 12_000),
        ],
    )
    return {"sku": sku, "cashier": cashier, "manager": manager}


def _families(ctx, count: int, start: int = 1, amount: int = 110_000, **over) -> list[int]:
    ids = []
    for serial in range(start, start + count):
        fid = add_family(ctx, serial, **over)
        add_voucher(ctx, fid, "2018-04", amount)
        ids.append(fid)
    return ids


def _codes(signals) -> list[str]:
    return [s.code for s in signals]


def _only(signals, code):
    found = [s for s in signals if s.code == code]
    assert len(found) == 1, _codes(signals)
    return found[0]


def _redeem_each(ctx, shop, clock, fams, minutes: float, qty=10_000, product="BRS-MED"):
    made = []
    for fid in fams:
        made.append(redeem(ctx, shop["cashier"], fid, [CartLine(shop["sku"][product], qty)]))
        clock.advance(minutes=minutes)
    return made


def test_no_sales_no_signals(ctx, shop):
    assert fraud_signals(ctx, DAY, DAY) == []


def test_bad_range_refused(ctx, shop):
    with pytest.raises(DomainError) as exc:
        fraud_signals(ctx, DAY, DAY - dt.timedelta(days=1))
    assert exc.value.code == "stock.bad_range"


def test_burst_of_redemptions(ctx, shop, clock):
    fams = _families(ctx, 11)
    # quantities differ so no basket signal muddles the picture
    made = []
    for i, fid in enumerate(fams):
        clock.advance(seconds=55)
        made.append(
            redeem(ctx, shop["cashier"], fid, [CartLine(shop["sku"]["BRS-MED"], 1_000 * (i + 1))])
        )
    signals = fraud_signals(ctx, DAY, DAY)
    burst = _only(signals, "signal.burst")
    assert burst.severity == "high"
    assert burst.params == {"count": 11, "cashier": "ani", "minutes": 10}
    assert burst.receipts == tuple(r.receipt_no for r in made)
    assert len(burst.families) == 11
    assert burst.message("id") == "11 penebusan oleh ani dalam 10 menit"
    assert signals[0].severity == "high"


def test_no_burst_when_spread_out(ctx, shop, clock):
    fams = _families(ctx, 11)
    for i, fid in enumerate(fams):
        redeem(ctx, shop["cashier"], fid, [CartLine(shop["sku"]["BRS-MED"], 1_000 * (i + 1))])
        clock.advance(minutes=2)
    assert "signal.burst" not in _codes(fraud_signals(ctx, DAY, DAY))
    # a tighter threshold finds it
    tight = Thresholds(burst_count=5, burst_minutes=10)
    burst = _only(fraud_signals(ctx, DAY, DAY, tight), "signal.burst")
    assert burst.params["count"] == 11  # overlapping windows merge into one run


def test_burst_is_per_cashier(ctx, shop, clock):
    fams = _families(ctx, 10)
    with ctx.db.read() as s:
        budi = s.scalar(text("SELECT id FROM account WHERE username = 'budi'"))
    for i, fid in enumerate(fams):
        cashier = shop["cashier"] if i % 2 else budi
        redeem(ctx, cashier, fid, [CartLine(shop["sku"]["BRS-MED"], 1_000 * (i + 1))])
        clock.advance(seconds=30)
    assert "signal.burst" not in _codes(fraud_signals(ctx, DAY, DAY))


def test_identical_baskets(ctx, shop, clock):
    fams = _families(ctx, 6)
    made = _redeem_each(ctx, shop, clock, fams[:5], minutes=30)
    redeem(ctx, shop["cashier"], fams[5], [CartLine(shop["sku"]["TLR-KG"], 2_000)])
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.identical_baskets")
    assert signal.params == {"families": 5, "count": 5}
    assert signal.receipts == tuple(r.receipt_no for r in made)


def test_identical_baskets_quiet_below_thresholds(ctx, shop, clock):
    fams = _families(ctx, 12)
    _redeem_each(ctx, shop, clock, fams[:4], minutes=30)  # 4 families: below 5
    assert "signal.identical_baskets" not in _codes(fraud_signals(ctx, DAY, DAY))
    _redeem_each(ctx, shop, clock, fams[4:5], minutes=30)  # 5 of 5: triggered
    assert "signal.identical_baskets" in _codes(fraud_signals(ctx, DAY, DAY))
    for i, fid in enumerate(fams[5:]):  # 7 other baskets: 5 of 12 is under half
        redeem(ctx, shop["cashier"], fid, [CartLine(shop["sku"]["BRS-MED"], 2_000 + i * 500)])
        clock.advance(minutes=30)
    assert "signal.identical_baskets" not in _codes(fraud_signals(ctx, DAY, DAY))


def test_voided_sales_are_not_baskets(ctx, shop, clock):
    fams = _families(ctx, 5)
    made = _redeem_each(ctx, shop, clock, fams, minutes=30)
    void_sale(ctx, shop["cashier"], made[0].sale_id, "bos", "8888", "batal")
    assert "signal.identical_baskets" not in _codes(fraud_signals(ctx, DAY, DAY))


def test_full_voucher_baskets(ctx, shop, clock):
    # A voucher of Rp 94.500 is exactly 10 kg of medium rice at Rp 9.450.
    fams = _families(ctx, 10, amount=94_500)
    made = _redeem_each(ctx, shop, clock, fams, minutes=30)
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.full_voucher")
    assert signal.params == {"count": 10, "total": 10, "cashier": "ani"}
    assert signal.receipts == tuple(r.receipt_no for r in made)
    assert "10 dari 10 penebusan oleh ani" in signal.message("id")


def test_full_voucher_quiet_when_families_choose(ctx, shop, clock):
    fams = _families(ctx, 10, amount=94_500)
    _redeem_each(ctx, shop, clock, fams[:7], minutes=30)
    for fid in fams[7:]:
        redeem(ctx, shop["cashier"], fid, [CartLine(shop["sku"]["BRS-MED"], 4_000)])
    # 7 of 10 full: under the 80% share
    assert "signal.full_voucher" not in _codes(fraud_signals(ctx, DAY, DAY))
    assert "signal.full_voucher" in _codes(
        fraud_signals(ctx, DAY, DAY, Thresholds(full_voucher_min=5, full_voucher_share=0.7))
    )


def test_outside_opening_hours(ctx, shop, clock):
    oil = shop["sku"]["MYK-1L"]
    # the next day (the clock only moves forward: the shop was stocked at 09:00 on the 12th)
    day = DAY + dt.timedelta(days=1)
    clock.now = dt.datetime(2018, 4, 12, 23, 30, tzinfo=dt.UTC)  # 06:30 WIB on the 13th
    early = sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000)
    clock.now = dt.datetime(2018, 4, 13, 0, 0, tzinfo=dt.UTC)  # 07:00 WIB: open
    sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000)
    clock.now = dt.datetime(2018, 4, 13, 9, 59, tzinfo=dt.UTC)  # 16:59 WIB: open
    sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000)
    clock.now = dt.datetime(2018, 4, 13, 10, 0, tzinfo=dt.UTC)  # 17:00 WIB: closed
    late = sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000)
    found = [s for s in fraud_signals(ctx, day, day) if s.code == "signal.outside_hours"]
    assert [(s.params["receipt_no"], s.params["time"]) for s in found] == [
        (early.receipt_no, "06:30"),
        (late.receipt_no, "17:00"),
    ]
    assert found[0].params["opening"] == "07:00" and found[0].params["closing"] == "17:00"
    # the outlet's own hours are used
    with ctx.db.write() as s:
        outlet = s.scalars(select(Outlet)).one()
        outlet.opening_time, outlet.closing_time = "06:00", "18:00"
    assert "signal.outside_hours" not in _codes(fraud_signals(ctx, day, day))


def test_nik_shared_by_two_families(ctx, shop):
    add_family(ctx, 1)
    add_family(ctx, 2)
    assert "signal.nik_shared" not in _codes(fraud_signals(ctx, DAY, DAY))
    add_family(ctx, 3, nik=nik_for(1))
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.nik_shared")
    assert signal.params == {"families": 2, "nik_last4": nik_for(1)[-4:]}
    assert signal.families == ("DTKS-00000001", "DTKS-00000003")
    assert nik_for(1) not in signal.message("id")


def test_eggs_sold_per_piece(ctx, shop, clock):
    fams = _families(ctx, 2)
    redeem(ctx, shop["cashier"], fams[0], [CartLine(shop["sku"]["TLR-KG"], 1_000)])
    assert "signal.eggs_per_piece" not in _codes(fraud_signals(ctx, DAY, DAY))
    sale = sell_cash(ctx, shop["cashier"], [CartLine(shop["sku"]["TLR-BTR"], 10_000)], 20_000)
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.eggs_per_piece")
    assert signal.params == {"product": "Telur Ayam Butir", "count": 1}
    assert signal.receipts == (sale.receipt_no,)


def test_price_above_ceiling_in_the_records(ctx, shop, clock):
    fams = _families(ctx, 1)
    sale = redeem(ctx, shop["cashier"], fams[0], [CartLine(shop["sku"]["BRS-MED"], 5_000)])
    assert "signal.above_ceiling" not in _codes(fraud_signals(ctx, DAY, DAY))
    # The engine refuses such a sale; a record edited behind its back still shows up.
    with ctx.db.write() as s:
        s.execute(
            text("UPDATE sale_line SET unit_price = 12800 WHERE sale_id = :i"), {"i": sale.sale_id}
        )
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.above_ceiling")
    assert signal.severity == "high"
    assert signal.params == {
        "product": "Beras Medium",
        "unit_price": 12_800,
        "ceiling": 9_450,
        "receipt_no": sale.receipt_no,
    }
    assert "Rp 12.800" in signal.message("id") and "Rp 9.450" in signal.message("id")


def test_eggs_above_reference_price(ctx, shop, clock):
    fams = _families(ctx, 2)
    redeem(ctx, shop["cashier"], fams[0], [CartLine(shop["sku"]["TLR-KG"], 1_000)])
    assert "signal.above_reference" not in _codes(fraud_signals(ctx, DAY, DAY))
    with ctx.db.write() as s:
        s.get(Product, shop["sku"]["TLR-KG"]).price = 26_000
    redeem(ctx, shop["cashier"], fams[1], [CartLine(shop["sku"]["TLR-KG"], 1_500)])
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.above_reference")
    assert signal.params == {
        "product": "Telur Ayam",
        "unit_price": 26_000,
        "reference": 23_000,
        "count": 1,
    }
    assert signal.severity == "info"


def test_family_outside_the_outlets_area(ctx, shop, clock):
    home = _families(ctx, 1)
    away = _families(ctx, 1, start=50, outlet_code="EW-3171-0099")
    redeem(ctx, shop["cashier"], home[0], [CartLine(shop["sku"]["BRS-MED"], 2_000)])
    assert "signal.outside_area" not in _codes(fraud_signals(ctx, DAY, DAY))
    sale = redeem(ctx, shop["cashier"], away[0], [CartLine(shop["sku"]["BRS-MED"], 3_000)])
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.outside_area")
    assert signal.params == {"dtks_id": "DTKS-00000050", "outlet": "EW-3171-0099", "count": 1}
    assert signal.receipts == (sale.receipt_no,)


def test_receipt_gap(ctx, shop, clock):
    oil = shop["sku"]["MYK-1L"]
    made = [sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000) for _ in range(4)]
    assert "signal.receipt_gap" not in _codes(fraud_signals(ctx, DAY, DAY))
    with ctx.db.write() as s:
        victim = s.scalar(select(Sale.id).where(Sale.receipt_no == made[1].receipt_no))
        for table in ("stock_movement", "sale_line", "print_job"):
            s.execute(text(f"DELETE FROM {table} WHERE sale_id = :i"), {"i": victim})
        s.execute(text("DELETE FROM sale WHERE id = :i"), {"i": victim})
    signal = _only(fraud_signals(ctx, DAY, DAY), "signal.receipt_gap")
    assert signal.params == {
        "device": "K1",
        "missing": 1,
        "after": made[0].receipt_no,
        "before": made[2].receipt_no,
    }
    # the next day's range still sees a gap at its start
    clock.advance(days=1)
    sell_cash(ctx, shop["cashier"], [CartLine(oil, 1_000)], 14_000)
    next_day = dt.date(2018, 4, 13)
    assert "signal.receipt_gap" not in _codes(fraud_signals(ctx, next_day, next_day))
    with ctx.db.write() as s:
        victim = s.scalar(select(Sale.id).where(Sale.receipt_no == made[3].receipt_no))
        for table in ("stock_movement", "sale_line", "print_job"):
            s.execute(text(f"DELETE FROM {table} WHERE sale_id = :i"), {"i": victim})
        s.execute(text("DELETE FROM sale WHERE id = :i"), {"i": victim})
    gap = _only(fraud_signals(ctx, next_day, next_day), "signal.receipt_gap")
    assert gap.params["after"] == made[2].receipt_no


def test_every_signal_code_has_a_message_in_both_languages():
    for code in [
        "signal.burst",
        "signal.identical_baskets",
        "signal.full_voucher",
        "signal.outside_hours",
        "signal.nik_shared",
        "signal.eggs_per_piece",
        "signal.above_ceiling",
        "signal.above_reference",
        "signal.outside_area",
        "signal.receipt_gap",
        "severity.info",
        "severity.warning",
        "severity.high",
    ]:
        assert placeholders(MESSAGES[code]["id"]) == placeholders(MESSAGES[code]["en"])
