"""How bytes reach the central office: a small interface, and its HTTP implementation.

`Offline` means the request may or may not have reached the service (no connection, a
timeout, a dropped connection, a 5xx): the caller retries later, and exactly-once storage
on the service makes the retry safe. `Refusal` means the service answered and said no.
"""

from __future__ import annotations

import functools
import logging
import ssl
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

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


class HttpTransport:
    """httpx over HTTP(S); one connection pool per sync run."""

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, connect_timeout: float = 5.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={"User-Agent": "ewarong-pos-sync"},
            verify=_tls_context(),
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
        try:
            response = self._client.request(
                method, path, json=json_body, params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            raise Offline(f"{type(exc).__name__}: {exc}") from None
        if response.status_code >= 500:
            raise Offline(f"service error {response.status_code}")
        return Response(response.status_code, response.content)

    def close(self) -> None:
        self._client.close()
