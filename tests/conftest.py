"""Shared fixtures: a real outlet database in a temporary folder, a settable clock, and
the log check (after qutebrowser's `tests/helpers/logfail.py`): a test fails when its code,
or a background job it started, logs a WARNING or an ERROR it did not say it expects.

A test that expects one says so with the marker

    @pytest.mark.expect_log("ewarong_pos.services.sync", "sync failed")

(a logger name, or the start of one, and optionally a regular expression its message
must match; several markers for several messages) or, inside the test, with the
`expect_log` fixture: `expect_log("ewarong_pos.ui.tasks", "task .* failed")`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable

# Real Qt widgets, offscreen: set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Database keys of test outlets go to a throw-away folder, never the user's keystore.
os.environ.setdefault("EWARONG_KEY_DIR", tempfile.mkdtemp(prefix="ewarong-test-keys-"))
# The central office's sealing key (central.core.officekey): one throw-away file for the
# run, never the user's config folder (created by the first office database).
os.environ.setdefault(
    "EWARONG_CENTRAL_KEY_FILE",
    os.path.join(tempfile.mkdtemp(prefix="ewarong-test-office-key-"), "office.key"),
)
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


# --- the log check --------------------------------------------------------------------------


class _Collect(logging.Handler):
    """Keeps every WARNING and above that reaches the root logger (any thread)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_COLLECT = _Collect()
Allowance = tuple[str, "re.Pattern[str] | None"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(logger, pattern=None): the test expects WARNING/ERROR records of that "
        "logger (or its children), with a message matching pattern when given",
    )
    logging.getLogger().addHandler(_COLLECT)


def _allowance(logger: str, pattern: str | None = None) -> Allowance:
    return logger, re.compile(pattern) if pattern else None


def _allowed(record: logging.LogRecord, allowances: list[Allowance]) -> bool:
    name = record.name
    for logger, pattern in allowances:
        if (name == logger or name.startswith(logger + ".")) and (
            pattern is None or pattern.search(record.getMessage())
        ):
            return True
    return False


@pytest.fixture
def expect_log(request: pytest.FixtureRequest) -> Callable[..., None]:
    """`expect_log(logger, pattern=None)`: this test logs that on purpose."""
    allowances: list[Allowance] = request.node.stash.setdefault(_EXPECTED, [])

    def expect(logger: str, pattern: str | None = None) -> None:
        allowances.append(_allowance(logger, pattern))

    return expect


_EXPECTED = pytest.StashKey[list[Allowance]]()


@pytest.fixture(autouse=True)
def fail_on_unexpected_log(request: pytest.FixtureRequest):
    """Fail the test when a WARNING or an ERROR was logged that it does not expect."""
    allowances: list[Allowance] = request.node.stash.setdefault(_EXPECTED, [])
    for mark in request.node.iter_markers("expect_log"):
        allowances.append(_allowance(*mark.args, **mark.kwargs))
    _COLLECT.records.clear()
    yield
    unexpected = [r for r in _COLLECT.records if not _allowed(r, allowances)]
    _COLLECT.records.clear()
    record_to = os.environ.get("EWARONG_LOGFAIL_RECORD")
    if unexpected and record_to:  # a survey of the suite, not a verdict
        with open(record_to, "a", encoding="utf-8") as out:
            for r in unexpected:
                message = r.getMessage().splitlines()[0][:160] if r.getMessage() else ""
                out.write(f"{request.node.nodeid}\t{r.levelname}\t{r.name}\t{message}\n")
        return
    if unexpected:
        lines = "\n".join(
            f"  {r.levelname} {r.name} [{r.threadName}]: {r.getMessage()[:300]}" for r in unexpected
        )
        pytest.fail(
            "unexpected log records (declare them with @pytest.mark.expect_log if the test "
            f"means them):\n{lines}",
            pytrace=False,
        )
