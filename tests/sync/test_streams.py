"""Change streams: a pull never skips a change that a slow transaction commits late.

The office numbers each change in the stream of the outlets that see it (central/changes.py).
These tests interleave real transactions on PostgreSQL (row locks, READ COMMITTED): a slow
transaction holding a number of outlet EW-1 makes the next EW-1 change and any reference
change wait, so nothing numbered above it can commit first; an EW-2 change does not wait.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update

from ewarong_pos.central.changes import current, pull_page, reserve, stamp
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.models import Device, Family, Product, Voucher
from tests.sync.harness import env_postgres, postgres_database, seed_central

FAMILIES = {"EW-1": ["D1", "D2", "D3"], "EW-2": ["E1", "E2"]}


def _central(url, tmp_path, clock):
    central = CentralDB(url)
    seed_central(central, tmp_path, FAMILIES, clock())
    with central.session() as s, s.begin():
        for outlet in FAMILIES:
            s.add(
                Device(
                    id=f"dev-{outlet}",
                    outlet_code=outlet,
                    code="K1",
                    token_hash=f"{outlet:0>64}",
                    enrolled_at="2018-04-12T02:00:00Z",
                )
            )
    return central


@pytest.fixture
def pg_central(tmp_path, clock):
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    with postgres_database(base) as url:
        central = _central(url, tmp_path, clock)
        yield central
        central.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_central(request, tmp_path, clock):
    if request.param == "sqlite":
        central = _central(f"sqlite:///{tmp_path / 'central.db'}", tmp_path, clock)
        yield central
        central.close()
        return
    yield request.getfixturevalue("pg_central")


def _pull_all(central, outlet, since):
    """Every page after `since` for `outlet`'s device: (families, products, cursor)."""
    families: dict[str, int] = {}
    products: dict[str, int] = {}
    cursor = since
    while True:
        with central.session() as s, s.begin():
            page = pull_page(s, s.get(Device, f"dev-{outlet}"), cursor, 50)
        for f in page.families:
            families[f.dtks_id] = f.name  # type: ignore[assignment]
        for p in page.products:
            products[p.sku] = p.price
        cursor = page.cursor
        if not page.more:
            return families, products, cursor


class _Slow(threading.Thread):
    """A transaction that takes its change number, then waits to be released to commit."""

    def __init__(self, central, work, *, hold: threading.Event | None = None) -> None:
        super().__init__(daemon=True)
        self.central, self.work, self.hold = central, work, hold
        self.numbered = threading.Event()
        self.number: int | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.central.session() as s, s.begin():
                self.number = self.work(s)
                self.numbered.set()
                if self.hold is not None:
                    self.hold.wait(30)
        except BaseException as exc:  # reported by the test
            self.error = exc
            self.numbered.set()


def _rename(dtks, outlet, name):
    def work(s):
        version = reserve(s, 1, [outlet])
        s.execute(update(Family).where(Family.dtks_id == dtks).values(name=name, version=version))
        return version

    return work


def _price(sku, price):
    def work(s):
        version = reserve(s, 1)
        s.execute(update(Product).where(Product.sku == sku).values(price=price, version=version))
        return version

    return work


@pytest.mark.postgres
def test_a_change_committed_late_is_never_skipped(pg_central):
    central = pg_central
    _f, _p, cursor = _pull_all(central, "EW-1", 0)
    other_cursor = _pull_all(central, "EW-2", 0)[2]

    release = threading.Event()
    slow = _Slow(central, _rename("D1", "EW-1", "Slow"), hold=release)
    slow.start()
    assert slow.numbered.wait(10) and slow.error is None
    # Started after the slow one took its number: same outlet, and a price every outlet sees.
    fast = _Slow(central, _rename("D2", "EW-1", "Fast"))
    price = _Slow(central, _price("BRS-M-5", 46_500))
    fast.start()
    price.start()
    # Another outlet's change does not wait for EW-1's stream (no hot counter row).
    elsewhere = _Slow(central, _rename("E1", "EW-2", "Elsewhere"))
    elsewhere.start()
    elsewhere.join(10)
    assert not elsewhere.is_alive() and elsewhere.error is None

    # While the slow transaction is open, neither later change has a number, so neither can
    # commit above it; a pull meanwhile does not wait and does not move past it.
    time.sleep(1.0)
    assert not fast.numbered.is_set() and not price.numbered.is_set()
    families, _p, during = _pull_all(central, "EW-1", cursor)
    assert families == {} and during == cursor
    assert _pull_all(central, "EW-2", other_cursor)[0] == {"E1": "Elsewhere"}

    release.set()
    for t in (slow, fast, price):
        t.join(20)
        assert not t.is_alive() and t.error is None
    assert slow.number is not None and fast.number is not None and price.number is not None
    assert slow.number < fast.number and slow.number < price.number
    families, products, after = _pull_all(central, "EW-1", during)
    assert families == {"D1": "Slow", "D2": "Fast"}
    assert products == {"BRS-M-5": 46_500}
    assert after == max(fast.number, price.number)
    # EW-2 learns the price as well, numbered above everything it had seen
    assert _pull_all(central, "EW-2", other_cursor)[1] == {"BRS-M-5": 46_500}


@pytest.mark.postgres
def test_concurrent_writers_and_a_puller_lose_nothing(pg_central):
    """Writers insert families of EW-1 (and change prices) with random pauses inside their
    transactions while a puller pulls continuously from its cursor: every committed
    family and the last price reach the puller."""
    central = pg_central
    _f, _p, cursor = _pull_all(central, "EW-1", 0)
    committed: list[str] = []
    lock = threading.Lock()
    done = threading.Event()
    rng = random.Random(19)

    def writer(w: int) -> None:
        for i in range(12):
            dtks = f"W{w}-{i}"
            with central.session() as s, s.begin():
                version = reserve(s, 1, ["EW-1"])
                time.sleep(rng.random() * 0.02)
                s.add(
                    Family(
                        dtks_id=dtks, name=dtks, nik_hash=dtks, nik_last4="0000",
                        kk_hash=dtks, kk_last4="0000", outlet_code="EW-1",
                        updated_at="2018-04-12T02:00:00Z", version=version,
                    )
                )  # fmt: skip
            with lock:
                committed.append(dtks)

    def pricer() -> None:
        for price in range(46_000, 46_010):
            _Slow(central, _price("MNY-1", price)).run()
            time.sleep(rng.random() * 0.02)

    seen: dict[str, object] = {}
    prices: dict[str, int] = {}

    def puller() -> None:
        nonlocal cursor
        while not done.is_set():
            families, products, cursor = _pull_all(central, "EW-1", cursor)
            seen.update(families)
            prices.update(products)

    with ThreadPoolExecutor(6) as pool:
        pulling = pool.submit(puller)
        jobs = [pool.submit(writer, w) for w in range(4)] + [pool.submit(pricer)]
        for job in jobs:
            job.result()
        done.set()
        pulling.result()
    families, products, cursor = _pull_all(central, "EW-1", cursor)
    seen.update(families)
    prices.update(products)
    assert len(committed) == 48
    assert set(committed) <= set(seen)
    assert prices["MNY-1"] == 46_009


def test_streams_are_per_outlet_and_above_reference_changes(any_central):
    central = any_central
    with central.session() as s, s.begin():
        ew1, ew2, top = current(s, "EW-1"), current(s, "EW-2"), current(s)
        first = reserve(s, 3, ["EW-1"])
    assert first == ew1 + 1
    with central.session() as s, s.begin():
        assert current(s, "EW-2") == ew2  # another outlet's stream did not move
        assert current(s, "EW-1") == ew1 + 3
        price = reserve(s, 1)  # reference data: above every outlet's stream
    assert price > max(ew1 + 3, ew2, top)
    with central.session() as s, s.begin():
        assert current(s, "EW-1") == current(s, "EW-2") == current(s) == price
        # a new outlet starts at the global value; a moved family is numbered in both streams
        assert current(s, "EW-9") == price
        moved = reserve(s, 1, ["EW-1", "EW-9"])
    with central.session() as s:
        assert moved == price + 1
        assert current(s, "EW-1") == current(s, "EW-9") == moved
        assert current(s, "EW-2") == price


def test_stamp_resends_a_moved_family_and_its_vouchers_to_both_outlets(any_central):
    central = any_central
    _f, _p, c1 = _pull_all(central, "EW-1", 0)
    _f, _p, c2 = _pull_all(central, "EW-2", 0)
    with central.session() as s, s.begin():
        s.execute(
            update(Family)
            .where(Family.dtks_id == "D3")
            .values(outlet_code="EW-2", prev_outlet_code="EW-1")
        )
        codes = s.scalars(select(Voucher.code).where(Voucher.family_dtks == "D3")).all()
        assert codes
        stamp(s, Family, ["D3"], {"EW-1", "EW-2"})
        stamp(s, Voucher, codes, {"EW-2"})
    assert _pull_all(central, "EW-1", c1)[0] == {"D3": "Keluarga D3"}
    assert _pull_all(central, "EW-2", c2)[0] == {"D3": "Keluarga D3"}
    with central.session() as s, s.begin():
        page = pull_page(s, s.get(Device, "dev-EW-2"), c2, 500)
        # the vouchers follow the family (trigger) and carry numbers EW-2 has not seen
        assert {v.code for v in page.vouchers} == set(codes)
        assert s.scalar(
            select(func.count()).select_from(Voucher).where(Voucher.outlet_code == "EW-2")
        ) == len(codes) * (len(FAMILIES["EW-2"]) + 1)
