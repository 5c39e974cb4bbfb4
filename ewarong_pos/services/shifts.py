"""Shifts at the drawer: open with a counted float, hand over with a count, close with a
count against what the books expect, the over/short recorded with its reason.

One drawer per device, so at most one shift is open on a device. Which sales belong to a
shift is read from the journal order: the cash sales and voids whose entries come after
the shift's `shift.open` entry (and before its `shift.close`). That needs no column on the
sale, and the office can tell the same from the uploaded journal alone.

expected = float + cash sales + cash voids (a void's total is negative: the money went
back out of the drawer); over/short = counted - expected. A difference needs a reason;
one whose size is above the `shift.over_short_limit` setting (rupiah) needs a manager's
PIN. Each opening and each closing is a journal entry (`shift.open`, `shift.close`), in
the same transaction as its row; a hand-over is a close and an open in one commit, the
new float being the count just made.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid as uuidlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ewarong_pos.core import cash
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import canonical
from ewarong_pos.db import journal
from ewarong_pos.db.models import Account, Sale, Shift, ShiftClose
from ewarong_pos.db.queries import usernames
from ewarong_pos.protocol.payloads import (
    SHIFT_CLOSE_KIND,
    SHIFT_OPEN_KIND,
    ShiftClosePayload,
    ShiftOpenPayload,
)
from ewarong_pos.services import training
from ewarong_pos.services.accounts import check_pin
from ewarong_pos.services.business_day import MANAGER_ROLES, day_for_new_fact
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import SHIFT_OVER_SHORT_LIMIT

if TYPE_CHECKING:
    # the report's layout and renderers load when a report is made (a closed shift, on
    # a worker), not with the module: the window imports this module at start-up
    from ewarong_pos.printing.shift_report import ShiftReport

log = logging.getLogger(__name__)

OPEN_KIND = SHIFT_OPEN_KIND
CLOSE_KIND = SHIFT_CLOSE_KIND


@dataclass(frozen=True)
class ShiftView:
    shift_id: int
    uuid: str
    business_date: dt.date
    cashier: str  # username
    cashier_name: str
    opened_at: str
    float_counts: dict[str, int]
    float_total: int
    journal_seq: int


@dataclass(frozen=True)
class ShiftStanding:
    """An open shift and what its drawer should hold now."""

    shift: ShiftView
    cash_sales: int
    cash_voids: int  # negative or zero
    expected: int
    limit: int  # the over/short above which the manager's PIN is needed


@dataclass(frozen=True)
class ShiftCloseView:
    shift: ShiftView
    closed_at: str
    counted_by: str
    counts: dict[str, int]
    counted_total: int
    cash_sales: int
    cash_voids: int
    expected: int
    over_short: int
    reason: str
    approved_by: str | None
    handover_to: str | None
    journal_seq: int


# --- journal payloads (the commit and the verifier build them the same way) -----------


def open_payload(
    shift_uuid: str,
    business_date: dt.date,
    cashier: str | None,
    counts: Mapping[str, int],
    float_total: int,
    from_shift: str | None,
) -> dict[str, Any]:
    """The `shift.open` payload (`protocol.payloads.ShiftOpenPayload`)."""
    return ShiftOpenPayload(
        shift_uuid, business_date.isoformat(), cashier, counts, float_total, from_shift
    ).to_json()


def close_payload(
    shift_uuid: str,
    business_date: dt.date,
    cashier: str | None,
    counted_by: str | None,
    counts: Mapping[str, int],
    figures: Mapping[str, int],
    reason: str,
    approved_by: str | None,
    handover_to: str | None,
) -> dict[str, Any]:
    """The `shift.close` payload (`protocol.payloads.ShiftClosePayload`)."""
    return ShiftClosePayload(
        shift=shift_uuid,
        business_date=business_date.isoformat(),
        cashier=cashier,
        counted_by=counted_by,
        counts=counts,
        counted_total=figures["counted_total"],
        float_total=figures["float_total"],
        cash_sales=figures["cash_sales"],
        cash_voids=figures["cash_voids"],
        expected=figures["expected"],
        over_short=figures["over_short"],
        reason=reason,
        approved_by=approved_by,
        handover_to=handover_to,
    ).to_json()


def _counts(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def shift_open_payloads(s: Session, shifts: Sequence[Shift]) -> dict[int, dict[str, Any]]:
    """Each shift's `shift.open` payload rebuilt from its row (services.verify)."""
    names = usernames(s, {x.cashier_id for x in shifts})
    origins: dict[int, str] = {}
    from_ids = {x.from_shift_id for x in shifts if x.from_shift_id is not None}
    if from_ids:
        origins = dict(s.execute(select(Shift.id, Shift.uuid).where(Shift.id.in_(from_ids))).all())
    return {
        x.id: open_payload(
            x.uuid,
            x.business_date,
            names.get(x.cashier_id),
            _counts(x.float_counts),
            x.float_total,
            origins.get(x.from_shift_id) if x.from_shift_id is not None else None,
        )
        for x in shifts
    }


def shift_close_payloads(s: Session, closes: Sequence[ShiftClose]) -> dict[int, dict[str, Any]]:
    """Each closing's `shift.close` payload rebuilt from its rows (services.verify)."""
    shifts = {
        x.id: x for x in s.scalars(select(Shift).where(Shift.id.in_({c.shift_id for c in closes})))
    }
    names = usernames(
        s,
        {c.counted_by_id for c in closes}
        | {c.approved_by_id for c in closes}
        | {c.handover_to_id for c in closes}
        | {x.cashier_id for x in shifts.values()},
    )
    result = {}
    for c in closes:
        shift = shifts.get(c.shift_id)
        result[c.id] = close_payload(
            shift.uuid if shift else "",
            shift.business_date if shift else dt.date.min,
            names.get(shift.cashier_id) if shift else None,
            names.get(c.counted_by_id),
            _counts(c.counts),
            {
                "counted_total": c.counted_total,
                "float_total": shift.float_total if shift else 0,
                "cash_sales": c.cash_sales,
                "cash_voids": c.cash_voids,
                "expected": c.expected,
                "over_short": c.over_short,
            },
            c.reason,
            names.get(c.approved_by_id) if c.approved_by_id is not None else None,
            names.get(c.handover_to_id) if c.handover_to_id is not None else None,
        )
    return result


# --- reading --------------------------------------------------------------------------


def _view(s: Session, shift: Shift) -> ShiftView:
    cashier = s.get(Account, shift.cashier_id)
    return ShiftView(
        shift_id=shift.id,
        uuid=shift.uuid,
        business_date=shift.business_date,
        cashier=cashier.username if cashier else "",
        cashier_name=cashier.display_name if cashier else "",
        opened_at=shift.opened_at,
        float_counts=dict(_counts(shift.float_counts)),
        float_total=shift.float_total,
        journal_seq=shift.journal_seq,
    )


def _open_shift(s: Session, device_id: str) -> Shift | None:
    return s.scalar(
        select(Shift)
        .outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
        .where(Shift.device_id == device_id, ShiftClose.id.is_(None))
        .order_by(Shift.id.desc())
        .limit(1)
    )


def cash_moves(
    s: Session, device_id: str, after_seq: int, before_seq: int | None = None
) -> tuple[int, int]:
    """(cash sales, cash voids) of the device's journal entries in (after, before)."""
    original = aliased(Sale)
    in_range = [Sale.device_id == device_id, Sale.journal_seq > after_seq]
    if before_seq is not None:
        in_range.append(Sale.journal_seq < before_seq)
    sales = s.scalar(
        select(func.coalesce(func.sum(Sale.total), 0)).where(*in_range, Sale.kind == "cash")
    )
    voids = s.scalar(
        select(func.coalesce(func.sum(Sale.total), 0))
        .join(original, original.id == Sale.voided_sale_id)
        .where(*in_range, Sale.kind == "void", original.kind == "cash")
    )
    return int(sales or 0), int(voids or 0)


def _limit(s: Session) -> int:
    return max(SHIFT_OVER_SHORT_LIMIT.get(s), 0)


def _standing(s: Session, device_id: str, shift: Shift) -> ShiftStanding:
    sales, voids = cash_moves(s, device_id, shift.journal_seq)
    return ShiftStanding(
        _view(s, shift), sales, voids, shift.float_total + sales + voids, _limit(s)
    )


def current_shift(ctx: Context) -> ShiftStanding | None:
    """The device's open shift and what its drawer should hold now, or None."""
    with ctx.db.read() as s:
        shift = _open_shift(s, ctx.device_id)
        return _standing(s, ctx.device_id, shift) if shift is not None else None


def _close_view(s: Session, close: ShiftClose) -> ShiftCloseView:
    shift = s.get(Shift, close.shift_id)
    assert shift is not None
    names = usernames(s, {close.counted_by_id, close.approved_by_id, close.handover_to_id})
    return ShiftCloseView(
        shift=_view(s, shift),
        closed_at=close.closed_at,
        counted_by=names.get(close.counted_by_id, ""),
        counts=dict(_counts(close.counts)),
        counted_total=close.counted_total,
        cash_sales=close.cash_sales,
        cash_voids=close.cash_voids,
        expected=close.expected,
        over_short=close.over_short,
        reason=close.reason,
        approved_by=names.get(close.approved_by_id) if close.approved_by_id else None,
        handover_to=names.get(close.handover_to_id) if close.handover_to_id else None,
        journal_seq=close.journal_seq,
    )


def get_shift_close(ctx: Context, shift_id: int) -> ShiftCloseView:
    """A closed shift's figures (the shift report); 'shift.not_closed' while it is open."""
    with ctx.db.read() as s:
        close = s.scalar(select(ShiftClose).where(ShiftClose.shift_id == shift_id))
        if close is None:
            raise DomainError("shift.not_closed", shift=shift_id)
        return _close_view(s, close)


def shifts_of_day(
    s: Session, device_id: str, day: dt.date
) -> list[tuple[Shift, ShiftClose | None]]:
    """The device's shifts opened on a business day, in order, with their closing."""
    return [
        (shift, close)
        for shift, close in s.execute(
            select(Shift, ShiftClose)
            .outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
            .where(Shift.device_id == device_id, Shift.business_date == day)
            .order_by(Shift.journal_seq)
        ).all()
    ]


def shift_ranges(s: Session, device_id: str) -> list[tuple[int, float]]:
    """Each shift of the device as the journal seqs it spans: (its opening, its closing
    or infinity while open). A sale whose entry falls inside one was made in that shift."""
    return [
        (opened, float(closed) if closed is not None else float("inf"))
        for opened, closed in s.execute(
            select(Shift.journal_seq, ShiftClose.journal_seq)
            .outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
            .where(Shift.device_id == device_id)
        ).all()
    ]


def open_shifts_until(s: Session, device_id: str, day: dt.date) -> int:
    """How many shifts opened on or before `day` are still open (a day close refuses)."""
    return int(
        s.scalar(
            select(func.count())
            .select_from(Shift)
            .outerjoin(ShiftClose, ShiftClose.shift_id == Shift.id)
            .where(
                Shift.device_id == device_id,
                Shift.business_date <= day,
                ShiftClose.id.is_(None),
            )
        )
        or 0
    )


# --- writing --------------------------------------------------------------------------


def _account(s: Session, account_id: int) -> Account:
    account = s.get(Account, account_id)
    if account is None or not account.active:
        raise DomainError("auth.actor_unknown", actor_id=account_id)
    return account


def _new_shift(
    s: Session,
    device_id: str,
    day: dt.date,
    cashier: Account,
    counts: dict[str, int],
    now: str,
    from_shift: Shift | None,
    shift_uuid: str,
) -> Shift:
    total = cash.count_total(counts)
    entry = journal.append(
        s,
        device_id,
        OPEN_KIND,
        open_payload(
            shift_uuid,
            day,
            cashier.username,
            counts,
            total,
            from_shift.uuid if from_shift is not None else None,
        ),
        now,
    )
    shift = Shift(
        uuid=shift_uuid,
        device_id=device_id,
        business_date=day,
        cashier_id=cashier.id,
        opened_at=now,
        float_counts=canonical(counts),
        float_total=total,
        from_shift_id=from_shift.id if from_shift is not None else None,
        journal_seq=entry.seq,
    )
    s.add(shift)
    s.flush()
    return shift


def open_shift(
    ctx: Context, cashier_id: int, counts: Mapping[str, object], *, shift_uuid: str | None = None
) -> ShiftView:
    """Open a shift on this device with the float counted by denomination.

    Refusals: 'shift.already_open' (hand the drawer over instead), 'day.closed', a bad
    count ('cash.*'). The shift belongs to the open business day.
    """
    counted = cash.normalise_count(counts)
    with ctx.db.write() as s:
        device_id = ctx.device_id
        moment = ctx.now()
        cashier = _account(s, cashier_id)
        earlier = _open_shift(s, device_id)
        if earlier is not None:
            holder = s.get(Account, earlier.cashier_id)
            raise DomainError("shift.already_open", cashier=holder.display_name if holder else "")
        day = day_for_new_fact(s, device_id, moment)
        shift = _new_shift(
            s,
            device_id,
            day,
            cashier,
            counted,
            ctx.now_iso(),
            None,
            shift_uuid or str(uuidlib.uuid4()),
        )
        view = _view(s, shift)
    log.info("shift opened by %s, float %d", view.cashier, view.float_total)
    return view


def _close(
    ctx: Context,
    s: Session,
    actor: Account,
    counted: dict[str, int],
    reason: str | None,
    manager: tuple[str, str] | None,
    handover_to: Account | None,
) -> tuple[Shift, ShiftClose] | DomainError:
    """Close the open shift inside `s`; a refused manager PIN is returned, not raised, so
    the caller can let the failure count commit (the lockout) and then raise it."""
    device_id = ctx.device_id
    shift = _open_shift(s, device_id)
    if shift is None:
        raise DomainError("shift.none_open")
    sales, voids = cash_moves(s, device_id, shift.journal_seq)
    expected = shift.float_total + sales + voids
    total = cash.count_total(counted)
    difference = cash.over_short(total, expected)
    why = cash.check_reason(reason, difference)
    limit = _limit(s)
    approver: Account | None = None
    if abs(difference) > limit:
        if manager is None or not manager[0]:
            raise DomainError("shift.manager_required", difference=difference, limit=limit)
        try:
            approver = check_pin(s, manager[0], manager[1], MANAGER_ROLES, now=ctx.now())
        except DomainError as exc:
            return exc
    now = ctx.now_iso()
    cashier = s.get(Account, shift.cashier_id)
    figures = {
        "counted_total": total,
        "float_total": shift.float_total,
        "cash_sales": sales,
        "cash_voids": voids,
        "expected": expected,
        "over_short": difference,
    }
    entry = journal.append(
        s,
        device_id,
        CLOSE_KIND,
        close_payload(
            shift.uuid,
            shift.business_date,
            cashier.username if cashier else None,
            actor.username,
            counted,
            figures,
            why,
            approver.username if approver is not None else None,
            handover_to.username if handover_to is not None else None,
        ),
        now,
    )
    close = ShiftClose(
        shift_id=shift.id,
        closed_at=now,
        counted_by_id=actor.id,
        counts=canonical(counted),
        counted_total=total,
        cash_sales=sales,
        cash_voids=voids,
        expected=expected,
        over_short=difference,
        reason=why,
        approved_by_id=approver.id if approver is not None else None,
        handover_to_id=handover_to.id if handover_to is not None else None,
        journal_seq=entry.seq,
    )
    s.add(close)
    s.flush()
    return shift, close


def close_shift(
    ctx: Context,
    actor_id: int,
    counts: Mapping[str, object],
    reason: str | None = None,
    *,
    manager_username: str | None = None,
    manager_pin: str | None = None,
) -> ShiftCloseView:
    """Close the open shift with the drawer counted by denomination.

    Refusals: 'shift.none_open', a bad count, 'shift.reason_required' (a difference
    without a reason), 'shift.manager_required' (a difference above the limit without a
    manager's approval), the PIN check's own refusals (the failure is kept).
    """
    counted = cash.normalise_count(counts)
    refusal: DomainError | None = None
    view: ShiftCloseView | None = None
    with ctx.db.write() as s:
        actor = _account(s, actor_id)
        manager = (manager_username or "", manager_pin or "") if manager_username else None
        outcome = _close(ctx, s, actor, counted, reason, manager, None)
        if isinstance(outcome, DomainError):
            refusal = outcome
        else:
            view = _close_view(s, outcome[1])
    if refusal is not None:
        raise refusal
    assert view is not None
    log.info(
        "shift of %s closed: expected %d, counted %d, over/short %d",
        view.shift.cashier,
        view.expected,
        view.counted_total,
        view.over_short,
    )
    return view


def hand_over(
    ctx: Context,
    actor_id: int,
    to_cashier_id: int,
    counts: Mapping[str, object],
    reason: str | None = None,
    *,
    manager_username: str | None = None,
    manager_pin: str | None = None,
    shift_uuid: str | None = None,
) -> tuple[ShiftCloseView, ShiftView]:
    """A change of cashier: the drawer counted once closes the open shift and is the new
    shift's float, in one commit. Refusals as `close_shift`, plus 'shift.same_cashier'
    and 'day.closed' (a closed day takes no new shift: close the shift instead)."""
    counted = cash.normalise_count(counts)
    refusal: DomainError | None = None
    result: tuple[ShiftCloseView, ShiftView] | None = None
    with ctx.db.write() as s:
        actor = _account(s, actor_id)
        incoming = _account(s, to_cashier_id)
        device_id = ctx.device_id
        current = _open_shift(s, device_id)
        if current is None:
            raise DomainError("shift.none_open")
        if current.cashier_id == incoming.id:
            raise DomainError("shift.same_cashier", cashier=incoming.display_name)
        day = day_for_new_fact(s, device_id, ctx.now())
        manager = (manager_username or "", manager_pin or "") if manager_username else None
        outcome = _close(ctx, s, actor, counted, reason, manager, incoming)
        if isinstance(outcome, DomainError):
            refusal = outcome
        else:
            old, close = outcome
            new = _new_shift(
                s,
                device_id,
                day,
                incoming,
                counted,
                ctx.now_iso(),
                old,
                shift_uuid or str(uuidlib.uuid4()),
            )
            result = (_close_view(s, close), _view(s, new))
    if refusal is not None:
        raise refusal
    assert result is not None
    log.info(
        "drawer handed over from %s to %s: over/short %d",
        result[0].shift.cashier,
        result[1].cashier,
        result[0].over_short,
    )
    return result


# --- the shift report (58/80 mm ESC/POS and PDF) ---------------------------------------


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def shift_report(ctx: Context, shift_id: int | None = None) -> ShiftReport:
    """A closed shift's report; default: this device's last closed shift."""
    from ewarong_pos.db.models import Device, Outlet
    from ewarong_pos.printing.shift_report import ShiftReport

    with ctx.db.read() as s:
        if shift_id is None:
            shift_id = s.scalar(
                select(Shift.id)
                .join(ShiftClose, ShiftClose.shift_id == Shift.id)
                .where(Shift.device_id == ctx.device_id)
                .order_by(ShiftClose.journal_seq.desc())
                .limit(1)
            )
            if shift_id is None:
                raise DomainError("shift.none_closed")
        close = s.scalar(select(ShiftClose).where(ShiftClose.shift_id == shift_id))
        if close is None:
            raise DomainError("shift.not_closed", shift=shift_id)
        view = _close_view(s, close)
        outlet = s.execute(select(Outlet.name, Outlet.code)).first()
        device_code = s.scalar(
            select(Device.code)
            .join(Shift, Shift.device_id == Device.id)
            .where(Shift.id == shift_id)
        )
    return ShiftReport(
        outlet_name=outlet.name if outlet else "",
        outlet_code=outlet.code if outlet else "",
        device_code=device_code or "",
        business_date=view.shift.business_date,
        cashier=view.shift.cashier_name or view.shift.cashier,
        opened_at=_utc(view.shift.opened_at),
        closed_at=_utc(view.closed_at),
        float_counts=view.shift.float_counts,
        counts=view.counts,
        float_total=view.shift.float_total,
        cash_sales=view.cash_sales,
        cash_voids=view.cash_voids,
        expected=view.expected,
        counted=view.counted_total,
        over_short=view.over_short,
        reason=view.reason,
        counted_by=view.counted_by,
        approved_by=view.approved_by or "",
        handover_to=view.handover_to or "",
        journal_seq=view.journal_seq,
        training=training.is_training(ctx),
    )


def print_shift_report(ctx: Context, shift_id: int | None = None) -> ShiftReport:
    """Send the shift report to the configured receipt printer (or its PDF folder)."""
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.printers import PrinterError
    from ewarong_pos.printing.shift_report import render_shift_escpos, render_shift_pdf
    from ewarong_pos.services import printing

    report = shift_report(ctx, shift_id)
    settings = printing.printer_settings(ctx)
    labels = Labels.for_lang(settings.lang)
    if settings.kind == "pdf":
        data = render_shift_pdf(report, labels, settings.paper_mm)
    else:
        data = render_shift_escpos(report, labels, settings.spec)
    printer = printing.printer_from_settings(settings)
    try:
        printer.send(data)
    except PrinterError as exc:
        raise DomainError(exc.code, **exc.params) from None
    return report
