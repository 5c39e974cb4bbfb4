"""Security of the office console and admin API, against the real service on loopback:
no session no page, roles, CSRF, escaping, lockout, sessions, passwords kept out of logs."""

from __future__ import annotations

import io
import logging
import re

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.console.api import router as api_router
from ewarong_pos.central.console.web import router as page_router
from ewarong_pos.central.models import Family, Refusal, Staff, StaffAudit
from tests.central.console.conftest import PASSWORDS, Console
from tests.sync.harness import nik, roster_csv

pytestmark = [
    pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused "),
    pytest.mark.expect_log("ewarong_pos.central.console.web", r"CSRF token refused"),
    pytest.mark.expect_log("ewarong_pos.central.staff", r"locked after failed sign-ins"),
    pytest.mark.expect_log("ewarong_pos.central.staff", r"^sign-ins from .* refused until"),
]


OPEN_PAGES = {"/console/signin", "/console/lang/{lang}"}


def _routes(router) -> list[tuple[str, str]]:
    out = []
    for route in router.routes:
        if isinstance(route, APIRoute):
            for method in sorted(route.methods - {"HEAD"}):
                out.append((method, re.sub(r"\{[^}]+\}", "1", route.path)))
    return out


def test_every_page_and_admin_endpoint_refuses_without_a_session(console):
    client = console()
    pages = [r for r in _routes(page_router) if re.sub(r"/1$", "/{lang}", r[1]) not in OPEN_PAGES]
    assert len(pages) >= 20
    for method, path in pages:
        answer = client.request(method, path, data={"csrf_token": "x"})
        assert answer.status_code == 303, (method, path)
        assert answer.headers["location"] == "/console/signin", (method, path)
    endpoints = _routes(api_router)
    assert len(endpoints) >= 15
    for method, path in endpoints:
        answer = client.request(method, path, json={})
        assert answer.status_code == 401, (method, path, answer.text)
        # a forged cookie or a device-looking token is no better
        forged = client.request(method, path, cookies={"ewarong_staff": "forged"})
        assert forged.status_code == 401, (method, path)
        token = client.request(method, path, headers={"Authorization": "Bearer ews_nope"})
        assert token.status_code == 401, (method, path)


def test_an_auditor_cannot_change_anything(console, console_service, clock):
    with console_service.central.session() as s, s.begin():
        admin.register_outlet(s, "EW-1", "e-Warong Satu", clock())
    auditor = console("auditor")
    for method, path in _routes(page_router):
        if method != "POST" or path in ("/console/signin", "/console/signout"):
            continue
        answer = auditor.form(path, {"code": "EW-2", "name": "x", "reason": "x", "note": "x"})
        assert answer.status_code == 403, (path, answer.text[:300])
    # the pages still read
    for path in ("/console/", "/console/outlets", "/console/audit", "/console/disputes.csv"):
        assert auditor.get(path).status_code == 200, path
    # the API: with valid bodies, every change is 403
    csrf = {"X-CSRF-Token": auditor.csrf()}
    changes = [
        ("/api/v1/admin/outlets", {"code": "EW-9", "name": "Sembilan"}),
        ("/api/v1/admin/outlets/EW-1/enrollment-code", None),
        ("/api/v1/admin/devices/d1/revoke", {"reason": "hilang"}),
        (
            "/api/v1/admin/periods",
            {
                "period": "2018-05",
                "amount": 110000,
                "categories": ["beras"],
                "valid_from": "2018-05-01",
                "valid_until": "2018-05-31",
            },
        ),
        ("/api/v1/admin/products/BRS/price", {"price": 9000, "ceiling": None}),
        ("/api/v1/admin/disputes/1/resolve", {"note": "ok"}),
        (
            "/api/v1/admin/staff",
            {"username": "x", "role": "admin", "password": "0123456789ab"},
        ),
    ]
    for path, body in changes:
        answer = auditor.post(path, json=body, headers=csrf)
        assert answer.status_code == 403, (path, answer.text)
        assert answer.json()["code"] == "staff.role"
    roster = auditor.post(
        "/api/v1/admin/roster/apply",
        files={"file": ("r.csv", roster_csv({"EW-1": ["D1"]}))},
        headers=csrf,
    )
    assert roster.status_code == 403
    with console_service.central.session() as s:
        assert s.scalars(select(Family)).all() == []
        refused = s.scalars(
            select(StaffAudit).where(StaffAudit.username == "auditor", StaffAudit.ok.is_(False))
        ).all()
        assert len(refused) >= 8  # refused attempts are in the audit log too
    # an operator may not register outlets or revoke (admin's), but may resolve and issue
    operator = console("operator")
    assert operator.form("/console/outlets", {"code": "EW-3", "name": "x"}).status_code == 403
    assert operator.get("/console/staff").status_code == 403
    assert operator.get("/console/audit").status_code == 403


def test_a_form_without_its_csrf_token_is_refused(console, console_service):
    admin_ = console("admin")
    for data in (
        {"code": "EW-7", "name": "Tujuh"},
        {"code": "EW-7", "name": "x", "csrf_token": ""},
    ):
        assert admin_.post("/console/outlets", data=data).status_code == 403
    wrong = admin_.post(
        "/console/outlets", data={"code": "EW-7", "name": "x", "csrf_token": "A" * 43}
    )
    assert wrong.status_code == 403
    # another session's token does not fit this session
    other = console("operator")
    assert (
        admin_.post(
            "/console/outlets", data={"code": "EW-7", "name": "x", "csrf_token": other.csrf()}
        ).status_code
        == 403
    )
    # a cross-site origin is refused even with the token
    cross = admin_.form(
        "/console/outlets",
        {"code": "EW-7", "name": "x"},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    # the API under the cookie wants the token in a header; an API token needs none
    api = admin_.post("/api/v1/admin/outlets", json={"code": "EW-7", "name": "Tujuh"})
    assert api.status_code == 403 and api.json()["code"] == "staff.csrf"
    # the sign-in form is protected too (double-submit token)
    fresh = Console(console_service.url)
    try:
        answer = fresh.post(
            "/console/signin", data={"username": "admin", "password": PASSWORDS["admin"]}
        )
        assert answer.status_code == 403 and "ewarong_staff" not in answer.cookies
    finally:
        fresh.close()
    with console_service.central.session() as s:
        assert s.scalars(select(admin.Outlet)).all() == []
    # with the token it works
    assert admin_.form("/console/outlets", {"code": "EW-7", "name": "Tujuh"}).status_code == 200


def test_a_family_name_with_markup_shows_as_text(console, console_service, clock):
    data = roster_csv({"EW-1": ["XSS-1"]}).replace(
        b"Keluarga XSS-1", b'"<script>alert(1)</script><img src=x onerror=alert(2)>"'
    )
    with console_service.central.session() as s, s.begin():
        admin.register_outlet(s, "EW-1", "<b>Warong</b>", clock())
        admin.import_roster(s, data, clock())
    auditor = console("auditor")
    for path in ("/console/families?q=XSS", "/console/families/XSS-1", "/console/outlets"):
        page = auditor.get(path).text
        assert (
            "<script>alert(1)" not in page and "<img src=x" not in page and "<b>Warong" not in page
        )
    page = auditor.get("/console/families?q=XSS").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    answer = auditor.get("/console/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"


def test_a_password_is_never_logged(console, console_service, caplog):
    caplog.set_level(logging.DEBUG)
    client = console()
    wrong = "falsch-passwort-9876"
    assert client.signin("admin", wrong).status_code == 401
    assert client.signin("nobody", wrong).status_code == 401
    assert client.signin("admin").status_code == 303
    new = "operator-baru-sandi-5555"
    created = client.form(
        "/console/staff", {"username": "siti", "name": "Siti", "role": "operator", "password": new}
    )
    assert created.status_code == 200
    too_long = "x" * 500  # refused by validation: still not echoed anywhere
    client.post(
        "/api/v1/admin/staff",
        json={"username": "y", "role": "admin", "password": too_long},
        headers={"X-CSRF-Token": client.csrf()},
    )
    secrets_ = (wrong, PASSWORDS["admin"], new, too_long)
    for secret in secrets_:
        assert secret not in caplog.text
    with console_service.central.session() as s:
        stored = " ".join(
            f"{a.target} {a.detail}" for a in s.scalars(select(StaffAudit))
        ) + " ".join(r.detail for r in s.scalars(select(Refusal)))
    for secret in secrets_:
        assert secret not in stored
    assert console().signin("siti", new).status_code == 303


def test_signin_lockout(console, clock):
    client = console()
    for _ in range(4):
        assert client.signin("operator", "salah-salah-salah").status_code == 401
    locked = client.signin("operator", "salah-salah-salah")
    assert locked.status_code == 423
    assert "dikunci" in locked.text
    # the right password does not open a locked account
    assert client.signin("operator").status_code == 423
    clock.advance(minutes=16)
    assert client.signin("operator").status_code == 303


@pytest.fixture
def behind_proxy(sqlite_url, clock):
    """The service as `central serve --behind-proxy 127.0.0.1` runs it: the client address
    is the one a proxy on loopback names in X-Forwarded-For."""
    from ewarong_pos.central.serve import make_server
    from tests.central.console.conftest import add_staff

    server = make_server(
        sqlite_url,
        "127.0.0.1",
        0,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        clock=clock,
    )
    port = server.start_in_thread()
    central = server.config.app.state.central
    add_staff(central, clock())
    clients: list[Console] = []

    def client(address: str) -> Console:
        made = Console(f"http://127.0.0.1:{port}")
        made.http.headers["X-Forwarded-For"] = address
        clients.append(made)
        return made

    yield central, client
    for c in clients:
        c.close()
    server.stop()


def test_signin_throttled_per_client_address(behind_proxy, clock):
    """One address trying many accounts (known or not) is held back, whatever the accounts;
    another address, and the accounts themselves, are not."""
    from ewarong_pos.central import staff

    central, client = behind_proxy
    attacker, office = client("203.0.113.7"), client("198.51.100.20")
    names = ["operator", "auditor", "nobody", "budi", "admin"]
    for i in range(staff.ADDRESS_FAILURES):
        assert attacker.signin(names[i % 5], f"tebakan-{i:04d}-salah").status_code == 401
        clock.advance(seconds=30)
    # the next attempt from that address is refused before any account is looked at,
    # even with the right password, and says when to try again
    throttled = attacker.signin("admin")
    assert throttled.status_code == 429
    assert "coba lagi setelah" in throttled.text and "dari alamat ini" in throttled.text
    retry = int(throttled.headers["retry-after"])
    assert 0 < retry <= staff.ADDRESS_WINDOW_MINUTES * 60
    assert attacker.signin("auditor", "tebakan-lagi-salah").status_code == 429
    with central.session() as s:
        accounts = {a.username: a for a in s.scalars(select(Staff))}
        rows = list(s.scalars(select(StaffAudit).where(StaffAudit.detail == "staff.throttled")))
    # the accounts kept only the failures that reached them (2 each: under LOCK_AFTER)
    assert accounts["admin"].failed_signins == 2 and accounts["admin"].locked_until is None
    assert [(r.username, r.ip, r.ok) for r in rows] == [
        ("admin", "203.0.113.7", False),
        ("auditor", "203.0.113.7", False),
    ]
    # another address signs in as usual
    assert office.signin("admin").status_code == 303
    # waiting the Retry-After frees the address (refused attempts did not extend it)
    clock.advance(seconds=retry - 31)
    assert attacker.signin("admin").status_code == 429
    clock.advance(seconds=31)
    assert attacker.signin("admin").status_code == 303


def test_session_cookie_signout_and_idle_timeout(console, clock):
    client = console()
    form = client.get("/console/signin")
    answer = client.post(
        "/console/signin",
        data={
            "username": "admin",
            "password": PASSWORDS["admin"],
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1],
        },
        cookies={"ewarong_signin": form.cookies["ewarong_signin"]},
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    client.session = answer.cookies["ewarong_staff"]
    assert client.get("/console/").status_code == 200
    assert client.form("/console/signout").status_code == 303
    assert client.get("/console/").status_code == 303  # the old cookie opens nothing
    assert client.signin("admin").status_code == 303
    for _ in range(3):  # in use: 60 minutes, never 30 idle
        clock.advance(minutes=20)
        assert client.get("/console/").status_code == 200
    clock.advance(minutes=31)
    assert client.get("/console/").status_code == 303


def test_staff_api_token_and_typed_nik_search(console, console_service, clock):
    with console_service.central.session() as s, s.begin():
        admin.register_outlet(s, "EW-1", "e-Warong Satu", clock())
        admin.import_roster(s, roster_csv({"EW-1": ["D1", "D2"]}), clock())
    client = console("admin")
    made = client.form("/console/staff/auditor/token", {"label": "script"})
    token = re.search(r'id="api-token">([^<]+)<', made.text)[1]
    headers = {"Authorization": f"Bearer {token}"}
    typed = nik(2)  # the second family's NIK, typed in full
    found = client.http.get("/api/v1/admin/families", params={"q": typed}, headers=headers)
    assert found.status_code == 200
    assert [f["dtks_id"] for f in found.json()] == ["D2"]
    assert found.json()[0]["nik"] == "*" * 12 + typed[-4:]
    page = client.get("/console/families", params={"q": typed})
    assert "D2" in page.text and typed not in page.text
    with console_service.central.session() as s:
        audit = " ".join(f"{a.target} {a.detail}" for a in s.scalars(select(StaffAudit)))
    assert typed not in audit and "(identifier)" in audit
    # the auditor's token reads, but does not change
    denied = client.http.post(
        "/api/v1/admin/outlets", json={"code": "EW-5", "name": "x"}, headers=headers
    )
    assert denied.status_code == 403
    # revoked on the Staff page, it opens nothing
    page = client.get("/console/staff").text
    token_id = re.search(r'action="/console/tokens/(\d+)/revoke"', page)[1]
    assert client.form(f"/console/tokens/{token_id}/revoke").status_code == 200
    gone = client.http.get("/api/v1/admin/outlets", headers=headers)
    assert gone.status_code == 401


def test_cli_staff_add_prompts_for_the_password(tmp_path, monkeypatch, capsys):
    from ewarong_pos.cli import main

    db = str(tmp_path / "office.db")
    answers = iter(["sandi-pertama-123", "sandi-pertama-123"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["central", "staff", "add", "Kepala", "--role", "admin", "--db", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-kedua-4567\n"))
    assert (
        main(
            [
                "central",
                "staff",
                "add",
                "budi",
                "--role",
                "operator",
                "--password-stdin",
                "--db",
                db,
            ]
        )
        == 0
    )
    assert main(["central", "staff", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "kepala" in out and "budi" in out and "sandi" not in out
    with pytest.raises(SystemExit):  # there is no way to give it on the command line
        main(["central", "staff", "add", "x", "--role", "admin", "--password", "p", "--db", db])
    mismatch = iter(["sandi-pertama-123", "lain-sekali-999"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(mismatch))
    assert main(["central", "staff", "add", "z", "--role", "admin", "--db", db]) == 2


def _roster(ids: list[str], shift: int = 0) -> bytes:
    from tests.sync.harness import card

    head = "id_dtks,nama,nik,no_kk,no_kks,bank,alamat,kelurahan,kecamatan,kode_ewarong,status"
    rows = [
        f"{d},Keluarga {d},{nik(i + shift)},{nik(i + 5000)},{card(i)},BNI,Jl. Melati {i},"
        f"Kebon Melati,Tanah Abang,EW-1,active"
        for i, d in enumerate(ids, start=1)
    ]
    return ("\n".join([head, *rows]) + "\n").encode()


def test_roster_with_many_identifier_changes_needs_the_clerks_confirmation(
    console, console_service, clock
):
    ids = [f"D{i}" for i in range(1, 9)]
    with console_service.central.session() as s, s.begin():
        admin.register_outlet(s, "EW-1", "e-Warong Satu", clock())
        admin.import_roster(s, _roster(ids), clock())
        before = dict(s.execute(select(Family.dtks_id, Family.nik_hash)).all())
    operator = console("operator")
    changed = _roster(ids, shift=100)  # every NIK different: 8 changes, above the limit
    page = operator.form(
        "/console/roster/check", files={"file": ("roster.csv", changed, "text/csv")}
    )
    assert page.status_code == 422 and 'id="roster-confirm"' in page.text
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page.text)[1]
    assert re.search(r'name="accept" value="8"', page.text)
    # a wrong count is refused again, nothing applied
    wrong = operator.form("/console/roster/confirm", {"sha256": sha, "accept": "7"})
    assert wrong.status_code == 422 and 'id="roster-ok"' not in wrong.text
    confirmed = operator.form("/console/roster/confirm", {"sha256": sha, "accept": "8"})
    assert confirmed.status_code == 200 and 'id="roster-ok"' in confirmed.text
    with console_service.central.session() as s:
        assert dict(s.execute(select(Family.dtks_id, Family.nik_hash)).all()) == before
    applied = operator.form("/console/roster/apply", {"sha256": sha})
    assert applied.status_code == 200 and "Diterapkan: 8 keluarga" in applied.text
    with console_service.central.session() as s:
        after = dict(s.execute(select(Family.dtks_id, Family.nik_hash)).all())
        audit = [a.detail for a in s.scalars(select(StaffAudit)) if a.action == "roster.apply"]
    assert all(after[d] != before[d] for d in ids)
    # the API says the same, and takes the count as the CLI's option does
    back = operator.post(
        "/api/v1/admin/roster/check",
        files={"file": ("r.csv", _roster(ids), "text/csv")},
        headers={"X-CSRF-Token": operator.csrf()},
    )
    assert back.status_code == 200 and back.json()["identifier_changes"] == 8
    again = operator.post(
        "/api/v1/admin/roster/check",
        params={"accept_identifier_changes": 8},
        files={"file": ("r.csv", _roster(ids), "text/csv")},
        headers={"X-CSRF-Token": operator.csrf()},
    )
    assert again.json()["ok"] is True
    assert audit == ["8 families, 0 vouchers, 0 moved, 8 identifier changes confirmed"]


def test_a_roster_upload_may_be_larger_than_a_push(console, console_service):
    operator = console("operator")
    big = b"id_dtks,nama\n" + b"x" * (5 * 1024 * 1024) + b"\n"  # 5 MB: pushes stop at 4 MB
    answer = operator.post(
        "/api/v1/admin/roster/check",
        files={"file": ("besar.csv", big, "text/csv")},
        headers={"X-CSRF-Token": operator.csrf()},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["ok"] is False and answer.json()["problems"]


def test_products_csv_all_rows_checked_before_anything_changes(console, console_service):
    from tests.sync.harness import PRODUCTS_CSV

    operator = console("operator")
    bad = PRODUCTS_CSV + "X-1,,Sabun,lain,bungkus,0,5000,,\nX-2,,Gula,gula,kg,0,99999,15000,\n"
    refused = operator.form(
        "/console/products", files={"file": ("produk.csv", bad.encode(), "text/csv")}
    )
    assert refused.status_code == 422
    assert "line 6" in refused.text and "line 7" in refused.text
    with console_service.central.session() as s:
        assert s.scalars(select(admin.Product)).all() == []
    loaded = operator.form(
        "/console/products", files={"file": ("produk.csv", PRODUCTS_CSV.encode(), "text/csv")}
    )
    assert loaded.status_code == 200 and "4 produk dimuat" in loaded.text
    assert "operator" in loaded.text  # the price history names who set them
    assert (
        console("auditor")
        .form("/console/products", files={"file": ("p.csv", b"x", "text/csv")})
        .status_code
        == 403
    )
