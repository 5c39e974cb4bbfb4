"""The central database: migrations match the models (SQLite and PostgreSQL); the OpenAPI
description in docs/ is the one the service serves."""

from __future__ import annotations

import json
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ewarong_pos.central.core.db import CentralDB, current_revision, head_revision
from ewarong_pos.central.models import Base
from ewarong_pos.central.openapi import openapi_document
from ewarong_pos.central.partitions import include_name

DOCS = Path(__file__).resolve().parents[2] / "docs" / "central-openapi.json"


def test_migrations_match_the_models(central_url):
    central = CentralDB(central_url)
    try:
        assert current_revision(central.engine) == head_revision()
        with central.engine.connect() as conn:
            # as migrations/env.py configures it: the voucher partitions (PostgreSQL,
            # c0005) are tables the models do not name
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, Base.metadata) == []
        CentralDB(central_url).close()  # a second start migrates nothing and keeps its key
    finally:
        central.close()


def test_exported_openapi_is_current():
    assert json.loads(DOCS.read_text()) == json.loads(json.dumps(openapi_document()))
    paths = openapi_document()["paths"]
    assert {"/api/v1/push", "/api/v1/pull", "/api/v1/enroll", "/api/v1/health"} <= set(paths)


def test_served_openapi(service):
    import httpx

    served = httpx.get(f"{service.url}/openapi.json").json()
    assert set(served["paths"]) == set(openapi_document()["paths"])
