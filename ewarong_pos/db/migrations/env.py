"""Alembic environment: runs on the connection handed over by `db.migrate.upgrade`."""

from __future__ import annotations

from alembic import context

from ewarong_pos.db.migrate import include_name
from ewarong_pos.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through ewarong_pos.db.migrate.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
