"""The background callables the views queue on the task runner.

Each takes the Context (never a widget) and plain values, calls the services, and
returns frozen dataclasses. Service modules that land later are imported where used so
the window still opens when one is missing from a build.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import Overview, overview

log = logging.getLogger(__name__)


def service(name: str) -> Any:
    """`ewarong_pos.services.<name>`, imported on first use (on a worker thread)."""
    return importlib.import_module(f"ewarong_pos.services.{name}")


def has_service(name: str) -> bool:
    try:
        service(name)
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class LoginScreen:
    outlet_name: str
    accounts: tuple[Any, ...]
    demo_pins: tuple[tuple[str, str], ...]


def login_screen(ctx: Context, demo: bool) -> LoginScreen:
    """Accounts to choose from, and (in a demo outlet only) the PINs to try."""
    ov = overview(ctx)
    accounts: tuple[Any, ...] = ()
    if has_service("accounts"):
        accounts = tuple(a for a in service("accounts").list_accounts(ctx))
    pins: tuple[tuple[str, str], ...] = ()
    if demo and has_service("demo"):
        found = getattr(service("demo"), "demo_pins", None)
        if callable(found):
            pins = tuple(found(ctx))
    return LoginScreen(ov.outlet.name, accounts, pins)


def authenticate(ctx: Context, username: str, pin: str) -> Any:
    return service("accounts").authenticate(ctx, username, pin)


def outlet_overview(ctx: Context) -> Overview:
    return overview(ctx)


# --- sync -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncState:
    enrolled: bool
    offline: bool
    minutes_ago: int | None
    waiting: int
    disputed: int
    disputes: tuple[Any, ...] = ()


def sync_state(ctx: Context) -> SyncState:
    """From services.sync.sync_status when it exists, else from the journal and sync_state."""
    if has_service("sync") and hasattr(service("sync"), "sync_status"):
        st = service("sync").sync_status(ctx)
        return SyncState(
            enrolled=bool(getattr(st, "enrolled", False)),
            offline=bool(getattr(st, "offline", False)),
            minutes_ago=_minutes_ago(ctx, getattr(st, "last_success_at", None)),
            waiting=int(getattr(st, "waiting", 0) or 0),
            disputed=int(getattr(st, "disputed", 0) or 0),
            disputes=tuple(getattr(st, "disputes", ()) or ()),
        )
    from sqlalchemy import func, select

    from ewarong_pos.db.models import Device, JournalEntry, SyncDispute
    from ewarong_pos.db.models import SyncState as SyncRow

    with ctx.db.read() as s:
        device = s.get(Device, ctx.device_id)
        row = s.get(SyncRow, ctx.device_id)
        last_seq = s.scalar(
            select(func.max(JournalEntry.seq)).where(JournalEntry.device_id == ctx.device_id)
        )
        disputed = s.scalar(select(func.count()).select_from(SyncDispute)) or 0
        acked = row.acked_seq if row else 0
        return SyncState(
            enrolled=bool(device and device.enrolled_at),
            offline=bool(row and row.last_error),
            minutes_ago=_minutes_ago(ctx, row.last_success_at if row else None),
            waiting=max(0, int(last_seq or 0) - acked),
            disputed=int(disputed),
        )


def _minutes_ago(ctx: Context, at: Any) -> int | None:
    if not at:
        return None
    from ewarong_pos.core.dates import parse_iso

    moment = parse_iso(at) if isinstance(at, str) else at
    return max(0, int((ctx.now() - moment).total_seconds() // 60))


def sync_now(ctx: Context, make_client: Any) -> Any:
    sync = service("sync")
    client = make_client()
    return sync.sync_now(ctx, client) if client is not None else sync.sync_now(ctx)


# --- smoke test -------------------------------------------------------------------------


def smoke_account(ctx: Context) -> Any:
    """The first cashier (or any account) to show the logged-in window; None if none."""
    if not has_service("accounts"):
        return None
    accounts = list(service("accounts").list_accounts(ctx))
    cashiers = [a for a in accounts if a.role == "cashier"]
    return (cashiers or accounts or [None])[0]


def smoke_receipt(ctx: Context, out_dir: Any) -> list[str]:
    """Render one receipt to ESC/POS bytes and to PDF, when printing is installed."""
    if not has_service("printing"):
        return ["receipt rendering skipped: services.printing is not installed yet"]
    smoke = getattr(service("printing"), "smoke_receipt", None)
    if smoke is None:
        return ["receipt rendering skipped: services.printing has no smoke_receipt yet"]
    return list(smoke(ctx, out_dir))
