"""Reports on screen, their PDF/CSV export, and the day close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ewarong_pos.printing.report_models import (
    DailyReport,
    MonthlyReport,
    SignalsReport,
    StockCardReport,
)
from ewarong_pos.services import business_day, catalog, day, reports
from ewarong_pos.services.context import Context
from ewarong_pos.services.day import DayCloseResult
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob

Report = DailyReport | MonthlyReport | StockCardReport | SignalsReport


@dataclass(frozen=True)
class ReportOptions:
    today: dt.date  # the business date
    periods: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # sku, name


def _options(ctx: Context) -> ReportOptions:
    periods = tuple(p.code for p in catalog.period_list(ctx))
    products = tuple((p.sku, p.name) for p in catalog.product_list(ctx))
    # the open business day: the calendar date, or the next one the manager opened
    return ReportOptions(business_day.business_day(ctx).day, periods, products)


def report_options(ctx: Context) -> DbJob[ReportOptions]:
    return DbJob("reports.options", partial(_options, ctx))


@dataclass(frozen=True)
class ReportRequest:
    kind: str  # daily | monthly | unredeemed | stock | signals
    day: dt.date
    period: str
    sku: str
    lang: str


def _build(ctx: Context, req: ReportRequest) -> Report:
    if req.kind == "daily":
        return reports.daily_report(ctx, req.day)
    if req.kind in ("monthly", "unredeemed"):
        return reports.monthly_report(ctx, req.period)
    if req.kind == "stock":
        return reports.stock_card_report(ctx, req.sku, None, req.day)
    if req.kind == "signals":
        return reports.signals_report(ctx, req.day - dt.timedelta(days=30), req.day, req.lang)
    raise ValueError(req.kind)


def build_report(ctx: Context, req: ReportRequest) -> DbJob[Report]:
    return DbJob("reports.build", partial(_build, ctx, req))


def _render(report: Report, fmt: str, lang: str) -> tuple[bytes, str]:
    """The file's bytes and the stamp in its name. The renderers load reportlab: imported
    here, on the I/O worker, not when the reports screen is built."""
    from ewarong_pos.printing import report_csv, report_pdf
    from ewarong_pos.printing.labels import Labels

    labels = Labels.for_lang(lang)
    pdf = fmt == "pdf"
    if isinstance(report, DailyReport):
        data = report_pdf.daily_pdf(report, labels) if pdf else report_csv.daily_csv(report)
        return data, str(report.business_date)
    if isinstance(report, MonthlyReport):
        data = report_pdf.monthly_pdf(report, labels) if pdf else report_csv.monthly_csv(report)
        return data, str(report.period)
    if isinstance(report, StockCardReport):
        data = report_pdf.stock_pdf(report, labels) if pdf else report_csv.stock_csv(report)
        return data, str(report.sku)
    data = report_pdf.signals_pdf(report, labels) if pdf else report_csv.signals_csv(report)
    return data, f"{report.date_from}_{report.date_to}"


def _export(root: Path, report: Report, kind: str, fmt: str, lang: str) -> str:
    data, stamp = _render(report, fmt, lang)
    folder = Path(root) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{stamp}.{fmt}"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return str(path)


def export_report(root: Path, report: Report, kind: str, fmt: str, lang: str) -> IoJob[str]:
    """Render the report (PDF or CSV) into DATA_DIR/exports; the job returns the path."""
    return IoJob("reports.export", partial(_export, root, report, kind, fmt, lang))


def close_day(
    ctx: Context, actor_id: int, business_date: dt.date, cart_lines: int = 0
) -> DbJob[DayCloseResult]:
    return DbJob(
        "reports.close_day",
        partial(day.close_day, ctx, actor_id, business_date, cart_lines=cart_lines),
        frozenset({Change.DAY, Change.JOURNAL}),
    )
