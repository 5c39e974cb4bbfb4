"""A realistic demo outlet in Jakarta, deterministic for a seed, from 10 to 212,948 families.

What it builds (issue 2, part 5): the outlet and its till, categories, monthly periods with
the rules of their time (configuration per period), a 2018 price list under the zone I
ceilings, opening stock by a delivery, a manager and a cashier account (PINs returned),
families with valid Jakarta identifiers (a small share flagged as in real rosters), their
vouchers for the last M months, and a sample of families that already redeemed part of
their entitlement through `services.sales.redeem`, the cashier's own code path.

Everything happens in the past: the outlet is set up a few days before the oldest period,
the stock arrives the day after, the sample redemptions fall on days inside the last
months, each before `ctx.now()`. The same seed and clock give the same database content,
apart from the device id, random entry UUIDs, argon2 salts and the lookup key.

Families and vouchers go in with executemany on the writer connection in one
transaction: the whole of Jakarta (212,948 families, 24 months = 5.1 million vouchers)
takes a few minutes. Families beyond this outlet's share (about 842 per outlet, the
Jakarta average) are assigned to the other Jakarta outlets, as in the city's roster.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from sqlalchemy import func, select

from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import keyed_hash, luhn_complete
from ewarong_pos.core.roster import COLUMNS
from ewarong_pos.db.models import Family, Product
from ewarong_pos.services import catalog, sales, stock
from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import OutletInfo, is_set_up, setup_outlet
from ewarong_pos.services.roster import voucher_code

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

OUTLET_CODE = "EW-3173-0001"
PER_OUTLET = 842  # Jakarta 2018: 212,948 KPM / 253 e-Warong
JAKARTA_KPM = 212_948
BATCH = 20_000
PROGRESS_EVERY = 20  # families between progress reports (each takes three slow keyed hashes)
SAMPLE_MAX = 120  # families of this outlet that already redeemed (engine path)
CACHE_KIB = 512 * 1024  # page cache while bulk inserting (only pages actually used)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    pin: str


@dataclass(frozen=True)
class DemoInfo:
    outlet: OutletInfo
    accounts: tuple[DemoAccount, ...]
    families: int
    own_families: int
    flagged: int
    vouchers: int
    periods: tuple[str, ...]
    products: int
    redemptions: int
    redemption_sample: tuple[str, ...]  # ID DTKS of the families that redeemed
    seed: int
    seconds: float


# --- reference data -------------------------------------------------------------------

CATEGORIES = [
    catalog.CategorySpec("beras", "Beras", "Rice"),
    catalog.CategorySpec("telur", "Telur", "Eggs"),
    catalog.CategorySpec("jagung", "Jagung", "Corn"),
    catalog.CategorySpec("daging", "Daging sapi/ayam", "Beef/chicken"),
    catalog.CategorySpec("ikan", "Ikan", "Fish"),
    catalog.CategorySpec("kacang", "Kacang-kacangan, tahu, tempe", "Pulses, tofu, tempe"),
    catalog.CategorySpec("sayur", "Sayur dan buah", "Vegetables and fruit"),
    catalog.CategorySpec("minyak", "Minyak goreng", "Cooking oil"),
    catalog.CategorySpec("gula", "Gula", "Sugar"),
    catalog.CategorySpec("sabun", "Sabun", "Soap"),
    catalog.CategorySpec("mie", "Mie instan", "Instant noodles"),
]

SEMBAKO = ("beras", "telur", "jagung", "daging", "ikan", "kacang", "sayur")


def period_rules(code: str) -> tuple[int, tuple[str, ...]]:
    """Amount and eligible goods of a month (DOMAIN.md): data for the Period rows."""
    if code < "2020-01":
        return 110_000, ("beras", "telur")
    if code < "2020-03":
        return 150_000, SEMBAKO
    return 200_000, SEMBAKO


def _month_start(period: str) -> dt.date:
    year, month = map(int, period.split("-"))
    return dt.date(year, month, 1)


def _month_end(period: str) -> dt.date:
    start = _month_start(period)
    return (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def demo_periods(today: dt.date, months: int) -> list[catalog.PeriodSpec]:
    """The last `months` months up to today's. Unspent credit is not forfeited, so each
    tranche stays valid until the end of the following year."""
    codes = []
    year, month = today.year, today.month
    for _ in range(months):
        codes.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    specs = []
    for code in reversed(codes):
        amount, eligible = period_rules(code)
        start = _month_start(code)
        specs.append(
            catalog.PeriodSpec(code, amount, eligible, start, dt.date(start.year + 1, 12, 31))
        )
    return specs


def _ean(body: str) -> str:
    from stdnum import ean

    return body + ean.calc_check_digit(body)


# 2018 Jakarta prices under the zone I ceilings (Permendag 57/2017): medium rice HET
# 9,450/kg, premium 12,800/kg; packs carry the ceiling per pack. Eggs: reference price
# 23,000/kg (not a hard ceiling).
PRODUCTS = [
    catalog.ProductSpec("BRS-MED-05", "Beras Medium 5 kg", "beras", "pack", 46_500,
                        barcode=_ean("899100100005"), ceiling=5 * 9_450),
    catalog.ProductSpec("BRS-MED-10", "Beras Medium 10 kg", "beras", "pack", 92_500,
                        barcode=_ean("899100100010"), ceiling=10 * 9_450),
    catalog.ProductSpec("BRS-MED-KG", "Beras Medium curah (per kg)", "beras", "kg", 9_400,
                        fractional=True, ceiling=9_450, low_stock_milli=50_000),
    catalog.ProductSpec("BRS-PRM-05", "Beras Premium 5 kg", "beras", "pack", 62_500,
                        barcode=_ean("899100200005"), ceiling=5 * 12_800),
    catalog.ProductSpec("BRS-PRM-10", "Beras Premium 10 kg", "beras", "pack", 124_000,
                        barcode=_ean("899100200010"), ceiling=10 * 12_800),
    catalog.ProductSpec("BRS-PRM-KG", "Beras Premium curah (per kg)", "beras", "kg", 12_600,
                        fractional=True, ceiling=12_800, low_stock_milli=20_000),
    catalog.ProductSpec("TLR-AYM-KG", "Telur Ayam Ras (per kg)", "telur", "kg", 22_500,
                        fractional=True, reference_price=23_000, low_stock_milli=20_000),
    catalog.ProductSpec("MYK-GRG-1L", "Minyak Goreng 1 liter", "minyak", "pcs", 13_500,
                        barcode=_ean("899100300001")),
    catalog.ProductSpec("GUL-PSR-1K", "Gula Pasir 1 kg", "gula", "pack", 12_500,
                        barcode=_ean("899100400001")),
    catalog.ProductSpec("SBN-MND-BT", "Sabun Mandi batang", "sabun", "pcs", 3_500,
                        barcode=_ean("899100500001")),
    catalog.ProductSpec("MIE-GRG-85", "Mie Instan Goreng 85 g", "mie", "pcs", 2_600,
                        barcode=_ean("899100600001")),
]  # fmt: skip


# --- people and places ----------------------------------------------------------------

# City code -> (city name, [(district code, district name, [kelurahan, ...]), ...]).
JAKARTA: dict[str, tuple[str, list[tuple[str, str, list[str]]]]] = {
    "71": ("Jakarta Selatan", [
        ("01", "Jagakarsa", ["Jagakarsa", "Srengseng Sawah", "Ciganjur", "Lenteng Agung"]),
        ("02", "Pasar Minggu", ["Pejaten Timur", "Kebagusan", "Ragunan", "Jati Padang"]),
        ("03", "Cilandak", ["Cilandak Barat", "Lebak Bulus", "Pondok Labu", "Gandaria Selatan"]),
        ("07", "Mampang Prapatan", ["Mampang Prapatan", "Tegal Parang", "Bangka"]),
        ("09", "Tebet", ["Tebet Timur", "Manggarai", "Bukit Duri", "Kebon Baru"]),
    ]),
    "72": ("Jakarta Timur", [
        ("02", "Ciracas", ["Ciracas", "Kelapa Dua Wetan", "Rambutan", "Susukan"]),
        ("05", "Kramat Jati", ["Kramat Jati", "Cawang", "Cililitan", "Dukuh"]),
        ("06", "Jatinegara", ["Bali Mester", "Kampung Melayu", "Cipinang Besar Utara"]),
        ("07", "Duren Sawit", ["Duren Sawit", "Klender", "Pondok Kopi", "Malaka Jaya"]),
        ("08", "Cakung", ["Cakung Barat", "Pulo Gebang", "Penggilingan", "Jatinegara"]),
    ]),
    "73": ("Jakarta Pusat", [
        ("01", "Gambir", ["Petojo Utara", "Petojo Selatan", "Duri Pulo", "Cideng"]),
        ("03", "Kemayoran", ["Kemayoran", "Harapan Mulya", "Kebon Kosong", "Serdang"]),
        ("04", "Senen", ["Kenari", "Paseban", "Kramat", "Bungur"]),
        ("07", "Tanah Abang", ["Kebon Melati", "Kebon Kacang", "Petamburan", "Karet Tengsin"]),
        ("08", "Johar Baru", ["Johar Baru", "Kampung Rawa", "Tanah Tinggi", "Galur"]),
    ]),
    "74": ("Jakarta Barat", [
        ("03", "Palmerah", ["Palmerah", "Kota Bambu Utara", "Jati Pulo", "Slipi"]),
        ("04", "Grogol Petamburan", ["Grogol", "Jelambar", "Tanjung Duren Utara"]),
        ("05", "Tambora", ["Tambora", "Jembatan Lima", "Angke", "Pekojan"]),
        ("07", "Cengkareng", ["Cengkareng Timur", "Kapuk", "Rawa Buaya", "Kedaung Kali Angke"]),
        ("08", "Kalideres", ["Kalideres", "Semanan", "Tegal Alur", "Kamal"]),
    ]),
    "75": ("Jakarta Utara", [
        ("01", "Penjaringan", ["Penjaringan", "Pluit", "Kapuk Muara", "Pejagalan"]),
        ("03", "Tanjung Priok", ["Tanjung Priok", "Sunter Agung", "Kebon Bawang", "Warakas"]),
        ("04", "Koja", ["Koja", "Tugu Utara", "Lagoa", "Rawa Badak Selatan"]),
        ("06", "Cilincing", ["Cilincing", "Kalibaru", "Semper Barat", "Marunda"]),
    ]),
}  # fmt: skip

OWN_DISTRICT = ("73", "07")  # the demo outlet is in Tanah Abang, Jakarta Pusat

FEMALE = [
    "Siti", "Sri", "Nur", "Dewi", "Rina", "Yuli", "Ani", "Wati", "Sumiati", "Suryani",
    "Aminah", "Fatimah", "Rohmah", "Lestari", "Kartini", "Ratna", "Endang", "Neneng",
    "Iis", "Eti", "Yati", "Kokom", "Mulyani", "Rukmini", "Hartini", "Murni", "Sulastri",
    "Juariah", "Nurhayati", "Maryam", "Khadijah", "Umi", "Tuti", "Lilis", "Euis",
]  # fmt: skip
MALE = [
    "Ahmad", "Budi", "Agus", "Slamet", "Joko", "Bambang", "Hendra", "Rudi", "Dedi", "Asep",
    "Ujang", "Muhammad", "Abdul", "Supriyadi", "Sutrisno", "Wahyu", "Rahmat", "Ismail",
    "Yusuf", "Darmawan", "Suparman", "Sukardi", "Tono", "Udin", "Iwan", "Eko", "Herman",
]  # fmt: skip
SECOND = [
    "Rahayu", "Wulandari", "Susanti", "Handayani", "Purwanti", "Hidayat", "Saputra",
    "Setiawan", "Kurniawan", "Hasanah", "Nurjanah", "Fitriani", "Permata", "Sari",
    "Maesaroh", "Komariah", "Sopiah", "Sutarman", "Wijaya", "Santoso", "Gunawan",
    "Pratama", "Ningsih", "Astuti", "Marlina", "Rohayati", "Suhendi", "Syahputra",
]  # fmt: skip
STREETS = [
    "Jl. Kebon Melati", "Jl. Kebon Kacang", "Jl. Petamburan", "Jl. Karet Pasar Baru",
    "Jl. Mawar", "Jl. Melati", "Jl. Kenanga", "Jl. Anggrek", "Jl. Dahlia", "Jl. Flamboyan",
    "Jl. Masjid", "Jl. Musholla", "Jl. H. Mansyur", "Jl. Haji Ung", "Jl. Swadaya",
    "Jl. Kampung Bali", "Jl. Kali Pasir", "Jl. Bendungan Hilir", "Jl. Pejompongan",
    "Jl. Pedongkelan", "Jl. Rawa Bunga", "Jl. Kramat Sentiong", "Jl. Bungur Besar",
]  # fmt: skip
BANKS = [("BNI", "519841"), ("BRI", "522184"), ("Mandiri", "537941"), ("BTN", "421570")]


class _People:
    """Generates families: unique identifiers, names, addresses (all from one Random)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.niks: set[str] = set()
        self.kks: set[str] = set()
        self.cards: set[str] = set()
        self.districts = [
            (city, d_code, d_name, kel, city_name)
            for city, (city_name, districts) in JAKARTA.items()
            for d_code, d_name, kel in districts
        ]

    def district(self, own: bool) -> tuple[str, str, str, list[str], str]:
        if own:
            city, (city_name, districts) = OWN_DISTRICT[0], JAKARTA[OWN_DISTRICT[0]]
            d = next(x for x in districts if x[0] == OWN_DISTRICT[1])
            return city, d[0], d[1], d[2], city_name
        return self.rng.choice(self.districts)

    def nik(self, region: str, female: bool) -> str:
        rng = self.rng
        while True:
            born = dt.date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28))
            day = born.day + (40 if female else 0)
            value = (
                f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"
            )
            if value not in self.niks:
                self.niks.add(value)
                return value

    def kk(self, region: str) -> str:
        rng = self.rng
        while True:
            issued = dt.date(rng.randint(2005, 2017), rng.randint(1, 12), rng.randint(1, 28))
            value = f"{region}{issued:%d%m%y}{rng.randint(1, 9999):04d}"
            if value not in self.kks:
                self.kks.add(value)
                return value

    def card(self) -> tuple[str, str]:
        rng = self.rng
        bank, prefix = rng.choice(BANKS)
        while True:
            value = luhn_complete(f"{prefix}{rng.randint(0, 10**9 - 1):09d}")
            if value not in self.cards:
                self.cards.add(value)
                return bank, value

    def name(self, female: bool) -> str:
        first = self.rng.choice(FEMALE if female else MALE)
        return f"{first} {self.rng.choice(SECOND)}"


@dataclass(frozen=True)
class DemoFamily:
    """A generated family as the roster would carry it (raw identifiers: hash them)."""

    dtks_id: str
    name: str
    address: str
    rt_rw: str
    kelurahan: str
    kecamatan: str
    nik: str
    no_kk: str
    card: str  # "" when the family has no card yet
    bank: str
    outlet_code: str
    status: str
    status_reason: str
    flags: tuple[str, ...]


def _outlet_codes(kpm: int, own: str) -> list[str]:
    """This outlet, then the other Jakarta outlets that share the roster (842 each)."""
    outlets = max(1, -(-kpm // PER_OUTLET)) if kpm > 2 * PER_OUTLET else 1
    codes = [own]
    city_codes = list(JAKARTA)
    for i in range(1, outlets):
        codes.append(f"EW-31{city_codes[i % len(city_codes)]}-{i + 1:04d}")
    return codes


# --- the build --------------------------------------------------------------------------


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _at(ctx: Context, moment: dt.datetime) -> Context:
    """The same outlet seen at another moment (the demo's history happens in the past)."""
    return dataclasses.replace(ctx, clock=lambda: moment)


def build_demo(
    ctx: Context,
    kpm: int = 200,
    months: int = 6,
    seed: int = 2018,
    progress: Progress | None = None,
    *,
    redeem_sample: int | None = None,
    device_code: str = "K1",
) -> DemoInfo:
    """Build the demo outlet in an empty data folder (ValueError if it holds an outlet).

    `device_code`: the till's short code, the start of every receipt number (the practice
    outlet's is LATIHAN, services.training)."""
    if kpm < 1 or months < 1:
        raise ValueError("kpm and months must be at least 1")
    if is_set_up(ctx):
        raise ValueError("the data folder already holds an outlet; use an empty one")
    report = progress or _noop
    started = time.monotonic()
    now = ctx.now()
    today = ctx.business_date()
    periods = demo_periods(today, months)
    oldest = periods[0].valid_from
    # set up at 07:00 WIB a week before the oldest month; stock arrives the next day
    t_setup = dt.datetime.combine(oldest - dt.timedelta(days=7), dt.time(7), WIB)
    t_stock = t_setup + dt.timedelta(days=1, hours=2)
    past = _at(ctx, t_setup)

    report("outlet", 0, 1)
    outlet = setup_outlet(
        past,
        OUTLET_CODE,
        "e-Warong KUBE Melati Sejahtera",
        address="Jl. Kebon Melati No. 12, RT 005/RW 003",
        kelurahan="Kebon Melati",
        kecamatan="Tanah Abang",
        city="Jakarta Pusat",
        phone="021-3190 2018",
        price_zone=1,
        complaints_line="Pengaduan BPNT: Dinas Sosial DKI Jakarta 021-426 5115",
        device_code=device_code,
    )
    with ctx.db.write() as s:
        catalog.put_categories(s, CATEGORIES)
        catalog.put_periods(s, periods)
        product_ids = catalog.put_products(s, PRODUCTS, iso(t_setup), strict=True)
    accounts = _accounts(past, random.Random(f"{seed}/accounts"))
    report("outlet", 1, 1)

    own_count = min(kpm, PER_OUTLET) if kpm > 2 * PER_OUTLET else kpm
    manager_id = _account_id(ctx, accounts[0].username)
    stock_uuid = str(uuid.UUID(int=random.Random(f"{seed}/stock").getrandbits(128), version=4))
    _opening_stock(_at(ctx, t_stock), manager_id, product_ids, own_count, stock_uuid)

    families, flagged, vouchers, own_ids = _families_and_vouchers(
        ctx, seed, kpm, periods, iso(t_setup), report
    )
    sample_size = (
        redeem_sample if redeem_sample is not None else min(SAMPLE_MAX, max(3, own_count // 8))
    )
    sample, redemptions = _redeem_sample(
        ctx, random.Random(f"{seed}/sales"), own_ids, sample_size, periods, now,
        _account_id(ctx, accounts[1].username), product_ids, report,
    )  # fmt: skip
    seconds = round(time.monotonic() - started, 1)
    log.info("demo outlet built: %d families, %d vouchers in %.1f s", families, vouchers, seconds)
    return DemoInfo(
        outlet=outlet,
        accounts=tuple(accounts),
        families=families,
        own_families=own_count,
        flagged=flagged,
        vouchers=vouchers,
        periods=tuple(p.code for p in periods),
        products=len(PRODUCTS),
        redemptions=redemptions,
        redemption_sample=tuple(sample),
        seed=seed,
        seconds=seconds,
    )


def _accounts(ctx: Context, rng: random.Random) -> list[DemoAccount]:
    from ewarong_pos.services.accounts import create_account

    made = []
    for username, display, role in (
        ("pengelola", "Ibu Rahmawati", "manager"),
        ("kasir", "Dewi Lestari", "cashier"),
    ):
        pin = f"{rng.randint(0, 999_999):06d}"
        create_account(ctx, username, display, role, pin)
        made.append(DemoAccount(username, display, role, pin))
    return made


def _account_id(ctx: Context, username: str) -> int:
    from ewarong_pos.db.models import Account

    with ctx.db.read() as s:
        found = s.scalar(select(Account.id).where(Account.username == username))
    assert found is not None
    return int(found)


def _opening_stock(
    ctx: Context, actor_id: int, product_ids: dict[str, int], families: int, doc_uuid: str
) -> None:
    """The first delivery from the supplier, sized for the outlet's families."""
    packs = max(20, families // 3)
    quantities = {
        "BRS-MED-05": packs, "BRS-MED-10": packs, "BRS-PRM-05": packs // 2,
        "BRS-PRM-10": packs // 4, "BRS-MED-KG": families * 2, "BRS-PRM-KG": families,
        "TLR-AYM-KG": families, "MYK-GRG-1L": 120, "GUL-PSR-1K": 100, "SBN-MND-BT": 200,
        "MIE-GRG-85": 480,
    }  # fmt: skip
    # cost per unit (what the supplier charged), a little below the shelf price
    costs = {p.sku: p.price * 92 // 100 for p in PRODUCTS}
    stock.receive_delivery(
        ctx,
        actor_id,
        "Perum BULOG Divre DKI Jakarta",
        "SJ/BULOG/DEMO/0001",
        [
            stock.DeliveryLine(product_ids[sku], qty * 1000, costs[sku])
            for sku, qty in quantities.items()
        ],
        note="stok awal outlet demo",
        doc_uuid=doc_uuid,
    )


def demo_families(seed: int, kpm: int, outlet_code: str = OUTLET_CODE) -> Iterator[DemoFamily]:
    """The demo's families in roster order, the same for the same seed and size.

    About 3% are flagged as in real rosters: NIK serial 0000 or an impossible birth date,
    a NIK shared with another family, no card, a card with a wrong check digit, a family
    card number with an impossible date. About 1% are suspended and 0.5% removed.
    """
    rng = random.Random(f"{seed}/families")
    outlet_codes = _outlet_codes(kpm, outlet_code)
    people = _People(rng)
    pending_share: str | None = None  # a NIK the next family will share
    own_count = min(kpm, PER_OUTLET) if len(outlet_codes) > 1 else kpm
    for i in range(kpm):
        own = i < own_count
        outlet = outlet_codes[0] if own else outlet_codes[1 + (i - own_count) // PER_OUTLET]
        city, d_code, d_name, kelurahan, _city_name = people.district(own)
        region = f"31{city}{d_code}"
        female = rng.random() < 0.8  # the card holder is usually the mother
        nik = people.nik(region, female)
        kk = people.kk(region)
        bank, card = people.card()
        flags: list[str] = []
        roll = rng.random()
        # about 3% flagged, as in real rosters
        if pending_share is not None:
            nik, pending_share = pending_share, None  # the same NIK as the family before
            flags.append("flag.nik_shared")
        elif roll < 0.008:
            nik = nik[:12] + "0000"  # serial 0000
            flags.append("flag.nik_malformed")
        elif roll < 0.014:
            nik = nik[:6] + "32" + nik[8:]  # day 32: no such birth date
            flags.append("flag.nik_malformed")
        elif roll < 0.017 and i + 1 < kpm:
            pending_share = nik  # a duplicate beneficiary: the next family has this NIK too
            flags.append("flag.nik_shared")
        elif roll < 0.024:
            card = ""
            bank = ""
            flags.append("flag.no_card")
        elif roll < 0.027:
            card = card[:-1] + str((int(card[-1]) + 1) % 10)  # wrong check digit
            flags.append("flag.card_malformed")
        elif roll < 0.030:
            kk = kk[:6] + "00" + kk[8:]  # day 00: no such registration date
            flags.append("flag.kk_malformed")
        status, reason = "active", ""
        roll = rng.random()
        if roll < 0.01:
            status, reason = "suspended", "tidak bertransaksi 3 bulan berturut-turut"
        elif roll < 0.015:
            status, reason = "removed", "pindah domisili / graduasi"
        yield DemoFamily(
            dtks_id=f"JKT-{i + 1:08d}",  # opaque, in roster order
            name=people.name(female),
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
            rt_rw=f"{rng.randint(1, 15):03d}/{rng.randint(1, 12):03d}",
            kelurahan=rng.choice(kelurahan),
            kecamatan=d_name,
            nik=nik,
            no_kk=kk,
            card=card,
            bank=bank,
            outlet_code=outlet,
            status=status,
            status_reason=reason,
            flags=tuple(flags),
        )


def _families_and_vouchers(
    ctx: Context,
    seed: int,
    kpm: int,
    periods: list[catalog.PeriodSpec],
    at: str,
    report: Progress,
) -> tuple[int, int, int, list[tuple[int, str]]]:
    """Insert the families and their vouchers in one transaction; returns counts and the
    (id, ID DTKS) of this outlet's active families."""
    key = ctx.lookup_key
    family_sql = (
        "INSERT INTO family (id, dtks_id, name, address, rt_rw, kelurahan, kecamatan, "
        "nik_hash, nik_last4, kk_hash, kk_last4, card_hash, card_last4, card_bank, "
        "outlet_code, status, status_reason, flags, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    voucher_sql = (
        "INSERT INTO voucher (code, family_id, period, amount, valid_from, valid_until, "
        "status, status_reason, redeemed_elsewhere, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 'open', '', 0, ?)"
    )
    period_rows = [
        (p.code, p.amount, p.valid_from.isoformat(), p.valid_until.isoformat()) for p in periods
    ]
    flagged = 0
    vouchers = 0
    own: list[tuple[int, str]] = []
    fam_batch: list[tuple[object, ...]] = []
    vch_batch: list[tuple[object, ...]] = []
    with ctx.db.write() as s:
        conn = s.connection()
        # keep the growing indexes in memory until the commit (the default cache is 2 MB)
        conn.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
        first_id = int(s.scalar(select(func.coalesce(func.max(Family.id), 0))) or 0) + 1

        def flush() -> None:
            if fam_batch:
                conn.exec_driver_sql(family_sql, fam_batch)
                fam_batch.clear()
            if vch_batch:
                conn.exec_driver_sql(voucher_sql, vch_batch)
                vch_batch.clear()

        report("families", 0, kpm)
        for i, f in enumerate(demo_families(seed, kpm)):
            fid = first_id + i
            if f.flags:
                flagged += 1
            fam_batch.append(
                (
                    fid, f.dtks_id, f.name, f.address, f.rt_rw, f.kelurahan, f.kecamatan,
                    keyed_hash(key, "nik", f.nik), f.nik[-4:],
                    keyed_hash(key, "kk", f.no_kk), f.no_kk[-4:],
                    keyed_hash(key, "card", f.card) if f.card else None,
                    f.card[-4:], f.bank, f.outlet_code, f.status, f.status_reason,
                    ",".join(f.flags), at,
                )
            )  # fmt: skip
            for code, amount, start, until in period_rows:
                vch_batch.append(
                    (voucher_code(code, f.dtks_id), fid, code, amount, start, until, at)
                )
            vouchers += len(period_rows)
            if f.outlet_code == OUTLET_CODE and f.status == "active":
                own.append((fid, f.dtks_id))
            if len(vch_batch) >= BATCH:
                flush()
            if (i + 1) % PROGRESS_EVERY == 0:  # the keyed hashes are slow: say so often
                report("families", i + 1, kpm)
        flush()
        report("families", kpm, kpm)
        conn.exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default, for the pool
    return kpm, flagged, vouchers, own


# Baskets families chose (never one fixed package): rice pack or loose rice plus eggs.
RICE_CHOICES = [
    ("BRS-MED-10", 1000), ("BRS-MED-05", 1000), ("BRS-MED-KG", None), ("BRS-PRM-05", 1000),
    ("BRS-PRM-KG", None),
]  # fmt: skip


def _basket(
    rng: random.Random, prices: dict[str, int], product_ids: dict[str, int], budget: int
) -> list[tuple[int, int]]:
    """A family's own choice, under `budget` rupiah: some rice and usually eggs."""
    sku, qty = rng.choice(RICE_CHOICES)
    if qty is None:
        qty = rng.randint(2, 8) * 500  # 1-4 kg loose, in half kilos
    lines = [(sku, qty)]
    total = prices[sku] * qty // 1000
    if rng.random() < 0.85:
        eggs = rng.randint(5, 20) * 50  # 0.25-1.0 kg, weighed in 50 g steps
        cost = (prices["TLR-AYM-KG"] * eggs + 500) // 1000
        if total + cost <= budget:
            lines.append(("TLR-AYM-KG", eggs))
            total += cost
    if total > budget:
        lines = [("BRS-MED-KG", 2000)]
    return [(product_ids[s], q) for s, q in lines]


def _redeem_sample(
    ctx: Context,
    rng: random.Random,
    own: list[tuple[int, str]],
    size: int,
    periods: list[catalog.PeriodSpec],
    now: dt.datetime,
    cashier_id: int,
    product_ids: dict[str, int],
    report: Progress,
) -> tuple[list[str], int]:
    """Some families already redeemed part of their vouchers, through the cashier's path.

    A sample (seeded) of this outlet's active families, one or two visits each on days of
    the last three months, during opening hours and before now; sales happen in time order.
    """
    chosen = sorted(rng.sample(own, min(size, len(own))))
    recent = periods[-3:]
    visits: list[tuple[dt.datetime, int, str, str]] = []
    for fid, dtks in chosen:
        for _ in range(rng.randint(1, 2)):
            period = rng.choice(recent)
            first = max(period.valid_from, periods[0].valid_from)
            last = min(_month_end(period.code), now.astimezone(WIB).date() - dt.timedelta(days=1))
            if last < first:
                continue
            day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
            moment = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), WIB)
            visits.append((moment, fid, dtks, str(uuid.UUID(int=rng.getrandbits(128), version=4))))
    visits.sort()
    with ctx.db.read() as s:
        prices = {p.sku: p.price for p in s.scalars(select(Product))}
    done = 0
    report("redemptions", 0, len(visits))
    for moment, fid, _dtks, sale_uuid in visits:
        at_moment = _at(ctx, moment.astimezone(dt.UTC))
        standing = sales.entitlement(at_moment, fid)
        open_total = standing.total_open
        if open_total <= 0:
            continue
        lines = _basket(rng, prices, product_ids, min(open_total, periods[-1].amount))
        try:
            sales.redeem(
                at_moment,
                cashier_id,
                fid,
                [sales.CartLine(pid, qty) for pid, qty in lines],
                sale_uuid=sale_uuid,
            )
        except DomainError as exc:  # e.g. the basket no longer fits: the family skips it
            log.info("demo redemption skipped: %s", exc.code)
            continue
        done += 1
        report("redemptions", done, len(visits))
    return [dtks for _fid, dtks in chosen], done


def write_demo_roster(
    stream: IO[str], seed: int, kpm: int, period: str, amount: int | None = None
) -> int:
    """The demo's families as a roster file (docs/roster-format.md) with one tranche.

    Used for the sample file in resources/samples and to measure the roster import at
    Jakarta size. Returns the number of rows written.
    """
    tranche = amount if amount is not None else period_rules(period)[0]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = 0
    for f in demo_families(seed, kpm):
        removed = f.status == "removed"
        writer.writerow(
            [
                f.dtks_id, f.name, f.nik, f.no_kk, f.card, f.bank, f.address, f.rt_rw,
                f.kelurahan, f.kecamatan, f.outlet_code, f.status, f.status_reason,
                "" if removed else period, "" if removed else tranche,
            ]
        )  # fmt: skip
        rows += 1
    return rows
