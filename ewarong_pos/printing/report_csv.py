"""Reports as CSV for spreadsheets: one header row, then plain values.

Money as whole rupiah, quantities in the product's unit with a dot decimal (`10.5`),
dates as ISO `YYYY-MM-DD` and times in WIB, so any spreadsheet reads the figures exactly.
UTF-8 with a byte-order mark, which Excel needs to show names right. Every cell goes
through `safe_text.csv_cell`: no control characters, and text a spreadsheet would
evaluate as a formula (`=1+1`, `@SUM(...)`, `+62...`) starts with an apostrophe.

A practice outlet's report (services.training) has one more line before the header:
"LATIHAN - BUKAN LAPORAN RESMI","TRAINING - NOT AN OFFICIAL REPORT". It is the first row a
spreadsheet shows, and a program that reads the columns by name finds no header there,
so a practice file cannot pass for a real one, to a person or to a script.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.money import QTY_SCALE
from ewarong_pos.printing.labels import TRAINING_REPORT_EN, TRAINING_REPORT_ID
from ewarong_pos.printing.report_models import (
    DailyReport,
    MonthlyReport,
    OutletHeading,
    PriceListReport,
    SignalsReport,
    StockCardReport,
)
from ewarong_pos.printing.safe_text import csv_cell


def qty(milli: int) -> str:
    """Milli-units as a decimal in the unit: 10500 -> `10.5`, 2000 -> `2`."""
    sign = "-" if milli < 0 else ""
    whole, frac = divmod(abs(milli), QTY_SCALE)
    return sign + str(whole) + ("." + f"{frac:03d}".rstrip("0") if frac else "")


TRAINING_ROW = (TRAINING_REPORT_ID, TRAINING_REPORT_EN)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]], outlet: OutletHeading) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    if outlet.training:
        writer.writerow(TRAINING_ROW)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def daily_csv(report: DailyReport) -> bytes:
    """Every figure the daily PDF shows, one row each (issue 15: the CSV held less)."""
    rows: list[list[Any]] = []

    def row(section: str, key: Any = "", name: Any = "", **values: Any) -> None:
        rows.append([section, key, name] + [values.get(c) for c in _DAILY_VALUES])

    for k in report.by_kind:
        row("kind", k.kind, count=k.count, amount=k.total)
    row("net_total", amount=report.net_total)
    row("cash_expected", amount=report.cash_expected)
    row("cash_outside_shifts", amount=report.cash_outside_shifts)
    row("redeemed_net", amount=report.redeemed_net)
    row("families_served", count=report.families_served)
    row("receipts", report.first_receipt, report.last_receipt, count=report.receipt_count)
    for n in report.missing_receipts:
        row("missing_receipt", n)
    for c in report.cashier_kinds:
        row("cashier", c.kind, c.name, count=c.count, gross=c.gross, voids=c.voids, net=c.net)
    for x in report.shifts:
        row(
            "shift",
            x.opened_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M"),
            x.cashier,
            float=x.float_total,
            gross=x.cash_sales,
            voids=x.cash_voids,
            expected=x.expected,
            counted=x.counted,
            over_short=x.over_short,
            closed_at=x.closed_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M")
            if x.closed_at
            else None,
            detail="; ".join(
                p
                for p in (
                    x.reason,
                    f"approved_by={x.approved_by}" if x.approved_by else "",
                    f"handover_to={x.handover_to}" if x.handover_to else "",
                )
                if p
            ),
        )
    for p in report.by_product:
        row("product", p.sku, p.name, quantity=qty(p.qty_milli), amount=p.total)
    for m in report.by_month:
        row("month", m.period, count=m.families, amount=m.amount)
    for v in report.voids:
        row(
            "void",
            v.receipt_no,
            v.voided_receipt_no,
            amount=v.total,
            closed_at=v.at.astimezone(WIB).strftime("%Y-%m-%d %H:%M"),
            adjusts_day=v.adjusts_day.isoformat() if v.adjusts_day else None,
            detail=v.reason,
            approved_by=v.approved_by,
        )
    if report.close is not None:
        row(
            "day_closed",
            report.business_date.isoformat(),
            report.close.closed_by,
            closed_at=report.close.closed_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M"),
            journal_seq=report.close.journal_seq,
        )
    else:
        row("day_open", report.business_date.isoformat())
    return _csv(["section", "key", "name", *_DAILY_VALUES], rows, report.outlet)


# The daily CSV's value columns (a row fills those it has; `closed_at` is the time of the
# row's event: a shift's close, a void, the day's close).
_DAILY_VALUES = (
    "count",
    "quantity",
    "amount",
    "gross",
    "voids",
    "net",
    "float",
    "expected",
    "counted",
    "over_short",
    "closed_at",
    "adjusts_day",
    "approved_by",
    "journal_seq",
    "detail",
)


def monthly_csv(report: MonthlyReport) -> bytes:
    return _csv(
        [
            "no",
            "period",
            "dtks_id",
            "name",
            "card",
            "entitlement",
            "tranche_redeemed",
            "redeemed",
            "remaining",
            "transactions",
            "collected",
            "status",
        ],
        (
            [
                n,
                report.period,
                f.dtks_id,
                f.name,
                f.card,
                f.entitlement,
                f.tranche_redeemed,
                f.redeemed,
                f.remaining,
                f.transactions,
                "1" if f.collected else "0",
                f.status,
            ]
            for n, f in enumerate(report.families, start=1)
        ),
        report.outlet,
    )


def stock_csv(report: StockCardReport) -> bytes:
    rows: list[list[Any]] = [["", "opening", "", "", qty(report.opening_milli)]]
    for line in report.lines:
        rows.append(
            [
                line.at.astimezone(WIB).strftime("%Y-%m-%d %H:%M"),
                line.kind,
                line.reference,
                qty(line.qty_milli),
                qty(line.balance_milli),
            ]
        )
    return _csv(["time_wib", "kind", "reference", "quantity", "balance"], rows, report.outlet)


def prices_csv(report: PriceListReport) -> bytes:
    return _csv(
        ["sku", "name", "category", "unit", "price", "ceiling", "reference_price"],
        (
            [p.sku, p.name, p.category, p.unit, p.price, p.ceiling, p.reference_price]
            for p in report.lines
        ),
        report.outlet,
    )


def signals_csv(report: SignalsReport) -> bytes:
    return _csv(
        ["time_wib", "code", "severity", "subject", "detail"],
        (
            [
                s.at.astimezone(WIB).strftime("%Y-%m-%d %H:%M") if s.at else "",
                s.code,
                s.severity,
                s.subject,
                s.detail,
            ]
            for s in report.lines
        ),
        report.outlet,
    )
