"""Central office database: the outlet's identity (address, kelurahan, phone, ...).

A new outlet PC set up from the office (`ewarong enroll` on an empty data folder, or the
set-up file) copies it, so nobody types it again at the outlet.

Revision ID: cs001
Revises: c0002
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cs001"
down_revision = "c0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("address", 250),
    ("kelurahan", 80),
    ("kecamatan", 80),
    ("city", 80),
    ("phone", 40),
    ("complaints_line", 120),
)


def upgrade() -> None:
    with op.batch_alter_table("outlet") as batch:
        for name, length in COLUMNS:
            batch.add_column(
                sa.Column(name, sa.String(length), nullable=False, server_default="")
            )
        batch.add_column(
            sa.Column("price_zone", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("outlet") as batch:
        batch.drop_column("price_zone")
        for name, _length in reversed(COLUMNS):
            batch.drop_column(name)
