"""Enrollment: a one-time code for a device token."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ewarong_pos.central import admin
from ewarong_pos.central.api.deps import SessionDep
from ewarong_pos.protocol import schemas as w

router = APIRouter(tags=["enrollment"])


@router.post("/enroll", response_model=w.EnrollResponse, responses={403: {"model": w.ErrorBody}})
def enroll(body: w.EnrollRequest, request: Request, session: SessionDep) -> w.EnrollResponse:
    request.state.device_id = body.device_id
    request.state.outlet_code = body.outlet_code
    with session.begin():
        return admin.enroll(session, body, request.app.state.clock())
