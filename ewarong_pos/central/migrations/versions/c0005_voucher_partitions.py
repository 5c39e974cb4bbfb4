"""Central office database (PostgreSQL only): vouchers partitioned by period.

A country's month is 20 million vouchers. Inserted into one table with its indexes, its
foreign keys and its trigger, the issue paid every index insert and two foreign-key
checks per row (44 minutes at national scale, 110x a bare insert). Partitioned by period
(`PARTITION BY LIST (period)`), a new month is loaded into a table of its own without
indexes, indexed once, then attached: the foreign keys are validated in one pass
(`admin.issue_vouchers`, `central.partitions`). Old months can be detached and archived.

What partitioning asks of the keys: every unique key must include the partition key.
- The primary key becomes `(code, period)`. A voucher's code embeds its period
  (`BPNT-<period>-<dtks>`, `admin.voucher_code`, the only maker of codes), so a code is
  still unique across the table; look-ups by code (a push) probe each month's primary key
  index once.
- `(family_dtks, period)` already includes it: one voucher per family per month, held by
  the database as before.
- Nothing references a voucher by foreign key (redemptions and disputes carry the code as
  the fact the outlet sent, and a voucher may be unknown to the office), so no foreign
  key has to follow the wider key. The voucher's own foreign keys (family, period) stay
  on the partitioned table.
- A DEFAULT partition takes the vouchers of a month without its own partition (the
  roster import's, a single city's), so every writer works unchanged.

SQLite (a single city) keeps its one table. The ORM model keeps `code` as its identity;
autogenerate does not compare primary keys and skips the partitions themselves
(`migrations/env.py`, `central.partitions.is_partition`).

Revision ID: c0005
Revises: cv001
Create Date: 2026-12-04 22:45:00
"""

from __future__ import annotations

from alembic import op

revision = "c0005"
down_revision = "cv001"
branch_labels = None
depends_on = None

TRIGGER = (
    "CREATE TRIGGER voucher_outlet_on_insert BEFORE INSERT ON voucher "
    "FOR EACH ROW WHEN (NEW.outlet_code IS NULL) EXECUTE FUNCTION voucher_outlet_on_insert()"
)


def _rebuild(partitioned: bool) -> None:
    """The voucher table again, partitioned or plain, with its rows, keys and trigger."""
    op.execute("ALTER TABLE voucher RENAME TO voucher_old")
    for name in (
        "pk_voucher",
        "uq_voucher_family_dtks",
        "ck_voucher_status",
        "fk_voucher_family_dtks_family",
        "fk_voucher_period_period",
    ):
        op.execute(f"ALTER TABLE voucher_old RENAME CONSTRAINT {name} TO {name}_old")
    op.execute("ALTER INDEX ix_voucher_period RENAME TO ix_voucher_period_old")
    op.execute("ALTER INDEX ix_voucher_outlet_version RENAME TO ix_voucher_outlet_version_old")
    op.execute("DROP TRIGGER voucher_outlet_on_insert ON voucher_old")
    key = "(code, period)" if partitioned else "(code)"
    op.execute(
        f"""
        CREATE TABLE voucher (
            code VARCHAR(64) NOT NULL,
            family_dtks VARCHAR(40) NOT NULL,
            period VARCHAR(7) NOT NULL,
            amount INTEGER NOT NULL,
            valid_from VARCHAR(10) NOT NULL,
            valid_until VARCHAR(10) NOT NULL,
            status VARCHAR(16) NOT NULL,
            status_reason VARCHAR(200) NOT NULL,
            redeemed INTEGER NOT NULL,
            updated_at VARCHAR(32) NOT NULL,
            version INTEGER NOT NULL,
            outlet_code VARCHAR(32),
            CONSTRAINT pk_voucher PRIMARY KEY {key},
            CONSTRAINT uq_voucher_family_dtks UNIQUE (family_dtks, period),
            CONSTRAINT ck_voucher_status CHECK (status IN ('open', 'revoked', 'blocked')),
            CONSTRAINT fk_voucher_family_dtks_family FOREIGN KEY (family_dtks)
                REFERENCES family (dtks_id),
            CONSTRAINT fk_voucher_period_period FOREIGN KEY (period) REFERENCES period (code)
        ) {"PARTITION BY LIST (period)" if partitioned else ""}
        """
    )
    if partitioned:
        op.execute("CREATE TABLE voucher_default PARTITION OF voucher DEFAULT")
    op.execute("CREATE INDEX ix_voucher_period ON voucher (period)")
    op.execute("CREATE INDEX ix_voucher_outlet_version ON voucher (outlet_code, version)")
    op.execute(TRIGGER)
    op.execute("INSERT INTO voucher SELECT * FROM voucher_old")
    op.execute("DROP TABLE voucher_old")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=True)
    # every month already held gets its own partition (out of the default one)
    from ewarong_pos.central.partitions import split_default

    split_default(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild(partitioned=False)
