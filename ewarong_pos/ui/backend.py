"""The background callables the views queue on the task runner.

Each takes the Context (never a widget) and plain values, calls the services, and
returns frozen dataclasses. Service modules that land later are imported where used so
the window still opens when one is missing from a build.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import Overview, overview

log = logging.getLogger(__name__)


def service(name: str) -> Any:
    """`ewarong_pos.services.<name>`, imported on first use (on a worker thread)."""
    return importlib.import_module(f"ewarong_pos.services.{name}")


_INSTALLED: dict[str, bool] = {}


def has_service(name: str) -> bool:
    """Whether `ewarong_pos.services.<name>` is in this build, without importing it.

    The views ask this on the GUI thread, so it only looks the module up (a file check,
    remembered): importing a service (printing, sync: hundreds of milliseconds) happens
    in `service()` on a worker thread, where the work that needs it runs.
    """
    found = _INSTALLED.get(name)
    if found is None:
        module = f"ewarong_pos.services.{name}"
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        _INSTALLED[name] = found
    return found


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
    if demo:
        import json

        from ewarong_pos.services.settings import get_setting

        stored = get_setting(ctx, "demo.pins")
        if stored:
            pins = tuple((str(name), str(pin)) for name, pin in json.loads(stored))
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
    """Render the newest sale's receipt to ESC/POS bytes and to PDF (files in out_dir)."""
    from pathlib import Path

    from sqlalchemy import select

    from ewarong_pos.db.models import Sale
    from ewarong_pos.printing.escpos import PaperSpec, render_receipt
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.pdf_receipt import render_receipt_pdf

    with ctx.db.read() as s:
        sale_id = s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1))
    if sale_id is None:
        raise RuntimeError("the demo outlet has no sale to print a receipt of")
    receipt = service("printing").receipt_for(ctx, int(sale_id))
    labels = Labels.for_lang("id")
    escpos = render_receipt(receipt, labels, PaperSpec(58, "", "a", 0))
    pdf = render_receipt_pdf(receipt, labels, 58)
    if not escpos.startswith(b"\x1b@") or not pdf.startswith(b"%PDF"):
        raise RuntimeError("the receipt did not render as ESC/POS and PDF")
    folder = Path(out_dir)
    (folder / "smoke-receipt.escpos").write_bytes(escpos)
    (folder / "smoke-receipt.pdf").write_bytes(pdf)
    return [
        f"receipt {receipt.receipt_no} rendered to ESC/POS ({len(escpos)} bytes)",
        f"receipt {receipt.receipt_no} rendered to PDF ({len(pdf)} bytes)",
    ]


# --- counter ----------------------------------------------------------------------------


def render(code: str, lang: str, **params: Any) -> str:
    from ewarong_pos.core.messages import render as render_message

    return render_message(code, lang, **params) if code else ""


def product_list(ctx: Context) -> list[Any]:
    """The price list with stock on hand (services.catalog.product_list)."""
    return list(service("catalog").product_list(ctx))


def find_families(ctx: Context, actor_id: int, query: str, limit: int) -> list[Any]:
    return list(service("families").find_families(ctx, actor_id, query, limit=limit))


@dataclass(frozen=True)
class FamilyPanelData:
    info: Any  # families.FamilyInfo
    entitlement: Any  # sales.Entitlement


def family_panel(ctx: Context, actor_id: int, family_id: int) -> FamilyPanelData:
    info = service("families").get_family(ctx, actor_id, family_id)
    return FamilyPanelData(info, service("sales").entitlement(ctx, family_id))


def cart_lines(lines: list[Any]) -> list[Any]:
    """The cart's (product id, qty_milli) pairs as `sales.CartLine`s (on the worker)."""
    cart_line = service("sales").CartLine
    return [cart_line(*line) if isinstance(line, tuple) else line for line in lines]


def check_cart(
    ctx: Context, family_id: int | None, lines: list[Any], cash_tendered: int | None = None
) -> Any:
    return service("sales").check_cart(ctx, family_id, cart_lines(lines), cash_tendered)


def redeem(
    ctx: Context,
    cashier_id: int,
    family_id: int,
    lines: list[Any],
    sale_uuid: str,
    edc_approval: str | None = None,
    edc_rrn: str | None = None,
    expected_total: int | None = None,
) -> Any:
    """Commit; `expected_total` is the previewed total the family agreed to (a price
    changed by a sync in between refuses the sale instead of charging another amount)."""
    return service("sales").redeem(
        ctx, cashier_id, family_id, cart_lines(lines), sale_uuid=sale_uuid,
        edc_approval=edc_approval, edc_rrn=edc_rrn, expected_total=expected_total,
    )  # fmt: skip


def sell_cash(
    ctx: Context,
    cashier_id: int,
    lines: list[Any],
    cash_tendered: int,
    sale_uuid: str,
    expected_total: int | None = None,
) -> Any:
    return service("sales").sell_cash(
        ctx,
        cashier_id,
        cart_lines(lines),
        cash_tendered,
        sale_uuid=sale_uuid,
        expected_total=expected_total,
    )


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


@dataclass(frozen=True)
class Committed:
    """A committed sale and its receipt's place in the print queue.

    `job` is None when printing is not in this build or queueing failed (`queue_error`,
    a message code, with `queue_params`): the sale stays committed either way.
    """

    sale: Any  # sales.SaleResult
    job: Any | None  # printing.PrintJobInfo
    queue_error: str | None = None
    queue_params: tuple[tuple[str, Any], ...] = ()

    def queue_message(self, lang: str) -> str:
        return render(self.queue_error or "", lang, **dict(self.queue_params))


def commit_and_queue(
    ctx: Context, commit: Callable[..., Any], *args: Any, **kwargs: Any
) -> Committed:
    """Run a committing use case, then queue its receipt, in one database job.

    One trip to the database worker instead of two (commit, back to the GUI thread,
    queue): the use case's transaction has committed when it returns, and the print job
    is written after it in its own transaction, so a print can never precede the sale
    nor roll it back.
    """
    from ewarong_pos.core.errors import DomainError

    result = commit(ctx, *args, **kwargs)
    if not has_service("printing"):
        return Committed(result, None)
    try:
        job = queue_receipt(ctx, result.sale_id, copy=False)
    except DomainError as exc:
        log.warning("receipt of sale %s not queued: %s", result.sale_id, exc.code)
        return Committed(result, None, exc.code, tuple(exc.params.items()))
    except Exception as exc:  # the sale is committed: report the queue's failure, keep the sale
        log.exception("receipt of sale %s not queued", result.sale_id)
        return Committed(result, None, "printer.failed", (("detail", type(exc).__name__),))
    return Committed(result, job)


def redeem_and_queue(ctx: Context, *args: Any, **kwargs: Any) -> Committed:
    """`redeem`, then its receipt queued (see `commit_and_queue`)."""
    return commit_and_queue(ctx, redeem, *args, **kwargs)


def sell_cash_and_queue(ctx: Context, *args: Any, **kwargs: Any) -> Committed:
    """`sell_cash`, then its receipt queued (see `commit_and_queue`)."""
    return commit_and_queue(ctx, sell_cash, *args, **kwargs)


def _waiting_jobs(ctx: Context) -> int:
    """How many receipts wait in the print queue: one COUNT, no rows loaded."""
    from sqlalchemy import func, select

    from ewarong_pos.db.models import PrintJob

    with ctx.db.read() as s:
        count = s.scalar(
            select(func.count())
            .select_from(PrintJob)
            .where(PrintJob.status.in_(("pending", "failed")))
        )
    return int(count or 0)


def print_queue(ctx: Context, make_printer: Any, receipt_no: str) -> PrintReport:
    """Send waiting receipts to the printer (I/O pool); a failure leaves them queued."""
    from ewarong_pos.core.errors import DomainError

    printing = service("printing")
    try:
        printer = make_printer() if make_printer is not None else None
    except DomainError as exc:
        return PrintReport(
            receipt_no, False, _waiting_jobs(ctx), exc.code, tuple(exc.params.items())
        )
    if printer is None:
        return PrintReport(receipt_no, False, _waiting_jobs(ctx), "printer.not_configured")
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
    from ewarong_pos.services.settings import set_settings

    set_settings(ctx, {"ui.language": lang})
    if has_service("autolock"):
        service("autolock").set_autolock_minutes(ctx, actor_id, autolock_minutes)


# --- stock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockScreen:
    levels: tuple[Any, ...]  # stock.StockLevel
    fractional: dict[int, bool]  # product id -> sold by weight
    categories: dict[str, tuple[str, str]]  # code -> (Indonesian, English) name


def stock_levels(ctx: Context) -> StockScreen:
    levels = tuple(service("stock").stock_levels(ctx))
    fractional = {p.id: bool(p.fractional) for p in product_list(ctx)}
    categories = {c.code: (c.name_id, c.name_en) for c in service("catalog").category_list(ctx)}
    return StockScreen(levels, fractional, categories)


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


# --- reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportOptions:
    today: Any  # dt.date, the business date
    periods: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # sku, name


def report_options(ctx: Context) -> ReportOptions:
    periods = tuple(p.code for p in service("catalog").period_list(ctx))
    products = tuple((p.sku, p.name) for p in product_list(ctx))
    return ReportOptions(ctx.business_date(), periods, products)


@dataclass(frozen=True)
class ReportRequest:
    kind: str  # daily | monthly | unredeemed | stock | signals
    day: Any  # dt.date
    period: str
    sku: str
    lang: str


def build_report(ctx: Context, req: ReportRequest) -> Any:
    import datetime as dt

    reports = service("reports")
    if req.kind == "daily":
        return reports.daily_report(ctx, req.day)
    if req.kind in ("monthly", "unredeemed"):
        return reports.monthly_report(ctx, req.period)
    if req.kind == "stock":
        return reports.stock_card_report(ctx, req.sku, None, req.day)
    if req.kind == "signals":
        return reports.signals_report(ctx, req.day - dt.timedelta(days=30), req.day, req.lang)
    raise ValueError(req.kind)


def export_report(root: Any, report: Any, kind: str, fmt: str, lang: str) -> str:
    """Render the report (PDF or CSV) into DATA_DIR/exports; returns the file's path."""
    from pathlib import Path

    from ewarong_pos.printing import report_csv, report_pdf
    from ewarong_pos.printing.labels import Labels

    base = {"unredeemed": "monthly"}.get(kind, kind)
    if fmt == "pdf":
        data = getattr(report_pdf, f"{base}_pdf")(report, Labels.for_lang(lang))
    else:
        data = getattr(report_csv, f"{base}_csv")(report)
    if kind == "daily":
        stamp = str(report.business_date)
    elif kind in ("monthly", "unredeemed"):
        stamp = str(report.period)
    elif kind == "stock":
        stamp = str(report.sku)
    else:
        stamp = f"{report.date_from}_{report.date_to}"
    folder = Path(root) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{stamp}.{fmt}"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return str(path)


def close_day(ctx: Context, actor_id: int, day: Any) -> Any:
    return service("day").close_day(ctx, actor_id, day)


# --- roster -----------------------------------------------------------------------------


def import_roster(ctx: Context, path: str, report: Any) -> Any:
    """Apply a roster file (all or nothing); `report(done, total)` drives the progress bar."""
    return service("roster").import_roster(
        ctx, path, lambda _stage, done, total: report(done, total)
    )


# --- data safety: backups, restore, recovery code ----------------------------------------


@dataclass(frozen=True)
class BackupScreen:
    settings: Any  # backup.BackupSettings
    status: Any  # backup.BackupStatus
    keys: Any  # keys.KeyStatus


def backup_screen(ctx: Context) -> BackupScreen:
    backup, keys = service("backup"), service("keys")
    return BackupScreen(
        backup.backup_settings(ctx), backup.backup_status(ctx), keys.key_status(ctx)
    )


def backup_status(ctx: Context) -> Any:
    return service("backup").backup_status(ctx)


def backup_now(ctx: Context, reason: str, actor_id: int | None) -> Any:
    """A checked backup into the configured folder (the copy takes a second or two)."""
    return service("backup").backup_now(ctx, reason=reason, actor_id=actor_id)


def backup_if_due(ctx: Context) -> Any:
    return service("backup").backup_if_due(ctx)


def save_backup_settings(
    ctx: Context, actor_id: int | None, folder: str, keep: int, interval_hours: int
) -> Any:
    return service("backup").set_backup_settings(
        ctx, actor_id, folder=folder, keep=keep, interval_hours=interval_hours
    )


@dataclass(frozen=True)
class BackupPreview:
    """What a backup's manifest says, beside this database's journal, for the confirmation."""

    path: str  # the .db file
    outlet: str
    device_code: str
    created_at: str
    reason: str
    last_seq: int
    current_seq: int  # this device's last journal entry in the open database
    acked_seq: int  # what the central office has acknowledged
    needs_manager: bool  # older than either: the service wants a manager's PIN


def preview_backup(ctx: Context, path: str) -> BackupPreview:
    """Read the manifest beside `path`; another outlet's or device's file is refused here,
    with the service's own message, before the open database is closed for a restore.
    The restore itself reads every fact from the file again (the manifest is a label)."""
    from pathlib import Path

    from sqlalchemy import func, select

    from ewarong_pos.core.errors import DomainError
    from ewarong_pos.db.models import JournalEntry, SyncState
    from ewarong_pos.services.outlet import outlet_info

    backup = service("backup")
    # the service's own reading of a manifest: same refusals (no manifest, not a backup)
    db_file, manifest = backup._load_manifest(Path(path))
    info = outlet_info(ctx)
    device_id = ctx.device_id
    if manifest.get("outlet") != info.code:
        raise DomainError(
            "backup.foreign_outlet",
            file=db_file.name,
            found=str(manifest.get("outlet")),
            expected=info.code,
        )
    if manifest.get("device_id") != device_id:
        raise DomainError(
            "backup.foreign_device", file=db_file.name, found=str(manifest.get("device_code"))
        )
    with ctx.db.read() as s:
        current = s.scalar(
            select(func.max(JournalEntry.seq)).where(JournalEntry.device_id == device_id)
        )
        acked = s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device_id))
    last_seq = int(manifest.get("last_seq") or 0)
    return BackupPreview(
        path=str(db_file),
        outlet=str(manifest.get("outlet", "")),
        device_code=str(manifest.get("device_code", "")),
        created_at=str(manifest.get("created_at", "")),
        reason=str(manifest.get("reason", "")),
        last_seq=last_seq,
        current_seq=int(current or 0),
        acked_seq=int(acked or 0),
        needs_manager=last_seq < max(int(current or 0), int(acked or 0)),
    )


@dataclass(frozen=True)
class RestoreOutcome:
    ctx: Context  # the outlet, open again (restored, or unchanged after a refusal)
    result: Any | None  # backup.RestoreResult
    error: BaseException | None  # the refusal, shown as the service words it


def restore_backup(
    ctx: Context,
    path: str,
    manager_username: str | None,
    manager_pin: str | None,
    actor: str | None = None,
) -> RestoreOutcome:
    """Close the outlet, restore `path` over it, open it again (also after a refusal).

    Runs on the database worker once nothing else is queued; the caller drops `ctx` and
    uses the returned one. A manager's username and PIN force a stale/older backup.
    `actor` (the logged-in manager's username) gets an audit row of its own: the
    service's `backup.restore` row names only the approver of a forced restore.
    """
    from ewarong_pos.services.context import open_outlet

    root, clock, encrypted = ctx.data_dir.root, ctx.clock, ctx.data_key is not None
    ctx.close()
    result: Any = None
    error: BaseException | None = None
    try:
        result = service("backup").restore_backup(
            root,
            path,
            clock=clock,
            force_stale=bool(manager_username and manager_pin),
            manager_username=manager_username or None,
            manager_pin=manager_pin or None,
        )
    except Exception as exc:  # every refusal leaves the files as they were: reopen them
        error = exc
        if not _is_domain_error(exc):
            log.exception("restore of %s failed", path)
    reopened = open_outlet(root, clock=clock, encrypt=encrypted)
    if result is not None and actor:
        _audit_restore(reopened, actor, result)
    return RestoreOutcome(reopened, result, error)


def _audit_restore(ctx: Context, actor: str, result: Any) -> None:
    from sqlalchemy import select

    from ewarong_pos.db.models import Account

    with ctx.db.write() as s:
        # the restored database's own row of that manager (None if it did not exist yet)
        account_id = s.scalar(select(Account.id).where(Account.username == actor))
        service("accounts").audit(
            s,
            ctx.now_iso(),
            "backup.restore.app",
            account_id=account_id,
            detail={
                "by": actor,
                "file": result.backup.name,
                "backup_seq": result.backup_seq,
                "forced": result.forced,
            },
        )


def _is_domain_error(exc: BaseException) -> bool:
    from ewarong_pos.core.errors import DomainError

    return isinstance(exc, DomainError)


def new_recovery_code(ctx: Context, manager_username: str, manager_pin: str) -> str:
    """A new recovery code after the manager's PIN (shown once; the audit row has no code)."""
    backup = service("backup")
    info = service("accounts").verify_approval(
        ctx, manager_username, manager_pin, backup.MANAGER_ROLES
    )
    return str(service("keys").new_recovery_code(ctx, info.id))
