"""The receipt as a PDF at roll width (58 or 80 mm), its height fitted to the content.

For outlets without a thermal printer. It uses the same fixed-column layout as the
ESC/POS receipt (in DejaVu Sans Mono, embedded), so the PDF and the paper roll read the
same line by line.
reportlab is imported inside the functions that draw (not at start-up of the app).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import Item, QrBlock, TextLine, receipt_items
from ewarong_pos.printing.receipt import Receipt

if TYPE_CHECKING:
    from reportlab.pdfgen import canvas

mm = 72.0 / 2.54 * 0.1  # points per millimetre, as reportlab.lib.units.mm
MARGIN = 3 * mm
COLUMNS = {58: 32, 80: 48}
QR_SIZE = {58: 26 * mm, 80: 32 * mm}
CHAR_WIDTH_EM = 0.6021  # DejaVu Sans Mono: every glyph is 1233/2048 em wide


def page_width(paper_mm: int) -> float:
    return float(paper_mm * mm)


def render_items_pdf(items: list[Item], paper_mm: int, columns: int, title: str = "") -> bytes:
    from reportlab.pdfgen import canvas

    from ewarong_pos.printing.fonts import MONO, MONO_BOLD, register_fonts

    register_fonts()
    width = page_width(paper_mm)
    font_size = (width - 2 * MARGIN) / (columns * CHAR_WIDTH_EM)
    leading = font_size * 1.25
    qr_side = QR_SIZE.get(paper_mm, 26 * mm)
    height = 2 * MARGIN
    for item in items:
        if isinstance(item, TextLine):
            height += leading * (1.6 if item.tall else 1.0)
        else:
            height += qr_side + leading * 0.5

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=MONO)
    pdf.setTitle(title)
    pdf.setAuthor("e-Warong POS")
    y = height - MARGIN
    for item in items:
        if isinstance(item, TextLine):
            size = font_size * (1.3 if item.tall else 1.0)
            step = leading * (1.6 if item.tall else 1.0)
            y -= step
            pdf.setFont(MONO_BOLD if item.bold else MONO, font_size)
            if item.tall:
                # taller, not wider: the line keeps its columns, like ESC/POS double height
                pdf.saveState()
                pdf.translate(MARGIN, y + step * 0.15)
                pdf.scale(1.0, size / font_size)
                pdf.drawString(0, 0, item.text)
                pdf.restoreState()
            else:
                pdf.drawString(MARGIN, y + leading * 0.2, item.text)
        elif isinstance(item, QrBlock):
            y -= qr_side + leading * 0.5
            _draw_qr(pdf, item.payload, (width - qr_side) / 2, y + leading * 0.25, qr_side)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_qr(pdf: canvas.Canvas, payload: str, x: float, y: float, side: float) -> None:
    """The QR code as filled squares (qrcode's matrix, level M, a 2-module quiet zone).

    Drawn directly rather than through reportlab's QR widget, whose renderer sets the
    (unembedded) Helvetica as its initial font on the page.
    """
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    count = len(matrix)
    cell = side / count
    pdf.saveState()
    pdf.setFillColorRGB(0, 0, 0)
    for row, modules in enumerate(matrix):
        top = y + (count - 1 - row) * cell
        for col, dark in enumerate(modules):
            if dark:
                pdf.rect(x + col * cell, top, cell, cell, stroke=0, fill=1)
    pdf.restoreState()


def render_receipt_pdf(receipt: Receipt, labels: Labels, paper_mm: int = 58) -> bytes:
    columns = COLUMNS.get(paper_mm, 32)
    return render_items_pdf(
        receipt_items(receipt, labels, columns), paper_mm, columns, title=receipt.receipt_no
    )
