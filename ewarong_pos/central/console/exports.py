"""Reconciliation, fraud signals and disputes as CSV and A4 PDF (reportlab, as the outlet's
reports). Cells that a spreadsheet would run as a formula are neutralised. The PDF is set in
DejaVu Sans, embedded (`ewarong_pos.pdf_fonts`, shared with the outlet's printing), so a
name such as "Çağrı Łukasz Nguyễn" prints as written; reportlab's Helvetica knows Latin-1
only."""

from __future__ import annotations

import csv
import io
from html import escape

from ewarong_pos.central import admin
from ewarong_pos.central.console import i18n, office
from ewarong_pos.central.console.signals import CentralSignal
from ewarong_pos.pdf_fonts import SANS, SANS_BOLD, register_fonts


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return (
        "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text
    )


def _number(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def signal_text(sig: CentralSignal, lang: str) -> str:
    params = dict(sig.params)
    if sig.kind == "two_outlets":
        params.update(family=", ".join(sig.families), where=sig.outlet_code)
    return i18n.text(f"sig.{sig.kind}", lang, **params)


def reconciliation_csv(
    report: admin.Reconciliation, signals: list[CentralSignal], lang: str
) -> bytes:
    def t(key: str) -> str:
        return i18n.text(key, lang)

    rows: list[list[object]] = [
        [
            "section",
            t("outlet"),
            t("period"),
            t("redeemed"),
            t("families"),
            t("disputes"),
            t("over"),
        ]
    ]
    for r in report.rows:
        rows.append(
            [
                "reconciliation",
                r.outlet_code,
                r.period,
                r.redeemed,
                r.families,
                r.disputed,
                r.over_redeemed,
            ]
        )
    for g in report.receipt_gaps:
        rows.append(["receipt_gap", g.device_id, "", g.after, g.before, "", ""])
    for at, device, detail in report.tamper_refusals:
        rows.append(["tampering", device or "", at, detail, "", "", ""])
    for s in signals:
        rows.append(
            [
                f"signal.{s.kind}",
                s.outlet_code,
                s.period,
                signal_text(s, lang),
                " ".join(s.families),
                " ".join(s.receipts),
                s.severity,
            ]
        )
    return _csv(rows)


def disputes_csv(rows: list[office.DisputeRow]) -> bytes:
    out: list[list[object]] = [
        [
            "id",
            "created_at",
            "outlet",
            "device",
            "seq",
            "reason",
            "voucher",
            "period",
            "amount",
            "redeemed",
            "limit",
            "resolved_at",
            "resolved_by",
            "note",
        ]
    ]
    for d in rows:
        out.append(
            [
                d.id,
                d.created_at,
                d.outlet_code,
                d.device_id,
                d.seq,
                d.reason,
                d.voucher_code or "",
                d.period,
                d.amount,
                d.redeemed,
                d.limit_amount,
                d.resolved_at or "",
                d.resolved_by or "",
                d.note,
            ]
        )
    return _csv(out)


def reconciliation_pdf(
    report: admin.Reconciliation,
    signals: list[CentralSignal],
    period: str | None,
    lang: str,
    printed_at: str,
    printed_by: str = "",
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    def t(key: str, **kw: object) -> str:
        return i18n.text(key, lang, **kw)

    register_fonts()
    styles = getSampleStyleSheet()  # a fresh sheet per call: its fonts changed here only
    for style in styles.byName.values():
        font = getattr(style, "fontName", "")
        if font:
            style.fontName = SANS_BOLD if "Bold" in font else SANS
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=t("recon.title"),
        initialFontName=SANS,  # not even the page's starting font is Helvetica
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    )
    story = [
        Paragraph(t("recon.title"), styles["Title"]),
        Paragraph(
            f"{t('period')}: {i18n.period(period, lang) if period else t('all')} — {printed_at}"
            + (f" — {escape(t('printed_by', name=printed_by))}" if printed_by else ""),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(t("recon.rows"), styles["Heading2"]),
    ]
    data: list[list[object]] = [
        [t("outlet"), t("period"), t("redeemed"), t("families"), t("disputes"), t("over")]
    ]
    for r in report.rows:
        data.append(
            [
                r.outlet_code,
                i18n.period(r.period, lang),
                i18n.rupiah(r.redeemed),
                r.families,
                r.disputed,
                r.over_redeemed,
            ]
        )
    if report.rows:
        table = Table(data, repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(Paragraph(t("recon.none"), styles["Normal"]))
    if report.receipt_gaps:
        story += [Spacer(1, 4 * mm), Paragraph(t("receipt_gaps"), styles["Heading2"])]
        for g in report.receipt_gaps:
            story.append(
                Paragraph(
                    f"{g.device_id}: {t('gap', after=g.after, before=g.before)}", styles["Normal"]
                )
            )
    if report.tamper_refusals:
        story += [Spacer(1, 4 * mm), Paragraph(t("tamper"), styles["Heading2"])]
        for at, device, _detail in report.tamper_refusals:
            story.append(Paragraph(f"{i18n.when(at, lang)} — {device or '-'}", styles["Normal"]))
    story += [Spacer(1, 4 * mm), Paragraph(t("signals"), styles["Heading2"])]
    if signals:
        from reportlab.lib.styles import ParagraphStyle

        cell = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8, leading=10)
        rows: list[list[object]] = [[t("status"), t("outlet"), t("period"), t("detail")]]
        for s in signals:
            rows.append(
                [
                    t(f"severity.{s.severity}"),
                    s.outlet_code,
                    i18n.period(s.period, lang),
                    Paragraph(escape(signal_text(s, lang)), cell),
                ]
            )
        table = Table(rows, repeatRows=1, colWidths=[22 * mm, 38 * mm, 22 * mm, 96 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(t("signals.none"), styles["Normal"]))
    doc.build(story)
    return buffer.getvalue()
