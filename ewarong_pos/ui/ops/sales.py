"""The sales list: recent sales, one sale, its void (with a manager's PIN)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from ewarong_pos.services import accounts, sales
from ewarong_pos.services.accounts import AccountStatus
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales import SaleResult, SaleSummary, SaleView
from ewarong_pos.ui.ops.jobs import DbJob, sale_changes

APPROVER_ROLES = ("manager", "supervisor")


def list_sales(
    ctx: Context, business_date: dt.date | None = None, limit: int = 200
) -> DbJob[list[SaleSummary]]:
    return DbJob(
        "sales.list",
        partial(sales.list_sales, ctx, limit=limit, business_date=business_date),
    )


def get_sale(ctx: Context, ref: int | str) -> DbJob[SaleView]:
    return DbJob("sales.get", partial(sales.get_sale, ctx, ref))


def void_sale(
    ctx: Context, cashier_id: int, sale_id: int, manager: str, pin: str, reason: str
) -> DbJob[SaleResult]:
    return DbJob(
        "sales.void",
        partial(sales.void_sale, ctx, cashier_id, sale_id, manager, pin, reason),
        sale_changes(),
    )


def _managers(ctx: Context) -> list[AccountStatus]:
    found = accounts.list_accounts(ctx, include_inactive=False)
    return [a for a in found if a.role in APPROVER_ROLES]


def managers(ctx: Context) -> DbJob[list[AccountStatus]]:
    """The accounts that may approve a void."""
    return DbJob("sales.managers", partial(_managers, ctx))
