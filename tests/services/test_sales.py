"""The counter engine over a real outlet database: entitlement, redeem, cash sale, void."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import canonical
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    AuditLog,
    JournalEntry,
    Sale,
    SaleLine,
    Setting,
    StockMovement,
    VoucherAllocation,
)
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services import sales, verify
from ewarong_pos.services.sales import CartLine
from ewarong_pos.services.settings import RECEIPT_SEQ_FLOOR
from tests.services.sales_helpers import (
    Seed,
    add_family,
    cheap_pins,  # noqa: F401
    raw_connection,
    receive,
    seed,
)

pytestmark = pytest.mark.usefixtures("cheap_pins")


@pytest.fixture
def data(ctx) -> Seed:
    return seed(ctx)


def rice(data: Seed, grams: int) -> CartLine:
    return CartLine(data.products["BRS-MED"], grams)


def codes(check: sales.CartCheck) -> list[str]:
    return [p.code for p in check.problems]


def refused(code: str, fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value
    return info.value


def count(ctx, model) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- entitlement ----------------------------------------------------------------------


def test_entitlement_lists_vouchers_oldest_first_with_reasons(ctx, data):
    ent = sales.entitlement(ctx, data.families["suparman"])
    assert [v.period for v in ent.vouchers] == ["2018-02", "2018-03", "2018-04", "2018-05"]
    revoked, march, april, may = ent.vouchers
    assert (revoked.redeemable, revoked.reason, revoked.reason_detail) == (
        False,
        "voucher.revoked",
        "data ganda",
    )
    assert march.redeemable and april.redeemable
    # 12 April 2018: May's tranche is not valid yet.
    assert (may.redeemable, may.reason) == (False, "voucher.not_yet_valid")
    assert ent.total_open == 220_000
    assert ent.redeemable and ent.reason is None


def test_entitlement_of_a_suspended_family_shows_why_and_is_not_redeemable(ctx, data):
    ent = sales.entitlement(ctx, data.families["wartini"])
    assert not ent.redeemable
    assert ent.reason == "family.suspended"
    assert all(not v.redeemable and v.reason == "family.suspended" for v in ent.vouchers)
    assert all(v.reason_detail == "verifikasi ulang" for v in ent.vouchers)
    assert ent.total_open == 0


def test_entitlement_expired_and_blocked_vouchers(ctx, data):
    fid, _ = add_family(
        ctx,
        "DTKS-010",
        "Karsih",
        {"2018-02": 110_000, "2018-03": 110_000},
        voucher_status={"2018-03": ("blocked", "tidak bertransaksi 3 bulan")},
        valid_until={"2018-02": dt.date(2018, 3, 31)},
    )
    ent = sales.entitlement(ctx, fid)
    assert [(v.reason, v.reason_detail) for v in ent.vouchers] == [
        ("voucher.expired", ""),
        ("voucher.blocked", "tidak bertransaksi 3 bulan"),
    ]
    assert not ent.redeemable and ent.reason == "sale.no_open_voucher"
    refused("sale.no_open_voucher", sales.redeem, ctx, data.cashier_id, fid, [rice(data, 1000)])


def test_entitlement_of_a_removed_family(ctx, data):
    fid, _ = add_family(ctx, "DTKS-011", "Darmi", status="removed", status_reason="meninggal")
    ent = sales.entitlement(ctx, fid)
    assert ent.reason == "family.removed" and not ent.redeemable
    err = refused("family.removed", sales.redeem, ctx, data.cashier_id, fid, [rice(data, 1000)])
    assert err.params["reason"] == "meninggal"


def test_unknown_family(ctx, data):
    refused("family.not_found", sales.entitlement, ctx, 9999)
    refused("family.not_found", sales.redeem, ctx, data.cashier_id, 9999, [rice(data, 1000)])


# --- redemption -----------------------------------------------------------------------


def test_redemption_draws_oldest_voucher_first_across_months(ctx, data):
    fid = data.families["sumiati"]
    lines = [rice(data, 12_000), CartLine(data.products["TLR"], 700)]
    preview = sales.check_cart(ctx, fid, lines)
    assert preview.ok and preview.total == 113_400 + 16_800
    assert [(d.period, d.amount, d.remaining_after) for d in preview.draws] == [
        ("2018-03", 110_000, 0),
        ("2018-04", 20_200, 89_800),
    ]
    assert preview.lines[1].above_reference  # eggs over the reference price: flagged only
    result = sales.redeem(ctx, data.cashier_id, fid, lines)
    assert result.kind == "redemption" and result.receipt_no == "K1-0000001"
    assert result.total == 130_200
    assert result.cash_tendered is None and result.change is None  # no cash, no change
    assert [(a.period, a.amount, a.remaining_after) for a in result.allocations] == [
        ("2018-03", 110_000, 0),
        ("2018-04", 20_200, 89_800),
    ]
    assert sum(a.amount for a in result.allocations) == result.total
    assert sales.entitlement(ctx, fid).total_open == 89_800
    with ctx.db.read() as s:
        stock = on_hand(s)
        assert stock[data.products["BRS-MED"]] == 500_000 - 12_000
        assert stock[data.products["TLR"]] == 30_000 - 700
        entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == result.journal_seq)).one()
        assert entry.kind == "sale.redemption" and entry.hash == result.journal_hash
        payload = json.loads(entry.payload)
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and sale.journal_seq == entry.seq
    assert payload == {
        "sale": result.uuid,
        "receipt_no": "K1-0000001",
        "receipt_seq": 1,
        "kind": "redemption",
        "outlet": "EW-3171-0001",
        "business_date": "2018-04-12",
        "cashier": "siti",
        "family": "DTKS-001",
        "lines": [
            {
                "sku": "BRS-MED",
                "name": "Beras Medium",
                "unit": "kg",
                "qty_milli": 12_000,
                "unit_price": 9_450,
                "ceiling": 9_450,
                "total": 113_400,
            },
            {
                "sku": "TLR",
                "name": "Telur Ayam",
                "unit": "kg",
                "qty_milli": 700,
                "unit_price": 24_000,
                "ceiling": None,
                "total": 16_800,
            },
        ],
        "total": 130_200,
        "allocations": [
            {"voucher": "V-DTKS-001-2018-03", "period": "2018-03", "amount": 110_000},
            {"voucher": "V-DTKS-001-2018-04", "period": "2018-04", "amount": 20_200},
        ],
        "cash_tendered": None,
        "change": None,
        "edc": None,
        "voids": None,
        "reason": None,
        "approved_by": None,
    }


def test_redemption_over_entitlement_is_refused_with_the_numbers(ctx, data):
    fid, _ = add_family(ctx, "DTKS-020", "Painah", {"2018-04": 110_000})
    err = refused(
        "sale.over_entitlement",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [CartLine(data.products["BRS-PRM"], 9_375)],  # Rp 120.000
    )
    assert err.params == {"total": 120_000, "open": 110_000}
    assert err.message("en") == "Total Rp 120.000 exceeds open vouchers Rp 110.000"
    assert err.message() == "Total Rp 120.000 melebihi sisa voucher Rp 110.000"
    assert count(ctx, Sale) == 0


def test_redemption_of_a_product_not_eligible(ctx, data):
    fid = data.families["sumiati"]
    err = refused(
        "sale.not_eligible",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [rice(data, 1000), CartLine(data.products["MNY-1L"], 1000)],
    )
    assert err.params["product"] == "Minyak Goreng 1 L"
    assert err.params["period"] == "2018-03"


def test_eligibility_follows_each_period_drawn(ctx, data):
    """Tempe is eligible in April 2018 (test config) but not in March: it may be bought
    only once the March voucher is spent, and not in a cart that still draws March."""
    fid = data.families["sumiati"]
    tempe = CartLine(data.products["TMP"], 1000)
    err = refused("sale.not_eligible", sales.redeem, ctx, data.cashier_id, fid, [tempe])
    assert err.params["period"] == "2018-03"
    sales.redeem(ctx, data.cashier_id, fid, [CartLine(data.products["BRS-5KG"], 2000)])
    sales.redeem(ctx, data.cashier_id, fid, [CartLine(data.products["BRS-PRM"], 1250)])
    assert sales.entitlement(ctx, fid).vouchers[0].remaining == 0
    result = sales.redeem(ctx, data.cashier_id, fid, [tempe])
    assert [a.period for a in result.allocations] == ["2018-04"]


def test_price_above_ceiling_is_refused(ctx, data):
    check = sales.check_cart(
        ctx, data.families["sumiati"], [CartLine(data.products["BRS-MARKUP"], 1000)]
    )
    assert codes(check) == ["sale.above_ceiling"]
    assert check.problems[0].params == {
        "line": 1,
        "product": "Beras Medium (harga salah)",
        "price": 10_000,
        "ceiling": 9_450,
    }
    refused(
        "sale.above_ceiling",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [CartLine(data.products["BRS-MARKUP"], 1000)],
        20_000,
    )


def test_quantity_above_stock_is_refused_over_all_lines_of_a_product(ctx, data):
    fid = data.families["sumiati"]
    tempe = data.products["TMP"]
    err = refused(
        "sale.out_of_stock",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [CartLine(tempe, 6000), CartLine(tempe, 5000)],
        100_000,
    )
    assert err.params == {"product": "Tempe", "qty": 11_000, "on_hand": 10_000, "unit": "pcs"}
    check = sales.check_cart(ctx, fid, [CartLine(data.products["BRS-PRM"], 100_001)])
    assert "sale.out_of_stock" in codes(check)


def test_empty_cart_and_bad_quantities(ctx, data):
    fid = data.families["sumiati"]
    refused("sale.empty", sales.redeem, ctx, data.cashier_id, fid, [])
    refused("sale.empty", sales.sell_cash, ctx, data.cashier_id, [], 1000)
    for qty in (0, -1000):
        refused("sale.bad_quantity", sales.redeem, ctx, data.cashier_id, fid, [rice(data, qty)])
    err = refused(
        "sale.whole_units",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [CartLine(data.products["BRS-5KG"], 1500)],
    )
    assert err.message("en") == ("line 1: Beras Medium 5 kg is sold in whole pack only (asked 1,5)")
    refused("sale.unknown_product", sales.redeem, ctx, data.cashier_id, fid, [CartLine(999, 1000)])
    assert count(ctx, Sale) == 0


def test_inactive_product_is_refused(ctx, data):
    from ewarong_pos.db.models import Product

    with ctx.db.write() as s:
        product = s.get(Product, data.products["TMP"])
        assert product is not None
        product.active = False
    refused(
        "sale.product_inactive",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [CartLine(data.products["TMP"], 1000)],
        5000,
    )


def test_preview_lists_every_refusal_at_once(ctx, data):
    check = sales.check_cart(
        ctx,
        data.families["sumiati"],
        [
            CartLine(data.products["BRS-5KG"], 500),
            CartLine(data.products["BRS-MARKUP"], 1000),
            CartLine(data.products["MNY-1L"], 1000),
            CartLine(data.products["BRS-PRM"], 200_000),
        ],
    )
    assert not check.ok
    assert set(codes(check)) == {
        "sale.whole_units",
        "sale.above_ceiling",
        "sale.out_of_stock",
        "sale.over_entitlement",
        "sale.not_eligible",
    }


def test_suspended_family_cannot_redeem(ctx, data):
    err = refused(
        "family.suspended",
        sales.redeem,
        ctx,
        data.cashier_id,
        data.families["wartini"],
        [rice(data, 1000)],
    )
    assert err.message() == "keluarga Wartini sedang ditangguhkan: verifikasi ulang"


def test_revoked_voucher_is_skipped_and_expired_cannot_be_drawn(ctx, data):
    fid = data.families["suparman"]
    result = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 2000)])
    assert [a.period for a in result.allocations] == ["2018-03"]  # 2018-02 is revoked


def test_edc_references_are_checked_and_kept(ctx, data):
    fid = data.families["sumiati"]
    refused(
        "sale.edc_approval",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [rice(data, 1000)],
        edc_approval="12345",
    )
    refused(
        "sale.edc_rrn",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [rice(data, 1000)],
        edc_rrn="12345678901A",
    )
    result = sales.redeem(
        ctx,
        data.cashier_id,
        fid,
        [rice(data, 1000)],
        edc_approval="a1b2c3",
        edc_rrn="801234567890",
    )
    view = sales.get_sale(ctx, result.sale_id)
    assert (view.edc_approval, view.edc_rrn) == ("A1B2C3", "801234567890")
    with ctx.db.read() as s:
        entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == result.journal_seq)).one()
        payload = json.loads(entry.payload)
    assert payload["edc"] == {"approval": "A1B2C3", "rrn": "801234567890"}


def test_unknown_or_inactive_cashier_is_refused(ctx, data):
    refused("sale.unknown_cashier", sales.sell_cash, ctx, 999, [rice(data, 1000)], 10_000)


def test_redeem_is_idempotent_on_sale_uuid(ctx, data):
    fid = data.families["sumiati"]
    uid = str(uuid.uuid4())
    first = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)], sale_uuid=uid)
    again = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)], sale_uuid=uid.upper())
    assert again.replayed and not first.replayed
    assert (again.sale_id, again.receipt_no, again.journal_hash) == (
        first.sale_id,
        first.receipt_no,
        first.journal_hash,
    )
    assert count(ctx, Sale) == 1
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["BRS-MED"]] == 499_000
    refused(
        "sale.uuid_conflict",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [rice(data, 1000)],
        10_000,
        sale_uuid=uid,
    )
    refused(
        "sale.bad_uuid",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [rice(data, 1000)],
        10_000,
        sale_uuid="not-a-uuid",
    )


def test_commit_rereads_entitlement_and_stock_instead_of_trusting_the_preview(ctx, data):
    fid = data.families["sumiati"]
    preview = sales.check_cart(ctx, fid, [CartLine(data.products["BRS-PRM"], 15_000)])
    assert preview.ok  # Rp 192.000 of Rp 220.000
    # Meanwhile another till's redemption arrives through sync (redeemed elsewhere).
    from ewarong_pos.db.models import Voucher

    with ctx.db.write() as s:
        voucher = s.get(Voucher, data.vouchers["sumiati:2018-03"])
        assert voucher is not None
        voucher.redeemed_elsewhere = 100_000
    err = refused(
        "sale.over_entitlement",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        [CartLine(data.products["BRS-PRM"], 15_000)],
    )
    assert err.params == {"total": 192_000, "open": 120_000}


# --- cash sales -----------------------------------------------------------------------


def test_cash_sale_gives_change_and_journals(ctx, data):
    lines = [CartLine(data.products["MNY-1L"], 2000), rice(data, 1500)]
    preview = sales.check_cart(ctx, None, lines, cash_tendered=50_000)
    assert preview.ok and preview.kind == "cash" and preview.change == 50_000 - 42_175
    result = sales.sell_cash(ctx, data.cashier_id, lines, 50_000)
    assert (result.kind, result.total, result.cash_tendered, result.change) == (
        "cash",
        42_175,
        50_000,
        7_825,
    )
    assert result.allocations == ()
    view = sales.get_sale(ctx, result.receipt_no)
    assert view.family_id is None and [line.sku for line in view.lines] == ["MNY-1L", "BRS-MED"]
    with ctx.db.read() as s:
        entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == result.journal_seq)).one()
        payload = json.loads(entry.payload)
        assert entry.kind == "sale.cash"
    assert (payload["family"], payload["cash_tendered"], payload["change"]) == (None, 50_000, 7_825)


def test_cash_tendered_below_total_is_refused(ctx, data):
    err = refused(
        "sale.cash_short", sales.sell_cash, ctx, data.cashier_id, [rice(data, 2000)], 18_000
    )
    assert err.params == {"tendered": 18_000, "total": 18_900, "short": 900}
    assert err.message("en") == "cash tendered Rp 18.000 is Rp 900 short of the total Rp 18.900"
    refused("sale.bad_cash", sales.sell_cash, ctx, data.cashier_id, [rice(data, 2000)], 1.5)


def test_zero_total_is_refused(ctx, data):
    # 1 gram of rice costs Rp 9,45, rounded to Rp 9; a product given away would be Rp 0.
    from ewarong_pos.db.models import Product

    with ctx.db.write() as s:
        product = s.get(Product, data.products["TMP"])
        assert product is not None
        product.price = 0
    refused(
        "sale.zero_total",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        [CartLine(data.products["TMP"], 1000)],
        0,
    )


# --- receipts -------------------------------------------------------------------------


def test_receipt_numbers_are_per_device_and_gap_free_also_after_refusals(ctx, data):
    fid = data.families["sumiati"]
    numbers = []
    numbers.append(sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)]).receipt_no)
    with pytest.raises(DomainError):
        sales.redeem(ctx, data.cashier_id, fid, [rice(data, 100_000)])
    numbers.append(sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000).receipt_no)
    numbers.append(
        sales.void_sale(
            ctx, data.cashier_id, numbers[0], data.manager, data.manager_pin, "x"
        ).receipt_no
    )
    assert numbers == ["K1-0000001", "K1-0000002", "K1-0000003"]


def test_receipt_numbers_continue_above_the_restore_floor(ctx, data):
    """After a restore the numbers the lost database issued are skipped (services.backup
    records the highest); an unreadable floor is ignored, never a reason to stop selling."""
    first = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    assert first.receipt_no == "K1-0000001"
    with ctx.db.write() as s:
        s.add(Setting(key=RECEIPT_SEQ_FLOOR.key, value="41"))
    fid = data.families["sumiati"]
    assert sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)]).receipt_no == "K1-0000042"
    with ctx.db.write() as s:
        row = s.get(Setting, RECEIPT_SEQ_FLOOR.key)
        assert row is not None
        row.value = "not a number"
    again = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    assert again.receipt_no == "K1-0000043"  # max + 1 over the sales themselves


# --- voids ----------------------------------------------------------------------------


def test_void_reverses_a_redemption_and_keeps_the_original(ctx, data):
    fid = data.families["sumiati"]
    original = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 12_000)])
    with ctx.db.read() as s:
        before = s.get(Sale, original.sale_id)
        assert before is not None
        snapshot = {c.name: getattr(before, c.name) for c in Sale.__table__.columns}
    result = sales.void_sale(
        ctx, data.cashier_id, original.sale_id, "BU.RINA", data.manager_pin, "  salah keluarga "
    )
    assert result.kind == "void" and result.total == -113_400
    assert [a.amount for a in result.allocations] == [-110_000, -3_400]
    assert sales.entitlement(ctx, fid).total_open == 220_000
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["BRS-MED"]] == 500_000
        after = s.get(Sale, original.sale_id)
        assert after is not None
        assert {c.name: getattr(after, c.name) for c in Sale.__table__.columns} == snapshot
        kinds = s.scalars(
            select(StockMovement.kind).where(StockMovement.sale_id == result.sale_id)
        ).all()
        assert kinds == ["void"]
        entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == result.journal_seq)).one()
        payload = json.loads(entry.payload)
        assert entry.kind == "sale.void"
    assert payload["voids"] == {"sale": original.uuid, "receipt_no": original.receipt_no}
    assert (payload["reason"], payload["approved_by"], payload["cashier"]) == (
        "salah keluarga",
        "bu.rina",
        "siti",
    )
    assert payload["lines"][0]["qty_milli"] == -12_000 and payload["total"] == -113_400
    assert [a["amount"] for a in payload["allocations"]] == [-110_000, -3_400]
    view = sales.get_sale(ctx, original.receipt_no)
    assert view.voided_by_receipt_no == result.receipt_no
    void_view = sales.get_sale(ctx, result.uuid)
    assert void_view.voids_receipt_no == original.receipt_no
    assert void_view.approved_by_name == "Rina Wati"
    listed = sales.list_sales(ctx)
    assert [x.receipt_no for x in listed] == [result.receipt_no, original.receipt_no]
    assert listed[1].voided_by_receipt_no == result.receipt_no


def test_void_of_a_cash_sale_puts_stock_back(ctx, data):
    sale = sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["MNY-1L"], 3000)], 50_000)
    result = sales.void_sale(ctx, data.cashier_id, sale.receipt_no, data.manager, "2468", "batal")
    assert result.total == -42_000 and result.allocations == ()
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["MNY-1L"]] == 24_000


def test_a_sale_can_be_voided_once_and_a_void_never(ctx, data):
    sale = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    void = sales.void_sale(ctx, data.cashier_id, sale.sale_id, data.manager, "2468", "batal")
    err = refused(
        "void.already_voided",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        data.manager,
        "2468",
        "lagi",
    )
    assert err.params == {"receipt_no": sale.receipt_no, "void_receipt_no": void.receipt_no}
    refused(
        "void.is_void",
        sales.void_sale,
        ctx,
        data.cashier_id,
        void.sale_id,
        data.manager,
        "2468",
        "lagi",
    )
    refused(
        "void.not_found",
        sales.void_sale,
        ctx,
        data.cashier_id,
        "K1-9999999",
        data.manager,
        "2468",
        "x",
    )


def test_void_needs_a_reason(ctx, data):
    sale = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    refused(
        "void.reason_required",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        data.manager,
        "2468",
        "   ",
    )
    refused(
        "void.reason_too_long",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        data.manager,
        "2468",
        "x" * 201,
    )


@pytest.mark.expect_log("ewarong_pos.services.accounts", r"locked after \d+ wrong PINs")
def test_void_needs_a_manager_pin_and_wrong_pins_are_counted(ctx, data):
    sale = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    refused(
        "auth.not_allowed",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        "siti",
        "1357",
        "batal",
    )
    refused(
        "auth.unknown",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        "nobody",
        "1357",
        "batal",
    )
    for _ in range(4):
        refused(
            "auth.wrong_pin",
            sales.void_sale,
            ctx,
            data.cashier_id,
            sale.sale_id,
            data.manager,
            "0000",
            "batal",
        )
    refused(
        "auth.locked",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        data.manager,
        "0000",
        "batal",
    )
    # Locked even with the right PIN: the failures were committed despite the refusals.
    refused(
        "auth.locked",
        sales.void_sale,
        ctx,
        data.cashier_id,
        sale.sale_id,
        data.manager,
        data.manager_pin,
        "batal",
    )
    assert count(ctx, Sale) == 1
    with ctx.db.read() as s:
        actions = s.scalars(select(AuditLog.action)).all()
    assert actions.count("auth.approval.failed") == 4


def test_void_is_idempotent_on_sale_uuid(ctx, data):
    sale = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    uid = str(uuid.uuid4())
    first = sales.void_sale(
        ctx, data.cashier_id, sale.sale_id, data.manager, "2468", "x", sale_uuid=uid
    )
    again = sales.void_sale(
        ctx, data.cashier_id, sale.sale_id, data.manager, "2468", "x", sale_uuid=uid
    )
    assert again.replayed and again.sale_id == first.sale_id


def test_voided_redemption_reopens_vouchers_for_a_new_redemption(ctx, data):
    fid = data.families["sumiati"]
    first = sales.redeem(ctx, data.cashier_id, fid, [CartLine(data.products["BRS-PRM"], 17_000)])
    refused("sale.over_entitlement", sales.redeem, ctx, data.cashier_id, fid, [rice(data, 5000)])
    sales.void_sale(ctx, data.cashier_id, first.sale_id, data.manager, "2468", "salah")
    again = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 5000)])
    assert [a.period for a in again.allocations] == ["2018-03"]


def test_get_sale_unknown(ctx, data):
    refused("sale.not_found", sales.get_sale, ctx, "K1-0000042")
    assert sales.list_sales(ctx) == []


# --- one transaction ------------------------------------------------------------------


def test_a_failure_inside_the_commit_leaves_nothing_behind(ctx, data, monkeypatch):
    fid = data.families["sumiati"]

    def broken_append(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(journal, "append_after", broken_append)  # what a sale appends with
    with pytest.raises(RuntimeError):
        sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)])
    for model in (Sale, SaleLine, VoucherAllocation):
        assert count(ctx, model) == 0
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["BRS-MED"]] == 500_000


def test_journal_payload_is_the_canonical_form_of_the_rows(ctx, data):
    result = sales.redeem(ctx, data.cashier_id, data.families["sumiati"], [rice(data, 1000)])
    with ctx.db.read() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None
        rebuilt = sales.sale_payloads(s, [sale])[sale.id]
        stored = s.scalars(
            select(JournalEntry.payload).where(JournalEntry.seq == result.journal_seq)
        ).one()
    assert canonical(rebuilt) == stored


def stored_and_rebuilt(ctx, result: sales.SaleResult) -> tuple[str, str]:
    """The journal text the commit wrote, and what `sale_payloads` rebuilds from the rows."""
    with ctx.db.read() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None
        stored = s.scalars(
            select(JournalEntry.payload).where(
                JournalEntry.device_id == sale.device_id, JournalEntry.seq == sale.journal_seq
            )
        ).one()
        return stored, canonical(sales.sale_payloads(s, [sale])[sale.id])


def test_commit_payload_is_byte_identical_to_the_rows_for_every_kind(ctx, data):
    """The commit builds its payload from the values in hand; the verifier's reference
    (`sale_payloads` over the committed rows) must give exactly the same bytes."""
    fid = data.families["sumiati"]
    redemption = sales.redeem(
        ctx,
        data.cashier_id,
        fid,
        [rice(data, 12_000), CartLine(data.products["TLR"], 700)],
        edc_approval="a1b2c3",
        edc_rrn="801234567890",
    )
    assert len(redemption.allocations) == 2  # across two months
    edc_only_rrn = sales.redeem(
        ctx, data.cashier_id, fid, [rice(data, 1000)], edc_rrn="801234567891"
    )
    cash = sales.sell_cash(
        ctx,
        data.cashier_id,
        [CartLine(data.products["MNY-1L"], 2000), rice(data, 1500)],
        100_000,
    )
    void_redemption = sales.void_sale(
        ctx, data.cashier_id, redemption.receipt_no, data.manager, data.manager_pin, "salah"
    )
    void_cash = sales.void_sale(
        ctx, data.cashier_id, cash.sale_id, data.manager, data.manager_pin, "batal  beli"
    )
    results = [redemption, edc_only_rrn, cash, void_redemption, void_cash]
    assert [r.kind for r in results] == ["redemption", "redemption", "cash", "void", "void"]
    for result in results:
        stored, rebuilt = stored_and_rebuilt(ctx, result)
        assert stored == rebuilt, result.receipt_no
    payload = json.loads(stored_and_rebuilt(ctx, void_redemption)[0])
    assert payload["voids"] == {"sale": redemption.uuid, "receipt_no": redemption.receipt_no}
    assert json.loads(stored_and_rebuilt(ctx, edc_only_rrn)[0])["edc"] == {
        "approval": None,
        "rrn": "801234567891",
    }
    assert verify.verify_journal(ctx).ok


def test_commit_result_is_what_reading_the_rows_back_gives(ctx, data):
    """The SaleResult is built from the values in hand; a replay reads it from the rows."""
    fid = data.families["sumiati"]
    lines = [rice(data, 12_000), CartLine(data.products["TLR"], 700)]
    uid = str(uuid.uuid4())
    first = sales.redeem(ctx, data.cashier_id, fid, lines, sale_uuid=uid)
    second = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 3000)])
    cash = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 20_000)
    void_uid = str(uuid.uuid4())
    void = sales.void_sale(
        ctx, data.cashier_id, first.sale_id, data.manager, "2468", "salah", sale_uuid=void_uid
    )
    # The void reopens what the first sale drew; April keeps what the second one drew.
    assert [(a.period, a.amount, a.remaining_after) for a in void.allocations] == [
        ("2018-03", -110_000, 110_000),
        ("2018-04", -20_200, 81_650),
    ]
    replays = [
        sales.redeem(ctx, data.cashier_id, fid, lines, sale_uuid=uid),
        sales.redeem(ctx, data.cashier_id, fid, [rice(data, 3000)], sale_uuid=second.uuid),
        sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 20_000, sale_uuid=cash.uuid),
        sales.void_sale(
            ctx, data.cashier_id, first.sale_id, data.manager, "2468", "x", sale_uuid=void_uid
        ),
    ]
    for committed, replayed in zip([first, second, cash, void], replays, strict=True):
        assert replayed.replayed
        assert dataclasses.replace(replayed, replayed=False) == committed


def test_a_failure_after_the_sale_rows_leaves_nothing_behind(ctx, data, monkeypatch):
    """The last insert of the commit fails: the entry, sale, lines and stock roll back."""
    fid = data.families["sumiati"]
    from ewarong_pos.db.engine import OPERATIONAL_ERRORS
    from ewarong_pos.services.sales import commit

    # the allocations' insert fails in SQLite itself (a table that is not there)
    monkeypatch.setattr(
        commit, "_INSERT_ALLOCATION", commit._INSERT_ALLOCATION.replace("INTO ", "INTO gone_")
    )
    entries = count(ctx, JournalEntry)
    with pytest.raises(OPERATIONAL_ERRORS):
        sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)])
    for model in (Sale, SaleLine, VoucherAllocation):
        assert count(ctx, model) == 0
    assert count(ctx, JournalEntry) == entries
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["BRS-MED"]] == 500_000
    monkeypatch.undo()
    result = sales.redeem(ctx, data.cashier_id, fid, [rice(data, 1000)])
    assert result.receipt_no == "K1-0000001"  # no number was used up


def test_two_tills_on_one_file_never_share_a_receipt_number(ctx, data, clock):
    """Two contexts on the same database file (two processes in real life)."""
    from ewarong_pos.services.context import open_outlet

    other = open_outlet(ctx.data_dir.root, clock=clock)
    try:
        got = []
        for i in range(6):
            who = ctx if i % 2 else other
            got.append(sales.sell_cash(who, data.cashier_id, [rice(data, 1000)], 10_000))
        assert [r.receipt_no for r in got] == [f"K1-{n:07d}" for n in range(1, 7)]
    finally:
        other.close()
    conn = raw_connection(ctx)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_receive_helper_is_journaled(ctx, data):
    receive(ctx, data.manager_id, {data.products["TMP"]: 1000})
    with ctx.db.read() as s:
        assert on_hand(s)[data.products["TMP"]] == 11_000
        kinds = s.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)).all()
    assert kinds == ["device.setup", "stock.delivery", "stock.delivery"]


def test_concurrent_tills_cannot_spend_one_voucher_twice(ctx, data, clock):
    """Two tills (two connections) redeem the whole entitlement at the same moment: the
    writer lock and the re-read inside the commit let exactly one through."""
    import threading

    from ewarong_pos.services.context import open_outlet

    other = open_outlet(ctx.data_dir.root, clock=clock)
    fid = data.families["sumiati"]
    cart = [CartLine(data.products["BRS-PRM"], 17_000)]  # Rp 217.600 of Rp 220.000
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def till(context) -> None:
        barrier.wait()
        try:
            outcomes.append(sales.redeem(context, data.cashier_id, fid, cart))
        except DomainError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=till, args=(c,)) for c in (ctx, other)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    assert sum(isinstance(o, sales.SaleResult) for o in outcomes) == 1
    assert outcomes.count("sale.over_entitlement") == 1
    assert sales.entitlement(ctx, fid).total_open == 2_400


def test_concurrent_cash_sales_get_unique_gap_free_receipts(ctx, data):
    import threading

    barrier = threading.Barrier(4)
    got: list[str] = []

    def till() -> None:
        barrier.wait()
        for _ in range(5):
            got.append(
                sales.sell_cash(
                    ctx, data.cashier_id, [CartLine(data.products["BRS-MED"], 1000)], 10_000
                ).receipt_no
            )

    threads = [threading.Thread(target=till) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == [f"K1-{n:07d}" for n in range(1, 21)]


def test_commit_refuses_when_the_total_changed_since_the_preview(ctx, data):
    from ewarong_pos.db.models import Product

    fid = data.families["sumiati"]
    lines = [rice(data, 2000)]
    preview = sales.check_cart(ctx, fid, lines)
    with ctx.db.write() as s:  # a price update arrives through sync meanwhile
        product = s.get(Product, data.products["BRS-MED"])
        assert product is not None
        product.price = 9_000
    err = refused(
        "sale.total_changed",
        sales.redeem,
        ctx,
        data.cashier_id,
        fid,
        lines,
        expected_total=preview.total,
    )
    assert err.params == {"expected": 18_900, "total": 18_000}
    refused(
        "sale.total_changed",
        sales.sell_cash,
        ctx,
        data.cashier_id,
        lines,
        20_000,
        expected_total=preview.total,
    )
    assert count(ctx, Sale) == 0
    done = sales.redeem(ctx, data.cashier_id, fid, lines, expected_total=18_000)
    assert done.total == 18_000


def test_list_sales_filters_and_pages(ctx, data, clock):
    first = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    clock.advance(days=1)
    second = sales.redeem(ctx, data.cashier_id, data.families["sumiati"], [rice(data, 1000)])
    third = sales.sell_cash(ctx, data.cashier_id, [rice(data, 1000)], 10_000)
    assert [x.id for x in sales.list_sales(ctx)] == [third.sale_id, second.sale_id, first.sale_id]
    assert [x.id for x in sales.list_sales(ctx, business_date=dt.date(2018, 4, 12))] == [
        first.sale_id
    ]
    assert [x.id for x in sales.list_sales(ctx, kind="redemption")] == [second.sale_id]
    assert [x.id for x in sales.list_sales(ctx, limit=1, before_id=third.sale_id)] == [
        second.sale_id
    ]
    assert sales.list_sales(ctx, kind="redemption")[0].family_name == "Sumiati"


def test_every_code_the_engine_can_raise_has_both_languages():
    """Scan the engine's source for message codes: each must be in the catalogue."""
    import re
    from pathlib import Path

    from ewarong_pos.core.messages import MESSAGES

    root = Path(sales.__file__).parent.parent.parent  # ewarong_pos/services/sales/__init__.py
    sources = [
        root / "core" / "cart.py",
        *sorted((root / "services" / "sales").glob("*.py")),
        root / "services" / "verify.py",
    ]
    pattern = re.compile(
        r'(?:DomainError\(|findings\.add\(|\n\s+)"((?:sale|void|family|voucher|'
        r'verify)\.[a-z_]+)"'
    )
    kinds = set(sales.JOURNAL_KINDS.values())  # journal entry kinds, not messages
    used = {code for src in sources for code in pattern.findall(src.read_text())} - kinds
    assert len(used) > 40
    missing = sorted(code for code in used if code not in MESSAGES)
    assert missing == []
    for code in used:
        assert set(MESSAGES[code]) >= {"id", "en"}
