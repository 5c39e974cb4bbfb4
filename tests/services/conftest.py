"""Fixtures of the backup and restore tests (test_backup.py, test_restore_safety.py).

`outlet` is an encrypted, seeded outlet whose key sits in a key store of its own
(`store`), `usb` a folder standing for the USB disk; `default_key_dir` moves the
machine's default key folder under tmp_path (those modules use it for every test).
A module's own fixture of the same name wins over these (test_roster_safety's `outlet`).
"""

from __future__ import annotations

import pytest

from ewarong_pos.db import crypto
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from tests.services.sales_helpers import OUTLET, seed


@pytest.fixture
def default_key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "default-keys"))


@pytest.fixture
def store(tmp_path):
    return crypto.FileKeyStore(tmp_path / "config" / "keys")


@pytest.fixture
def outlet(tmp_path, clock, store):
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    setup_outlet(ctx, OUTLET, "e-Warong Melati")
    data = seed(ctx)
    yield ctx, data
    ctx.close()


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder
