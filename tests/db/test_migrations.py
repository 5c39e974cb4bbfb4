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
