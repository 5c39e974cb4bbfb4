"""Shifts at the drawer and the business day, as jobs for the shift dialogs (issue 15)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ewarong_pos.services import accounts, business_day, clock, shifts
from ewarong_pos.services.context import Context
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob

if TYPE_CHECKING:
    from ewarong_pos.printing.shift_report import ShiftReport
    from ewarong_pos.services.day import DaySummary

_CHANGES = frozenset({Change.JOURNAL, Change.DAY})


def current_shift(ctx: Context) -> DbJob[shifts.ShiftStanding | None]:
    return DbJob("shifts.current", partial(shifts.current_shift, ctx))


def open_shift(ctx: Context, cashier_id: int, counts: dict[str, int]) -> DbJob[shifts.ShiftView]:
    return DbJob("shifts.open", partial(shifts.open_shift, ctx, cashier_id, counts), _CHANGES)


def close_shift(
    ctx: Context,
    actor_id: int,
    counts: dict[str, int],
    reason: str,
    manager: tuple[str, str] | None,
) -> DbJob[shifts.ShiftCloseView]:
    user, pin = manager or (None, None)
    return DbJob(
        "shifts.close",
        partial(
            shifts.close_shift,
            ctx,
            actor_id,
            counts,
            reason,
            manager_username=user,
            manager_pin=pin,
        ),
        _CHANGES,
    )


def hand_over(
    ctx: Context,
    actor_id: int,
    counts: dict[str, int],
    reason: str,
    manager: tuple[str, str] | None,
) -> DbJob[tuple[shifts.ShiftCloseView, shifts.ShiftView]]:
    user, pin = manager or (None, None)
    return DbJob(
        "shifts.hand_over",
        partial(
            shifts.hand_over,
            ctx,
            actor_id,
            actor_id,
            counts,
            reason,
            manager_username=user,
            manager_pin=pin,
        ),
        _CHANGES,
    )


def _day_figures(ctx: Context) -> DaySummary:
    # the day close's service loads on the worker when first asked: the window builds
    # the shift guard (these jobs) at start-up, and only the close needs the day's figures
    from ewarong_pos.services import day

    return day.day_summary(ctx, None)


def day_figures(ctx: Context) -> DbJob[DaySummary]:
    """The open business day's figures, for the close confirmation."""
    return DbJob("shifts.day_figures", partial(_day_figures, ctx))


def open_next_day(ctx: Context, actor_id: int) -> DbJob[business_day.BusinessDay]:
    return DbJob(
        "shifts.open_next_day", partial(business_day.open_next_day, ctx, actor_id), _CHANGES
    )


def print_shift_report(ctx: Context, shift_id: int) -> IoJob[ShiftReport]:
    """The closed shift's report to the receipt printer (ESC/POS, or its PDF folder)."""
    return IoJob("shifts.print_report", partial(shifts.print_shift_report, ctx, shift_id))


def approvers(ctx: Context) -> DbJob[list[tuple[str, str]]]:
    """(username, display name) of the active managers and supervisors, for the approval."""

    def _approvers() -> list[tuple[str, str]]:
        return [
            (a.username, a.display_name)
            for a in accounts.list_accounts(ctx, include_inactive=False)
            if a.role in business_day.MANAGER_ROLES
        ]

    return DbJob("shifts.approvers", _approvers)


def clock_state(ctx: Context) -> DbJob[tuple[clock.ClockBehind | None, list[tuple[str, str]]]]:
    """Whether the PC clock is behind the last entry, and who may approve a correction."""

    def _state() -> tuple[clock.ClockBehind | None, list[tuple[str, str]]]:
        return clock.clock_behind(ctx), approvers(ctx).fn()

    return DbJob("shifts.clock_state", _state)


def correct_clock(
    ctx: Context, manager: str, pin: str, reason: str
) -> DbJob[clock.ClockCorrection]:
    return DbJob(
        "shifts.correct_clock", partial(clock.correct_clock, ctx, manager, pin, reason), _CHANGES
    )


def shift_state(
    ctx: Context,
) -> DbJob[tuple[shifts.ShiftStanding | None, business_day.BusinessDay]]:
    """The open shift (or None) and the business day: what a login asks for."""
    return DbJob(
        "shifts.state",
        lambda: (shifts.current_shift(ctx), business_day.business_day(ctx)),
    )
