"""The journal payload of a sale (`protocol.payloads.SalePayload`, the contract with the
central office, docs/journal.md), made from what the sales code holds.

`sale_payload` builds it from the values a commit holds in hand; `sale_payloads` rebuilds
it from committed rows (the reference `services.verify` checks the journal with, and what
`services.rebuild` compares). The tests hold the two byte-identical for every kind of sale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.db.models import (
    Device,
    Family,
    Product,
    Sale,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.models import SaleLine as SaleLineRow
from ewarong_pos.db.queries import usernames
from ewarong_pos.protocol.payloads import (
    SALE_ENTRY_KINDS,
    Allocation,
    Edc,
    JsonObject,
    SaleLine,
    SalePayload,
    VoidRef,
)

JOURNAL_KINDS = SALE_ENTRY_KINDS


@dataclass(frozen=True)
class Till:
    """The local device as a sale needs it."""

    id: str
    code: str
    outlet_code: str


@dataclass(frozen=True)
class Actor:
    """The cashier or the approving manager as a sale needs them."""

    id: int
    username: str


@dataclass(frozen=True)
class Line:
    """A line about to be written: its product's row id, and the line as the journal says it."""

    product_id: int
    sold: SaleLine


@dataclass(frozen=True)
class Draw:
    """An allocation about to be written, with the voucher's code and period in hand."""

    voucher_id: int
    code: str
    period: str
    amount: int
    remaining_after: int | None  # None: read back after the write (a void's reopening)


def sale_payload(
    *,
    sale_uuid: str,
    receipt_no: str,
    receipt_seq: int,
    kind: str,
    device: Till,
    business_date: dt.date,
    cashier: Actor,
    family_dtks_id: str | None,
    lines: Sequence[Line],
    total: int,
    allocations: Sequence[Draw],
    cash_tendered: int | None,
    change: int | None,
    edc: tuple[str | None, str | None],
    voids: tuple[str, str] | None,
    reason: str | None,
    approver: Actor | None,
) -> JsonObject:
    """The journal payload of a sale about to be written, from the values in hand.

    It must be exactly what `sale_payloads` rebuilds from the committed rows (the
    verifier's reference; tests/services/test_sales.py compares the two for every kind).
    """
    return SalePayload(
        sale=sale_uuid,
        receipt_no=receipt_no,
        receipt_seq=receipt_seq,
        kind=kind,
        outlet=device.outlet_code,
        business_date=business_date.isoformat(),
        cashier=cashier.username,
        family=family_dtks_id,
        lines=tuple(line.sold for line in lines),
        total=total,
        allocations=tuple(Allocation(a.code, a.period, a.amount) for a in allocations),
        cash_tendered=cash_tendered,
        change=change,
        edc=Edc.of(*edc),
        voids=VoidRef(*voids) if voids is not None else None,
        reason=reason,
        approved_by=approver.username if approver is not None else None,
    ).to_json()


def sale_payloads(s: Session, sales: Sequence[Sale]) -> dict[int, JsonObject]:
    """The journal payload of each sale, rebuilt from its committed rows (batched).

    The shape is `protocol.payloads.SalePayload`, the contract with the central office.
    """
    if not sales:
        return {}
    ids = [sale.id for sale in sales]
    lines: dict[int, list[SaleLine]] = {i: [] for i in ids}
    for line, sku in s.execute(
        select(SaleLineRow, Product.sku)
        .join(Product, Product.id == SaleLineRow.product_id)
        .where(SaleLineRow.sale_id.in_(ids))
        .order_by(SaleLineRow.sale_id, SaleLineRow.line_no)
    ):
        lines[line.sale_id].append(
            SaleLine(
                sku,
                line.product_name,
                line.unit,
                line.qty_milli,
                line.unit_price,
                line.ceiling,
                line.total,
            )
        )
    allocations: dict[int, list[Allocation]] = {i: [] for i in ids}
    for sale_id, amount, code, period in s.execute(
        select(VoucherAllocation.sale_id, VoucherAllocation.amount, Voucher.code, Voucher.period)
        .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
        .where(VoucherAllocation.sale_id.in_(ids))
        .order_by(VoucherAllocation.sale_id, VoucherAllocation.id)
    ):
        allocations[sale_id].append(Allocation(code, period, amount))
    names = usernames(s, [*(sale.cashier_id for sale in sales), *(x.approved_by_id for x in sales)])
    family_ids = {sale.family_id for sale in sales if sale.family_id is not None}
    dtks = dict(s.execute(select(Family.id, Family.dtks_id).where(Family.id.in_(family_ids))).all())
    voided_ids = {sale.voided_sale_id for sale in sales if sale.voided_sale_id is not None}
    voided = {
        row.id: VoidRef(row.uuid, row.receipt_no)
        for row in s.execute(
            select(Sale.id, Sale.uuid, Sale.receipt_no).where(Sale.id.in_(voided_ids))
        )
    }
    outlets = dict(
        s.execute(
            select(Device.id, Device.outlet_code).where(
                Device.id.in_({sale.device_id for sale in sales})
            )
        ).all()
    )
    return {
        sale.id: SalePayload(
            sale=sale.uuid,
            receipt_no=sale.receipt_no,
            receipt_seq=sale.receipt_seq,
            kind=sale.kind,
            outlet=outlets.get(sale.device_id),
            business_date=sale.business_date.isoformat(),
            cashier=names.get(sale.cashier_id),
            family=dtks.get(sale.family_id) if sale.family_id is not None else None,
            lines=tuple(lines[sale.id]),
            total=sale.total,
            allocations=tuple(allocations[sale.id]),
            cash_tendered=sale.cash_tendered,
            change=sale.change_given,
            edc=Edc.of(sale.edc_approval, sale.edc_rrn),
            voids=voided.get(sale.voided_sale_id) if sale.voided_sale_id else None,
            reason=sale.void_reason,
            approved_by=(
                names.get(sale.approved_by_id) if sale.approved_by_id is not None else None
            ),
        ).to_json()
        for sale in sales
    }
