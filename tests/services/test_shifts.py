"""Shifts, cash counts, the day close and the business-day lock (issue 15), on a real
outlet database: counts by denomination, over/short, the manager's PIN, hand-over, the
closed day refusing sales, voids of a closed day landing on the open day, verify naming
a changed count or close."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from ewarong_pos.core import cash
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.money import format_rupiah
from ewarong_pos.db.models import Account, JournalEntry, Sale, Shift, ShiftClose
from ewarong_pos.services import business_day, shifts
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.day import close_day, day_summary
from ewarong_pos.services.sales import CartLine, redeem, sell_cash, void_sale
from ewarong_pos.services.settings import SHIFT_OVER_SHORT_LIMIT, set_settings
from ewarong_pos.services.stock import DeliveryLine, receive_delivery
from ewarong_pos.services.verify import verify_journal
from tests.services.b2_data import add_catalogue, add_family, add_voucher

DAY = dt.date(2018, 4, 12)
FLOAT = {"N50000": 2, "N20000": 5, "N10000": 5, "N5000": 4, "N2000": 10, "C500": 20, "C100": 10}
FLOAT_TOTAL = 100_000 + 100_000 + 50_000 + 20_000 + 20_000 + 10_000 + 1_000  # 301.000


def counts_for(amount: int) -> dict[str, int]:
    """A drawer holding exactly `amount` (a multiple of 100), greedy by denomination."""
    left, result = amount, {}
    for d in cash.DENOMINATIONS:
        if d.key == "N1000":
            continue  # leave the 1.000s to the coins: both are in use
        pieces, left = divmod(left, d.value)
        if pieces:
            result[d.key] = pieces
    assert left == 0, amount
    return result


@pytest.fixture
def shop(ctx):
    sku = add_catalogue(ctx)
    ani = create_account(ctx, "ani", "Ani Kasir", "cashier", "1234").id
    budi = create_account(ctx, "budi", "Budi Kasir", "cashier", "4321").id
    manager = create_account(ctx, "bos", "Bu Bos", "manager", "8888").id
    receive_delivery(
        ctx,
        manager,
        "Bulog",
        "SJ-1",
        [
            DeliveryLine(sku["BRS-MED"], 500_000, 8_000),
            DeliveryLine(sku["MYK-1L"], 50_000, 12_000),
        ],
    )
    fams = [add_family(ctx, n) for n in (1, 2)]
    for fam in fams:
        add_voucher(ctx, fam, "2018-04")
    return {"sku": sku, "ani": ani, "budi": budi, "manager": manager, "fams": fams}


def _oil(ctx, shop, cashier, litres=1, tendered=50_000):
    return sell_cash(ctx, cashier, [CartLine(shop["sku"]["MYK-1L"], litres * 1000)], tendered)


def test_denominations_and_counts():
    assert [d.value for d in cash.DENOMINATIONS] == [
        100_000,
        50_000,
        20_000,
        10_000,
        5_000,
        2_000,
        1_000,
        1_000,
        500,
        200,
        100,
    ]
    normal = cash.normalise_count(FLOAT)
    assert list(normal) == [d.key for d in cash.DENOMINATIONS]
    assert cash.count_total(normal) == FLOAT_TOTAL
    for bad in ({"N75000": 1}, {"N1000": -1}, {"C500": 1.5}, {"C100": True}, {"N2000": 10_001}):
        with pytest.raises(DomainError) as exc:
            cash.normalise_count(bad)
        assert exc.value.code in ("cash.unknown_denomination", "cash.bad_pieces")


def test_open_sell_close_balanced(ctx, shop, clock):
    opened = shifts.open_shift(ctx, shop["ani"], FLOAT)
    assert opened.float_total == FLOAT_TOTAL and opened.business_date == DAY
    k1 = _oil(ctx, shop, shop["ani"], 2)  # 28.000
    clock.advance(minutes=5)
    redeem(ctx, shop["ani"], shop["fams"][0], [CartLine(shop["sku"]["BRS-MED"], 5_000)])
    k2 = _oil(ctx, shop, shop["ani"], 1)  # 14.000
    void_sale(ctx, shop["ani"], k2.receipt_no, "bos", "8888", "batal")
    standing = shifts.current_shift(ctx)
    assert (standing.cash_sales, standing.cash_voids) == (28_000 + 14_000, -14_000)
    assert standing.expected == FLOAT_TOTAL + 28_000 == FLOAT_TOTAL + k1.total
    closed = shifts.close_shift(ctx, shop["ani"], counts_for(standing.expected))
    assert closed.over_short == 0 and closed.reason == "" and closed.approved_by is None
    assert shifts.current_shift(ctx) is None
    with ctx.db.read() as s:
        kinds = s.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)).all()
        close_entry = json.loads(
            s.scalar(select(JournalEntry.payload).where(JournalEntry.kind == "shift.close"))
        )
    assert "shift.open" in kinds and kinds[-1] == "shift.close"
    assert close_entry["expected"] == standing.expected
    assert close_entry["counts"] == cash.normalise_count(counts_for(standing.expected))
    assert verify_journal(ctx).ok


def test_a_second_open_is_refused_and_a_close_needs_an_open_shift(ctx, shop):
    with pytest.raises(DomainError) as exc:
        shifts.close_shift(ctx, shop["ani"], FLOAT)
    assert exc.value.code == "shift.none_open"
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    with pytest.raises(DomainError) as exc:
        shifts.open_shift(ctx, shop["budi"], FLOAT)
    assert exc.value.code == "shift.already_open"
    assert exc.value.params == {"cashier": "Ani Kasir"}


def test_shortage_needs_reason_and_above_the_limit_the_managers_pin(ctx, shop):
    set_settings(ctx, {SHIFT_OVER_SHORT_LIMIT.key: "10000"})
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 3)  # 42.000
    short = counts_for(FLOAT_TOTAL + 42_000 - 15_000)
    with pytest.raises(DomainError) as exc:
        shifts.close_shift(ctx, shop["ani"], short)
    assert exc.value.code == "shift.reason_required"
    with pytest.raises(DomainError) as exc:
        shifts.close_shift(ctx, shop["ani"], short, "uang kembalian salah")
    assert exc.value.code == "shift.manager_required"
    assert exc.value.params == {"difference": -15_000, "limit": 10_000}
    with pytest.raises(DomainError) as exc:
        shifts.close_shift(
            ctx,
            shop["ani"],
            short,
            "uang kembalian salah",
            manager_username="ani",
            manager_pin="1234",
        )
    assert exc.value.code == "auth.not_allowed"
    with pytest.raises(DomainError) as exc:
        shifts.close_shift(
            ctx,
            shop["ani"],
            short,
            "uang kembalian salah",
            manager_username="bos",
            manager_pin="0000",
        )
    assert exc.value.code == "auth.wrong_pin"
    with ctx.db.read() as s:  # the failure was kept (lockout), nothing else written
        assert s.scalar(select(Account.failed_attempts).where(Account.username == "bos")) == 1
        assert s.scalar(select(func.count()).select_from(ShiftClose)) == 0
    assert shifts.current_shift(ctx) is not None
    closed = shifts.close_shift(
        ctx,
        shop["ani"],
        short,
        "uang kembalian salah",
        manager_username="bos",
        manager_pin="8888",
    )
    assert closed.over_short == -15_000 and closed.approved_by == "bos"
    # a small difference needs a reason but no PIN
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    small = shifts.close_shift(ctx, shop["ani"], counts_for(FLOAT_TOTAL + 500), "lebih koin")
    assert small.over_short == 500 and small.approved_by is None


def test_hand_over_counts_once_and_the_next_shift_takes_the_count_as_float(ctx, shop, clock):
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 2)  # 28.000 in ani's shift
    clock.advance(hours=4)
    counted = counts_for(FLOAT_TOTAL + 28_000)
    old, new = shifts.hand_over(ctx, shop["budi"], shop["budi"], counted)
    assert old.shift.cashier == "ani" and old.handover_to == "budi" and old.over_short == 0
    assert old.counted_by == "budi"
    assert new.cashier == "budi" and new.float_total == FLOAT_TOTAL + 28_000
    _oil(ctx, shop, shop["budi"], 1)  # 14.000 in budi's shift
    standing = shifts.current_shift(ctx)
    assert standing.shift.cashier == "budi"
    assert standing.expected == FLOAT_TOTAL + 28_000 + 14_000
    with pytest.raises(DomainError) as exc:
        shifts.hand_over(ctx, shop["budi"], shop["budi"], counted)
    assert exc.value.code == "shift.same_cashier"
    assert verify_journal(ctx).ok


def test_day_close_manager_only_refused_with_cart_or_open_shift(ctx, shop):
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    with pytest.raises(DomainError) as exc:
        close_day(ctx, shop["ani"])
    assert exc.value.code == "day.manager_only"
    with pytest.raises(DomainError) as exc:
        close_day(ctx, shop["manager"], cart_lines=2)
    assert exc.value.code == "day.cart_open"
    with pytest.raises(DomainError) as exc:
        close_day(ctx, shop["manager"])
    assert exc.value.code == "day.shift_open" and exc.value.params["count"] == 1
    assert "shift" in exc.value.message("en") and "/" not in exc.value.message("id")
    shifts.close_shift(ctx, shop["ani"], FLOAT)
    result = close_day(ctx, shop["manager"])
    assert result.summary.business_date == DAY
    assert [x.over_short for x in result.summary.shifts] == [0]


def test_after_the_close_the_day_is_locked_until_the_manager_opens_the_next(ctx, shop, clock):
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    k1 = _oil(ctx, shop, shop["ani"], 1)
    r1 = redeem(ctx, shop["ani"], shop["fams"][0], [CartLine(shop["sku"]["BRS-MED"], 2_000)])
    shifts.close_shift(ctx, shop["ani"], counts_for(FLOAT_TOTAL + 14_000))
    close_day(ctx, shop["manager"])
    with ctx.db.read() as s:
        entries_before = s.scalar(select(func.count()).select_from(JournalEntry))
    clock.advance(hours=1)
    refusals = [
        lambda: _oil(ctx, shop, shop["ani"]),
        lambda: redeem(ctx, shop["ani"], shop["fams"][1], [CartLine(shop["sku"]["BRS-MED"], 1)]),
        lambda: void_sale(ctx, shop["ani"], k1.receipt_no, "bos", "8888", "batal"),
        lambda: shifts.open_shift(ctx, shop["ani"], FLOAT),
    ]
    for attempt in refusals:
        with pytest.raises(DomainError) as exc:
            attempt()
        assert exc.value.code == "day.closed"
        assert exc.value.params == {"date": "2018-04-12", "next": "2018-04-13"}
        assert "pengelola" in exc.value.message("id") and "13 April 2018" in exc.value.message()
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == entries_before
    assert business_day.business_day(ctx).closed

    # Only a manager opens the next business day, one day ahead at most.
    with pytest.raises(DomainError) as exc:
        business_day.open_next_day(ctx, shop["ani"])
    assert exc.value.code == "auth.not_allowed"
    opened = business_day.open_next_day(ctx, shop["manager"])
    assert opened.day == DAY + dt.timedelta(days=1) and not opened.closed
    with pytest.raises(DomainError) as exc:
        business_day.open_next_day(ctx, shop["manager"])
    assert exc.value.code == "day.still_open"

    # The void of the closed day's sale lands on the open day, naming the original.
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    void = void_sale(ctx, shop["ani"], r1.receipt_no, "bos", "8888", "keluarga batal")
    with ctx.db.read() as s:
        assert s.scalar(select(Sale.business_date).where(Sale.id == void.sale_id)) == opened.day
    following = day_summary(ctx, opened.day)
    (item,) = following.voids
    assert item.voided_receipt_no == r1.receipt_no and item.voided_date == "2018-04-12"
    assert item.adjustment
    closed_day = day_summary(ctx, DAY)
    assert closed_day.voids == () and closed_day.kind("redemption").count == 1
    assert verify_journal(ctx).ok


def test_the_next_calendar_day_needs_no_opening(ctx, shop, clock):
    close_day(ctx, shop["manager"])
    clock.advance(days=1)
    assert business_day.business_day(ctx).day == DAY + dt.timedelta(days=1)
    sale = _oil(ctx, shop, shop["ani"])
    assert sale.created_at.startswith("2018-04-13")


def _tamper(ctx, sql: str) -> None:
    with ctx.db.write() as s:
        s.execute(text(sql.replace(":", "\\:")))  # JSON colons are no bind parameters


def test_verify_names_a_changed_float_count_close_count_and_day_close(ctx, shop, clock):
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 2)
    shifts.hand_over(ctx, shop["budi"], shop["budi"], counts_for(FLOAT_TOTAL + 28_000))
    shifts.close_shift(ctx, shop["budi"], counts_for(FLOAT_TOTAL + 28_000 - 500), "koin hilang")
    close_day(ctx, shop["manager"])
    business_day.open_next_day(ctx, shop["manager"])
    assert verify_journal(ctx).ok

    _tamper(
        ctx,
        "UPDATE shift_close SET counted_total = counted_total + 500, over_short = 0 "
        "WHERE reason = 'koin hilang'",
    )
    report = verify_journal(ctx)
    assert [(p.code, p.params["field"]) for p in report.problems] == [
        ("verify.shift_close_altered", "counted_total")
    ]
    assert "budi 2018-04-12" in report.problems[0].message("en")

    _tamper(
        ctx,
        "UPDATE shift SET float_counts = replace(float_counts, '\"N50000\":2', "
        "'\"N50000\":1') WHERE id = 1",
    )
    codes = {(p.code, p.params.get("field")) for p in verify_journal(ctx).problems}
    assert ("verify.shift_altered", "float") in codes

    _tamper(
        ctx,
        "UPDATE day_close SET totals = replace(totals, '\"cash_expected\":28000', "
        "'\"cash_expected\":0')",
    )
    codes = {(p.code, p.params.get("field")) for p in verify_journal(ctx).problems}
    assert ("verify.day_altered", "totals") in codes

    _tamper(ctx, "DELETE FROM day_open")
    codes = {p.code for p in verify_journal(ctx).problems}
    assert "verify.entry_without_day_open" in codes

    # A changed count in the journal itself breaks the chain at that entry.
    with ctx.db.write() as s:
        seq = s.scalar(select(JournalEntry.seq).where(JournalEntry.kind == "shift.open"))
        s.execute(
            text("UPDATE journal SET payload = replace(payload, :a, :b) WHERE seq = :seq"),
            {"a": '"C500":20', "b": '"C500":21', "seq": seq},
        )
    problems = verify_journal(ctx).problems
    assert any(p.code == "verify.chain_hash" and p.seq == seq for p in problems)


def test_closed_day_summary_is_the_close_and_stays_so(ctx, shop, clock):
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 2)
    shifts.close_shift(ctx, shop["ani"], counts_for(FLOAT_TOTAL + 28_000))
    result = close_day(ctx, shop["manager"])
    before = day_summary(ctx, DAY)
    assert before == result.summary
    # Later: the product is renamed, the cashier's name changes, the next day trades.
    with ctx.db.write() as s:
        s.execute(text("UPDATE product SET name = 'Minyak Baru' WHERE sku = 'MYK-1L'"))
        s.execute(text("UPDATE account SET display_name = 'Ani Baru' WHERE username = 'ani'"))
    clock.advance(days=1)
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 1)
    assert day_summary(ctx, DAY) == before


# --- over/short == counted - expected over random days --------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("cash"), st.integers(1, 3)),
        st.tuples(st.just("void"), st.integers(0, 50)),
        st.tuples(st.just("redeem"), st.integers(1, 2)),
        st.tuples(st.just("handover"), st.integers(-3, 3)),
        st.tuples(st.just("close"), st.integers(-3, 3)),
    ),
    max_size=14,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_over_short_is_counted_minus_expected(tmp_path_factory, ops):
    from ewarong_pos.services.context import open_outlet
    from ewarong_pos.services.outlet import setup_outlet
    from tests.conftest import FakeClock

    clock = FakeClock(dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC))
    ctx = open_outlet(tmp_path_factory.mktemp("shift"), clock=clock, encrypt=False)
    try:
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
        sku = add_catalogue(ctx)
        people = [
            create_account(ctx, "ani", "Ani", "cashier", "1234").id,
            create_account(ctx, "budi", "Budi", "cashier", "4321").id,
        ]
        create_account(ctx, "bos", "Bos", "manager", "8888")
        receive_delivery(
            ctx,
            people[0],
            "Bulog",
            "SJ",
            [DeliveryLine(sku["MYK-1L"], 99_000, 1), DeliveryLine(sku["BRS-MED"], 99_000, 1)],
        )
        fam = add_family(ctx, 1)
        add_voucher(ctx, fam, "2018-04")
        set_settings(ctx, {SHIFT_OVER_SHORT_LIMIT.key: "1000000"})
        holder = 0
        shifts.open_shift(ctx, people[holder], FLOAT)
        model = FLOAT_TOTAL  # what the drawer holds, by our own books
        cash_sales: list[tuple[str, int]] = []
        for op, n in ops:
            clock.advance(minutes=3)
            if op == "cash":
                sale = sell_cash(ctx, people[holder], [CartLine(sku["MYK-1L"], n * 1000)], 99_000)
                model += sale.total
                cash_sales.append((sale.receipt_no, sale.total))
            elif op == "redeem":  # vouchers, not cash: the drawer does not move
                try:
                    redeem(ctx, people[holder], fam, [CartLine(sku["BRS-MED"], n * 1000)])
                except DomainError as exc:
                    assert exc.code == "sale.over_entitlement", exc
            elif op == "void" and cash_sales:
                receipt, total = cash_sales.pop(n % len(cash_sales))
                void_sale(ctx, people[holder], receipt, "bos", "8888", "batal")
                model -= total
            elif op in ("handover", "close"):
                counted = max(0, model + n * 100)
                standing = shifts.current_shift(ctx)
                assert standing is not None and standing.expected == model
                why = "selisih" if counted != model else None
                if op == "handover":
                    holder = 1 - holder
                    closed, _new = shifts.hand_over(
                        ctx, people[holder], people[holder], counts_for(counted), why
                    )
                else:
                    closed = shifts.close_shift(ctx, people[holder], counts_for(counted), why)
                    shifts.open_shift(ctx, people[holder], counts_for(counted))
                assert closed.expected == model
                assert closed.over_short == closed.counted_total - closed.expected
                assert closed.over_short == counted - model
                model = counted  # the next shift starts from what was counted
        standing = shifts.current_shift(ctx)
        assert standing is not None and standing.expected == model
        with ctx.db.read() as s:
            for row in s.scalars(select(ShiftClose)):
                assert row.over_short == row.counted_total - row.expected
                shift = s.get(Shift, row.shift_id)
                assert row.expected == shift.float_total + row.cash_sales + row.cash_voids
        assert verify_journal(ctx).ok
    finally:
        ctx.close()


def test_closed_day_reports_are_byte_identical_before_and_after_later_activity(ctx, shop, clock):
    from ewarong_pos.printing import report_csv, report_pdf
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.services import reports
    from tests.printing.test_reports import pdf_pages, read_csv

    shifts.open_shift(ctx, shop["ani"], FLOAT)
    k1 = _oil(ctx, shop, shop["ani"], 2)
    r1 = redeem(ctx, shop["ani"], shop["fams"][0], [CartLine(shop["sku"]["BRS-MED"], 2_000)])
    k2 = _oil(ctx, shop, shop["ani"], 1)
    void_sale(ctx, shop["ani"], k2.receipt_no, "bos", "8888", "salah input")
    shifts.hand_over(ctx, shop["budi"], shop["budi"], counts_for(FLOAT_TOTAL + 27_000), "kurang")
    _oil(ctx, shop, shop["budi"], 1)
    shifts.close_shift(ctx, shop["budi"], counts_for(FLOAT_TOTAL + 27_000 + 14_000))
    clock.advance(hours=1)
    open_page = " ".join(
        pdf_pages(report_pdf.daily_pdf(reports.daily_report(ctx, DAY), Labels.for_lang("id")))
    )
    assert "Dicetak:" in open_page and "Ditutup:" not in open_page  # an open day: when printed
    result = close_day(ctx, shop["manager"])

    def render(lang="id"):
        report = reports.daily_report(ctx, DAY)
        return (
            report,
            report_pdf.daily_pdf(report, Labels.for_lang(lang)),
            report_csv.daily_csv(report),
        )

    report, pdf, csv = render()
    assert report.close is not None and report.close.journal_seq == result.journal_seq
    # gross, voids and net per cashier and kind; expected vs counted per shift
    assert [(c.name, c.kind, c.count, c.gross, c.voids, c.net) for c in report.cashier_kinds] == [
        ("Ani Kasir", "redemption", 1, r1.total, 0, r1.total),
        ("Ani Kasir", "cash", 2, k1.total + k2.total, -k2.total, k1.total),
        ("Budi Kasir", "cash", 1, 14_000, 0, 14_000),
    ]
    assert [(x.cashier, x.expected, x.counted, x.over_short) for x in report.shifts] == [
        ("Ani Kasir", FLOAT_TOTAL + 28_000, FLOAT_TOTAL + 27_000, -1_000),
        ("Budi Kasir", FLOAT_TOTAL + 27_000 + 14_000, FLOAT_TOTAL + 41_000, 0),
    ]
    page = " ".join(pdf_pages(pdf))
    assert "Shift dan hitungan kas" in page and "kurang" in page
    assert f"jurnal #{result.journal_seq}" in page  # the footer, for the auditor
    # the heading's time is the close's, and says so (not "printed")
    assert "Ditutup:" in page and "Dicetak:" not in page
    rows = read_csv(csv)
    got = {(r["section"], r["key"], r["name"]): r for r in rows}
    assert int(got[("cashier", "cash", "Ani Kasir")]["voids"]) == -k2.total
    assert int(got[("cashier", "cash", "Ani Kasir")]["net"]) == k1.total
    shift_rows = [r for r in rows if r["section"] == "shift"]
    assert [int(r["over_short"]) for r in shift_rows] == [-1_000, 0]
    assert shift_rows[0]["detail"] == "kurang; handover_to=budi"
    assert int(got[("redeemed_net", "", "")]["amount"]) == report.redeemed_net
    assert got[("day_closed", "2018-04-12", "bos")]["journal_seq"] == str(result.journal_seq)

    # Later: names change, the next day trades, the closed day's sale is voided there.
    with ctx.db.write() as s:
        s.execute(text("UPDATE product SET name = 'Minyak Baru' WHERE sku = 'MYK-1L'"))
        s.execute(text("UPDATE outlet SET name = 'e-Warong Baru'"))
    clock.advance(days=1)
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 1)
    void_sale(ctx, shop["ani"], r1.receipt_no, "bos", "8888", "keluarga batal")
    assert render()[1:] == (pdf, csv)
    assert render("en")[1] == render("en")[1]

    later = reports.daily_report(ctx, DAY + dt.timedelta(days=1))
    (adjustment,) = later.voids
    assert adjustment.voided_receipt_no == r1.receipt_no and adjustment.adjusts_day == DAY
    page = " ".join(pdf_pages(report_pdf.daily_pdf(later, Labels.for_lang("id"))))
    assert "Koreksi atas hari 12 April 2018: keluarga batal" in page.replace("\n", " ")


def test_shift_report_as_escpos_58_and_80_mm_and_pdf(ctx, shop, clock):
    from pypdf import PdfReader

    from ewarong_pos.printing.escpos import PaperSpec
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.shift_report import render_shift_escpos, render_shift_pdf
    from tests.printing.escpos_decode import decode

    set_settings(ctx, {SHIFT_OVER_SHORT_LIMIT.key: "1000"})
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 2)
    clock.advance(hours=8)
    closed = shifts.close_shift(
        ctx,
        shop["ani"],
        counts_for(FLOAT_TOTAL + 28_000 - 2_000),
        "uang kembalian salah",
        manager_username="bos",
        manager_pin="8888",
    )
    report = shifts.shift_report(ctx)
    assert report.over_short == closed.over_short == -2_000
    labels = Labels.for_lang("id")
    for paper, columns in ((58, 32), (80, 48)):
        out = decode(render_shift_escpos(report, labels, PaperSpec(paper)))
        assert out.initialised and all(len(line) <= columns for line in out.lines)
        text = "\n".join(out.lines)
        assert "Laporan Shift" in text and "Ani Kasir" in text
        assert any(line.startswith("50.000 x 2") and line.endswith("100.000") for line in out.lines)
        for label, value in (
            ("Modal awal", FLOAT_TOTAL),
            ("Penjualan tunai", 28_000),
            ("Seharusnya", FLOAT_TOTAL + 28_000),
            ("Dihitung", FLOAT_TOTAL + 26_000),
            ("Selisih", -2_000),
        ):
            (line,) = [x for x in out.lines if x.startswith(label)]
            assert line.endswith(format_rupiah(value)), line
        assert any("uang kembalian salah" in x for x in out.lines)
        assert any(x.strip() == f"jurnal #{closed.journal_seq}" for x in out.lines)
    pdf = render_shift_pdf(report, Labels.for_lang("en"), 80)
    page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Shift Report" in page and "Over/short" in page and "-Rp 2.000" in page
    with pytest.raises(DomainError) as exc:
        shifts.shift_report(ctx, 999)
    assert exc.value.code == "shift.not_closed"


def test_cash_sold_with_no_shift_open_is_its_own_figure(ctx, shop, clock):
    from ewarong_pos.printing import report_csv
    from ewarong_pos.services import reports
    from tests.printing.test_reports import read_csv

    outside = _oil(ctx, shop, shop["ani"], 1)  # nobody counted a float: no shift
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    _oil(ctx, shop, shop["ani"], 2)
    redeem(ctx, shop["ani"], shop["fams"][0], [CartLine(shop["sku"]["BRS-MED"], 1_000)])
    summary = day_summary(ctx, DAY)
    assert summary.cash_outside_shifts == outside.total
    assert summary.cash_expected == outside.total + 28_000
    assert summary.shifts[0].expected - summary.shifts[0].float_total == 28_000
    shifts.close_shift(ctx, shop["ani"], counts_for(FLOAT_TOTAL + 28_000))
    close_day(ctx, shop["manager"])
    report = reports.daily_report(ctx, DAY)
    assert report.cash_outside_shifts == outside.total
    rows = {r["section"]: r for r in read_csv(report_csv.daily_csv(report))}
    assert int(rows["cash_outside_shifts"]["amount"]) == outside.total


def test_shift_report_from_the_command_line(ctx, shop, tmp_path, capsys):
    from ewarong_pos.cli import main
    from tests.printing.escpos_decode import decode

    root = str(ctx.data_dir.root)
    out = tmp_path / "shift.bin"
    assert main(["report", "shift", "--out", str(out), "--data-dir", root]) == 2
    assert "Belum ada shift yang ditutup" in capsys.readouterr().err
    shifts.open_shift(ctx, shop["ani"], FLOAT)
    shifts.close_shift(ctx, shop["ani"], FLOAT)
    assert main(["report", "shift", "--out", str(out), "--paper", "58", "--data-dir", root]) == 0
    lines = decode(out.read_bytes()).lines
    assert max(len(x) for x in lines) <= 32 and any("Laporan Shift" in x for x in lines)
    pdf = tmp_path / "shift.pdf"
    assert main(["--lang", "en", "report", "shift", "--out", str(pdf), "--data-dir", root]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    bad = tmp_path / "shift.csv"
    assert main(["--lang", "en", "report", "shift", "--out", str(bad), "--data-dir", root]) == 2
    assert "the shift report: .pdf or .bin" in capsys.readouterr().err
