"""Migrations build exactly the schema the models describe, with the house pragmas."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ewarong_pos.db import migrate
from ewarong_pos.db.engine import Database
from ewarong_pos.db.models import Base


def test_upgrade_head_on_empty_file_matches_models(tmp_path):
    db = Database(tmp_path / "empty.db")
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": migrate.include_name, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    db.close()


def test_every_connection_has_wal_full_sync_and_foreign_keys(tmp_path):
    db = Database(tmp_path / "p.db")
    migrate.upgrade(db.engine)
    with db.read() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.close()


def test_migrating_twice_is_harmless(tmp_path):
    db = Database(tmp_path / "twice.db")
    migrate.upgrade(db.engine)
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()


def test_family_name_index_follows_the_table(ctx):
    from ewarong_pos.db.models import Family

    with ctx.db.write() as s:
        s.add(
            Family(
                dtks_id="D1",
                name="Siti Nurhaliza",
                address="Jl. Kenari 2",
                kelurahan="Kenari",
                nik_hash="a" * 64,
                nik_last4="0001",
                kk_hash="b" * 64,
                kk_last4="0002",
                outlet_code="EW-3171-0001",
                updated_at=ctx.now_iso(),
            )
        )
    with ctx.db.read() as s:
        hits = (
            s.connection()
            .exec_driver_sql("SELECT rowid FROM family_fts WHERE family_fts MATCH 'nurh*'")
            .all()
        )
    assert len(hits) == 1


def test_the_clock_mark_of_an_existing_journal_is_set_as_verify_walks_it(tmp_path):
    """Migration 0004 gives each device the latest time in its journal since its last
    clock correction, read from the entries already there."""
    import sqlalchemy as sa

    db = Database(tmp_path / "old.db")
    migrate.upgrade(db.engine, "0003_sale_balance")
    entries = [  # seq, kind, at
        (1, "sale.cash", "2026-01-01T10:00:00.000000Z"),
        (2, "sale.cash", "2026-01-01T12:00:00.000000Z"),  # the clock ahead
        (3, "sale.cash", "2026-01-01T11:55:00.000000Z"),
        (4, "clock.corrected", "2026-01-01T10:05:00.000000Z"),
        (5, "sale.cash", "2026-01-01T10:07:00.000000Z"),
        (6, "sale.cash", "2026-01-01T10:06:00.000000Z"),
    ]
    with db.engine.begin() as conn:

        def insert(table, values):  # every NOT NULL column filled
            for _cid, name, type_, notnull, _default, _pk in conn.execute(
                sa.text(f"PRAGMA table_info({table})")
            ):
                if notnull and name not in values:
                    values[name] = 0 if "INT" in type_ or "BOOL" in type_ else ""
            names = ", ".join(values)
            marks = ", ".join(f":{n}" for n in values)
            conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)

        insert("outlet", {"code": "O1"})
        for device in ("d1", "d2"):
            insert("device", {"id": device, "outlet_code": "O1", "code": device})
        for seq, kind, at in entries:
            conn.execute(sa.text(
                "INSERT INTO journal (device_id, seq, uuid, kind, at, payload, prev_hash, hash) "
                "VALUES ('d1', :seq, :uuid, :kind, :at, '{}', '', '')"
            ), {"seq": seq, "uuid": f"u{seq}", "kind": kind, "at": at})  # fmt: skip
    migrate.upgrade(db.engine)
    with db.engine.connect() as conn:
        marks = dict(
            (device, (at, seq))
            for device, at, seq in conn.execute(
                sa.text("SELECT id, clock_high_at, clock_high_seq FROM device")
            )
        )
    assert marks == {"d1": ("2026-01-01T10:07:00.000000Z", 5), "d2": (None, None)}
    db.engine.dispose()
