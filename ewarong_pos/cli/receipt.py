"""`ewarong receipt RECEIPT_NO`: a receipt as ESC/POS bytes, PDF or text, or to a printer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ewarong_pos.core.errors import DomainError
from ewarong_pos.printing.escpos import PaperSpec, render_receipt
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import as_text, receipt_items
from ewarong_pos.printing.pdf_receipt import render_receipt_pdf
from ewarong_pos.printing.printers import PrinterError, open_printer
from ewarong_pos.services import printing as printing_service
from ewarong_pos.services.context import Context

from .common import add_data_dir, open_context, write_output

FORMATS = ("escpos58", "escpos80", "pdf", "pdf80", "text", "text80")

TEXT = {
    "id": {
        "written": "Struk {receipt} ditulis ke {path} ({size} byte, {fmt})",
        "printed": "Struk {receipt} dicetak",
        "need_target": "sebutkan --out FILE atau --printer URI",
    },
    "en": {
        "written": "Receipt {receipt} written to {path} ({size} bytes, {fmt})",
        "printed": "Receipt {receipt} printed",
        "need_target": "give --out FILE or --printer URI",
    },
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("receipt", help="render or print a sale's receipt")
    parser.add_argument("receipt_no", help="the receipt number (e.g. K1-000123)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--out", type=Path, help="write the receipt to this file ('-': stdout)")
    target.add_argument(
        "--printer",
        metavar="URI",
        help="print now: usb://VID:PID, serial:///dev/ttyUSB0?baudrate=9600, "
        "tcp://HOST:9100, cups://QUEUE, win32://NAME, file:///PATH",
    )
    parser.add_argument("--profile", default="", help="python-escpos printer profile")
    parser.add_argument("--copy", action="store_true", help="print as a copy (SALINAN / COPY)")
    add_data_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    text = TEXT[lang]
    if args.out is None and args.printer is None:
        print(text["need_target"], file=sys.stderr)
        return 2
    ctx = open_context(args)
    try:
        if args.printer:
            return _print(ctx, args, text)
        sale_id = printing_service.find_sale(ctx, args.receipt_no)
        copy_number = printing_service.next_copy_number(ctx, sale_id) if args.copy else None
        receipt = printing_service.receipt_for(ctx, sale_id, copy_number)
        labels = Labels.for_lang(lang)
        fmt = args.format
        if fmt.startswith("escpos"):
            data = render_receipt(receipt, labels, PaperSpec(int(fmt[6:]), args.profile))
        elif fmt.startswith("pdf"):
            data = render_receipt_pdf(receipt, labels, 80 if fmt == "pdf80" else 58)
        else:
            columns = 48 if fmt == "text80" else 32
            data = as_text(receipt_items(receipt, labels, columns)).encode("utf-8")
        if str(args.out) == "-":
            sys.stdout.buffer.write(data)
            return 0
        write_output(args.out, data)
        print(
            text["written"].format(
                receipt=receipt.receipt_no, path=args.out, size=len(data), fmt=fmt
            )
        )
        return 0
    finally:
        ctx.close()


def _print(ctx: Context, args: argparse.Namespace, text: dict[str, str]) -> int:
    try:
        printer = open_printer(args.printer)
    except PrinterError as exc:
        raise DomainError(exc.code, **exc.params) from None
    fmt = args.format if args.format.startswith("escpos") else "escpos58"
    saved = printing_service.printer_settings(ctx)
    settings = printing_service.PrinterSettings(
        kind="escpos",
        uri=args.printer,
        paper_mm=int(fmt[6:]),
        profile=args.profile or (saved.profile if saved.uri == args.printer else ""),
        lang=args.lang,
    )
    sale_id = printing_service.find_sale(ctx, args.receipt_no)
    job = printing_service.queue_receipt(ctx, sale_id, copy=args.copy)
    outcome = printing_service.print_pending(ctx, printer, settings)
    if not outcome.ok:
        print(outcome.message(args.lang), file=sys.stderr)
        print(printing_service.queued_message(job, args.lang), file=sys.stderr)
        return 2
    print(text["printed"].format(receipt=job.receipt_no))
    return 0
