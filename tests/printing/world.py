"""A small outlet for printing tests, built through the real services.

Categories, periods and products through `catalog`, accounts through `accounts`, stock
through `stock.receive_delivery`, sales through `sales.redeem` / `sell_cash` /
`void_sale`. Families and their vouchers are written through the models (the roster
import is another area's and wants a file), the way the roster service stores them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ewarong_pos.db.models import Family, Voucher
from ewarong_pos.services import accounts, catalog, sales, stock
from ewarong_pos.services.context import Context

MANAGER = "bu.rina"
MANAGER_PIN = "2468"
NAMES = ["Siti Aminah Binti Ahmad", "Sri Wahyuni", "Ahmad Fauzi"]


@dataclass(frozen=True)
class World:
    cashier_id: int
    manager_id: int
    families: list[int]
    products: dict[str, int]


def seed(
    ctx: Context, families: int = 3, periods: tuple[str, ...] = ("2018-03", "2018-04")
) -> World:
    catalog.upsert_categories(
        ctx,
        [
            catalog.CategorySpec("beras", "Beras", "Rice"),
            catalog.CategorySpec("telur", "Telur", "Eggs"),
            catalog.CategorySpec("minyak", "Minyak", "Oil"),
        ],
    )
    catalog.upsert_periods(
        ctx,
        [
            catalog.PeriodSpec(
                code,
                110_000,
                ("beras", "telur"),
                dt.date(int(code[:4]), int(code[5:]), 1),
                dt.date(2018, 12, 31),
            )
            for code in periods
        ],
    )
    products = catalog.upsert_products(
        ctx,
        [
            catalog.ProductSpec(
                "BRS-M", "Beras Medium", "beras", "kg", 9_450, fractional=True, ceiling=9_450
            ),
            catalog.ProductSpec(
                "BRS-P",
                "Beras Premium Cap Bunga Melati Wangi Pulen Super",
                "beras",
                "kg",
                12_800,
                fractional=True,
                ceiling=12_800,
            ),
            catalog.ProductSpec(
                "TLR",
                "Telur Ayam Ras",
                "telur",
                "kg",
                23_000,
                fractional=True,
                reference_price=23_000,
            ),
            catalog.ProductSpec("MNY", "Minyak Goreng 1 L", "minyak", "pcs", 14_000),
        ],
    )
    cashier = accounts.create_account(ctx, "budi", "Budi Santoso", "cashier", "1357")
    manager = accounts.create_account(ctx, MANAGER, "Rina Marlina", "manager", MANAGER_PIN)
    stock.receive_delivery(
        ctx,
        manager.id,
        "Bulog Jakarta",
        "SJ-0001",
        [
            stock.DeliveryLine(products["BRS-M"], 20_000_000, 8_900),
            stock.DeliveryLine(products["BRS-P"], 1_000_000, 12_000),
            stock.DeliveryLine(products["TLR"], 1_000_000, 21_000),
            stock.DeliveryLine(products["MNY"], 100_000, 12_500),
        ],
    )
    now = ctx.now_iso()
    family_ids: list[int] = []
    with ctx.db.write() as s:
        for i in range(families):
            family = Family(
                dtks_id=f"DTKS-{i + 1:05d}",
                name=NAMES[i % 3] + ("" if i < 3 else f" {i}"),
                address=f"Jl. Kenanga No. {i + 1}",
                rt_rw="003/007",
                kelurahan="Kebon Melati",
                kecamatan="Tanah Abang",
                nik_hash=f"nik{i}",
                nik_last4=f"{1000 + i}",
                kk_hash=f"kk{i}",
                kk_last4=f"{2000 + i}",
                card_hash=f"card{i}",
                card_last4=f"{3000 + i}",
                card_bank="BNI",
                outlet_code="EW-3171-0001",
                updated_at=now,
            )
            s.add(family)
            s.flush()
            family_ids.append(family.id)
            s.add_all(
                Voucher(
                    code=f"V-{code}-{i}",
                    family_id=family.id,
                    period=code,
                    amount=110_000,
                    valid_from=dt.date(int(code[:4]), int(code[5:]), 1),
                    valid_until=dt.date(2018, 12, 31),
                    updated_at=now,
                )
                for code in periods
            )
    return World(cashier.id, manager.id, family_ids, products)


def redeem(ctx: Context, world: World, family: int, lines: list[tuple[str, int]]) -> int:
    cart = [sales.CartLine(world.products[sku], qty) for sku, qty in lines]
    return sales.redeem(ctx, world.cashier_id, world.families[family], cart).sale_id


def sell_cash(ctx: Context, world: World, lines: list[tuple[str, int]], tendered: int) -> int:
    cart = [sales.CartLine(world.products[sku], qty) for sku, qty in lines]
    return sales.sell_cash(ctx, world.cashier_id, cart, tendered).sale_id


def void(ctx: Context, world: World, sale_id: int, reason: str) -> int:
    return sales.void_sale(ctx, world.cashier_id, sale_id, MANAGER, MANAGER_PIN, reason).sale_id
