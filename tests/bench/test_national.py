"""`ewarong bench --national` at a tiny scale on PostgreSQL: every step runs, the table
has every operation, and the database it made is gone afterwards. Figures are not judged."""

from __future__ import annotations

import math

import pytest

from ewarong_pos.bench import national
from tests.sync.harness import env_postgres

OPERATIONS = [
    "national roster import",
    "issue one month's vouchers",
    "an outlet's first pull",
    "an incremental pull with nothing new",
    "ingest,",
    "reconcile one period across the country",
]


@pytest.mark.postgres
def test_national_bench_runs_every_step_and_drops_its_database(monkeypatch):
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    import contextlib

    import psycopg

    from ewarong_pos.bench import central

    made: list[str] = []
    real = central.postgres_database

    @contextlib.contextmanager
    def recording(url):
        with real(url) as db:
            made.append(db.rpartition("/")[2])
            yield db

    monkeypatch.setattr(central, "postgres_database", recording)
    messages: list[str] = []
    rows, load, seconds = national.run(base, 0.00005, messages.append)
    with psycopg.connect(base, autocommit=True) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
    assert len(made) == 1 and made[0] not in names
    names = [r.operation for r in rows]
    for op in OPERATIONS:
        assert any(n.startswith(op) for n in names), op
    for r in rows:
        assert r.p99 is not None and math.isfinite(r.p99) and r.p99 > 0
    assert any("roster:" in m for m in messages)
    text = national.report(rows, 0.00005, load, seconds)
    assert "1,000 families, 34 outlets" in text
