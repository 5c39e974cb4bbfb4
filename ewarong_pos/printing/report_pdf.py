"""Reports as A4 PDFs (reportlab platypus): heading, tables whose header row repeats on
every page, signature blocks, and "Halaman 1 dari N" at the foot of each page.

Text is set in DejaVu Sans, embedded (`printing.fonts`), so any name prints as written;
every text from the data passes `safe_text.clean_text` first (no control characters to
overprint the next column). Dates are WIB.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ewarong_pos.core.dates import WIB, format_date, format_datetime, format_period
from ewarong_pos.core.money import format_number, format_quantity, format_rupiah
from ewarong_pos.printing.fonts import SANS, SANS_BOLD, register_fonts
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.report_models import (
    DailyReport,
    MonthlyReport,
    OutletHeading,
    PriceListReport,
    SignalsReport,
    StockCardReport,
)
from ewarong_pos.printing.safe_text import clean_text

MARGIN = 15 * mm
register_fonts()
_STYLES = getSampleStyleSheet()
TITLE = ParagraphStyle(
    "ew-title", parent=_STYLES["Title"], fontName=SANS_BOLD, fontSize=15, spaceAfter=2 * mm
)
SUBTITLE = ParagraphStyle(
    "ew-sub", parent=_STYLES["Normal"], fontName=SANS, alignment=TA_CENTER, fontSize=10
)
NORMAL = ParagraphStyle(
    "ew-normal", parent=_STYLES["Normal"], fontName=SANS, fontSize=9, leading=11
)
CELL = ParagraphStyle("ew-cell", parent=NORMAL, fontSize=8, leading=9.5)
H2 = ParagraphStyle(
    "ew-h2", parent=_STYLES["Heading2"], fontName=SANS_BOLD, fontSize=11, spaceBefore=4 * mm
)
BIG = ParagraphStyle("ew-big", parent=NORMAL, fontSize=14, leading=17)
WALL = ParagraphStyle("ew-wall", parent=NORMAL, fontSize=11, leading=13)


def _esc(text: str) -> str:
    text = clean_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _NumberedCanvas(pdfcanvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each can say 'page X of N'."""

    page_text = "Halaman {page} dari {pages}"
    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # the document passes None; then every page would refer to (unembedded) Helvetica
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab names it so
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(SANS, 8)
        self.setFillColor(colors.grey)
        self.drawRightString(
            width - MARGIN, 9 * mm, self.page_text.format(page=self._pageNumber, pages=total)
        )
        self.drawString(MARGIN, 9 * mm, self.footer_left)
        self.restoreState()


TRAINING_RED = colors.HexColor("#b3261e")


def _training_page(mark: str) -> Any:
    """What a practice outlet's report has on every page, drawn before the page's content
    (so under it, and first in the page's text): the mark in a red frame at the head and
    at the foot, clear of the content and of the page numbers, and a pale LATIHAN across
    the middle, which no cropping of the head or foot takes away."""

    def draw(canvas: pdfcanvas.Canvas, _doc: Any) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(SANS_BOLD, 9)
        text_width = stringWidth(mark, SANS_BOLD, 9)
        for baseline in (height - 10 * mm, 14 * mm):
            canvas.setStrokeColor(TRAINING_RED)
            canvas.setLineWidth(0.8)
            canvas.rect(
                (width - text_width) / 2 - 3 * mm, baseline - 1.6 * mm, text_width + 6 * mm,
                5.6 * mm, stroke=1, fill=0,
            )  # fmt: skip
            canvas.setFillColor(TRAINING_RED)
            canvas.drawCentredString(width / 2, baseline, mark)
        canvas.setFillColor(TRAINING_RED)
        canvas.setFillAlpha(0.08)
        canvas.setFont(SANS_BOLD, 96)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(55)
        canvas.drawCentredString(0, -34, mark.split(" ")[0])
        canvas.restoreState()

    return draw


def _build(
    story: list[Any],
    labels: Labels,
    title: str,
    footer: str,
    *,
    invariant: bool = False,
    training: bool = False,
) -> bytes:
    """`invariant`: no creation time or random id in the file, so the same report is the
    same bytes (a closed day's report, issue 15). `training`: a practice outlet's report,
    LATIHAN - BUKAN LAPORAN RESMI at the head and foot of every page and in its title."""
    buffer = io.BytesIO()
    mark = " / ".join(labels.training_report) if training else ""
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 5 * mm,
        title=f"{mark} - {title}" if mark else title,
        author="e-Warong POS",
        invariant=1 if invariant else None,
    )
    canvas_class = type(
        "Canvas", (_NumberedCanvas,), {"page_text": labels.page_of, "footer_left": footer}
    )
    if mark:
        on_page = _training_page(mark)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvas_class)
    else:
        doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _heading(outlet: OutletHeading, title: str, subtitle: str, labels: Labels) -> list[Any]:
    return [
        Paragraph(_esc(title), TITLE),
        Paragraph(_esc(subtitle), SUBTITLE),
        Spacer(1, 3 * mm),
        Paragraph(
            f"<b>{_esc(outlet.name)}</b> ({_esc(outlet.code)}) &middot; {_esc(outlet.address)}",
            NORMAL,
        ),
        Paragraph(
            f"{labels.device}: {_esc(outlet.device_code)} &middot; "
            f"{labels.closed_at if outlet.closed else labels.printed_at}: "
            f"{format_datetime(outlet.printed_at, labels.lang)} WIB",
            NORMAL,
        ),
        Spacer(1, 3 * mm),
    ]


def _footer_text(outlet: OutletHeading, title: str) -> str:
    return f"{outlet.name} - {title}"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    total_row: Sequence[Any] | None = None,
    font_size: float = 8,
) -> LongTable:
    """A table whose header repeats on each page; numeric columns right-aligned."""
    data: list[list[Any]] = [list(header)]
    data.extend([_cell(c) for c in row] for row in rows)
    if total_row is not None:
        data.append(list(total_row))
    table = LongTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, 0), SANS_BOLD, font_size),
        ("FONT", (0, 1), (-1, -1), SANS, font_size),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9ee")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a949e")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for col in numeric:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if total_row is not None:
        style.append(("FONT", (0, -1), (-1, -1), SANS_BOLD, font_size))
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f4f6")))
    table.setStyle(TableStyle(style))
    return table


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > 38:
            return Paragraph(_esc(value), CELL)
        return clean_text(value)
    return value


def _signatures(
    labels: Labels, outlet: OutletHeading, left: str | None = None, right: str | None = None
) -> KeepTogether:
    """Two signature blocks (default: pengelola and pendamping), dated and placed."""
    return KeepTogether(_signature_parts(labels, outlet, left, right))


def _signature_parts(
    labels: Labels, outlet: OutletHeading, left: str | None = None, right: str | None = None
) -> list[Any]:
    place = outlet.address.split(",")[-1].strip() if outlet.address else ""
    when = format_date(_wib_date(outlet.printed_at), labels.lang)
    blank = "\n\n\n\n"
    data = [
        ["", f"{place}, {when}" if place else when],
        [left or labels.manager_sign, right or labels.facilitator_sign],
        [blank, blank],
        ["_" * 32, "_" * 32],
        [labels.sign_name, labels.sign_name],  # under the line, as on a paper form
    ]
    table = Table(data, colWidths=[85 * mm, 85 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 9),
                ("FONT", (0, 1), (-1, 1), SANS_BOLD, 9),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONT", (0, 4), (-1, 4), SANS, 8),
            ]
        )
    )
    return [Spacer(1, 8 * mm), table]


def _wib_date(moment: dt.datetime) -> dt.date:
    """The date in WIB of a moment (naive: UTC); printed 5 Dec 01:20 WIB says 5 Dec."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(WIB).date()


def _qty(milli: int, unit: str) -> str:
    return format_quantity(milli, unit)


# --- the reports ----------------------------------------------------------------------


def daily_pdf(report: DailyReport, labels: Labels) -> bytes:
    title = labels.daily_title
    subtitle = format_date(report.business_date, labels.lang)
    if report.close is not None:
        subtitle += " - " + labels.closed_by.format(
            at=format_datetime(report.close.closed_at, labels.lang), user=report.close.closed_by
        )
    story = _heading(report.outlet, title, subtitle, labels)
    story.append(Paragraph(labels.by_kind, H2))
    story.append(
        _table(
            [labels.kind, labels.count, labels.amount],
            [[labels.kind_name(k.kind), k.count, format_number(k.total)] for k in report.by_kind],
            [80 * mm, 30 * mm, 45 * mm],
            numeric=(1, 2),
            total_row=[
                labels.total_row,
                sum(k.count for k in report.by_kind),
                format_number(report.net_total),
            ],
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(f"<b>{labels.cash_expected}: {format_rupiah(report.cash_expected)}</b>", BIG)
    )
    story.append(
        Paragraph(
            f"{labels.redeemed_net}: <b>{format_rupiah(report.redeemed_net)}</b> &middot; "
            f"{labels.families_served}: <b>{report.families_served}</b> &middot; "
            f"{labels.day_closed if report.closed else labels.day_open}",
            NORMAL,
        )
    )
    if report.first_receipt:
        story.append(
            Paragraph(
                f"{labels.receipt_no}: {report.first_receipt} - {report.last_receipt}", NORMAL
            )
        )
    if report.missing_receipts:
        shown = ", ".join(str(n) for n in report.missing_receipts[:40])
        more = " ..." if len(report.missing_receipts) > 40 else ""
        story.append(Paragraph(f"<b>{labels.missing_receipts}: {shown}{more}</b>", NORMAL))
    if report.cashier_kinds:
        story.append(Paragraph(labels.by_cashier_kind, H2))
        story.append(
            _table(
                [labels.cashier, labels.kind, labels.count, labels.gross, labels.voids, labels.net],
                [
                    [
                        c.name,
                        labels.kind_name(c.kind),
                        c.count,
                        format_number(c.gross),
                        format_number(c.voids),
                        format_number(c.net),
                    ]
                    for c in report.cashier_kinds
                ],
                [46 * mm, 30 * mm, 16 * mm, 28 * mm, 28 * mm, 28 * mm],
                numeric=(2, 3, 4, 5),
            )
        )
    elif report.cashiers:
        story.append(Paragraph(labels.by_cashier, H2))
        story.append(
            _table(
                [
                    labels.cashier,
                    labels.kind_name("redemption"),
                    labels.amount,
                    labels.kind_name("cash"),
                    labels.amount,
                    labels.voids,
                ],
                [
                    [
                        c.name,
                        c.redemptions,
                        format_number(c.redemption_total),
                        c.cash_sales,
                        format_number(c.cash_total),
                        c.voids,
                    ]
                    for c in report.cashiers
                ],
                [50 * mm, 24 * mm, 28 * mm, 20 * mm, 28 * mm, 20 * mm],
                numeric=(1, 2, 3, 4, 5),
            )
        )
    if report.shifts:
        story.append(Paragraph(labels.shifts_title, H2))
        story.append(
            _table(
                [
                    labels.shift_cashier,
                    labels.shift_time,
                    labels.float_total,
                    labels.cash_sales,
                    labels.cash_voids,
                    labels.expected,
                    labels.counted,
                    labels.over_short,
                ],
                [
                    [
                        x.cashier,
                        # wraps in its column: "06:13 - masih buka" ran into the float's
                        Paragraph(
                            f"{x.opened_at.astimezone(WIB):%H:%M} - "
                            + (
                                f"{x.closed_at.astimezone(WIB):%H:%M}"
                                if x.closed_at
                                else _esc(labels.still_open)
                            ),
                            CELL,
                        ),
                        format_number(x.float_total),
                        format_number(x.cash_sales),
                        format_number(x.cash_voids),
                        format_number(x.expected),
                        format_number(x.counted) if x.counted is not None else "",
                        format_number(x.over_short) if x.over_short is not None else "",
                    ]
                    for x in report.shifts
                ],
                [28 * mm, 22 * mm, 19 * mm, 26 * mm, 20 * mm, 22 * mm, 22 * mm, 19 * mm],
                numeric=(2, 3, 4, 5, 6, 7),
                font_size=7.5,
            )
        )
        notes = [
            f"{x.cashier}: {labels.over_short} {format_rupiah(x.over_short)} - {x.reason}"
            + (f" ({labels.approved} {x.approved_by})" if x.approved_by else "")
            for x in report.shifts
            if x.over_short
        ]
        notes += [
            f"{x.cashier}: {labels.handed_to} {x.handover_to}"
            for x in report.shifts
            if x.handover_to
        ]
        for note in notes:
            story.append(Paragraph(_esc(note), NORMAL))
    if report.cash_outside_shifts:
        story.append(
            Paragraph(
                f"<b>{labels.cash_outside_shifts}: {format_rupiah(report.cash_outside_shifts)}</b>",
                NORMAL,
            )
        )
    story.append(Paragraph(labels.by_product, H2))
    story.append(
        _table(
            [labels.sku, labels.product, labels.quantity, labels.amount],
            [
                [p.sku, p.name, _qty(p.qty_milli, p.unit), format_number(p.total)]
                for p in report.by_product
            ]
            or [["", labels.none, "", ""]],
            [28 * mm, 80 * mm, 32 * mm, 40 * mm],
            numeric=(2, 3),
        )
    )
    story.append(Paragraph(labels.by_month, H2))
    story.append(
        _table(
            [labels.period, labels.families, labels.amount],
            [
                [format_period(m.period, labels.lang), m.families, format_number(m.amount)]
                for m in report.by_month
            ]
            or [[labels.none, "", ""]],
            [60 * mm, 40 * mm, 45 * mm],
            numeric=(1, 2),
            total_row=[
                labels.total_row,
                "",
                format_number(sum(m.amount for m in report.by_month)),
            ],
        )
    )
    story.append(Paragraph(labels.voids, H2))
    story.append(
        _table(
            [labels.receipt_no, labels.voids_receipt, labels.date, labels.amount, labels.reason],
            [
                [
                    v.receipt_no,
                    v.voided_receipt_no,
                    format_datetime(v.at, labels.lang),
                    format_number(v.total),
                    (
                        f"{labels.adjusts} {format_date(v.adjusts_day, labels.lang)}: "
                        if v.adjusts_day
                        else ""
                    )
                    + v.reason,
                ]
                for v in report.voids
            ]
            or [[labels.none, "", "", "", ""]],
            [26 * mm, 36 * mm, 36 * mm, 24 * mm, 58 * mm],
            numeric=(3,),
        )
    )
    story.append(_signatures(labels, report.outlet, labels.cashier, labels.manager_sign))
    footer = _footer_text(report.outlet, title)
    if report.close is not None:  # the journal number is for the auditor, in the footer
        footer += " - " + labels.journal_no.format(seq=report.close.journal_seq)
    return _build(
        story,
        labels,
        title,
        footer,
        invariant=report.close is not None,
        training=report.outlet.training,
    )


class _Stack(Flowable):  # type: ignore[misc]
    """Flowables drawn one under the other as one block (never split across pages)."""

    def __init__(self, parts: list[Any]) -> None:
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [part.wrap(avail_width, avail_height) for part in self.parts]
        self.width = max((w for w, _ in self._sizes), default=0.0)
        self.height = sum(h for _, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, (_w, h) in zip(self.parts, self._sizes, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)


class _TableEnd(Flowable):  # type: ignore[misc]
    """A table's last rows, its totals and the signature blocks, kept on one page.

    Dinas Sosial signs the totals: the signatures never sit alone on a page. Where the
    block starts a new page it carries the table's header again, as every page does.
    """

    def __init__(self, plain: _Stack, with_header: _Stack) -> None:
        super().__init__()
        self.plain = plain
        self.with_header = with_header
        self.chosen = plain

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.chosen.wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        # it did not fit: it moves whole to the next page, where it needs the header
        self.chosen = self.with_header
        return []

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)


PADDING = 3.0  # points left and right of a cell in the monthly tables


def _fit_widths(
    columns: Sequence[Sequence[str]], flex: int, font_size: float, total: float
) -> list[float]:
    """Column widths from the widest text of each column (header and totals in bold);
    column `flex` (the name) takes what is left. Totals of Rp 100 billion still fit."""
    widths: list[float] = []
    for index, texts in enumerate(columns):
        if index == flex:
            widths.append(0.0)
            continue
        widest = max(stringWidth(t, SANS_BOLD, font_size) for t in texts)
        widths.append(widest + 2 * PADDING + 1)
    widths[flex] = max(total - sum(widths), 30 * mm)
    return widths


def _padded(table: Table) -> Table:
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ]
        )
    )
    return table


def _name_cell(name: str, width: float, font_size: float) -> Any:
    """The name as text, or as a wrapping paragraph when it is wider than its column."""
    name = clean_text(name)
    if stringWidth(name, SANS, font_size) <= width - 2 * PADDING:
        return name
    return Paragraph(_esc(name), CELL)


def monthly_pdf(report: MonthlyReport, labels: Labels) -> bytes:
    """Summary, each voucher month's balance and the footnote; families who did not
    collect; every family with its totals, and the signatures kept with the totals."""
    title = labels.monthly_title
    story = _heading(report.outlet, title, format_period(report.period, labels.lang), labels)
    available = A4[0] - 2 * MARGIN
    summary = [
        [labels.entitlement + " / KPM", format_rupiah(report.amount_per_family)],
        [labels.families, len(report.families)],
        [labels.collected + " *", report.collected_count],
        [labels.not_collected, len(report.not_collected)],
        [labels.entitlement, format_rupiah(report.total_entitlement)],
        [labels.redeemed, format_rupiah(report.total_redeemed)],
        [labels.open_amount, format_rupiah(report.total_remaining)],
    ]
    table = Table(summary, colWidths=[50 * mm, 45 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 9),
                ("FONT", (1, 0), (1, -1), SANS_BOLD, 9),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ]
        )
    )
    story.append(table)

    # each voucher month's balance at the end of the month
    story.append(Paragraph(_esc(labels.tranche_title), H2))
    header = [
        labels.aid_month,
        labels.families,
        labels.entitlement,
        labels.redeemed_in_month,
        labels.redeemed_to_date,
        labels.open_amount,
    ]
    rows = [
        [
            format_period(t.period, labels.lang),
            format_number(t.families),
            format_number(t.entitlement),
            format_number(t.redeemed_in_month),
            format_number(t.redeemed_to_date),
            format_number(t.remaining),
        ]
        for t in report.tranches
    ] or [[labels.none, "", "", "", "", ""]]
    totals = [
        labels.total_row,
        "",
        format_number(sum(t.entitlement for t in report.tranches)),
        format_number(sum(t.redeemed_in_month for t in report.tranches)),
        format_number(sum(t.redeemed_to_date for t in report.tranches)),
        format_number(sum(t.remaining for t in report.tranches)),
    ]
    columns = list(zip(header, *rows, totals, strict=True))
    widths = _fit_widths(columns, 0, 8, available)
    widths[0] = min(widths[0], 40 * mm)
    story.append(
        _padded(
            _table(header, rows, widths, numeric=(1, 2, 3, 4, 5), total_row=totals, font_size=8)
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(_esc(labels.monthly_note), CELL))

    # families who did not collect (the pendamping follows them up)
    story.append(Paragraph(_esc(labels.not_collected_title), H2))
    header = [labels.no, labels.dtks_id, labels.name, labels.card, labels.open_amount]
    rows = [
        [str(n), f.dtks_id, f.name, f.card, format_number(f.remaining)]
        for n, f in enumerate(report.not_collected, start=1)
    ]
    if rows:
        widths = _fit_widths(list(zip(header, *rows, strict=True)), 2, 8, available)
        rows = [[*r[:2], _name_cell(r[2], widths[2], 8), *r[3:]] for r in rows]
        story.append(_padded(_table(header, rows, widths, numeric=(0, 4))))
    else:
        story.append(Paragraph(_esc(labels.none), NORMAL))

    # every family, the totals, the signatures
    story.append(Paragraph(_esc(labels.monthly_title), H2))
    header = [
        labels.no,
        labels.dtks_id,
        labels.name,
        labels.card,
        labels.entitlement,
        labels.redeemed,
        labels.open_amount,
        labels.transactions_short,
    ]
    rows = [
        [
            str(n),
            f.dtks_id,
            f.name,
            f.card,
            format_number(f.entitlement),
            format_number(f.redeemed),
            format_number(f.remaining),
            str(f.transactions),
        ]
        for n, f in enumerate(report.families, start=1)
    ]
    totals = [
        "",
        labels.total_row,
        "",
        "",
        format_number(report.total_entitlement),
        format_number(report.total_redeemed),
        format_number(report.total_remaining),
        str(report.total_transactions),
    ]
    widths = _fit_widths(list(zip(header, *rows, totals, strict=True)), 2, 8, available)
    rows = [[*r[:2], _name_cell(r[2], widths[2], 8), *r[3:]] for r in rows]
    numeric = (0, 4, 5, 6, 7)
    tail_rows = rows[-3:]
    if rows[:-3]:
        story.append(_padded(_table(header, rows[:-3], widths, numeric=numeric)))

    def tail(with_header: bool) -> _Stack:
        if with_header:
            table = _table(header, tail_rows, widths, numeric=numeric, total_row=totals)
        else:  # the table above carries the header
            table = _table_without_header(tail_rows, widths, numeric, totals)
        return _Stack([_padded(table), *_signature_parts(labels, report.outlet)])

    story.append(_TableEnd(tail(False), tail(True)))
    return _build(
        story,
        labels,
        title,
        _footer_text(report.outlet, title),
        training=report.outlet.training,
    )


def _table_without_header(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    numeric: Sequence[int],
    totals: Sequence[Any],
) -> Table:
    """The same rows and totals as `_table` makes, without its header row."""
    data = [list(r) for r in rows] + [list(totals)]
    out = Table(data, colWidths=list(widths), hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), SANS, 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a949e")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("FONT", (0, -1), (-1, -1), SANS_BOLD, 8),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f4f6")),
    ]
    style += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in numeric]
    out.setStyle(TableStyle(style))
    return out


def stock_pdf(report: StockCardReport, labels: Labels) -> bytes:
    """The stock card; column widths follow the longest date, reference and quantity
    (a date in December and 5-digit quantities stay in their columns)."""
    title = f"{labels.stock_title}: {report.name}"
    span = " - ".join(format_date(d, labels.lang) for d in (report.date_from, report.date_to) if d)
    story = _heading(report.outlet, title, f"{report.sku} ({report.unit}) {span}", labels)
    header = [
        labels.date + " (WIB)",
        labels.kind,
        labels.reference,
        labels.movement_in,
        labels.movement_out,
        labels.balance,
        labels.detail,
    ]
    texts: list[list[str]] = [
        ["", labels.opening, "", "", "", _qty(report.opening_milli, report.unit), ""]
    ]
    details = [""]
    for line in report.lines:
        texts.append(
            [
                format_datetime(line.at, labels.lang),
                labels.movement_kinds.get(line.kind, line.kind),
                clean_text(line.reference),
                _qty(line.qty_milli, report.unit) if line.qty_milli > 0 else "",
                _qty(-line.qty_milli, report.unit) if line.qty_milli < 0 else "",
                _qty(line.balance_milli, report.unit),
                "",
            ]
        )
        details.append(" ".join(p for p in (line.actor, line.note) if p))
    totals = [
        labels.total_row,
        "",
        "",
        _qty(report.total_in, report.unit),
        _qty(report.total_out, report.unit),
        _qty(report.closing_milli, report.unit),
        "",
    ]
    widths = _fit_widths(list(zip(header, *texts, totals, strict=True)), 6, 8, A4[0] - 2 * MARGIN)
    if widths[2] > 40 * mm:  # a long document number wraps instead of squeezing the rest
        widths[6] += widths[2] - 40 * mm
        widths[2] = 40 * mm
    rows: list[list[Any]] = [
        [
            *row[:2],
            _name_cell(row[2], widths[2], 8),
            *row[3:6],
            Paragraph(_esc(detail), CELL) if detail else "",
        ]
        for row, detail in zip(texts, details, strict=True)
    ]
    story.append(
        _padded(_table(header, rows, widths, numeric=(3, 4, 5), total_row=totals, font_size=8))
    )
    return _build(
        story,
        labels,
        title,
        _footer_text(report.outlet, title),
        training=report.outlet.training,
    )


def prices_pdf(report: PriceListReport, labels: Labels) -> bytes:
    """Large type for the wall: name, unit, price, and the ceiling beside it."""
    title = labels.prices_title
    story = _heading(report.outlet, title, format_date(report.valid_on, labels.lang), labels)
    rows = [
        [
            Paragraph(_esc(line.name), WALL),
            Paragraph(_esc(line.category), WALL),
            f"/{line.unit}",
            format_rupiah(line.price),
            format_rupiah(line.ceiling) if line.ceiling is not None else "-",
            format_rupiah(line.reference_price) if line.reference_price is not None else "-",
        ]
        for line in report.lines
    ]
    story.append(
        _table(
            [
                labels.product,
                labels.kind,
                labels.unit,
                labels.price,
                labels.ceiling,
                labels.reference_price,
            ],
            rows or [[labels.none, "", "", "", "", ""]],
            [54 * mm, 30 * mm, 15 * mm, 26 * mm, 26 * mm, 29 * mm],
            numeric=(3, 4, 5),
            font_size=11,
        )
    )
    return _build(
        story,
        labels,
        title,
        _footer_text(report.outlet, title),
        training=report.outlet.training,
    )


def signals_pdf(report: SignalsReport, labels: Labels) -> bytes:
    title = labels.signals_title
    span = (
        f"{format_date(report.date_from, labels.lang)} - {format_date(report.date_to, labels.lang)}"
    )
    story = _heading(report.outlet, title, span, labels)
    rows = [
        [
            format_datetime(s.at, labels.lang) if s.at else "",
            labels.severity_names.get(s.severity, s.severity),
            Paragraph(_esc(s.subject), CELL),
            Paragraph(_esc(s.detail), CELL),
        ]
        for s in report.lines
    ]
    story.append(
        _table(
            [labels.date, labels.severity, labels.reference, labels.detail],
            rows or [["", "", "", labels.none]],
            [34 * mm, 20 * mm, 36 * mm, 90 * mm],
        )
    )
    return _build(
        story,
        labels,
        title,
        _footer_text(report.outlet, title),
        training=report.outlet.training,
    )
