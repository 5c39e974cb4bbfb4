"""Derived figures every part reads the same way: stock on hand, voucher remaining."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.db.models import Account, Product, StockMovement, Voucher, VoucherAllocation

# The two derived figures as SQL, correlated to the voucher or product row of the query they
# are put in (one query for many rows). Every reader uses these, never its own copy.
VOUCHER_REMAINING = (
    Voucher.amount
    - Voucher.redeemed_elsewhere
    - select(func.coalesce(func.sum(VoucherAllocation.amount), 0))
    .where(VoucherAllocation.voucher_id == Voucher.id)
    .correlate(Voucher)
    .scalar_subquery()
)
PRODUCT_ON_HAND = (
    select(func.coalesce(func.sum(StockMovement.qty_milli), 0))
    .where(StockMovement.product_id == Product.id)
    .correlate(Product)
    .scalar_subquery()
)


def on_hand(session: Session, product_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Milli-units on hand per product: the sum of its stock movements (absent means 0)."""
    query = select(StockMovement.product_id, func.sum(StockMovement.qty_milli)).group_by(
        StockMovement.product_id
    )
    if product_ids is not None:
        query = query.where(StockMovement.product_id.in_(list(product_ids)))
    return {pid: int(total or 0) for pid, total in session.execute(query)}


def voucher_remaining(session: Session, voucher_ids: Iterable[int]) -> dict[int, int]:
    """amount - redeemed_elsewhere - sum(allocations), per voucher."""
    ids = list(voucher_ids)
    if not ids:
        return {}
    rows = session.execute(select(Voucher.id, VOUCHER_REMAINING).where(Voucher.id.in_(ids)))
    return {vid: int(remaining) for vid, remaining in rows}


def usernames(session: Session, account_ids: Iterable[int | None]) -> dict[int, str]:
    """Account id -> username for the given ids (None ignored), in one query: the names the
    journal payloads and the reports carry."""
    wanted = {i for i in account_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Account.id, Account.username).where(Account.id.in_(wanted)))
    return {int(account_id): str(name) for account_id, name in rows}


def open_balances(session: Session, family_id: int, on_date: dt.date) -> list[tuple[str, int]]:
    """A family's open voucher months with something left, valid on `on_date`, oldest
    first: (period, remaining). The same rule as core.cart's voucher block."""
    rows = session.execute(
        select(Voucher.period, VOUCHER_REMAINING)
        .where(
            Voucher.family_id == family_id,
            Voucher.status == "open",
            Voucher.valid_from <= on_date,
            Voucher.valid_until >= on_date,
        )
        .order_by(Voucher.period)
    )
    return [(period, int(left)) for period, left in rows if int(left) > 0]
