"""The counter's sales: entitlement, cart preview, redemption, cash sale, void, sale views.

Each committing use case is ONE write transaction (`ctx.db.write()`, BEGIN IMMEDIATE):
the sale row, its lines (name, unit, price and ceiling copied as they were), the voucher
allocations, the stock movements, the receipt number (per device, gap-free: max + 1 under
the writer lock) and the journal entry. Family, vouchers, prices and stock are re-read
inside that transaction and the rules of `core.cart` run again: the preview the cashier
saw is never trusted. A repeated `sale_uuid` returns the sale already committed, so a
till that retries after a crash or a timeout never sells twice.

A void is a new sale of kind 'void' that reverses the original (negative lines and
allocations, stock back, vouchers reopened) with its own receipt number, approved by a
manager's PIN; the original row stays exactly as it was.

A commit builds the journal payload and the returned `SaleResult` from the values it
already holds and writes lines, stock movements and allocations with one multi-row insert
each; it reads nothing back. `sale_payloads` rebuilds the payload from the committed rows:
it is the reference `services.verify` checks the journal with, and the tests hold the
commit's payload byte-identical to it for every kind of sale.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from ewarong_pos.core import cart
from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    Account,
    Base,
    Device,
    Family,
    JournalEntry,
    Period,
    Product,
    Sale,
    SaleLine,
    Setting,
    StockMovement,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.queries import PRODUCT_ON_HAND, VOUCHER_REMAINING, voucher_remaining
from ewarong_pos.services.accounts import check_pin
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

VOID_REASON_LIMIT = 200
VOID_ROLES = ("manager",)
# Written by services.backup after a restore: receipt numbers up to it were issued by the
# database the backup replaced.
RECEIPT_FLOOR_SETTING = "sales.receipt_seq_floor"
JOURNAL_KINDS = {"redemption": "sale.redemption", "cash": "sale.cash", "void": "sale.void"}


# --- what the UI, printing and sync receive -------------------------------------------


@dataclass(frozen=True)
class CartLine:
    product_id: int
    qty_milli: int


@dataclass(frozen=True)
class VoucherLine:
    """One monthly voucher on the entitlement screen."""

    voucher_id: int
    code: str
    period: str
    amount: int
    used: int  # amount - remaining (here and, as far as we know, elsewhere)
    remaining: int
    valid_from: dt.date
    valid_until: dt.date
    status: str
    redeemable: bool
    reason: str | None  # message code when not redeemable
    reason_detail: str  # the roster's reason text for revoked/blocked/suspended
    eligible_categories: tuple[str, ...]


@dataclass(frozen=True)
class Entitlement:
    family_id: int
    dtks_id: str
    name: str
    address: str
    card_last4: str
    status: str
    status_reason: str
    redeemable: bool
    reason: str | None  # 'family.suspended', 'family.removed', 'sale.no_open_voucher'
    vouchers: tuple[VoucherLine, ...]  # oldest month first
    total_open: int


@dataclass(frozen=True)
class LinePreview:
    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    reference_price: int | None
    above_reference: bool
    total: int


@dataclass(frozen=True)
class DrawPreview:
    voucher_id: int
    code: str
    period: str
    amount: int
    remaining_before: int
    remaining_after: int


@dataclass(frozen=True)
class CartCheck:
    """The preview of a cart: priced lines, the per-voucher draw, and every refusal."""

    kind: str  # 'redemption' or 'cash'
    lines: tuple[LinePreview, ...]
    total: int
    draws: tuple[DrawPreview, ...]
    total_open: int
    remaining_after: int
    cash_tendered: int | None
    change: int | None
    problems: tuple[DomainError, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AllocationView:
    voucher_id: int
    voucher_code: str
    period: str
    amount: int
    remaining_after: int | None = None  # the voucher's remainder right after this sale


@dataclass(frozen=True)
class SaleResult:
    sale_id: int
    uuid: str
    receipt_no: str
    kind: str
    total: int
    allocations: tuple[AllocationView, ...]
    cash_tendered: int | None
    change: int | None
    journal_seq: int
    journal_hash: str
    created_at: str = ""
    replayed: bool = False  # True when an earlier commit with this sale_uuid was returned


@dataclass(frozen=True)
class SaleLineView:
    line_no: int
    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    total: int


@dataclass(frozen=True)
class SaleView:
    """Everything a receipt, a reprint or the void screen shows of one sale."""

    id: int
    uuid: str
    receipt_no: str
    receipt_seq: int
    kind: str
    created_at: str
    business_date: dt.date
    device_id: str
    device_code: str
    outlet_code: str
    cashier_id: int
    cashier_username: str
    cashier_name: str
    family_id: int | None
    family_dtks_id: str | None
    family_name: str | None
    family_card_last4: str | None
    lines: tuple[SaleLineView, ...]
    total: int
    allocations: tuple[AllocationView, ...]
    cash_tendered: int | None
    change: int | None
    edc_approval: str | None
    edc_rrn: str | None
    voids_sale_id: int | None
    voids_receipt_no: str | None
    void_reason: str | None
    approved_by: str | None
    approved_by_name: str | None
    voided_by_sale_id: int | None
    voided_by_receipt_no: str | None
    journal_seq: int
    journal_hash: str


@dataclass(frozen=True)
class SaleSummary:
    """One row of the recent-sales list (reprint and void screens)."""

    id: int
    receipt_no: str
    kind: str
    created_at: str
    business_date: dt.date
    total: int
    family_name: str | None
    cashier_username: str
    voids_receipt_no: str | None
    voided_by_receipt_no: str | None


# --- reading snapshots for the rules --------------------------------------------------


def _family(s: Session, family_id: int) -> Family:
    family = s.get(Family, family_id)
    if family is None:
        raise DomainError("family.not_found", family=family_id)
    return family


def _family_snapshot(family: Family) -> cart.FamilySnapshot:
    return cart.FamilySnapshot(
        family.id, family.dtks_id, family.name, family.status, family.status_reason
    )


# The counter's statements are built once (with bound parameters): building a SELECT
# costs about as much as running it on an indexed row.
_FAMILY = select(Family.id, Family.dtks_id, Family.name, Family.status, Family.status_reason).where(
    Family.id == bindparam("family_id")
)


def _family_for_rules(s: Session, family_id: int) -> cart.FamilySnapshot:
    """The family as the rules need it: only the columns they read (no ORM object)."""
    row = s.execute(_FAMILY, {"family_id": family_id}).first()
    if row is None:
        raise DomainError("family.not_found", family=family_id)
    return cart.FamilySnapshot(*row)


_VOUCHERS = (
    select(
        Voucher.id,
        Voucher.code,
        Voucher.period,
        Voucher.amount,
        Voucher.status,
        Voucher.status_reason,
        Voucher.valid_from,
        Voucher.valid_until,
        Period.eligible_categories,
        VOUCHER_REMAINING,
    )
    .join(Period, Period.code == Voucher.period)
    .where(Voucher.family_id == bindparam("family_id"))
    .order_by(Voucher.period, Voucher.id)
)
_PRODUCTS = select(
    Product.id,
    Product.sku,
    Product.name,
    Product.category,
    Product.unit,
    Product.fractional,
    Product.price,
    Product.ceiling,
    Product.reference_price,
    Product.active,
    PRODUCT_ON_HAND,
).where(Product.id.in_(bindparam("ids", expanding=True)))


@functools.lru_cache(maxsize=256)  # a handful of periods' lists, parsed once
def _categories(text: str | None) -> frozenset[str]:
    return frozenset(c.strip() for c in (text or "").split(",") if c.strip())


def _voucher_snapshots(s: Session, family_id: int) -> list[cart.VoucherSnapshot]:
    """The family's vouchers, oldest month first, each with what remains (one query)."""
    rows = s.execute(_VOUCHERS, {"family_id": family_id}).all()
    return [
        cart.VoucherSnapshot(
            id=vid,
            code=code,
            period=period,
            amount=amount,
            remaining=int(remaining),
            status=status,
            status_reason=status_reason,
            valid_from=valid_from,
            valid_until=valid_until,
            eligible_categories=_categories(categories),
        )
        for (
            vid,
            code,
            period,
            amount,
            status,
            status_reason,
            valid_from,
            valid_until,
            categories,
            remaining,
        ) in rows
    ]


def _product_snapshots(s: Session, product_ids: Sequence[int]) -> dict[int, cart.ProductSnapshot]:
    """The cart's products with their stock on hand (the sum of movements), one query."""
    ids = sorted({pid for pid in product_ids if isinstance(pid, int)})
    if not ids:
        return {}
    rows = s.execute(_PRODUCTS, {"ids": ids}).all()
    return {
        pid: cart.ProductSnapshot(
            id=pid,
            sku=sku,
            name=name,
            category=category,
            unit=unit,
            fractional=bool(fractional),
            price=price,
            ceiling=ceiling,
            reference_price=reference_price,
            active=bool(active),
            on_hand_milli=int(stock or 0),
        )
        for (
            pid,
            sku,
            name,
            category,
            unit,
            fractional,
            price,
            ceiling,
            reference_price,
            active,
            stock,
        ) in rows
    }


def _pairs(lines: Sequence[CartLine]) -> list[tuple[int, int]]:
    return [(line.product_id, line.qty_milli) for line in lines]


def _local_device(s: Session, device_id: str) -> Device:
    device = s.get(Device, device_id)
    if device is None:
        raise LookupError(f"device {device_id} not found")
    return device


def _normalise_uuid(sale_uuid: str | None) -> str:
    if sale_uuid is None:
        return str(uuidlib.uuid4())
    try:
        return str(uuidlib.UUID(str(sale_uuid)))
    except ValueError:
        raise DomainError("sale.bad_uuid", value=str(sale_uuid)[:40]) from None


# --- entitlement and preview ----------------------------------------------------------


def _voucher_line(standing: cart.VoucherStanding) -> VoucherLine:
    v = standing.voucher
    return VoucherLine(
        voucher_id=v.id,
        code=v.code,
        period=v.period,
        amount=v.amount,
        used=v.amount - v.remaining,
        remaining=v.remaining,
        valid_from=v.valid_from,
        valid_until=v.valid_until,
        status=v.status,
        redeemable=standing.redeemable,
        reason=standing.reason,
        reason_detail=standing.reason_detail,
        eligible_categories=tuple(sorted(v.eligible_categories)),
    )


def entitlement(ctx: Context, family_id: int) -> Entitlement:
    """A family's vouchers by month, oldest first, with what remains and why not."""
    today = ctx.business_date()
    with ctx.db.read() as s:
        family = _family(s, family_id)
        snapshot = _family_snapshot(family)
        standing = cart.standings(snapshot, _voucher_snapshots(s, family_id), today)
        open_total = cart.total_open(standing)
        blocked = cart.family_block(snapshot)
        reason = blocked.code if blocked else (None if open_total > 0 else "sale.no_open_voucher")
        return Entitlement(
            family_id=family.id,
            dtks_id=family.dtks_id,
            name=family.name,
            address=family.address,
            card_last4=family.card_last4,
            status=family.status,
            status_reason=family.status_reason,
            redeemable=reason is None,
            reason=reason,
            vouchers=tuple(_voucher_line(st) for st in standing),
            total_open=open_total,
        )


def _line_preview(line: cart.PricedLine) -> LinePreview:
    p = line.product
    return LinePreview(
        product_id=p.id,
        sku=p.sku,
        name=p.name,
        unit=p.unit,
        qty_milli=line.qty_milli,
        unit_price=line.unit_price,
        ceiling=line.ceiling,
        reference_price=p.reference_price,
        above_reference=line.above_reference,
        total=line.total,
    )


def _decide(
    s: Session,
    today: dt.date,
    family_id: int | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None,
) -> cart.CartDecision:
    return _decide_for(
        s,
        today,
        _family_for_rules(s, family_id) if family_id is not None else None,
        lines,
        cash_tendered,
    )


def _decide_for(
    s: Session,
    today: dt.date,
    family: cart.FamilySnapshot | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None,
) -> cart.CartDecision:
    """The rules over fresh snapshots: a redemption for `family`, a cash sale when None."""
    products = _product_snapshots(s, [line.product_id for line in lines])
    if family is None:
        return cart.decide_cash_sale(products, _pairs(lines), cash_tendered)
    return cart.decide_redemption(
        family, _voucher_snapshots(s, family.id), products, _pairs(lines), today
    )


def check_cart(
    ctx: Context,
    family_id: int | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None = None,
) -> CartCheck:
    """Preview a cart for the UI: a redemption for `family_id`, or a cash sale when None.

    Nothing is written; every refusal is listed (the commit decides again on its own).
    """
    today = ctx.business_date()
    with ctx.db.read() as s:
        decision = _decide(s, today, family_id, lines, cash_tendered)
    draws = tuple(
        DrawPreview(
            d.voucher.id,
            d.voucher.code,
            d.voucher.period,
            d.amount,
            d.voucher.remaining,
            d.remaining_after,
        )
        for d in decision.draws
    )
    cash = family_id is None
    change = (
        cart.change_due(decision.total, cash_tendered)
        if cash and cash_tendered is not None and decision.ok
        else None
    )
    return CartCheck(
        kind="cash" if cash else "redemption",
        lines=tuple(_line_preview(line) for line in decision.lines),
        total=decision.total,
        draws=draws,
        total_open=decision.total_open,
        remaining_after=decision.total_open - sum(d.amount for d in draws),
        cash_tendered=cash_tendered if cash else None,
        change=change,
        problems=decision.problems,
    )


# --- committing ------------------------------------------------------------------------


def _local_date(moment: dt.datetime) -> dt.date:
    """The outlet's business date (WIB) of a moment, as `Context.business_date` gives it."""
    return moment.astimezone(WIB).date()


@dataclass(frozen=True)
class _Till:
    """The local device as a sale needs it."""

    id: str
    code: str
    outlet_code: str


@dataclass(frozen=True)
class _Actor:
    """The cashier or the approving manager as a sale needs them."""

    id: int
    username: str


@dataclass(frozen=True)
class _Line:
    """A line about to be written: the row's values and its product's SKU for the journal."""

    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    total: int


@dataclass(frozen=True)
class _Draw:
    """An allocation about to be written, with the voucher's code and period in hand."""

    voucher_id: int
    code: str
    period: str
    amount: int
    remaining_after: int | None  # None: read back after the write (a void's reopening)


def _table(model: type[Base]) -> Table:
    """The model's Core table: rows written with one plain (multi-row) insert, no ORM."""
    return cast(Table, model.__table__)


_TILL = select(Device.id, Device.code, Device.outlet_code).where(Device.id == bindparam("id"))
_CASHIER = select(Account.id, Account.username, Account.active).where(Account.id == bindparam("id"))
_LAST_RECEIPT = select(
    select(func.max(Sale.receipt_seq))
    .where(Sale.device_id == bindparam("device"))
    .scalar_subquery(),
    select(Setting.value).where(Setting.key == RECEIPT_FLOOR_SETTING).scalar_subquery(),
)
_SALE_BY_UUID = select(Sale.id).where(Sale.uuid == bindparam("uuid"))


def _till(s: Session, device_id: str) -> _Till:
    row = s.execute(_TILL, {"id": device_id}).first()
    if row is None:
        raise LookupError(f"device {device_id} not found")
    return _Till(*row)


def _active_cashier(s: Session, cashier_id: int) -> _Actor:
    row = s.execute(_CASHIER, {"id": cashier_id}).first()
    if row is None or not row.active:
        raise DomainError("sale.unknown_cashier", cashier=cashier_id)
    return _Actor(row.id, row.username)


def _next_receipt(s: Session, device: _Till) -> tuple[int, str]:
    """The device's next receipt number; gap-free because we hold the writer lock.

    After a restore from backup the numbers the lost database had issued are known only
    to the central office; `services.backup` records the highest in a setting (and in its
    `journal.restored` entry), and numbering continues above it so none is issued twice.
    """
    last, floor_text = s.execute(_LAST_RECEIPT, {"device": device.id}).one()
    try:
        floor = int(floor_text) if floor_text is not None else 0
    except ValueError:
        floor = 0
    seq = max(int(last or 0), floor) + 1
    return seq, receipt_number(device.code, seq)


def receipt_number(device_code: str, seq: int) -> str:
    """`K1-0000123`: the device's short code and its receipt sequence."""
    return f"{device_code}-{seq:07d}"


def _existing(s: Session, sale_uuid: str) -> Sale | None:
    # Only the id first: a new uuid (the usual case) needs no ORM object.
    sale_id = s.scalar(_SALE_BY_UUID, {"uuid": sale_uuid})
    return s.get(Sale, sale_id) if sale_id is not None else None


def _replay(
    s: Session, sale: Sale, kind: str, family_id: int | None, voided_sale_id: int | None = None
) -> SaleResult:
    """The result of an earlier commit with the same uuid, if it is the same kind of act."""
    same = sale.kind == kind and sale.family_id == family_id
    if voided_sale_id is not None:
        same = same and sale.voided_sale_id == voided_sale_id
    if not same:
        raise DomainError("sale.uuid_conflict", uuid=sale.uuid, receipt_no=sale.receipt_no)
    log.info("sale %s already committed; returning it", sale.receipt_no)
    return _result(s, sale, replayed=True)


def _result(s: Session, sale: Sale, *, replayed: bool = False) -> SaleResult:
    """A committed sale's result read back from its rows (replays and `get_sale`)."""
    entry_hash = s.scalar(
        select(JournalEntry.hash).where(
            JournalEntry.device_id == sale.device_id, JournalEntry.seq == sale.journal_seq
        )
    )
    return SaleResult(
        sale_id=sale.id,
        uuid=sale.uuid,
        receipt_no=sale.receipt_no,
        kind=sale.kind,
        total=sale.total,
        allocations=tuple(_allocation_views(s, sale)),
        cash_tendered=sale.cash_tendered,
        change=sale.change_given,
        journal_seq=sale.journal_seq,
        journal_hash=entry_hash or "",
        created_at=sale.created_at,
        replayed=replayed,
    )


def _allocation_views(s: Session, sale: Sale) -> list[AllocationView]:
    rows = s.execute(
        select(VoucherAllocation, Voucher)
        .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
        .where(VoucherAllocation.sale_id == sale.id)
        .order_by(VoucherAllocation.id)
    ).all()
    views = []
    for allocation, voucher in rows:
        # What remained right after this sale: allocations up to and including it.
        drawn = s.scalar(
            select(func.coalesce(func.sum(VoucherAllocation.amount), 0)).where(
                VoucherAllocation.voucher_id == voucher.id,
                VoucherAllocation.sale_id <= sale.id,
            )
        )
        views.append(
            AllocationView(
                voucher.id,
                voucher.code,
                voucher.period,
                allocation.amount,
                voucher.amount - voucher.redeemed_elsewhere - int(drawn or 0),
            )
        )
    return views


def _payload(
    *,
    sale_uuid: str,
    receipt_no: str,
    receipt_seq: int,
    kind: str,
    device: _Till,
    business_date: dt.date,
    cashier: _Actor,
    family_dtks_id: str | None,
    lines: Sequence[_Line],
    total: int,
    allocations: Sequence[_Draw],
    cash_tendered: int | None,
    change: int | None,
    edc: tuple[str | None, str | None],
    voids: tuple[str, str] | None,
    reason: str | None,
    approver: _Actor | None,
) -> dict[str, Any]:
    """The journal payload of a sale about to be written, from the values in hand.

    It must be exactly what `sale_payloads` rebuilds from the committed rows (the
    verifier's reference; tests/services/test_sales.py compares the two for every kind).
    """
    approval, rrn = edc
    return {
        "sale": sale_uuid,
        "receipt_no": receipt_no,
        "receipt_seq": receipt_seq,
        "kind": kind,
        "outlet": device.outlet_code,
        "business_date": business_date.isoformat(),
        "cashier": cashier.username,
        "family": family_dtks_id,
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "unit": line.unit,
                "qty_milli": line.qty_milli,
                "unit_price": line.unit_price,
                "ceiling": line.ceiling,
                "total": line.total,
            }
            for line in lines
        ],
        "total": total,
        "allocations": [
            {"voucher": a.code, "period": a.period, "amount": a.amount} for a in allocations
        ],
        "cash_tendered": cash_tendered,
        "change": change,
        "edc": {"approval": approval, "rrn": rrn}
        if approval is not None or rrn is not None
        else None,
        "voids": {"sale": voids[0], "receipt_no": voids[1]} if voids is not None else None,
        "reason": reason,
        "approved_by": approver.username if approver is not None else None,
    }


def _write_sale(
    s: Session,
    *,
    device: _Till,
    sale_uuid: str,
    kind: str,
    cashier: _Actor,
    family_id: int | None,
    family_dtks_id: str | None,
    lines: Sequence[_Line],
    allocations: Sequence[_Draw],
    movement_kind: str,
    cash_tendered: int | None = None,
    change: int | None = None,
    edc: tuple[str | None, str | None] = (None, None),
    voided: tuple[int, str, str] | None = None,
    void_reason: str | None = None,
    approver: _Actor | None = None,
    moment: dt.datetime,
) -> SaleResult:
    """Insert the journal entry, the sale, its lines, stock movements and allocations.

    Stock moves by minus each line's quantity (a void's negative lines put stock back).
    The payload and the result are built from the values in hand: nothing just written is
    read back. `voided` is the original's (id, uuid, receipt_no) for a void.
    """
    now = iso(moment)
    business_date = _local_date(moment)
    receipt_seq, receipt_no = _next_receipt(s, device)
    total = sum(line.total for line in lines)
    payload = _payload(
        sale_uuid=sale_uuid,
        receipt_no=receipt_no,
        receipt_seq=receipt_seq,
        kind=kind,
        device=device,
        business_date=business_date,
        cashier=cashier,
        family_dtks_id=family_dtks_id,
        lines=lines,
        total=total,
        allocations=allocations,
        cash_tendered=cash_tendered,
        change=change,
        edc=edc,
        voids=(voided[1], voided[2]) if voided is not None else None,
        reason=void_reason,
        approver=approver,
    )
    # The entry first: the sale row then carries its sequence number from the start.
    entry = journal.append(s, device.id, JOURNAL_KINDS[kind], payload, now)
    conn = s.connection()  # the session's own transaction; plain Core from here
    sale_id = conn.execute(
        insert(_table(Sale)),
        {
            "uuid": sale_uuid,
            "device_id": device.id,
            "receipt_seq": receipt_seq,
            "receipt_no": receipt_no,
            "kind": kind,
            "created_at": now,
            "business_date": business_date,
            "cashier_id": cashier.id,
            "family_id": family_id,
            "total": total,
            "cash_tendered": cash_tendered,
            "change_given": change,
            "edc_approval": edc[0],
            "edc_rrn": edc[1],
            "voided_sale_id": voided[0] if voided is not None else None,
            "void_reason": void_reason,
            "approved_by_id": approver.id if approver is not None else None,
            "journal_seq": entry.seq,
        },
    ).lastrowid  # the INTEGER PRIMARY KEY SQLite gave the row
    conn.execute(
        insert(_table(SaleLine)),
        [
            {
                "sale_id": sale_id,
                "line_no": number,
                "product_id": line.product_id,
                "product_name": line.name,
                "unit": line.unit,
                "qty_milli": line.qty_milli,
                "unit_price": line.unit_price,
                "ceiling": line.ceiling,
                "total": line.total,
            }
            for number, line in enumerate(lines, start=1)
        ],
    )
    conn.execute(
        insert(_table(StockMovement)),
        [
            {
                "product_id": line.product_id,
                "qty_milli": -line.qty_milli,
                "kind": movement_kind,
                "sale_id": sale_id,
                "document_id": None,
                "unit_cost": None,
                "counted_milli": None,
                "created_at": now,
            }
            for line in lines
        ],
    )
    if allocations:
        conn.execute(
            insert(_table(VoucherAllocation)),
            [
                {"sale_id": sale_id, "voucher_id": a.voucher_id, "amount": a.amount}
                for a in allocations
            ],
        )
    after = {a.voucher_id: a.remaining_after for a in allocations}
    if any(value is None for value in after.values()):
        after.update(voucher_remaining(s, [a.voucher_id for a in allocations]))
    return SaleResult(
        sale_id=sale_id,
        uuid=sale_uuid,
        receipt_no=receipt_no,
        kind=kind,
        total=total,
        allocations=tuple(
            AllocationView(a.voucher_id, a.code, a.period, a.amount, after[a.voucher_id])
            for a in allocations
        ),
        cash_tendered=cash_tendered,
        change=change,
        journal_seq=entry.seq,
        journal_hash=entry.hash,
        created_at=now,
    )


def _check_expected(decision: cart.CartDecision, expected_total: int | None) -> None:
    if expected_total is not None and expected_total != decision.total:
        raise DomainError("sale.total_changed", expected=expected_total, total=decision.total)


def _priced_rows(decision: cart.CartDecision) -> list[_Line]:
    return [
        _Line(
            line.product.id,
            line.product.sku,
            line.product.name,
            line.product.unit,
            line.qty_milli,
            line.unit_price,
            line.ceiling,
            line.total,
        )
        for line in decision.lines
    ]


def _drawn(decision: cart.CartDecision) -> list[_Draw]:
    return [
        _Draw(d.voucher.id, d.voucher.code, d.voucher.period, d.amount, d.remaining_after)
        for d in decision.draws
    ]


def redeem(
    ctx: Context,
    cashier_id: int,
    family_id: int,
    lines: Sequence[CartLine],
    *,
    edc_approval: str | None = None,
    edc_rrn: str | None = None,
    sale_uuid: str | None = None,
    expected_total: int | None = None,
) -> SaleResult:
    """Redeem a family's vouchers for a cart of goods, oldest month first; one commit.

    `expected_total` (the total of the preview the family agreed to) refuses the commit
    with 'sale.total_changed' when prices changed in between (a sync pull, say).
    """
    uid = _normalise_uuid(sale_uuid)
    edc = cart.check_edc(edc_approval, edc_rrn)
    with ctx.db.write() as s:
        existing = _existing(s, uid)  # the first statement takes the writer lock
        if existing is not None:
            return _replay(s, existing, "redemption", family_id)
        moment = ctx.now()  # read under the lock: receipt order is time order
        cashier = _active_cashier(s, cashier_id)
        device = _till(s, ctx.device_id)
        family = _family_for_rules(s, family_id)
        decision = _decide_for(s, _local_date(moment), family, lines, None)
        decision.raise_first()
        _check_expected(decision, expected_total)
        result = _write_sale(
            s,
            device=device,
            sale_uuid=uid,
            kind="redemption",
            cashier=cashier,
            family_id=family.id,
            family_dtks_id=family.dtks_id,
            lines=_priced_rows(decision),
            allocations=_drawn(decision),
            movement_kind="sale",
            edc=edc,
            moment=moment,
        )
    log.info("redemption %s committed (%d lines)", result.receipt_no, len(decision.lines))
    return result


def sell_cash(
    ctx: Context,
    cashier_id: int,
    lines: Sequence[CartLine],
    cash_tendered: int,
    *,
    sale_uuid: str | None = None,
    expected_total: int | None = None,
) -> SaleResult:
    """Sell to the public for cash at the same price list; change is tendered - total.

    `expected_total` as for `redeem`.
    """
    uid = _normalise_uuid(sale_uuid)
    with ctx.db.write() as s:
        existing = _existing(s, uid)  # the first statement takes the writer lock
        if existing is not None:
            return _replay(s, existing, "cash", None)
        moment = ctx.now()
        cashier = _active_cashier(s, cashier_id)
        device = _till(s, ctx.device_id)
        decision = _decide_for(s, _local_date(moment), None, lines, cash_tendered)
        decision.raise_first()
        _check_expected(decision, expected_total)
        result = _write_sale(
            s,
            device=device,
            sale_uuid=uid,
            kind="cash",
            cashier=cashier,
            family_id=None,
            family_dtks_id=None,
            lines=_priced_rows(decision),
            allocations=[],
            movement_kind="sale",
            cash_tendered=cash_tendered,
            change=cart.change_due(decision.total, cash_tendered),
            moment=moment,
        )
    log.info("cash sale %s committed (%d lines)", result.receipt_no, len(decision.lines))
    return result


def _find_sale(s: Session, ref: int | str) -> Sale | None:
    if isinstance(ref, int) and not isinstance(ref, bool):
        return s.get(Sale, ref)
    text = str(ref).strip()
    found = s.scalar(select(Sale).where(Sale.receipt_no == text))
    if found is None:
        found = s.scalar(select(Sale).where(Sale.uuid == text.lower()))
    if found is None and text.isdigit():
        found = s.get(Sale, int(text))
    return found


def void_sale(
    ctx: Context,
    cashier_id: int,
    sale_id: int | str,
    manager_username: str,
    manager_pin: str,
    reason: str,
    *,
    sale_uuid: str | None = None,
) -> SaleResult:
    """Reverse a sale with a manager's PIN and a reason: a new 'void' sale, original kept.

    `sale_id` is the sale's id or its receipt number. A wrong PIN is refused after its
    failure count is committed (so the lockout works), and nothing else is written.
    """
    uid = _normalise_uuid(sale_uuid)
    why = (reason or "").strip()
    if not why:
        raise DomainError("void.reason_required")
    if len(why) > VOID_REASON_LIMIT:
        raise DomainError("void.reason_too_long", limit=VOID_REASON_LIMIT)
    refusal: DomainError | None = None
    result: SaleResult | None = None
    with ctx.db.write() as s:
        original = _find_sale(s, sale_id)
        if original is None:
            raise DomainError("void.not_found", sale=str(sale_id))
        existing = _existing(s, uid)
        if existing is not None:
            return _replay(s, existing, "void", original.family_id, original.id)
        if original.kind == "void":
            raise DomainError("void.is_void", receipt_no=original.receipt_no)
        earlier = s.scalar(select(Sale).where(Sale.voided_sale_id == original.id))
        if earlier is not None:
            raise DomainError(
                "void.already_voided",
                receipt_no=original.receipt_no,
                void_receipt_no=earlier.receipt_no,
            )
        cashier = _active_cashier(s, cashier_id)
        try:
            manager = check_pin(s, manager_username, manager_pin, VOID_ROLES, now=ctx.now())
        except DomainError as exc:
            # Let the block commit the failure count and audit row, then refuse.
            refusal = exc
        if refusal is None:
            device = _till(s, ctx.device_id)
            reversed_lines = [
                _Line(
                    product_id,
                    sku,
                    name,
                    unit,
                    -qty,
                    price,
                    ceiling,
                    -total,
                )
                for product_id, sku, name, unit, qty, price, ceiling, total in s.execute(
                    select(
                        SaleLine.product_id,
                        Product.sku,
                        SaleLine.product_name,
                        SaleLine.unit,
                        SaleLine.qty_milli,
                        SaleLine.unit_price,
                        SaleLine.ceiling,
                        SaleLine.total,
                    )
                    .join(Product, Product.id == SaleLine.product_id)
                    .where(SaleLine.sale_id == original.id)
                    .order_by(SaleLine.line_no)
                )
            ]
            reopened = [
                _Draw(voucher_id, code, period, -amount, None)
                for voucher_id, code, period, amount in s.execute(
                    select(
                        VoucherAllocation.voucher_id,
                        Voucher.code,
                        Voucher.period,
                        VoucherAllocation.amount,
                    )
                    .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
                    .where(VoucherAllocation.sale_id == original.id)
                    .order_by(VoucherAllocation.id)
                )
            ]
            family_dtks_id = (
                s.scalar(select(Family.dtks_id).where(Family.id == original.family_id))
                if original.family_id is not None
                else None
            )
            result = _write_sale(
                s,
                device=device,
                sale_uuid=uid,
                kind="void",
                cashier=cashier,
                family_id=original.family_id,
                family_dtks_id=family_dtks_id,
                lines=reversed_lines,
                allocations=reopened,
                movement_kind="void",
                voided=(original.id, original.uuid, original.receipt_no),
                void_reason=why,
                approver=_Actor(manager.id, manager.username),
                moment=ctx.now(),
            )
    if refusal is not None:
        raise refusal
    assert result is not None
    log.info("void %s committed", result.receipt_no)
    return result


# --- journal payloads (shared with services.verify) ------------------------------------


def sale_payloads(s: Session, sales: Sequence[Sale]) -> dict[int, dict[str, Any]]:
    """The journal payload of each sale, rebuilt from its committed rows (batched).

    The shape is the contract with the central office (docs/journal.md); change it only
    together with the central's parser.
    """
    if not sales:
        return {}
    ids = [sale.id for sale in sales]
    lines: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for line, sku in s.execute(
        select(SaleLine, Product.sku)
        .join(Product, Product.id == SaleLine.product_id)
        .where(SaleLine.sale_id.in_(ids))
        .order_by(SaleLine.sale_id, SaleLine.line_no)
    ):
        lines[line.sale_id].append(
            {
                "sku": sku,
                "name": line.product_name,
                "unit": line.unit,
                "qty_milli": line.qty_milli,
                "unit_price": line.unit_price,
                "ceiling": line.ceiling,
                "total": line.total,
            }
        )
    allocations: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for sale_id, amount, code, period in s.execute(
        select(VoucherAllocation.sale_id, VoucherAllocation.amount, Voucher.code, Voucher.period)
        .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
        .where(VoucherAllocation.sale_id.in_(ids))
        .order_by(VoucherAllocation.sale_id, VoucherAllocation.id)
    ):
        allocations[sale_id].append({"voucher": code, "period": period, "amount": amount})
    account_ids = {sale.cashier_id for sale in sales} | {
        sale.approved_by_id for sale in sales if sale.approved_by_id is not None
    }
    usernames = dict(
        s.execute(select(Account.id, Account.username).where(Account.id.in_(account_ids))).all()
    )
    family_ids = {sale.family_id for sale in sales if sale.family_id is not None}
    dtks = dict(s.execute(select(Family.id, Family.dtks_id).where(Family.id.in_(family_ids))).all())
    voided_ids = {sale.voided_sale_id for sale in sales if sale.voided_sale_id is not None}
    voided = {
        row.id: {"sale": row.uuid, "receipt_no": row.receipt_no}
        for row in s.execute(
            select(Sale.id, Sale.uuid, Sale.receipt_no).where(Sale.id.in_(voided_ids))
        )
    }
    outlets = dict(
        s.execute(
            select(Device.id, Device.outlet_code).where(
                Device.id.in_({sale.device_id for sale in sales})
            )
        ).all()
    )
    payloads = {}
    for sale in sales:
        edc = (
            {"approval": sale.edc_approval, "rrn": sale.edc_rrn}
            if sale.edc_approval is not None or sale.edc_rrn is not None
            else None
        )
        payloads[sale.id] = {
            "sale": sale.uuid,
            "receipt_no": sale.receipt_no,
            "receipt_seq": sale.receipt_seq,
            "kind": sale.kind,
            "outlet": outlets.get(sale.device_id),
            "business_date": sale.business_date.isoformat(),
            "cashier": usernames.get(sale.cashier_id),
            "family": dtks.get(sale.family_id) if sale.family_id is not None else None,
            "lines": lines[sale.id],
            "total": sale.total,
            "allocations": allocations[sale.id],
            "cash_tendered": sale.cash_tendered,
            "change": sale.change_given,
            "edc": edc,
            "voids": voided.get(sale.voided_sale_id) if sale.voided_sale_id else None,
            "reason": sale.void_reason,
            "approved_by": (
                usernames.get(sale.approved_by_id) if sale.approved_by_id is not None else None
            ),
        }
    return payloads


# --- reading sales back ---------------------------------------------------------------


def get_sale(ctx: Context, ref: int | str) -> SaleView:
    """One sale with its lines and allocations, by id, receipt number or uuid."""
    with ctx.db.read() as s:
        sale = _find_sale(s, ref)
        if sale is None:
            raise DomainError("sale.not_found", sale=str(ref))
        device = _local_device(s, sale.device_id)
        cashier = s.get(Account, sale.cashier_id)
        approver = s.get(Account, sale.approved_by_id) if sale.approved_by_id else None
        family = s.get(Family, sale.family_id) if sale.family_id else None
        voids = s.get(Sale, sale.voided_sale_id) if sale.voided_sale_id else None
        voided_by = s.scalar(select(Sale).where(Sale.voided_sale_id == sale.id))
        lines = [
            SaleLineView(
                line.line_no,
                line.product_id,
                sku,
                line.product_name,
                line.unit,
                line.qty_milli,
                line.unit_price,
                line.ceiling,
                line.total,
            )
            for line, sku in s.execute(
                select(SaleLine, Product.sku)
                .join(Product, Product.id == SaleLine.product_id)
                .where(SaleLine.sale_id == sale.id)
                .order_by(SaleLine.line_no)
            )
        ]
        result = _result(s, sale)
        return SaleView(
            id=sale.id,
            uuid=sale.uuid,
            receipt_no=sale.receipt_no,
            receipt_seq=sale.receipt_seq,
            kind=sale.kind,
            created_at=sale.created_at,
            business_date=sale.business_date,
            device_id=sale.device_id,
            device_code=device.code,
            outlet_code=device.outlet_code,
            cashier_id=sale.cashier_id,
            cashier_username=cashier.username if cashier else "",
            cashier_name=cashier.display_name if cashier else "",
            family_id=sale.family_id,
            family_dtks_id=family.dtks_id if family else None,
            family_name=family.name if family else None,
            family_card_last4=family.card_last4 if family else None,
            lines=tuple(lines),
            total=sale.total,
            allocations=result.allocations,
            cash_tendered=sale.cash_tendered,
            change=sale.change_given,
            edc_approval=sale.edc_approval,
            edc_rrn=sale.edc_rrn,
            voids_sale_id=sale.voided_sale_id,
            voids_receipt_no=voids.receipt_no if voids else None,
            void_reason=sale.void_reason,
            approved_by=approver.username if approver else None,
            approved_by_name=approver.display_name if approver else None,
            voided_by_sale_id=voided_by.id if voided_by else None,
            voided_by_receipt_no=voided_by.receipt_no if voided_by else None,
            journal_seq=sale.journal_seq,
            journal_hash=result.journal_hash,
        )


def list_sales(
    ctx: Context,
    *,
    limit: int = 50,
    business_date: dt.date | None = None,
    kind: str | None = None,
    before_id: int | None = None,
) -> list[SaleSummary]:
    """Recent sales, newest first (for the reprint and void screens); page with before_id."""
    with ctx.db.read() as s:
        query = select(Sale).order_by(Sale.id.desc()).limit(max(1, min(limit, 500)))
        if business_date is not None:
            query = query.where(Sale.business_date == business_date)
        if kind is not None:
            query = query.where(Sale.kind == kind)
        if before_id is not None:
            query = query.where(Sale.id < before_id)
        sales = s.scalars(query).all()
        if not sales:
            return []
        ids = [sale.id for sale in sales]
        names = dict(
            s.execute(
                select(Family.id, Family.name).where(
                    Family.id.in_({x.family_id for x in sales if x.family_id})
                )
            ).all()
        )
        usernames = dict(
            s.execute(
                select(Account.id, Account.username).where(
                    Account.id.in_({x.cashier_id for x in sales})
                )
            ).all()
        )
        voided_by = dict(
            s.execute(
                select(Sale.voided_sale_id, Sale.receipt_no).where(Sale.voided_sale_id.in_(ids))
            ).all()
        )
        voids = dict(
            s.execute(
                select(Sale.id, Sale.receipt_no).where(
                    Sale.id.in_({x.voided_sale_id for x in sales if x.voided_sale_id})
                )
            ).all()
        )
        return [
            SaleSummary(
                id=x.id,
                receipt_no=x.receipt_no,
                kind=x.kind,
                created_at=x.created_at,
                business_date=x.business_date,
                total=x.total,
                family_name=names.get(x.family_id) if x.family_id else None,
                cashier_username=usernames.get(x.cashier_id, ""),
                voids_receipt_no=voids.get(x.voided_sale_id) if x.voided_sale_id else None,
                voided_by_receipt_no=voided_by.get(x.id),
            )
            for x in sales
        ]
