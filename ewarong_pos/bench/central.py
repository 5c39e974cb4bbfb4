"""Benchmarks against the real central service: the first sync that builds an outlet's
cache, and the ingest of journal entries pushed by 50 outlets at once.

The service runs as `python -m ewarong_pos.central.serve` in a child process on a loopback
port (as an office runs it: its own process, so its work does not share the benchmark's
interpreter lock). Seeding the central database is set-up, not a measured operation: it
writes the rows with plain bulk inserts (the admin code's per-row ORM path would take
minutes at city size) with the same change-counter versions the admin code gives.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ewarong_pos.bench.measure import Row
from ewarong_pos.central import admin
from ewarong_pos.central.changes import reserve
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.core.dates import iso, utcnow
from ewarong_pos.core.identifiers import keyed_hash, luhn_complete
from ewarong_pos.db import crypto, journal
from ewarong_pos.db.datadir import DataDir
from ewarong_pos.db.engine import Database
from ewarong_pos.db.models import JournalEntry
from ewarong_pos.services import demo, sync
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.sync.client import CentralClient
from ewarong_pos.sync.transport import HttpTransport

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

SYNC_OUTLET = "EW-3173-0001"
NOW = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)


# --- the service in a child process -----------------------------------------------------------


class ChildService:
    """`python -m ewarong_pos.central.serve` on 127.0.0.1 with a free port (`workers`
    processes on one socket when more than one)."""

    def __init__(self, db_url: str, workdir: Path, workers: int = 1) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        port_file = workdir / f"central-port-{uuid.uuid4().hex[:8]}"
        self._log = (workdir / "central.log").open("ab")
        # The office's own serve code, with the /enroll throttle opened: the benchmark enrolls
        # 50-200 outlets from one address in a second (the throttle is about guessing
        # codes, not what is measured).
        settings = json.dumps({"enroll_rate_per_second": 1000.0, "enroll_burst": 100000})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ewarong_pos.central.serve", "--db", db_url, "--port", "0",
             "--port-file", str(port_file), "--workers", str(workers), "--settings", settings],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers = workers
        deadline = time.monotonic() + 60
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the central service did not start: see {workdir}")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{int(port_file.read_text())}"

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) of the service's processes so far, on Linux; else None."""
        return process_tree_cpu(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds used by `pid` and its live children (/proc, Linux), or None."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        pids = [pid]
        while pids:
            p = pids.pop()
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[11]) + int(stat[12])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                pids.extend(int(c) for c in children)
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    """A fresh database on the server of `base_url`, dropped afterwards."""
    import psycopg

    name = f"ewarong_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _sep, _db = base_url.rpartition("/")
    try:
        yield f"{head}/{name}"
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _products_csv(path: Path) -> Path:
    """The demo's product list (about 30 goods) in the office's products file format."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "barcode", "name", "category", "unit", "fractional", "price",
                    "ceiling", "reference_price"])  # fmt: skip
        for p in demo.PRODUCTS:
            optional = [p.ceiling or "", p.reference_price or ""]
            w.writerow([p.sku, p.barcode or "", p.name, p.category, p.unit,
                        int(p.fractional), p.price, *optional])  # fmt: skip
    return path


def _seed_reference(central: CentralDB, workdir: Path, outlets: list[str]) -> None:
    with central.session() as s, s.begin():
        for code in outlets:
            admin.register_outlet(s, code, f"e-Warong {code}", NOW)
        for c in demo.CATEGORIES:
            admin.set_category(s, c.code, c.name_id, c.name_en)
        admin.set_products(s, _products_csv(workdir / "products.csv"), NOW)


# --- first sync: building the outlet's cache from the service ----------------------------------


FIRST = ["Siti", "Sri", "Nur", "Dewi", "Rina", "Yati", "Budi", "Agus", "Slamet", "Wati"]
LAST = ["Rahayu", "Lestari", "Susanti", "Hidayat", "Santoso", "Saputra", "Wulandari"]
FAMILY_COLUMNS = (
    "dtks_id", "name", "address", "rt_rw", "kelurahan", "kecamatan", "nik_hash", "nik_last4",
    "kk_hash", "kk_last4", "card_hash", "card_last4", "card_bank", "outlet_code",
    "prev_outlet_code", "status", "status_reason", "flags", "updated_at", "version",
)  # fmt: skip
VOUCHER_COLUMNS = (
    "code", "family_dtks", "period", "amount", "valid_from", "valid_until", "status",
    "status_reason", "redeemed", "updated_at", "version",
)  # fmt: skip


def _dtks(i: int) -> str:
    return f"3171{i:08d}"


def seed_city(
    central: CentralDB, workdir: Path, outlet: str, city: int, own: int, months: int
) -> int:
    """The city's `city` families at the office, `own` of them assigned to `outlet` and the
    rest spread over the other outlets (about 842 each, as in Jakarta); `months` monthly
    vouchers for the families of `outlet`.

    Other outlets' vouchers are left out: the outlet's pull reaches vouchers through its own
    families (the office's family-by-outlet index), so they are not on its path, and 24
    months of the whole city (5.1 million rows) would take minutes to seed. Written with the
    bare driver (SQLite) in one transaction; returns the rows the outlet's first pull brings.
    """
    _seed_reference(central, workdir, [outlet])
    periods = demo.demo_periods(NOW.date(), months)
    stamp = iso(NOW)
    with central.session() as s, s.begin():
        key = admin.lookup_key(s)
        period_version = reserve(s, len(periods))
        first_family = reserve(s, city)
        first_voucher = reserve(s, own * len(periods))
    # the bench outlet's families are spread over the city, like a real roster's order
    step = max(1, city // max(1, own))
    mine = {i * step for i in range(own)}

    def family(i: int) -> tuple[Any, ...]:
        nik, kk, card = f"3171{i:012d}", f"3172{i:012d}", luhn_complete(f"519841{i:09d}")
        if i in mine:
            code = outlet
            hashes = [keyed_hash(key, k, v) for k, v in (("nik", nik), ("kk", kk), ("card", card))]
        else:  # never looked up by the outlet: a plain digest is enough (and fast)
            code = f"EW-3173-{2 + i // 842:04d}"
            hashes = [hashlib.sha256(f"{k}:{i}".encode()).hexdigest() for k in ("n", "k", "c")]
        return (
            _dtks(i), f"{FIRST[i % 10]} {LAST[(i // 10) % 7]} {i % 997}",
            f"Jl. Bench No. {i % 200}", f"{1 + i % 12:03d}/{1 + i % 9:03d}", "Gambir", "Gambir",
            hashes[0], nik[-4:], hashes[1], kk[-4:], hashes[2], card[-4:], "BNI", code, None,
            "active", "", "", stamp, first_family + i,
        )  # fmt: skip

    conn = central.engine.raw_connection()
    try:
        cur: Any = conn.cursor()  # sqlite3's cursor (takes any iterable of rows)
        cur.execute("BEGIN IMMEDIATE")  # the engine's connections are in autocommit mode
        cur.executemany(
            "INSERT INTO period (code, amount, eligible_categories, valid_from, valid_until, "
            "version) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p.code, p.amount, ",".join(p.eligible_categories), p.valid_from.isoformat(),
                 p.valid_until.isoformat(), period_version + n)
                for n, p in enumerate(periods)
            ],
        )  # fmt: skip
        marks = ", ".join("?" for _ in FAMILY_COLUMNS)
        cur.executemany(
            f"INSERT INTO family ({', '.join(FAMILY_COLUMNS)}) VALUES ({marks})",
            (family(i) for i in range(city)),
        )
        marks = ", ".join("?" for _ in VOUCHER_COLUMNS)
        ordered = sorted(mine)
        cur.executemany(
            f"INSERT INTO voucher ({', '.join(VOUCHER_COLUMNS)}) VALUES ({marks})",
            (
                (admin.voucher_code(p.code, _dtks(i)), _dtks(i), p.code, p.amount,
                 p.valid_from.isoformat(), p.valid_until.isoformat(), "open", "", 0, stamp,
                 first_voucher + n * own + k)
                for n, p in enumerate(periods)
                for k, i in enumerate(ordered)
            ),
        )  # fmt: skip
        cur.execute("COMMIT")
    finally:
        conn.close()
    return own * (1 + months)


CACHE_TABLES = ("category", "period", "product", "family", "voucher")


def first_sync(
    workdir: Path,
    city: int,
    own: int,
    months: int,
    progress: Callable[[str], None],
    *,
    whole_city: bool = False,
) -> list[Row]:
    """The first sync of a new outlet (its `own` families of the city's `city`, and their
    vouchers of `months` months) vs executemany of the same rows into an empty outlet.

    `whole_city`: every family of the city at the one outlet (the office's own laptop
    pulling the whole city), target under a minute and within 3x of the floor."""
    root = workdir / ("city-pull" if whole_city else "first-sync")
    root.mkdir(parents=True, exist_ok=True)
    central = CentralDB(f"sqlite:///{root / 'central.db'}")
    started = time.perf_counter()
    expected = seed_city(central, root, SYNC_OUTLET, city, own, months)
    progress(
        f"  central seeded: {city:,} families, {own:,} at the bench outlet with {months} "
        f"months of vouchers ({time.perf_counter() - started:.0f} s)"
    )
    with central.session() as s, s.begin():
        code = admin.new_enrollment_code(s, SYNC_OUTLET, utcnow())
    central.close()
    service = ChildService(central.url, root)
    try:
        ctx = open_outlet(root / "outlet")
        setup_outlet(ctx, SYNC_OUTLET, "Bench outlet")
        sync.enroll(ctx, service.url, code)
        progress(f"  first sync: pulling {expected:,} rows")
        started = time.perf_counter()
        result = sync.sync_now(ctx)
        service_s = time.perf_counter() - started
    finally:
        service.stop()
    if result.rows < expected:
        raise RuntimeError(f"first sync pulled {result.rows} rows, expected {expected}")

    # baseline: the same rows, read back from the synced outlet, executemany'd into an
    # empty outlet database (same encryption, same pragmas) in one transaction
    src = _raw(ctx)
    tables = {}
    for table in CACHE_TABLES:
        cur = src.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        tables[table] = (cols, cur.fetchall())
    src.close()
    ctx.close()
    base_ctx = open_outlet(root / "baseline")
    setup_outlet(base_ctx, SYNC_OUTLET, "Bench outlet")
    conn = _raw(base_ctx)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table in CACHE_TABLES:
        cols, rows = tables[table]
        marks = ", ".join("?" for _ in cols)
        conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    base_s = time.perf_counter() - started
    conn.close()
    base_ctx.close()
    if whole_city:
        label = f"the whole city pulled into one outlet ({own:,} families, {months} month)"
        target, met = "<= 3x baseline and < 60 s", service_s <= 3 * base_s and service_s < 60
    else:
        label = f"build the cache: first sync ({own:,} families, {months} months of vouchers)"
        target, met = "<= 3x baseline", service_s <= 3 * base_s
    shutil.rmtree(root, ignore_errors=True)  # the city's copies are large
    return [
        Row(
            label,
            None,
            service_s,
            base_s,
            target,
            met,
            unit="s",
            compare="p99",
            note=(
                f"{result.rows:,} rows in {result.pages} pages over HTTP from the service in "
                f"its own process, which holds the city's {city:,} families; baseline: "
                "executemany of the same rows (read back from the synced outlet) into an "
                "empty outlet database in one transaction"
            ),
        )
    ]


def _raw(ctx: Context) -> Any:
    conn = crypto.open_raw(ctx.data_dir.db_path, ctx.data_key)
    conn.isolation_level = None
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   "busy_timeout = 10000"):  # fmt: skip
        conn.execute(f"PRAGMA {pragma}")
    return conn


# --- ingest: 50 outlets push at once ---------------------------------------------------------


@dataclass(frozen=True)
class IngestResult:
    entries: int
    seconds: float
    requests: int


FAMILIES_PER_OUTLET = 40
INGEST_PERIOD = "2018-04"


def _outlet_codes(n: int) -> list[str]:
    return [f"EW-B{i:03d}" for i in range(n)]


def _family(outlet: int, k: int) -> str:
    return f"B{outlet:03d}{k:05d}"


def _roster(outlets: list[str]) -> bytes:
    head = "id_dtks,nama,nik,no_kk,no_kks,bank,alamat,kelurahan,kecamatan,kode_ewarong,status"
    lines = [head]
    n = 0
    for o, code in enumerate(outlets):
        for k in range(FAMILIES_PER_OUTLET):
            n += 1
            # a valid-looking NIK / No. KK (the roster parser checks their shape)
            nik = f"317101{1 + n % 28:02d}0485{1 + n % 9000:04d}"
            kk = f"317101{1 + (n + 5000) % 28:02d}0485{1 + (n + 5000) % 9000:04d}"
            card = luhn_complete(f"5264{n:011d}")
            lines.append(
                f"{_family(o, k)},Keluarga {n},{nik},{kk},{card},BNI,Jl. Melati {n},"
                f"Kebon Melati,Tanah Abang,{code},active"
            )
    return ("\n".join(lines) + "\n").encode()


def _journal(ctx: Context, outlet: int, code: str, entries: int) -> None:
    """`entries` redemption entries of the documented payload shape, one transaction."""
    per_family = -(-entries // FAMILIES_PER_OUTLET)
    amount = 110_000 // per_family
    with ctx.db.write() as s:
        for i in range(1, entries + 1):
            dtks = _family(outlet, i % FAMILIES_PER_OUTLET)
            payload = {
                "sale": str(uuid.uuid4()),
                "receipt_no": f"K1-{i:06d}",
                "receipt_seq": i,
                "kind": "redemption",
                "outlet": code,
                "business_date": "2018-04-12",
                "cashier": "kasir",
                "family": dtks,
                "lines": [
                    {
                        "sku": "BRS-MED-KG",
                        "name": "Beras Medium curah (per kg)",
                        "unit": "kg",
                        "qty_milli": 1000,
                        "unit_price": amount,
                        "ceiling": 9_450,
                        "total": amount,
                    },
                ],
                "total": amount,
                "allocations": [
                    {
                        "voucher": admin.voucher_code(INGEST_PERIOD, dtks),
                        "period": INGEST_PERIOD,
                        "amount": amount,
                    },
                ],
                "cash_tendered": None,
                "change": None,
                "edc": None,
                "voids": None,
                "reason": None,
                "approved_by": None,
            }
            journal.append(s, ctx.device_id, "sale.redemption", payload, ctx.now_iso())


def _journal_count(ctx: Context) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def _copy_outlet(template: Path, target: Path) -> Context:
    shutil.copytree(template, target)
    data_dir = DataDir(target)
    return Context(Database(data_dir.db_path), data_dir, data_dir.lookup_key(), lambda: NOW)


def ingest(
    db_url: str, workdir: Path, outlets: int, entries: int, progress: Progress
) -> IngestResult:
    """`outlets` outlets, each with `entries` journal entries, push at the same moment."""
    workdir.mkdir(parents=True, exist_ok=True)
    codes = _outlet_codes(outlets)
    central = CentralDB(db_url)
    _seed_reference(central, workdir, codes)
    with central.session() as s, s.begin():
        admin.import_roster(s, _roster(codes), NOW)
        admin.issue_vouchers(
            s, INGEST_PERIOD, 110_000, ["beras", "telur"], dt.date(2018, 4, 1),
            dt.date(2018, 6, 30), NOW,
        )  # fmt: skip
        enrollment = {c: admin.new_enrollment_code(s, c, utcnow()) for c in codes}
    central.close()
    # one migrated plain outlet copied per outlet: the outlets' side is not what is measured
    empty = open_outlet(workdir / "empty", clock=lambda: NOW, encrypt=False)
    empty.close()
    ctxs: list[Context] = []
    service = ChildService(db_url, workdir)
    try:
        for o, code in enumerate(codes):
            ctx = _copy_outlet(workdir / "empty", workdir / code)
            ctxs.append(ctx)
            setup_outlet(ctx, code, f"e-Warong {code}")
            _journal(ctx, o, code, entries)
            sync.enroll(ctx, service.url, enrollment[code])
        total = sum(_journal_count(c) for c in ctxs)
        progress(f"  {outlets} outlets push {total:,} journal entries at once")
        barrier = threading.Barrier(outlets + 1)
        errors: list[BaseException] = []
        requests = [0]
        lock = threading.Lock()

        def push(ctx: Context) -> None:
            identity = sync.load_identity(ctx)
            assert identity is not None
            client = CentralClient(HttpTransport(service.url), identity.token)
            try:
                barrier.wait(120)
                stored, duplicates, disputed, _acked = sync.push_pending(ctx, client, identity)
                if stored + duplicates != entries + 1 or disputed:
                    raise RuntimeError(f"{ctx.device_id}: {stored} stored, {disputed} disputed")
                with lock:
                    requests[0] += -(-stored // sync.DEFAULT_BATCH)
            except BaseException as exc:  # reported after the run
                errors.append(exc)
            finally:
                client.close()

        threads = [threading.Thread(target=push, args=(c,), name="bench-push") for c in ctxs]
        for t in threads:
            t.start()
        barrier.wait(120)
        started = time.perf_counter()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        if errors:
            raise errors[0]
    finally:
        service.stop()
        for ctx in ctxs:
            ctx.close()
    check = CentralDB(db_url, migrate=False)
    with check.session() as s:
        held = admin.journal_count(s)
    check.close()
    if held != total:
        raise RuntimeError(f"the service holds {held} entries, {total} were pushed")
    return IngestResult(total, seconds, requests[0])


def ingest_rows(
    workdir: Path,
    outlets: int,
    entries: int,
    postgres: str | None,
    progress: Progress,
) -> list[Row]:
    rows = []
    backends: list[tuple[str, Any]] = [("SQLite", None)]
    if postgres:
        backends.append(("PostgreSQL", postgres))
    for label, base in backends:
        progress(f"  central ingest on {label}")
        root = workdir / f"ingest-{label.lower()}"
        if base is None:
            result = ingest(f"sqlite:///{root / 'central.db'}", root, outlets, entries, progress)
        else:
            with postgres_database(base) as url:
                result = ingest(url, root, outlets, entries, progress)
        rate = result.entries / result.seconds
        rows.append(
            Row(
                f"central ingest, {outlets} outlets at once ({label})",
                None,
                rate,
                None,
                ">= 2,000 entries/s",
                rate >= 2_000,
                unit="entries/s",
                compare="p99",
                note=(
                    f"{result.entries:,} redemption entries in {result.requests} pushes of up "
                    f"to {sync.DEFAULT_BATCH} in {result.seconds:.1f} s (barrier start to the "
                    "last acknowledgment; the service in its own process, the outlets as "
                    "threads of the benchmark)"
                ),
            )
        )
    return rows


def env_postgres() -> str | None:
    return os.environ.get("EWARONG_TEST_POSTGRES_URL") or None
