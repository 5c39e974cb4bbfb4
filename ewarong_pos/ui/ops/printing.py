"""Receipts: queued by the commit's own job, sent to the printer on the I/O pool."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import render
from ewarong_pos.printing.printers import Printer
from ewarong_pos.services import printing
from ewarong_pos.services.context import Context
from ewarong_pos.services.printing import PrintJobInfo
from ewarong_pos.services.sales import SaleResult
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob

log = logging.getLogger(__name__)

PrinterFactory = Callable[[], Printer]


@dataclass(frozen=True)
class PrintReport:
    receipt_no: str
    printed: bool
    pending: int
    error_code: str | None
    error_params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str) -> str:
        return render(self.error_code, lang, **dict(self.error_params)) if self.error_code else ""


@dataclass(frozen=True)
class Committed:
    """A committed sale and its receipt's place in the print queue.

    `job` is None when queueing failed (`queue_error`, a message code, with
    `queue_params`): the sale stays committed either way.
    """

    sale: SaleResult
    job: PrintJobInfo | None
    queue_error: str | None = None
    queue_params: tuple[tuple[str, object], ...] = ()

    def queue_message(self, lang: str) -> str:
        return render(self.queue_error, lang, **dict(self.queue_params)) if self.queue_error else ""


def then_queue(ctx: Context, result: SaleResult) -> Committed:
    """Queue a just-committed sale's receipt (in the same database job as the commit).

    One trip to the database worker instead of two (commit, back to the GUI thread,
    queue): the use case's transaction has committed when it returns, and the print job
    is written after it in its own transaction, so a print can never precede the sale
    nor roll it back.
    """
    try:
        job = printing.queue_receipt(ctx, result.sale_id, copy=False)
    except DomainError as exc:
        log.warning("receipt of sale %s not queued: %s", result.sale_id, exc.code)
        return Committed(result, None, exc.code, tuple(exc.params.items()))
    except Exception as exc:  # the sale is committed: report the queue's failure, keep the sale
        log.exception("receipt of sale %s not queued", result.sale_id)
        return Committed(result, None, "printer.failed", (("detail", type(exc).__name__),))
    return Committed(result, job)


def queue_receipt(ctx: Context, sale_id: int, copy: bool) -> DbJob[PrintJobInfo]:
    """Put a committed sale's receipt (or a copy) in the print queue."""
    return DbJob(
        "print.queue",
        partial(printing.queue_receipt, ctx, sale_id, copy=copy),
        frozenset({Change.PRINT_QUEUE}),
    )


def _print_queue(ctx: Context, make_printer: PrinterFactory | None, receipt_no: str) -> PrintReport:
    try:
        printer = make_printer() if make_printer is not None else None
    except DomainError as exc:
        return PrintReport(
            receipt_no, False, printing.waiting_count(ctx), exc.code, tuple(exc.params.items())
        )
    if printer is None:
        return PrintReport(receipt_no, False, printing.waiting_count(ctx), "printer.not_configured")
    outcome = printing.print_pending(ctx, printer)
    # the queue run at login: "printed" only when something was (an empty queue says nothing)
    printed = outcome.ok and (bool(receipt_no) or bool(outcome.printed))
    return PrintReport(
        receipt_no, printed, outcome.pending, outcome.error, tuple(outcome.error_params)
    )


def print_queue(
    ctx: Context, make_printer: PrinterFactory | None, receipt_no: str
) -> IoJob[PrintReport]:
    """Send waiting receipts to the printer; a failure leaves them queued (each job's
    status is recorded by `services.printing` in its own short transaction)."""
    return IoJob(
        "print.send",
        partial(_print_queue, ctx, make_printer, receipt_no),
        frozenset({Change.PRINT_QUEUE}),
    )


def receipt_text(ctx: Context, sale_id: int, lang: str) -> DbJob[str]:
    return DbJob("sales.receipt", partial(printing.receipt_text, ctx, sale_id, lang))
