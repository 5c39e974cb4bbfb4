"""Close the day: this device's figures for one business date, and the closing itself.

The figures of an open day are computed from the facts (sales, lines, allocations,
shifts), never kept in counters, so the report equals the database. A void counts on the
day it was made (its own business date), reversing the original's kind: cash expected is
the cash sales' totals minus the voided cash sales; the redeemed amount is net of voided
redemptions. A void of an earlier day's sale is an adjustment on the day of the void that
names the original receipt and its date.

`close_day` (a manager's act, refused while a shift of the day is open or a cart is on the
counter) writes a DayClose row and a `day.close` journal entry with every figure of the
day's report, in one transaction; a day is closed once per device. From then on the day is
locked (`services.business_day`) and its summary is read back from the close's figures, so
a closed day's report stays what it was when closed, whatever happens later.
"""

from __future__ import annotations

import datetime as dt
import json
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
    Shift,
    ShiftClose,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.queries import usernames
from ewarong_pos.protocol.payloads import DayClosePayload
from ewarong_pos.services import shifts as shift_service
from ewarong_pos.services.business_day import MANAGER_ROLES, open_business_day
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

KINDS = ("redemption", "cash", "void")
FIGURES_VERSION = 2  # the day.close payload that holds every figure of the report


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
    voided_date: str = ""  # the original's business date (ISO)
    business_date: str = ""  # the void's own business date (ISO)

    @property
    def adjustment(self) -> bool:
        """A void of an earlier day's sale, booked on the day of the void."""
        return bool(self.voided_date) and self.voided_date < self.business_date


@dataclass(frozen=True)
class CashierTotal:
    """One cashier's day: gross per kind, the voids they booked per kind, and the net."""

    username: str
    display_name: str
    redemptions: int
    redemption_total: int  # gross
    cash_sales: int
    cash_total: int  # gross
    voids: int
    redemption_voids: int = 0  # negative: voids of redemptions booked by this cashier
    cash_voids: int = 0  # negative: voids of cash sales booked by this cashier

    @property
    def redemption_net(self) -> int:
        return self.redemption_total + self.redemption_voids

    @property
    def cash_net(self) -> int:
        return self.cash_total + self.cash_voids


@dataclass(frozen=True)
class ShiftTotal:
    """One shift of the day: the drawer's float, what it should hold, what was counted."""

    cashier: str
    cashier_name: str
    opened_at: str
    closed_at: str | None
    float_total: int
    cash_sales: int
    cash_voids: int
    expected: int
    counted: int | None  # None: still open
    over_short: int | None
    reason: str
    approved_by: str
    handover_to: str


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
    shifts: tuple[ShiftTotal, ...] = ()
    outlet_address: str = ""
    cash_outside_shifts: int = 0  # cash sales net of cash voids made with no shift open

    def kind(self, kind: str) -> KindTotal:
        return next(k for k in self.kinds if k.kind == kind)

    def totals(self) -> dict[str, Any]:
        """Every figure of the day's report as canonical-JSON-able ints and strings: the
        `day.close` journal payload, and what a closed day's report is read back from."""
        return {
            "version": FIGURES_VERSION,
            "outlet": {
                "code": self.outlet_code,
                "name": self.outlet_name,
                "address": self.outlet_address,
                "device": self.device_code,
            },
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
                {
                    "sku": p.sku,
                    "name": p.name,
                    "unit": p.unit,
                    "qty_milli": p.qty_milli,
                    "amount": p.amount,
                    "redemption_qty_milli": p.redemption_qty_milli,
                    "redemption_amount": p.redemption_amount,
                    "cash_qty_milli": p.cash_qty_milli,
                    "cash_amount": p.cash_amount,
                }
                for p in self.products
            ],
            "voids": [
                {
                    "receipt_no": v.receipt_no,
                    "voids": v.voided_receipt_no,
                    "voided_kind": v.voided_kind,
                    "voided_date": v.voided_date,
                    "total": v.total,
                    "reason": v.reason,
                    "cashier": v.cashier,
                    "approved_by": v.approved_by,
                    "at": v.at,
                }
                for v in self.voids
            ],
            "cashiers": [
                {
                    "username": c.username,
                    "name": c.display_name,
                    "redemptions": c.redemptions,
                    "redemption_total": c.redemption_total,
                    "cash_sales": c.cash_sales,
                    "cash_total": c.cash_total,
                    "voids": c.voids,
                    "redemption_voids": c.redemption_voids,
                    "cash_voids": c.cash_voids,
                }
                for c in self.cashiers
            ],
            "cash_outside_shifts": self.cash_outside_shifts,
            "shifts": [
                {
                    "cashier": x.cashier,
                    "name": x.cashier_name,
                    "opened_at": x.opened_at,
                    "closed_at": x.closed_at,
                    "float": x.float_total,
                    "cash_sales": x.cash_sales,
                    "cash_voids": x.cash_voids,
                    "expected": x.expected,
                    "counted": x.counted,
                    "over_short": x.over_short,
                    "reason": x.reason,
                    "approved_by": x.approved_by,
                    "handover_to": x.handover_to,
                }
                for x in self.shifts
            ],
        }

    @classmethod
    def from_figures(
        cls, day: dt.date, figures: dict[str, Any], closed: DayClosed | None
    ) -> DaySummary:
        """A closed day's summary read back from its close's figures (`totals`)."""
        outlet = figures["outlet"]
        receipts = figures["receipts"]
        return cls(
            business_date=day,
            outlet_code=outlet["code"],
            outlet_name=outlet["name"],
            outlet_address=outlet["address"],
            device_code=outlet["device"],
            kinds=tuple(
                KindTotal(k, figures["kinds"][k]["count"], figures["kinds"][k]["total"])
                for k in KINDS
            ),
            redeemed_net=figures["redeemed_net"],
            cash_expected=figures["cash_expected"],
            families_served=figures["families"],
            products=tuple(
                ProductTotal(
                    product_id=0,
                    sku=p["sku"],
                    name=p["name"],
                    unit=p["unit"],
                    qty_milli=p["qty_milli"],
                    amount=p["amount"],
                    redemption_qty_milli=p["redemption_qty_milli"],
                    redemption_amount=p["redemption_amount"],
                    cash_qty_milli=p["cash_qty_milli"],
                    cash_amount=p["cash_amount"],
                )
                for p in figures["products"]
            ),
            periods=tuple(
                PeriodTotal(p["period"], p["vouchers"], p["families"], p["amount"])
                for p in figures["periods"]
            ),
            voids=tuple(
                VoidItem(
                    receipt_no=v["receipt_no"],
                    voided_receipt_no=v["voids"],
                    voided_kind=v["voided_kind"],
                    total=v["total"],
                    reason=v["reason"],
                    cashier=v["cashier"],
                    approved_by=v["approved_by"],
                    at=v["at"],
                    voided_date=v["voided_date"],
                    business_date=day.isoformat(),
                )
                for v in figures["voids"]
            ),
            cashiers=tuple(
                CashierTotal(
                    username=c["username"],
                    display_name=c["name"],
                    redemptions=c["redemptions"],
                    redemption_total=c["redemption_total"],
                    cash_sales=c["cash_sales"],
                    cash_total=c["cash_total"],
                    voids=c["voids"],
                    redemption_voids=c["redemption_voids"],
                    cash_voids=c["cash_voids"],
                )
                for c in figures["cashiers"]
            ),
            shifts=tuple(
                ShiftTotal(
                    cashier=x["cashier"],
                    cashier_name=x["name"],
                    opened_at=x["opened_at"],
                    closed_at=x["closed_at"],
                    float_total=x["float"],
                    cash_sales=x["cash_sales"],
                    cash_voids=x["cash_voids"],
                    expected=x["expected"],
                    counted=x["counted"],
                    over_short=x["over_short"],
                    reason=x["reason"],
                    approved_by=x["approved_by"],
                    handover_to=x["handover_to"],
                )
                for x in figures["shifts"]
            ),
            cash_outside_shifts=figures.get("cash_outside_shifts", 0),
            first_receipt=receipts["first"],
            last_receipt=receipts["last"],
            receipt_count=receipts["count"],
            missing_receipts=tuple(receipts["missing"]),
            closed=closed,
        )


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
        select(Sale, original.kind, original.receipt_no, original.business_date)
        .outerjoin(original, original.id == Sale.voided_sale_id)
        .where(Sale.device_id == device_id, Sale.business_date == day)
        .order_by(Sale.receipt_seq)
    ).all()
    # The kind a sale's money counts under: a void reverses its original's kind.
    money_kind = {
        sale.id: (orig_kind if sale.kind == "void" else sale.kind)
        for sale, orig_kind, _, _ in sales
    }
    counts = dict.fromkeys(KINDS, 0)
    totals = dict.fromkeys(KINDS, 0)
    net = {"redemption": 0, "cash": 0}
    families: set[int] = set()
    # a redemption voided the same day served nobody: its family is not counted
    voided_today = {sale.voided_sale_id for sale, _, _, _ in sales if sale.kind == "void"}
    for sale, _orig_kind, _orig_no, _ in sales:
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
                    {s.cashier_id for s, _, _, _ in sales}
                    | {s.approved_by_id for s, _, _, _ in sales if s.approved_by_id}
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
            voided_date=orig_date.isoformat() if orig_date is not None else "",
            business_date=day.isoformat(),
        )
        for sale, orig_kind, orig_no, orig_date in sales
        if sale.kind == "void"
    )

    per_cashier: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sale, _, _, _ in sales:
        row = per_cashier[sale.cashier_id]
        row[sale.kind] += 1
        row[f"{sale.kind}_total"] += sale.total
        if sale.kind == "void":
            row[f"{money_kind[sale.id]}_voids"] += sale.total
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
                    redemption_voids=r["redemption_voids"],
                    cash_voids=r["cash_voids"],
                )
                for cid, r in per_cashier.items()
            ),
            key=lambda c: c.username,
        )
    )

    seqs = [sale.receipt_seq for sale, _, _, _ in sales]
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

    closed = _closed(session, device_id, day)[0]
    shifts = tuple(
        _shift_total(session, device_id, shift, close)
        for shift, close in shift_service.shifts_of_day(session, device_id, day)
    )
    # Cash that moved while no shift held the drawer (a sale made without opening one):
    # in no shift's count, so said on its own line rather than lost between the figures.
    ranges = shift_service.shift_ranges(session, device_id)
    outside = sum(
        sale.total
        for sale, _, _, _ in sales
        if money_kind[sale.id] == "cash"
        and not any(lo < sale.journal_seq < hi for lo, hi in ranges)
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
        shifts=shifts,
        outlet_address=_address(outlet),
        cash_outside_shifts=outside,
    )


def _address(outlet: Outlet | None) -> str:
    if outlet is None:
        return ""
    parts = (outlet.address, outlet.kelurahan, outlet.kecamatan, outlet.city)
    return ", ".join(p for p in parts if p)


def _closed(
    session: Session, device_id: str, day: dt.date
) -> tuple[DayClosed | None, dict[str, Any] | None]:
    """The day's closing, and its figures when they are the full ones (a close written
    before the figures held everything returns None: its day is read from the facts)."""
    row = session.scalar(
        select(DayClose).where(DayClose.device_id == device_id, DayClose.business_date == day)
    )
    if row is None:
        return None, None
    closer = session.get(Account, row.closed_by_id)
    closed = DayClosed(row.closed_at, closer.username if closer else "", row.journal_seq)
    try:
        figures = json.loads(row.totals)
    except ValueError:
        return closed, None
    if not isinstance(figures, dict) or figures.get("version") != FIGURES_VERSION:
        return closed, None
    return closed, figures


def _shift_total(
    session: Session, device_id: str, shift: Shift, close: ShiftClose | None
) -> ShiftTotal:
    names = usernames(
        session,
        {shift.cashier_id} | ({close.approved_by_id, close.handover_to_id} if close else set()),
    )
    cashier = session.get(Account, shift.cashier_id)
    if close is None:
        sales, voids = shift_service.cash_moves(session, device_id, shift.journal_seq)
        expected = shift.float_total + sales + voids
    else:
        sales, voids, expected = close.cash_sales, close.cash_voids, close.expected
    return ShiftTotal(
        cashier=names.get(shift.cashier_id, ""),
        cashier_name=cashier.display_name if cashier else "",
        opened_at=shift.opened_at,
        closed_at=close.closed_at if close else None,
        float_total=shift.float_total,
        cash_sales=sales,
        cash_voids=voids,
        expected=expected,
        counted=close.counted_total if close else None,
        over_short=close.over_short if close else None,
        reason=close.reason if close else "",
        approved_by=names.get(close.approved_by_id, "") if close and close.approved_by_id else "",
        handover_to=names.get(close.handover_to_id, "") if close and close.handover_to_id else "",
    )


def day_summary(ctx: Context, business_date: dt.date | None = None) -> DaySummary:
    """This device's figures for `business_date` (default: the open business day).

    A closed day's figures are the close's own (its journal entry's), not a new count.
    """
    with ctx.db.read() as s:
        day = business_date or open_business_day(s, ctx.device_id, ctx.business_date())
        closed, figures = _closed(s, ctx.device_id, day)
        if closed is not None and figures is not None:
            try:
                return DaySummary.from_figures(day, figures, closed)
            except (KeyError, TypeError):
                log.warning("day %s: the close's figures are unreadable; counting again", day)
        return _summary(s, ctx.device_id, day)


def close_day(
    ctx: Context,
    actor_id: int,
    business_date: dt.date | None = None,
    *,
    cart_lines: int = 0,
) -> DayCloseResult:
    """Close a business date: DayClose row + `day.close` journal entry, in one commit.

    Refusals: 'auth.actor_unknown', 'day.manager_only' (the manager or supervisor closes
    the day), 'day.cart_open' (`cart_lines`: what is on the counter's cart, unsold),
    'day.future' (a date not yet begun), 'day.already_closed', 'day.shift_open' (count
    the drawer first). The figures are computed inside the write transaction, so no sale
    can slip in between the totals and the closing. Default date: the open business day.
    """
    if cart_lines > 0:
        raise DomainError("day.cart_open", lines=cart_lines)
    now = ctx.now_iso()
    with ctx.db.write() as s:
        actor = s.get(Account, actor_id)
        if actor is None or not actor.active:
            raise DomainError("auth.actor_unknown", actor_id=actor_id)
        if actor.role not in MANAGER_ROLES:
            raise DomainError("day.manager_only", username=actor.username)
        device_id = ctx.device_id
        open_day = open_business_day(s, device_id, ctx.business_date())
        day = business_date or open_day
        if day > open_day:
            raise DomainError("day.future", date=day.isoformat())
        earlier = s.scalar(
            select(DayClose).where(DayClose.device_id == device_id, DayClose.business_date == day)
        )
        if earlier is not None:
            raise DomainError(
                "day.already_closed", date=day.isoformat(), closed_at=earlier.closed_at
            )
        still_open = shift_service.open_shifts_until(s, device_id, day)
        if still_open:
            raise DomainError("day.shift_open", date=day.isoformat(), count=still_open)
        summary = _summary(s, device_id, day)
        totals = summary.totals()
        payload = DayClosePayload(day.isoformat(), actor.username, totals)
        entry = journal.append(s, device_id, payload.entry_kind, payload.to_json(), now)
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
        closed = DaySummary.from_figures(day, totals, _closed(s, device_id, day)[0])
        seq, entry_hash = entry.seq, entry.hash
    log.info("day %s closed by %s (journal seq %d)", day, actor.username, seq)
    return DayCloseResult(closed, now, seq, entry_hash)
