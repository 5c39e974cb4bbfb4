"""The committing use cases: redemption, cash sale and void, each ONE write transaction.

See the package docstring for what a commit writes and why it trusts no preview.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core import cart
from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.engine import dbapi
from ewarong_pos.db.models import (
    Family,
    Product,
    Sale,
    SaleLine,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.queries import voucher_remaining
from ewarong_pos.protocol.payloads import SaleLine as SoldLine
from ewarong_pos.services.accounts import check_pin
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales.payload import JOURNAL_KINDS, Actor, Draw, Line, Till, sale_payload
from ewarong_pos.services.sales.readback import find_sale, result_of
from ewarong_pos.services.sales.snapshots import decide_for, family_for_rules
from ewarong_pos.services.sales.views import AllocationView, CartLine, SaleResult
from ewarong_pos.services.settings import RECEIPT_SEQ_FLOOR

log = logging.getLogger(__name__)

VOID_REASON_LIMIT = 200
VOID_ROLES = ("manager",)


def _normalise_uuid(sale_uuid: str | None) -> str:
    if sale_uuid is None:
        return str(uuidlib.uuid4())
    try:
        return str(uuidlib.UUID(str(sale_uuid)))
    except ValueError:
        raise DomainError("sale.bad_uuid", value=str(sale_uuid)[:40]) from None


def _local_date(moment: dt.datetime) -> dt.date:
    """The outlet's business date (WIB) of a moment, as `Context.business_date` gives it."""
    return moment.astimezone(WIB).date()


# What every commit reads first, under the writer lock, in ONE statement: the till, the
# cashier, the device's last journal entry (the chain) and its clock mark (the clock
# check), its last receipt number and the restore's floor, and the business day (the
# day the manager opened, and whether the day a fact lands on is closed:
# `services.business_day`'s rule, written out here; tests/services/test_sales_state.py
# holds the two equal).
_STATE = """
SELECT d.code, d.outlet_code, a.username, a.active, j.seq, j.hash, j.at, d.clock_high_at,
    d.clock_high_seq,
    (SELECT max(receipt_seq) FROM sale WHERE device_id = :device),
    (SELECT value FROM setting WHERE key = :floor_key),
    (SELECT max(business_date) FROM day_open WHERE device_id = :device),
    EXISTS (SELECT 1 FROM day_close WHERE device_id = :device AND business_date = max(
        :calendar,
        coalesce((SELECT max(business_date) FROM day_open WHERE device_id = :device), :calendar)
    ))
FROM (SELECT 1) AS one
LEFT JOIN device AS d ON d.id = :device
LEFT JOIN account AS a ON a.id = :cashier
LEFT JOIN (
    SELECT seq, hash, at FROM journal WHERE device_id = :device ORDER BY seq DESC LIMIT 1
) AS j ON 1
"""
_SALE_BY_UUID = "SELECT id FROM sale WHERE uuid = ?"
_INSERT_SALE = (
    "INSERT INTO sale (uuid, device_id, receipt_seq, receipt_no, kind, created_at, "
    "business_date, cashier_id, family_id, total, cash_tendered, change_given, edc_approval, "
    "edc_rrn, voided_sale_id, void_reason, approved_by_id, journal_seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO sale_line (sale_id, line_no, product_id, product_name, unit, qty_milli, "
    "unit_price, ceiling, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MOVEMENT = (
    "INSERT INTO stock_movement (product_id, qty_milli, kind, sale_id, document_id, "
    "unit_cost, counted_milli, created_at) VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?)"
)
_INSERT_ALLOCATION = "INSERT INTO voucher_allocation (sale_id, voucher_id, amount) VALUES (?, ?, ?)"
_INSERT_BALANCES = "INSERT INTO sale_balance (sale_id, balances) VALUES (?, ?)"
# `db.queries.open_balances` written out (the same rule as core.cart's voucher block).
_OPEN_BALANCES = (
    "SELECT v.period, v.amount - v.redeemed_elsewhere - "
    "(SELECT coalesce(sum(a.amount), 0) FROM voucher_allocation AS a "
    "WHERE a.voucher_id = v.id) "
    "FROM voucher AS v WHERE v.family_id = ? AND v.status = 'open' AND v.valid_from <= ? "
    "AND v.valid_until >= ? ORDER BY v.period"
)


@dataclass(frozen=True)
class _State:
    """What a commit reads under the writer lock before its rules (see `_STATE`)."""

    till: Till | None  # None: no such device
    cashier: Actor | None  # None: unknown or inactive
    last: journal.Last | None  # the device's last journal entry
    receipt_seq: int  # the next receipt's sequence (gap-free under the lock)
    business_date: dt.date  # the open business day a fact made now lands on
    closed: bool  # that day is closed


def _state(raw: Any, device_id: str, cashier_id: int, moment: dt.datetime) -> _State:
    """The commit's state in one statement (call it inside the write transaction)."""
    calendar = _local_date(moment)
    (code, outlet_code, username, active, seq, hash_, at, high_at, high_seq, max_receipt,
     floor_text, opened, closed) = raw.execute(
        _STATE,
        {"device": device_id, "cashier": cashier_id, "floor_key": RECEIPT_SEQ_FLOOR.key,
         "calendar": calendar.isoformat()},
    ).fetchone()  # fmt: skip
    try:
        floor = int(floor_text) if floor_text is not None else 0
    except ValueError:
        floor = 0
    day = max(calendar, dt.date.fromisoformat(opened)) if opened is not None else calendar
    return _State(
        till=Till(device_id, code, outlet_code) if code is not None else None,
        cashier=Actor(cashier_id, username) if active else None,
        last=journal.Last(seq, hash_, at, high_at, high_seq) if seq is not None else None,
        receipt_seq=max(int(max_receipt or 0), floor) + 1,
        business_date=day,
        closed=bool(closed),
    )


def _till(state: _State, device_id: str) -> Till:
    if state.till is None:
        raise LookupError(f"device {device_id} not found")
    return state.till


def _active_cashier(state: _State, cashier_id: int) -> Actor:
    if state.cashier is None:
        raise DomainError("sale.unknown_cashier", cashier=cashier_id)
    return state.cashier


def receipt_number(device_code: str, seq: int) -> str:
    """`K1-0000123`: the device's short code and its receipt sequence."""
    return f"{device_code}-{seq:07d}"


def _existing(s: Session, sale_uuid: str) -> Sale | None:
    # Only the id first: a new uuid (the usual case) needs no ORM object.
    row = dbapi(s).execute(_SALE_BY_UUID, (sale_uuid,)).fetchone()
    return s.get(Sale, row[0]) if row is not None else None


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
    return result_of(s, sale, replayed=True)


def _write_sale(
    s: Session,
    *,
    state: _State,
    device: Till,
    sale_uuid: str,
    kind: str,
    cashier: Actor,
    family_id: int | None,
    family_dtks_id: str | None,
    lines: Sequence[Line],
    allocations: Sequence[Draw],
    movement_kind: str,
    cash_tendered: int | None = None,
    change: int | None = None,
    edc: tuple[str | None, str | None] = (None, None),
    voided: tuple[int, str, str] | None = None,
    void_reason: str | None = None,
    approver: Actor | None = None,
    moment: dt.datetime,
) -> SaleResult:
    """Insert the journal entry, the sale, its lines, stock movements and allocations.

    Stock moves by minus each line's quantity (a void's negative lines put stock back).
    The payload and the result are built from the values in hand: nothing just written is
    read back. `voided` is the original's (id, uuid, receipt_no) for a void. `state` was
    read in this transaction (`_state`) at `moment`. Plain SQL on the transaction's
    DB-API connection: one statement per table (executemany for the lines, movements and
    allocations), no ORM object.
    """
    now = iso(moment)
    # The open business day; a closed one refuses the sale ('day.closed'), nothing written.
    business_date = state.business_date
    if state.closed:
        raise DomainError(
            "day.closed",
            date=business_date.isoformat(),
            next=(business_date + dt.timedelta(1)).isoformat(),
        )
    receipt_seq = state.receipt_seq
    receipt_no = receipt_number(device.code, receipt_seq)
    total = sum(line.sold.total for line in lines)
    payload = sale_payload(
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
    raw = dbapi(s)  # the session's own transaction
    # The entry first: the sale row then carries its sequence number from the start.
    entry = journal.append_after(raw, state.last, device.id, JOURNAL_KINDS[kind], payload, now)
    day = business_date.isoformat()
    sale_id = raw.execute(
        _INSERT_SALE,
        (sale_uuid, device.id, receipt_seq, receipt_no, kind, now, day, cashier.id, family_id,
         total, cash_tendered, change, edc[0], edc[1],
         voided[0] if voided is not None else None, void_reason,
         approver.id if approver is not None else None, entry.seq),
    ).lastrowid  # fmt: skip
    raw.executemany(
        _INSERT_LINE,
        [
            (sale_id, number, line.product_id, line.sold.name, line.sold.unit,
             line.sold.qty_milli, line.sold.unit_price, line.sold.ceiling, line.sold.total)
            for number, line in enumerate(lines, start=1)
        ],
    )  # fmt: skip
    raw.executemany(
        _INSERT_MOVEMENT,
        [(line.product_id, -line.sold.qty_milli, movement_kind, sale_id, now) for line in lines],
    )
    if allocations:
        raw.executemany(
            _INSERT_ALLOCATION, [(sale_id, a.voucher_id, a.amount) for a in allocations]
        )
    if family_id is not None:  # what the receipt says is left, kept for its copies
        left = [
            (period, int(remaining))
            for period, remaining in raw.execute(_OPEN_BALANCES, (family_id, day, day))
            if int(remaining) > 0
        ]
        raw.execute(_INSERT_BALANCES, (sale_id, json.dumps(left, separators=(",", ":"))))
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


def _priced_rows(decision: cart.CartDecision) -> list[Line]:
    return [
        Line(
            line.product.id,
            SoldLine(
                line.product.sku,
                line.product.name,
                line.product.unit,
                line.qty_milli,
                line.unit_price,
                line.ceiling,
                line.total,
            ),
        )
        for line in decision.lines
    ]


def _drawn(decision: cart.CartDecision) -> list[Draw]:
    return [
        Draw(d.voucher.id, d.voucher.code, d.voucher.period, d.amount, d.remaining_after)
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
    device_id = ctx.device_id
    with ctx.db.write() as s:
        existing = _existing(s, uid)  # the first statement takes the writer lock
        if existing is not None:
            return _replay(s, existing, "redemption", family_id)
        moment = ctx.now()  # read under the lock: receipt order is time order
        state = _state(dbapi(s), device_id, cashier_id, moment)
        # before any rule that reads the date: a clock moved back is named as such
        journal.refuse_clock_back(state.last, iso(moment))
        cashier = _active_cashier(state, cashier_id)
        device = _till(state, device_id)
        family = family_for_rules(s, family_id)
        decision = decide_for(s, _local_date(moment), family, lines, None)
        decision.raise_first()
        _check_expected(decision, expected_total)
        result = _write_sale(
            s,
            state=state,
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
    device_id = ctx.device_id
    with ctx.db.write() as s:
        existing = _existing(s, uid)  # the first statement takes the writer lock
        if existing is not None:
            return _replay(s, existing, "cash", None)
        moment = ctx.now()
        state = _state(dbapi(s), device_id, cashier_id, moment)
        journal.refuse_clock_back(state.last, iso(moment))
        cashier = _active_cashier(state, cashier_id)
        device = _till(state, device_id)
        decision = decide_for(s, _local_date(moment), None, lines, cash_tendered)
        decision.raise_first()
        _check_expected(decision, expected_total)
        result = _write_sale(
            s,
            state=state,
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
        original = find_sale(s, sale_id)
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
        moment = ctx.now()
        state = _state(dbapi(s), ctx.device_id, cashier_id, moment)
        cashier = _active_cashier(state, cashier_id)
        try:
            manager = check_pin(s, manager_username, manager_pin, VOID_ROLES, now=ctx.now())
        except DomainError as exc:
            # Let the block commit the failure count and audit row, then refuse.
            refusal = exc
        if refusal is None:
            device = _till(state, ctx.device_id)
            reversed_lines = [
                Line(product_id, SoldLine(sku, name, unit, -qty, price, ceiling, -total))
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
                Draw(voucher_id, code, period, -amount, None)
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
                state=state,
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
                approver=Actor(manager.id, manager.username),
                moment=moment,
            )
    if refusal is not None:
        raise refusal
    assert result is not None
    log.info("void %s committed", result.receipt_no)
    return result


# --- journal payloads (shared with services.verify) ------------------------------------
