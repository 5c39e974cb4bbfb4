"""Entitlement and cart preview: what the cashier sees before a sale; nothing is written."""

from __future__ import annotations

from collections.abc import Sequence

from ewarong_pos.core import cart
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services.business_day import day_for_new_fact
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales.snapshots import (
    decide,
    family_row,
    family_snapshot,
    voucher_snapshots,
)
from ewarong_pos.services.sales.views import (
    CartCheck,
    CartLine,
    DrawPreview,
    Entitlement,
    LinePreview,
    VoucherLine,
)


def _voucher_line(standing: cart.VoucherStanding) -> VoucherLine:
    v = standing.voucher
    return VoucherLine(
        voucher_id=v.id,
        code=v.code,
        period=v.period,
        amount=v.amount,
        used=v.amount - v.remaining,
        remaining=v.remaining,
        valid_from=v.valid_from,
        valid_until=v.valid_until,
        status=v.status,
        redeemable=standing.redeemable,
        reason=standing.reason,
        reason_detail=standing.reason_detail,
        eligible_categories=tuple(sorted(v.eligible_categories)),
    )


def entitlement(ctx: Context, family_id: int) -> Entitlement:
    """A family's vouchers by month, oldest first, with what remains and why not."""
    today = ctx.business_date()
    with ctx.db.read() as s:
        family = family_row(s, family_id)
        snapshot = family_snapshot(family)
        standing = cart.standings(snapshot, voucher_snapshots(s, family_id), today)
        open_total = cart.total_open(standing)
        blocked = cart.family_block(snapshot)
        reason = blocked.code if blocked else (None if open_total > 0 else "sale.no_open_voucher")
        return Entitlement(
            family_id=family.id,
            dtks_id=family.dtks_id,
            name=family.name,
            address=family.address,
            card_last4=family.card_last4,
            status=family.status,
            status_reason=family.status_reason,
            redeemable=reason is None,
            reason=reason,
            vouchers=tuple(_voucher_line(st) for st in standing),
            total_open=open_total,
        )


def _line_preview(line: cart.PricedLine) -> LinePreview:
    p = line.product
    return LinePreview(
        product_id=p.id,
        sku=p.sku,
        name=p.name,
        unit=p.unit,
        qty_milli=line.qty_milli,
        unit_price=line.unit_price,
        ceiling=line.ceiling,
        reference_price=p.reference_price,
        above_reference=line.above_reference,
        total=line.total,
    )


def check_cart(
    ctx: Context,
    family_id: int | None,
    lines: Sequence[CartLine],
    cash_tendered: int | None = None,
) -> CartCheck:
    """Preview a cart for the UI: a redemption for `family_id`, or a cash sale when None.

    Nothing is written; every refusal is listed (the commit decides again on its own).
    """
    today = ctx.business_date()
    with ctx.db.read() as s:
        decision = decide(s, today, family_id, lines, cash_tendered)
        # A closed business day takes no sale: said at the preview, before the cashier
        # takes the money, as the commit would refuse it (services.business_day).
        try:
            day_for_new_fact(s, ctx.device_id, ctx.now())
            closed: tuple[DomainError, ...] = ()
        except DomainError as exc:
            closed = (exc,)
    draws = tuple(
        DrawPreview(
            d.voucher.id,
            d.voucher.code,
            d.voucher.period,
            d.amount,
            d.voucher.remaining,
            d.remaining_after,
        )
        for d in decision.draws
    )
    cash = family_id is None
    change = (
        cart.change_due(decision.total, cash_tendered)
        if cash and cash_tendered is not None and decision.ok
        else None
    )
    return CartCheck(
        kind="cash" if cash else "redemption",
        lines=tuple(_line_preview(line) for line in decision.lines),
        total=decision.total,
        draws=draws,
        total_open=decision.total_open,
        remaining_after=decision.total_open - sum(d.amount for d in draws),
        cash_tendered=cash_tendered if cash else None,
        change=change if not closed else None,
        problems=closed + tuple(decision.problems),
    )
