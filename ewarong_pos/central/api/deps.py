"""Request dependencies: a database session, the authenticated device, the rate limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.central.core.db import CentralDB, read_only
from ewarong_pos.central.core.ratelimit import RateLimiter
from ewarong_pos.central.core.security import token_hash
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import Device


def get_db(request: Request) -> Iterator[Session]:
    central: CentralDB = request.app.state.central
    with central.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


class AuthDevice:
    """The device a valid token names (a frozen copy: no open transaction is kept)."""

    def __init__(self, device_id: str, outlet_code: str) -> None:
        self.id = device_id
        self.outlet_code = outlet_code


def current_device(
    request: Request,
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
) -> AuthDevice:
    if not authorization or not authorization.startswith("Bearer "):
        raise Refused(401, "auth.missing", "no device token")
    token = authorization[len("Bearer ") :].strip()
    with session.begin():
        read_only(session)  # a token check must not queue behind the writers (SQLite)
        device = session.scalars(
            select(Device).where(Device.token_hash == token_hash(token))
        ).one_or_none()
        if device is None:
            raise Refused(401, "auth.token", "unknown device token")
        request.state.device_id = device.id
        request.state.outlet_code = device.outlet_code
        if device.revoked_at:
            raise Refused(403, "device.revoked", "this device has been revoked")
        found = AuthDevice(device.id, device.outlet_code)
    limiter: RateLimiter = request.app.state.limiter
    wait = limiter.allow(found.id)
    if wait > 0:
        raise Refused(429, "rate.limited", "too many requests", retry_after=max(1, round(wait)))
    return found


DeviceDep = Annotated[AuthDevice, Depends(current_device)]
