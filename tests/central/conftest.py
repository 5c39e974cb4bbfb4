"""Fixtures for the central service tests: the same as tests/sync (one definition)."""

from __future__ import annotations

from tests.sync.conftest import central_url, service, sqlite_url  # noqa: F401
