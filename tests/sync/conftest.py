"""Fixtures for the sync and central tests: central database URL (SQLite, and PostgreSQL
when EWARONG_TEST_POSTGRES_URL is set), the running service, outlets."""

from __future__ import annotations

import pytest

from ewarong_pos.central.core.config import Settings
from tests.sync.harness import Service, env_postgres, postgres_database

GENEROUS = Settings(enroll_rate_per_second=1000.0, enroll_burst=1000)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def central_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    with postgres_database(base) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'central.db'}"


@pytest.fixture
def service(central_url, clock):
    # Tests enroll many tills from 127.0.0.1: the per-address /enroll throttle is opened
    # wide here (tests/central/test_bad_values.py::test_enroll_is_throttled checks it).
    svc = Service(central_url, settings=GENEROUS, clock=clock)
    yield svc
    svc.stop()
