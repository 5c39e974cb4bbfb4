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


def autolock_minutes(ctx: Context) -> int:
    if not has_service("autolock"):
        return 0
    return int(service("autolock").autolock_minutes(ctx))


# --- sync -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncState:
    state: str  # not_enrolled | never | offline | syncing | synced | error
    minutes_ago: int | None
    waiting: int
    disputed: int
    last_error: str = ""
    central_url: str = ""

    @property
    def enrolled(self) -> bool:
        return self.state != "not_enrolled"


def sync_state(ctx: Context) -> SyncState:
    """The status bar's figures from services.sync.sync_status."""
    st = service("sync").sync_status(ctx)
    return SyncState(
        state=st.state,
        minutes_ago=_minutes_ago(ctx, st.last_success_at),
        waiting=int(st.waiting),
        disputed=int(st.disputed),
        last_error=st.last_error,
        central_url=st.central_url,
    )


@dataclass(frozen=True)
class DisputeRow:
    seq: int
    reason: str
    detail: str
    received_at: str


def disputes(ctx: Context) -> list[DisputeRow]:
    """Journal entries the central office refused or marked disputed, newest first."""
    from sqlalchemy import select

    from ewarong_pos.db.models import SyncDispute

    with ctx.db.read() as s:
        rows = s.scalars(select(SyncDispute).order_by(SyncDispute.id.desc()).limit(200)).all()
        return [DisputeRow(r.seq, r.reason, r.detail, r.received_at) for r in rows]


def _minutes_ago(ctx: Context, at: Any) -> int | None:
    if not at:
        return None
    from ewarong_pos.core.dates import parse_iso

    moment = parse_iso(at) if isinstance(at, str) else at
    return max(0, int((ctx.now() - moment).total_seconds() // 60))


def sync_now(ctx: Context) -> Any:
    """Push then pull once (I/O pool); DomainError 'sync.offline' etc. on failure."""
    return service("sync").sync_now(ctx)


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


# --- settings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsData:
    outlet: Any  # outlet.OutletInfo
    printer: Any  # printing.PrinterSettings or None
    central_url: str
    enrolled: bool
    autolock_minutes: int


def settings_data(ctx: Context) -> SettingsData:
    from ewarong_pos.services.outlet import outlet_info

    ov = overview(ctx)
    printer = service("printing").printer_settings(ctx) if has_service("printing") else None
    url = ""
    if has_service("sync"):
        url = service("sync").sync_status(ctx).central_url
    minutes = service("autolock").autolock_minutes(ctx) if has_service("autolock") else 0
    return SettingsData(outlet_info(ctx), printer, url, ov.enrolled, minutes)


def _printer_settings(kind: str, uri: str, paper_mm: int, lang: str) -> Any:
    return service("printing").PrinterSettings(kind=kind, uri=uri, paper_mm=paper_mm, lang=lang)


def save_printer(ctx: Context, kind: str, uri: str, paper_mm: int, lang: str) -> Any:
    printing = service("printing")
    return printing.save_printer_settings(ctx, _printer_settings(kind, uri, paper_mm, lang))


def test_print(ctx: Context, kind: str, uri: str, paper_mm: int, lang: str) -> None:
    printing = service("printing")
    settings = _printer_settings(kind, uri, paper_mm, lang)
    printer = printing.printer_from_settings(settings)
    printing.test_page(printer, settings, printing.outlet_name(ctx))


def enroll(ctx: Context, url: str, code: str) -> Any:
    info = service("sync").enroll(ctx, url, code)
    ctx.forget_device()
    return info


def save_general(ctx: Context, actor_id: int | None, lang: str, autolock_minutes: int) -> None:
    from ewarong_pos.services.ui_queries import set_settings

    set_settings(ctx, {"ui.language": lang})
    if has_service("autolock"):
        service("autolock").set_autolock_minutes(ctx, actor_id, autolock_minutes)


# --- stock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockScreen:
    levels: tuple[Any, ...]  # stock.StockLevel
    fractional: dict[int, bool]  # product id -> sold by weight


def stock_levels(ctx: Context) -> StockScreen:
    levels = tuple(service("stock").stock_levels(ctx))
    fractional = {p.id: bool(p.fractional) for p in product_list(ctx)}
    return StockScreen(levels, fractional)


@dataclass(frozen=True)
class StockRequest:
    kind: str  # delivery | adjustment | count
    actor_id: int
    lines: tuple[tuple[int, int, int | None], ...]  # product_id, qty_milli, unit_cost
    supplier: str = ""
    document_no: str = ""
    reason: str = ""
    note: str = ""
    doc_uuid: str | None = None


def save_stock_document(ctx: Context, req: StockRequest) -> Any:
    stock = service("stock")
    if req.kind == "delivery":
        lines = [stock.DeliveryLine(pid, qty, cost or 0) for pid, qty, cost in req.lines]
        return stock.receive_delivery(
            ctx, req.actor_id, req.supplier, req.document_no, lines, note=req.note,
            doc_uuid=req.doc_uuid,
        )  # fmt: skip
    if req.kind == "adjustment":
        adj = [stock.AdjustmentLine(pid, qty) for pid, qty, _ in req.lines]
        return stock.adjust_stock(
            ctx, req.actor_id, req.reason, adj, note=req.note, doc_uuid=req.doc_uuid
        )
    counted = [stock.CountLine(pid, qty) for pid, qty, _ in req.lines]
    return stock.count_stock(ctx, req.actor_id, counted, note=req.note, doc_uuid=req.doc_uuid)
