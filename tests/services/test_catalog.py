"""Catalogue upserts (demo and sync pull) and the price list with stock on hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Product
from ewarong_pos.services import catalog

CATS = [
    catalog.CategorySpec("beras", "Beras", "Rice"),
    catalog.CategorySpec("gula", "Gula", "Sugar"),
]


def rice(price: int = 9_400, **over) -> catalog.ProductSpec:
    values = dict(
        sku="BRS-KG", name="Beras Medium (per kg)", category="beras", unit="kg", price=price,
        fractional=True, ceiling=9_450,
    )  # fmt: skip
    values.update(over)
    return catalog.ProductSpec(**values)


def test_upserts_are_idempotent_and_update(ctx):
    assert catalog.upsert_categories(ctx, CATS) == 2
    catalog.upsert_categories(ctx, [catalog.CategorySpec("beras", "Beras (medium)", "Rice")])
    assert [c.name_id for c in catalog.category_list(ctx)] == ["Beras (medium)", "Gula"]
    period = catalog.PeriodSpec(
        "2018-04", 110_000, ("beras",), dt.date(2018, 4, 1), dt.date(2019, 12, 31)
    )
    catalog.upsert_periods(ctx, [period])
    catalog.upsert_periods(ctx, [period])
    assert catalog.get_period(ctx, "2018-04") == catalog.PeriodInfo(
        "2018-04", 110_000, ("beras",), dt.date(2018, 4, 1), dt.date(2019, 12, 31)
    )
    ids = catalog.upsert_products(
        ctx, [rice(), catalog.ProductSpec("GUL", "Gula 1 kg", "gula", "pack", 12_500)]
    )
    again = catalog.upsert_products(ctx, [rice(price=9_300)])
    assert again["BRS-KG"] == ids["BRS-KG"]
    listed = {p.sku: p for p in catalog.product_list(ctx)}
    assert listed["BRS-KG"].price == 9_300 and listed["BRS-KG"].on_hand_milli == 0
    assert listed["GUL"].ceiling is None


def test_checks(ctx):
    catalog.upsert_categories(ctx, CATS)
    with pytest.raises(DomainError) as info:
        catalog.upsert_products(ctx, [rice(price=9_500)])
    assert info.value.code == "catalog.above_ceiling"
    with pytest.raises(DomainError) as info:
        catalog.upsert_products(ctx, [rice(category="telur")])
    assert info.value.code == "catalog.unknown_category"
    with pytest.raises(DomainError) as info:
        catalog.upsert_products(ctx, [rice(unit="gram")])
    assert info.value.code == "catalog.bad_product"
    with pytest.raises(DomainError):
        catalog.upsert_periods(
            ctx,
            [
                catalog.PeriodSpec(
                    "2018-04", 1, ("telur",), dt.date(2018, 4, 1), dt.date(2018, 4, 30)
                )
            ],
        )


@pytest.mark.expect_log("ewarong_pos.services.catalog", r"above its ceiling")
def test_sync_pull_keeps_a_price_above_the_ceiling(ctx):
    """The office wins on sync; the counter refuses such a sale instead."""
    catalog.upsert_categories(ctx, CATS)
    with ctx.db.write() as s:
        catalog.put_products(s, [rice(price=9_500)], ctx.now_iso())
    with ctx.db.read() as s:
        assert s.scalar(select(Product.price).where(Product.sku == "BRS-KG")) == 9_500
