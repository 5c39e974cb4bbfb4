"""Every bad value gets a 4xx in the documented shape, never a server error.

Hypothesis sends arbitrary values (huge and negative integers, NUL characters, lone
surrogates, deep nesting, wrong types) to pull, journal, push and enroll, with a valid
device token, on SQLite and PostgreSQL; every answer is below 500 and every refusal an
`ErrorBody`. The named cases of issue 14 are checked one by one, each kept in the refusal
table.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.models import Refusal
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from tests.sync.harness import Service, seed_central

LOOSE = Settings(rate_per_second=1e6, rate_burst=10**6, enroll_rate_per_second=1e6,
                 enroll_burst=10**6)  # fmt: skip

pytestmark = [
    pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused "),
]

BAD_TEXT = ["\x00", "\ud800", "a\udfffb", "kind\x00x", "\U0001f600", "", "x" * 70]
INTS = st.one_of(
    st.integers(),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -1, -(2**63) - 1, 0]),
)
TEXT = st.one_of(st.text(max_size=80), st.sampled_from(BAD_TEXT))
JSON = st.recursive(
    st.none() | st.booleans() | INTS | TEXT | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@pytest.fixture
def office(central_url, tmp_path, clock):
    svc = Service(central_url, settings=LOOSE, clock=clock)
    seed_central(svc.central, tmp_path, {"EW-1": ["D1", "D2"]}, clock())
    with svc.central.session() as s, s.begin():
        code = admin.new_enrollment_code(s, "EW-1", clock())
        answer = admin.enroll(
            s,
            w.EnrollRequest(
                code=code, device_id=str(uuid.uuid4()), device_code="K1", outlet_code="EW-1"
            ),
            clock(),
        )
    http = httpx.Client(
        base_url=svc.url, headers={"Authorization": f"Bearer {answer.token}"}, timeout=30
    )
    yield svc, http, answer.device_id
    http.close()
    svc.stop()


def _post(http: httpx.Client, what: str, body: object) -> httpx.Response:
    """JSON with \\uXXXX escapes (a lone surrogate travels as the escape, as a client's
    JSON encoder writes it; httpx's own encoder cannot encode one)."""
    return http.post(
        f"{w.API_PREFIX}/{what}",
        content=json.dumps(body).encode("ascii"),
        headers={"Content-Type": "application/json"},
    )


def _refused_properly(r: httpx.Response) -> None:
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        w.ErrorBody.model_validate_json(r.content)


def _refusal_count(svc) -> int:
    with svc.central.session() as s:
        return int(s.scalar(select(func.count()).select_from(Refusal)) or 0)


def _entry(
    device: str, *, kind: str = "sale.cash", payload: dict | None = None, after: dict | None = None
) -> dict:
    """A chained entry as JSON; `after` replaces fields once it is made (values no hash
    or model can be made of: the service must refuse them itself)."""
    e = chain.make_entry(chain.GENESIS, device, 1, str(uuid.uuid4()), kind,
                         "2018-04-12T02:00:00.000000Z",
                         payload or {"sale": "x", "total": 1, "allocations": []})  # fmt: skip
    body = {
        "device": e.device, "seq": e.seq, "uuid": e.uuid, "kind": e.kind, "at": e.at,
        "payload": e.payload, "prev_hash": e.prev_hash, "hash": e.hash,
    }  # fmt: skip
    body.update(after or {})
    return body


def test_named_bad_values_get_a_documented_4xx_and_are_recorded(office):
    svc, http, device = office
    cases = [
        http.get(f"{w.API_PREFIX}/pull", params={"cursor": 2**31}),
        http.get(f"{w.API_PREFIX}/journal", params={"after": 2**31}),
        http.get(f"{w.API_PREFIX}/pull", params={"cursor": 2**63}),
        _post(http, "push", {
            "outlet_code": "EW-1", "device_id": device,
            "entries": [_entry(device, after={"payload": {"name": "\ud800", "total": 1}})]}),
        _post(http, "push", {
            "outlet_code": "EW-1", "device_id": device,
            "entries": [_entry(device, after={"kind": "sale.cash\x00"})]}),
        _post(http, "push", {
            "outlet_code": "EW-1", "device_id": device,
            "entries": [_entry(device, after={"uuid": "ab\x00cd"})]}),
        _post(http, "enroll", {
            "code": "ABCD-EFGH-JKLM", "device_id": "d" * 10, "device_code": "K1",
            "outlet_code": "EW\x001"}),
        http.post(f"{w.API_PREFIX}/push", content=b"[" * 50_000 + b"]" * 50_000,
                  headers={"Content-Type": "application/json"}),
        _post(http, "push", {
            "outlet_code": "EW-1", "device_id": device,
            "entries": [_entry(device, payload=json.loads('{"a":' * 40 + "1" + "}" * 40))]}),
    ]  # fmt: skip
    for r in cases:
        assert 400 <= r.status_code < 500, r.text
        body = w.ErrorBody.model_validate_json(r.content)
        assert body.code in ("request.malformed", "push.amount"), body
    assert _refusal_count(svc) == len(cases)  # each one kept, the NUL one too
    with svc.central.session() as s:
        details = list(s.scalars(select(Refusal.detail)))
    assert all("\x00" not in d for d in details)


def test_openapi_shows_the_real_error_body(office):
    _svc, http, _device = office
    doc = http.get("/openapi.json").json()
    for path in ("/api/v1/pull", "/api/v1/journal"):
        answer = doc["paths"][path]["get"]["responses"]["422"]
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    for path in ("/api/v1/push", "/api/v1/enroll"):
        answer = doc["paths"][path]["post"]["responses"]["422"]
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "HTTPValidationError" not in json.dumps(doc)


FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@FAST
@given(cursor=INTS, limit=INTS, applied=st.one_of(st.none(), INTS), after=INTS)
def _pull_and_journal(office, cursor, limit, applied, after):
    _svc, http, _device = office
    params = {"cursor": cursor, "limit": limit}
    if applied is not None:
        params["applied"] = applied
    _refused_properly(http.get(f"{w.API_PREFIX}/pull", params=params))
    _refused_properly(http.get(f"{w.API_PREFIX}/journal", params={"after": after, "limit": limit}))


@FAST
@given(
    seq=INTS, kind=TEXT, uuid_text=TEXT, at=TEXT, payload=st.dictionaries(TEXT, JSON, max_size=5),
    outlet=TEXT, raw=JSON,
)  # fmt: skip
def _push(office, seq, kind, uuid_text, at, payload, outlet, raw):
    _svc, http, device = office
    entry = {"device": device, "seq": seq, "uuid": uuid_text, "kind": kind, "at": at,
             "payload": payload, "prev_hash": "0" * 64, "hash": "1" * 64}  # fmt: skip
    for body in (
        {"outlet_code": outlet, "device_id": device, "entries": [entry]},
        {"outlet_code": "EW-1", "device_id": device, "entries": [entry]},
        raw,
    ):
        _refused_properly(_post(http, "push", body))


@FAST
@given(code=TEXT, device_id=TEXT, device_code=TEXT, outlet=st.one_of(st.none(), TEXT), raw=JSON)
def _enroll(office, code, device_id, device_code, outlet, raw):
    _svc, http, _device = office
    body = {"code": code, "device_id": device_id, "device_code": device_code,
            "outlet_code": outlet}  # fmt: skip
    _refused_properly(_post(http, "enroll", body))
    _refused_properly(_post(http, "enroll", raw))


@FAST
@given(
    amounts=st.lists(INTS, min_size=1, max_size=3),
    qty=INTS, price=INTS, total=INTS, kind=st.sampled_from(["sale.redemption", "sale.void",
                                                            "sale.cash"]),
)  # fmt: skip
def _push_amounts(office, amounts, qty, price, total, kind):
    """Correctly chained entries whose numbers are anything: stored or refused, no 5xx."""
    _svc, http, device = office
    payload = {
        "sale": str(uuid.uuid4()), "receipt_no": "K1-000001", "receipt_seq": 1,
        "kind": kind.split(".")[1], "outlet": "EW-1", "business_date": "2018-04-12",
        "lines": [{"sku": "X", "qty_milli": qty, "unit_price": price, "total": total}],
        "total": total,
        "allocations": [{"voucher": "BPNT-2018-04-D1", "period": "2018-04", "amount": a}
                        for a in amounts],
    }  # fmt: skip
    # seq 1 again and again: refused as tampering once something was stored, else checked
    body = {"outlet_code": "EW-1", "device_id": device,
            "entries": [_entry(device, kind=kind, payload=payload)]}  # fmt: skip
    _refused_properly(_post(http, "push", body))


@pytest.mark.parametrize("prop", [_pull_and_journal, _push, _enroll, _push_amounts])
def test_arbitrary_values_never_get_a_server_error(office, prop):
    prop(office)


def test_enroll_is_throttled_per_client_address(sqlite_url, clock):
    """Guessing codes costs: after a burst, /enroll answers 429 with Retry-After, and
    the refusal is kept; the outlets' own sync (with a token) is not affected."""
    svc = Service(sqlite_url, settings=Settings(enroll_rate_per_second=0.01, enroll_burst=3),
                  clock=clock)  # fmt: skip
    try:
        body = {"code": "ABCD-EFGH-JKLM", "device_id": "d" * 10, "device_code": "K1"}
        answers = [
            httpx.post(f"{svc.url}{w.API_PREFIX}/enroll", json=body, timeout=30) for _ in range(5)
        ]
        assert [r.status_code for r in answers] == [403, 403, 403, 429, 429]
        assert int(answers[-1].headers["Retry-After"]) >= 1
        assert w.ErrorBody.model_validate_json(answers[-1].content).code == "rate.limited"
        with svc.central.session() as s:
            codes = list(s.scalars(select(Refusal.code).order_by(Refusal.id)))
        assert codes == ["enroll.code"] * 3 + ["rate.limited"] * 2
    finally:
        svc.stop()
