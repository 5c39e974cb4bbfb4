"""The status bar's sync state, "sync now", the disputed entries, enrollment.

`services.sync` loads httpx and pydantic: it is imported inside the job functions, on
the worker thread, never when a screen module is imported (tests/ui/test_ops.py checks
that the window starts without those libraries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ewarong_pos.core.dates import parse_iso
from ewarong_pos.services import training
from ewarong_pos.services.context import Context
from ewarong_pos.ui.ops.jobs import EVERYTHING, Change, DbJob, IoJob

if TYPE_CHECKING:
    from ewarong_pos.services.sync import DisputeRow, EnrollInfo


@dataclass(frozen=True)
class SyncState:
    state: str  # not_enrolled | never | offline | syncing | synced | error | training
    minutes_ago: int | None
    waiting: int
    disputed: int
    last_error: str = ""
    central_url: str = ""
    insecure: bool = False  # plain http:// to another PC, allowed by a person

    @property
    def enrolled(self) -> bool:
        return self.state not in ("not_enrolled", "training")


def _minutes_ago(ctx: Context, at: str | None) -> int | None:
    if not at:
        return None
    moment: dt.datetime = parse_iso(at)
    return max(0, int((ctx.now() - moment).total_seconds() // 60))


def _sync_state(ctx: Context) -> SyncState:
    from ewarong_pos.services import sync

    if training.is_training(ctx):  # the practice outlet never syncs
        return SyncState(state="training", minutes_ago=None, waiting=0, disputed=0)
    st = sync.sync_status(ctx)
    return SyncState(
        state=st.state,
        minutes_ago=_minutes_ago(ctx, st.last_success_at),
        waiting=int(st.waiting),
        disputed=int(st.disputed),
        last_error=st.last_error,
        central_url=st.central_url,
        insecure=st.insecure,
    )


def sync_state(ctx: Context) -> DbJob[SyncState]:
    """The status bar's figures from services.sync.sync_status."""
    return DbJob("sync.status", partial(_sync_state, ctx))


def _disputes(ctx: Context) -> list[DisputeRow]:
    from ewarong_pos.services import sync

    return sync.disputes(ctx)


def disputes(ctx: Context) -> DbJob[list[DisputeRow]]:
    return DbJob("sync.disputes", partial(_disputes, ctx))


# A round pulls accounts, products, families and vouchers, and moves the upload position.
SYNCED = frozenset({Change.SYNC, Change.JOURNAL, Change.ACCOUNTS, Change.CATALOG, Change.FAMILIES})


def sync_now(run: Callable[[], object]) -> IoJob[object]:
    """One push-and-pull round through the app's adapter (`AppParts.sync_now`)."""
    return IoJob("sync.now", run, SYNCED)


def _enroll(ctx: Context, url: str, code: str) -> EnrollInfo:
    from ewarong_pos.services import sync

    info = sync.enroll(ctx, url, code)
    ctx.forget_device()
    return info


def enroll(ctx: Context, url: str, code: str) -> DbJob[EnrollInfo]:
    """Enroll with the central office. A database job although it waits on HTTP: it
    rewrites the device's identity and the families' lookup hashes, and no sale can be
    in flight on a till that is being enrolled."""
    return DbJob("settings.enroll", partial(_enroll, ctx, url, code), EVERYTHING)
