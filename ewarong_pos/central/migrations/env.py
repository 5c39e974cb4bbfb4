"""Alembic environment of the central database: runs on the connection given by code."""

from __future__ import annotations

from alembic import context

from ewarong_pos.central.models import Base
from ewarong_pos.central.partitions import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through ewarong_pos.central.core.db.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,  # the voucher partitions are not in the models (c0005)
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
