"""Lay a receipt out in N fixed columns: the one layout behind ESC/POS, text and PDF.

Every output line is exactly `columns` characters or fewer; long names wrap, a value
that cannot sit beside its label moves to its own line, right-aligned.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ewarong_pos.core.dates import format_datetime, format_period
from ewarong_pos.core.money import format_number, format_quantity, format_rupiah
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.receipt import Receipt, printable

_NBSP = "\u00a0"  # textwrap never breaks at a no-break space
# no break inside `021-426 5115`, `RT 005`, `No. 12`
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)|(?<=\bRT) (?=\d)|(?<=\bRW) (?=\d)|(?<=No\.) (?=\d)")


@dataclass(frozen=True)
class TextLine:
    text: str
    bold: bool = False
    tall: bool = False  # double height: same column count, stands out (title, total)


@dataclass(frozen=True)
class QrBlock:
    payload: str


Item = TextLine | QrBlock


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap on spaces; words longer than the line are broken (never overflow)."""
    text = printable(text)
    if not text.strip():
        return [""]
    glued = _DIGIT_SPACE.sub(_NBSP, text)
    lines = textwrap.wrap(
        glued,
        width=width,
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [""]
    return [line.replace(_NBSP, " ") for line in lines]


def center(text: str, width: int) -> list[str]:
    return [line.strip().center(width).rstrip() for line in wrap(text, width)]


def pair(left: str, right: str, width: int, indent: str = "") -> list[str]:
    """`left ....... right` on one line when both fit, else left wrapped, right below."""
    left, right = printable(left), printable(right)
    if len(left) + 1 + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    lines = wrap(left, width, indent)
    last = lines[-1]
    if len(last) + 1 + len(right) <= width:
        lines[-1] = last + " " * (width - len(last) - len(right)) + right
    else:
        lines.extend(line.rjust(width) for line in wrap(right, width))
    return lines


def field(label: str, value: str, width: int, label_width: int) -> list[str]:
    """`Kasir     : Budi`, the value wrapped under itself."""
    head = printable(label).ljust(label_width)[:label_width] + ": "
    room = width - len(head)
    if room < 8:  # too narrow to sit beside the label: value on its own lines
        return [head.rstrip(), *wrap(value, width, "  ")]
    parts = wrap(value, room)
    return [head + parts[0], *(" " * len(head) + p for p in parts[1:])]


def receipt_items(receipt: Receipt, labels: Labels, columns: int) -> list[Item]:
    """The receipt as lines of at most `columns` characters, plus the QR code."""
    w = columns
    rule = TextLine("-" * w)
    label_w = 10 if w < 40 else 14
    items: list[Item] = []

    def add(lines: list[str], bold: bool = False, tall: bool = False) -> None:
        items.extend(TextLine(line, bold, tall) for line in lines)

    def training_lines() -> None:
        # first and last on the paper: a practice receipt can never pass for a real one
        if receipt.training:
            for text in labels.training:
                add(center(text, w), bold=True, tall=True)

    training_lines()
    if receipt.kind == "void":
        add(center(f"*** {labels.void} ***", w), bold=True, tall=True)
    if receipt.copy_number is not None:
        add(center(f"*** {labels.copy} ***", w), bold=True, tall=True)
        add(center(labels.print_no.format(n=receipt.copy_number), w), bold=True)
    if receipt.voided_by_receipt_no:  # voided since: no copy may pass for a live sale
        add(center(f"*** {labels.voided} ***", w), bold=True, tall=True)
        add(center(labels.voided_by.format(receipt=receipt.voided_by_receipt_no), w), bold=True)
    add(center(receipt.outlet_name, w), bold=True, tall=True)
    for part in receipt.outlet_address:
        add(center(part, w))
    items.append(rule)
    heading = labels.cash_sale if receipt.kind == "cash" else labels.redemption
    if receipt.kind != "void":
        add(center(heading, w), bold=True)
    add(field(labels.receipt_no, receipt.receipt_no, w, label_w))
    when = format_datetime(receipt.created_at, labels.lang) + " WIB"  # the time zone, said
    if len(when) <= w - label_w - 2:
        add(field(labels.date, when, w, label_w))
    else:  # 58 mm: the date, then the time on its own line (never "WIB" alone)
        day, _, clock = when.rpartition(" ")[0].rpartition(" ")
        add(field(labels.date, day, w, label_w))
        add(field(labels.time, f"{clock} WIB", w, label_w))
    add(field(labels.cashier, receipt.cashier, w, label_w))
    add(field(labels.device, receipt.device_code, w, label_w))
    if receipt.family_name is not None:
        add(field(labels.family, receipt.family_name, w, label_w))
        if receipt.family_card:
            add(field(labels.card, receipt.family_card, w, label_w))
    if receipt.voided_receipt_no:
        add(wrap(f"{labels.voids_receipt} {receipt.voided_receipt_no}", w), bold=True)
    if receipt.void_reason:
        add(field(labels.reason, receipt.void_reason, w, label_w))
    items.append(rule)

    for line in receipt.lines:
        add(wrap(line.name, w, "  "))
        qty = f"  {format_quantity(line.qty_milli, line.unit)} x {format_number(line.unit_price)}"
        add(pair(qty, format_number(line.total), w, "    "))
    items.append(rule)
    add(pair(labels.total, format_rupiah(receipt.total), w), bold=True, tall=True)
    if receipt.cash_tendered is not None:
        add(pair(labels.cash, format_rupiah(receipt.cash_tendered), w))
    if receipt.change is not None:
        add(pair(labels.change, format_rupiah(receipt.change), w))
    if receipt.edc_approval:
        add(field(labels.edc_approval, receipt.edc_approval, w, label_w))

    if receipt.vouchers or receipt.open_total is not None:
        items.append(rule)
    if receipt.vouchers:
        add(wrap(labels.vouchers_used + ":", w))
        for use in receipt.vouchers:
            add(pair("  " + format_period(use.period, labels.lang), format_number(use.charged), w))
    if receipt.open_total is not None:
        add(wrap(labels.remaining + ":", w))
        for use in receipt.still_open:
            add(
                pair(
                    "  " + format_period(use.period, labels.lang),
                    format_number(use.remaining_after),
                    w,
                )
            )
        add(pair("  " + labels.remaining_total, format_rupiah(receipt.open_total), w), bold=True)

    items.append(rule)
    add(center(f"{labels.verification}: {receipt.verification_code}", w))
    items.append(QrBlock(receipt.qr_payload))
    if receipt.complaints_line:
        add(center(receipt.complaints_line, w))
    if receipt.kind != "void":
        add(center(labels.thanks, w))
    training_lines()
    return items


def test_page_items(labels: Labels, columns: int, outlet_name: str = "") -> list[Item]:
    """A test page: the ruler shows at a glance whether the column setting is right."""
    w = columns
    digits = "".join(str(i % 10) for i in range(1, w + 1))
    items: list[Item] = [TextLine(line, True, True) for line in center(labels.test_page, w)]
    if outlet_name:
        items.extend(TextLine(line) for line in center(outlet_name, w))
    items.append(TextLine(digits))
    items.extend(TextLine(line) for line in wrap(labels.test_page_body, w))
    items.append(TextLine(f"{w} col".center(w).rstrip()))
    items.append(TextLine("-" * w))
    return items


def as_text(items: list[Item]) -> str:
    """The on-screen preview: the printed lines, the QR code shown as a marker."""
    out: list[str] = []
    width = max((len(i.text) for i in items if isinstance(i, TextLine)), default=0)
    for item in items:
        if isinstance(item, TextLine):
            out.append(item.text)
        else:
            out.append("[QR]".center(width).rstrip())
    return "\n".join(out) + "\n"
