"""The GUI thread's share of a sale stays light: no service imports on it, the receipt is
queued by the commit's own database job (after the commit), the queue is counted."""

from __future__ import annotations

import subprocess
import sys
import uuid

from sqlalchemy import select

from ewarong_pos.db.models import Account, PrintJob, Sale
from ewarong_pos.services import printing, sales
from ewarong_pos.ui import backend


def _cashier_id(ctx, seed) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.username == seed.cashier)))


def _run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_has_service_answers_without_importing_the_service():
    _run(
        "import sys\n"
        "from ewarong_pos.ui import backend\n"
        "assert backend.has_service('sync') and backend.has_service('printing')\n"
        "assert not backend.has_service('no_such_service')\n"
        "loaded = [m for m in ('ewarong_pos.services.sync', 'ewarong_pos.services.printing')"
        " if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )


def test_the_app_and_its_window_start_without_the_printer_and_network_libraries():
    _run(
        "import sys\n"
        "import ewarong_pos.app, ewarong_pos.ui.main_window\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules}\n"
        "    & {'escpos', 'reportlab', 'qrcode', 'httpx', 'pydantic'})\n"
        "assert not heavy, heavy\n"
    )


def test_a_redemption_and_its_receipt_in_one_database_job(ctx, seed):
    cashier = _cashier_id(ctx, seed)
    lines = [sales.CartLine(seed.rice_id, 10_000)]
    done = backend.redeem_and_queue(ctx, cashier, seed.siti_id, lines, str(uuid.uuid4()))
    assert done.queue_error is None and done.job is not None
    assert done.job.receipt_no == done.sale.receipt_no
    with ctx.db.read() as s:
        sale = s.get(Sale, done.sale.sale_id)
        job = s.scalars(select(PrintJob).where(PrintJob.sale_id == sale.id)).one()
        assert job.status == "pending" and not job.copy
        assert job.id == done.job.id


def test_a_receipt_that_cannot_be_queued_never_loses_the_committed_sale(ctx, seed, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backend, "queue_receipt", broken)
    cashier = _cashier_id(ctx, seed)
    lines = [sales.CartLine(seed.oil_id, 1_000)]
    done = backend.sell_cash_and_queue(ctx, cashier, lines, 100_000, str(uuid.uuid4()))
    assert done.job is None and done.queue_error == "printer.failed"
    assert "OSError" in done.queue_message("en")
    with ctx.db.read() as s:
        assert s.get(Sale, done.sale.sale_id) is not None
        assert s.scalars(select(PrintJob).where(PrintJob.sale_id == done.sale.sale_id)).all() == []


def test_print_queue_counts_the_waiting_receipts_when_there_is_no_printer(ctx, seed):
    cashier = _cashier_id(ctx, seed)
    for _ in range(3):
        lines = [sales.CartLine(seed.oil_id, 1_000)]
        backend.sell_cash_and_queue(ctx, cashier, lines, 100_000, str(uuid.uuid4()))
    report = backend.print_queue(ctx, None, "R-1")
    assert not report.printed and report.error_code == "printer.not_configured"
    assert report.pending == 3 == len(printing.pending_jobs(ctx))
