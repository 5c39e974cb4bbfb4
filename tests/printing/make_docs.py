"""Make the receipt and report PNGs in docs/ from a demo outlet.

    python -m tests.printing.make_docs docs/

58 and 80 mm receipts: the real ESC/POS bytes drawn by `escpos_image` (decoded stream,
monospace text, QR as the printer would make it). PDF receipts (also a copy of a voided
sale), the monthly report's first and last pages and a stock card: the real PDFs
rasterised by pdftoppm (Debian poppler-utils).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select

from ewarong_pos.db.models import Account, Product, Sale, StockMovement
from ewarong_pos.printing import report_pdf
from ewarong_pos.printing.escpos import PaperSpec, render_receipt
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.pdf_receipt import render_receipt_pdf
from ewarong_pos.services import printing as printing_service
from ewarong_pos.services import reports, sales
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.demo import build_demo
from tests.conftest import FakeClock
from tests.printing.escpos_image import render


def pdf_page_png(pdf: Path, png: Path, dpi: int, page: int = 1) -> None:
    stem = png.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(dt.datetime(2018, 4, 26, 3, 40, tzinfo=dt.UTC))  # 26 April, 10:40 WIB
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_outlet(Path(tmp) / "data", clock=clock, encrypt=False)
        info = build_demo(ctx, kpm=250, months=3, seed=2018)
        with ctx.db.read() as s:
            sale_id = s.scalars(
                select(Sale.id).where(Sale.kind == "redemption").order_by(Sale.id.desc())
            ).first()
        assert sale_id is not None
        receipt = printing_service.receipt_for(ctx, sale_id)
        labels = Labels.for_lang("id")
        render(render_receipt(receipt, labels, PaperSpec(58)), 384, 4).save(
            out / "receipt-58mm.png"
        )
        render(render_receipt(receipt, labels, PaperSpec(80)), 576, 5).save(
            out / "receipt-80mm.png"
        )
        pdf = Path(tmp) / "receipt.pdf"
        pdf.write_bytes(render_receipt_pdf(receipt, labels, 80))
        pdf_page_png(pdf, out / "receipt-pdf.png", 150)
        # the demo month where most families have drawn from that month's aid
        monthly = max(
            (reports.monthly_report(ctx, p) for p in info.periods),
            key=lambda r: (r.collected_count, r.period),
        )
        pdf = Path(tmp) / "monthly.pdf"
        pdf.write_bytes(report_pdf.monthly_pdf(monthly, labels))
        pdf_page_png(pdf, out / "report-monthly.png", 80)
        last = len(PdfReader(pdf).pages)
        pdf_page_png(pdf, out / "report-monthly-last.png", 80, last)

        # the stock card of the product that moved most
        with ctx.db.read() as s:
            sku = s.scalars(
                select(Product.sku)
                .join(StockMovement, StockMovement.product_id == Product.id)
                .group_by(Product.sku)
                .order_by(func.count().desc(), Product.sku)
            ).first()
        assert sku is not None
        card = reports.stock_card_report(ctx, sku, date_from=dt.date(2018, 4, 1))
        pdf = Path(tmp) / "stock.pdf"
        pdf.write_bytes(report_pdf.stock_pdf(card, labels))
        pdf_page_png(pdf, out / "report-stock.png", 80)

        # a copy of a sale voided since: SALINAN, DIBATALKAN and the voiding receipt
        manager = next(a for a in info.accounts if a.role == "manager")
        with ctx.db.read() as s:
            manager_id = s.scalars(
                select(Account.id).where(Account.username == manager.username)
            ).one()
        sales.void_sale(ctx, manager_id, sale_id, manager.username, manager.pin, "salah KPM")
        copy = printing_service.receipt_for(ctx, sale_id, copy_number=2)
        pdf = Path(tmp) / "copy.pdf"
        pdf.write_bytes(render_receipt_pdf(copy, labels, 80))
        pdf_page_png(pdf, out / "receipt-copy-voided.png", 150)
        ctx.close()
    names = (
        "receipt-58mm",
        "receipt-80mm",
        "receipt-pdf",
        "receipt-copy-voided",
        "report-monthly",
        "report-monthly-last",
        "report-stock",
    )
    for name in names:
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
