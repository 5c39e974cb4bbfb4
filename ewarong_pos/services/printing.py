"""Print queue use cases: a receipt is queued after its sale commits, then printed.

Printing never touches the sale: a sale is committed before anything is queued, and a
printer failure only updates the PrintJob row (attempts, last error), so the job waits
and prints when the printer is back. A job counts as printed only when the printer
confirmed it (see `printing.printers`).

One original per sale: whether a print is the original or a copy is decided when it is
printed, not when it is queued. The first job of a sale that the printer confirms is the
original; every later print says SALINAN / COPY and the how-many-th print it is. Asking
to print a sale that already has a job waiting returns that job instead of queueing
another, so retries (from the app or `ewarong receipt NO --printer`) never stack up
originals.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Outlet, PrintJob, Sale, Setting
from ewarong_pos.printing.printers import FolderPrinter, Printer, PrinterError, open_printer
from ewarong_pos.services import training
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import PRINTER_PREFIX, upsert

if TYPE_CHECKING:
    from ewarong_pos.printing.escpos import PaperSpec
    from ewarong_pos.printing.receipt import Receipt

# The receipt's layout and renderers (ewarong_pos.printing.escpos, layout, labels,
# pdf_receipt, receipt) are imported by the functions that render, on first use: the
# window imports this module at start-up (its screens queue and count receipts) and
# should not pay for the renderers before the first receipt (on a worker thread).

log = logging.getLogger(__name__)

SETTING_PREFIX = PRINTER_PREFIX

# One run of the queue at a time in this process: two runs side by side (two sales
# committed while a slow printer works on the first receipt) would both read the first
# receipt as waiting and print it twice.
_QUEUE_RUN = threading.Lock()


@dataclass(frozen=True)
class PrinterSettings:
    """The receipt printer of this till, kept in the Setting table under `printer.*`."""

    kind: str = "none"  # 'escpos' (thermal), 'pdf' (a PDF file per receipt), 'none'
    uri: str = ""  # escpos: usb://, serial://, tcp://, cups://, win32://, file://; pdf: folder
    paper_mm: int = 58
    profile: str = ""  # python-escpos profile name; empty: the default for the paper
    font: str = "a"
    columns: int = 0  # 0: from profile and paper
    lang: str = "id"

    @property
    def spec(self) -> PaperSpec:
        from ewarong_pos.printing.escpos import PaperSpec

        return PaperSpec(self.paper_mm, self.profile, self.font, self.columns)


@dataclass(frozen=True)
class PrintJobInfo:
    id: int
    sale_id: int
    receipt_no: str
    copy: bool
    status: str
    attempts: int
    last_error: str


@dataclass(frozen=True)
class PrintOutcome:
    """What one run of the queue did. `error` is a `printer.*` message code or None."""

    printed: tuple[int, ...]  # job ids
    pending: int  # jobs still waiting
    error: str | None = None
    error_params: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    def message(self, lang: str = "id") -> str:
        from ewarong_pos.core.messages import render

        return render(self.error, lang, **dict(self.error_params)) if self.error else ""


# --- settings -------------------------------------------------------------------------


def printer_settings(ctx: Context) -> PrinterSettings:
    with ctx.db.read() as s:
        rows = s.scalars(select(Setting).where(Setting.key.startswith(SETTING_PREFIX))).all()
        values = {row.key.removeprefix(SETTING_PREFIX): row.value for row in rows}
    default = PrinterSettings()
    try:
        return PrinterSettings(
            kind=values.get("kind", default.kind),
            uri=values.get("uri", default.uri),
            paper_mm=int(values.get("paper_mm", default.paper_mm)),
            profile=values.get("profile", default.profile),
            font=values.get("font", default.font),
            columns=int(values.get("columns", default.columns)),
            lang=values.get("lang", default.lang),
        )
    except ValueError:
        log.warning("printer settings unreadable, using defaults")
        return default


def save_printer_settings(ctx: Context, settings: PrinterSettings) -> PrinterSettings:
    """Store the printer settings (the URI is checked first; nothing is stored if bad)."""
    if settings.kind == "escpos":
        try:
            open_printer(settings.uri)
        except PrinterError as exc:
            raise DomainError(exc.code, **exc.params) from None
    values = {
        "kind": settings.kind,
        "uri": settings.uri,
        "paper_mm": str(settings.paper_mm),
        "profile": settings.profile,
        "font": settings.font,
        "columns": str(settings.columns),
        "lang": settings.lang,
    }

    def store() -> None:
        with ctx.db.write() as s:
            for key, value in values.items():
                upsert(s, SETTING_PREFIX + key, value)

    ctx.write_through(store)  # the set-up screen saves from its I/O pool
    return settings


def printer_from_settings(settings: PrinterSettings) -> Printer:
    """The configured printer (DomainError 'printer.not_configured' when there is none)."""
    if settings.kind == "none" or not settings.uri:
        raise DomainError("printer.not_configured")
    if settings.kind == "pdf":
        return FolderPrinter(settings.uri)
    try:
        return open_printer(settings.uri)
    except PrinterError as exc:
        raise DomainError(exc.code, **exc.params) from None


# --- receipts -------------------------------------------------------------------------


def find_sale(ctx: Context, sale: int | str) -> int:
    """A sale id from an id or a receipt number (DomainError 'receipt.not_found')."""
    with ctx.db.read() as s:
        if isinstance(sale, int):
            found = s.get(Sale, sale)
            sale_id = found.id if found is not None else None
        else:
            sale_id = s.scalar(select(Sale.id).where(Sale.receipt_no == sale.strip()))
    if sale_id is None:
        raise DomainError("receipt.not_found", receipt=str(sale))
    return sale_id


def receipt_for(ctx: Context, sale: int | str, copy_number: int | None = None) -> Receipt:
    from ewarong_pos.printing.receipt import build_receipt

    sale_id = find_sale(ctx, sale)
    with ctx.db.read() as s:
        return build_receipt(s, sale_id, copy_number, training=training.is_training_in(ctx, s))


def receipt_text(ctx: Context, sale: int | str, lang: str = "id", columns: int = 32) -> str:
    """The on-screen preview of a receipt."""
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.layout import as_text, receipt_items

    return as_text(receipt_items(receipt_for(ctx, sale), Labels.for_lang(lang), columns))


def render_for(receipt: Receipt, settings: PrinterSettings) -> bytes:
    """The job bytes for the configured kind of printer."""
    from ewarong_pos.printing.escpos import render_receipt
    from ewarong_pos.printing.labels import Labels
    from ewarong_pos.printing.pdf_receipt import COLUMNS as PDF_COLUMNS
    from ewarong_pos.printing.pdf_receipt import render_receipt_pdf

    labels = Labels.for_lang(settings.lang)
    if settings.kind == "pdf":
        paper = settings.paper_mm if settings.paper_mm in PDF_COLUMNS else 58
        return render_receipt_pdf(receipt, labels, paper)
    return render_receipt(receipt, labels, settings.spec)


# --- the queue ------------------------------------------------------------------------


def _job_info(job: PrintJob, receipt_no: str) -> PrintJobInfo:
    return PrintJobInfo(
        job.id, job.sale_id, receipt_no, job.copy, job.status, job.attempts, job.last_error
    )


def queue_receipt(ctx: Context, sale_id: int, copy: bool = False) -> PrintJobInfo:
    """Put a committed sale's receipt in the print queue (its own small transaction).

    A job of this sale still waiting (pending or failed) is returned as it is: it will
    print once. Otherwise a new job is queued; it prints as a copy when the sale's
    receipt was printed before (whatever `copy` says), as the original otherwise.
    """
    with ctx.db.write() as s:
        sale = s.get(Sale, sale_id)
        if sale is None:
            raise DomainError("receipt.not_found", receipt=str(sale_id))
        waiting = s.scalars(
            select(PrintJob)
            .where(PrintJob.sale_id == sale_id, PrintJob.status.in_(("pending", "failed")))
            .order_by(PrintJob.id)
            .limit(1)
        ).first()
        if waiting is not None:
            return _job_info(waiting, sale.receipt_no)
        copy = copy or _printed_count(s, sale_id) > 0
        job = PrintJob(sale_id=sale_id, copy=copy, status="pending", created_at=ctx.now_iso())
        s.add(job)
        s.flush()
        return _job_info(job, sale.receipt_no)


def _printed_count(s: Session, sale_id: int) -> int:
    done = s.scalar(
        select(func.count())
        .select_from(PrintJob)
        .where(PrintJob.sale_id == sale_id, PrintJob.status == "printed")
    )
    return int(done or 0)


def pending_jobs(ctx: Context) -> list[PrintJobInfo]:
    with ctx.db.read() as s:
        rows = s.execute(
            select(PrintJob, Sale.receipt_no)
            .join(Sale, Sale.id == PrintJob.sale_id)
            .where(PrintJob.status.in_(("pending", "failed")))
            .order_by(PrintJob.id)
        ).all()
        return [_job_info(job, no) for job, no in rows]


def print_pending(
    ctx: Context, printer: Printer, settings: PrinterSettings | None = None
) -> PrintOutcome:
    """Send every waiting job, oldest first; stop at the first printer failure.

    The printer is called outside any database transaction (a slow or hung printer must
    not hold the writer lock); each job's result is recorded in its own transaction (one
    UPDATE, BEGIN IMMEDIATE). Runs of the queue in this process take turns: a run waits
    for the one before it, then sees what that one printed.
    """
    with _QUEUE_RUN:
        return _print_pending(ctx, printer, settings)


def _print_pending(
    ctx: Context, printer: Printer, settings: PrinterSettings | None
) -> PrintOutcome:
    from ewarong_pos.printing.receipt import build_receipt

    settings = settings or printer_settings(ctx)
    printed: list[int] = []
    for job in pending_jobs(ctx):
        with ctx.db.read() as s:
            # decided now, not when queued: only the first confirmed print is the original
            done = _printed_count(s, job.sale_id)
            copy_number = done + 1 if done else None
            receipt = build_receipt(
                s, job.sale_id, copy_number, training=training.is_training_in(ctx, s)
            )
        data = render_for(receipt, settings)
        try:
            printer.send(data)
        except PrinterError as exc:
            # the outcome carries the failure to the caller, who shows it; the log keeps it
            log.info("receipt %s not printed: %s", job.receipt_no, exc.code)
            ctx.write_through(partial(_record, ctx, job.id, ok=False, error=exc.code))
            return PrintOutcome(
                tuple(printed),
                len(pending_jobs(ctx)),
                exc.code,
                tuple((k, str(v)) for k, v in exc.params.items()),
            )
        ctx.write_through(partial(_record, ctx, job.id, ok=True, copy=copy_number is not None))
        printed.append(job.id)
    return PrintOutcome(tuple(printed), 0)


def _record(ctx: Context, job_id: int, ok: bool, error: str = "", copy: bool = False) -> None:
    with ctx.db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            return
        job.attempts += 1
        if ok:
            job.status = "printed"
            job.copy = copy  # what was printed: the original or a SALINAN
            job.printed_at = ctx.now_iso()
            job.last_error = ""
        else:
            job.status = "failed"
            job.last_error = error[:250]


def reprint(ctx: Context, sale: int | str, printer: Printer | None = None) -> PrintOutcome:
    """Queue a copy (SALINAN) of a receipt; print the queue now if a printer is given.

    A receipt never printed yet (its job still waiting) prints once, as the original.
    """
    sale_id = find_sale(ctx, sale)
    queue_receipt(ctx, sale_id, copy=True)
    if printer is None:
        return PrintOutcome((), len(pending_jobs(ctx)))
    return print_pending(ctx, printer)


def test_page(
    printer: Printer, settings: PrinterSettings | None = None, outlet_name: str = ""
) -> None:
    """Print a test page (DomainError with the printer's message code if it fails)."""
    from ewarong_pos.printing.escpos import render_test_page
    from ewarong_pos.printing.labels import Labels

    settings = settings or PrinterSettings(kind="escpos")
    labels = Labels.for_lang(settings.lang)
    if settings.kind == "pdf":
        from ewarong_pos.printing.layout import test_page_items
        from ewarong_pos.printing.pdf_receipt import COLUMNS as PDF_COLUMNS
        from ewarong_pos.printing.pdf_receipt import render_items_pdf

        cols = PDF_COLUMNS.get(settings.paper_mm, 32)
        data = render_items_pdf(test_page_items(labels, cols, outlet_name), settings.paper_mm, cols)
    else:
        data = render_test_page(labels, settings.spec, outlet_name)
    try:
        printer.send(data)
    except PrinterError as exc:
        raise DomainError(exc.code, **exc.params) from None


test_page.__test__ = False  # type: ignore[attr-defined]  # a use case, not a pytest test


def outlet_name(ctx: Context) -> str:
    with ctx.db.read() as s:
        return s.scalar(select(Outlet.name)) or ""


def next_copy_number(ctx: Context, sale_id: int) -> int:
    """The how-many-th print a copy made now would be (prints so far + 1)."""
    with ctx.db.read() as s:
        return _printed_count(s, sale_id) + 1


def queued_message(job: PrintJobInfo, lang: str = "id") -> str:
    from ewarong_pos.core.messages import render

    return render("printer.queued", lang, receipt_no=job.receipt_no)


def waiting_count(ctx: Context) -> int:
    """How many receipts wait in the print queue (pending or failed): one COUNT."""
    with ctx.db.read() as s:
        count = s.scalar(
            select(func.count())
            .select_from(PrintJob)
            .where(PrintJob.status.in_(("pending", "failed")))
        )
    return int(count or 0)
