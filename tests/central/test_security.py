"""Every bad push is refused with a clear status, logged with its reason, and stores nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.models import Refusal
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from tests.sync.harness import Service

pytestmark = [
    pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused "),
    pytest.mark.expect_log("ewarong_pos.central.admin", r"revoked"),
]

PUSH = f"{w.API_PREFIX}/push"

PULL = f"{w.API_PREFIX}/pull"


def _device(service, outlet, clock):
    """Enroll a device straight through the admin code; returns (device_id, token)."""
    with service.central.session() as s, s.begin():
        code = admin.register_outlet(s, outlet, f"e-Warong {outlet}", clock())
        answer = admin.enroll(
            s,
            w.EnrollRequest(
                code=code, device_id=str(uuid.uuid4()), device_code="K1", outlet_code=outlet
            ),
            clock(),
        )
    return answer.device_id, answer.token


def _entries(device, n, *, start=1, prev=chain.GENESIS, outlet="EW-1"):
    out = []
    for seq in range(start, start + n):
        payload = {
            "sale": str(uuid.uuid4()),
            "receipt_no": f"K1-{seq}",
            "receipt_seq": seq,
            "kind": "cash",
            "outlet": outlet,
            "business_date": "2018-04-12",
            "total": 1000 * seq,
            "allocations": [],
        }
        e = chain.make_entry(
            prev,
            device,
            seq,
            str(uuid.uuid4()),
            "sale.cash",
            "2018-04-12T02:00:00.000000Z",
            payload,
        )
        out.append(w.WireEntry.of(e).model_dump(mode="json"))
        prev = e.hash
    return out


def _batch(device, entries, outlet="EW-1"):
    return {"outlet_code": outlet, "device_id": device, "entries": entries}


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _stored(service):
    with service.central.session() as s:
        return admin.journal_count(s)


def _refusals(service):
    with service.central.session() as s:
        return [(r.status, r.code) for r in s.scalars(select(Refusal).order_by(Refusal.id))]


@pytest.fixture
def http(service):
    with httpx.Client(base_url=service.url) as client:
        yield client


def test_missing_and_wrong_token(service, http, clock):
    device, _token = _device(service, "EW-1", clock)
    body = _batch(device, _entries(device, 2))
    r = http.post(PUSH, json=body)
    assert r.status_code == 401 and r.json()["code"] == "auth.missing"
    r = http.post(PUSH, json=body, headers=_auth("not-the-token"))
    assert r.status_code == 401 and r.json()["code"] == "auth.token"
    r = http.get(PULL, headers=_auth("not-the-token"))
    assert r.status_code == 401
    assert _stored(service) == 0
    assert _refusals(service) == [(401, "auth.missing"), (401, "auth.token"), (401, "auth.token")]


def test_another_outlets_device(service, http, clock):
    mine, _ = _device(service, "EW-1", clock)
    theirs, their_token = _device(service, "EW-2", clock)
    # EW-2's device pushing as EW-1, then pushing EW-1's device's journal
    r = http.post(
        PUSH, json=_batch(theirs, _entries(theirs, 2), outlet="EW-1"), headers=_auth(their_token)
    )
    assert r.status_code == 403 and r.json()["code"] == "device.outlet"
    r = http.post(PUSH, json=_batch(mine, _entries(mine, 2)), headers=_auth(their_token))
    assert r.status_code == 403 and r.json()["code"] == "device.mismatch"
    r = http.post(
        PUSH, json=_batch(theirs, _entries(mine, 2), outlet="EW-2"), headers=_auth(their_token)
    )
    assert r.status_code == 403 and r.json()["code"] == "device.mismatch"
    assert _stored(service) == 0


def test_altered_hash_and_altered_content(service, http, clock):
    device, token = _device(service, "EW-1", clock)
    entries = _entries(device, 3)
    entries[1]["hash"] = "f" * 64
    r = http.post(PUSH, json=_batch(device, entries), headers=_auth(token))
    assert r.status_code == 422 and r.json()["code"] == "push.chain"
    entries = _entries(device, 3)
    entries[2]["payload"]["total"] = 1  # edited after hashing
    r = http.post(PUSH, json=_batch(device, entries), headers=_auth(token))
    assert r.status_code == 422 and r.json()["code"] == "push.chain"
    assert r.json()["params"]["seq"] == 3
    assert _stored(service) == 0


def test_reused_seq_with_other_content_is_tampering(service, http, clock):
    device, token = _device(service, "EW-1", clock)
    good = _entries(device, 3)
    assert http.post(PUSH, json=_batch(device, good), headers=_auth(token)).status_code == 200
    # a different, self-consistent chain under the same numbers
    forged = _entries(device, 3)
    r = http.post(PUSH, json=_batch(device, forged), headers=_auth(token))
    assert r.status_code == 409 and r.json()["code"] == "push.tamper"
    assert r.json()["params"]["seq"] == 1
    # the same seq with the stored hash but other content is caught too
    sneaky = [dict(good[1], payload=dict(good[1]["payload"], total=5))]
    r = http.post(PUSH, json=_batch(device, sneaky), headers=_auth(token))
    assert r.status_code == 409 and r.json()["code"] == "push.tamper"
    assert _stored(service) == 3
    with service.central.session() as s:
        report = admin.reconcile(s)
    assert len(report.tamper_refusals) == 2


def test_oversized_and_malformed_bodies(sqlite_url, clock):
    service = Service(sqlite_url, Settings(max_body_bytes=64 * 1024), clock=clock)
    try:
        device, token = _device(service, "EW-1", clock)
        with httpx.Client(base_url=service.url) as http:
            big = _batch(device, _entries(device, 1))
            big["entries"][0]["payload"]["note"] = "x" * 100_000
            r = http.post(PUSH, json=big, headers=_auth(token))
            assert r.status_code == 413 and r.json()["code"] == "request.too_large"
            # streamed without a length: still cut off
            r = http.post(
                PUSH,
                content=iter([b"{" + b" " * 70_000]),
                headers={**_auth(token), "Content-Type": "application/json"},
            )
            assert r.status_code == 413
            r = http.post(
                PUSH,
                content=b"{not json",
                headers={**_auth(token), "Content-Type": "application/json"},
            )
            assert r.status_code == 422 and r.json()["code"] == "request.malformed"
            r = http.post(PUSH, json={"outlet_code": "EW-1"}, headers=_auth(token))
            assert r.status_code == 422 and r.json()["code"] == "request.malformed"
            floaty = _batch(device, _entries(device, 1))
            floaty["entries"][0]["payload"]["total"] = 1.5
            r = http.post(PUSH, json=floaty, headers=_auth(token))
            assert r.status_code == 422
            too_many = _batch(device, _entries(device, w.MAX_BATCH_ENTRIES + 1))
            r = http.post(PUSH, json=too_many, headers=_auth(token))
            assert r.status_code in (413, 422)
        assert _stored(service) == 0
        codes = [code for _status, code in _refusals(service)]
        assert codes.count("request.too_large") >= 2 and "request.malformed" in codes
    finally:
        service.stop()


def test_revoked_device_is_refused(service, http, clock):
    device, token = _device(service, "EW-1", clock)
    assert (
        http.post(PUSH, json=_batch(device, _entries(device, 1)), headers=_auth(token)).status_code
        == 200
    )
    with service.central.session() as s, s.begin():
        admin.revoke(s, device, clock(), "PC stolen")
    entries = _entries(device, 2)
    r = http.post(
        PUSH,
        json=_batch(device, entries[1:] and _entries(device, 1, start=2)),
        headers=_auth(token),
    )
    assert r.status_code == 403 and r.json()["code"] == "device.revoked"
    r = http.get(PULL, headers=_auth(token))
    assert r.status_code == 403 and r.json()["code"] == "device.revoked"
    assert _stored(service) == 1


def test_rate_limit_per_device(sqlite_url, clock):
    service = Service(sqlite_url, Settings(rate_per_second=0.01, rate_burst=3), clock=clock)
    try:
        _device_id, token = _device(service, "EW-1", clock)
        _other, other_token = _device(service, "EW-2", clock)
        with httpx.Client(base_url=service.url) as http:
            codes = [http.get(PULL, headers=_auth(token)).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            r = http.get(PULL, headers=_auth(token))
            assert r.json()["code"] == "rate.limited" and int(r.headers["Retry-After"]) >= 1
            # another device has its own bucket
            assert http.get(PULL, headers=_auth(other_token)).status_code == 200
    finally:
        service.stop()


def test_enrollment_code_works_once(service, http, clock):
    with service.central.session() as s, s.begin():
        code = admin.register_outlet(s, "EW-1", "e-Warong Melati", clock())
    body = {
        "code": code,
        "device_id": str(uuid.uuid4()),
        "device_code": "K1",
        "outlet_code": "EW-1",
    }
    first = http.post(f"{w.API_PREFIX}/enroll", json=body)
    assert first.status_code == 200 and len(first.json()["token"]) >= 40
    again = http.post(f"{w.API_PREFIX}/enroll", json=dict(body, device_id=str(uuid.uuid4())))
    assert again.status_code == 403 and again.json()["code"] == "enroll.code"
    with service.central.session() as s, s.begin():
        code2 = admin.new_enrollment_code(s, "EW-1", clock())
    wrong = http.post(f"{w.API_PREFIX}/enroll", json=dict(body, code=code2, outlet_code="EW-9"))
    assert wrong.status_code == 403 and wrong.json()["code"] == "enroll.outlet"
    # the service keeps only hashes
    with service.central.session() as s:
        from ewarong_pos.central.models import Device, EnrollmentCode

        tokens = s.scalars(select(Device.token_hash)).all()
        codes = s.scalars(select(EnrollmentCode.code_hash)).all()
    assert first.json()["token"] not in tokens and code not in codes


def test_the_client_waits_out_a_rate_limit(service, clock):
    from ewarong_pos.central.core.ratelimit import RateLimiter
    from ewarong_pos.sync.client import CentralClient
    from ewarong_pos.sync.transport import HttpTransport

    now = [0.0]  # the limiter's clock, moved only by the client's waits
    service.server.config.app.state.limiter = RateLimiter(1.0, 1, clock=lambda: now[0])
    _device_id, token = _device(service, "EW-1", clock)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    client = CentralClient(HttpTransport(service.url), token, sleep=sleep)
    try:
        client.pull(0)
        client.pull(0)  # over the burst: told to wait, waits, then served
    finally:
        client.close()
    assert waits == [1.0]
