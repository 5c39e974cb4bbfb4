"""Reports read back (pypdf text, csv) and every figure checked against the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from sqlalchemy import text

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.money import format_number, format_quantity, format_rupiah
from ewarong_pos.printing import report_csv, report_pdf
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.report_models import SignalLine, SignalsReport
from ewarong_pos.services import reports
from tests.printing.world import redeem, seed, sell_cash, void

ID = Labels.for_lang("id")
DAY = dt.date(2018, 4, 12)


def pdf_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def sql(ctx, query: str, **params):
    with ctx.db.read() as s:
        return s.execute(text(query), params).all()


def test_daily_report_equals_the_database(ctx, sales):
    report = reports.daily_report(ctx, DAY)
    kinds = {
        k: (c, t)
        for k, c, t in sql(
            ctx,
            "SELECT kind, count(*), sum(total) FROM sale WHERE business_date = :d GROUP BY kind",
            d=DAY.isoformat(),
        )
    }
    assert {k.kind: (k.count, k.total) for k in report.by_kind if k.count} == kinds
    assert report.net_total == sum(t for _, t in kinds.values()) == 28_000
    assert report.cash_expected == 28_000  # the cash sale; the void was of a redemption
    products = {
        sku: (q, t)
        for sku, q, t in sql(
            ctx,
            "SELECT p.sku, sum(l.qty_milli), sum(l.total) FROM sale_line l JOIN sale s"
            " ON s.id = l.sale_id JOIN product p ON p.id = l.product_id GROUP BY p.sku",
        )
    }
    assert {p.sku: (p.qty_milli, p.total) for p in report.by_product} == products
    assert [(m.period, m.families, m.amount) for m in report.by_month] == [
        ("2018-03", 0, 0),
        ("2018-04", 0, 0),
    ]  # redeemed and voided the same day: nothing net
    assert [(v.receipt_no, v.voided_receipt_no, v.total) for v in report.voids] == [
        ("K1-0000003", "K1-0000001", -144_100)
    ]

    (page,) = pdf_pages(report_pdf.daily_pdf(report, ID))
    assert "Laporan Tutup Hari" in page and "12 April 2018" in page
    for k in report.by_kind:
        assert f"{ID.kind_name(k.kind)} {k.count} {format_number(k.total)}" in page
    assert f"Uang tunai seharusnya: {format_rupiah(report.cash_expected)}" in page
    for p in report.by_product:
        assert f"{format_quantity(p.qty_milli, p.unit)} {format_number(p.total)}" in page
    assert "K1-0000003 K1-0000001" in page and "salah input" in page
    assert "Halaman 1 dari 1" in page

    rows = read_csv(report_csv.daily_csv(report))
    got = {(r["section"], r["key"]): r for r in rows}
    assert int(got[("cash_expected", "")]["amount"]) == report.cash_expected
    for k in report.by_kind:
        assert int(got[("kind", k.kind)]["count"]) == k.count
        assert int(got[("kind", k.kind)]["amount"]) == k.total
    for sku, (qty, total) in products.items():
        assert int(got[("product", sku)]["amount"]) == total
        assert round(float(got[("product", sku)]["quantity"]) * 1000) == qty


@pytest.fixture
def month(ctx, clock):
    """900 families; every 15th redeems, one of those sales is voided, one cash sale."""
    world = seed(ctx, families=900, periods=("2018-03", "2018-04"))
    clock.advance(minutes=5)
    done = [redeem(ctx, world, i, [("BRS-M", 10_000 + i), ("TLR", 700)]) for i in range(0, 900, 15)]
    void(ctx, world, done[1], "salah KPM")
    sell_cash(ctx, world, [("MNY", 1_000)], 20_000)
    return world


def test_monthly_report_holds_900_families(ctx, month):
    report = reports.monthly_report(ctx, "2018-04")
    assert len(report.families) == 900
    # written independently of services.reports, straight from the tables
    redeemed_in_april = dict(
        sql(
            ctx,
            "SELECT f.dtks_id, sum(a.amount) FROM voucher_allocation a"
            " JOIN sale s ON s.id = a.sale_id JOIN family f ON f.id = s.family_id"
            " WHERE s.business_date BETWEEN '2018-04-01' AND '2018-04-30' GROUP BY f.dtks_id",
        )
    )
    open_at_end = dict(
        sql(
            ctx,
            "SELECT f.dtks_id, sum(v.amount - v.redeemed_elsewhere - coalesce((SELECT"
            " sum(a.amount) FROM voucher_allocation a JOIN sale s ON s.id = a.sale_id"
            " WHERE a.voucher_id = v.id AND s.business_date <= '2018-04-30'), 0))"
            " FROM family f JOIN voucher v ON v.family_id = f.id"
            " WHERE v.period <= '2018-04' AND v.status = 'open' GROUP BY f.dtks_id",
        )
    )
    april = dict(
        sql(
            ctx,
            "SELECT f.dtks_id, v.amount FROM family f JOIN voucher v ON v.family_id = f.id"
            " WHERE v.period = '2018-04'",
        )
    )
    from_april = dict(
        sql(
            ctx,
            "SELECT f.dtks_id, v.redeemed_elsewhere + coalesce((SELECT sum(a.amount)"
            " FROM voucher_allocation a WHERE a.voucher_id = v.id), 0)"
            " FROM family f JOIN voucher v ON v.family_id = f.id WHERE v.period = '2018-04'",
        )
    )
    db = {
        dtks: (april[dtks], from_april[dtks], redeemed_in_april.get(dtks, 0), open_at_end[dtks])
        for dtks in april
    }
    for fam in report.families:
        got = (fam.entitlement, fam.tranche_redeemed, fam.redeemed, fam.remaining)
        assert got == db[fam.dtks_id]
    assert report.collected_count == sum(1 for v in from_april.values() if v > 0)
    redeemed = sum(redeemed_in_april.values())
    assert report.total_redeemed == redeemed
    assert report.total_remaining == sum(open_at_end.values())
    assert report.total_entitlement == 900 * 110_000
    (trx,) = sql(
        ctx,
        "SELECT count(*) FROM sale WHERE kind = 'redemption' AND id NOT IN"
        " (SELECT voided_sale_id FROM sale WHERE voided_sale_id IS NOT NULL)",
    )[0]
    assert report.total_transactions == trx == 59
    assert report.collected_count == 59
    assert len(report.not_collected) == 841

    pages = pdf_pages(report_pdf.monthly_pdf(report, ID))
    n = len(pages)
    assert n > 10
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {n}" in page
    family_pages = [p for p in pages if "DTKS-00" in p]
    for page in family_pages:  # the table header repeats on every page
        assert "No. ID DTKS Nama Kartu" in page
    everything = "\n".join(pages)
    for fam in report.families:
        assert fam.dtks_id in everything
    assert (
        f"Jumlah {format_number(report.total_entitlement)}"
        f" {format_number(report.total_redeemed)}"
        f" {format_number(report.total_remaining)} {report.total_transactions}" in everything
    )
    assert f"Ditebus Rp {format_number(report.total_redeemed)}" in pages[0]
    assert "KPM yang belum mengambil bantuan" in everything
    assert "Pengelola e-Warong" in pages[-1] and "Pendamping" in pages[-1]
    assert "(nama dan tanda tangan)" in pages[-1]
    # privacy: no NIK or KK last digits beside the names, card as **** 1234
    assert re.search(r"\*\*\*\* 3000", everything)

    rows = read_csv(report_csv.monthly_csv(report))
    assert len(rows) == 900
    assert sum(int(r["redeemed"]) for r in rows) == redeemed
    assert sum(r["collected"] == "1" for r in rows) == 59
    by_id = {r["dtks_id"]: r for r in rows}
    for dtks, figures in db.items():
        row = by_id[dtks]
        got = tuple(
            int(row[k]) for k in ("entitlement", "tranche_redeemed", "redeemed", "remaining")
        )
        assert got == figures


def test_stock_card_balance_is_on_hand(ctx, sales):
    card = reports.stock_card_report(ctx, "BRS-P")
    (on_hand,) = sql(
        ctx,
        "SELECT sum(qty_milli) FROM stock_movement m JOIN product p ON p.id = m.product_id"
        " WHERE p.sku = 'BRS-P'",
    )[0]
    assert card.closing_milli == on_hand == 1_000_000  # delivered, sold, then voided
    assert [(line.reference, line.qty_milli) for line in card.lines] == [
        ("SJ-0001", 1_000_000),
        ("K1-0000001", -10_000),
        ("K1-0000003", 10_000),
    ]
    (page,) = pdf_pages(report_pdf.stock_pdf(card, ID))
    assert "Kartu Stok: Beras Premium" in page and "K1-0000003" in page
    assert "10 kg" in page
    rows = read_csv(report_csv.stock_csv(card))
    assert [r["balance"] for r in rows] == ["0", "1000", "990", "1000"]
    later = reports.stock_card_report(ctx, "BRS-P", date_from=DAY + dt.timedelta(days=1))
    assert later.lines == () and later.opening_milli == on_hand
    with pytest.raises(DomainError):
        reports.stock_card_report(ctx, "NOPE")


def test_price_list_shows_prices_and_ceilings(ctx, sales):
    report = reports.price_list_report(ctx)
    db = {
        sku: (price, ceiling, ref)
        for sku, price, ceiling, ref in sql(
            ctx, "SELECT sku, price, ceiling, reference_price FROM product WHERE active"
        )
    }
    assert {p.sku: (p.price, p.ceiling, p.reference_price) for p in report.lines} == db
    (page,) = pdf_pages(report_pdf.prices_pdf(report, ID))
    assert "Beras Medium Beras /kg Rp 9.450 Rp 9.450" in page
    assert "Telur Ayam Ras Telur /kg Rp 23.000 - Rp 23.000" in page
    rows = read_csv(report_csv.prices_csv(report))
    assert {r["sku"]: int(r["price"]) for r in rows} == {k: v[0] for k, v in db.items()}


def test_signals_report_from_the_signals_service(ctx, clock):
    world = seed(ctx, families=6)
    for family in range(5):  # five families, one identical basket: a forced package
        clock.advance(minutes=3)
        redeem(ctx, world, family, [("BRS-M", 10_000), ("TLR", 500)])
    report = reports.signals_report(ctx, DAY, DAY)
    from ewarong_pos.services.fraud_signals import fraud_signals

    found = fraud_signals(ctx, DAY, DAY)
    assert "signal.identical_baskets" in [s.code for s in found]
    assert [(line.code, line.severity) for line in report.lines] == [
        (s.code, s.severity) for s in found
    ]
    (page,) = pdf_pages(report_pdf.signals_pdf(report, ID))
    for line in report.lines:
        assert " ".join(line.detail.split())[:25] in page
    assert "DTKS-00001" in page
    rows = read_csv(report_csv.signals_csv(report))
    assert [r["code"] for r in rows] == [s.code for s in found]


def test_signals_report_renders(ctx, sales):
    at = dt.datetime(2018, 4, 12, 2, 30, tzinfo=dt.UTC)
    heading = reports.daily_report(ctx, DAY).outlet
    report = SignalsReport(
        heading,
        DAY,
        DAY,
        (SignalLine("signal.batch_swipe", "high", "K1-0000001", "12 kartu dalam 4 menit", at),),
    )
    (page,) = pdf_pages(report_pdf.signals_pdf(report, ID))
    assert "Tanda Kecurangan" in page and "12 kartu dalam 4 menit" in page
    assert "12 April 2018 09:30" in page
    rows = read_csv(report_csv.signals_csv(report))
    assert rows[0]["time_wib"] == at.astimezone(WIB).strftime("%Y-%m-%d %H:%M")


def test_an_open_shifts_time_stays_in_its_column(ctx, clock):
    """'09:00 - masih buka' wraps inside the shift table's time column (it ran into the
    float's column on a practice day's report)."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ewarong_pos.printing.fonts import SANS
    from ewarong_pos.services import shifts

    world = seed(ctx)
    shifts.open_shift(ctx, world.cashier_id, {"N100000": 2})
    report = reports.daily_report(ctx, DAY)
    assert report.shifts and report.shifts[0].closed_at is None
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size, found=found):
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4], font_size * tm[0] * cm[0]))

    PdfReader(io.BytesIO(report_pdf.daily_pdf(report, ID))).pages[0].extract_text(
        visitor_text=visit
    )
    right_edge = report_pdf.MARGIN + 28 * mm + 22 * mm  # the cashier's and time columns
    pieces = [(t, x, size) for t, x, size in found if "masih" in t or t == "buka"]
    assert pieces, found
    for piece, x, size in pieces:
        assert x + stringWidth(piece, SANS, size) <= right_edge, (piece, x, right_edge)
