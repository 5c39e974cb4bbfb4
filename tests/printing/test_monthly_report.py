"""The monthly distribution report Dinas Sosial signs: who collected (by redemption date),
each voucher month's balance, totals that fit above Rp 1 billion, WIB dates, signatures
kept with the totals, any name printed as written."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from ewarong_pos.core.money import format_number
from ewarong_pos.db.models import Family
from ewarong_pos.printing import report_pdf
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.report_models import FamilyMonth, MonthlyReport, OutletHeading
from ewarong_pos.services import reports
from tests.printing.world import redeem, seed, void

ID = Labels.for_lang("id")
EN = Labels.for_lang("en")


def pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def heading(printed_at: dt.datetime | None = None) -> OutletHeading:
    return OutletHeading(
        "EW-3171-0001",
        "e-Warong Melati",
        "Jl. Melati No. 5, Kebon Melati, Tanah Abang, Jakarta Pusat",
        "K1",
        printed_at or dt.datetime(2020, 12, 4, 3, 0, tzinfo=dt.UTC),
    )


def synthetic(n: int, entitlement: int, redeemed: int, remaining: int, **kw) -> MonthlyReport:
    families = tuple(
        FamilyMonth(
            dtks_id=f"DTKS-{i:05d}",
            name=f"Keluarga Nomor {i}",
            card=f"**** {1000 + i}",
            entitlement=entitlement,
            redeemed=redeemed,
            remaining=remaining,
            transactions=1 if redeemed else 0,
            status="active",
        )
        for i in range(1, n + 1)
    )
    return MonthlyReport(kw.get("outlet", heading()), "2020-12", entitlement, families)


def test_collected_counts_families_by_redemption_date(ctx, clock):
    """April: family 0 redeems (charged to March, the oldest open month), family 1
    redeems and is voided, family 2 does not come. Only family 0 collected in April."""
    world = seed(ctx, families=3, periods=("2018-03", "2018-04"))
    clock.advance(minutes=5)  # 12 April 2018
    redeem(ctx, world, 0, [("BRS-M", 10_000)])  # 94.500 from March's 110.000
    voided = redeem(ctx, world, 1, [("BRS-M", 5_000)])
    void(ctx, world, voided, "salah KPM")

    report = reports.monthly_report(ctx, "2018-04")
    by_id = {f.dtks_id: f for f in report.families}
    assert by_id["DTKS-00001"].tranche_redeemed == 0  # April's own voucher untouched
    assert by_id["DTKS-00001"].collected and by_id["DTKS-00001"].redeemed == 94_500
    assert not by_id["DTKS-00002"].collected  # its only redemption was voided
    assert not by_id["DTKS-00003"].collected
    assert report.collected_count == 1
    assert [f.dtks_id for f in report.not_collected] == ["DTKS-00002", "DTKS-00003"]
    # each voucher month's balance at the end of April
    march, april = report.tranches
    assert (march.period, march.families, march.entitlement) == ("2018-03", 3, 330_000)
    assert (march.redeemed_in_month, march.redeemed_to_date) == (94_500, 94_500)
    assert march.remaining == 330_000 - 94_500
    assert (april.redeemed_in_month, april.remaining) == (0, 330_000)
    assert sum(t.redeemed_in_month for t in report.tranches) == report.total_redeemed

    text = " ".join(pages(report_pdf.monthly_pdf(report, ID)))
    assert "Sudah mengambil * 1 Belum mengambil 2" in text
    assert "Saldo per bulan bantuan" in text
    assert "Maret 2018 3 330.000 94.500 94.500 235.500" in text
    assert "* Sudah mengambil: KPM yang menebus" in text  # the footnote
    english = " ".join(pages(report_pdf.monthly_pdf(report, EN)))
    assert "Collected * 1 Not collected 2" in english and "* Collected: families" in english

    # March, seen from March: nobody redeemed during March
    assert reports.monthly_report(ctx, "2018-03").collected_count == 0


def test_totals_above_one_billion_stay_apart():
    """900 families at Rp 2.000.000 a month and more: every total in its own column."""
    report = synthetic(900, 2_000_000, 1_500_000, 9_999_999)
    assert report.total_remaining > 1_000_000_000
    text = pages(report_pdf.monthly_pdf(report, ID))
    totals = (
        f"Jumlah {format_number(1_800_000_000)} {format_number(1_350_000_000)}"
        f" {format_number(8_999_999_100)} 900"
    )
    assert totals == "Jumlah 1.800.000.000 1.350.000.000 8.999.999.100 900"
    assert totals in text[-1]


@pytest.mark.parametrize("families", range(30, 76, 3))
def test_signatures_stay_with_the_totals(families):
    """Whatever the number of rows, the page with the totals carries the signatures and
    at least the last family; a page that starts with the table's end has its header."""
    report = synthetic(families, 200_000, 0, 200_000)
    text = pages(report_pdf.monthly_pdf(report, ID))
    last = text[-1]
    assert "Jumlah " + format_number(200_000 * families) in last
    assert "Pengelola e-Warong" in last and "Pendamping" in last
    assert f"DTKS-{families:05d}" in last
    assert "No. ID DTKS Nama Kartu Hak Ditebus Sisa Trx" in last
    assert all("Pengelola e-Warong" not in page for page in text[:-1])


def test_signature_date_is_the_wib_date():
    """Printed 4 December 2020 18:20 UTC = 5 December 01:20 WIB: the date is 5 December."""
    report = synthetic(
        3, 200_000, 0, 200_000, outlet=heading(dt.datetime(2020, 12, 4, 18, 20, tzinfo=dt.UTC))
    )
    text = " ".join(pages(report_pdf.monthly_pdf(report, ID)))
    assert "Jakarta Pusat, 5 Desember 2020" in text
    assert "4 Desember" not in text


def test_any_name_prints_as_written_and_control_characters_never_reach_the_pdf(ctx, clock):
    world = seed(ctx, families=3)
    names = ["Çağrı Łukasz Nguyễn", "Siti\x1b@\x00Aminah\rBinti", "Ахмед Ωmega Żółć"]
    with ctx.db.write() as s:
        for family_id, name in zip(world.families, names, strict=True):
            s.execute(update(Family).where(Family.id == family_id).values(name=name))
    data = report_pdf.monthly_pdf(reports.monthly_report(ctx, "2018-04"), ID)
    text = " ".join(pages(data))
    assert "Çağrı Łukasz Nguyễn" in text
    assert "Ахмед Ωmega Żółć" in text
    assert "Siti@Aminah Binti" in text
    assert not any(ord(ch) < 32 for ch in text)
    # the font is embedded (a TrueType subset of the shipped DejaVu Sans), not Helvetica
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names_used = {fonts[key].get_object()["/BaseFont"] for key in fonts}
    assert all("DejaVuSans" in str(name) for name in names_used), names_used
    for key in fonts:
        font = fonts[key].get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a Type0 font: the descriptor is on its descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


def text_boxes(data: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Per page, every drawn string as (x0, x1, y, text), x1 from the font's own widths."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ewarong_pos.printing.fonts import SANS, SANS_BOLD

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        boxes: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, boxes=boxes):
            if not text.strip() or font is None:
                return
            bold = "Bold" in str(font.get("/BaseFont", ""))
            x = cm[4] + tm[4] * cm[0]
            y = cm[5] + tm[5] * cm[3]
            width = stringWidth(text, SANS_BOLD if bold else SANS, size * tm[0])
            boxes.append((x, x + width, round(y, 1), text))

        page.extract_text(visitor_text=visit)
        out.append(boxes)
    return out


def assert_no_overlap(page_boxes) -> None:
    rows: dict[float, list[tuple[float, float, float, str]]] = {}
    for box in page_boxes:
        rows.setdefault(box[2], []).append(box)
    for row in rows.values():
        row.sort()
        if len({box[0] for box in row}) < len(row):
            continue  # a paragraph with inline bold: its runs are placed by offsets
        for left, right in itertools.pairwise(row):
            assert left[1] <= right[0] + 0.5, f"{left[3]!r} runs into {right[3]!r}"


def test_totals_row_and_stock_card_never_run_together():
    """Drawn strings of one line never overlap: the totals above Rp 1 billion, and a stock
    card with December dates, long references and five-digit quantities."""
    from ewarong_pos.printing.report_models import StockCardReport, StockLine

    report = synthetic(900, 2_000_000, 1_500_000, 99_999_999)
    boxes = text_boxes(report_pdf.monthly_pdf(report, ID))
    assert any("89.999.999.100" in b[3] for b in boxes[-1])
    for page in boxes:
        assert_no_overlap(page)

    moments = [
        dt.datetime(2018, 12, 24, 16, 59, tzinfo=dt.UTC) + dt.timedelta(minutes=i)
        for i in range(30)
    ]
    card = StockCardReport(
        heading(),
        "BRS-M",
        "Beras Medium",
        "kg",
        dt.date(2018, 12, 1),
        dt.date(2018, 12, 31),
        12_345_678,
        tuple(
            StockLine(
                at,
                "adjustment" if i % 2 else "delivery",
                f"SJ-2018/12/{i:05d}-BULOG",
                10_000_500,
                12_345_678 + i * 10_000_500,
                "Rina Marlina",
                "rusak",
            )
            for i, at in enumerate(moments)
        ),
    )
    data = report_pdf.stock_pdf(card, ID)
    text = " ".join(pages(data))
    assert "24 Desember 2018 23:59" in text and "25 Desember 2018 00:00" in text
    for page in text_boxes(data):
        assert_no_overlap(page)
