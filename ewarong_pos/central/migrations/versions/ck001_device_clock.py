"""Central office database: each device's clock offset, noted at every push and pull
(issue 17: the office lists devices whose clocks drift).

Revision ID: ck001
Revises: c0004
Create Date: 2026-12-04 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ck001"
down_revision = "c0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("clock_offset_s", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("clock_seen_at", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.drop_column("clock_seen_at")
        batch.drop_column("clock_offset_s")
