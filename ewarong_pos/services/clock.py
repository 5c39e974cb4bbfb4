"""A clock that only moves forward, and the manager's one way past it (issue 17, point 5).

`db.journal.append` refuses a fact dated more than `CLOCK_TOLERANCE_SECONDS` before the
device's last entry (`clock.backwards`). Most of the time that is a PC clock moved back
(a dead CMOS battery, someone changing the date) and the cure is to set the clock right.

But when the clock had been *ahead* (a wrong time zone is 7 hours, a mistyped date a day
or a year) and has since been set right, the last entries carry the wrong, later times and
every new fact is "before" them until real time catches up: hours to a year of a
counter that cannot sell. Setting the clock wrong again would be a lie. So a manager, with
their PIN and a written reason, records a `clock.corrected` journal entry at the true time:
the one entry allowed to go back. Later facts are compared with it, `journal verify`
accepts the step back at it (and reports any other), the office sees it in the journal
(and the clock offset it notes at sync tells a PC that is still wrong).

Never into a closed business day: the correction is refused when the business day the
corrected clock gives is on or before a day already closed (`clock.correction_closed_day`),
so no fact can land in or before a day whose report is final, and a PC whose clock fell
back to an old date (the battery case) cannot be waved through either.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from ewarong_pos.core.dates import WIB, parse_iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.models import DayClose
from ewarong_pos.services.accounts import audit, verify_approval
from ewarong_pos.services.business_day import MANAGER_ROLES, open_business_day
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

CORRECTED_KIND = "clock.corrected"
MAX_REASON = 200


@dataclass(frozen=True)
class ClockBehind:
    """The PC clock now, and the entry with the latest time it is behind (ISO UTC)."""

    now: str
    last_at: str
    last_seq: int


@dataclass(frozen=True)
class ClockCorrection:
    seq: int
    last_at: str
    corrected_at: str
    business_date: dt.date
    approved_by: str


def clock_behind(ctx: Context) -> ClockBehind | None:
    """Whether the PC clock is behind this device's clock mark (the latest time in its
    journal since the last correction) beyond the tolerance: a commit would be refused."""
    now = ctx.now_iso()
    with ctx.db.read() as s:
        mark = journal.behind_mark(journal.last_entry(s, ctx.device_id), now)
    return ClockBehind(now, *mark) if mark is not None else None


def correct_clock(ctx: Context, manager: str, pin: str, reason: str) -> ClockCorrection:
    """The manager confirms that the PC clock is now right although the last entry is
    later (the clock had been ahead): a `clock.corrected` entry at the PC's time.

    Refusals (nothing written): 'clock.reason_required'; the PIN checks of
    `verify_approval` (a manager or supervisor); 'clock.not_behind' (nothing to correct);
    'clock.correction_closed_day' (the corrected time falls on or before a closed day).
    """
    reason = " ".join(reason.split())[:MAX_REASON]
    if not reason:
        raise DomainError("clock.reason_required")
    approver = verify_approval(ctx, manager, pin, MANAGER_ROLES)
    now = ctx.now()
    at = ctx.now_iso()
    device_id = ctx.device_id
    with ctx.db.write() as s:
        mark = journal.behind_mark(journal.last_entry(s, device_id), at)
        if mark is None:
            raise DomainError("clock.not_behind", now=_wib(at))
        mark_at, mark_seq = mark
        day = open_business_day(s, device_id, now.astimezone(WIB).date())
        closed = s.scalar(
            select(func.max(DayClose.business_date)).where(DayClose.device_id == device_id)
        )
        if closed is not None and day <= closed:
            raise DomainError(
                "clock.correction_closed_day", day=day.isoformat(), closed=closed.isoformat()
            )
        payload = {
            "last_seq": mark_seq,  # the entry whose later time is corrected
            "last_at": mark_at,
            "corrected_at": at,
            "business_date": day.isoformat(),
            "reason": reason,
            "approved_by": approver.username,
        }
        entry = journal.append(s, device_id, CORRECTED_KIND, payload, at, allow_clock_back=True)
        seq = entry.seq
        audit(s, at, "clock.correct", account_id=approver.id, detail=payload)
    log.warning(
        "clock correction approved by %s: journal #%d at %s, after #%d at %s",
        approver.username, seq, at, mark_seq, mark_at,
    )  # fmt: skip
    return ClockCorrection(seq, mark_at, at, day, approver.username)


def _wib(at: str) -> str:
    return parse_iso(at).astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")
