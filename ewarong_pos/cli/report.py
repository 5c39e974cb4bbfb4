"""`ewarong report daily|monthly|stock|prices|signals --out FILE` (PDF on A4, or CSV);
`ewarong report shift --out FILE.pdf|FILE.bin [--paper 58|80]`: the last closed shift's
report as a PDF at roll width or the receipt printer's ESC/POS bytes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ewarong_pos.core.errors import DomainError
from ewarong_pos.printing import report_csv, report_pdf
from ewarong_pos.printing.labels import Labels
from ewarong_pos.services import reports
from ewarong_pos.services.context import Context

from .common import add_data_dir, open_set_up_context, write_output

KINDS = ("daily", "monthly", "stock", "prices", "signals", "shift")

TEXT = {
    "id": {"written": "Laporan {kind} ditulis ke {path} ({size} byte)"},
    "en": {"written": "{kind} report written to {path} ({size} bytes)"},
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="outlet reports as PDF (A4) or CSV")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.csv")
    parser.add_argument("--date", type=_date, help="daily: the business day (default today)")
    parser.add_argument("--period", help="monthly: the tranche YYYY-MM (default this month)")
    parser.add_argument("--sku", help="stock: the product code")
    parser.add_argument("--from", dest="date_from", type=_date, help="stock/signals: first day")
    parser.add_argument("--to", dest="date_to", type=_date, help="stock/signals: last day")
    parser.add_argument(
        "--paper", type=int, choices=(58, 80), default=80, help="shift: roll width in mm"
    )
    add_data_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    formats = (".pdf", ".bin") if args.kind == "shift" else (".pdf", ".csv")
    if suffix not in formats:
        raise DomainError("report.bad_format", name=args.out.name)
    labels = Labels.for_lang(args.lang)
    ctx = open_set_up_context(args)
    try:
        if args.kind == "shift":
            data = _shift(ctx, labels, args.paper, pdf=suffix == ".pdf")
        else:
            data = build(ctx, args, labels, pdf=suffix == ".pdf")
    finally:
        ctx.close()
    write_output(args.out, data)
    print(TEXT[args.lang]["written"].format(kind=args.kind, path=args.out, size=len(data)))
    return 0


def _shift(ctx: Context, labels: Labels, paper: int, *, pdf: bool) -> bytes:
    from ewarong_pos.printing.escpos import PaperSpec
    from ewarong_pos.printing.shift_report import render_shift_escpos, render_shift_pdf
    from ewarong_pos.services import shifts

    report = shifts.shift_report(ctx)
    if pdf:
        return render_shift_pdf(report, labels, paper)
    return render_shift_escpos(report, labels, PaperSpec(paper))


def build(ctx: Context, args: argparse.Namespace, labels: Labels, *, pdf: bool) -> bytes:
    today = ctx.business_date()
    if args.kind == "daily":
        daily = reports.daily_report(ctx, args.date or today)
        return report_pdf.daily_pdf(daily, labels) if pdf else report_csv.daily_csv(daily)
    if args.kind == "monthly":
        period = args.period or f"{today.year:04d}-{today.month:02d}"
        monthly = reports.monthly_report(ctx, period)
        return report_pdf.monthly_pdf(monthly, labels) if pdf else report_csv.monthly_csv(monthly)
    if args.kind == "stock":
        if not args.sku:
            print("--sku", file=sys.stderr)
            raise DomainError("report.unknown_product", sku="")
        card = reports.stock_card_report(ctx, args.sku, args.date_from, args.date_to)
        return report_pdf.stock_pdf(card, labels) if pdf else report_csv.stock_csv(card)
    if args.kind == "prices":
        prices = reports.price_list_report(ctx, labels.lang)
        return report_pdf.prices_pdf(prices, labels) if pdf else report_csv.prices_csv(prices)
    first = args.date_from or today.replace(day=1)
    signals = reports.signals_report(ctx, first, args.date_to or today, labels.lang)
    return report_pdf.signals_pdf(signals, labels) if pdf else report_csv.signals_csv(signals)
