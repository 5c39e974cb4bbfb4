"""Reading committed sales back: one sale in full, the recent-sales list, a result replayed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import (
    Account,
    Device,
    Family,
    JournalEntry,
    Product,
    Sale,
    SaleLine,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.queries import usernames
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales.views import (
    AllocationView,
    SaleLineView,
    SaleResult,
    SaleSummary,
    SaleView,
)


def local_device(s: Session, device_id: str) -> Device:
    device = s.get(Device, device_id)
    if device is None:
        raise LookupError(f"device {device_id} not found")
    return device


def result_of(s: Session, sale: Sale, *, replayed: bool = False) -> SaleResult:
    """A committed sale's result read back from its rows (replays and `get_sale`)."""
    entry_hash = s.scalar(
        select(JournalEntry.hash).where(
            JournalEntry.device_id == sale.device_id, JournalEntry.seq == sale.journal_seq
        )
    )
    return SaleResult(
        sale_id=sale.id,
        uuid=sale.uuid,
        receipt_no=sale.receipt_no,
        kind=sale.kind,
        total=sale.total,
        allocations=tuple(_allocation_views(s, sale)),
        cash_tendered=sale.cash_tendered,
        change=sale.change_given,
        journal_seq=sale.journal_seq,
        journal_hash=entry_hash or "",
        created_at=sale.created_at,
        replayed=replayed,
    )


def _allocation_views(s: Session, sale: Sale) -> list[AllocationView]:
    rows = s.execute(
        select(VoucherAllocation, Voucher)
        .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
        .where(VoucherAllocation.sale_id == sale.id)
        .order_by(VoucherAllocation.id)
    ).all()
    views = []
    for allocation, voucher in rows:
        # What remained right after this sale: allocations up to and including it.
        drawn = s.scalar(
            select(func.coalesce(func.sum(VoucherAllocation.amount), 0)).where(
                VoucherAllocation.voucher_id == voucher.id,
                VoucherAllocation.sale_id <= sale.id,
            )
        )
        views.append(
            AllocationView(
                voucher.id,
                voucher.code,
                voucher.period,
                allocation.amount,
                voucher.amount - voucher.redeemed_elsewhere - int(drawn or 0),
            )
        )
    return views


def find_sale(s: Session, ref: int | str) -> Sale | None:
    if isinstance(ref, int) and not isinstance(ref, bool):
        return s.get(Sale, ref)
    text = str(ref).strip()
    found = s.scalar(select(Sale).where(Sale.receipt_no == text))
    if found is None:
        found = s.scalar(select(Sale).where(Sale.uuid == text.lower()))
    if found is None and text.isdigit():
        found = s.get(Sale, int(text))
    return found


def get_sale(ctx: Context, ref: int | str) -> SaleView:
    """One sale with its lines and allocations, by id, receipt number or uuid."""
    with ctx.db.read() as s:
        sale = find_sale(s, ref)
        if sale is None:
            raise DomainError("sale.not_found", sale=str(ref))
        device = local_device(s, sale.device_id)
        cashier = s.get(Account, sale.cashier_id)
        approver = s.get(Account, sale.approved_by_id) if sale.approved_by_id else None
        family = s.get(Family, sale.family_id) if sale.family_id else None
        voids = s.get(Sale, sale.voided_sale_id) if sale.voided_sale_id else None
        voided_by = s.scalar(select(Sale).where(Sale.voided_sale_id == sale.id))
        lines = [
            SaleLineView(
                line.line_no,
                line.product_id,
                sku,
                line.product_name,
                line.unit,
                line.qty_milli,
                line.unit_price,
                line.ceiling,
                line.total,
            )
            for line, sku in s.execute(
                select(SaleLine, Product.sku)
                .join(Product, Product.id == SaleLine.product_id)
                .where(SaleLine.sale_id == sale.id)
                .order_by(SaleLine.line_no)
            )
        ]
        result = result_of(s, sale)
        return SaleView(
            id=sale.id,
            uuid=sale.uuid,
            receipt_no=sale.receipt_no,
            receipt_seq=sale.receipt_seq,
            kind=sale.kind,
            created_at=sale.created_at,
            business_date=sale.business_date,
            device_id=sale.device_id,
            device_code=device.code,
            outlet_code=device.outlet_code,
            cashier_id=sale.cashier_id,
            cashier_username=cashier.username if cashier else "",
            cashier_name=cashier.display_name if cashier else "",
            family_id=sale.family_id,
            family_dtks_id=family.dtks_id if family else None,
            family_name=family.name if family else None,
            family_card_last4=family.card_last4 if family else None,
            lines=tuple(lines),
            total=sale.total,
            allocations=result.allocations,
            cash_tendered=sale.cash_tendered,
            change=sale.change_given,
            edc_approval=sale.edc_approval,
            edc_rrn=sale.edc_rrn,
            voids_sale_id=sale.voided_sale_id,
            voids_receipt_no=voids.receipt_no if voids else None,
            void_reason=sale.void_reason,
            approved_by=approver.username if approver else None,
            approved_by_name=approver.display_name if approver else None,
            voided_by_sale_id=voided_by.id if voided_by else None,
            voided_by_receipt_no=voided_by.receipt_no if voided_by else None,
            journal_seq=sale.journal_seq,
            journal_hash=result.journal_hash,
        )


def list_sales(
    ctx: Context,
    *,
    limit: int = 50,
    business_date: dt.date | None = None,
    kind: str | None = None,
    before_id: int | None = None,
) -> list[SaleSummary]:
    """Recent sales, newest first (for the reprint and void screens); page with before_id."""
    with ctx.db.read() as s:
        query = select(Sale).order_by(Sale.id.desc()).limit(max(1, min(limit, 500)))
        if business_date is not None:
            query = query.where(Sale.business_date == business_date)
        if kind is not None:
            query = query.where(Sale.kind == kind)
        if before_id is not None:
            query = query.where(Sale.id < before_id)
        sales = s.scalars(query).all()
        if not sales:
            return []
        ids = [sale.id for sale in sales]
        names = dict(
            s.execute(
                select(Family.id, Family.name).where(
                    Family.id.in_({x.family_id for x in sales if x.family_id})
                )
            ).all()
        )
        cashiers = usernames(s, (x.cashier_id for x in sales))
        voided_by = dict(
            s.execute(
                select(Sale.voided_sale_id, Sale.receipt_no).where(Sale.voided_sale_id.in_(ids))
            ).all()
        )
        voids = dict(
            s.execute(
                select(Sale.id, Sale.receipt_no).where(
                    Sale.id.in_({x.voided_sale_id for x in sales if x.voided_sale_id})
                )
            ).all()
        )
        return [
            SaleSummary(
                id=x.id,
                receipt_no=x.receipt_no,
                kind=x.kind,
                created_at=x.created_at,
                business_date=x.business_date,
                total=x.total,
                family_name=names.get(x.family_id) if x.family_id else None,
                cashier_username=cashiers.get(x.cashier_id, ""),
                voids_receipt_no=voids.get(x.voided_sale_id) if x.voided_sale_id else None,
                voided_by_receipt_no=voided_by.get(x.id),
            )
            for x in sales
        ]
