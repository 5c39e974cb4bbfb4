"""shifts, shift closes and opened business days (issue 15)

Revision ID: 0002_shifts
Revises: 0001
Create Date: 2026-12-04 19:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_shifts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("cashier_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("float_counts", sa.Text(), nullable=False),
        sa.Column("float_total", sa.Integer(), nullable=False),
        sa.Column("from_shift_id", sa.Integer(), nullable=True),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cashier_id"], ["account.id"], name=op.f("fk_shift_cashier_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_shift_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["from_shift_id"], ["shift.id"], name=op.f("fk_shift_from_shift_id_shift")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
        sa.UniqueConstraint("uuid", name=op.f("uq_shift_uuid")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_business_date"), ["business_date"], unique=False)
    op.create_table(
        "shift_close",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=False),
        sa.Column("counted_by_id", sa.Integer(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("counted_total", sa.Integer(), nullable=False),
        sa.Column("cash_sales", sa.Integer(), nullable=False),
        sa.Column("cash_voids", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("over_short", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("handover_to_id", sa.Integer(), nullable=True),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["account.id"], name=op.f("fk_shift_close_approved_by_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["counted_by_id"], ["account.id"], name=op.f("fk_shift_close_counted_by_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["handover_to_id"], ["account.id"], name=op.f("fk_shift_close_handover_to_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_shift_close_shift_id_shift")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_close")),
        sa.UniqueConstraint("shift_id", name=op.f("uq_shift_close_shift_id")),
    )
    op.create_table(
        "day_open",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_day_open_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["account.id"], name=op.f("fk_day_open_opened_by_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_open")),
        sa.UniqueConstraint("device_id", "business_date", name=op.f("uq_day_open_device_id")),
    )


def downgrade() -> None:
    op.drop_table("day_open")
    op.drop_table("shift_close")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_business_date"))
    op.drop_table("shift")
