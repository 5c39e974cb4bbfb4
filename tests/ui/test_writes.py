"""Who writes the outlet database from the app's threads (ui.tasks).

What an I/O job records (a receipt's print status, a backup's) runs on the database
worker through `Context.write_through`; the sync round's own writes stay on its I/O thread
and rely on SQLite's BEGIN IMMEDIATE and busy timeout, which the last test exercises.
"""

from __future__ import annotations

import threading
import time
import uuid

from sqlalchemy import event, select, text

from ewarong_pos.db.models import Account, PrintJob, Sale
from ewarong_pos.printing.printers import FolderPrinter
from ewarong_pos.services import backup, printing
from ewarong_pos.ui.ops import backup as backup_ops
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops import printing as printing_ops
from ewarong_pos.ui.ops.jobs import DbJob, IoJob
from ewarong_pos.ui.tasks import TaskRunner


def _cashier(ctx, seed) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.username == seed.cashier)))


class _Writers:
    """The thread of every write transaction (BEGIN IMMEDIATE) on the outlet's engine."""

    def __init__(self, ctx) -> None:
        self.threads: list[str] = []
        self.engine = ctx.db.engine
        event.listen(self.engine, "begin", self._begin)

    def _begin(self, conn) -> None:
        if conn.get_execution_options().get("sqlite_begin", "IMMEDIATE") == "IMMEDIATE":
            self.threads.append(threading.current_thread().name)

    def close(self) -> None:
        event.remove(self.engine, "begin", self._begin)


class _Printer(FolderPrinter):
    def __init__(self, folder: str, delay: float = 0.0) -> None:
        super().__init__(folder)
        self.delay = delay
        self.threads: list[str] = []

    def send(self, data: bytes) -> None:
        self.threads.append(threading.current_thread().name)
        time.sleep(self.delay)
        super().send(data)


def _runner(ctx) -> TaskRunner:
    runner = TaskRunner()
    ctx.write_runner = runner.on_db_worker  # as the main window does
    return runner


def _stop(ctx, runner: TaskRunner) -> None:
    runner.shutdown()
    ctx.write_runner = None


def _sell(ctx, seed, n: int) -> list[int]:
    cashier = _cashier(ctx, seed)
    return [
        counter_ops.sell_cash_and_queue(
            ctx, cashier, [(seed.oil_id, 1_000)], 100_000, str(uuid.uuid4())
        )
        .fn()
        .sale.sale_id
        for _ in range(n)
    ]


def _statuses(ctx) -> list[str]:
    with ctx.db.read() as s:
        return list(s.scalars(select(PrintJob.status).order_by(PrintJob.id)))


def test_a_print_jobs_records_run_on_the_database_worker(qtbot, ctx, seed, tmp_path):
    _sell(ctx, seed, 2)
    printer = _Printer(str(tmp_path / "prints"))
    runner = _runner(ctx)
    writers = _Writers(ctx)
    reports: list[printing_ops.PrintReport] = []
    try:
        job = printing_ops.print_queue(ctx, lambda: printer, "")
        assert isinstance(job, IoJob)
        runner.run(job, on_done=reports.append)
        qtbot.waitUntil(lambda: runner.idle and bool(reports), timeout=20_000)
    finally:
        writers.close()
        _stop(ctx, runner)
    assert reports[0].printed and reports[0].pending == 0
    assert _statuses(ctx) == ["printed", "printed"]
    assert len(printer.threads) == 2 and all(t.startswith("ewarong-io") for t in printer.threads)
    # the two status records: on the database worker, none on the I/O thread
    assert len(writers.threads) == 2
    assert all(t.startswith("ewarong-db") for t in writers.threads), writers.threads


def test_a_backups_record_runs_on_the_database_worker(qtbot, ctx, seed, tmp_path):
    runner = _runner(ctx)
    writers = _Writers(ctx)
    done: list[backup.BackupResult] = []
    try:
        (tmp_path / "usb").mkdir()
        backup.set_backup_settings(ctx, None, folder=str(tmp_path / "usb"))
        writers.threads.clear()
        runner.run(backup_ops.backup_now(ctx, "manual", None), on_done=done.append)
        qtbot.waitUntil(lambda: runner.idle and bool(done), timeout=30_000)
    finally:
        writers.close()
        _stop(ctx, runner)
    assert done[0].path.exists()
    assert backup.backup_status(ctx).last_file == str(done[0].path)
    assert writers.threads and all(t.startswith("ewarong-db") for t in writers.threads)


def test_sales_and_receipts_printed_side_by_side_all_land(qtbot, ctx, seed, tmp_path):
    """Sales on the database worker while a slow printer prints the receipts on the I/O
    pool, a print job started after each sale as the window does: every sale is
    committed, every receipt printed once, no job fails ('database is locked' or other)."""
    cashier = _cashier(ctx, seed)
    printer = _Printer(str(tmp_path / "prints"), delay=0.05)
    runner = _runner(ctx)
    errors: list[BaseException] = []
    committed: list[int] = []

    def sold(done: printing_ops.Committed) -> None:
        committed.append(done.sale.sale_id)
        runner.run(
            printing_ops.print_queue(ctx, lambda: printer, done.sale.receipt_no),
            on_error=errors.append,
        )

    try:
        for _ in range(8):
            runner.run(
                counter_ops.sell_cash_and_queue(
                    ctx, cashier, [(seed.rice_id, 1_000)], 100_000, str(uuid.uuid4())
                ),
                on_done=sold,
                on_error=errors.append,
            )
        qtbot.waitUntil(lambda: errors or (runner.idle and len(committed) == 8), timeout=60_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=60_000)
    finally:
        _stop(ctx, runner)
    assert errors == []
    with ctx.db.read() as s:
        assert len(list(s.scalars(select(Sale.id).where(Sale.id.in_(committed))))) == 8
    assert _statuses(ctx) == ["printed"] * 8
    assert len(printer.threads) == 8  # each receipt once, however the runs overlapped


def test_two_runs_of_the_queue_at_once_print_each_receipt_once(ctx, seed, tmp_path):
    _sell(ctx, seed, 3)
    printer = _Printer(str(tmp_path / "prints"), delay=0.1)
    runs = [threading.Thread(target=printing.print_pending, args=(ctx, printer)) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)
    assert len(printer.threads) == 3
    assert _statuses(ctx) == ["printed"] * 3


def test_a_long_write_on_an_io_thread_makes_a_sale_wait_not_fail(qtbot, ctx, seed):
    """The sync round writes from its I/O thread (each pulled page in one transaction):
    a sale queued meanwhile waits for SQLite's write lock (BEGIN IMMEDIATE, busy timeout
    10 s) and commits after it; nothing is refused."""
    cashier = _cashier(ctx, seed)
    runner = _runner(ctx)
    holding = threading.Event()
    done: list[float] = []
    errors: list[BaseException] = []

    def page() -> None:  # stands for applying a large pulled page
        with ctx.db.write() as s:
            s.execute(text("UPDATE outlet SET name = name"))
            holding.set()
            time.sleep(1.5)

    def sale() -> printing_ops.Committed:
        holding.wait(10)
        started = time.monotonic()
        result = counter_ops.sell_cash_and_queue(
            ctx, cashier, [(seed.oil_id, 1_000)], 100_000, str(uuid.uuid4())
        ).fn()
        done.append(time.monotonic() - started)
        return result

    try:
        runner.run(IoJob("sync.page", page), on_error=errors.append)
        runner.run(DbJob("sale", sale), on_error=errors.append)
        qtbot.waitUntil(lambda: runner.idle and bool(done or errors), timeout=30_000)
    finally:
        _stop(ctx, runner)
    assert errors == []
    assert done[0] >= 1.0  # it waited for the page's transaction, then committed
