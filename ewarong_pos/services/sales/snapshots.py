"""The rule snapshots: the family, its vouchers and the cart's products read for `core.cart`.

Both the preview and the commit decide through `decide_for`/`decide` here, so the rules
always see the same columns, read the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from sqlalchemy.orm import Session

from ewarong_pos.core import cart
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.engine import dbapi
from ewarong_pos.db.models import Family
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


# The rules' reads as plain SQL on the session's DB-API connection (`db.engine.dbapi`), in
# its transaction: under the writer lock for a commit, in the read snapshot for a preview.
# The sums are `db.queries.VOUCHER_REMAINING` and `PRODUCT_ON_HAND` written out (a test
# holds them equal). SQLAlchemy's per-statement work cost more than these indexed reads.
_FAMILY = (
    "SELECT id, dtks_id, name, status, status_reason, flags, outlet_code FROM family WHERE id = ?"
)
_VOUCHERS = (
    "SELECT v.id, v.code, v.period, v.amount, v.status, v.status_reason, v.valid_from, "
    "v.valid_until, p.eligible_categories, v.amount - v.redeemed_elsewhere - "
    "(SELECT coalesce(sum(a.amount), 0) FROM voucher_allocation AS a "
    "WHERE a.voucher_id = v.id) "
    "FROM voucher AS v JOIN period AS p ON p.code = v.period "
    "WHERE v.family_id = ? ORDER BY v.period, v.id"
)
_PRODUCTS = (
    "SELECT p.id, p.sku, p.name, p.category, p.unit, p.fractional, p.price, p.ceiling, "
    "p.reference_price, p.active, (SELECT coalesce(sum(m.qty_milli), 0) "
    "FROM stock_movement AS m WHERE m.product_id = p.id) "
    "FROM product AS p WHERE p.id IN ({marks})"
)


def family_for_rules(s: Session, family_id: int) -> cart.FamilySnapshot:
    """The family as the rules need it: only the columns they read (no ORM object)."""
    row = dbapi(s).execute(_FAMILY, (family_id,)).fetchone()
    if row is None:
        raise DomainError("family.not_found", family=family_id)
    fid, dtks_id, name, status, status_reason, flags, outlet_code = row
    return cart.FamilySnapshot(
        fid, dtks_id, name, status, status_reason, _moved_to(flags, outlet_code)
    )


@functools.lru_cache(maxsize=256)  # a handful of periods' lists, parsed once
def _categories(text: str | None) -> frozenset[str]:
    return frozenset(c.strip() for c in (text or "").split(",") if c.strip())


@functools.lru_cache(maxsize=4096)  # a few dozen distinct validity dates
def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def voucher_snapshots(s: Session, family_id: int) -> list[cart.VoucherSnapshot]:
    """The family's vouchers, oldest month first, each with what remains (one query)."""
    rows = dbapi(s).execute(_VOUCHERS, (family_id,)).fetchall()
    return [
        cart.VoucherSnapshot(
            id=vid,
            code=code,
            period=period,
            amount=amount,
            remaining=int(remaining),
            status=status,
            status_reason=status_reason,
            valid_from=_date(valid_from),
            valid_until=_date(valid_until),
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
    sql = _PRODUCTS.format(marks=", ".join("?" for _ in ids))
    rows = dbapi(s).execute(sql, ids).fetchall()
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
