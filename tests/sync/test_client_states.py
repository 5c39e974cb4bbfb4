"""The outlet tells "office unreachable" (offline, retried) from "the office answers with an
error": a server error that keeps coming back ends in a state that asks for a person, with
the office's message; plain http to another PC is refused unless a person allowed it."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from ewarong_pos.core.errors import DomainError
from ewarong_pos.protocol import schemas as w
from ewarong_pos.services import sync
from ewarong_pos.sync.transport import Offline, Response
from tests.sync.harness import make_outlet


class BrokenOffice:
    """A transport to an office that answers every request with a server error."""

    def __init__(self, status: int = 500, body: bytes | None = None) -> None:
        self.status = status
        self.body = (
            body
            or w.ErrorBody(code="db.error", detail="relation is locked").model_dump_json().encode()
        )
        self.calls = 0

    def request(self, method, path, **_options):
        self.calls += 1
        return Response(self.status, self.body)

    def close(self) -> None:
        pass


class NoOffice:
    def request(self, method, path, **_options):
        raise Offline("ConnectError: connection refused")

    def close(self) -> None:
        pass


def _enrolled(tmp_path, clock, url="http://10.1.2.3:8000", allow_plain=False):
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock, encrypt=False)
    identity = sync.Identity(ctx.device_id, "EW-1", url, "t" * 43, allow_plain=allow_plain)
    sync.write_identity(ctx, identity)
    return ctx


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_a_server_error_that_keeps_coming_back_asks_for_a_person(tmp_path, clock):
    ctx = _enrolled(tmp_path, clock)
    try:
        office = BrokenOffice()
        for _ in range(2):  # a passing failure: retried like offline
            with pytest.raises(DomainError) as err:
                sync.sync_now(ctx, transport=office)
            assert err.value.code == "sync.offline"
            assert sync.sync_status(ctx).state == "offline"
        with pytest.raises(DomainError) as err:
            sync.sync_now(ctx, transport=office)
        assert err.value.code == "sync.server_error"
        assert err.value.params["detail"] == "relation is locked"
        status = sync.sync_status(ctx)
        assert status.state == "error" and "relation is locked" in status.last_error
        # sync_with_retry does not keep hammering an office that says it is broken
        office.calls = 0
        with pytest.raises(DomainError) as err:
            sync.sync_with_retry(
                ctx, attempts=5, transport_factory=lambda: office, sleep=lambda _s: None
            )
        assert err.value.code == "sync.server_error" and office.calls == 1
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_unreachable_stays_offline_however_often(tmp_path, clock):
    ctx = _enrolled(tmp_path, clock)
    try:
        for _ in range(4):
            with pytest.raises(DomainError) as err:
                sync.sync_now(ctx, transport=NoOffice())
            assert err.value.code == "sync.offline"
        assert sync.sync_status(ctx).state == "offline"
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_a_garbled_5xx_page_still_counts_as_the_office_answering(tmp_path, clock):
    ctx = _enrolled(tmp_path, clock)
    try:
        office = BrokenOffice(502, b"<html>Bad Gateway</html>")
        for _ in range(3):
            with pytest.raises(DomainError) as err:
                sync.sync_now(ctx, transport=office)
        assert err.value.code == "sync.server_error"
        assert "Bad Gateway" in sync.sync_status(ctx).last_error
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_plain_http_to_another_pc_is_refused_unless_allowed(tmp_path, clock):
    ctx = _enrolled(tmp_path, clock, url="http://10.1.2.3:8000")
    try:
        with pytest.raises(DomainError) as err:
            sync.sync_now(ctx)  # the real HTTP transport: refused before connecting
        assert err.value.code == "sync.plain_http"
        assert sync.sync_status(ctx).state == "error"
        assert sync.sync_status(ctx).insecure
        assert sync.load_identity(ctx).allow_plain is False
    finally:
        ctx.close()


def test_the_syncing_mark_goes_with_the_process(tmp_path, clock):
    """A sync killed mid-run leaves its start time behind; the status bar says "syncing"
    only while a process still holds the run mark, and not a moment after it is gone."""
    ctx = _enrolled(tmp_path, clock)
    try:
        with ctx.db.write() as s:
            from ewarong_pos.db.models import SyncState

            s.get(SyncState, ctx.device_id).last_attempt_at = ctx.now_iso()
        assert sync.sync_status(ctx).state == "offline"  # started, no process: not syncing
        child = subprocess.Popen(
            [sys.executable, "-c", HOLD_MARK, str(ctx.data_dir.root)],
            stdout=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == b"held"
            assert sync.sync_status(ctx).state == "syncing"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)
        assert sync.sync_status(ctx).state == "offline"
    finally:
        ctx.close()


HOLD_MARK = """
import sys, time
from pathlib import Path
from ewarong_pos.services.sync import RunMark
mark = RunMark(Path(sys.argv[1]))
assert mark.take()
print("held", flush=True)
time.sleep(60)
"""
