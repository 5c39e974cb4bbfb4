"""Derived figures every part reads the same way: stock on hand, voucher remaining."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.db.models import StockMovement, Voucher, VoucherAllocation


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
    allocated = dict(
        session.execute(
            select(VoucherAllocation.voucher_id, func.sum(VoucherAllocation.amount))
            .where(VoucherAllocation.voucher_id.in_(ids))
            .group_by(VoucherAllocation.voucher_id)
        ).all()
    )
    rows = session.execute(
        select(Voucher.id, Voucher.amount, Voucher.redeemed_elsewhere).where(Voucher.id.in_(ids))
    )
    return {
        vid: amount - elsewhere - int(allocated.get(vid) or 0) for vid, amount, elsewhere in rows
    }
