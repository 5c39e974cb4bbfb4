"""Enrollment: a one-time code for a device token."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ewarong_pos.central import admin
from ewarong_pos.central.api.deps import SessionDep
from ewarong_pos.central.errors import Refused
from ewarong_pos.protocol import schemas as w

router = APIRouter(tags=["enrollment"])


_REFUSALS: dict[int | str, dict[str, object]] = {
    s: {"model": w.ErrorBody} for s in (403, 409, 413, 422, 429)
}


@router.post("/enroll", response_model=w.EnrollResponse, responses=_REFUSALS)
def enroll(body: w.EnrollRequest, request: Request, session: SessionDep) -> w.EnrollResponse:
    request.state.device_id = body.device_id
    request.state.outlet_code = body.outlet_code
    # throttled per client address (behind a reverse proxy: run uvicorn with
    # --proxy-headers and --forwarded-allow-ips so this is the outlet's address)
    address = request.client.host if request.client else "?"
    wait = request.app.state.enroll_limiter.allow(f"enroll:{address}")
    if wait > 0:
        raise Refused(429, "rate.limited", "too many enrollments", retry_after=max(1, round(wait)))
    with session.begin():
        return admin.enroll(session, body, request.app.state.clock())
