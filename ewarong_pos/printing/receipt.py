"""The receipt model: everything a printed receipt says, built from a committed sale.

Built only from what is already committed (the receipt is printed after the sale), so a
receipt can be rebuilt at any time for a reprint. The figures of the sale itself (lines,
total, what each voucher month gave, cash, the EDC approval, the sale a void reverses)
come from the sale's journal entry (`protocol.payloads.SalePayload`), the record an
auditor checks, so a copy months later says what the sale said. A sale voided since
says so on every later print (`voided_by_receipt_no`: DIBATALKAN / VOIDED).
Privacy (DOMAIN.md): the family shows with a shortened name and the card as
`**** 1234`; no NIK, No. KK or full card number ever reaches this model.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import parse_iso
from ewarong_pos.core.identifiers import mask_card
from ewarong_pos.db.models import (
    Account,
    Device,
    Family,
    JournalEntry,
    Outlet,
    Sale,
    SaleBalance,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.protocol.payloads import SalePayload, Unreadable

QR_PREFIX = "EWR1"


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    total: int


@dataclass(frozen=True)
class VoucherUse:
    """A monthly tranche: what this sale drew from it and what it had left afterwards."""

    period: str  # YYYY-MM
    charged: int
    remaining_after: int


@dataclass(frozen=True)
class Receipt:
    outlet_name: str
    outlet_address: tuple[str, ...]
    device_code: str
    receipt_no: str
    kind: str  # 'redemption' | 'cash' | 'void'
    created_at: dt.datetime  # UTC; rendered in WIB
    cashier: str
    family_name: str | None  # shortened
    family_card: str | None  # `**** 1234`
    lines: tuple[ReceiptLine, ...]
    total: int
    vouchers: tuple[VoucherUse, ...]  # drawn by this sale, oldest month first
    still_open: tuple[VoucherUse, ...]  # every open month after the sale (charged = 0)
    open_total: int | None  # what the family has left in all, None for a cash sale
    cash_tendered: int | None
    change: int | None
    edc_approval: str | None
    verification_code: str
    qr_payload: str
    complaints_line: str
    copy_number: int | None = None  # None: the original; n: the n-th print of a copy
    voided_receipt_no: str | None = None
    void_reason: str | None = None
    voided_by_receipt_no: str | None = None  # this sale was voided since, by that receipt
    training: bool = False  # a practice outlet's sale: LATIHAN - BUKAN STRUK RESMI

    @property
    def is_copy(self) -> bool:
        return self.copy_number is not None


def verification_code(journal_hash: str) -> str:
    """`9F3A-1C22-7B0D`: the first 48 bits of the sale's journal hash, easy to read aloud."""
    head = journal_hash[:12].upper()
    return "-".join(head[i : i + 4] for i in range(0, 12, 4))


def qr_payload(receipt_no: str, device_id: str, seq: int, total: int, journal_hash: str) -> str:
    """What the QR code holds: enough for the central office to find and check the entry.

    `EWR1|receipt|device|journal seq|total|first 32 hex of the entry hash`.
    """
    return "|".join([QR_PREFIX, receipt_no, device_id, str(seq), str(total), journal_hash[:32]])


def short_name(name: str) -> str:
    """`Siti Aminah Binti Ahmad` -> `Siti A. B. A.`: enough for the family, little for others."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0].title(), *(w[0].upper() + "." for w in words[1:] if w)])


def printable(text: str) -> str:
    """Plain ASCII for the printer's code page, each letter as its nearest ASCII.

    Every thermal printer has the ASCII half of CP437, so what the preview shows is what
    prints, and one character is always one column. Letters beyond it are transliterated
    by text-unidecode (`Çağrı Łukasz Nguyễn` -> `Cagri Lukasz Nguyen`, `Ахмед` ->
    `Akhmed`) instead of printing as `?`; what has no ASCII form (an emoji) is dropped.
    Names come from the roster and the price list, so nothing in them may act as a
    printer command: control characters (ESC, GS, a paper cut) become spaces.
    """
    if not text.isascii():
        from text_unidecode import unidecode

        text = unidecode(unicodedata.normalize("NFC", text))
    return "".join(ch if " " <= ch < "\x7f" else " " for ch in text)


def build_receipt(
    session: Session, sale_id: int, copy_number: int | None = None, *, training: bool = False
) -> Receipt:
    """The receipt of a committed sale (LookupError if there is no such sale); `training`:
    the outlet is a practice one (the caller knows: services.training)."""
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise LookupError(f"no sale {sale_id}")
    outlet = session.scalars(select(Outlet)).one()
    device = session.get(Device, sale.device_id)
    cashier = session.get(Account, sale.cashier_id)
    entry = session.scalars(
        select(JournalEntry).where(
            JournalEntry.device_id == sale.device_id, JournalEntry.seq == sale.journal_seq
        )
    ).one()

    family = session.get(Family, sale.family_id) if sale.family_id is not None else None
    vouchers: tuple[VoucherUse, ...] = ()
    still_open: tuple[VoucherUse, ...] = ()
    open_total: int | None = None
    if family is not None:
        vouchers, still_open = _voucher_uses(session, sale, family.id)
        open_total = sum(v.remaining_after for v in still_open)

    voided_no = None
    if sale.voided_sale_id is not None:
        original = session.get(Sale, sale.voided_sale_id)
        voided_no = original.receipt_no if original is not None else None
    voided_by = session.scalar(select(Sale.receipt_no).where(Sale.voided_sale_id == sale.id))

    lines = tuple(
        ReceiptLine(line.product_name, line.unit, line.qty_milli, line.unit_price, line.total)
        for line in sale.lines
    )
    total, cash_tendered, change, edc = (
        sale.total,
        sale.cash_tendered,
        sale.change_given,
        sale.edc_approval,
    )
    recorded = _recorded(entry.payload)
    if recorded is not None:  # the sale as its journal entry holds it
        lines = (
            tuple(
                ReceiptLine(x.name, x.unit, x.qty_milli, x.unit_price, x.total)
                for x in recorded.lines
            )
            or lines
        )
        total, cash_tendered, change = recorded.total, recorded.cash_tendered, recorded.change
        edc = recorded.edc.approval if recorded.edc is not None else None
        if recorded.voids is not None and recorded.voids.receipt_no:
            voided_no = recorded.voids.receipt_no
        charged: dict[str, int] = {}
        for alloc in recorded.allocations:
            charged[alloc.period] = charged.get(alloc.period, 0) + alloc.amount
        after = {v.period: v.remaining_after for v in vouchers}
        if charged and "" not in charged:
            vouchers = tuple(
                VoucherUse(period, amount, after.get(period, 0))
                for period, amount in sorted(charged.items())
            )

    address = tuple(
        part
        for part in (
            outlet.address,
            ", ".join(p for p in (outlet.kelurahan, outlet.kecamatan, outlet.city) if p),
            outlet.phone,
        )
        if part
    )
    return Receipt(
        outlet_name=outlet.name,
        outlet_address=address,
        device_code=device.code if device is not None else "",
        receipt_no=sale.receipt_no,
        kind=sale.kind,
        created_at=parse_iso(sale.created_at),
        cashier=cashier.display_name if cashier is not None else "",
        family_name=short_name(family.name) if family is not None else None,
        family_card=(mask_card(family.card_last4) or None) if family is not None else None,
        lines=lines,
        total=total,
        vouchers=vouchers,
        still_open=still_open,
        open_total=open_total,
        cash_tendered=cash_tendered,
        change=change,
        edc_approval=edc,
        verification_code=verification_code(entry.hash),
        qr_payload=qr_payload(sale.receipt_no, sale.device_id, entry.seq, sale.total, entry.hash),
        complaints_line=outlet.complaints_line,
        copy_number=copy_number,
        voided_receipt_no=voided_no,
        void_reason=sale.void_reason,
        voided_by_receipt_no=voided_by,
        training=training,
    )


def _recorded(payload: str) -> SalePayload | None:
    """The sale as its journal entry holds it (None if the entry cannot be read: the
    committed rows, which verify checks against the entry, are used instead)."""
    try:
        data = json.loads(payload)
        return SalePayload.parse(data) if isinstance(data, dict) else None
    except (ValueError, Unreadable):
        return None


def _voucher_uses(
    session: Session, sale: Sale, family_id: int
) -> tuple[tuple[VoucherUse, ...], tuple[VoucherUse, ...]]:
    """Per month: drawn by this sale, and left over right after it (later sales ignored).

    A reprint days later must say what the family had left *after this sale*: the
    balances the commit kept (`SaleBalance`) when there are, so a later change of a
    voucher's amount by the office does not change a copy; else (a sale from before they
    were kept, or a rebuilt database) the allocations of sales up to this one counted
    against today's voucher amounts (sale ids grow with time).
    """
    rows = session.scalars(
        select(Voucher).where(Voucher.family_id == family_id).order_by(Voucher.period)
    ).all()
    ids = [v.id for v in rows]
    allocated_until = dict(
        session.execute(
            select(VoucherAllocation.voucher_id, func.sum(VoucherAllocation.amount))
            .where(VoucherAllocation.voucher_id.in_(ids), VoucherAllocation.sale_id <= sale.id)
            .group_by(VoucherAllocation.voucher_id)
        ).all()
    )
    drawn: dict[int, int] = {}
    for alloc in sale.allocations:
        drawn[alloc.voucher_id] = drawn.get(alloc.voucher_id, 0) + alloc.amount
    kept = session.get(SaleBalance, sale.id)
    if kept is not None:  # what the family had left as the commit wrote it
        left = {str(period): int(amount) for period, amount in json.loads(kept.balances)}
        charged = {v.id: v.period for v in rows}
        used = [
            VoucherUse(charged[vid], amount, left.get(charged[vid], 0))
            for vid, amount in drawn.items()
            if vid in charged
        ]
        used.sort(key=lambda u: u.period)
        return tuple(used), tuple(VoucherUse(p, 0, amount) for p, amount in left.items())
    used = []
    still_open: list[VoucherUse] = []
    for voucher in rows:
        remaining = (
            voucher.amount - voucher.redeemed_elsewhere - int(allocated_until.get(voucher.id) or 0)
        )
        if voucher.id in drawn:
            used.append(VoucherUse(voucher.period, drawn[voucher.id], remaining))
        # the same rule as core.cart.voucher_block: open, in its validity, not used up
        in_validity = voucher.valid_from <= sale.business_date <= voucher.valid_until
        if voucher.status == "open" and remaining > 0 and in_validity:
            still_open.append(VoucherUse(voucher.period, 0, remaining))
    return tuple(used), tuple(still_open)
