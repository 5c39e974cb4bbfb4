"""Run the central service with uvicorn (also `python -m ewarong_pos.central.serve`).

`LoopbackServer` is a uvicorn server that reports the port it bound (port 0 picks a free
one) and can be started in a thread and stopped cleanly; tests and `ewarong central
serve` both use it. `serve_workers` runs the service in several worker processes on one
socket (`--workers N`): the push path is CPU in Python, one process uses one core.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from ewarong_pos.central.app import create_app
from ewarong_pos.central.core import officekey
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.errors import Refused

log = logging.getLogger(__name__)


class LoopbackServer(uvicorn.Server):
    """A uvicorn server that knows its bound port once started."""

    def __init__(self, config: uvicorn.Config, port_file: Path | None = None) -> None:
        super().__init__(config)
        self.port_file = port_file
        self.port: int | None = None
        self.ready = threading.Event()
        self._thread: threading.Thread | None = None

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if self.servers and self.servers[0].sockets:
            self.port = int(self.servers[0].sockets[0].getsockname()[1])
            if self.port_file is not None:
                tmp = self.port_file.with_suffix(".tmp")
                tmp.write_text(str(self.port))
                tmp.replace(self.port_file)
            log.info("central service listening on port %d", self.port)
        self.ready.set()

    def start_in_thread(self, timeout: float = 30.0) -> int:
        self._thread = threading.Thread(target=self.run, name="central-uvicorn")
        self._thread.start()
        if not self.ready.wait(timeout) or self.port is None:
            self.stop()
            raise RuntimeError("the central service did not start")
        return self.port

    def stop(self, timeout: float = 30.0) -> None:
        self.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None


def make_server(
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    settings: Settings | None = None,
    port_file: Path | None = None,
    log_level: str = "info",
    tls_cert: Path | str | None = None,
    tls_key: Path | str | None = None,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
    **app_options: Any,
) -> LoopbackServer:
    """The service under uvicorn; with `tls_cert`/`tls_key` (PEM files) it serves HTTPS
    itself (uvicorn's ssl options). Behind a reverse proxy that ends TLS, serve plain HTTP
    on 127.0.0.1 with `proxy_headers` so the client address (the /enroll throttle) is the
    outlet's (docs/sync.md, "Transport security")."""
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("TLS needs both the certificate and its key")
    app = create_app(db_url, settings, **app_options)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    return LoopbackServer(config, port_file)


# What a worker process of `serve_workers` is started with (it imports the app factory).
DB_ENV = "EWARONG_CENTRAL_DB"
SETTINGS_ENV = "EWARONG_CENTRAL_SETTINGS"


def app_from_env() -> FastAPI:
    """The app of one worker process of `serve_workers` (a uvicorn factory): the database
    and settings its supervisor put in the environment; migrated by the supervisor."""
    settings = Settings(**json.loads(os.environ.get(SETTINGS_ENV, "{}")))
    # the sealing key: where `officekey.key_path` finds it (the supervisor names it there)
    app = create_app(os.environ[DB_ENV], settings, migrate=False)
    freeze_start_up()
    return app


def freeze_start_up() -> None:
    """What start-up made (modules, the ORM's mappings, the app) lives as long as the
    process: out of the cyclic collector's sight, as the outlet app does (app.main), so a
    full collection during a request walks only what was made since (with ~120,000
    start-up objects one took ~35 ms, about once every two pulled pages of 5,000 rows).
    Only in the service's own process: never where it runs inside another program."""
    gc.collect()
    gc.freeze()


def serve_workers(
    db_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 2,
    *,
    settings: Settings | None = None,
    port_file: Path | None = None,
    log_level: str = "info",
    tls_cert: Path | str | None = None,
    tls_key: Path | str | None = None,
    proxy_headers: bool = False,
    forwarded_allow_ips: str | None = None,
    key_file: Path | str | None = None,
) -> None:
    """The service in `workers` processes sharing one listening socket (uvicorn's
    supervisor), until it is told to stop (SIGINT/SIGTERM).

    Exactly-once does not depend on which process takes a push: a device's batches are
    kept apart by its device row lock, an outlet's voucher changes by its stream lock, and
    the journal's `(device_id, seq)` key refuses a second copy (tests/central/
    test_workers.py). What is per process: the rate limits (each worker keeps its own
    token buckets, so a device's sustained limit is up to `workers` times the setting).
    """
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("TLS needs both the certificate and its key")
    from uvicorn.supervisors import Multiprocess

    from ewarong_pos.central.core.db import CentralDB

    # migrated once, here, before any worker opens it; a missing or wrong sealing key is
    # refused here too (Refused), before any worker starts
    CentralDB(db_url, key_file=key_file).close()
    os.environ[DB_ENV] = db_url
    if key_file:
        os.environ[officekey.KEY_FILE_ENV] = str(key_file)
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings or Settings()))
    config = uvicorn.Config(
        "ewarong_pos.central.serve:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
        # a worker imports the whole service before it answers the supervisor's health
        # check: on a loaded machine that is more than uvicorn's default few seconds
        timeout_worker_healthcheck=60,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    sock = config.bind_socket()
    # listening from here: connections wait in the backlog until a worker takes them, so
    # the port can be announced now (the workers start the server on this socket)
    sock.listen(config.backlog)
    bound = int(sock.getsockname()[1])
    if port_file is not None:
        tmp = port_file.with_suffix(".tmp")
        tmp.write_text(str(bound))
        tmp.replace(port_file)
    log.info("central service listening on port %d with %d workers", bound, workers)
    Multiprocess(config, sockets=[sock]).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="e-Warong central office service")
    parser.add_argument("--db", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--port-file", type=Path)
    parser.add_argument("--key-file", type=Path, default=None, help="the office's sealing key")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--settings", default=None, help="Settings fields as a JSON object (tests, benchmarks)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings(**json.loads(args.settings)) if args.settings else None
    try:
        if args.workers > 1:
            serve_workers(
                args.db, args.host, args.port, args.workers, settings=settings,
                port_file=args.port_file, key_file=args.key_file,
            )  # fmt: skip
            return 0
        server = make_server(
            args.db, args.host, args.port, settings=settings, port_file=args.port_file,
            key_file=args.key_file,
        )  # fmt: skip
    except Refused as exc:  # the sealing key missing or wrong: say so, no traceback
        print(f"refused ({exc.code}): {exc.detail}", file=sys.stderr)
        return 2
    freeze_start_up()
    server.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
