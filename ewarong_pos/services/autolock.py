"""Auto-lock of the till after inactivity: the setting and a Qt-free idle tracker.

The UI feeds `IdleLock.touch()` from an application-wide event filter (keys, mouse,
scanner input) and asks `IdleLock.expired()` from a one-second timer; when it says so, it
shows the lock screen and the cashier logs in again with the PIN. Families' data stays
off the screen while nobody is at the counter.
"""

from __future__ import annotations

import datetime as dt

from ewarong_pos.core.errors import DomainError
from ewarong_pos.services.accounts import audit
from ewarong_pos.services.context import Clock, Context
from ewarong_pos.services.settings import AUTOLOCK_MINUTES

MAX_MINUTES = 120


def autolock_minutes(ctx: Context) -> int:
    """Minutes of inactivity before the till locks (0 = never)."""
    return AUTOLOCK_MINUTES.read(ctx)


def set_autolock_minutes(ctx: Context, actor_id: int | None, minutes: int) -> int:
    """Change the auto-lock delay; audit-logged (a manager's setting)."""
    if not 0 <= minutes <= MAX_MINUTES:
        raise DomainError("settings.bad_value", name=AUTOLOCK_MINUTES.key, value=minutes)
    with ctx.db.write() as s:
        old = AUTOLOCK_MINUTES.get(s)
        AUTOLOCK_MINUTES.put(s, minutes)
        if old != minutes:
            audit(
                s,
                ctx.now_iso(),
                "settings.change",
                account_id=actor_id,
                detail={AUTOLOCK_MINUTES.key: minutes, "was": old},
            )
    return minutes


class IdleLock:
    """Tracks the last input; `expired()` is true once `minutes` passed without any."""

    def __init__(self, minutes: int, clock: Clock) -> None:
        self.minutes = minutes
        self._clock = clock
        self._last = clock()

    def touch(self) -> None:
        self._last = self._clock()

    def expired(self) -> bool:
        if self.minutes <= 0:
            return False
        return self._clock() - self._last >= dt.timedelta(minutes=self.minutes)

    def seconds_left(self) -> int:
        if self.minutes <= 0:
            return -1
        left = dt.timedelta(minutes=self.minutes) - (self._clock() - self._last)
        return max(0, int(left.total_seconds()))
