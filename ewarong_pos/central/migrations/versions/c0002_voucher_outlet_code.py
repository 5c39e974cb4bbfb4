"""Central office database: each voucher carries its family's outlet, indexed with version.

An outlet's pull pages vouchers in version order; with the outlet on the voucher row the
page boundary is a range of `(outlet_code, version)` instead of every voucher of the
outlet's families sorted on each page. Triggers set the copy on insert and keep it in step
when a family moves to another outlet, whoever writes the rows (admin, bulk loaders).

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-28 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER voucher_outlet_on_insert AFTER INSERT ON voucher
    FOR EACH ROW WHEN NEW.outlet_code IS NULL
    BEGIN
        UPDATE voucher SET outlet_code =
            (SELECT outlet_code FROM family WHERE dtks_id = NEW.family_dtks)
        WHERE code = NEW.code;
    END
    """,
    """
    CREATE TRIGGER family_outlet_moved AFTER UPDATE OF outlet_code ON family
    FOR EACH ROW WHEN NEW.outlet_code IS NOT OLD.outlet_code
    BEGIN
        UPDATE voucher SET outlet_code = NEW.outlet_code WHERE family_dtks = NEW.dtks_id;
    END
    """,
)

POSTGRES_TRIGGERS = (
    """
    CREATE FUNCTION voucher_outlet_on_insert() RETURNS trigger AS $$
    BEGIN
        IF NEW.outlet_code IS NULL THEN
            SELECT outlet_code INTO NEW.outlet_code FROM family WHERE dtks_id = NEW.family_dtks;
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER voucher_outlet_on_insert BEFORE INSERT ON voucher
    FOR EACH ROW EXECUTE FUNCTION voucher_outlet_on_insert()
    """,
    """
    CREATE FUNCTION family_outlet_moved() RETURNS trigger AS $$
    BEGIN
        UPDATE voucher SET outlet_code = NEW.outlet_code WHERE family_dtks = NEW.dtks_id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER family_outlet_moved AFTER UPDATE OF outlet_code ON family
    FOR EACH ROW WHEN (NEW.outlet_code IS DISTINCT FROM OLD.outlet_code)
    EXECUTE FUNCTION family_outlet_moved()
    """,
)


def upgrade() -> None:
    with op.batch_alter_table("voucher", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outlet_code", sa.String(length=32), nullable=True))
        batch_op.create_index(
            "ix_voucher_outlet_version", ["outlet_code", "version"], unique=False
        )
    op.execute(
        "UPDATE voucher SET outlet_code = "
        "(SELECT outlet_code FROM family WHERE family.dtks_id = voucher.family_dtks)"
    )
    # After the batch operations: a batch table copy on SQLite would drop triggers.
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER family_outlet_moved ON family")
        op.execute("DROP TRIGGER voucher_outlet_on_insert ON voucher")
        op.execute("DROP FUNCTION family_outlet_moved()")
        op.execute("DROP FUNCTION voucher_outlet_on_insert()")
    else:
        op.execute("DROP TRIGGER family_outlet_moved")
        op.execute("DROP TRIGGER voucher_outlet_on_insert")
    with op.batch_alter_table("voucher", schema=None) as batch_op:
        batch_op.drop_index("ix_voucher_outlet_version")
        batch_op.drop_column("outlet_code")
