"""Central office database: per-outlet change streams instead of the one counter row.

Every change used to take a value of one counter under that row's lock: one city's pushes
queue on it, a country's cannot. Now each outlet has its stream row (`change_stream`,
'*' for reference data every outlet sees); see central/changes.py for the rule that keeps
"nothing numbered at or below a pulled cursor commits later" per outlet. Existing numbers
stay valid: every stream starts at the old counter's value, so no outlet's cursor moves.
The moved-away index becomes (prev_outlet_code, version), a range like the others.

Revision ID: c0003
Revises: cs001
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "cs001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_stream",
        sa.Column("outlet_code", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outlet_code", name=op.f("pk_change_stream")),
    )
    op.execute(
        "INSERT INTO change_stream (outlet_code, value) "
        "SELECT '*', COALESCE((SELECT value FROM counter WHERE name = 'changes'), 0)"
    )
    op.execute(
        "INSERT INTO change_stream (outlet_code, value) "
        "SELECT codes.code, (SELECT value FROM change_stream WHERE outlet_code = '*') FROM ("
        " SELECT code FROM outlet UNION SELECT outlet_code FROM family"
        " UNION SELECT outlet_code FROM account) AS codes"
        " WHERE codes.code IS NOT NULL AND codes.code <> '*'"
    )
    op.drop_table("counter")
    # plain index statements (no batch table copy: it would drop family's triggers on SQLite)
    op.drop_index("ix_family_prev_outlet_code", table_name="family")
    op.create_index("ix_family_prev_outlet_version", "family", ["prev_outlet_code", "version"])
    op.create_index("ix_account_outlet_version", "account", ["outlet_code", "version"])


def downgrade() -> None:
    op.drop_index("ix_account_outlet_version", table_name="account")
    op.drop_index("ix_family_prev_outlet_version", table_name="family")
    op.create_index("ix_family_prev_outlet_code", "family", ["prev_outlet_code"])
    op.create_table(
        "counter",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    # the highest number any stream handed out: above every version in the database
    op.execute(
        "INSERT INTO counter (name, value) "
        "SELECT 'changes', COALESCE(MAX(value), 0) FROM change_stream"
    )
    op.drop_table("change_stream")
