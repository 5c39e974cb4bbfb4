"""The FastAPI application factory of the central office service: `create_app(db_url)`.

Refusals are JSON `ErrorBody` answers with a clear status (401 token, 403 revoked or
foreign device, 409 gap or tampering, 413 too large, 422 malformed or broken chain,
429 rate limit), each logged with its reason and kept in the `refusal` table.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ewarong_pos import __version__
from ewarong_pos.central import admin
from ewarong_pos.central.api.main import api_router
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.core.ratelimit import RateLimiter
from ewarong_pos.central.errors import Refused
from ewarong_pos.core.dates import utcnow
from ewarong_pos.protocol import schemas as w

log = logging.getLogger(__name__)


# Paths that take a roster file (the office console and admin API): a larger limit,
# streamed instead of held in memory.
UPLOAD_PATHS = ("/console/roster/", "/api/v1/admin/roster/")


class BodyLimit:
    """Refuse request bodies above `max_bytes` (declared or streamed) before parsing;
    roster uploads (UPLOAD_PATHS) up to `upload_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.upload_bytes and str(scope.get("path", "")).startswith(UPLOAD_PATHS):
            await self._upload(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await self._refuse(scope, send)
                    return
        # Read the whole body first (it is small by construction), so an oversized
        # chunked upload is refused cleanly instead of failing inside the parser.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(body)
            more = bool(message.get("more_body", False))
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _upload(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A roster upload: refused up front when its declared size is too large, else
        passed through as it streams, cut off (a disconnect) past the limit."""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.upload_bytes + 1
                if declared > self.upload_bytes:
                    await self._refuse(scope, send, self.upload_bytes)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.upload_bytes:
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, send: Send, limit: int | None = None) -> None:
        refused = Refused(
            413, "request.too_large", f"body above {limit or self.max_bytes} bytes"
        )
        _record(scope.get("app"), refused, None, None, scope.get("path", ""))
        response = JSONResponse(
            w.ErrorBody(code=refused.code, detail=refused.detail).model_dump(), status_code=413
        )
        await response(scope, _drain, send)


async def _drain() -> Message:
    return {"type": "http.disconnect"}


def _record(
    app: Any, refused: Refused, device_id: str | None, outlet: str | None, path: str
) -> None:
    central: CentralDB | None = getattr(getattr(app, "state", None), "central", None)
    if central is None:
        log.warning("refused %s %s: %s %s", path, refused.status, refused.code, refused.detail)
        return
    try:
        with central.session() as s, s.begin():
            admin.log_refusal(s, refused, device_id=device_id, outlet_code=outlet, path=path)
    except Exception:  # the refusal itself must still be answered
        log.exception("could not record a refusal")


def create_app(
    db_url: str,
    settings: Settings | None = None,
    *,
    clock: Callable[[], dt.datetime] = utcnow,
    migrate: bool = True,
) -> FastAPI:
    """The service on the database at `db_url` (sqlite:///file.db or postgresql://...)."""
    settings = settings or Settings()
    central = CentralDB(db_url, migrate=migrate)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        central.close()

    app = FastAPI(
        title="e-Warong central office service",
        version=__version__,
        description=(
            "Enrollment of outlet devices, exactly-once upload of their hash-chained "
            "journals, and the scoped download of families, vouchers, prices and accounts."
        ),
        lifespan=lifespan,
    )
    app.state.central = central
    app.state.settings = settings
    app.state.clock = clock
    app.state.limiter = RateLimiter(settings.rate_per_second, settings.rate_burst)
    app.include_router(api_router)

    def refusal_response(request: Request, refused: Refused) -> JSONResponse:
        _record(
            request.app,
            refused,
            getattr(request.state, "device_id", None),
            getattr(request.state, "outlet_code", None),
            request.url.path,
        )
        headers = {}
        if refused.status == 429:
            headers["Retry-After"] = str(refused.params.get("retry_after", 1))
        body = w.ErrorBody(code=refused.code, detail=refused.detail, params=refused.params)
        return JSONResponse(body.model_dump(), status_code=refused.status, headers=headers)

    @app.exception_handler(Refused)
    async def _on_refused(request: Request, exc: Refused) -> JSONResponse:
        return refusal_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{where}: {first.get('msg', 'invalid')}" if first else "invalid request"
        return refusal_response(request, Refused(422, "request.malformed", detail[:400]))

    # The office's web console and admin API (after the handlers above: it keeps them for
    # the API and answers refusals on its pages with a page).
    from ewarong_pos.central.console import install as install_console

    install_console(app)

    # Outermost: the size limit applies before anything reads the body.
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes
    )
    return app
