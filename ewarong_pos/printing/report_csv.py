"""Reports as CSV for spreadsheets: one header row, then plain values.

Money as whole rupiah, quantities in the product's unit with a dot decimal (`10.5`),
dates as ISO `YYYY-MM-DD` and times in WIB, so any spreadsheet reads the figures exactly.
UTF-8 with a byte-order mark, which Excel needs to show names right. Every cell goes
through `safe_text.csv_cell`: no control characters, and text a spreadsheet would
evaluate as a formula (`=1+1`, `@SUM(...)`, `+62...`) starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.money import QTY_SCALE
from ewarong_pos.printing.report_models import (
    DailyReport,
    MonthlyReport,
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


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def daily_csv(report: DailyReport) -> bytes:
    rows: list[list[Any]] = []
    for k in report.by_kind:
        rows.append(["kind", k.kind, "", k.count, "", k.total])
    for p in report.by_product:
        rows.append(["product", p.sku, p.name, "", qty(p.qty_milli), p.total])
    for m in report.by_month:
        rows.append(["month", m.period, "", m.families, "", m.amount])
    for v in report.voids:
        rows.append(["void", v.receipt_no, v.voided_receipt_no, "", "", v.total])
    rows.append(["net_total", "", "", "", "", report.net_total])
    rows.append(["cash_expected", "", "", "", "", report.cash_expected])
    return _csv(["section", "key", "name", "count", "quantity", "amount"], rows)


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
    return _csv(["time_wib", "kind", "reference", "quantity", "balance"], rows)


def prices_csv(report: PriceListReport) -> bytes:
    return _csv(
        ["sku", "name", "category", "unit", "price", "ceiling", "reference_price"],
        (
            [p.sku, p.name, p.category, p.unit, p.price, p.ceiling, p.reference_price]
            for p in report.lines
        ),
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
    )
