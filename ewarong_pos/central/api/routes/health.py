"""Liveness: the service answers and its database is reachable."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from ewarong_pos.central.api.deps import SessionDep
from ewarong_pos.protocol import schemas as w

router = APIRouter(tags=["health"])


@router.get("/health", response_model=w.Health)
def health(session: SessionDep) -> w.Health:
    with session.begin():  # the connection goes back to the pool before the answer
        session.execute(text("SELECT 1"))
    return w.Health()
