"""The office's web console (Dinas Sosial) and its HTTP admin API, served by the central
service: staff sign-in, server-rendered pages (Jinja2, plain forms, no JavaScript build),
on the same service functions as `ewarong central ...` (`central.admin`, `central.staff`).

`install(app)` adds the pages under /console, the JSON admin API under /api/v1/admin and
the static files; `create_app` calls it.
"""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    from ewarong_pos.central.console.web import install as install_web

    install_web(app)
