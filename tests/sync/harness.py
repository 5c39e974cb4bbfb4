"""Test harness for sync: the real central service on loopback (in a thread or a child
process), a fresh PostgreSQL database per test, a TCP proxy that breaks connections, and
outlets with sales."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.core.config import Settings
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.models import JournalEntry as CentralEntry
from ewarong_pos.central.models import Sale as CentralSale
from ewarong_pos.central.serve import make_server
from ewarong_pos.core.identifiers import luhn_complete
from ewarong_pos.db import journal
from ewarong_pos.db.models import JournalEntry
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import setup_outlet

PG_ENV = "EWARONG_TEST_POSTGRES_URL"


@contextlib.contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    name = f"ewarong_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _sep, _db = base_url.rpartition("/")
    try:
        yield f"{head}/{name}"
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Service:
    """The real app under uvicorn on 127.0.0.1, port 0, in a (joined) thread."""

    def __init__(
        self,
        db_url: str,
        settings: Settings | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        options = {"clock": clock} if clock else {}
        self.server = make_server(
            db_url, "127.0.0.1", 0, settings=settings, log_level="warning", **options
        )
        self.port = self.server.start_in_thread()
        self.url = f"http://127.0.0.1:{self.port}"
        self.central: CentralDB = self.server.config.app.state.central

    def stop(self) -> None:
        self.server.stop()


class ChildService:
    """The service in a child process, so a test can kill it (SIGKILL) and restart it."""

    def __init__(self, db_url: str, workdir: Path, workers: int = 1) -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.start()

    def start(self) -> None:
        port_file = self.workdir / f"port-{uuid.uuid4().hex[:6]}"
        self.log = open(self.workdir / "child.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ewarong_pos.central.serve",
                "--db",
                self.db_url,
                "--port",
                "0",
                "--port-file",
                str(port_file),
                "--workers",
                str(self.workers),
                "--settings",
                '{"enroll_rate_per_second": 1000.0, "enroll_burst": 100000}',
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("child service did not start: see child.log")
            time.sleep(0.05)
        self.port = int(port_file.read_text())

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        self.log.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        self.log.close()


class BreakingProxy:
    """A TCP proxy in front of the service that can break the next push:

    - 'drop_response': the request reaches the service, which commits and answers; the
      answer is thrown away and the connection closed (the outlet never hears back);
    - 'cut_request': only the first half of the request's first chunk reaches the
      service, then both connections close;
    - with `on_fault`, a callback runs at the moment of the fault (kill the service).
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.armed: str | None = None
        self.skip = 0
        self.on_fault: Callable[[], None] | None = None
        self.faults = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._spawn(self._accept_loop)

    def arm(self, mode: str, on_fault: Callable[[], None] | None = None, *, after: int = 0) -> None:
        """Break the push after `after` pushes have gone through untouched."""
        with self._lock:
            self.armed = mode
            self.on_fault = on_fault
            self.skip = after

    def _take(self, data: bytes) -> tuple[str | None, Callable[[], None] | None]:
        with self._lock:
            if self.armed and data.startswith(b"POST /api/v1/push"):
                if self.skip > 0:
                    self.skip -= 1
                    return None, None
                mode, hook = self.armed, self.on_fault
                self.armed, self.on_fault = None, None
                self.faults += 1
                return mode, hook
        return None, None

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name="test-proxy")
        thread.start()
        with self._lock:
            self._threads.append(thread)

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._handle, client)

    @staticmethod
    def _close(*socks: socket.socket) -> None:
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def _handle(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            self._close(client)
            return
        upstream.settimeout(None)
        with self._lock:
            self._sockets += [client, upstream]
        mode: dict[str, object] = {"mode": None, "hook": None}

        def client_to_upstream() -> None:
            try:
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    fault, hook = self._take(data)
                    if fault:
                        mode["mode"], mode["hook"] = fault, hook
                    if mode["mode"] == "cut_request":
                        upstream.sendall(data[: max(1, len(data) // 2)])
                        time.sleep(0.2)  # let the service start reading the body
                        if callable(mode["hook"]):
                            mode["hook"]()
                        break
                    upstream.sendall(data)
            except OSError:
                pass
            self._close(client, upstream)

        self._spawn(client_to_upstream)
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                if mode["mode"] == "drop_response":
                    if callable(mode["hook"]):
                        mode["hook"]()
                    break
                client.sendall(data)
        except OSError:
            pass
        self._close(client, upstream)

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            socks = list(self._sockets)
        self._close(*socks)
        while True:
            with self._lock:
                threads = [t for t in self._threads if t.is_alive()]
            if not threads:
                break
            for t in threads:
                t.join(5)


# --- outlets and central data -----------------------------------------------------------------


def nik(i: int) -> str:
    return f"317101{(i % 28) + 1:02d}0485{(i % 9000) + 1:04d}"


def card(i: int) -> str:
    return luhn_complete(f"5264{i:011d}")


def roster_csv(
    families: dict[str, list[str]], *, period: str | None = None, amount: int = 110_000
) -> bytes:
    """A roster file: outlet code -> the dtks ids assigned to it."""
    head = "id_dtks,nama,nik,no_kk,no_kks,bank,alamat,kelurahan,kecamatan,kode_ewarong,status"
    if period:
        head += ",periode,nominal"
    lines = [head]
    i = 0
    for outlet, ids in families.items():
        for dtks in ids:
            i += 1
            row = (
                f"{dtks},Keluarga {dtks},{nik(i)},{nik(i + 5000)},{card(i)},BNI,"
                f"Jl. Melati {i},Kebon Melati,Tanah Abang,{outlet},active"
            )
            if period:
                row += f",{period},{amount}"
            lines.append(row)
    return ("\n".join(lines) + "\n").encode()


PRODUCTS_CSV = """sku,barcode,name,category,unit,fractional,price,ceiling,reference_price
BRS-M-5,899000000001,Beras medium 5 kg,beras,pack,0,47000,47250,
BRS-M-1,,Beras medium curah,beras,kg,1,9400,9450,
TLR-1,,Telur ayam,telur,kg,1,23000,,23000
MNY-1,,Minyak goreng 1 l,minyak,pcs,0,14000,,
"""


def seed_central(
    central: CentralDB,
    tmp: Path,
    families: dict[str, list[str]],
    now: dt.datetime,
    *,
    periods: tuple[str, ...] = ("2018-04",),
) -> None:
    """Outlets, products, a roster and vouchers for `periods`, through the admin code."""
    products = tmp / "products.csv"
    products.write_text(PRODUCTS_CSV)
    with central.session() as s, s.begin():
        for code in families:
            admin.register_outlet(s, code, f"e-Warong {code}", now)
        admin.set_category(s, "beras", "Beras", "Rice")
        admin.set_category(s, "telur", "Telur", "Eggs")
        admin.set_category(s, "minyak", "Minyak goreng", "Cooking oil")
        admin.set_products(s, products, now)
        admin.import_roster(s, roster_csv(families), now)
        for period in periods:
            year, month = map(int, period.split("-"))
            admin.issue_vouchers(
                s,
                period,
                110_000,
                ["beras", "telur"],
                dt.date(year, month, 1),
                dt.date(year, month, 28),
                now,
            )


def enrollment_code(central: CentralDB, outlet: str, now: dt.datetime) -> str:
    with central.session() as s, s.begin():
        return admin.new_enrollment_code(s, outlet, now)


def make_outlet(
    root: Path,
    code: str,
    clock: Callable[[], dt.datetime],
    device_code: str = "K1",
    *,
    encrypt: bool = True,
) -> Context:
    ctx = open_outlet(root, clock=clock, encrypt=encrypt)
    setup_outlet(ctx, code, f"e-Warong {code}", device_code=device_code)
    return ctx


def append_sales(
    ctx: Context,
    n: int,
    *,
    start: int = 1,
    allocations: list[dict] | None = None,
    total: int = 15_000,
) -> list[str]:
    """Journal entries of the documented `sale.cash` shape (when no stock is needed)."""
    uuids = []
    with ctx.db.write() as s:
        outlet = ctx.device_id
        for i in range(start, start + n):
            sale = str(uuid.uuid4())
            uuids.append(sale)
            payload = {
                "sale": sale,
                "receipt_no": f"K1-{i:06d}",
                "receipt_seq": i,
                "kind": "redemption" if allocations else "cash",
                "outlet": _outlet_code(ctx),
                "business_date": "2018-04-12",
                "cashier": "kasir",
                "family": None,
                "lines": [
                    {
                        "sku": "MNY-1",
                        "name": "Minyak goreng 1 l",
                        "unit": "pcs",
                        "qty_milli": 1000,
                        "unit_price": total,
                        "ceiling": None,
                        "total": total,
                    }
                ],
                "total": total,
                "allocations": allocations or [],
                "cash_tendered": None if allocations else 20_000,
                "change": None if allocations else 20_000 - total,
                "edc": None,
                "voids": None,
                "reason": None,
                "approved_by": None,
            }
            kind = "sale.redemption" if allocations else "sale.cash"
            journal.append(s, outlet, kind, payload, ctx.now_iso())
    return uuids


def _outlet_code(ctx: Context) -> str:
    from ewarong_pos.db.models import Outlet

    with ctx.db.read() as s:
        return s.scalars(select(Outlet.code)).one()


def assert_exactly_once(ctx: Context, central: CentralDB) -> None:
    """Every sale and entry of the outlet is on the service exactly once, totals equal,
    and nothing is left pending."""
    from ewarong_pos.services.sync import sync_status

    device = ctx.device_id
    with ctx.db.read() as s:
        local_entries = s.scalar(
            select(func.count()).select_from(JournalEntry).where(JournalEntry.device_id == device)
        )
        rows = s.scalars(
            select(JournalEntry).where(
                JournalEntry.device_id == device, JournalEntry.kind.like("sale.%")
            )
        ).all()
        payloads = [json.loads(r.payload) for r in rows]
        local_sales = {p["sale"]: p["total"] for p in payloads}
    with central.session() as s:
        central_entries = s.scalar(
            select(func.count()).select_from(CentralEntry).where(CentralEntry.device_id == device)
        )
        central_sales = s.execute(
            select(CentralSale.sale_uuid, CentralSale.total).where(CentralSale.device_id == device)
        ).all()
    assert central_entries == local_entries
    assert len(central_sales) == len(local_sales)
    assert dict(central_sales) == local_sales
    assert sum(t for _u, t in central_sales) == sum(local_sales.values())
    assert sync_status(ctx).waiting == 0


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def env_postgres() -> str | None:
    return os.environ.get(PG_ENV) or None
