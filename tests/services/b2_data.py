"""Test data for the accounts, families, stock, day-close and signal tests (helper B2).

Families are written as the roster import would (keyed hashes, last four digits), either
one at a time through the ORM or in bulk through executemany for the 212,948-family runs.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from sqlalchemy import insert, select

from ewarong_pos.core.identifiers import keyed_hash, last4, luhn_complete
from ewarong_pos.db.models import Category, Family, Period, Product, Voucher
from ewarong_pos.services.context import Context

OUTLET = "EW-3171-0001"
NOW = "2018-04-12T02:00:00.000000Z"

FIRST = [
    "Siti",
    "Sri",
    "Nur",
    "Dewi",
    "Ani",
    "Rina",
    "Yuli",
    "Wati",
    "Tuti",
    "Lina",
    "Ratna",
    "Endang",
    "Suryani",
    "Kartini",
    "Fatimah",
    "Aisyah",
    "Rohani",
    "Mulyani",
    "Sumarni",
    "Sutinah",
    "Maryam",
    "Hasanah",
    "Rukmini",
    "Budi",
    "Agus",
    "Joko",
    "Slamet",
    "Bambang",
    "Ahmad",
    "Muhammad",
    "Dedi",
    "Hendra",
    "Yanto",
    "Supriyadi",
    "Rahmat",
    "Asep",
    "Ujang",
    "Wahyu",
    "Eko",
    "Heru",
    "Iwan",
    "Teguh",
    "Sugeng",
    "Darmawan",
    "Suparman",
    "Kusnadi",
    "Nurhayati",
    "Rusmini",
    "Paini",
    "Jumiati",
    "Warsini",
    "Sukinah",
    "Lastri",
    "Sarinah",
]
LAST = [
    "Nurhaliza",
    "Rahayu",
    "Lestari",
    "Wulandari",
    "Handayani",
    "Susanti",
    "Hidayat",
    "Saputra",
    "Kurniawan",
    "Setiawan",
    "Gunawan",
    "Santoso",
    "Wibowo",
    "Prasetyo",
    "Hartono",
    "Susilo",
    "Suharto",
    "Purnomo",
    "Sembiring",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Hutapea",
    "Pangaribuan",
    "Lubis",
    "Harahap",
    "Rangkuti",
    "Tanjung",
    "Syahputra",
    "Maulana",
    "Firmansyah",
    "Ramadhan",
    "Anggraini",
    "Permatasari",
    "Utami",
    "Pratiwi",
    "Safitri",
    "Puspita",
    "Marlina",
    "Yulianti",
    "Kusuma",
    "Hakim",
    "Salim",
]
KELURAHAN = [
    "Kebon Melati",
    "Kebon Kacang",
    "Petamburan",
    "Bendungan Hilir",
    "Karet Tengsin",
    "Kampung Bali",
    "Gelora",
    "Cideng",
    "Petojo Utara",
    "Duri Pulo",
    "Tanah Tinggi",
    "Johar Baru",
    "Galur",
    "Kampung Rawa",
    "Cempaka Putih",
    "Rawasari",
    "Sumur Batu",
]
STREETS = ["Jl. Melati", "Jl. Kenanga", "Gg. Mawar", "Jl. Anggrek", "Gg. Kamboja", "Jl. Dahlia"]


def nik_for(serial: int) -> str:
    """A Jakarta Pusat NIK (31 71 01, a woman born on the 12th), unique per serial."""
    return (
        f"31710152{1 + serial // 10_000 % 12:02d}{serial // 120_000 % 100:02d}{serial % 10_000:04d}"
    )


def kk_for(serial: int) -> str:
    return f"317101{(serial % 28) + 1:02d}0316{serial % 10000 + 1:04d}"


def card_for(serial: int) -> str:
    return luhn_complete(f"504{serial:012d}")


def family_row(key: bytes, serial: int, **over: object) -> dict[str, object]:
    """A family row as the roster import writes it (identifiers hashed)."""
    rng = random.Random(serial)
    nik = str(over.pop("nik", nik_for(serial)))
    kk = str(over.pop("kk", kk_for(serial)))
    card = over.pop("card", card_for(serial))
    row: dict[str, object] = {
        "dtks_id": f"DTKS-{serial:08d}",
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "address": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
        "rt_rw": f"{rng.randint(1, 15):03d}/{rng.randint(1, 12):03d}",
        "kelurahan": rng.choice(KELURAHAN),
        "kecamatan": "Tanah Abang",
        "nik_hash": keyed_hash(key, "nik", nik),
        "nik_last4": last4(nik),
        "kk_hash": keyed_hash(key, "kk", kk),
        "kk_last4": last4(kk),
        "card_hash": keyed_hash(key, "card", str(card)) if card else None,
        "card_last4": last4(str(card)) if card else "",
        "card_bank": "BNI" if card else "",
        "outlet_code": OUTLET,
        "status": "active",
        "status_reason": "",
        "flags": "",
        "updated_at": NOW,
    }
    row.update(over)
    return row


def add_family(ctx: Context, serial: int, **over: object) -> int:
    with ctx.db.write() as s:
        family = Family(**family_row(ctx.lookup_key, serial, **over))
        s.add(family)
        s.flush()
        return family.id


def bulk_rows(key: bytes, count: int, start: int = 1) -> Iterator[dict[str, object]]:
    for serial in range(start, start + count):
        yield family_row(key, serial)


def add_families_bulk(ctx: Context, count: int, start: int = 1, batch: int = 20_000) -> None:
    """Insert `count` families with executemany (the FTS triggers keep the index)."""
    rows: list[dict[str, object]] = []
    for row in bulk_rows(ctx.lookup_key, count, start):
        rows.append(row)
        if len(rows) >= batch:
            with ctx.db.write() as s:
                s.execute(insert(Family), rows)
            rows = []
    if rows:
        with ctx.db.write() as s:
            s.execute(insert(Family), rows)


# --- catalogue: rice and eggs, April 2018 ------------------------------------------------


def add_catalogue(ctx: Context) -> dict[str, int]:
    """Categories, the April 2018 period and four products; returns sku -> product id."""
    with ctx.db.write() as s:
        s.add_all(
            [
                Category(code="beras", name_id="Beras", name_en="Rice"),
                Category(code="telur", name_id="Telur", name_en="Eggs"),
                Category(code="minyak", name_id="Minyak goreng", name_en="Cooking oil"),
            ]
        )
        s.flush()
        s.add(
            Period(
                code="2018-04",
                amount=110_000,
                eligible_categories="beras,telur",
                valid_from=dt.date(2018, 4, 1),
                valid_until=dt.date(2018, 12, 31),
            )
        )
        s.add(
            Period(
                code="2018-03",
                amount=110_000,
                eligible_categories="beras,telur",
                valid_from=dt.date(2018, 3, 1),
                valid_until=dt.date(2018, 12, 31),
            )
        )
        products = [
            Product(
                sku="BRS-MED",
                barcode="8991001",
                name="Beras Medium",
                category="beras",
                unit="kg",
                fractional=True,
                price=9_450,
                ceiling=9_450,
                low_stock_milli=50_000,
                updated_at=NOW,
            ),
            Product(
                sku="TLR-KG",
                barcode="8991002",
                name="Telur Ayam",
                category="telur",
                unit="kg",
                fractional=True,
                price=23_000,
                reference_price=23_000,
                low_stock_milli=5_000,
                updated_at=NOW,
            ),
            Product(
                sku="TLR-BTR",
                barcode="8991003",
                name="Telur Ayam Butir",
                category="telur",
                unit="pcs",
                fractional=False,
                price=1_500,
                updated_at=NOW,
            ),
            Product(
                sku="MYK-1L",
                barcode="8991004",
                name="Minyak Goreng 1 L",
                category="minyak",
                unit="liter",
                fractional=False,
                price=14_000,
                updated_at=NOW,
            ),
        ]
        s.add_all(products)
        s.flush()
        return {p.sku: p.id for p in products}


def add_voucher(
    ctx: Context, family_id: int, period: str = "2018-04", amount: int = 110_000
) -> int:
    year, month = (int(x) for x in period.split("-"))
    with ctx.db.write() as s:
        voucher = Voucher(
            code=f"V-{family_id}-{period}",
            family_id=family_id,
            period=period,
            amount=amount,
            valid_from=dt.date(year, month, 1),
            valid_until=dt.date(2018, 12, 31),
            status="open",
            redeemed_elsewhere=0,
            updated_at=NOW,
        )
        s.add(voucher)
        s.flush()
        return voucher.id


def family_id_by_dtks(ctx: Context, dtks_id: str) -> int:
    with ctx.db.read() as s:
        found = s.scalar(select(Family.id).where(Family.dtks_id == dtks_id))
        assert found is not None
        return found
