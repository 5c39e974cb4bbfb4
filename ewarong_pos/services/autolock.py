"""Auto-lock of the till after inactivity: the setting and a Qt-free idle tracker.

The UI feeds `IdleLock.touch()` from an application-wide event filter (keys, mouse,
scanner input) and asks `IdleLock.expired()` from a one-second timer; when it says so, it
shows the lock screen and the cashier logs in again with the PIN. Families' data stays
off the screen while nobody is at the counter.
"""

from __future__ import annotations

import datetime as dt

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Setting
from ewarong_pos.services.accounts import audit
from ewarong_pos.services.context import Clock, Context

SETTING_AUTOLOCK = "security.autolock_minutes"
DEFAULT_MINUTES = 5
MAX_MINUTES = 120


def autolock_minutes(ctx: Context) -> int:
    """Minutes of inactivity before the till locks (0 = never)."""
    with ctx.db.read() as s:
        row = s.get(Setting, SETTING_AUTOLOCK)
        return int(row.value) if row is not None else DEFAULT_MINUTES


def set_autolock_minutes(ctx: Context, actor_id: int | None, minutes: int) -> int:
    """Change the auto-lock delay; audit-logged (a manager's setting)."""
    if not 0 <= minutes <= MAX_MINUTES:
        raise DomainError("settings.bad_value", name=SETTING_AUTOLOCK, value=minutes)
    with ctx.db.write() as s:
        row = s.get(Setting, SETTING_AUTOLOCK)
        old = int(row.value) if row is not None else DEFAULT_MINUTES
        if row is None:
            s.add(Setting(key=SETTING_AUTOLOCK, value=str(minutes)))
        else:
            row.value = str(minutes)
        if old != minutes:
            audit(
                s,
                ctx.now_iso(),
                "settings.change",
                account_id=actor_id,
                detail={SETTING_AUTOLOCK: minutes, "was": old},
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
