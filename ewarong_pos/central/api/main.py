"""The API router: every route under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from ewarong_pos.central.api.routes import enroll, health, sync
from ewarong_pos.protocol.schemas import API_PREFIX

api_router = APIRouter(prefix=API_PREFIX)
api_router.include_router(health.router)
api_router.include_router(enroll.router)
api_router.include_router(sync.router)
