"""The business day: which day a new fact lands on, the lock on a closed day, and the
manager's opening of the next day.

Facts land on the calendar date (WIB) unless the manager opened a later day after closing
the one before (`open_next_day`, a `day.open` journal entry). Nothing may land on a closed
day: `day_for_new_fact` is what the sales engine and the shift service call, inside their
write transaction, before they write anything.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import WIB
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.models import Account, DayClose, DayOpen
from ewarong_pos.protocol.payloads import DAY_OPEN_KIND, DayOpenPayload
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

MANAGER_ROLES = ("manager", "supervisor")
OPEN_KIND = DAY_OPEN_KIND


def open_business_day(s: Session, device_id: str, calendar: dt.date) -> dt.date:
    """The business day facts of this device land on: the calendar date (WIB), or a later
    day the manager opened after closing the one before (`open_next_day`)."""
    opened = s.scalar(select(func.max(DayOpen.business_date)).where(DayOpen.device_id == device_id))
    return max(calendar, opened) if opened is not None else calendar


def closed_row(s: Session, device_id: str, day: dt.date) -> DayClose | None:
    return s.scalar(
        select(DayClose).where(DayClose.device_id == device_id, DayClose.business_date == day)
    )


def _is_closed(s: Session, device_id: str, day: dt.date) -> bool:
    return (
        s.scalar(
            select(DayClose.id).where(
                DayClose.device_id == device_id, DayClose.business_date == day
            )
        )
        is not None
    )


def day_for_new_fact(s: Session, device_id: str, moment: dt.datetime) -> dt.date:
    """The open business day a sale, a void or a shift made at `moment` belongs to.

    Refuses with 'day.closed' when that day is closed: nothing may land on a closed day.
    What the cashier should do is in the message: the manager opens the next business day
    (the next calendar day needs no opening, it is the default once the date moves on).
    """
    day = open_business_day(s, device_id, moment.astimezone(WIB).date())
    if _is_closed(s, device_id, day):
        raise DomainError(
            "day.closed", date=day.isoformat(), next=(day + dt.timedelta(1)).isoformat()
        )
    return day


@dataclass(frozen=True)
class BusinessDay:
    day: dt.date
    closed: bool
    calendar: dt.date


def business_day(ctx: Context) -> BusinessDay:
    """Where this device stands: the open business day and whether it is closed."""
    calendar = ctx.business_date()
    with ctx.db.read() as s:
        day = open_business_day(s, ctx.device_id, calendar)
        return BusinessDay(day, _is_closed(s, ctx.device_id, day), calendar)


def open_next_day(ctx: Context, actor_id: int) -> BusinessDay:
    """The manager opens the business day after the closed one, before the calendar gets
    there (a `day.open` journal entry). Refusals: 'auth.not_allowed' (not a manager),
    'day.still_open' (the current business day is not closed: nothing to open),
    'day.open_too_far' (more than one day ahead of the calendar)."""
    now = ctx.now_iso()
    calendar = ctx.business_date()
    with ctx.db.write() as s:
        actor = s.get(Account, actor_id)
        if actor is None or not actor.active:
            raise DomainError("auth.actor_unknown", actor_id=actor_id)
        if actor.role not in MANAGER_ROLES:
            raise DomainError(
                "auth.not_allowed", username=actor.username, roles=", ".join(MANAGER_ROLES)
            )
        device_id = ctx.device_id
        current = open_business_day(s, device_id, calendar)
        if not _is_closed(s, device_id, current):
            raise DomainError("day.still_open", date=current.isoformat())
        following = current + dt.timedelta(days=1)
        if following > calendar + dt.timedelta(days=1):
            raise DomainError("day.open_too_far", date=following.isoformat())
        entry = journal.append(
            s,
            device_id,
            OPEN_KIND,
            day_open_payload(following, actor.username),
            now,
        )
        s.add(
            DayOpen(
                device_id=device_id,
                business_date=following,
                opened_at=now,
                opened_by_id=actor.id,
                journal_seq=entry.seq,
            )
        )
    log.info("business day %s opened by %s", following, actor.username)
    return BusinessDay(following, False, calendar)


def day_open_payload(day: dt.date, actor: str | None) -> dict[str, Any]:
    """The `day.open` journal payload (`protocol.payloads.DayOpenPayload`)."""
    return DayOpenPayload(day.isoformat(), actor).to_json()
