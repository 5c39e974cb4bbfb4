"""The counter and the cash sale: products, family search, the family panel, the cart's
preview and the commit (which queues its receipt in the same database job)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ewarong_pos.services import catalog, families, sales
from ewarong_pos.services.catalog import ProductInfo
from ewarong_pos.services.context import Context
from ewarong_pos.services.families import FamilyHit, FamilyInfo
from ewarong_pos.services.sales import CartCheck, CartLine, Entitlement
from ewarong_pos.ui.ops.jobs import DbJob, sale_changes
from ewarong_pos.ui.ops.printing import Committed, then_queue

Lines = Sequence[tuple[int, int]]  # (product id, qty_milli) per cart line


def cart_lines(lines: Lines) -> list[CartLine]:
    return [CartLine(product_id, qty_milli) for product_id, qty_milli in lines]


def product_list(ctx: Context) -> DbJob[list[ProductInfo]]:
    """The price list with stock on hand."""
    return DbJob("counter.products", partial(catalog.product_list, ctx))


def find_families(ctx: Context, actor_id: int, query: str, limit: int) -> DbJob[list[FamilyHit]]:
    return DbJob(
        "counter.search", partial(families.find_families, ctx, actor_id, query, limit=limit)
    )


@dataclass(frozen=True)
class FamilyPanelData:
    info: FamilyInfo
    entitlement: Entitlement


def _family_panel(ctx: Context, actor_id: int, family_id: int) -> FamilyPanelData:
    info = families.get_family(ctx, actor_id, family_id)
    return FamilyPanelData(info, sales.entitlement(ctx, family_id))


def family_panel(ctx: Context, actor_id: int, family_id: int) -> DbJob[FamilyPanelData]:
    return DbJob("counter.family", partial(_family_panel, ctx, actor_id, family_id))


def check_cart(
    ctx: Context, family_id: int | None, lines: Lines, cash_tendered: int | None = None
) -> DbJob[CartCheck]:
    """Preview a cart: a redemption for `family_id`, a cash sale when None."""
    name = "counter.preview" if family_id is not None else "cash.preview"
    return DbJob(name, partial(sales.check_cart, ctx, family_id, cart_lines(lines), cash_tendered))


def _redeem(
    ctx: Context,
    cashier_id: int,
    family_id: int,
    lines: Lines,
    sale_uuid: str,
    edc_approval: str | None,
    edc_rrn: str | None,
    expected_total: int | None,
) -> Committed:
    result = sales.redeem(
        ctx, cashier_id, family_id, cart_lines(lines), sale_uuid=sale_uuid,
        edc_approval=edc_approval, edc_rrn=edc_rrn, expected_total=expected_total,
    )  # fmt: skip
    return then_queue(ctx, result)


def redeem_and_queue(
    ctx: Context,
    cashier_id: int,
    family_id: int,
    lines: Lines,
    sale_uuid: str,
    edc_approval: str | None = None,
    edc_rrn: str | None = None,
    expected_total: int | None = None,
) -> DbJob[Committed]:
    """Commit a redemption, then queue its receipt, in one database job. `expected_total`
    is the previewed total the family agreed to (a price changed by a sync in between
    refuses the sale instead of charging another amount)."""
    fn = partial(
        _redeem, ctx, cashier_id, family_id, lines, sale_uuid, edc_approval, edc_rrn,
        expected_total,
    )  # fmt: skip
    return DbJob("counter.redeem", fn, sale_changes())


def _sell_cash(
    ctx: Context,
    cashier_id: int,
    lines: Lines,
    cash_tendered: int,
    sale_uuid: str,
    expected_total: int | None,
) -> Committed:
    result = sales.sell_cash(
        ctx,
        cashier_id,
        cart_lines(lines),
        cash_tendered,
        sale_uuid=sale_uuid,
        expected_total=expected_total,
    )
    return then_queue(ctx, result)


def sell_cash_and_queue(
    ctx: Context,
    cashier_id: int,
    lines: Lines,
    cash_tendered: int,
    sale_uuid: str,
    expected_total: int | None = None,
) -> DbJob[Committed]:
    """Commit a cash sale, then queue its receipt, in one database job."""
    fn = partial(_sell_cash, ctx, cashier_id, lines, cash_tendered, sale_uuid, expected_total)
    return DbJob("cash.sell", fn, sale_changes())
