"""The console's reconciliation PDF prints any name as written (DejaVu Sans, embedded)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from ewarong_pos.central.models import Staff

NAME = "Çağrı Łukasz Nguyễn"  # Turkish, Polish, Vietnamese: none of it Latin-1 only


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def test_reconciliation_pdf_prints_a_name_outside_latin1(console, console_service):
    with console_service.central.session() as s, s.begin():
        s.scalars(select(Staff).where(Staff.username == "auditor")).one().display_name = NAME
    auditor = console("auditor")
    answer = auditor.get("/console/reconciliation.pdf")
    assert answer.status_code == 200
    reader = PdfReader(io.BytesIO(answer.content))
    text = reader.pages[0].extract_text()
    assert f"dicetak oleh {NAME}" in text
    fonts = _fonts(reader)
    assert fonts and all(f.startswith("DejaVuSans") for f in fonts), fonts
