"""Close the day: this device's figures for one business date, and the closing itself.

The figures are computed from the facts (sales, lines, allocations), never kept in
counters, so the report always equals the database. A void counts on the day it was made
(its own business date), reversing the original's kind: cash expected is the cash sales'
totals minus the voided cash sales; the redeemed amount is net of voided redemptions.
`close_day` writes a DayClose row and a `day.close` journal entry with the same totals in
one transaction; a day is closed once per device.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import canonical
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    Account,
    DayClose,
    Device,
    Outlet,
    Product,
    Sale,
    SaleLine,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

KINDS = ("redemption", "cash", "void")


@dataclass(frozen=True)
class KindTotal:
    kind: str  # redemption | cash | void
    count: int
    total: int  # rupiah; negative for voids


@dataclass(frozen=True)
class ProductTotal:
    """Net of voids: what left the shelf for good, split by how it was paid."""

    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    amount: int
    redemption_qty_milli: int
    redemption_amount: int
    cash_qty_milli: int
    cash_amount: int


@dataclass(frozen=True)
class PeriodTotal:
    period: str  # YYYY-MM: the month of the vouchers drawn
    vouchers: int  # vouchers with a net draw today
    families: int
    amount: int  # net of voids


@dataclass(frozen=True)
class VoidItem:
    receipt_no: str
    voided_receipt_no: str
    voided_kind: str
    total: int  # negative
    reason: str
    cashier: str
    approved_by: str
    at: str


@dataclass(frozen=True)
class CashierTotal:
    username: str
    display_name: str
    redemptions: int
    redemption_total: int
    cash_sales: int
    cash_total: int
    voids: int


@dataclass(frozen=True)
class DayClosed:
    closed_at: str
    closed_by: str
    journal_seq: int


@dataclass(frozen=True)
class DaySummary:
    business_date: dt.date
    outlet_code: str
    outlet_name: str
    device_code: str
    kinds: tuple[KindTotal, ...]  # always redemption, cash, void in that order
    redeemed_net: int  # redemptions minus voided redemptions
    cash_expected: int  # cash sales minus voided cash sales: what the drawer should hold
    families_served: int
    products: tuple[ProductTotal, ...]
    periods: tuple[PeriodTotal, ...]
    voids: tuple[VoidItem, ...]
    cashiers: tuple[CashierTotal, ...]
    first_receipt: str | None
    last_receipt: str | None
    receipt_count: int
    missing_receipts: tuple[int, ...]  # receipt sequence numbers absent up to the last one
    closed: DayClosed | None

    def kind(self, kind: str) -> KindTotal:
        return next(k for k in self.kinds if k.kind == kind)

    def totals(self) -> dict[str, Any]:
        """The closing figures as canonical-JSON-able ints and strings (journal payload)."""
        return {
            "kinds": {k.kind: {"count": k.count, "total": k.total} for k in self.kinds},
            "redeemed_net": self.redeemed_net,
            "cash_expected": self.cash_expected,
            "families": self.families_served,
            "receipts": {
                "first": self.first_receipt,
                "last": self.last_receipt,
                "count": self.receipt_count,
                "missing": list(self.missing_receipts),
            },
            "periods": [
                {
                    "period": p.period,
                    "vouchers": p.vouchers,
                    "families": p.families,
                    "amount": p.amount,
                }
                for p in self.periods
            ],
            "products": [
                {"sku": p.sku, "qty_milli": p.qty_milli, "amount": p.amount} for p in self.products
            ],
            "voids": [
                {"receipt_no": v.receipt_no, "voids": v.voided_receipt_no, "total": v.total}
                for v in self.voids
            ],
        }


@dataclass(frozen=True)
class DayCloseResult:
    summary: DaySummary
    closed_at: str
    journal_seq: int
    journal_hash: str


def _summary(session: Session, device_id: str, day: dt.date) -> DaySummary:
    outlet = session.scalars(select(Outlet)).first()
    device = session.get(Device, device_id)
    original = aliased(Sale)
    sales = session.execute(
        select(Sale, original.kind, original.receipt_no)
        .outerjoin(original, original.id == Sale.voided_sale_id)
        .where(Sale.device_id == device_id, Sale.business_date == day)
        .order_by(Sale.receipt_seq)
    ).all()
    # The kind a sale's money counts under: a void reverses its original's kind.
    money_kind = {
        sale.id: (orig_kind if sale.kind == "void" else sale.kind) for sale, orig_kind, _ in sales
    }
    counts = dict.fromkeys(KINDS, 0)
    totals = dict.fromkeys(KINDS, 0)
    net = {"redemption": 0, "cash": 0}
    families: set[int] = set()
    # a redemption voided the same day served nobody: its family is not counted
    voided_today = {sale.voided_sale_id for sale, _, _ in sales if sale.kind == "void"}
    for sale, _orig_kind, _orig_no in sales:
        counts[sale.kind] += 1
        totals[sale.kind] += sale.total
        kind = money_kind[sale.id]
        if kind in net:
            net[kind] += sale.total
        if sale.kind == "redemption" and sale.family_id is not None and sale.id not in voided_today:
            families.add(sale.family_id)

    accounts = {
        a.id: a
        for a in session.scalars(
            select(Account).where(
                Account.id.in_(
                    {s.cashier_id for s, _, _ in sales}
                    | {s.approved_by_id for s, _, _ in sales if s.approved_by_id}
                )
            )
        )
    }

    per_product: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # Joined on the day, not an IN list of ids: a busy day stays under SQLite's variable limit.
    todays = (Sale.device_id == device_id, Sale.business_date == day)
    for line in session.scalars(
        select(SaleLine).join(Sale, Sale.id == SaleLine.sale_id).where(*todays)
    ):
        entry = per_product[line.product_id]
        entry["qty"] += line.qty_milli
        entry["amount"] += line.total
        kind = money_kind[line.sale_id]
        entry[f"{kind}_qty"] += line.qty_milli
        entry[f"{kind}_amount"] += line.total
    products_by_id = {
        p.id: p for p in session.scalars(select(Product).where(Product.id.in_(list(per_product))))
    }
    products = tuple(
        sorted(
            (
                ProductTotal(
                    product_id=pid,
                    sku=products_by_id[pid].sku,
                    name=products_by_id[pid].name,
                    unit=products_by_id[pid].unit,
                    qty_milli=e["qty"],
                    amount=e["amount"],
                    redemption_qty_milli=e["redemption_qty"],
                    redemption_amount=e["redemption_amount"],
                    cash_qty_milli=e["cash_qty"],
                    cash_amount=e["cash_amount"],
                )
                for pid, e in per_product.items()
            ),
            key=lambda p: (p.name, p.sku),
        )
    )

    per_voucher: dict[int, int] = defaultdict(int)
    for voucher_id, amount in session.execute(
        select(VoucherAllocation.voucher_id, VoucherAllocation.amount)
        .join(Sale, Sale.id == VoucherAllocation.sale_id)
        .where(*todays)
    ):
        per_voucher[voucher_id] += amount
    period_rows: dict[str, dict[str, Any]] = {}
    for voucher in session.scalars(select(Voucher).where(Voucher.id.in_(list(per_voucher)))):
        row = period_rows.setdefault(
            voucher.period, {"vouchers": 0, "families": set(), "amount": 0}
        )
        amount = per_voucher[voucher.id]
        row["amount"] += amount
        if amount > 0:
            row["vouchers"] += 1
            row["families"].add(voucher.family_id)
    periods = tuple(
        PeriodTotal(period, r["vouchers"], len(r["families"]), r["amount"])
        for period, r in sorted(period_rows.items())
    )

    def _name(account_id: int | None) -> str:
        account = accounts.get(account_id) if account_id is not None else None
        return account.username if account else ""

    voids = tuple(
        VoidItem(
            receipt_no=sale.receipt_no,
            voided_receipt_no=orig_no or "",
            voided_kind=orig_kind or "",
            total=sale.total,
            reason=sale.void_reason or "",
            cashier=_name(sale.cashier_id),
            approved_by=_name(sale.approved_by_id),
            at=sale.created_at,
        )
        for sale, orig_kind, orig_no in sales
        if sale.kind == "void"
    )

    per_cashier: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sale, _, _ in sales:
        row = per_cashier[sale.cashier_id]
        row[sale.kind] += 1
        row[f"{sale.kind}_total"] += sale.total
    cashiers = tuple(
        sorted(
            (
                CashierTotal(
                    username=_name(cid),
                    display_name=accounts[cid].display_name if cid in accounts else "",
                    redemptions=r["redemption"],
                    redemption_total=r["redemption_total"],
                    cash_sales=r["cash"],
                    cash_total=r["cash_total"],
                    voids=r["void"],
                )
                for cid, r in per_cashier.items()
            ),
            key=lambda c: c.username,
        )
    )

    seqs = [sale.receipt_seq for sale, _, _ in sales]
    missing: tuple[int, ...] = ()
    if seqs:
        before = session.scalar(
            select(func.max(Sale.receipt_seq)).where(
                Sale.device_id == device_id, Sale.business_date < day
            )
        )
        start = int(before or 0) + 1
        present = set(seqs)
        missing = tuple(n for n in range(start, max(seqs) + 1) if n not in present)

    closed_row = session.scalar(
        select(DayClose).where(DayClose.device_id == device_id, DayClose.business_date == day)
    )
    closed = None
    if closed_row is not None:
        closer = session.get(Account, closed_row.closed_by_id)
        closed = DayClosed(
            closed_row.closed_at, closer.username if closer else "", closed_row.journal_seq
        )

    return DaySummary(
        business_date=day,
        outlet_code=outlet.code if outlet else "",
        outlet_name=outlet.name if outlet else "",
        device_code=device.code if device else "",
        kinds=tuple(KindTotal(k, counts[k], totals[k]) for k in KINDS),
        redeemed_net=net["redemption"],
        cash_expected=net["cash"],
        families_served=len(families),
        products=products,
        periods=periods,
        voids=voids,
        cashiers=cashiers,
        first_receipt=sales[0][0].receipt_no if sales else None,
        last_receipt=sales[-1][0].receipt_no if sales else None,
        receipt_count=len(sales),
        missing_receipts=missing,
        closed=closed,
    )


def day_summary(ctx: Context, business_date: dt.date | None = None) -> DaySummary:
    """This device's figures for `business_date` (default: today, WIB)."""
    day = business_date or ctx.business_date()
    with ctx.db.read() as s:
        return _summary(s, ctx.device_id, day)


def close_day(ctx: Context, actor_id: int, business_date: dt.date | None = None) -> DayCloseResult:
    """Close a business date: DayClose row + `day.close` journal entry, in one commit.

    Refusals: 'auth.actor_unknown', 'day.future' (a date not yet begun),
    'day.already_closed'. The figures are computed inside the write transaction, so no
    sale can slip in between the totals and the closing.
    """
    day = business_date or ctx.business_date()
    if day > ctx.business_date():
        raise DomainError("day.future", date=day.isoformat())
    now = ctx.now_iso()
    with ctx.db.write() as s:
        actor = s.get(Account, actor_id)
        if actor is None or not actor.active:
            raise DomainError("auth.actor_unknown", actor_id=actor_id)
        device_id = ctx.device_id
        earlier = s.scalar(
            select(DayClose).where(DayClose.device_id == device_id, DayClose.business_date == day)
        )
        if earlier is not None:
            raise DomainError(
                "day.already_closed", date=day.isoformat(), closed_at=earlier.closed_at
            )
        summary = _summary(s, device_id, day)
        totals = summary.totals()
        entry = journal.append(
            s,
            device_id,
            "day.close",
            {"business_date": day.isoformat(), "actor": actor.username, "totals": totals},
            now,
        )
        s.add(
            DayClose(
                device_id=device_id,
                business_date=day,
                closed_at=now,
                closed_by_id=actor.id,
                totals=canonical(totals),
                journal_seq=entry.seq,
            )
        )
        s.flush()
        closed = _summary(s, device_id, day)
        seq, entry_hash = entry.seq, entry.hash
    log.info("day %s closed by %s (journal seq %d)", day, actor.username, seq)
    return DayCloseResult(closed, now, seq, entry_hash)
