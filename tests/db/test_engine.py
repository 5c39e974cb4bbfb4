"""Database.write(durable=False): NORMAL for that one transaction, FULL again afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ewarong_pos.db import engine as engine_module
from ewarong_pos.db.engine import Database

FULL, NORMAL = 2, 1


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "t.db")
    with database.write() as s:
        s.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        s.execute(
            text(
                "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL, "
                "parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
            )
        )
    yield database
    database.close()


def _level(raw: Any) -> int:
    cursor = raw.cursor()
    try:
        return int(cursor.execute("PRAGMA synchronous").fetchone()[0])
    finally:
        cursor.close()


def _raw(session: Any) -> Any:
    return session.connection().connection.dbapi_connection


def _notes(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.execute(text("SELECT body FROM note ORDER BY id")).scalars())


def _every_pooled_level(db: Database) -> set[int]:
    """The level of every connection the pool holds, checked out all at once."""
    held = [db.engine.connect() for _ in range(db.engine.pool.size())]
    try:
        return {_level(c.connection.dbapi_connection) for c in held}
    finally:
        for c in held:
            c.close()


def test_default_write_is_full(db):
    with db.write() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar() == FULL


def test_non_durable_write_runs_normal_then_goes_back_to_full(db):
    with db.write(durable=False) as s:
        assert s.execute(text("PRAGMA synchronous")).scalar() == NORMAL
        s.execute(text("INSERT INTO note (body) VALUES ('seen')"))
        raw = _raw(s)
    assert _notes(db) == ["seen"]
    assert _level(raw) == FULL  # the very connection, now back in the pool
    assert _every_pooled_level(db) == {FULL}
    with db.write() as s:
        assert s.execute(text("PRAGMA synchronous")).scalar() == FULL


def test_full_again_after_an_exception_in_the_block(db):
    with pytest.raises(RuntimeError), db.write(durable=False) as s:
        s.execute(text("INSERT INTO note (body) VALUES ('lost')"))
        raw = _raw(s)
        raise RuntimeError("boom")
    assert _notes(db) == []  # rolled back
    assert _level(raw) == FULL
    assert _every_pooled_level(db) == {FULL}


def test_full_again_after_a_failed_commit(db):
    # A deferred foreign key fails at COMMIT itself, leaving SQLite's transaction open
    # until it is rolled back: the level can only be reset after that.
    with pytest.raises(IntegrityError), db.write(durable=False) as s:
        s.execute(text("INSERT INTO note (body, parent_id) VALUES ('orphan', 42)"))
        raw = _raw(s)
    assert _notes(db) == []
    assert _level(raw) == FULL
    assert _every_pooled_level(db) == {FULL}
    with db.write(durable=False) as s:  # the pool still works
        s.execute(text("INSERT INTO note (body) VALUES ('next')"))
    assert _notes(db) == ["next"]


@pytest.mark.expect_log("ewarong_pos.db.engine", r"could not restore synchronous")
def test_connection_that_cannot_go_back_to_full_is_discarded(db, monkeypatch):
    real = engine_module._set_synchronous

    def failing(raw: Any, level: str) -> None:
        if level == "FULL":
            raise RuntimeError("disk gone")
        real(raw, level)

    monkeypatch.setattr(engine_module, "_set_synchronous", failing)
    with db.write(durable=False) as s:
        s.execute(text("INSERT INTO note (body) VALUES ('kept')"))
        raw = _raw(s)
    monkeypatch.undo()
    assert _notes(db) == ["kept"]  # the commit stands
    with pytest.raises(Exception, match="closed"):
        _level(raw)  # invalidated: closed, never pooled again
    assert _every_pooled_level(db) == {FULL}
