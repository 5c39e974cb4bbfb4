"""`ewarong bench --national`: the central office at the scale of the country (PostgreSQL).

20,000,000 families over 80,000 outlets in 34 provinces (times `scale`), one month's
vouchers, and what the office does with them, each beside a floor measured in the same run:

- the roster import of the country: every family's NIK, KK and card hashed with the
  office's key (`core.identifiers.keyed_hash`, as the roster import hashes them), numbered
  in its outlet's change stream and written with `COPY`, then the indexes built and the
  streams set; floor: the bare `COPY` of the same rendered rows into a table without
  indexes (on a sample, as a rate);
- the issue of one month's vouchers (`central.admin.issue_vouchers`, set-based); floor:
  the bare `INSERT ... SELECT` of the same rows into a table without indexes or triggers;
- an outlet's first pull (~250 families and their vouchers) through the real service over
  HTTP, and an incremental pull with nothing new; floor: the bare indexed `SELECT` of the
  same rows / of the empty range;
- ingest with 200 outlets pushing at once (real devices, real hash chains, real HTTP);
- the office's reconciliation of one period (`central.admin.reconcile`) over one
  redemption per voucher; floor: the bare grouped `SUM` over the same rows.

Not part of CI. It creates its own database on the server and drops it at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from ewarong_pos.bench import central as bench_central
from ewarong_pos.bench.measure import Row, percentile
from ewarong_pos.central import admin
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.core import journal as chain
from ewarong_pos.core.dates import iso
from ewarong_pos.core.identifiers import keyed_hash, keyed_hash_v1
from ewarong_pos.protocol import schemas as w
from ewarong_pos.sync.client import CentralClient
from ewarong_pos.sync.transport import HttpTransport

Progress = Callable[[str], None]

FAMILIES = 20_000_000
OUTLETS = 80_000
PROVINCES = 34
PERIOD = "2018-04"
AMOUNT = 200_000
NOW = dt.datetime(2018, 4, 2, 1, 0, tzinfo=dt.UTC)
PUSH_OUTLETS = 200
# the ingest is measured with one service process and with one per core of the machine
INGEST_WORKERS = (1, 2)
FLOOR_SAMPLE = 1_000_000  # rows of the bare COPY floor (a rate, scaled to the run)
OLD_SAMPLE = 2_000_000  # vouchers issued the old way (one plain table), scaled beyond
PULL_SAMPLES = 20  # outlets whose first pull is measured
EMPTY_SAMPLES = 200
# redemptions seeded for the reconciliation: one per voucher up to about this many (the
# rest of a 20-million month is not seeded: it would take longer than the whole run)
REDEMPTIONS = 4_000_000

FAMILY_COLUMNS = bench_central.FAMILY_COLUMNS
# the family table's indexes, built after the COPY (as a bulk load does)
FAMILY_INDEXES = (
    "CREATE INDEX ix_family_nik_hash ON family (nik_hash)",
    "CREATE INDEX ix_family_version ON family (version)",
    "CREATE INDEX ix_family_outlet_version ON family (outlet_code, version)",
    "CREATE INDEX ix_family_prev_outlet_version ON family (prev_outlet_code, version)",
)


def outlet_code(o: int) -> str:
    return f"EW-{11 + o % PROVINCES:02d}-{o:05d}"


def _dtks(i: int) -> str:
    return f"N{i:010d}"


class Load:
    """The load average, sampled while the benchmark runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="bench-load")
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> str:
        self._stop.set()
        if not self.samples:
            return f"{os.getloadavg()[0]:.1f}"
        return (
            f"{min(self.samples):.1f}-{max(self.samples):.1f} "
            f"(median {statistics.median(self.samples):.1f})"
        )


def _rows(key: bytes, start: int, stop: int, outlets: int, first: int, stamp: str) -> bytes:
    """Families start..stop as COPY text: family i belongs to outlet i % outlets and is
    that outlet's (i // outlets)-th change, numbered from `first`.

    The identifiers are keyed with the office key as the first stage of the roster import's
    hash (`keyed_hash_v1`, HMAC-SHA256, computed from a copy of one keyed state and checked
    against it on each chunk's first row). The production hash runs scrypt over that value
    (~10 ms each, measured separately by `hash_cost`): 60 million of them are days of CPU,
    so the bulk rows carry the first stage, which the database cannot tell apart."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def h(kind: str, number: str) -> str:
        mac = keyed.copy()
        mac.update(f"{kind}:{number}".encode())
        return mac.hexdigest()

    out = []
    for i in range(start, stop):
        o = i % outlets
        p = 11 + o % PROVINCES
        nik, kk, card = f"{p:02d}{i:014d}", f"{p:02d}9{i:013d}", f"5264{i:012d}"
        out.append(
            f"{_dtks(i)}\tKeluarga {i % 9973} {i % 89}\tJl. Bench No. {i % 200}\t"
            f"{1 + i % 12:03d}/{1 + i % 9:03d}\tKel {o}\tKec {o // 10}\t"
            f"{h('nik', nik)}\t{nik[-4:]}\t{h('kk', kk)}\t{kk[-4:]}\t"
            f"{h('card', card)}\t{card[-4:]}\tBRI\t{outlet_code(o)}\t\\N\t"
            f"active\t\t\t{stamp}\t{first + i // outlets}\n"
        )
        if i == start and h("nik", nik) != keyed_hash_v1(key, "nik", nik):
            raise RuntimeError("the bench's hashes differ from core.identifiers.keyed_hash_v1")
    return "".join(out).encode()


def hash_cost(key: bytes, n: int = 20) -> float:
    """Seconds per production identifier hash (`keyed_hash`), median of `n`."""
    samples = []
    for i in range(n):
        t = time.perf_counter()
        keyed_hash(key, "nik", f"3171{i:012d}")
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def _render(job: tuple[bytes, int, int, int, int, str]) -> tuple[bytes, float]:
    started = time.process_time()
    data = _rows(*job)
    return data, time.process_time() - started


def _rendered(
    key: bytes, families: int, outlets: int, first: int, stamp: str, chunk: int
) -> Iterator[tuple[bytes, float]]:
    """The COPY text chunk by chunk, rendered by two worker processes (at most four chunks
    in flight, in order)."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    jobs = ((key, a, b, outlets, first, stamp) for a, b in _chunks(families, chunk))
    with ProcessPoolExecutor(2) as pool:
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(pool.submit(_render, job))
            if len(pending) >= 4:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def roster(url: str, families: int, outlets: int, progress: Progress) -> tuple[list[Row], bytes]:
    """Seed the reference data, then the country's roster: hash, COPY, index, streams."""
    central = CentralDB(url)
    workdir = Path(os.environ.get("TMPDIR", "/tmp"))
    with central.session() as s, s.begin():
        from ewarong_pos.services import demo

        for c in demo.CATEGORIES:
            admin.set_category(s, c.code, c.name_id, c.name_en)
        products = workdir / f"national-products-{uuid.uuid4().hex[:6]}.csv"
        admin.set_products(s, bench_central._products_csv(products), NOW)
        products.unlink()
        key = admin.lookup_key(s)
        from ewarong_pos.central.changes import current

        first = current(s) + 1
    central.close()
    stamp = iso(NOW)
    conn = _connect(url)
    conn.execute("SET maintenance_work_mem = '1GB'")
    # the bulk load: the table's secondary indexes are built after the COPY
    for statement in FAMILY_INDEXES:
        conn.execute(f"DROP INDEX {statement.split()[2]}")
    chunk = 50_000
    started = time.perf_counter()
    hashing = 0.0
    cols = ", ".join(FAMILY_COLUMNS)
    with conn.cursor() as cur, cur.copy(f"COPY family ({cols}) FROM STDIN") as copy:
        done = 0
        for data, cpu in _rendered(key, families, outlets, first, stamp, chunk):
            hashing += cpu
            copy.write(data)
            done = min(families, done + chunk)
            if done % 1_000_000 == 0 or done == families:
                el = time.perf_counter() - started
                progress(
                    f"  roster: {done:,} / {families:,} families ({el:.0f} s, "
                    f"{done / el:,.0f}/s, load {os.getloadavg()[0]:.1f})"
                )
    copied = time.perf_counter() - started
    for statement in FAMILY_INDEXES:
        t = time.perf_counter()
        conn.execute(statement)
        progress(f"  roster: {statement.split()[2]} built in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    conn.execute(
        "INSERT INTO outlet (code, name, created_at) SELECT code, 'e-Warong ' || code, %s "
        "FROM (SELECT DISTINCT outlet_code AS code FROM family) f "
        "ON CONFLICT (code) DO NOTHING",
        (stamp,),
    )
    conn.execute(
        "INSERT INTO change_stream (outlet_code, value) "
        "SELECT outlet_code, %s + count(*) - 1 FROM family GROUP BY outlet_code "
        "ON CONFLICT (outlet_code) DO UPDATE SET value = excluded.value",
        (first,),
    )
    conn.execute("ANALYZE family")
    tail = time.perf_counter() - t
    total = time.perf_counter() - started
    progress(f"  roster: outlets, streams and statistics in {tail:.0f} s; import {total:.0f} s")

    # floor: the bare COPY of the same rendered rows into a table without indexes
    n = min(families, FLOOR_SAMPLE)
    rendered = [d for d, _cpu in _rendered(key, n, outlets, first, stamp, chunk)]
    conn.execute("CREATE TABLE floor_family (LIKE family)")
    t = time.perf_counter()
    with conn.cursor() as cur, cur.copy(f"COPY floor_family ({cols}) FROM STDIN") as copy:
        for part in rendered:
            copy.write(part)
    floor = (time.perf_counter() - t) * families / n
    conn.execute("DROP TABLE floor_family")
    conn.close()
    del rendered
    hash_us = hashing / families / 3 * 1e6
    production = hash_cost(key)
    progress(f"  roster: production identifier hash {production * 1000:.1f} ms each")
    return [
        Row(
            f"national roster import ({families:,} families, {outlets:,} outlets)",
            None,
            total,
            floor,
            "-",
            None,
            unit="s",
            compare="p99",
            note=(
                f"NIK, KK and card keyed with the office key (HMAC, the hash's first stage) "
                f"and rendered into COPY rows by 2 worker processes ({hash_us:.1f} us CPU "
                f"per identifier with its row, {hashing:.0f} s CPU); the production hash "
                f"(scrypt over it) measured apart: {production * 1000:.1f} ms each, "
                f"{families * 3 * production / 3600:,.0f} core-hours for the country, not "
                f"part of this figure; "
                f"hashing and COPY together {copied:.0f} s, 4 secondary indexes "
                f"built after it, outlets and change streams set {tail:.0f} s; floor: the "
                f"bare COPY of the same rendered rows into a table without indexes, "
                f"{n:,} rows timed and scaled to {families:,}"
            ),
        )
    ], key


def vouchers(url: str, families: int, progress: Progress) -> list[Row]:
    central = CentralDB(url, migrate=False)
    progress(f"  vouchers: issuing {PERIOD} for {families:,} families")
    started = time.perf_counter()
    with central.session() as s, s.begin():
        issued = admin.issue_vouchers(
            s, PERIOD, AMOUNT, ["beras", "telur"], dt.date(2018, 4, 1), dt.date(2018, 6, 30), NOW
        )
    seconds = time.perf_counter() - started
    central.close()
    if issued != families:
        raise RuntimeError(f"{issued} vouchers issued for {families} families")
    conn = _connect(url)
    conn.execute("ANALYZE voucher")
    conn.execute("CREATE TABLE floor_voucher AS SELECT * FROM voucher WITH NO DATA")
    progress(f"  vouchers: {issued:,} in {seconds:.0f} s; floor")
    n = min(families, FLOOR_SAMPLE)
    t = time.perf_counter()
    conn.execute(
        "INSERT INTO floor_voucher SELECT 'BPNT-' || %s || '-' || dtks_id, dtks_id, %s, %s, "
        "'2018-04-01', '2018-06-30', 'open', '', 0, %s, version, outlet_code FROM family "
        "WHERE status = 'active' LIMIT %s",
        (PERIOD, PERIOD, AMOUNT, iso(NOW), n),
    )
    floor = (time.perf_counter() - t) * families / n
    conn.execute("DROP TABLE floor_voucher")
    old_design = _old_design(conn, families, progress)
    conn.close()
    return [
        Row(
            f"issue one month's vouchers ({issued:,})",
            None,
            seconds,
            floor,
            "-",
            None,
            unit="s",
            compare="p99",
            note=(
                "admin.issue_vouchers: INSERT ... SELECT numbered per outlet with "
                "row_number() into a fresh table of the month, then attached as the "
                "vouchers' partition (its indexes built once, its foreign keys validated in "
                "one pass each; migration c0005), every stream moved; "
                "floor: the bare INSERT ... SELECT of the same rows into a table without "
                f"indexes or triggers, {min(families, FLOOR_SAMPLE):,} rows timed and scaled"
            ),
        ),
        old_design,
    ]


def _old_design(conn: Any, families: int, progress: Progress) -> Row:
    """The same month's issue into the voucher table as it was before the partitions
    (c0005): one plain table with its primary key, unique key, indexes, foreign keys and
    trigger, rows inserted by the same statement as the issue's (numbered per outlet,
    skipping families that hold one). Up to OLD_SAMPLE rows, scaled linearly."""
    n = min(families, OLD_SAMPLE)
    conn.execute(
        "CREATE TABLE old_voucher (code VARCHAR(64) PRIMARY KEY, family_dtks VARCHAR(40) "
        "NOT NULL REFERENCES family (dtks_id), period VARCHAR(7) NOT NULL REFERENCES period "
        "(code), amount INTEGER NOT NULL, valid_from VARCHAR(10) NOT NULL, valid_until "
        "VARCHAR(10) NOT NULL, status VARCHAR(16) NOT NULL CHECK (status IN ('open', "
        "'revoked', 'blocked')), status_reason VARCHAR(200) NOT NULL, redeemed INTEGER NOT "
        "NULL, updated_at VARCHAR(32) NOT NULL, version INTEGER NOT NULL, outlet_code "
        "VARCHAR(32), UNIQUE (family_dtks, period))"
    )
    conn.execute("CREATE INDEX ix_old_voucher_period ON old_voucher (period)")
    conn.execute("CREATE INDEX ix_old_voucher_outlet_version ON old_voucher (outlet_code, version)")
    conn.execute(
        "CREATE TRIGGER old_voucher_outlet BEFORE INSERT ON old_voucher FOR EACH ROW "
        "WHEN (NEW.outlet_code IS NULL) EXECUTE FUNCTION voucher_outlet_on_insert()"
    )
    progress(f"  vouchers: the old design (one plain table), {n:,} vouchers")
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("SET LOCAL work_mem = '256MB'")
    conn.execute(
        "INSERT INTO old_voucher (code, family_dtks, period, amount, valid_from, valid_until, "
        "status, status_reason, redeemed, updated_at, version, outlet_code) "
        "SELECT 'BPNT-' || %s || '-' || r.dtks_id, r.dtks_id, %s, %s, '2018-04-01', "
        "'2018-06-30', 'open', '', 0, %s, 1 + r.rn, r.outlet_code FROM (SELECT dtks_id, "
        "outlet_code, row_number() OVER (PARTITION BY outlet_code ORDER BY dtks_id) AS rn "
        "FROM family WHERE status = 'active' AND dtks_id IN (SELECT dtks_id FROM family "
        "ORDER BY dtks_id LIMIT %s)) r WHERE NOT EXISTS (SELECT 1 FROM old_voucher v WHERE "
        "v.period = %s AND v.family_dtks = r.dtks_id)",
        (PERIOD, PERIOD, AMOUNT, iso(NOW), n, PERIOD),
    )
    conn.execute("COMMIT")
    seconds = (time.perf_counter() - t) * families / n
    conn.execute("DROP TABLE old_voucher")
    progress(f"  vouchers: the old design {seconds:.0f} s for {families:,}")
    scaled = f", {n:,} rows timed and scaled to {families:,}" if n < families else ""
    return Row(
        f"issue one month's vouchers, the old design ({families:,})",
        None,
        seconds,
        None,
        "-",
        None,
        unit="s",
        compare="p99",
        note=(
            "the same month into one plain voucher table as before migration c0005 (primary "
            "key, unique key, two indexes, two foreign keys and the trigger, maintained row "
            f"by row), the issue's INSERT ... SELECT{scaled}; measured in the same run, "
            "beside the partitioned issue above"
        ),
    )


def _enroll(central: CentralDB, code: str) -> tuple[str, str]:
    device = f"dev-{code}-{secrets.token_hex(4)}"
    with central.session() as s, s.begin():
        one_time = admin.new_enrollment_code(s, code, NOW)
        answer = admin.enroll(
            s,
            w.EnrollRequest(code=one_time, device_id=device, device_code="K1", outlet_code=code),
            NOW,
        )
    return device, answer.token


def pulls(url: str, outlets: int, progress: Progress) -> list[Row]:
    """First pulls of PULL_SAMPLES outlets through the service, and empty pulls."""
    central = CentralDB(url, migrate=False)
    step = max(1, outlets // PULL_SAMPLES)
    sample = [outlet_code(o) for o in range(7, outlets, step)][:PULL_SAMPLES]
    tokens = [_enroll(central, code) for code in sample]
    central.close()
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"national-{uuid.uuid4().hex[:6]}"
    service = bench_central.ChildService(url, workdir)
    firsts: list[float] = []
    floors: list[float] = []
    empties: list[float] = []
    empty_floors: list[float] = []
    rows_pulled: list[int] = []
    conn = _connect(url)
    try:
        for code, (_device, token) in zip(sample, tokens, strict=True):
            client = CentralClient(HttpTransport(service.url), token)
            try:
                started = time.perf_counter()
                cursor, n = 0, 0
                while True:
                    page = client.pull(cursor, w.MAX_PAGE_SIZE)
                    n += len(page.families) + len(page.vouchers) + len(page.products)
                    n += len(page.categories) + len(page.periods) + len(page.accounts)
                    cursor = page.cursor
                    if not page.more:
                        break
                firsts.append(time.perf_counter() - started)
                rows_pulled.append(n)
                for _ in range(EMPTY_SAMPLES // PULL_SAMPLES):
                    t = time.perf_counter()
                    page = client.pull(cursor, w.MAX_PAGE_SIZE)
                    empties.append(time.perf_counter() - t)
                    if page.cursor != cursor or page.more:
                        raise RuntimeError("an empty pull brought changes")
            finally:
                client.close()
            # floors: the bare indexed SELECTs of the same rows / of the empty ranges
            t = time.perf_counter()
            with conn.cursor() as cur:
                for table in ("category", "period", "product"):
                    cur.execute(f"SELECT * FROM {table} WHERE version > 0")
                    cur.fetchall()
                cur.execute("SELECT * FROM family WHERE outlet_code = %s", (code,))
                cur.fetchall()
                cur.execute("SELECT * FROM voucher WHERE outlet_code = %s", (code,))
                cur.fetchall()
            floors.append(time.perf_counter() - t)
            for _ in range(EMPTY_SAMPLES // PULL_SAMPLES):
                t = time.perf_counter()
                with conn.cursor() as cur:
                    cur.execute(
                        "SELECT version FROM voucher WHERE outlet_code = %s AND version > %s "
                        "ORDER BY version LIMIT 1",
                        (code, cursor),
                    )
                    cur.fetchall()
                empty_floors.append(time.perf_counter() - t)
        progress(
            f"  pulls: {len(firsts)} first pulls, median {statistics.median(firsts) * 1000:.0f} "
            f"ms, {statistics.median(rows_pulled):.0f} rows each"
        )
    finally:
        conn.close()
        service.stop()
    ms = 1000.0
    return [
        Row(
            f"an outlet's first pull ({statistics.median(rows_pulled):.0f} rows)",
            statistics.median(firsts) * ms,
            percentile(firsts, 99) * ms,
            statistics.median(floors) * ms,
            "<= 2 s",
            percentile(firsts, 99) <= 2.0,
            note=(
                f"{len(firsts)} outlets, each pulling every page (families, vouchers, "
                "products) over HTTP from the service in its own process, with the country "
                "in the database; floor: the bare indexed SELECTs of the same rows"
            ),
        ),
        Row(
            "an incremental pull with nothing new",
            statistics.median(empties) * ms,
            percentile(empties, 99) * ms,
            statistics.median(empty_floors) * ms,
            "<= 50 ms",
            percentile(empties, 99) <= 0.050,
            note=(
                f"{len(empties)} pulls over HTTP (token check, the version ranges, the "
                "device's disputes, JSON); floor: the bare indexed SELECT of the empty range"
            ),
        ),
    ]


def _batch(device: str, code: str, families: list[str]) -> bytes:
    """A push of one redemption entry per family, chained from the genesis."""
    prev = chain.GENESIS
    entries = []
    for seq, dtks in enumerate(families, start=1):
        amount = 45_000
        payload = {
            "sale": str(uuid.uuid4()),
            "receipt_no": f"K1-{seq:06d}",
            "receipt_seq": seq,
            "kind": "redemption",
            "outlet": code,
            "business_date": "2018-04-02",
            "cashier": "kasir",
            "family": dtks,
            "lines": [
                {"sku": "BRS-MED-KG", "name": "Beras Medium curah (per kg)", "unit": "kg",
                 "qty_milli": 5000, "unit_price": 9_000, "ceiling": 9_450, "total": amount},
            ],
            "total": amount,
            "allocations": [
                {"voucher": admin.voucher_code(PERIOD, dtks), "period": PERIOD, "amount": amount},
            ],
            "cash_tendered": None, "change": None, "edc": None, "voids": None, "reason": None,
            "approved_by": None,
        }  # fmt: skip
        entry = chain.make_entry(
            prev, device, seq, str(uuid.uuid4()), "sale.redemption", iso(NOW), payload
        )
        entries.append(w.WireEntry.of(entry))
        prev = entry.hash
    return (
        w.PushRequest(outlet_code=code, device_id=device, entries=entries)
        .model_dump_json()
        .encode()
    )


def ingest(
    url: str, outlets: int, progress: Progress, workers: tuple[int, ...] = INGEST_WORKERS
) -> list[Row]:
    """PUSH_OUTLETS outlets (enrolled devices) each push one batch of redemption entries
    (one per family of the outlet, up to the batch limit) at the same moment; once per
    entry of `workers` (the service's processes), each time with freshly enrolled devices
    redeeming the same vouchers again (45,000 of 200,000 each time)."""
    return [_ingest_once(url, outlets, progress, n) for n in workers]


def _ingest_once(url: str, outlets: int, progress: Progress, workers: int) -> Row:
    central = CentralDB(url, migrate=False)
    step = max(1, outlets // PUSH_OUTLETS)
    codes = [outlet_code(o) for o in range(3, outlets, step)][:PUSH_OUTLETS]
    bodies: list[tuple[str, bytes]] = []
    total = 0
    for code in codes:
        device, token = _enroll(central, code)
        with central.session() as s:
            from sqlalchemy import select

            from ewarong_pos.central.models import Family

            fams = list(
                s.scalars(
                    select(Family.dtks_id)
                    .where(Family.outlet_code == code)
                    .order_by(Family.dtks_id)
                    .limit(w.MAX_BATCH_ENTRIES)
                )
            )
        total += len(fams)
        bodies.append((token, _batch(device, code, fams)))
    central.close()
    processes = f"{workers} service process{'es' if workers > 1 else ''}"
    progress(f"  ingest: {len(codes)} outlets push {total:,} entries at once ({processes})")
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"national-{uuid.uuid4().hex[:6]}"
    service = bench_central.ChildService(url, workdir, workers=workers)
    barrier = threading.Barrier(len(bodies) + 1)
    errors: list[BaseException] = []
    stored = [0]
    lock = threading.Lock()

    def push(token: str, body: bytes) -> None:
        try:
            with httpx.Client(base_url=service.url, timeout=600) as client:
                # one request first, so every worker process has started and connected
                client.get(f"{w.API_PREFIX}/health")
                barrier.wait(120)
                response = client.post(
                    f"{w.API_PREFIX}/push",
                    content=body,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                response.raise_for_status()
                ack = w.PushAck.model_validate_json(response.content)
                if ack.disputed:
                    raise RuntimeError(f"{ack.device_id}: {len(ack.disputed)} disputed")
                with lock:
                    stored[0] += len(ack.stored)
        except BaseException as exc:  # reported after the run
            errors.append(exc)

    threads = [threading.Thread(target=push, args=b, name="bench-push") for b in bodies]
    try:
        for t in threads:
            t.start()
        barrier.wait(120)
        cpu_before = service.cpu_seconds()
        client_before = time.process_time()
        load = os.getloadavg()[0]
        started = time.perf_counter()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        cpu_after = service.cpu_seconds()
        client_cpu = time.process_time() - client_before
    finally:
        service.stop()
    if errors:
        raise errors[0]
    if stored[0] != total:
        raise RuntimeError(f"{stored[0]} of {total} entries stored")
    rate = total / seconds
    cpu = ""
    if cpu_before is not None and cpu_after is not None:
        cpu = f"; service CPU {(cpu_after - cpu_before) / total * 1e6:.0f} us per entry"
    cpu += f", client CPU {client_cpu / total * 1e6:.0f} us per entry"
    progress(f"  ingest: {rate:,.0f} entries/s in {seconds:.1f} s ({processes}){cpu}")
    return Row(
        f"ingest, {len(codes)} outlets pushing at once ({processes})",
        None,
        rate,
        None,
        ">= 5,600 entries/s",
        rate >= 5_600,
        unit="entries/s",
        compare="p99",
        note=(
            f"{total:,} redemption entries (one push of up to {w.MAX_BATCH_ENTRIES} "
            f"per outlet) in {seconds:.1f} s, barrier start to the last acknowledgment, "
            f"load average {load:.1f} at the start; each entry a real hash-chained journal "
            "entry checked, stored and its voucher updated under its outlet's stream lock; "
            f"the service in its own process{'es' if workers > 1 else ''} "
            f"(`ewarong central serve --workers {workers}`){cpu}"
        ),
    )


def reconcile(url: str, families: int, progress: Progress) -> list[Row]:
    """One redemption per voucher of the period (seeded set-based), then the office's
    reconciliation of the period vs the bare grouped SUM of the same rows."""
    conn = _connect(url)
    t = time.perf_counter()
    conn.execute(
        "INSERT INTO device (id, outlet_code, code, token_hash, enrolled_at, revoke_reason, "
        "last_seq, last_hash, pull_cursor, sent_cursor) "
        "SELECT 'seed-' || code, code, 'S1', md5(code) || md5('x' || code), %s, '', 0, "
        "repeat('0', 64), 0, 0 FROM outlet",
        (iso(NOW),),
    )
    every = max(1, round(families / REDEMPTIONS))
    conn.execute(
        "INSERT INTO redemption (device_id, seq, outlet_code, voucher_code, period, amount) "
        "SELECT 'seed-' || outlet_code, 1, outlet_code, code, period, 45000 FROM voucher "
        "WHERE period = %s AND right(family_dtks, 9)::bigint %% %s = 0",
        (PERIOD, every),
    )
    found = conn.execute("SELECT count(*) FROM redemption").fetchone()
    redeemed = int(found[0]) if found else 0
    conn.execute("ANALYZE redemption")
    progress(f"  reconcile: {redeemed:,} redemptions seeded in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute(
            "SELECT outlet_code, period, sum(amount) FROM redemption WHERE period = %s "
            "GROUP BY outlet_code, period",
            (PERIOD,),
        )
        cur.fetchall()
    floor = time.perf_counter() - t
    conn.close()
    central = CentralDB(url, migrate=False)
    t = time.perf_counter()
    with central.session() as s:
        result = admin.reconcile(s, PERIOD)
    seconds = time.perf_counter() - t
    central.close()
    progress(f"  reconcile: {len(result.rows):,} outlet rows in {seconds:.0f} s")
    return [
        Row(
            f"reconcile one period across the country ({redeemed:,} redemptions)",
            None,
            seconds,
            floor,
            "-",
            None,
            unit="s",
            compare="p99",
            note=(
                f"admin.reconcile: per outlet the redeemed total, families served, disputes "
                f"and over-redeemed vouchers, {len(result.rows):,} outlets; floor: the bare "
                "grouped SUM of the period's redemptions per outlet"
            ),
        )
    ]


STEPS = ("pulls", "ingest", "reconcile")


def run(
    base_url: str,
    scale: float,
    progress: Progress,
    *,
    steps: tuple[str, ...] = STEPS,
    workers: tuple[int, ...] = INGEST_WORKERS,
) -> tuple[list[Row], str, float]:
    """Everything, in a database created for the run and dropped at the end. The roster
    import and the voucher issue always run (everything else needs them); `steps` picks
    among the rest (the ingest alone at national shape: `steps=("ingest",)`)."""
    families = max(1_000, round(FAMILIES * scale))
    outlets = max(PROVINCES, round(OUTLETS * scale))
    started = time.perf_counter()
    load = Load()
    rows: list[Row] = []
    progress(
        f"national: {families:,} families, {outlets:,} outlets in {PROVINCES} provinces "
        f"(scale {scale}), load {os.getloadavg()[0]:.1f}"
    )
    with bench_central.postgres_database(base_url) as url:
        step: list[Row]
        step, _key = roster(url, families, outlets, progress)
        rows += step
        rows += vouchers(url, families, progress)
        if "pulls" in steps:
            rows += pulls(url, outlets, progress)
        if "ingest" in steps:
            rows += ingest(url, outlets, progress, workers)
        if "reconcile" in steps:
            rows += reconcile(url, families, progress)
        conn = _connect(url)
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        conn.close()
        progress(f"national: database {size[0] / 2**30:.1f} GiB; dropping it")
    return rows, load.stop(), time.perf_counter() - started


def report(rows: list[Row], scale: float, load: str, seconds: float) -> str:
    from ewarong_pos.bench.measure import table
    from ewarong_pos.bench.suite import machine

    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    families = max(1_000, round(FAMILIES * scale))
    outlets = max(PROVINCES, round(OUTLETS * scale))
    return (
        f"Run {when} on {machine()}, PostgreSQL on the same machine.\n"
        f"Country: {families:,} families, {outlets:,} outlets in {PROVINCES} provinces "
        f"(scale {scale}); whole run {seconds / 60:.1f} min; load average during the run "
        f"{load}.\n\n" + table(rows) + "\n"
    )


BEGIN = "<!-- ewarong bench --national: results -->"
END = "<!-- /ewarong bench --national: results -->"


def write_results(out: Path, text: str) -> None:
    """Put the results between the national markers of `out` (appended if it has none)."""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        head, _sep, rest = old.partition(BEGIN)
        _old, _sep, tail = rest.partition(END)
        new = head + block + tail
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    out.write_text(new, encoding="utf-8")
