"""Vouchers partitioned by period on PostgreSQL (migration c0005); SQLite keeps one table.

A month with a code of the form YYYY-MM gets a partition of its own, `voucher_YYYY_MM`;
vouchers of any other month live in `voucher_default`. `admin.issue_vouchers` loads a
new month into a fresh table without indexes, then attaches it (`attach`): PostgreSQL
builds the partition's indexes once and validates its foreign keys in one pass each,
instead of an index insert and two foreign-key checks per voucher.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, text

_MONTH = re.compile(r"\d{4}-\d{2}")
PARENT = "voucher"
DEFAULT = "voucher_default"


def partition_name(period: str) -> str | None:
    """The partition table of `period`, or None (its vouchers stay in the default one)."""
    return f"voucher_{period.replace('-', '_')}" if _MONTH.fullmatch(period) else None


def is_partition(name: str | None) -> bool:
    """Whether a table name is one of the voucher partitions (autogenerate skips them)."""
    if not name:
        return False
    return name == DEFAULT or re.fullmatch(r"voucher_\d{4}_\d{2}", name) is not None


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Alembic's `include_name` for autogenerate: everything but the voucher partitions
    (tables of the database that the models do not name, by design)."""
    return not (type_ == "table" and is_partition(name))


def partitioned(conn: Connection) -> bool:
    """Whether this database holds vouchers partitioned by period."""
    if conn.dialect.name != "postgresql":
        return False
    kind = conn.execute(
        text("SELECT relkind FROM pg_class WHERE oid = to_regclass(:t)"), {"t": PARENT}
    ).scalar()
    return kind == "p"


def has_partition(conn: Connection, period: str) -> bool:
    name = partition_name(period)
    return (
        name is not None
        and conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": name}).scalar_one()
    )


def create_detached(conn: Connection, period: str) -> str:
    """A new, empty table shaped like the vouchers (columns, NOT NULL, CHECK), not yet
    a partition and without indexes: what a month's bulk load writes into."""
    name = partition_name(period)
    if name is None:
        raise ValueError(f"period {period!r} has no partition of its own")
    conn.execute(
        text(f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    )
    return name


def attach(conn: Connection, period: str) -> None:
    """Attach the loaded table of `period`: a CHECK on the period first (one scan), so
    the attach itself need not scan it; the attach builds the partition's indexes and
    validates the foreign keys (one query each)."""
    name = partition_name(period)
    assert name is not None and _MONTH.fullmatch(period)
    conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    conn.execute(
        text(f"ALTER TABLE {name} ADD CONSTRAINT {name}_period CHECK (period = '{period}')")
    )
    conn.execute(text(f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES IN ('{period}')"))


def split_default(conn: Connection) -> list[str]:
    """Give every month held in the default partition its own partition (the migration
    does this for the vouchers it finds); returns the periods moved."""
    moved: list[str] = []
    periods: list[Any] = list(
        conn.execute(text(f"SELECT DISTINCT period FROM {DEFAULT} ORDER BY period")).scalars()
    )
    for period in periods:
        if partition_name(period) is None:
            continue
        name = create_detached(conn, period)
        conn.execute(
            text(f"INSERT INTO {name} SELECT * FROM {DEFAULT} WHERE period = :p"), {"p": period}
        )
        conn.execute(text(f"DELETE FROM {DEFAULT} WHERE period = :p"), {"p": period})
        attach(conn, period)
        moved.append(period)
    return moved
