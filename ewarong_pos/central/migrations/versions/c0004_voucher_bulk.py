"""Central office database: what a country's voucher issue pays per row, trimmed.

- `ix_voucher_version` goes: an outlet reaches its vouchers by `(outlet_code, version)`
  (c0002) and nothing reads vouchers by version alone since the change streams (c0003);
  at 20 million vouchers a month it was one index insert per voucher for nothing.
- On PostgreSQL the voucher-outlet trigger fires only when the outlet is not given
  (`WHEN (NEW.outlet_code IS NULL)`), as the SQLite trigger already did: the set-based
  issue gives it, so no PL/pgSQL call per row.

Revision ID: c0004
Revises: cc001
Create Date: 2026-12-04 19:55:00
"""

from __future__ import annotations

from alembic import op

revision = "c0004"
down_revision = "cc001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_voucher_version", table_name="voucher")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER voucher_outlet_on_insert ON voucher")
        op.execute(
            "CREATE TRIGGER voucher_outlet_on_insert BEFORE INSERT ON voucher "
            "FOR EACH ROW WHEN (NEW.outlet_code IS NULL) "
            "EXECUTE FUNCTION voucher_outlet_on_insert()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER voucher_outlet_on_insert ON voucher")
        op.execute(
            "CREATE TRIGGER voucher_outlet_on_insert BEFORE INSERT ON voucher "
            "FOR EACH ROW EXECUTE FUNCTION voucher_outlet_on_insert()"
        )
    op.create_index("ix_voucher_version", "voucher", ["version"])
