"""Engine and unit of work for the outlet's SQLite file.

Every connection gets WAL, `synchronous=FULL` (these are money records), foreign keys and
a busy timeout. Writes start with `BEGIN IMMEDIATE` so two writers never deadlock halfway
through a sale; reads start a deferred transaction and never block the writer (WAL).
`write(durable=False)` drops the fsync for one transaction (look-up audit rows only).
`defer(sql, params)` queues a row that need not be written by the caller's own
transaction (the counter's look-up audit rows): it goes in with the next write
transaction, or within `DEFER_SECONDS` on a timer thread, or at `close()`.
`lookup()` lends a pooled DB-API connection for one plain read (no session, no BEGIN).
The caller owns the transaction: repositories and services never commit; `Database.write()`
commits when its block ends and rolls back on any exception.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
# Deferred rows (see `Database.defer`): written at the latest this long after they are
# queued, or at once when this many are waiting.
DEFER_SECONDS = 2.0
DEFER_MAX_ROWS = 500

ConnectFn = Callable[[str], Any]
# What a DB-API statement on a `lookup()` connection raises for a bad query (either driver).
OPERATIONAL_ERRORS = (sqlite3.OperationalError, sqlcipher3.dbapi2.OperationalError)
INTEGRITY_ERRORS = (sqlite3.IntegrityError, sqlcipher3.dbapi2.IntegrityError)


def _plain_connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, check_same_thread=False)


def make_engine(path: Path | str, connect: ConnectFn | None = None) -> Engine:
    """A SQLAlchemy engine on one SQLite file with the house pragmas on every connection.

    `connect` opens the DB-API connection (the default is the stdlib `sqlite3`; the data
    safety layer passes one that opens an encrypted file), so everything above stays the
    same whichever driver is underneath.
    """
    target = str(path)
    opener = connect or _plain_connect
    engine = create_engine(
        "sqlite://",
        creator=lambda: opener(target),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        # The connection used last is handed out again: its page cache is warm. SQLite drops
        # a connection's cache when another connection wrote since its last transaction, so
        # rotating through the pool (first in, first out) read every page afresh (and
        # decrypted it) at each transaction: a first sync's random-key index inserts
        # slowed with every page.
        pool_use_lifo=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver must not start transactions.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def dbapi(session: Session) -> Any:
    """The DB-API connection under a session's transaction (begun if it was not): plain
    SQL in the same transaction, without SQLAlchemy's per-statement work (the counter's
    hot paths). Never COMMIT or ROLLBACK on it: the session owns the transaction."""
    return session.connection().connection.dbapi_connection


def _set_synchronous(dbapi_conn: Any, level: str) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA synchronous = {level}")
    finally:
        cursor.close()


Deferred = tuple[str, tuple[Any, ...]]


def _flush_loop(ref: weakref.ref[Database], stop: threading.Event, seconds: float) -> None:
    """The flusher thread of one `Database` (a weak reference: a database dropped without
    `close()` ends it)."""
    while not stop.wait(seconds):
        db = ref()
        if db is None:
            return
        try:
            db.flush_deferred()
        except Exception:
            # Kept in the queue: the next write, the next round or close retries.
            log.warning("deferred rows not written yet; retried", exc_info=True)
        del db


class Database:
    """The outlet database: one engine, a writer and a reader session factory."""

    # Seconds a deferred row may wait (an attribute so a test can shorten it).
    defer_seconds: float = DEFER_SECONDS

    def __init__(self, path: Path | str, connect: ConnectFn | None = None) -> None:
        self.path = Path(path)
        self.engine = make_engine(self.path, connect)
        self._writer = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="DEFERRED"),
            expire_on_commit=False,
        )
        self._deferred: list[Deferred] = []
        self._deferred_lock = threading.Lock()
        self._flusher: tuple[threading.Thread, threading.Event] | None = None

    # --- rows written after the fact ---------------------------------------------------

    def defer(self, sql: str, params: tuple[Any, ...]) -> None:
        """Queue one INSERT (plain SQL, positional parameters) for a later transaction.

        For records that need not be in the caller's own transaction and whose loss costs
        nothing but a trace - the counter's look-up audit rows: writing one took a write
        lock and a commit on every scan, most of the look-up. The row is written, in the
        order queued, by the next `write()` transaction (inside it, before the caller's
        statements; put back in the queue if that transaction rolls back), or by the
        flusher thread, which looks every `defer_seconds`, or at once when
        `DEFER_MAX_ROWS` wait, or by `flush_deferred()` / `close()`. What an application
        crash or a power cut can lose is the rows queued since the last of these (at most
        `defer_seconds` of look-ups), on top of what a non-durable commit may lose.
        Queuing costs the caller a list append: the flusher is never woken by it.
        """
        with self._deferred_lock:
            self._deferred.append((sql, params))
            full = len(self._deferred) >= DEFER_MAX_ROWS
            if self._flusher is None:
                self._start_flusher()
        if full:
            self.flush_deferred()

    def _start_flusher(self) -> None:
        """The thread that writes waiting rows every `defer_seconds` (lock held)."""
        stop = threading.Event()
        thread = threading.Thread(
            target=_flush_loop,
            args=(weakref.ref(self), stop, self.defer_seconds),
            name="ewarong-deferred-rows",
            daemon=True,
        )
        self._flusher = (thread, stop)
        thread.start()

    def _stop_flusher(self) -> None:
        with self._deferred_lock:
            flusher, self._flusher = self._flusher, None
        if flusher is not None:
            thread, stop = flusher
            stop.set()
            if thread is not threading.current_thread():
                thread.join()

    def pending_deferred(self) -> int:
        """How many deferred rows are waiting to be written."""
        with self._deferred_lock:
            return len(self._deferred)

    def flush_deferred(self) -> None:
        """Write every waiting deferred row now: one transaction without an fsync, on a
        pooled DB-API connection (no session: little work holding the interpreter lock
        while a look-up may be running on another thread)."""
        rows = self._take_deferred()
        if not rows:
            return
        try:
            pooled: Any = self.engine.raw_connection()
            try:
                raw = pooled.dbapi_connection
                _set_synchronous(raw, "NORMAL")
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    self._insert_rows(raw, rows)
                    raw.execute("COMMIT")
                finally:
                    try:
                        if raw.in_transaction:
                            raw.rollback()
                        _set_synchronous(raw, "FULL")
                    except Exception:
                        log.exception("could not restore synchronous=FULL; connection discarded")
                        pooled.invalidate()
            finally:
                pooled.close()
        except BaseException:
            self._put_back(rows)
            raise

    def _take_deferred(self) -> list[Deferred]:
        with self._deferred_lock:
            rows, self._deferred = self._deferred, []
            return rows

    def _put_back(self, rows: list[Deferred]) -> None:
        if rows:
            with self._deferred_lock:
                self._deferred[:0] = rows

    @staticmethod
    def _insert_rows(raw: Any, rows: list[Deferred]) -> None:
        """The deferred rows as executemany's of consecutive rows of one statement, in
        the transaction open on the DB-API connection `raw`.

        A row SQLite refuses (a constraint) is logged and dropped, never allowed to fail
        the caller's transaction (a sale must not wait on a trace): SQLite undoes only the
        failed statement. An error that ended the transaction (disk full, I/O) fails it.
        """
        start = 0
        while start < len(rows):
            sql = rows[start][0]
            end = start
            while end < len(rows) and rows[end][0] == sql:
                end += 1
            try:
                raw.executemany(sql, [params for _sql, params in rows[start:end]])
            except Exception:
                if not raw.in_transaction:  # SQLite rolled it all back (disk full, I/O)
                    raise
                log.exception("%d deferred rows dropped: refused by the database", end - start)
            start = end

    @classmethod
    def _write_rows(cls, session: Session, rows: list[Deferred]) -> None:
        if rows:
            # the session's connection: BEGIN IMMEDIATE, then the rows in its transaction
            cls._insert_rows(dbapi(session), rows)

    # --- transactions -------------------------------------------------------------------

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed at the end, or rolled back.

        `durable=False` commits this one transaction with `synchronous = NORMAL` instead
        of FULL: no fsync at commit. In WAL mode the transaction is still atomic and
        survives an application crash; only a power cut or OS crash before the next
        checkpoint or the next FULL commit (which syncs the whole WAL file, these frames
        included) may lose it. Only for records whose loss costs nothing but a trace -
        the counter's look-up and view audit rows, written on every scan (the fsync was
        half of a look-up) - never for a sale, a stock movement or a journal entry.
        SQLite refuses to change the safety level inside a transaction, so it is set on
        the pooled connection before BEGIN and put back to FULL after COMMIT/ROLLBACK,
        whatever happens; a connection that cannot be put back is discarded, not pooled.

        Rows waiting from `defer()` are written first in the same transaction (and put
        back in the queue if it does not commit).
        """
        rows = self._take_deferred()
        try:
            if durable:
                with self._writer() as session, session.begin():
                    self._write_rows(session, rows)
                    yield session
                return
            with self._non_durable() as session:
                self._write_rows(session, rows)
                yield session
        except BaseException:
            self._put_back(rows)
            raise

    @contextmanager
    def _non_durable(self) -> Iterator[Session]:
        with self.engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection
            _set_synchronous(raw, "NORMAL")
            try:
                with self._writer(bind=conn) as session, session.begin():
                    yield session
            finally:
                try:
                    # A COMMIT that failed (a deferred constraint, SQLITE_BUSY) can leave
                    # SQLite's transaction open while SQLAlchemy considers it ended.
                    if raw.in_transaction:
                        raw.rollback()
                    _set_synchronous(raw, "FULL")
                except Exception:
                    # Never let a FULL-less connection back into the pool; what was
                    # committed stays committed, so the caller's outcome stands.
                    log.exception("could not restore synchronous=FULL; connection discarded")
                    conn.invalidate()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; anything written in it is rolled back."""
        with self._reader() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def lookup(self) -> Iterator[Any]:
        """A pooled DB-API connection for plain reads: no session and no BEGIN, so each
        statement is its own read snapshot (autocommit, WAL: never blocks the writer).
        For the counter's look-ups, where the session's work cost more than the read."""
        raw: Any = self.engine.raw_connection()
        try:
            yield raw.dbapi_connection
        finally:
            raw.close()  # back to the pool

    def close(self) -> None:
        """Write the deferred rows, then close every pooled connection (a later use
        opens new ones, as before)."""
        self._stop_flusher()
        try:
            self.flush_deferred()
        except Exception:
            log.exception("%d deferred rows could not be written at close",
                          self.pending_deferred())  # fmt: skip
        self.engine.dispose()
