"""Make the shift and day-close PNGs in docs/ from a small outlet's day (issue 15).

    python -m tests.services.make_shift_docs docs/

A day at the counter: Ani opens with a counted float, sells for cash and redeems, a cash
sale is voided, Budi takes the drawer over with one count (Rp 1.000 short), sells, closes
his shift Rp 2.000 short with the manager's PIN; yesterday's redemption is voided today
(an adjustment naming its receipt); the manager closes the day. Rendered: the shift
report as the 58 and 80 mm printers would print it (the real ESC/POS bytes drawn by
`tests.printing.escpos_image`), as a PDF at roll width, and the day-close report's first
PDF page, all rasterised by pdftoppm (Debian poppler-utils).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from ewarong_pos.core import cash
from ewarong_pos.printing import report_pdf
from ewarong_pos.printing.escpos import PaperSpec
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.shift_report import render_shift_escpos, render_shift_pdf
from ewarong_pos.services import business_day, day, reports, shifts
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine, redeem, sell_cash, void_sale
from ewarong_pos.services.settings import SHIFT_OVER_SHORT_LIMIT, set_settings
from ewarong_pos.services.stock import DeliveryLine, receive_delivery
from tests.conftest import FakeClock
from tests.printing.escpos_image import render
from tests.printing.make_docs import pdf_page_png
from tests.services.b2_data import add_catalogue, add_family, add_voucher


def counts_for(amount: int) -> dict[str, int]:
    left, result = amount, {}
    for d in cash.DENOMINATIONS:
        if d.key == "N1000":
            continue
        pieces, left = divmod(left, d.value)
        if pieces:
            result[d.key] = pieces
    return result


FLOAT = {"N50000": 2, "N20000": 5, "N10000": 5, "N5000": 4, "N2000": 10, "C500": 20, "C100": 10}


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(dt.datetime(2018, 4, 11, 2, 0, tzinfo=dt.UTC))  # 11 April, 09:00 WIB
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_outlet(Path(tmp) / "data", clock=clock, encrypt=False)
        setup_outlet(
            ctx,
            "EW-3171-0001",
            "e-Warong Melati",
            address="Jl. Melati No. 5, RT 003/RW 007",
            kelurahan="Kebon Melati",
            kecamatan="Tanah Abang",
            city="Jakarta Pusat",
        )
        sku = add_catalogue(ctx)
        ani = create_account(ctx, "ani", "Ani Lestari", "cashier", "1234").id
        budi = create_account(ctx, "budi", "Budi Santoso", "cashier", "4321").id
        bos = create_account(ctx, "rina", "Rina Pengelola", "manager", "8888").id
        set_settings(ctx, {SHIFT_OVER_SHORT_LIMIT.key: "1500"})
        receive_delivery(
            ctx,
            bos,
            "Bulog",
            "SJ-0411",
            [
                DeliveryLine(sku["BRS-MED"], 500_000, 8_000),
                DeliveryLine(sku["TLR-KG"], 30_000, 19_000),
                DeliveryLine(sku["MYK-1L"], 40_000, 12_000),
            ],
        )
        fams = [add_family(ctx, n) for n in range(1, 6)]
        for fam in fams:
            add_voucher(ctx, fam, "2018-04")
        # yesterday: one redemption, then the day closed
        shifts.open_shift(ctx, ani, FLOAT)
        yesterday = redeem(ctx, ani, fams[4], [CartLine(sku["BRS-MED"], 5_000)])
        shifts.close_shift(ctx, ani, FLOAT)
        day.close_day(ctx, bos)

        clock.advance(days=1)  # 12 April, 09:00 WIB
        shifts.open_shift(ctx, ani, FLOAT)
        float_total = cash.count_total(cash.normalise_count(FLOAT))
        moved = 0
        for i, fam in enumerate(fams[:3]):
            clock.advance(minutes=17)
            redeem(ctx, ani, fam, [CartLine(sku["BRS-MED"], 10_000), CartLine(sku["TLR-KG"], 500)])
            clock.advance(minutes=6)
            sale = sell_cash(ctx, ani, [CartLine(sku["MYK-1L"], (i + 1) * 1000)], 50_000)
            moved += sale.total
        clock.advance(minutes=4)
        wrong = sell_cash(ctx, ani, [CartLine(sku["BRS-MED"], 2_000)], 20_000)
        void_sale(ctx, ani, wrong.receipt_no, "rina", "8888", "salah timbang")
        clock.advance(hours=3)  # 13:xx: Budi takes over, Rp 1.000 short
        shifts.hand_over(ctx, budi, budi, counts_for(float_total + moved - 1_000), "koin kurang")
        clock.advance(minutes=30)
        redeem(ctx, budi, fams[3], [CartLine(sku["BRS-MED"], 10_000)])
        sale = sell_cash(ctx, budi, [CartLine(sku["TLR-KG"], 1_000)], 50_000)
        clock.advance(minutes=20)
        void_sale(ctx, budi, yesterday.receipt_no, "rina", "8888", "keluarga mengembalikan beras")
        clock.advance(hours=3)  # 17:xx: Budi closes, Rp 2.000 short, the manager approves
        expected = float_total + moved - 1_000 + sale.total
        shifts.close_shift(
            ctx,
            budi,
            counts_for(expected - 2_000),
            "uang kembalian salah",
            manager_username="rina",
            manager_pin="8888",
        )
        clock.advance(minutes=10)
        day.close_day(ctx, bos)
        assert business_day.business_day(ctx).closed

        labels = Labels.for_lang("id")
        report = shifts.shift_report(ctx)
        render(render_shift_escpos(report, labels, PaperSpec(58)), 384, 4).save(
            out / "shift-58mm.png"
        )
        render(render_shift_escpos(report, labels, PaperSpec(80)), 576, 5).save(
            out / "shift-80mm.png"
        )
        pdf = Path(tmp) / "shift.pdf"
        pdf.write_bytes(render_shift_pdf(report, labels, 80))
        pdf_page_png(pdf, out / "shift-pdf.png", 150)

        daily = reports.daily_report(ctx, dt.date(2018, 4, 12))
        pdf = Path(tmp) / "daily.pdf"
        pdf.write_bytes(report_pdf.daily_pdf(daily, labels))
        assert len(PdfReader(pdf).pages) <= 2  # the figures on page 1, then signatures
        pdf_page_png(pdf, out / "report-daily.png", 80, 1)
        names = ["shift-58mm", "shift-80mm", "shift-pdf", "report-daily"]
        ctx.close()
    for name in names:
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
