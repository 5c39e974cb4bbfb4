"""sale_balance: what a family had left right after each sale, for its receipt copies (issue 16)

Revision ID: 0003_sale_balance
Revises: 0002_shifts
Create Date: 2026-12-04 20:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_sale_balance"
down_revision = "0002_shifts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sale_balance",
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("balances", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sale.id"], name=op.f("fk_sale_balance_sale_id_sale")
        ),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_sale_balance")),
    )


def downgrade() -> None:
    op.drop_table("sale_balance")
