"""The typed client of the central office API (protocol schemas on both ends)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ewarong_pos.protocol import schemas as w
from ewarong_pos.sync.transport import Offline, Response, Transport

log = logging.getLogger(__name__)


class Refusal(Exception):
    """The service answered with a refusal (4xx): its status and error body."""

    def __init__(self, status: int, error: w.ErrorBody) -> None:
        super().__init__(f"{status} {error.code}: {error.detail}")
        self.status = status
        self.error = error


class ServerError(Offline):
    """The office answered, with a server error (5xx): retried like offline, but the sync
    service counts them, and one that keeps coming back asks for a person."""

    def __init__(self, status: int, error: w.ErrorBody) -> None:
        super().__init__(f"service error {status} {error.code}: {error.detail}")
        self.status = status
        self.error = error


def _parse(response: Response, model: type[BaseModel]) -> Any:
    if response.status >= 400:
        try:
            error = w.ErrorBody.model_validate_json(response.body)
        except ValidationError:
            error = w.ErrorBody(
                code="http.error", detail=response.body[:200].decode("utf-8", "replace")
            )
        if response.status >= 500:
            raise ServerError(response.status, error)
        raise Refusal(response.status, error)
    try:
        return model.model_validate_json(response.body)
    except ValidationError as exc:
        # A cut or garbled answer: treat like no answer (the retry is safe).
        raise Offline(f"unreadable answer: {exc.error_count()} errors") from None


class CentralClient:
    def __init__(
        self,
        transport: Transport,
        token: str | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        max_waits: int = 3,
    ) -> None:
        self.transport = transport
        self.token = token
        self._sleep = sleep
        self._max_waits = max_waits

    def _request(self, method: str, path: str, **options: Any) -> Response:
        """One request; a rate-limit answer (429) is waited out a few times, as asked."""
        for _attempt in range(self._max_waits):
            response = self.transport.request(method, path, **options)
            if response.status != 429:
                return response
            try:
                wait = float(w.ErrorBody.model_validate_json(response.body).params["retry_after"])
            except (ValidationError, KeyError, ValueError):
                wait = 1.0
            log.info("rate limited by the service; waiting %.0f s", wait)
            self._sleep(min(max(wait, 0.1), 30.0))
        return self.transport.request(method, path, **options)

    def health(self) -> w.Health:
        result: w.Health = _parse(self._request("GET", f"{w.API_PREFIX}/health"), w.Health)
        return result

    def enroll(self, request: w.EnrollRequest) -> w.EnrollResponse:
        response = self._request(
            "POST", f"{w.API_PREFIX}/enroll", json_body=request.model_dump(mode="json")
        )
        result: w.EnrollResponse = _parse(response, w.EnrollResponse)
        return result

    def push(self, batch: w.PushRequest) -> w.PushAck:
        response = self._request(
            "POST",
            f"{w.API_PREFIX}/push",
            token=self.token,
            json_body=batch.model_dump(mode="json"),
        )
        result: w.PushAck = _parse(response, w.PushAck)
        return result

    def pull(
        self, cursor: int, limit: int = w.DEFAULT_PAGE_SIZE, *, applied: int | None = None
    ) -> w.PulledPage:
        """The page after `cursor`; `applied` (when fetching ahead) is the cursor the outlet
        has applied, if it is behind `cursor`."""
        params = {"cursor": cursor, "limit": limit}
        if applied is not None:
            params["applied"] = applied
        response = self._request("GET", f"{w.API_PREFIX}/pull", token=self.token, params=params)
        result: w.PulledPage = _parse(response, w.PulledPage)
        return result

    def journal(self, after: int, limit: int = w.MAX_BATCH_ENTRIES) -> w.JournalPage:
        response = self._request(
            "GET",
            f"{w.API_PREFIX}/journal",
            token=self.token,
            params={"after": after, "limit": limit},
        )
        result: w.JournalPage = _parse(response, w.JournalPage)
        return result

    def close(self) -> None:
        self.transport.close()
