"""The shift report on the receipt printer (58/80 mm ESC/POS) and as a PDF at roll width.

What the drawer held when the shift opened (the float, by denomination), what it held at
the close (counted by denomination), what it should have held (float + cash sales - cash
voids) and the over/short with its reason and the manager who approved it. Laid out in
fixed columns by `printing.layout`, the same as a receipt, so ESC/POS, text and PDF say
the same lines; the journal entry's number is on the last line, for the auditor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ewarong_pos.core.cash import BY_KEY, DENOMINATIONS
from ewarong_pos.core.dates import format_date, format_datetime
from ewarong_pos.core.money import format_number, format_rupiah
from ewarong_pos.printing.escpos import PaperSpec, render_items
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import Item, TextLine, center, pair
from ewarong_pos.printing.pdf_receipt import render_items_pdf


@dataclass(frozen=True)
class ShiftReport:
    outlet_name: str
    outlet_code: str
    device_code: str
    business_date: dt.date
    cashier: str
    opened_at: dt.datetime
    closed_at: dt.datetime
    float_counts: dict[str, int]
    counts: dict[str, int]
    float_total: int
    cash_sales: int
    cash_voids: int  # negative
    expected: int
    counted: int
    over_short: int
    reason: str
    counted_by: str
    approved_by: str
    handover_to: str
    journal_seq: int
    training: bool = False  # a practice outlet's shift: LATIHAN - BUKAN STRUK RESMI


def _denomination(key: str) -> str:
    d = BY_KEY[key]
    text = format_number(d.value)
    return f"{text} koin" if d.coin else text


def shift_items(report: ShiftReport, labels: Labels, columns: int) -> list[Item]:
    items: list[Item] = []

    def add(lines: list[str], bold: bool = False, tall: bool = False) -> None:
        items.extend(TextLine(line, bold, tall) for line in lines)

    rule = "-" * columns

    def training_lines() -> None:
        # a practice shift's report, on the real printer, never passes for a real one
        if report.training:
            for text in labels.training:
                add(center(text, columns), bold=True, tall=True)

    training_lines()
    add(center(report.outlet_name, columns), bold=True)
    add(center(f"{report.outlet_code} / {report.device_code}", columns))
    add(center(labels.shift_report_title, columns), bold=True, tall=True)
    add([rule])
    add(pair(labels.date, format_date(report.business_date, labels.lang), columns))
    add(pair(labels.cashier, report.cashier, columns))
    add(
        pair(
            labels.shift_time.split(" - ")[0].capitalize(),
            format_datetime(report.opened_at, labels.lang),
            columns,
        )
    )
    add(
        pair(
            labels.shift_time.split(" - ")[-1].capitalize(),
            format_datetime(report.closed_at, labels.lang),
            columns,
        )
    )
    for title, counts in (
        (labels.opened_by_float, report.float_counts),
        (labels.closing_count, report.counts),
    ):
        add([rule])
        add([title[:columns]], bold=True)
        for d in DENOMINATIONS:
            pieces = counts.get(d.key, 0)
            if pieces:
                add(
                    pair(
                        f"{_denomination(d.key)} x {pieces}",
                        format_number(pieces * d.value),
                        columns,
                    )
                )
        total = sum(BY_KEY[k].value * n for k, n in counts.items())
        add(pair(labels.total_row, format_rupiah(total), columns), bold=True)
    add([rule])
    add(pair(labels.float_total, format_rupiah(report.float_total), columns))
    add(pair(labels.cash_sales, format_rupiah(report.cash_sales), columns))
    add(pair(labels.cash_voids, format_rupiah(report.cash_voids), columns))
    add(pair(labels.expected, format_rupiah(report.expected), columns), bold=True)
    add(pair(labels.counted, format_rupiah(report.counted), columns), bold=True)
    add(pair(labels.over_short, format_rupiah(report.over_short), columns), bold=True, tall=True)
    if report.reason:
        add(pair(labels.reason_label, report.reason, columns))
    if report.approved_by:
        add(pair(labels.approved.capitalize(), report.approved_by, columns))
    if report.handover_to:
        add(pair(labels.handed_to.capitalize(), report.handover_to, columns))
    add([rule])
    add(["", f"{labels.cashier}: {report.counted_by}"[:columns], "", ""])
    add(center(labels.journal_no.format(seq=report.journal_seq), columns))
    training_lines()
    return items


def render_shift_escpos(report: ShiftReport, labels: Labels, spec: PaperSpec) -> bytes:
    return render_items(shift_items(report, labels, spec.width_columns), spec)


def render_shift_pdf(report: ShiftReport, labels: Labels, paper_mm: int = 80) -> bytes:
    columns = PaperSpec(paper_mm).width_columns
    return render_items_pdf(
        shift_items(report, labels, columns), paper_mm, columns, labels.shift_report_title
    )
