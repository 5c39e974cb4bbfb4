"""The PDF receipt read back with pypdf: roll width, one page fitted to the content."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.pdf_receipt import render_receipt_pdf
from ewarong_pos.printing.receipt import build_receipt


@pytest.mark.parametrize("paper", [58, 80])
def test_pdf_receipt_at_roll_width(ctx, sales, paper):
    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption)
        cash = build_receipt(s, sales.cash)
    data = render_receipt_pdf(receipt, Labels.for_lang("id"), paper)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(paper * mm, abs=0.5)
    text = reader.pages[0].extract_text()
    for expected in (
        "e-Warong Melati",
        "K1-0000001",
        "12 April 2018",
        "09:05 WIB",
        "Rp 144.100",
        "Rp 75.900",
        "**** 3000",
        receipt.verification_code,
    ):
        assert expected in text, expected
    # the height follows the content: a one-line cash sale is shorter
    short = PdfReader(io.BytesIO(render_receipt_pdf(cash, Labels.for_lang("id"), paper)))
    assert float(short.pages[0].mediabox.height) < float(box.height)
    assert float(box.height) < 300 * mm
