"""What the counter's sales hand to the UI, printing, sync and reports: frozen data classes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ewarong_pos.core.errors import DomainError


@dataclass(frozen=True)
class CartLine:
    product_id: int
    qty_milli: int


@dataclass(frozen=True)
class VoucherLine:
    """One monthly voucher on the entitlement screen."""

    voucher_id: int
    code: str
    period: str
    amount: int
    used: int  # amount - remaining (here and, as far as we know, elsewhere)
    remaining: int
    valid_from: dt.date
    valid_until: dt.date
    status: str
    redeemable: bool
    reason: str | None  # message code when not redeemable
    reason_detail: str  # the roster's reason text for revoked/blocked/suspended
    eligible_categories: tuple[str, ...]


@dataclass(frozen=True)
class Entitlement:
    family_id: int
    dtks_id: str
    name: str
    address: str
    card_last4: str
    status: str
    status_reason: str
    redeemable: bool
    reason: str | None  # 'family.suspended', 'family.removed', 'sale.no_open_voucher'
    vouchers: tuple[VoucherLine, ...]  # oldest month first
    total_open: int


@dataclass(frozen=True)
class LinePreview:
    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    reference_price: int | None
    above_reference: bool
    total: int


@dataclass(frozen=True)
class DrawPreview:
    voucher_id: int
    code: str
    period: str
    amount: int
    remaining_before: int
    remaining_after: int


@dataclass(frozen=True)
class CartCheck:
    """The preview of a cart: priced lines, the per-voucher draw, and every refusal."""

    kind: str  # 'redemption' or 'cash'
    lines: tuple[LinePreview, ...]
    total: int
    draws: tuple[DrawPreview, ...]
    total_open: int
    remaining_after: int
    cash_tendered: int | None
    change: int | None
    problems: tuple[DomainError, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AllocationView:
    voucher_id: int
    voucher_code: str
    period: str
    amount: int
    remaining_after: int | None = None  # the voucher's remainder right after this sale


@dataclass(frozen=True)
class SaleResult:
    sale_id: int
    uuid: str
    receipt_no: str
    kind: str
    total: int
    allocations: tuple[AllocationView, ...]
    cash_tendered: int | None
    change: int | None
    journal_seq: int
    journal_hash: str
    created_at: str = ""
    replayed: bool = False  # True when an earlier commit with this sale_uuid was returned


@dataclass(frozen=True)
class SaleLineView:
    line_no: int
    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    unit_price: int
    ceiling: int | None
    total: int


@dataclass(frozen=True)
class SaleView:
    """Everything a receipt, a reprint or the void screen shows of one sale."""

    id: int
    uuid: str
    receipt_no: str
    receipt_seq: int
    kind: str
    created_at: str
    business_date: dt.date
    device_id: str
    device_code: str
    outlet_code: str
    cashier_id: int
    cashier_username: str
    cashier_name: str
    family_id: int | None
    family_dtks_id: str | None
    family_name: str | None
    family_card_last4: str | None
    lines: tuple[SaleLineView, ...]
    total: int
    allocations: tuple[AllocationView, ...]
    cash_tendered: int | None
    change: int | None
    edc_approval: str | None
    edc_rrn: str | None
    voids_sale_id: int | None
    voids_receipt_no: str | None
    void_reason: str | None
    approved_by: str | None
    approved_by_name: str | None
    voided_by_sale_id: int | None
    voided_by_receipt_no: str | None
    journal_seq: int
    journal_hash: str


@dataclass(frozen=True)
class SaleSummary:
    """One row of the recent-sales list (reprint and void screens)."""

    id: int
    receipt_no: str
    kind: str
    created_at: str
    business_date: dt.date
    total: int
    family_name: str | None
    cashier_username: str
    voids_receipt_no: str | None
    voided_by_receipt_no: str | None
