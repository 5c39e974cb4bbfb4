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
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ewarong_pos import __version__
from ewarong_pos.central import admin
from ewarong_pos.central.api.main import api_router
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.core.db import REQUEST_THREADS, CentralDB
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
        refused = Refused(413, "request.too_large", f"body above {limit or self.max_bytes} bytes")
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


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with the error bodies the service really sends: every 422 is
    an `ErrorBody` (`request.malformed`, ...), not FastAPI's validation error shape."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            answer = operation.get("responses", {}).get("422")
            if answer is not None:
                answer["content"] = {"application/json": {"schema": ref}}
                answer["description"] = "Malformed request (request.malformed) or refused values"
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema


def create_app(
    db_url: str,
    settings: Settings | None = None,
    *,
    clock: Callable[[], dt.datetime] = utcnow,
    migrate: bool = True,
    key_file: Path | str | None = None,
) -> FastAPI:
    """The service on the database at `db_url` (sqlite:///file.db or postgresql://...),
    its identifier key unsealed with the office's sealing key (`key_file`, else
    `core.officekey.key_path`); without the right key it is `Refused` here, before it
    serves anything."""
    settings = settings or Settings()
    central = CentralDB(db_url, migrate=migrate, key_file=key_file)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # the request handlers' threads (sync routes and dependencies), as many as the
        # PostgreSQL pool keeps connections for (core/db.py). Not on SQLite: its writers
        # queue up to 30 s for the one write lock, each holding a thread, and 16 of them
        # would leave token checks, pulls and the console waiting sooner than anyio's 40.
        if central.engine.dialect.name == "postgresql":
            anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
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
    app.state.enroll_limiter = RateLimiter(settings.enroll_rate_per_second, settings.enroll_burst)
    app.include_router(api_router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

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

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        path = request.url.path
        if not path.startswith(w.API_PREFIX) or path.startswith(f"{w.API_PREFIX}/admin"):
            return await http_exception_handler(request, exc)  # the console's own pages
        if exc.status_code == 400:
            # a body the JSON parser gave up on (nested too deep for it, say): malformed,
            # in the documented shape, and kept like every refusal
            return refusal_response(
                request, Refused(422, "request.malformed", "the body could not be parsed")
            )
        body = w.ErrorBody(code=f"http.{exc.status_code}", detail=str(exc.detail)[:200])
        return JSONResponse(
            body.model_dump(), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    # The office's web console and admin API (after the handlers above: it keeps them for
    # the API and answers refusals on its pages with a page).
    from ewarong_pos.central.console import install as install_console

    install_console(app)

    # Outermost: the size limit applies before anything reads the body.
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes
    )
    return app
