"""The counter's sales: entitlement, cart preview, redemption, cash sale, void, sale views.

Each committing use case is ONE write transaction (`ctx.db.write()`, BEGIN IMMEDIATE):
the sale row, its lines (name, unit, price and ceiling copied as they were), the voucher
allocations, the stock movements, the receipt number (per device, gap-free: max + 1 under
the writer lock) and the journal entry. Family, vouchers, prices and stock are re-read
inside that transaction and the rules of `core.cart` run again: the preview the cashier
saw is never trusted. A repeated `sale_uuid` returns the sale already committed, so a
till that retries after a crash or a timeout never sells twice.

A void is a new sale of kind 'void' that reverses the original (negative lines and
allocations, stock back, vouchers reopened) with its own receipt number, approved by a
manager's PIN; the original row stays exactly as it was.

A commit builds the journal payload and the returned `SaleResult` from the values it
already holds and writes lines, stock movements and allocations with one multi-row insert
each; it reads nothing back. `sale_payloads` rebuilds the payload from the committed rows:
it is the reference `services.verify` checks the journal with, and the tests hold the
commit's payload byte-identical to it for every kind of sale.

The package along its seams: `views` (the frozen data classes callers receive),
`snapshots` (the rows the rules read), `preview` (entitlement and cart check), `commit`
(redeem, sell_cash, void_sale), `payload` (the journal payload, from values in hand and
from rows) and `readback` (get_sale, list_sales). Callers import from here.
"""

from __future__ import annotations

from ewarong_pos.services.sales.commit import (
    VOID_REASON_LIMIT,
    VOID_ROLES,
    receipt_number,
    redeem,
    sell_cash,
    void_sale,
)
from ewarong_pos.services.sales.payload import JOURNAL_KINDS, sale_payloads
from ewarong_pos.services.sales.preview import check_cart, entitlement
from ewarong_pos.services.sales.readback import get_sale, list_sales
from ewarong_pos.services.sales.views import (
    AllocationView,
    CartCheck,
    CartLine,
    DrawPreview,
    Entitlement,
    LinePreview,
    SaleLineView,
    SaleResult,
    SaleSummary,
    SaleView,
    VoucherLine,
)

__all__ = [
    "JOURNAL_KINDS",
    "VOID_REASON_LIMIT",
    "VOID_ROLES",
    "AllocationView",
    "CartCheck",
    "CartLine",
    "DrawPreview",
    "Entitlement",
    "LinePreview",
    "SaleLineView",
    "SaleResult",
    "SaleSummary",
    "SaleView",
    "VoucherLine",
    "check_cart",
    "entitlement",
    "get_sale",
    "list_sales",
    "receipt_number",
    "redeem",
    "sale_payloads",
    "sell_cash",
    "void_sale",
]
