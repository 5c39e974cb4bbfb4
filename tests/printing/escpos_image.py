"""Draw what a thermal printer would print from an ESC/POS byte stream (for docs/ PNGs).

The byte stream is decoded by `escpos_decode` (the same reader the tests use); text is
drawn in DejaVu Sans Mono at font A's 12 x 24 dot cell, double-height lines stretched
to 48 dots, native QR codes (GS ( k) redrawn from their payload at the module size the
stream asked for, raster images (GS v 0) copied bit for bit. 203 dpi, like the printers.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from tests.printing.escpos_decode import decode

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CELL_W, CELL_H = 12, 24
MARGIN = 24


def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), 20)


def render(data: bytes, paper_dots: int, qr_module: int = 4) -> Image.Image:
    decoded = decode(data)
    parts: list[Image.Image] = []
    for block in decoded.blocks:
        kind = block[0]
        if kind == "text":
            _, text, bold, tall = block
            strip = Image.new("L", (paper_dots, CELL_H), 255)
            draw = ImageDraw.Draw(strip)
            draw.text((0, 1), str(text), font=_font(bool(bold)), fill=0)
            if tall:
                strip = strip.resize((paper_dots, CELL_H * 2))
            parts.append(strip)
        elif kind == "qr":
            payload = block[1]
            assert isinstance(payload, bytes)
            code = qrcode.QRCode(
                box_size=qr_module, border=0, error_correction=qrcode.constants.ERROR_CORRECT_M
            )
            code.add_data(payload.decode("utf-8"))
            code.make(fit=True)
            image = code.make_image().get_image().convert("L")
            strip = Image.new("L", (paper_dots, image.height + 8), 255)
            x = (paper_dots - image.width) // 2 if block[2] == 1 else 0
            strip.paste(image, (x, 4))
            parts.append(strip)
        elif kind == "image":
            _, width_bytes, rows, raster, align = block
            assert isinstance(width_bytes, int) and isinstance(rows, int)
            assert isinstance(raster, bytes)
            image = Image.frombytes("1", (width_bytes * 8, rows), raster)
            image = Image.eval(image.convert("L"), lambda v: 255 - v)  # 1 bits are black dots
            strip = Image.new("L", (paper_dots, rows), 255)
            x = (paper_dots - image.width) // 2 if align == 1 else 0
            strip.paste(image, (max(x, 0), 0))
            parts.append(strip)
    while parts and parts[-1].getextrema() == (255, 255):
        parts.pop()  # the feed before the cut
    height = sum(p.height for p in parts) + 2 * MARGIN
    paper = Image.new("L", (paper_dots + 2 * MARGIN, height), 255)
    y = MARGIN
    for part in parts:
        paper.paste(part, (MARGIN, y))
        y += part.height
    frame = ImageDraw.Draw(paper)
    frame.rectangle((0, 0, paper.width - 1, paper.height - 1), outline=170)
    return paper.convert("RGB")
