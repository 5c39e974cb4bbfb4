"""Test data for the counter engine: periods, families with vouchers, products, stock.

Families, vouchers and products are built directly through the models (the catalogue
and roster services are other areas' and check other things); stock arrives through the
real `services.stock`, accounts through the real `services.accounts` (with a cheap argon2
cost, see `cheap_pins`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher

from ewarong_pos.core.identifiers import keyed_hash
from ewarong_pos.db.models import (
    Category,
    Family,
    Period,
    Product,
    Voucher,
)
from ewarong_pos.services import accounts, stock
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales import CartLine, SaleResult, redeem

NOW = "2018-04-01T00:00:00.000000Z"
OUTLET = "EW-3171-0001"  # the outlet code the backup and restore tests set up
MANAGER_PIN = "2468"
CASHIER_PIN = "1357"


@dataclass
class Seed:
    cashier_id: int
    manager_id: int
    manager: str = "bu.rina"
    manager_pin: str = MANAGER_PIN
    families: dict[str, int] = field(default_factory=dict)
    products: dict[str, int] = field(default_factory=dict)
    vouchers: dict[str, int] = field(default_factory=dict)


def add_periods(ctx: Context) -> None:
    with ctx.db.write() as s:
        for code, name_id, name_en in [
            ("beras", "Beras", "Rice"),
            ("telur", "Telur", "Eggs"),
            ("minyak", "Minyak goreng", "Cooking oil"),
            ("protein_nabati", "Protein nabati", "Plant protein"),
        ]:
            s.add(Category(code=code, name_id=name_id, name_en=name_en))
        s.flush()
        for code, amount, eligible in [
            ("2018-02", 110_000, "beras,telur"),
            ("2018-03", 110_000, "beras,telur"),
            ("2018-04", 110_000, "beras,telur,protein_nabati"),
            ("2018-05", 110_000, "beras,telur"),
        ]:
            year, month = int(code[:4]), int(code[5:])
            s.add(
                Period(
                    code=code,
                    amount=amount,
                    eligible_categories=eligible,
                    valid_from=dt.date(year, month, 1),
                    valid_until=dt.date(2018, 12, 31),
                )
            )


def add_family(
    ctx: Context,
    dtks_id: str,
    name: str,
    periods: dict[str, int] | None = None,
    *,
    status: str = "active",
    status_reason: str = "",
    voucher_status: dict[str, tuple[str, str]] | None = None,
    valid_until: dict[str, dt.date] | None = None,
) -> tuple[int, dict[str, int]]:
    """A family with one voucher per period (amount per period), all open unless told."""
    periods = periods if periods is not None else {"2018-03": 110_000, "2018-04": 110_000}
    voucher_ids = {}
    with ctx.db.write() as s:
        number = zlib.crc32(dtks_id.encode()) * 1000 % 10**12
        family = Family(
            dtks_id=dtks_id,
            name=name,
            address="Jl. Kenari 2",
            kelurahan="Kebon Melati",
            nik_hash=keyed_hash(ctx.lookup_key, "nik", f"3171{number:012d}"),
            nik_last4=f"{number % 10000:04d}",
            kk_hash=keyed_hash(ctx.lookup_key, "kk", f"3172{number:012d}"),
            kk_last4=f"{(number // 7) % 10000:04d}",
            card_hash=keyed_hash(ctx.lookup_key, "card", f"5{number:015d}"),
            card_last4=f"{(number // 3) % 10000:04d}",
            outlet_code="EW-3171-0001",
            status=status,
            status_reason=status_reason,
            updated_at=NOW,
        )
        s.add(family)
        s.flush()
        for period, amount in periods.items():
            year, month = int(period[:4]), int(period[5:])
            state, reason = (voucher_status or {}).get(period, ("open", ""))
            voucher = Voucher(
                code=f"V-{dtks_id}-{period}",
                family_id=family.id,
                period=period,
                amount=amount,
                valid_from=dt.date(year, month, 1),
                valid_until=(valid_until or {}).get(period, dt.date(2018, 12, 31)),
                status=state,
                status_reason=reason,
                updated_at=NOW,
            )
            s.add(voucher)
            s.flush()
            voucher_ids[period] = voucher.id
        return family.id, voucher_ids


PRODUCTS = [
    # sku, name, category, unit, fractional, price, ceiling, reference
    ("BRS-MED", "Beras Medium", "beras", "kg", True, 9_450, 9_450, None),
    ("BRS-PRM", "Beras Premium", "beras", "kg", True, 12_800, 12_800, None),
    ("BRS-5KG", "Beras Medium 5 kg", "beras", "pack", False, 47_000, 47_250, None),
    ("TLR", "Telur Ayam", "telur", "kg", True, 24_000, None, 23_000),
    ("MNY-1L", "Minyak Goreng 1 L", "minyak", "pcs", False, 14_000, None, None),
    ("TMP", "Tempe", "protein_nabati", "pcs", False, 5_000, None, None),
    ("BRS-MARKUP", "Beras Medium (harga salah)", "beras", "kg", True, 10_000, 9_450, None),
]


def add_products(ctx: Context) -> dict[str, int]:
    ids = {}
    with ctx.db.write() as s:
        for sku, name, category, unit, fractional, price, ceiling, reference in PRODUCTS:
            product = Product(
                sku=sku,
                barcode=None,
                name=name,
                category=category,
                unit=unit,
                fractional=fractional,
                price=price,
                ceiling=ceiling,
                reference_price=reference,
                active=True,
                updated_at=NOW,
            )
            s.add(product)
            s.flush()
            ids[sku] = product.id
    return ids


def receive(ctx: Context, actor_id: int, quantities: dict[int, int]) -> None:
    """A delivery of `quantities` (product id -> milli-units) through the stock service."""
    stock.receive_delivery(
        ctx,
        actor_id,
        "Bulog",
        "SJ-1",
        [stock.DeliveryLine(pid, qty, 1) for pid, qty in quantities.items()],
    )


@contextmanager
def cheap_pin_hashing() -> Iterator[None]:
    """argon2id at the app's cost is ~0.2 s a hash: tests of sales need PINs, not cost."""
    saved = accounts._HASHER
    accounts._HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    try:
        yield
    finally:
        accounts._HASHER = saved


@pytest.fixture
def cheap_pins() -> Iterator[None]:
    with cheap_pin_hashing():
        yield


def seed(ctx: Context, stock: bool = True) -> Seed:
    """Periods, two accounts, three families and the products, with stock on the shelf."""
    add_periods(ctx)
    cashier = accounts.create_account(ctx, "siti", "Siti Aminah", "cashier", CASHIER_PIN)
    manager = accounts.create_account(ctx, "bu.rina", "Rina Wati", "manager", MANAGER_PIN)
    data = Seed(cashier_id=cashier.id, manager_id=manager.id)
    data.products = add_products(ctx)
    fid, vids = add_family(ctx, "DTKS-001", "Sumiati")
    data.families["sumiati"] = fid
    data.vouchers.update({f"sumiati:{p}": v for p, v in vids.items()})
    fid, vids = add_family(
        ctx,
        "DTKS-002",
        "Suparman",
        {"2018-02": 110_000, "2018-03": 110_000, "2018-04": 110_000, "2018-05": 110_000},
        voucher_status={"2018-02": ("revoked", "data ganda"), "2018-05": ("open", "")},
    )
    data.families["suparman"] = fid
    data.vouchers.update({f"suparman:{p}": v for p, v in vids.items()})
    fid, vids = add_family(
        ctx, "DTKS-003", "Wartini", status="suspended", status_reason="verifikasi ulang"
    )
    data.families["wartini"] = fid
    if stock:
        receive(
            ctx,
            manager.id,
            {
                data.products["BRS-MED"]: 500_000,
                data.products["BRS-PRM"]: 100_000,
                data.products["BRS-5KG"]: 20_000,
                data.products["TLR"]: 30_000,
                data.products["MNY-1L"]: 24_000,
                data.products["TMP"]: 10_000,
                data.products["BRS-MARKUP"]: 10_000,
            },
        )
    return data


def redeem_rice(ctx: Context, data: Seed, grams: int = 100) -> SaleResult:
    """A redemption for Sumiati: three lines of medium rice (a sale to back up, restore)."""
    line = CartLine(data.products["BRS-MED"], grams)
    return redeem(ctx, data.cashier_id, data.families["sumiati"], [line, line, line])


def raw_connection(ctx: Context) -> Any:
    """A DB-API connection on the outlet file behind the app's back (SQLCipher when the
    file is encrypted), for integrity checks and tampering in tests."""
    key = getattr(ctx, "data_key", None)
    if key is None:
        return sqlite3.connect(str(ctx.data_dir.db_path))
    from ewarong_pos.db import crypto

    return crypto.open_raw(ctx.data_dir.db_path, key)
