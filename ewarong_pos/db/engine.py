"""Engine and unit of work for the outlet's SQLite file.

Every connection gets WAL, `synchronous=FULL` (these are money records), foreign keys and
a busy timeout. Writes start with `BEGIN IMMEDIATE` so two writers never deadlock halfway
through a sale; reads start a deferred transaction and never block the writer (WAL).
`write(durable=False)` drops the fsync for one transaction (look-up audit rows only).
The caller owns the transaction: repositories and services never commit; `Database.write()`
commits when its block ends and rolls back on any exception.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

ConnectFn = Callable[[str], Any]


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


def _set_synchronous(dbapi_conn: Any, level: str) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA synchronous = {level}")
    finally:
        cursor.close()


class Database:
    """The outlet database: one engine, a writer and a reader session factory."""

    def __init__(self, path: Path | str, connect: ConnectFn | None = None) -> None:
        self.path = Path(path)
        self.engine = make_engine(self.path, connect)
        self._writer = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="DEFERRED"),
            expire_on_commit=False,
        )

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
        """
        if durable:
            with self._writer() as session, session.begin():
                yield session
            return
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

    def close(self) -> None:
        self.engine.dispose()
