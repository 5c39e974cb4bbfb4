"""Small reads and writes the desktop UI needs that no other service offers: settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ewarong_pos.db.models import Product, Setting
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services.context import Context


def get_setting(ctx: Context, key: str, default: str | None = None) -> str | None:
    with ctx.db.read() as s:
        row = s.get(Setting, key)
        return row.value if row is not None else default


def get_settings(ctx: Context, prefix: str) -> dict[str, str]:
    """Every setting whose key starts with `prefix` (e.g. 'printer.')."""
    with ctx.db.read() as s:
        rows = s.query(Setting).filter(Setting.key.startswith(prefix)).all()
        return {row.key: row.value for row in rows}


def set_settings(ctx: Context, values: dict[str, str]) -> None:
    """Store device settings in one transaction (UI language, printer, ...)."""
    with ctx.db.write() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value


@dataclass(frozen=True)
class ProductRow:
    """A product as the counter shows it (fallback until services.catalog lands)."""

    id: int
    sku: str
    barcode: str | None
    name: str
    category: str
    unit: str
    fractional: bool
    price: int
    ceiling: int | None
    reference_price: int | None
    on_hand_milli: int
    low_stock_milli: int


def product_rows(ctx: Context) -> list[ProductRow]:
    """Active products with their stock on hand, by category then name."""
    with ctx.db.read() as s:
        products = s.scalars(
            select(Product).where(Product.active.is_(True)).order_by(Product.category, Product.name)
        ).all()
        stock = on_hand(s)
        return [
            ProductRow(
                p.id,
                p.sku,
                p.barcode,
                p.name,
                p.category,
                p.unit,
                p.fractional,
                p.price,
                p.ceiling,
                p.reference_price,
                stock.get(p.id, 0),
                p.low_stock_milli,
            )
            for p in products
        ]
