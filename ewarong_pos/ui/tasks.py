"""One task runner for the whole app: database jobs on one thread, I/O jobs on a small pool.

Modelled on Anki's CollectionOp/QueryOp: the screens build jobs with `ui.ops` (a job
carries its function, its pool and what it changes; see `ui.ops.jobs`), the runner calls
the function on a worker thread, and the result comes back to the GUI thread by a queued
signal and is handed to `on_done` there. A single database worker means two use cases
started from the screens never race each other, and the GUI thread never waits on SQLite,
HTTP or a printer. After a job that changed something the runner emits `changed` with
what changed, and the views that show it refresh (no hand-written refresh calls).

Who writes the outlet database, precisely:

- every `DbJob`, on the database worker, one at a time;
- what an `IoJob` records after its wait - each receipt's print status (print.send), the
  last backup and its audit row (backup.now, backup.timer), the printer settings the
  set-up screen saves before its test page - also on the database worker: the services
  hand those writes to `Context.write_through`, which the main window (and the set-up
  screen) point at `on_db_worker`; the I/O thread waits for them;
- one exception, the sync round (sync.now, `services.sync`, which the command line runs
  too): it writes from its I/O thread the upload position, each pulled page (applied
  while the next page is fetched), disputes and the sync status, each in a transaction
  of its own. That is safe without the worker: every write transaction begins IMMEDIATE
  (the write lock first, so two writers never deadlock halfway) and waits up to
  `db.engine.BUSY_TIMEOUT_MS` (10 s) for the lock, far longer than a pulled page's
  transaction normally holds it (seconds at worst); a sale queued meanwhile waits
  for that page and commits (tests/ui/test_writes.py). Moving those writes onto the
  worker would tie the sync service to the GUI's runner and make a sale wait the same
  page either way. A first sync of a large outlet is the one time a sale can wait that
  long; a page's transaction that outgrew the timeout would refuse the sale ('database
  is locked') and the cashier would try again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from ewarong_pos.core.errors import DomainError
from ewarong_pos.ui.ops.jobs import Changes, DbJob, IoJob

log = logging.getLogger(__name__)

T = TypeVar("T")
DB_THREAD = "ewarong-db"  # the database worker's thread name
ErrorFn = Callable[[BaseException], None]


@dataclass
class _Outcome:
    name: str
    future: Future[Any]
    on_done: Callable[[Any], None] | None
    on_error: ErrorFn | None
    owner: QObject | None
    changes: Changes


class _Relay(QObject):
    """Lives in the GUI thread; a queued signal carries finished work back to it."""

    finished = Signal(object)
    progressed = Signal(str, int, int)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread and delivers their results on it.

    `run(job)` queues a `DbJob` on the single database worker and an `IoJob` on the I/O
    pool (printers, HTTP, files). `on_error` gets the exception; without one, `failed` is
    emitted so the main window can show it. `busy_changed` drives the busy indicator;
    `changed` carries a successful job's `changes` (a frozenset of `ops.jobs.Change`).
    """

    busy_changed = Signal(bool)
    failed = Signal(str, object)  # task name, exception
    progress = Signal(str, int, int)  # task name, done, total
    changed = Signal(object)  # frozenset[Change], after a job that changed something

    def __init__(self, parent: QObject | None = None, io_workers: int = 3) -> None:
        super().__init__(parent)
        self._db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=DB_THREAD)
        self._io_stopped = False
        self._io_pool = ThreadPoolExecutor(max_workers=io_workers, thread_name_prefix="ewarong-io")
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._pending = 0
        self._closed = False
        self._lock = threading.Lock()

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run(
        self,
        job: DbJob[T] | IoJob[T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorFn | None = None,
        owner: QObject | None = None,
    ) -> Future[T]:
        """Run the job on its pool: the database worker (one at a time, in order) for a
        `DbJob`, the I/O pool for an `IoJob`."""
        pool = self._db_pool if isinstance(job, DbJob) else self._io_pool
        return self._submit(pool, job.name, job.fn, on_done, on_error, owner, job.changes)

    def on_db_worker(self, write: Callable[[], T]) -> T:
        """Run `write` on the database worker and wait for its result (the write runner
        of `Context.write_through`, for I/O jobs that record what they did). On the
        database worker itself, or once the I/O pool has stopped (shutdown), in place."""
        if threading.current_thread().name.startswith(DB_THREAD) or self._io_stopped:
            return write()
        return self._db_pool.submit(write).result()

    def reporter(self, name: str) -> Callable[[int, int], None]:
        """A thread-safe `report(done, total)` a long job calls to show its progress."""

        def report(done: int, total: int) -> None:
            if not self._closed:
                self._relay.progressed.emit(name, done, total)

        return report

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        name: str,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: ErrorFn | None,
        owner: QObject | None,
        changes: Changes,
    ) -> Future[T]:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        log.debug("task %s queued", name)
        future = pool.submit(fn)
        outcome = _Outcome(name, future, on_done, on_error, owner, changes)

        def relay(_f: Future[Any]) -> None:
            # Runs on the worker thread: only emit, the slot runs on the GUI thread.
            if not self._closed:
                self._relay.finished.emit(outcome)

        future.add_done_callback(relay)
        return future

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        error = outcome.future.exception()
        if outcome.owner is not None and not shiboken6.isValid(outcome.owner):
            log.debug("task %s finished after its owner was closed", outcome.name)
            if error is None and outcome.changes:
                self.changed.emit(outcome.changes)
            return
        if error is None:
            if outcome.on_done is not None:
                outcome.on_done(outcome.future.result())
            if outcome.changes:
                self.changed.emit(outcome.changes)
            return
        if not _expected(error):
            log.error("task %s failed", outcome.name, exc_info=error)
        if outcome.on_error is not None:
            outcome.on_error(error)
        else:
            self.failed.emit(outcome.name, error)

    def shutdown(self) -> None:
        """Finish queued work, stop the threads; later results are dropped.

        The I/O pool first: an I/O job still running may hand its record to the
        database worker."""
        self._io_pool.shutdown(wait=True)
        self._io_stopped = True
        self._db_pool.shutdown(wait=True)
        self._closed = True


def _expected(error: BaseException) -> bool:
    return isinstance(error, DomainError)
