"""The seam between the screens and the use cases (`ui.ops`): the window starts without the
printer and network libraries, no screen looks a service up by name, a sale's receipt is
queued by the commit's own database job (after the commit), the pool is the job's, and
the runner announces what a job changed."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from ewarong_pos.db.models import Account, PrintJob, Sale
from ewarong_pos.services import printing
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops import printing as printing_ops
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob


def _cashier_id(ctx, seed) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.username == seed.cashier)))


def _run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_no_screen_looks_a_service_up_by_name():
    root = Path(__file__).resolve().parents[2] / "ewarong_pos"
    sources = [root / "app.py", *sorted((root / "ui").rglob("*.py"))]
    found = [
        f"{path.relative_to(root)}: {word}"
        for path in sources
        for word in ("importlib", "import_module", "has_service", "find_spec", 'service("')
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_app_and_its_window_start_without_the_printer_and_network_libraries():
    _run(
        "import sys\n"
        "import ewarong_pos.app, ewarong_pos.ui.main_window, ewarong_pos.ui.views\n"
        "import pkgutil, importlib, ewarong_pos.ui.ops as ops\n"
        "for m in pkgutil.iter_modules(ops.__path__):\n"
        "    importlib.import_module('ewarong_pos.ui.ops.' + m.name)\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules}\n"
        "    & {'escpos', 'reportlab', 'qrcode', 'httpx', 'pydantic'})\n"
        "assert not heavy, heavy\n"
    )


def test_a_redemption_and_its_receipt_in_one_database_job(ctx, seed):
    cashier = _cashier_id(ctx, seed)
    lines = [(seed.rice_id, 10_000)]
    job = counter_ops.redeem_and_queue(ctx, cashier, seed.siti_id, lines, str(uuid.uuid4()))
    assert isinstance(job, DbJob)  # the commit and its receipt: the database worker
    assert Change.SALES in job.changes and Change.JOURNAL in job.changes
    done = job.fn()
    assert done.queue_error is None and done.job is not None
    assert done.job.receipt_no == done.sale.receipt_no
    with ctx.db.read() as s:
        sale = s.get(Sale, done.sale.sale_id)
        job = s.scalars(select(PrintJob).where(PrintJob.sale_id == sale.id)).one()
        assert job.status == "pending" and not job.copy
        assert job.id == done.job.id


@pytest.mark.expect_log("ewarong_pos.ui.ops.printing", r"^receipt of sale \d+ not queued")
def test_a_receipt_that_cannot_be_queued_never_loses_the_committed_sale(ctx, seed, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(printing_ops.printing, "queue_receipt", broken)
    cashier = _cashier_id(ctx, seed)
    lines = [(seed.oil_id, 1_000)]
    done = counter_ops.sell_cash_and_queue(ctx, cashier, lines, 100_000, str(uuid.uuid4())).fn()
    assert done.job is None and done.queue_error == "printer.failed"
    assert "OSError" in done.queue_message("en")
    with ctx.db.read() as s:
        assert s.get(Sale, done.sale.sale_id) is not None
        assert s.scalars(select(PrintJob).where(PrintJob.sale_id == done.sale.sale_id)).all() == []


def test_print_queue_counts_the_waiting_receipts_when_there_is_no_printer(ctx, seed):
    cashier = _cashier_id(ctx, seed)
    for _ in range(3):
        lines = [(seed.oil_id, 1_000)]
        counter_ops.sell_cash_and_queue(ctx, cashier, lines, 100_000, str(uuid.uuid4())).fn()
    job = printing_ops.print_queue(ctx, None, "R-1")
    assert isinstance(job, IoJob)  # waits on the printer: the I/O pool
    report = job.fn()
    assert not report.printed and report.error_code == "printer.not_configured"
    assert report.pending == 3 == len(printing.pending_jobs(ctx))


@pytest.mark.expect_log("ewarong_pos.ui.tasks", r"^task \w+ failed")
def test_the_pool_is_the_jobs_and_a_change_is_announced_after_the_job(qtbot):
    from ewarong_pos.ui.tasks import TaskRunner

    runner = TaskRunner()
    threads: dict[str, str] = {}
    announced: list[frozenset[Change]] = []
    runner.changed.connect(announced.append)

    def where(key: str) -> None:
        threads[key] = threading.current_thread().name

    try:
        runner.run(DbJob("db", lambda: where("db"), frozenset({Change.STOCK})))
        runner.run(IoJob("io", lambda: where("io")))
        qtbot.waitUntil(lambda: runner.idle and len(threads) == 2)
        assert threads["db"].startswith("ewarong-db") and threads["io"].startswith("ewarong-io")
        assert announced == [frozenset({Change.STOCK})]  # the read-only job announced nothing

        def refused() -> None:
            raise RuntimeError("disk full")

        errors: list[BaseException] = []
        runner.run(DbJob("fails", refused, frozenset({Change.SALES})), on_error=errors.append)
        qtbot.waitUntil(lambda: runner.idle and bool(errors))
        assert announced == [frozenset({Change.STOCK})]  # a failed job changed nothing
    finally:
        runner.shutdown()
