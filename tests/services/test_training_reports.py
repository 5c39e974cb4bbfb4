"""A practice outlet's A4 reports say LATIHAN - BUKAN LAPORAN RESMI on every page (head
and foot) and on the first line of their CSV; a real outlet's never do (issue 13)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from sqlalchemy import select

from ewarong_pos.db.models import Account
from ewarong_pos.printing import report_csv, report_pdf
from ewarong_pos.printing.labels import Labels
from ewarong_pos.services import day as day_service
from ewarong_pos.services import reports, shifts, training
from ewarong_pos.services.accounts import create_account
from tests.printing.calc import open_in_calc
from tests.printing.world import redeem, seed

MARK_ID = "LATIHAN - BUKAN LAPORAN RESMI"
MARK_EN = "TRAINING - NOT AN OFFICIAL REPORT"
KINDS = ("daily", "monthly", "stock", "prices", "signals")


@pytest.fixture
def practice(ctx):
    create_account(ctx, "pengelola", "Budi Pengelola", "manager", "9876")
    opened = training.open_training(ctx)
    yield opened.ctx
    opened.ctx.close()


def report_of(ctx, kind: str, lang: str, sku: str) -> Any:
    today = ctx.business_date()
    if kind == "daily":
        return reports.daily_report(ctx, today)
    if kind == "monthly":
        return reports.monthly_report(ctx, today.strftime("%Y-%m"))
    if kind == "stock":
        return reports.stock_card_report(ctx, sku)
    if kind == "prices":
        return reports.price_list_report(ctx, lang)
    return reports.signals_report(ctx, today - dt.timedelta(days=60), today, lang)


RENDER: dict[str, tuple[Callable[..., bytes], Callable[..., bytes]]] = {
    "daily": (report_pdf.daily_pdf, report_csv.daily_csv),
    "monthly": (report_pdf.monthly_pdf, report_csv.monthly_csv),
    "stock": (report_pdf.stock_pdf, report_csv.stock_csv),
    "prices": (report_pdf.prices_pdf, report_csv.prices_csv),
    "signals": (report_pdf.signals_pdf, report_csv.signals_csv),
}


def placed_text(data: bytes) -> list[list[tuple[str, float]]]:
    """Each page's pieces of text with the height of their baseline on the page (points
    from the bottom), as a PDF reader finds them."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found: list[tuple[str, float]] = []

        def visit(
            text: str, cm: list[float], tm: list[float], *_args: Any, found: list = found
        ) -> None:
            if text.strip():
                found.append((text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def marked_head_and_foot(page: list[tuple[str, float]], mark: str) -> bool:
    head = [y for text, y in page if text == mark and y > A4[1] - 15 * mm]
    foot = [y for text, y in page if text == mark and y < 20 * mm]
    return bool(head) and bool(foot)


def test_every_page_of_every_practice_report_says_latihan(practice):
    pages_seen = {}
    for lang, mark in (("id", MARK_ID), ("en", f"{MARK_ID} / {MARK_EN}")):
        labels = Labels.for_lang(lang)
        for kind in KINDS:
            report = report_of(practice, kind, lang, "BRS-MED-05")
            assert report.outlet.training, kind
            data = RENDER[kind][0](report, labels)
            pages = placed_text(data)
            pages_seen[kind] = len(pages)
            for number, page in enumerate(pages, start=1):
                assert marked_head_and_foot(page, mark), f"{kind} {lang} page {number}: {page[:4]}"
            reader = PdfReader(io.BytesIO(data))
            assert (reader.metadata.title or "").startswith(mark)
            # the page's own text, head to foot: the mark comes first and last
            lines = [line.strip() for line in reader.pages[0].extract_text().splitlines()]
            assert mark in lines[:3], (kind, lang, lines[:3])
    # the monthly distribution of the practice outlet's 60 families runs over pages
    assert pages_seen["monthly"] >= 2


def test_the_first_line_of_every_practice_csv_says_latihan(practice):
    for kind in KINDS:
        data = RENDER[kind][1](report_of(practice, kind, "id", "BRS-MED-05"))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[0] == [MARK_ID, MARK_EN], kind
        # then the file as a real outlet's: its header and rows
        real_header = {
            "daily": "section",
            "monthly": "no",
            "stock": "time_wib",
            "prices": "sku",
            "signals": "time_wib",
        }[kind]
        assert rows[1][0] == real_header, kind
        assert len(rows) > 2 or kind == "signals", kind  # the practice outlet has no signal


def test_a_closed_practice_day_says_latihan_too(practice):
    """The closed day's report is made from the close's own figures (another path)."""
    with practice.db.read() as s:
        manager = s.scalar(select(Account.id).where(Account.username == "pengelola"))
    while shifts.current_shift(practice) is not None:
        standing = shifts.current_shift(practice)
        assert standing is not None
        with practice.db.read() as s:
            actor = s.scalar(select(Account.id).where(Account.username == standing.shift.cashier))
        shifts.close_shift(practice, actor, {"N1000": standing.expected // 1000})
    day_service.close_day(practice, manager)
    report = reports.daily_report(practice)
    assert report.close is not None and report.outlet.training
    data = report_pdf.daily_pdf(report, Labels.for_lang("id"))
    assert all(marked_head_and_foot(page, MARK_ID) for page in placed_text(data))
    assert report_pdf.daily_pdf(report, Labels.for_lang("id")) == data  # still invariant
    assert report_csv.daily_csv(report).decode("utf-8-sig").startswith(f'"{MARK_ID}"')


def test_a_real_outlets_reports_have_no_latihan_line(ctx, clock):
    world = seed(ctx)
    clock.advance(minutes=5)
    redeem(ctx, world, 0, [("BRS-P", 10_000)])
    for lang in ("id", "en"):
        for kind in KINDS:
            report = report_of(ctx, kind, lang, "BRS-P")
            assert not report.outlet.training
            pdf, as_csv = RENDER[kind]
            data = pdf(report, Labels.for_lang(lang))
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
            assert "LATIHAN" not in text and "TRAINING" not in text, kind
            assert "LATIHAN" not in (PdfReader(io.BytesIO(data)).metadata.title or "")
            first = as_csv(report).decode("utf-8-sig").splitlines()[0]
            assert "LATIHAN" not in first and "TRAINING" not in first, kind


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc not installed")
def test_libreoffice_opens_a_practice_csv_with_the_mark_on_top(practice, tmp_path):
    """LibreOffice (headless) opens the practice CSV as a user would: the mark is the
    first row, as text; the header and the figures follow as in a real report."""
    source = tmp_path / "latihan-bulanan.csv"
    period = practice.business_date().strftime("%Y-%m")
    source.write_bytes(report_csv.monthly_csv(reports.monthly_report(practice, period)))
    content = open_in_calc(source)
    rows = content.split("<table:table-row")[1:]
    assert f"<text:p>{MARK_ID}</text:p>" in rows[0] and f"<text:p>{MARK_EN}</text:p>" in rows[0]
    assert "<text:p>dtks_id</text:p>" in rows[1]
    assert 'office:value-type="float"' in rows[2]  # the figures are numbers still
    assert "table:formula" not in content
