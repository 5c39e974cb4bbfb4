"""Apply the packaged Alembic migrations from code, at start-up, on our own connection."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Tables Alembic must not manage through the models (FTS5 virtual table and its shadows).
UNMANAGED_PREFIXES = ("family_fts",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate filter: leave the FTS5 tables (made by hand in 0001) alone."""
    return not (type_ == "table" and name and name.startswith(UNMANAGED_PREFIXES))


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
    """Bring the database to `revision` in one transaction (SQLite DDL is transactional)."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
