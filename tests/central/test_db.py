"""The central engine's transaction modes: `non_durable` bookkeeping on either backend."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from ewarong_pos.central.core.db import CentralDB, is_sqlite, non_durable


def _level(central: CentralDB, s: Session) -> str:
    if is_sqlite(central.engine):
        return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
            s.execute(text("PRAGMA synchronous")).scalar()
        ]
    return str(s.execute(text("SHOW synchronous_commit")).scalar())


def test_a_non_durable_transaction_leaves_the_next_ones_durable(central_url):
    central = CentralDB(central_url)
    try:
        durable = "FULL" if is_sqlite(central.engine) else "on"
        lazy = "NORMAL" if is_sqlite(central.engine) else "off"
        with central.session() as s, s.begin():
            non_durable(s)
            assert _level(central, s) == lazy
        with central.session() as s, s.begin():
            assert _level(central, s) == durable
        with central.session() as s, s.begin():
            non_durable(s)
            assert _level(central, s) == lazy
        # a raw pooled connection (no BEGIN event) gets its connection back at FULL too
        raw = central.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA synchronous" if is_sqlite(central.engine)
                           else "SHOW synchronous_commit")  # fmt: skip
            assert cursor.fetchone()[0] in (2, "on")
        finally:
            raw.close()
    finally:
        central.close()
