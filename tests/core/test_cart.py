"""Entitlement and cart rules (pure): allocation, eligibility, ceilings, stock, cash."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ewarong_pos.core import cart
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import MESSAGES

TODAY = dt.date(2018, 4, 12)
FAMILY = cart.FamilySnapshot(1, "DTKS-1", "Sumiati", "active", "")


def voucher(vid: int, period: str, remaining: int, **kw) -> cart.VoucherSnapshot:
    fields = {
        "id": vid,
        "code": f"V{vid}",
        "period": period,
        "amount": 110_000,
        "remaining": remaining,
        "status": "open",
        "status_reason": "",
        "valid_from": dt.date(2018, 1, 1),
        "valid_until": dt.date(2018, 12, 31),
        "eligible_categories": frozenset({"beras", "telur"}),
    }
    fields.update(kw)
    return cart.VoucherSnapshot(**fields)


def product(pid: int, **kw) -> cart.ProductSnapshot:
    fields = {
        "id": pid,
        "sku": f"P{pid}",
        "name": f"Produk {pid}",
        "category": "beras",
        "unit": "kg",
        "fractional": True,
        "price": 9_450,
        "ceiling": 9_450,
        "reference_price": None,
        "active": True,
        "on_hand_milli": 100_000,
    }
    fields.update(kw)
    return cart.ProductSnapshot(**fields)


def codes(decision: cart.CartDecision) -> list[str]:
    return [p.code for p in decision.problems]


def test_allocate_oldest_first_across_months():
    vouchers = [voucher(2, "2018-04", 110_000), voucher(1, "2018-03", 30_000)]
    draws = cart.allocate(50_000, vouchers)
    assert [(d.voucher.period, d.amount, d.remaining_after) for d in draws] == [
        ("2018-03", 30_000, 0),
        ("2018-04", 20_000, 90_000),
    ]


def test_allocate_refuses_more_than_open_with_the_numbers():
    with pytest.raises(DomainError) as info:
        cart.allocate(120_000, [voucher(1, "2018-04", 110_000)])
    assert info.value.code == "sale.over_entitlement"
    assert info.value.params == {"total": 120_000, "open": 110_000}
    assert info.value.message("en") == "Total Rp 120.000 exceeds open vouchers Rp 110.000"


@given(
    total=st.integers(min_value=0, max_value=500_000),
    remainders=st.lists(st.integers(min_value=0, max_value=200_000), max_size=6),
)
def test_allocation_property(total, remainders):
    vouchers = [voucher(i, f"2018-{i + 1:02d}", r) for i, r in enumerate(remainders)]
    if total > sum(remainders):
        with pytest.raises(DomainError):
            cart.allocate(total, vouchers)
        return
    draws = cart.allocate(total, vouchers)
    assert sum(d.amount for d in draws) == total
    assert all(0 < d.amount <= d.voucher.remaining for d in draws)
    # Oldest first: every voucher before the last one drawn is emptied.
    assert all(d.remaining_after == 0 for d in draws[:-1])
    assert [d.voucher.period for d in draws] == sorted(d.voucher.period for d in draws)


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"status": "revoked"}, "voucher.revoked"),
        ({"status": "blocked"}, "voucher.blocked"),
        ({"status": "weird"}, "voucher.status"),
        ({"valid_until": dt.date(2018, 4, 11)}, "voucher.expired"),
        ({"valid_from": dt.date(2018, 4, 13)}, "voucher.not_yet_valid"),
        ({"remaining": 0}, "voucher.used_up"),
        ({}, None),
    ],
)
def test_voucher_block_reasons(kw, reason):
    remaining = kw.pop("remaining", 110_000)
    assert cart.voucher_block(voucher(1, "2018-04", remaining, **kw), TODAY) == reason


def test_last_valid_day_is_still_valid():
    v = voucher(1, "2018-04", 10, valid_until=TODAY, valid_from=TODAY)
    assert cart.voucher_block(v, TODAY) is None


@pytest.mark.parametrize("status", ["suspended", "removed", "unknown"])
def test_blocked_families_cannot_redeem(status):
    family = cart.FamilySnapshot(1, "D", "Sumiati", status, "alasan")
    standing = cart.standings(family, [voucher(1, "2018-04", 110_000)], TODAY)
    assert not standing[0].redeemable
    decision = cart.decide_redemption(
        family, [voucher(1, "2018-04", 110_000)], {1: product(1)}, [(1, 1000)], TODAY
    )
    expected = {"suspended": "family.suspended", "removed": "family.removed"}.get(
        status, "family.status"
    )
    assert codes(decision) == [expected]
    assert decision.draws == ()


def test_revoked_reason_text_is_carried():
    standing = cart.standings(
        FAMILY, [voucher(1, "2018-04", 1, status="revoked", status_reason="data ganda")], TODAY
    )
    assert (standing[0].reason, standing[0].reason_detail) == ("voucher.revoked", "data ganda")


def test_redemption_decision_happy_path():
    decision = cart.decide_redemption(
        FAMILY,
        [voucher(1, "2018-03", 5_000), voucher(2, "2018-04", 110_000)],
        {1: product(1)},
        [(1, 2_000)],
        TODAY,
    )
    assert decision.ok and decision.total == 18_900
    assert [d.amount for d in decision.draws] == [5_000, 13_900]
    assert decision.total_open == 115_000


def test_redemption_skips_vouchers_that_cannot_be_drawn():
    decision = cart.decide_redemption(
        FAMILY,
        [voucher(1, "2018-02", 50_000, status="blocked"), voucher(2, "2018-04", 110_000)],
        {1: product(1)},
        [(1, 1_000)],
        TODAY,
    )
    assert decision.ok and [d.voucher.id for d in decision.draws] == [2]


def test_not_eligible_names_product_and_period():
    decision = cart.decide_redemption(
        FAMILY,
        [voucher(1, "2018-04", 110_000)],
        {1: product(1, category="minyak", name="Minyak", price=14_000, ceiling=None)},
        [(1, 1_000)],
        TODAY,
    )
    assert codes(decision) == ["sale.not_eligible"]
    assert decision.problems[0].params == {
        "product": "Minyak",
        "category": "minyak",
        "period": "2018-04",
    }


def test_not_eligible_checked_against_every_voucher_when_over_entitlement():
    decision = cart.decide_redemption(
        FAMILY,
        [
            voucher(1, "2018-03", 1_000),
            voucher(2, "2018-04", 1_000, eligible_categories=frozenset({"telur"})),
        ],
        {1: product(1)},
        [(1, 10_000)],
        TODAY,
    )
    assert codes(decision) == ["sale.over_entitlement", "sale.not_eligible"]


def test_line_rules():
    products = {
        1: product(1, fractional=False, unit="pack", price=47_000, ceiling=47_250),
        2: product(2, price=10_000, ceiling=9_450),
        3: product(3, on_hand_milli=500),
        4: product(4, active=False),
    }
    cases = [
        ([], "sale.empty"),
        ([(9, 1000)], "sale.unknown_product"),
        ([(4, 1000)], "sale.product_inactive"),
        ([(3, 0)], "sale.bad_quantity"),
        ([(3, -5)], "sale.bad_quantity"),
        ([(3, True)], "sale.bad_quantity"),
        ([(3, 1.5)], "sale.bad_quantity"),
        ([(1, 1500)], "sale.whole_units"),
        ([(2, 1000)], "sale.above_ceiling"),
        ([(3, 300), (3, 300)], "sale.out_of_stock"),
        ([(3, 1)] * (cart.MAX_LINES + 1), "sale.too_many_lines"),
    ]
    for lines, code in cases:
        _, problems = cart.price_lines(products, lines)
        assert [p.code for p in problems] == [code], (lines, problems)


def test_negative_stock_is_shown_as_zero_available():
    _, problems = cart.price_lines({1: product(1, on_hand_milli=-200)}, [(1, 1000)])
    assert problems[0].params["on_hand"] == 0


def test_reference_price_is_flagged_not_refused():
    priced, problems = cart.price_lines(
        {1: product(1, category="telur", price=24_000, ceiling=None, reference_price=23_000)},
        [(1, 700)],
    )
    assert problems == [] and priced[0].above_reference and priced[0].total == 16_800


def test_cash_sale_rules():
    products = {1: product(1, category="minyak", price=14_000, ceiling=None)}
    decision = cart.decide_cash_sale(products, [(1, 2000)], 30_000)
    assert decision.ok and decision.total == 28_000
    assert cart.change_due(decision.total, 30_000) == 2_000
    short = cart.decide_cash_sale(products, [(1, 2000)], 27_999)
    assert codes(short) == ["sale.cash_short"]
    assert short.problems[0].params == {"tendered": 27_999, "total": 28_000, "short": 1}
    assert codes(cart.decide_cash_sale(products, [(1, 2000)], None)) == []
    assert codes(cart.decide_cash_sale(products, [(1, 2000)], "30000")) == ["sale.bad_cash"]  # type: ignore[arg-type]


def test_zero_total_is_refused():
    products = {1: product(1, price=0, ceiling=None)}
    assert codes(cart.decide_cash_sale(products, [(1, 1000)], 0)) == ["sale.zero_total"]
    decision = cart.decide_redemption(
        FAMILY, [voucher(1, "2018-04", 1)], products, [(1, 1000)], TODAY
    )
    assert codes(decision) == ["sale.zero_total"]


def test_no_open_voucher():
    decision = cart.decide_redemption(
        FAMILY, [voucher(1, "2018-04", 0)], {1: product(1)}, [(1, 1000)], TODAY
    )
    assert codes(decision) == ["sale.no_open_voucher"]


def test_edc_references():
    assert cart.check_edc(None, None) == (None, None)
    assert cart.check_edc(" ab12cd ", "123456789012") == ("AB12CD", "123456789012")
    assert cart.check_edc("", "  ") == (None, None)
    for approval, rrn, code in [
        ("ABC12", None, "sale.edc_approval"),
        ("ABC1234", None, "sale.edc_approval"),
        ("AB-12C", None, "sale.edc_approval"),
        (None, "12345678901", "sale.edc_rrn"),
        (None, "12345678901X", "sale.edc_rrn"),
    ]:
        with pytest.raises(DomainError) as info:
            cart.check_edc(approval, rrn)
        assert info.value.code == code


def test_every_code_the_rules_raise_has_a_message():
    used = {
        "family.suspended",
        "family.removed",
        "family.status",
        "voucher.revoked",
        "voucher.blocked",
        "voucher.status",
        "voucher.expired",
        "voucher.not_yet_valid",
        "voucher.used_up",
        "sale.empty",
        "sale.too_many_lines",
        "sale.unknown_product",
        "sale.product_inactive",
        "sale.bad_quantity",
        "sale.whole_units",
        "sale.above_ceiling",
        "sale.out_of_stock",
        "sale.not_eligible",
        "sale.over_entitlement",
        "sale.no_open_voucher",
        "sale.zero_total",
        "sale.no_change",
        "sale.bad_cash",
        "sale.cash_short",
        "sale.edc_approval",
        "sale.edc_rrn",
    }
    assert used <= set(MESSAGES)


def test_no_change_is_a_safety_net_over_the_allocation(monkeypatch):
    """If an allocation ever gave more or less than the total, the sale is refused."""

    def generous(total, vouchers):
        return [cart.Draw(v, v.remaining) for v in vouchers if v.remaining > 0]

    monkeypatch.setattr(cart, "allocate", generous)
    decision = cart.decide_redemption(
        FAMILY, [voucher(1, "2018-04", 110_000)], {1: product(1)}, [(1, 1000)], TODAY
    )
    assert codes(decision) == ["sale.no_change"]
    assert decision.problems[0].params == {"total": 9_450, "drawn": 110_000}
