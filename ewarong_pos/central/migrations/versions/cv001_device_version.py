"""Central office database: the app version each device runs, noted at every push and pull
from its User-Agent (`ewarong-pos/<version>`), shown on the console's Outlets pages.

Revision ID: cv001
Revises: ck001
Create Date: 2026-12-04 20:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cv001"
down_revision = "ck001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("app_version", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.drop_column("app_version")
