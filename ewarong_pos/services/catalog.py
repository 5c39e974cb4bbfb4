"""Reference data from the central office: categories, periods (tranches) and products.

Upserts keyed by code/sku, used by the demo outlet and by the sync pull (the central
office wins). Each `upsert_*` has a `put_*` twin working inside the caller's session, so
a pull can apply everything in one transaction. `product_list` is the price list the
counter and the stock screens show, with stock on hand.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Category, Period, Product
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

UNITS = ("kg", "pcs", "pack", "ikat", "liter")


@dataclass(frozen=True)
class CategorySpec:
    code: str
    name_id: str
    name_en: str


@dataclass(frozen=True)
class PeriodSpec:
    """A monthly tranche's rules: amount per family and the categories vouchers may buy."""

    code: str  # YYYY-MM
    amount: int
    eligible_categories: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    name: str
    category: str
    unit: str
    price: int
    fractional: bool = False
    barcode: str | None = None
    ceiling: int | None = None
    reference_price: int | None = None
    low_stock_milli: int = 0
    active: bool = True


@dataclass(frozen=True)
class ProductInfo:
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
    active: bool


@dataclass(frozen=True)
class PeriodInfo:
    code: str
    amount: int
    eligible_categories: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date


def _check_product(spec: ProductSpec, categories: set[str], strict: bool) -> None:
    if spec.category not in categories:
        raise DomainError("catalog.unknown_category", category=spec.category)
    if spec.unit not in UNITS:
        raise DomainError("catalog.bad_product", sku=spec.sku, detail=f"unit {spec.unit!r}")
    if spec.price < 0 or not spec.sku or not spec.name:
        raise DomainError("catalog.bad_product", sku=spec.sku, detail="price/sku/name")
    if spec.fractional and spec.unit != "kg":
        raise DomainError("catalog.bad_product", sku=spec.sku, detail="fractional needs kg")
    if spec.ceiling is not None and spec.price > spec.ceiling:
        # The price list may come from the central office (sync), which wins: keep it and
        # let the counter refuse the sale ('sale.above_ceiling') rather than stop the pull.
        if strict:
            raise DomainError(
                "catalog.above_ceiling", sku=spec.sku, price=spec.price, ceiling=spec.ceiling
            )
        log.warning("product %s priced %d above its ceiling %d", spec.sku, spec.price, spec.ceiling)


def put_categories(session: Session, specs: Iterable[CategorySpec]) -> int:
    rows = [{"code": c.code, "name_id": c.name_id, "name_en": c.name_en} for c in specs]
    if rows:
        stmt = insert(Category)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"],
                set_={"name_id": stmt.excluded.name_id, "name_en": stmt.excluded.name_en},
            ),
            rows,
        )
    return len(rows)


def put_periods(session: Session, specs: Iterable[PeriodSpec]) -> int:
    known = set(session.scalars(select(Category.code)))
    rows = []
    for p in specs:
        missing = [c for c in p.eligible_categories if c not in known]
        if missing:
            raise DomainError("catalog.unknown_category", category=missing[0])
        if p.amount < 0 or p.valid_until < p.valid_from:
            raise DomainError("roster.bad_period", value=p.code)
        rows.append(
            {
                "code": p.code,
                "amount": p.amount,
                "eligible_categories": ",".join(p.eligible_categories),
                "valid_from": p.valid_from,
                "valid_until": p.valid_until,
            }
        )
    if rows:
        stmt = insert(Period)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["code"],
                set_={
                    name: getattr(stmt.excluded, name)
                    for name in ("amount", "eligible_categories", "valid_from", "valid_until")
                },
            ),
            rows,
        )
    return len(rows)


def _claim_barcodes(session: Session, specs: list[ProductSpec]) -> None:
    """The office's catalogue wins, whole: a barcode the page gives to a SKU is taken from
    whichever other product holds it here (a barcode moved between SKUs, or a local product
    of another SKU carrying the office's barcode). Two SKUs of one page with the same
    barcode cannot both be applied: 'sync.barcode_conflict' names them."""
    claimed: dict[str, str] = {}
    for p in specs:
        if p.barcode is None:
            continue
        other = claimed.setdefault(p.barcode, p.sku)
        if other != p.sku:
            raise DomainError("sync.barcode_conflict", barcode=p.barcode, sku=other, other=p.sku)
    if not claimed:
        return
    codes = sorted(claimed)
    for i in range(0, len(codes), 500):
        for product_id, sku, barcode in session.execute(
            select(Product.id, Product.sku, Product.barcode).where(
                Product.barcode.in_(codes[i : i + 500])
            )
        ):
            if barcode is not None and claimed[barcode] != sku:
                log.warning("barcode %s moves from %s to %s", barcode, sku, claimed[barcode])
                session.execute(
                    update(Product).where(Product.id == product_id).values(barcode=None)
                )


def put_products(
    session: Session,
    specs: Iterable[ProductSpec],
    now: str,
    *,
    strict: bool = False,
    office: bool = False,
) -> dict[str, int]:
    """Insert or update products by sku; returns sku -> product id.

    `strict` refuses a price above its ceiling ('catalog.above_ceiling'); a sync pull
    keeps the office's list as it is (the counter refuses such a sale). `office`: the rows
    are the office's catalogue, which wins (barcodes move to the SKU it names).
    """
    categories = set(session.scalars(select(Category.code)))
    specs = list(specs)
    rows = []
    if office:
        _claim_barcodes(session, specs)
    for p in specs:
        _check_product(p, categories, strict)
        rows.append(
            {
                "sku": p.sku,
                "barcode": p.barcode,
                "name": p.name,
                "category": p.category,
                "unit": p.unit,
                "fractional": p.fractional,
                "price": p.price,
                "ceiling": p.ceiling,
                "reference_price": p.reference_price,
                "low_stock_milli": p.low_stock_milli,
                "active": p.active,
                "updated_at": now,
            }
        )
    if rows:
        stmt = insert(Product)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["sku"],
                set_={name: getattr(stmt.excluded, name) for name in rows[0] if name != "sku"},
            ),
            rows,
        )
    skus = [r["sku"] for r in rows]
    found = session.execute(select(Product.sku, Product.id).where(Product.sku.in_(skus)))
    return {sku: pid for sku, pid in found}


def upsert_categories(ctx: Context, specs: Sequence[CategorySpec]) -> int:
    with ctx.db.write() as s:
        return put_categories(s, specs)


def upsert_periods(ctx: Context, specs: Sequence[PeriodSpec]) -> int:
    with ctx.db.write() as s:
        return put_periods(s, specs)


def upsert_products(ctx: Context, specs: Sequence[ProductSpec]) -> dict[str, int]:
    with ctx.db.write() as s:
        return put_products(s, specs, ctx.now_iso(), strict=True)


def _product_info(p: Product, stock: dict[int, int]) -> ProductInfo:
    return ProductInfo(
        id=p.id,
        sku=p.sku,
        barcode=p.barcode,
        name=p.name,
        category=p.category,
        unit=p.unit,
        fractional=p.fractional,
        price=p.price,
        ceiling=p.ceiling,
        reference_price=p.reference_price,
        on_hand_milli=stock.get(p.id, 0),
        low_stock_milli=p.low_stock_milli,
        active=p.active,
    )


def product_list(ctx: Context, *, include_inactive: bool = False) -> list[ProductInfo]:
    """The price list in category then name order, with stock on hand."""
    with ctx.db.read() as s:
        query = select(Product).order_by(Product.category, Product.name)
        if not include_inactive:
            query = query.where(Product.active.is_(True))
        products = list(s.scalars(query))
        stock = on_hand(s, [p.id for p in products])
        return [_product_info(p, stock) for p in products]


def category_list(ctx: Context) -> list[CategorySpec]:
    with ctx.db.read() as s:
        return [
            CategorySpec(c.code, c.name_id, c.name_en)
            for c in s.scalars(select(Category).order_by(Category.code))
        ]


def _period_info(p: Period) -> PeriodInfo:
    cats = tuple(c for c in p.eligible_categories.split(",") if c)
    return PeriodInfo(p.code, p.amount, cats, p.valid_from, p.valid_until)


def period_list(ctx: Context) -> list[PeriodInfo]:
    with ctx.db.read() as s:
        return [_period_info(p) for p in s.scalars(select(Period).order_by(Period.code))]


def get_period(ctx: Context, code: str) -> PeriodInfo | None:
    with ctx.db.read() as s:
        period = s.get(Period, code)
        return _period_info(period) if period is not None else None
