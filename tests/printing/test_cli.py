"""`ewarong receipt` and `ewarong report` against a real outlet folder."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ewarong_pos.cli import main
from tests.printing.escpos_decode import decode, text_lines


def test_receipt_formats(ctx, sales, tmp_path, capsys):
    data_dir = str(ctx.data_dir.root)
    out = tmp_path / "r.bin"
    assert (
        main(
            [
                "receipt",
                "K1-0000001",
                "--format",
                "escpos58",
                "--out",
                str(out),
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    assert "K1-0000001" in capsys.readouterr().out
    lines = text_lines(out.read_bytes())
    assert max(len(line) for line in lines) <= 32
    assert decode(out.read_bytes()).images  # POS-5890: QR as an image

    out80 = tmp_path / "r80.bin"
    assert (
        main(
            [
                "receipt",
                "K1-0000002",
                "--format",
                "escpos80",
                "--out",
                str(out80),
                "--copy",
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    decoded = decode(out80.read_bytes())
    assert decoded.qr_payloads and decoded.cuts == 1
    assert any("SALINAN" in line for line in decoded.lines)

    pdf = tmp_path / "r.pdf"
    assert (
        main(
            [
                "--lang",
                "en",
                "receipt",
                "K1-0000003",
                "--format",
                "pdf",
                "--out",
                str(pdf),
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    text = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "VOID" in text and "K1-0000001" in text

    assert (
        main(["receipt", "K1-0000001", "--format", "text", "--out", "-", "--data-dir", data_dir])
        == 0
    )
    assert "Rp 144.100" in capsys.readouterr().out


def test_receipt_to_a_printer_and_failures(ctx, sales, tmp_path, capsys):
    data_dir = str(ctx.data_dir.root)
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    assert (
        main(
            [
                "receipt",
                "K1-0000002",
                "--format",
                "escpos80",
                "--printer",
                f"file://{device}",
                "--data-dir",
                data_dir,
            ]
        )
        == 0
    )
    assert "dicetak" in capsys.readouterr().out
    assert any("K1-0000002" in line for line in text_lines(device.read_bytes()))

    missing = tmp_path / "gone" / "lp0"
    assert (
        main(["receipt", "K1-0000001", "--printer", f"file://{missing}", "--data-dir", data_dir])
        == 2
    )
    err = capsys.readouterr().err
    assert "Printer tidak ditemukan" in err and "menunggu di antrean" in err

    assert (
        main(["receipt", "K9-0000009", "--out", str(tmp_path / "x"), "--data-dir", data_dir]) == 2
    )
    assert "Struk tidak ditemukan" in capsys.readouterr().err


def test_report_commands(ctx, sales, tmp_path, capsys):
    data_dir = str(ctx.data_dir.root)
    for args, name in [
        (["daily", "--date", "2018-04-12"], "daily"),
        (["monthly", "--period", "2018-04"], "monthly"),
        (["stock", "--sku", "BRS-M"], "stock"),
        (["prices"], "prices"),
        (["signals", "--from", "2018-04-01", "--to", "2018-04-30"], "signals"),
    ]:
        for ext in ("pdf", "csv"):
            out = tmp_path / f"{name}.{ext}"
            assert main(["report", *args, "--out", str(out), "--data-dir", data_dir]) == 0
            assert out.stat().st_size > 0
    text = PdfReader(str(tmp_path / "monthly.pdf")).pages[0].extract_text()
    assert "Laporan Penyaluran BPNT Bulanan" in text and "Halaman 1 dari" in text
    assert main(["report", "daily", "--out", str(tmp_path / "x.txt"), "--data-dir", data_dir]) == 2
    assert "gunakan .pdf atau .csv" in capsys.readouterr().err
    assert (
        main(
            [
                "report",
                "monthly",
                "--period",
                "2018-13",
                "--out",
                str(tmp_path / "m.csv"),
                "--data-dir",
                data_dir,
            ]
        )
        == 2
    )
