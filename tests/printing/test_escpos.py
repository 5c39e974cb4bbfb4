"""The ESC/POS byte stream read back: text within the columns, code page, QR, cut."""

from __future__ import annotations

import pytest

from ewarong_pos.printing.escpos import PaperSpec, code_page_number, render_receipt
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.receipt import build_receipt
from tests.printing.escpos_decode import decode, text_lines

SPECS = [
    (PaperSpec(58), 32),  # POS-5890: no native QR, no cutter
    (PaperSpec(58, font="b"), 42),
    (PaperSpec(80), 48),  # TM-T20II: native QR, cutter
    (PaperSpec(80, profile="TM-T88V"), 42),
    (PaperSpec(80, profile="simple"), 48),
]


@pytest.mark.parametrize(("spec", "columns"), SPECS)
def test_every_line_fits_and_the_qr_is_there(ctx, sales, spec, columns):
    assert spec.width_columns == columns
    with ctx.db.read() as s:
        receipts = [build_receipt(s, sid) for sid in (sales.redemption, sales.cash, sales.void)]
    for receipt in receipts:
        data = render_receipt(receipt, Labels.for_lang("id"), spec)
        out = decode(data)
        assert out.unknown == [], out.unknown
        assert out.initialised
        assert out.code_pages == [code_page_number(spec.profile_name)] == [0]
        lines = text_lines(data)
        assert lines, "nothing printed"
        assert max(len(line) for line in lines) <= columns
        assert any(receipt.receipt_no in line for line in lines)
        if spec.native_qr:
            assert out.qr_payloads == [receipt.qr_payload.encode()]
            assert out.images == []
        else:
            assert out.qr_payloads == []
            ((width, height),) = out.images
            assert width <= 384 and height > 50
        assert out.cuts == (1 if spec.has_cutter else 0)


def test_58mm_receipt_reads_right(ctx, sales):
    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption)
    lines = text_lines(render_receipt(receipt, Labels.for_lang("id"), PaperSpec(58)))
    text = "\n".join(lines)
    # the fixture voids this sale afterwards (K1-0000003): every later print says so
    assert lines[0].strip() == "*** DIBATALKAN ***"
    assert lines[1].strip() == "Dibatalkan dengan struk"
    assert lines[2].strip() == "K1-0000003"
    assert lines[3].strip() == "e-Warong Melati"
    assert "No. Struk : K1-0000001" in lines
    assert "Tanggal   : 12 April 2018" in lines and "Jam       : 09:05 WIB" in lines
    assert "Beras Premium Cap Bunga Melati" in lines and "  Wangi Pulen Super" in lines
    total = next(line for line in lines if line.startswith("TOTAL"))
    assert total.endswith("Rp 144.100") and len(total) == 32
    assert "Kode verifikasi: " + receipt.verification_code in text
    assert "Pengaduan: Dinas Sosial DKI" in text


def test_80mm_copy_and_void_marks(ctx, sales):
    with ctx.db.read() as s:
        copy = build_receipt(s, sales.cash, copy_number=2)
        void = build_receipt(s, sales.void)
    copy_lines = [
        x.strip() for x in text_lines(render_receipt(copy, Labels.for_lang("en"), PaperSpec(80)))
    ]
    assert "*** COPY ***" in copy_lines and "print no. 2" in copy_lines
    void_lines = [
        x.strip() for x in text_lines(render_receipt(void, Labels.for_lang("id"), PaperSpec(80)))
    ]
    assert "*** BATAL ***" in void_lines
    assert "Membatalkan struk K1-0000001" in void_lines


def test_non_ascii_names_stay_one_column_each(ctx, sales):
    from dataclasses import replace

    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.cash)
    receipt = replace(
        receipt,
        outlet_name="e-Warong Séjahtera “Maju” 合作",
        cashier="Çağrı Łukasz Nguyễn 😀",
    )
    lines = text_lines(render_receipt(receipt, Labels.for_lang("id"), PaperSpec(58)))
    # transliterated to the nearest ASCII (text-unidecode), never "?"
    assert lines[0].strip() == 'e-Warong Sejahtera "Maju" He Zuo'
    assert any(line.startswith("Kasir") and "Cagri Lukasz Nguyen" in line for line in lines)
    assert "?" not in "\n".join(lines[:12])
    assert any(line.startswith("Tanggal") for line in lines)
    assert "Tanggal   : 12 April 2018" in lines  # 58 mm: the time on its own line
    assert "Jam       : 09:08 WIB" in lines  # the time says its zone
    assert all(len(line) <= 32 for line in lines)
    assert all(line.isascii() for line in lines)


def test_raster_qr_is_the_payload_dot_for_dot(ctx, sales):
    """On printers without GS ( k the QR goes as an image: it must be the payload's code."""
    import qrcode
    from PIL import Image, ImageChops

    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption)
    out = decode(render_receipt(receipt, Labels.for_lang("id"), PaperSpec(58)))
    (block,) = [b for b in out.blocks if b[0] == "image"]
    _, width_bytes, rows, raster, _align = block
    printed = Image.frombytes("1", (width_bytes * 8, rows), raster).convert("L")
    printed = ImageChops.invert(printed)  # a set bit is a black dot
    printed = printed.crop(ImageChops.invert(printed).getbbox())

    code = qrcode.QRCode(box_size=4, border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(receipt.qr_payload)
    code.make(fit=True)
    expected = code.make_image().get_image().convert("L")
    assert printed.size == expected.size
    assert ImageChops.difference(printed, expected).getbbox() is None


def test_names_cannot_smuggle_printer_commands(ctx, sales):
    from dataclasses import replace

    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.cash)
    evil = replace(receipt, outlet_name="Warung\x1bd\x09\x1dV\x00Melati\nBaru")
    out = decode(render_receipt(evil, Labels.for_lang("id"), PaperSpec(80)))
    assert out.cuts == 1 and out.unknown == []
    assert any(line.strip() == "Warung d  V Melati Baru" for line in out.lines)
