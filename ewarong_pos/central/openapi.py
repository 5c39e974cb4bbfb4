"""The OpenAPI description of the service, built without a database (for docs/)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from ewarong_pos import __version__
from ewarong_pos.central.api.main import api_router


def openapi_document() -> dict[str, Any]:
    app = FastAPI(
        title="e-Warong central office service",
        version=__version__,
        description=(
            "Enrollment of outlet devices, exactly-once upload of their hash-chained "
            "journals, and the scoped download of families, vouchers, prices and accounts."
        ),
    )
    app.include_router(api_router)
    from ewarong_pos.central.console.api import router as admin_router

    app.include_router(admin_router)
    return app.openapi()
