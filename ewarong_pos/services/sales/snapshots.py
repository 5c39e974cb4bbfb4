"""The rule snapshots: the family, its vouchers and the cart's products read for `core.cart`.

Both the preview and the commit decide through `decide_for`/`decide` here, so the rules
always see the same columns, read the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ewarong_pos.core import cart
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Family, Period, Product, Voucher
from ewarong_pos.db.queries import PRODUCT_ON_HAND, VOUCHER_REMAINING
from ewarong_pos.services.sales.views import CartLine


def family_row(s: Session, family_id: int) -> Family:
    family = s.get(Family, family_id)
    if family is None:
        raise DomainError("family.not_found", family=family_id)
    return family


def _moved_to(flags: str, outlet_code: str) -> str | None:
    # sync marks a family the office moved away from this outlet (services.sync)
    return outlet_code if cart.MOVED_FLAG in flags.split(",") else None


def family_snapshot(family: Family) -> cart.FamilySnapshot:
    return cart.FamilySnapshot(
        family.id,
        family.dtks_id,
        family.name,
        family.status,
        family.status_reason,
        _moved_to(family.flags, family.outlet_code),
    )


# The counter's statements are built once (with bound parameters): building a SELECT
# costs about as much as running it on an indexed row.
_FAMILY = select(
    Family.id,
    Family.dtks_id,
    Family.name,
    Family.status,
    Family.status_reason,
    Family.flags,
    Family.outlet_code,
).where(Family.id == bindparam("family_id"))


def family_for_rules(s: Session, family_id: int) -> cart.FamilySnapshot:
    """The family as the rules need it: only the columns they read (no ORM object)."""
    row = s.execute(_FAMILY, {"family_id": family_id}).first()
    if row is None:
        raise DomainError("family.not_found", family=family_id)
    return cart.FamilySnapshot(
        row.id, row.dtks_id, row.name, row.status, row.status_reason,
        _moved_to(row.flags, row.outlet_code),
    )  # fmt: skip


_VOUCHERS = (
    select(
        Voucher.id,
        Voucher.code,
        Voucher.period,
        Voucher.amount,
        Voucher.status,
        Voucher.status_reason,
        Voucher.valid_from,
        Voucher.valid_until,
        Period.eligible_categories,
        VOUCHER_REMAINING,
    )
    .join(Period, Period.code == Voucher.period)
    .where(Voucher.family_id == bindparam("family_id"))
    .order_by(Voucher.period, Voucher.id)
)
_PRODUCTS = select(
    Product.id,
    Product.sku,
    Product.name,
    Product.category,
    Product.unit,
    Product.fractional,
    Product.price,
    Product.ceiling,
    Product.reference_price,
    Product.active,
    PRODUCT_ON_HAND,
).where(Product.id.in_(bindparam("ids", expanding=True)))


@functools.lru_cache(maxsize=256)  # a handful of periods' lists, parsed once
def _categories(text: str | None) -> frozenset[str]:
    return frozenset(c.strip() for c in (text or "").split(",") if c.strip())


def voucher_snapshots(s: Session, family_id: int) -> list[cart.VoucherSnapshot]:
    """The family's vouchers, oldest month first, each with what remains (one query)."""
    rows = s.execute(_VOUCHERS, {"family_id": family_id}).all()
    return [
        cart.VoucherSnapshot(
            id=vid,
            code=code,
            period=period,
            amount=amount,
            remaining=int(remaining),
            status=status,
            status_reason=status_reason,
            valid_from=valid_from,
            valid_until=valid_until,
            eligible_categories=_categories(categories),
        )
        for (
            vid,
            code,
            period,
            amount,
            status,
            status_reason,
            valid_from,
            valid_until,
            categories,
            remaining,
        ) in rows
    ]


def _product_snapshots(s: Session, product_ids: Sequence[int]) -> dict[int, cart.ProductSnapshot]:
    """The cart's products with their stock on hand (the sum of movements), one query."""
    ids = sorted({pid for pid in product_ids if isinstance(pid, int)})
    if not ids:
        return {}
    rows = s.execute(_PRODUCTS, {"ids": ids}).all()
    return {
        pid: cart.ProductSnapshot(
            id=pid,
            sku=sku,
            name=name,
            category=category,
            unit=unit,
            fractional=bool(fractional),
            price=price,
            ceiling=ceiling,
            reference_price=reference_price,
            active=bool(active),
            on_hand_milli=int(stock or 0),
        )
        for (
            pid,
            sku,
            name,
            category,
            unit,
            fractional,
            price,
            ceiling,
            reference_price,
            active,
            stock,
        ) in rows
    }


def _pairs(lines: Sequence[CartLine]) -> list[tuple[int, int]]:
    return [(line.product_id, line.qty_milli) for line in lines]


def decide(
    s: Session,
    today: dt.date,
    family_id: int | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None,
) -> cart.CartDecision:
    return decide_for(
        s,
        today,
        family_for_rules(s, family_id) if family_id is not None else None,
        lines,
        cash_tendered,
    )


def decide_for(
    s: Session,
    today: dt.date,
    family: cart.FamilySnapshot | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None,
) -> cart.CartDecision:
    """The rules over fresh snapshots: a redemption for `family`, a cash sale when None."""
    products = _product_snapshots(s, [line.product_id for line in lines])
    if family is None:
        return cart.decide_cash_sale(products, _pairs(lines), cash_tendered)
    return cart.decide_redemption(
        family, voucher_snapshots(s, family.id), products, _pairs(lines), today
    )
