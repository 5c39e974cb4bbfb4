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
        accounts = tuple(service("accounts").list_accounts(ctx, include_inactive=False))
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
    accounts = list(service("accounts").list_accounts(ctx, include_inactive=False))
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


# --- counter ----------------------------------------------------------------------------


def render(code: str, lang: str, **params: Any) -> str:
    from ewarong_pos.core.messages import render as render_message

    return render_message(code, lang, **params) if code else ""


def product_list(ctx: Context) -> list[Any]:
    """The price list with stock: services.catalog.product_list, or the UI's own query."""
    if has_service("catalog") and hasattr(service("catalog"), "product_list"):
        return list(service("catalog").product_list(ctx))
    from ewarong_pos.services.ui_queries import product_rows

    return list(product_rows(ctx))


def find_families(ctx: Context, actor_id: int, query: str, limit: int) -> list[Any]:
    return list(service("families").find_families(ctx, actor_id, query, limit=limit))


@dataclass(frozen=True)
class FamilyPanelData:
    info: Any  # families.FamilyInfo
    entitlement: Any  # sales.Entitlement


def family_panel(ctx: Context, actor_id: int, family_id: int) -> FamilyPanelData:
    info = service("families").get_family(ctx, actor_id, family_id)
    return FamilyPanelData(info, service("sales").entitlement(ctx, family_id))


def check_cart(
    ctx: Context, family_id: int | None, lines: list[Any], cash_tendered: int | None = None
) -> Any:
    return service("sales").check_cart(ctx, family_id, lines, cash_tendered)


def redeem(ctx: Context, cashier_id: int, family_id: int, lines: list[Any], sale_uuid: str) -> Any:
    return service("sales").redeem(ctx, cashier_id, family_id, lines, sale_uuid=sale_uuid)


def sell_cash(
    ctx: Context, cashier_id: int, lines: list[Any], cash_tendered: int, sale_uuid: str
) -> Any:
    return service("sales").sell_cash(ctx, cashier_id, lines, cash_tendered, sale_uuid=sale_uuid)


def list_sales(ctx: Context, business_date: Any = None, limit: int = 200) -> list[Any]:
    return list(service("sales").list_sales(ctx, limit=limit, business_date=business_date))


def get_sale(ctx: Context, ref: int | str) -> Any:
    return service("sales").get_sale(ctx, ref)


def void_sale(
    ctx: Context, cashier_id: int, sale_id: int, manager: str, pin: str, reason: str
) -> Any:
    return service("sales").void_sale(ctx, cashier_id, sale_id, manager, pin, reason)


def managers(ctx: Context) -> list[Any]:
    accounts = service("accounts").list_accounts(ctx, include_inactive=False)
    return [a for a in accounts if a.role in ("manager", "supervisor")]


# --- printing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintReport:
    receipt_no: str
    printed: bool
    pending: int
    error_code: str | None
    error_params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str) -> str:
        return render(self.error_code or "", lang, **dict(self.error_params))


def queue_receipt(ctx: Context, sale_id: int, copy: bool) -> Any:
    """Put the receipt in the print queue (database worker; the sale is already committed)."""
    return service("printing").queue_receipt(ctx, sale_id, copy=copy)


def print_queue(ctx: Context, make_printer: Any, receipt_no: str) -> PrintReport:
    """Send waiting receipts to the printer (I/O pool); a failure leaves them queued."""
    from ewarong_pos.core.errors import DomainError

    printing = service("printing")
    try:
        printer = make_printer() if make_printer is not None else None
    except DomainError as exc:
        pending = len(printing.pending_jobs(ctx))
        return PrintReport(receipt_no, False, pending, exc.code, tuple(exc.params.items()))
    if printer is None:
        return PrintReport(
            receipt_no, False, len(printing.pending_jobs(ctx)), "printer.not_configured"
        )
    outcome = printing.print_pending(ctx, printer)
    return PrintReport(
        receipt_no, outcome.ok, outcome.pending, outcome.error, tuple(outcome.error_params)
    )


def receipt_text(ctx: Context, sale_id: int, lang: str) -> str:
    return str(service("printing").receipt_text(ctx, sale_id, lang))
