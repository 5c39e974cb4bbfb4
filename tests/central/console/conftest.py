"""Fixtures for the office console: the real service on loopback with staff accounts, and a
small HTTP client that signs in through the real form (CSRF token, session cookie)."""

from __future__ import annotations

import datetime as dt
import functools
import re

import httpx
import pytest

PASSWORDS = {
    "admin": "admin-sandi-rahasia-1",
    "operator": "operator-sandi-rahasia-2",
    "auditor": "auditor-sandi-rahasia-3",
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _password_hashes() -> dict[str, str]:
    # argon2id is slow on purpose: hash the three test passwords once per run (staff.add_staff
    # itself is exercised by the CLI and the Staff page tests)
    from argon2 import PasswordHasher

    return {role: PasswordHasher().hash(password) for role, password in PASSWORDS.items()}


def add_staff(central, now: dt.datetime) -> None:
    from ewarong_pos.central.models import Staff
    from ewarong_pos.core.dates import iso

    with central.session() as s, s.begin():
        for role, password_hash in _password_hashes().items():
            s.add(
                Staff(
                    username=role,
                    display_name=f"Petugas {role.title()}",
                    role=role,
                    password_hash=password_hash,
                    active=True,
                    failed_signins=0,
                    created_at=iso(now),
                )
            )


class Console:
    """A browser-less staff member: the session cookie is sent by hand, since httpx (like
    any client) keeps a Secure cookie off plain http."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
        self.session = ""

    def close(self) -> None:
        self.http.close()

    def _cookies(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        jar = {"ewarong_staff": self.session} if self.session else {}
        jar.update(extra or {})
        return jar

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        cookies = self._cookies(kw.pop("cookies", None))
        headers = dict(kw.pop("headers", {}) or {})
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return self.http.request(method, path, headers=headers, **kw)

    def get(self, path: str, **kw) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> httpx.Response:
        return self.request("POST", path, **kw)

    def signin(self, username: str, password: str | None = None) -> httpx.Response:
        form = self.get("/console/signin")
        token = _CSRF.search(form.text)[1]
        answer = self.post(
            "/console/signin",
            data={
                "username": username,
                "password": PASSWORDS.get(username, "") if password is None else password,
                "csrf_token": token,
            },
            cookies={"ewarong_signin": form.cookies["ewarong_signin"]},
        )
        if answer.status_code == 303:
            self.session = answer.cookies["ewarong_staff"]
        return answer

    def csrf(self) -> str:
        return _CSRF.search(self.get("/console/").text)[1]

    def form(self, path: str, data: dict[str, str] | None = None, **kw) -> httpx.Response:
        return self.post(path, data={"csrf_token": self.csrf(), **(data or {})}, **kw)


@pytest.fixture
def console_service(sqlite_url, clock):
    """The security tests run on SQLite (the same code runs on PostgreSQL; the browser
    flow covers both)."""
    from tests.sync.harness import Service

    svc = Service(sqlite_url, clock=clock)
    add_staff(svc.central, clock())
    yield svc
    svc.stop()


@pytest.fixture
def console(console_service):
    clients: list[Console] = []

    def make(username: str | None = None) -> Console:
        client = Console(console_service.url)
        clients.append(client)
        if username:
            assert client.signin(username).status_code == 303
        return client

    yield make
    for c in clients:
        c.close()
