"""Shared fixtures: a real outlet database in a temporary folder, a settable clock."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading

# Real Qt widgets, offscreen: set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Database keys of test outlets go to a throw-away folder, never the user's keystore.
os.environ.setdefault("EWARONG_KEY_DIR", tempfile.mkdtemp(prefix="ewarong-test-keys-"))
# Thousands of synthetic families: a trivial identifier hash cost, under its own version
# number so it can never meet real data (core.identifiers; the production cost is measured
# by tests/core/test_identifier_cost.py).
os.environ.setdefault("EWARONG_TEST_CHEAP_IDENTIFIER_HASH", "1")

import pytest

from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import setup_outlet


class FakeClock:
    """A clock tests can set and advance; the app's default clock is the real one."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    # 12 April 2018, 09:00 WIB (02:00 UTC): inside opening hours.
    return FakeClock(dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC))


@pytest.fixture
def ctx(tmp_path, clock) -> Context:
    """A migrated, set-up outlet with no families or products yet."""
    context = open_outlet(tmp_path / "data", clock=clock)
    setup_outlet(
        context,
        "EW-3171-0001",
        "e-Warong Melati",
        address="Jl. Melati No. 5, RT 003/RW 007",
        kelurahan="Kebon Melati",
        kecamatan="Tanah Abang",
        city="Jakarta Pusat",
        complaints_line="Pengaduan: Dinas Sosial DKI 021-1234567",
    )
    yield context
    context.close()


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail a test that leaves background threads running (as napari does)."""
    before = set(threading.enumerate())
    yield
    leftover = [
        t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon
    ]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"
