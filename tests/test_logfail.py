"""The log check of tests/conftest.py: what it catches and how a test declares a record."""

from __future__ import annotations

import logging
import threading

import pytest

from tests import conftest


def test_a_warning_from_a_background_thread_is_caught(expect_log):
    expect_log("ewarong_pos.ui.tasks", r"task \w+ failed")
    worker = threading.Thread(
        target=lambda: logging.getLogger("ewarong_pos.ui.tasks").error("task print failed")
    )
    worker.start()
    worker.join()
    caught = [r for r in conftest._COLLECT.records if r.name == "ewarong_pos.ui.tasks"]
    assert [r.getMessage() for r in caught] == ["task print failed"]
    assert caught[0].threadName != threading.current_thread().name


@pytest.mark.expect_log("ewarong_pos.services.sync", "sync failed")
def test_only_what_the_test_declares_is_allowed(request):
    allowances = request.node.stash[conftest._EXPECTED]

    def record(name: str, message: str, level: int = logging.WARNING) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, message, None, None)

    assert conftest._allowed(
        record("ewarong_pos.services.sync", "sync failed: offline"), allowances
    )
    assert conftest._allowed(record("ewarong_pos.services.sync.x", "sync failed"), allowances)
    assert not conftest._allowed(record("ewarong_pos.services.sync", "disk full"), allowances)
    assert not conftest._allowed(record("ewarong_pos.services.syncing", "sync failed"), allowances)
    assert not conftest._allowed(record("ewarong_pos.ui.tasks", "sync failed"), allowances)
    logging.getLogger("ewarong_pos.services.sync").warning("sync failed: offline")


def test_info_records_are_not_collected():
    logging.getLogger("ewarong_pos.services.sales").info("redemption committed")
    assert not [r for r in conftest._COLLECT.records if r.name == "ewarong_pos.services.sales"]
