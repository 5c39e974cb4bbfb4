"""How bytes reach the central office: a small interface, and its HTTP implementation.

`Offline` means the request may or may not have reached the service (no connection, a
timeout, a dropped connection, a 5xx): the caller retries later, and exactly-once storage
on the service makes the retry safe. `Refusal` means the service answered and said no.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import logging
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from ewarong_pos import __version__
from ewarong_pos.core.dates import iso, utcnow
from ewarong_pos.protocol.schemas import CLOCK_HEADER

log = logging.getLogger(__name__)


class Offline(Exception):
    """The central office could not be reached, or did not answer in full."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


class Transport(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Response: ...

    def close(self) -> None: ...


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs ~0.1 s; one context serves every sync of the process."""
    return ssl.create_default_context()


class PlainHttp(Exception):
    """A plain http:// office address that is not this PC and was not explicitly allowed."""


class WrongCertificate(Exception):
    """The office's certificate is not the one this outlet pinned."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__(f"certificate {found[:16]}... is not the pinned {expected[:16]}...")
        self.expected = expected
        self.found = found


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BadAddress(Exception):
    """An office address that is not a usable http(s) URL (no host, spaces, a bad port)."""


_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")


def check_address(url: str) -> None:
    """`url` is an http(s) address with a host (name, IPv4 or [IPv6]) and a valid port;
    BadAddress otherwise, before anything is contacted (a typo is not "offline")."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadAddress(url[:80]) from None
    netloc = parts.netloc
    host = netloc.rsplit(":", 1)[0] if port is not None or netloc.endswith(":") else netloc
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or "@" in netloc
        or any(c.isspace() for c in url)
        or not _HOST.fullmatch(host)
        or port == 0
    ):
        raise BadAddress(url[:80])


def check_url(url: str, *, allow_plain: bool = False) -> None:
    """Tokens, families and PIN hashes cross the network: https:// only, except to this
    PC itself (loopback) or when a person allowed plain http (shown in the status bar)."""
    check_address(url)
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https":
        return
    if scheme != "http":
        raise PlainHttp(f"not an http(s) address: {url[:80]}")
    if not allow_plain and not is_loopback(url):
        raise PlainHttp(url[:80])


def pinned_context(pem: str) -> ssl.SSLContext:
    """A context that trusts exactly the pinned certificate and nothing else.

    The certificate is the only trust anchor (partial chains allowed, so a CA-issued leaf
    pins too); the host name is not checked, the pin being stronger than the name (an
    office reached by IP address on a self-signed certificate). A different certificate
    fails the handshake, before a byte of the request (the token) is sent."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    context.load_verify_locations(cadata=pem)
    return context


def fetch_certificate(url: str, timeout: float = 5.0) -> str:
    """The certificate the server at `url` presents (PEM), from a handshake that sends
    nothing else: the caller compares it with the fingerprint it was given."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except OSError as exc:
        raise Offline(f"{type(exc).__name__}: {exc}") from None
    if not der:
        raise Offline("the server presented no certificate")
    return ssl.DER_cert_to_PEM_cert(der)


class HttpTransport:
    """httpx over HTTP(S); one connection pool per sync run.

    `tls_cert` (PEM): the office certificate this outlet pinned; without it, https
    addresses are checked against the system's certificate authorities. Plain http is
    refused (PlainHttp) except to loopback or with `allow_plain`."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        tls_cert: str = "",
        allow_plain: bool = False,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        check_url(base_url, allow_plain=allow_plain)
        self._clock = clock
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            # the office notes each device's app version from it (central Device.app_version)
            headers={"User-Agent": f"ewarong-pos/{__version__}"},
            verify=pinned_context(tls_cert) if tls_cert else _tls_context(),
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # the PC's clock: the office notes the offset and lists devices that drift
        headers[CLOCK_HEADER] = iso(self._clock())
        try:
            response = self._client.request(
                method, path, json=json_body, params=params, headers=headers
            )
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                # not offline: someone else answers under the office's address
                raise WrongCertificate("pinned", str(exc)[:120]) from None
            raise Offline(f"{type(exc).__name__}: {exc}") from None
        except httpx.HTTPError as exc:
            raise Offline(f"{type(exc).__name__}: {exc}") from None
        # A 5xx is returned as the office's answer: the client tells a passing failure
        # (retried) from one that keeps coming back (a person is needed).
        return Response(response.status_code, response.content)

    def close(self) -> None:
        self._client.close()
