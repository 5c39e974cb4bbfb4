"""Engine and migrations of the central database: a SQLite file or PostgreSQL, one code.

SQLite gets the same treatment as the outlet's file (WAL, synchronous=FULL, foreign keys,
busy timeout, writes in BEGIN IMMEDIATE) so concurrent pushes queue instead of failing
halfway; read-only transactions begin deferred and never wait for writers. On PostgreSQL,
row locks (`SELECT ... FOR UPDATE`) order concurrent writers. `non_durable(session)`
commits one transaction of bookkeeping without waiting for the disk, on either backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "ewarong_read_only"
NON_DURABLE_OPTION = "ewarong_non_durable"
_SYNCHRONOUS = "ewarong_synchronous"  # a pooled SQLite connection's level, when not FULL
# The threads a service process runs its request handlers on with PostgreSQL (app.py sets
# anyio's limit; its default of 40 stays on SQLite), and the PostgreSQL connections it
# keeps open for them: one per thread, so a busy office never opens and closes a
# connection per request. The handlers' Python work shares one core (the GIL): more
# threads than this only wait for it, and with the pool at 10 for 40 threads, 200 outlets
# pushing at once started a PostgreSQL backend for most pushes (issue 19).
REQUEST_THREADS = 16


def read_only(session: Session) -> None:
    """Mark the transaction `session` is about to begin as read-only: call it first thing
    inside `with session.begin():`. On SQLite it then begins DEFERRED (a WAL reader that
    does not wait for the write lock); on PostgreSQL nothing changes."""
    session.connection(execution_options={READ_ONLY_OPTION: True})


def non_durable(session: Session) -> None:
    """Commit the transaction `session` is about to begin without waiting for the disk:
    call it first thing inside `with session.begin():`, for bookkeeping whose loss costs
    nothing (a pull's cursors: a lost one re-sends a page, never skips one), never for
    journal entries or balances. PostgreSQL: `synchronous_commit = off` for the
    transaction. SQLite: `synchronous = NORMAL` for it (SQLite refuses to change it
    inside a transaction, so it is set before BEGIN and put back to FULL when the
    connection returns to the pool, or at the next transaction's BEGIN); in WAL mode the
    commit is still atomic and survives a crash of the service, and a power cut can lose
    it only until the next FULL commit or checkpoint syncs the WAL."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit = off"))
    else:
        session.connection(execution_options={NON_DURABLE_OPTION: True})


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and a bare file path; use psycopg 3 for PostgreSQL."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            pool_size=8,
            max_overflow=32,
            # The connection used last is handed out again: its page cache is warm (SQLite
            # keeps a connection's cache only while no other connection wrote since its
            # last transaction; first in, first out read every page afresh).
            pool_use_lifo=True,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_conn.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            options = conn.get_execution_options()
            # the safety level first: SQLite ignores a change inside a transaction
            level = "NORMAL" if options.get(NON_DURABLE_OPTION) else "FULL"
            info = conn.connection.info
            if info.get(_SYNCHRONOUS, "FULL") != level:
                conn.exec_driver_sql(f"PRAGMA synchronous = {level}")
                info[_SYNCHRONOUS] = level
            # Writers take the write lock up front (no deadlock-prone upgrade from a read);
            # read-only transactions begin deferred so they never queue behind writers.
            deferred = options.get(READ_ONLY_OPTION)
            conn.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")

        @event.listens_for(engine, "checkin")
        def _on_checkin(dbapi_conn: Any, record: Any) -> None:
            # Back in the pool at FULL: a raw connection (no BEGIN event) must not
            # inherit a non-durable level.
            if dbapi_conn is None or record.info.get(_SYNCHRONOUS, "FULL") == "FULL":
                return
            try:
                dbapi_conn.execute("PRAGMA synchronous = FULL")
                record.info.pop(_SYNCHRONOUS, None)
            except Exception:
                record.invalidate()  # never pooled at NORMAL

        return engine
    return create_engine(
        url, pool_size=REQUEST_THREADS, max_overflow=REQUEST_THREADS, pool_pre_ping=True
    )


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


class CentralDB:
    """The central database: engine, migrations applied, the identifier lookup key unsealed
    with the office's sealing key (`core.officekey`; `key_file`, else where that module
    looks), and a session factory whose sessions carry that key (`admin.lookup_key`).

    A missing or wrong sealing key is `Refused` (`office_key.*`) before any request."""

    def __init__(
        self, url: str, *, migrate: bool = True, key_file: Path | str | None = None
    ) -> None:
        self.url = url
        self.engine = make_engine(url)
        try:
            if migrate:
                upgrade(self.engine)
            from ewarong_pos.central.admin import LOOKUP_KEY, ensure_initialised

            with Session(self.engine) as s, s.begin():
                key = ensure_initialised(s, key_file)
        except BaseException:
            self.engine.dispose()
            raise
        self.sessions = sessionmaker(
            bind=self.engine, expire_on_commit=False, info={LOOKUP_KEY: key}
        )

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()
