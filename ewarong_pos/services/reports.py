"""Report figures as frozen dataclasses (`printing.report_models`), ready to render.

Where another service already gives a figure (the price list from `catalog`, signals from
`signals`), it is used; the day's totals, the monthly distribution and the stock card are
read here with a handful of aggregate queries, so a 900-family month is a few queries,
not 900. Every report is for this outlet and, for the day, this device (as the closing).
A practice outlet's report (services.training) is marked in its heading, so every renderer
says LATIHAN - BUKAN LAPORAN RESMI on it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import mask_card
from ewarong_pos.db.models import (
    Device,
    Family,
    Outlet,
    Period,
    Product,
    Sale,
    StockMovement,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.printing.report_models import (
    CashierKindLine,
    CashierLine,
    DailyReport,
    DayCloseNote,
    FamilyMonth,
    KindTotal,
    MonthlyReport,
    MonthTotal,
    OutletHeading,
    PriceLine,
    PriceListReport,
    ProductTotal,
    ShiftLine,
    SignalLine,
    SignalsReport,
    StockCardReport,
    StockLine,
    TrancheBalance,
    VoidLine,
)
from ewarong_pos.services import training
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

KINDS = ("redemption", "cash", "void")


def _heading(s: Session, ctx: Context) -> OutletHeading:
    outlet = s.scalars(select(Outlet)).one()
    device = s.get(Device, ctx.device_id)
    address = ", ".join(
        p for p in (outlet.address, outlet.kelurahan, outlet.kecamatan, outlet.city) if p
    )
    return OutletHeading(
        outlet.code,
        outlet.name,
        address,
        device.code if device else "",
        ctx.now(),
        training=training.is_training_in(ctx, s),
    )


def _utc_bounds(first: dt.date, last: dt.date) -> tuple[str, str]:
    """ISO UTC text bounds [start, end) of WIB days first..last, for `created_at` columns."""
    start = dt.datetime.combine(first, dt.time(0), WIB)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), WIB)
    return iso(start), iso(end)


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """`2018-04` -> first and last day (DomainError 'report.bad_period')."""
    try:
        year, month = (int(x) for x in text.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        raise DomainError("report.bad_period", value=text) from None
    if len(text) != 7:
        raise DomainError("report.bad_period", value=text)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


# --- day closing ----------------------------------------------------------------------


def daily_report(ctx: Context, day: dt.date | None = None) -> DailyReport:
    """The day's figures for this device, from `services.day.day_summary`.

    A closed day's report is made from the close's own figures only (the heading too,
    timed at the close), so it comes out the same, byte for byte, however often and
    whenever it is printed; what happened later is on the day it happened.
    """
    from ewarong_pos.services import day as day_service

    summary = day_service.day_summary(ctx, day)
    closed = summary.closed
    if closed is not None and summary.outlet_code:
        heading = OutletHeading(
            summary.outlet_code,
            summary.outlet_name,
            summary.outlet_address,
            summary.device_code,
            _parse_utc(closed.closed_at),
            closed=True,
            training=training.is_training(ctx),
        )
    else:
        with ctx.db.read() as s:
            heading = _heading(s, ctx)
    business = summary.business_date.isoformat()
    return DailyReport(
        outlet=heading,
        business_date=summary.business_date,
        by_kind=tuple(KindTotal(k.kind, k.count, k.total) for k in summary.kinds),
        by_product=tuple(
            ProductTotal(p.sku, p.name, p.unit, p.qty_milli, p.amount) for p in summary.products
        ),
        by_month=tuple(MonthTotal(p.period, p.families, p.amount) for p in summary.periods),
        voids=tuple(
            VoidLine(
                v.receipt_no,
                v.voided_receipt_no,
                _parse_utc(v.at),
                v.total,
                v.reason,
                v.approved_by,
                dt.date.fromisoformat(v.voided_date)
                if v.voided_date and v.voided_date < business
                else None,
            )
            for v in summary.voids
        ),
        net_total=sum(k.total for k in summary.kinds),
        cash_expected=summary.cash_expected,
        first_receipt=summary.first_receipt,
        last_receipt=summary.last_receipt,
        closed=closed is not None,
        redeemed_net=summary.redeemed_net,
        families_served=summary.families_served,
        missing_receipts=summary.missing_receipts,
        cashiers=tuple(
            CashierLine(
                c.display_name,
                c.redemptions,
                c.redemption_total,
                c.cash_sales,
                c.cash_total,
                c.voids,
            )
            for c in summary.cashiers
        ),
        cashier_kinds=tuple(
            line
            for c in summary.cashiers
            for line in (
                CashierKindLine(
                    c.display_name or c.username,
                    "redemption",
                    c.redemptions,
                    c.redemption_total,
                    c.redemption_voids,
                    c.redemption_net,
                ),
                CashierKindLine(
                    c.display_name or c.username,
                    "cash",
                    c.cash_sales,
                    c.cash_total,
                    c.cash_voids,
                    c.cash_net,
                ),
            )
            if line.count or line.voids
        ),
        shifts=tuple(
            ShiftLine(
                x.cashier_name or x.cashier,
                _parse_utc(x.opened_at),
                _parse_utc(x.closed_at) if x.closed_at else None,
                x.float_total,
                x.cash_sales,
                x.cash_voids,
                x.expected,
                x.counted,
                x.over_short,
                x.reason,
                x.approved_by,
                x.handover_to,
            )
            for x in summary.shifts
        ),
        close=DayCloseNote(_parse_utc(closed.closed_at), closed.closed_by, closed.journal_seq)
        if closed is not None
        else None,
        receipt_count=summary.receipt_count,
        cash_outside_shifts=summary.cash_outside_shifts,
    )


# --- monthly distribution for Dinas Sosial --------------------------------------------


def monthly_report(ctx: Context, period: str) -> MonthlyReport:
    """Every family assigned to the outlet in the calendar month `period` (YYYY-MM).

    Per family: this month's tranche and what has been drawn from it, what was redeemed
    during the month (net of voids, from any tranche), the redemptions that stand, and
    what was open at the month's end (see `FamilyMonth`); per voucher month up to this
    one, its balance at the month's end (`TrancheBalance`).
    A handful of grouped queries, whatever the number of families.
    """
    first, last = parse_period(period)
    in_month = and_(Sale.business_date >= first, Sale.business_date <= last)
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
        amount_per_family = int(s.scalar(select(Period.amount).where(Period.code == period)) or 0)
        families = s.execute(
            select(Family.id, Family.dtks_id, Family.name, Family.card_last4, Family.status)
            .where(Family.outlet_code == heading.code)
            .order_by(Family.dtks_id)
        ).all()
        tranche = {
            fid: (int(amount), int(elsewhere), vid)
            for fid, amount, elsewhere, vid in s.execute(
                select(
                    Voucher.family_id, Voucher.amount, Voucher.redeemed_elsewhere, Voucher.id
                ).where(Voucher.period == period)
            )
        }
        drawn_from_tranche = dict(
            s.execute(
                select(VoucherAllocation.voucher_id, func.sum(VoucherAllocation.amount))
                .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
                .where(Voucher.period == period)
                .group_by(VoucherAllocation.voucher_id)
            ).all()
        )
        redeemed = dict(
            s.execute(
                select(Sale.family_id, func.sum(VoucherAllocation.amount))
                .join(Sale, Sale.id == VoucherAllocation.sale_id)
                .where(in_month)
                .group_by(Sale.family_id)
            ).all()
        )
        voided_ids = select(Sale.voided_sale_id).where(Sale.voided_sale_id.is_not(None))
        transactions = dict(
            s.execute(
                select(Sale.family_id, func.count())
                .where(Sale.kind == "redemption", in_month, Sale.id.not_in(voided_ids))
                .group_by(Sale.family_id)
            ).all()
        )
        open_vouchers = and_(Voucher.period <= period, Voucher.status == "open")
        granted = dict(
            s.execute(
                select(Voucher.family_id, func.sum(Voucher.amount - Voucher.redeemed_elsewhere))
                .where(open_vouchers)
                .group_by(Voucher.family_id)
            ).all()
        )
        drawn_by_end = dict(
            s.execute(
                select(Voucher.family_id, func.sum(VoucherAllocation.amount))
                .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
                .join(Sale, Sale.id == VoucherAllocation.sale_id)
                .where(open_vouchers, Sale.business_date <= last)
                .group_by(Voucher.family_id)
            ).all()
        )
        tranches = _tranche_balances(s, heading.code, period, first, last)
    rows = tuple(
        FamilyMonth(
            dtks_id=dtks_id,
            name=name,
            card=mask_card(card_last4),
            entitlement=tranche[fid][0] if fid in tranche else 0,
            redeemed=int(redeemed.get(fid) or 0),
            remaining=int(granted.get(fid) or 0) - int(drawn_by_end.get(fid) or 0),
            transactions=int(transactions.get(fid) or 0),
            status=status,
            tranche_redeemed=(
                tranche[fid][1] + int(drawn_from_tranche.get(tranche[fid][2]) or 0)
                if fid in tranche
                else 0
            ),
        )
        for fid, dtks_id, name, card_last4, status in families
    )
    return MonthlyReport(heading, period, amount_per_family, rows, tranches)


def _tranche_balances(
    s: Session, outlet_code: str, period: str, first: dt.date, last: dt.date
) -> tuple[TrancheBalance, ...]:
    """Each voucher month up to `period` of the outlet's families, at the end of `last`."""
    mine = and_(Voucher.period <= period, Family.outlet_code == outlet_code)
    granted = s.execute(
        select(
            Voucher.period,
            func.count(),
            func.sum(Voucher.amount),
            func.sum(Voucher.redeemed_elsewhere),
            func.sum(
                case(
                    (Voucher.status == "open", Voucher.amount - Voucher.redeemed_elsewhere), else_=0
                )
            ),
        )
        .join(Family, Family.id == Voucher.family_id)
        .where(mine)
        .group_by(Voucher.period)
    ).all()
    drawn = {
        tranche: (int(in_month or 0), int(to_date or 0), int(open_drawn or 0))
        for tranche, in_month, to_date, open_drawn in s.execute(
            select(
                Voucher.period,
                func.sum(case((Sale.business_date >= first, VoucherAllocation.amount), else_=0)),
                func.sum(VoucherAllocation.amount),
                func.sum(case((Voucher.status == "open", VoucherAllocation.amount), else_=0)),
            )
            .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
            .join(Sale, Sale.id == VoucherAllocation.sale_id)
            .join(Family, Family.id == Voucher.family_id)
            .where(mine, Sale.business_date <= last)
            .group_by(Voucher.period)
        )
    }
    out = []
    for tranche, count, amount, elsewhere, open_granted in granted:
        in_month, to_date, open_drawn = drawn.get(tranche, (0, 0, 0))
        out.append(
            TrancheBalance(
                period=tranche,
                families=int(count),
                entitlement=int(amount or 0),
                redeemed_in_month=in_month,
                redeemed_to_date=int(elsewhere or 0) + to_date,
                remaining=int(open_granted or 0) - open_drawn,
            )
        )
    return tuple(sorted(out, key=lambda t: t.period))


# --- stock card -----------------------------------------------------------------------


def stock_card_report(
    ctx: Context, sku: str, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> StockCardReport:
    """One product's stock card from `services.stock.stock_card` (helper B2's figures).

    Without dates: from the product's first movement (or today) up to today.
    """
    from ewarong_pos.services import stock

    with ctx.db.read() as s:
        heading = _heading(s, ctx)
        product = s.scalars(select(Product).where(Product.sku == sku)).one_or_none()
        if product is None:
            raise DomainError("report.unknown_product", sku=sku)
        product_id = product.id
        first_move = s.scalar(
            select(func.min(StockMovement.created_at)).where(StockMovement.product_id == product_id)
        )
    today = ctx.business_date()
    if date_from is None:
        date_from = _parse_utc(first_move).astimezone(WIB).date() if first_move else today
    if date_to is None:
        date_to = max(today, date_from)
    card = stock.stock_card(ctx, product_id, date_from, date_to)
    lines = tuple(
        StockLine(
            at=_parse_utc(entry.at),
            kind=entry.kind,
            reference=entry.reference,
            qty_milli=entry.qty_milli,
            balance_milli=entry.balance_milli,
            actor=entry.actor,
            note=" ".join(p for p in (entry.reason, entry.note) if p),
        )
        for entry in card.entries
    )
    return StockCardReport(
        heading,
        card.sku,
        card.name,
        card.unit,
        card.date_from,
        card.date_to,
        card.opening_milli,
        lines,
    )


def _parse_utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


# --- price list -----------------------------------------------------------------------


def price_list_report(ctx: Context, lang: str = "id") -> PriceListReport:
    """The wall price list: active products with their ceilings (HET) and reference prices."""
    from ewarong_pos.services import catalog

    names = {c.code: (c.name_id if lang == "id" else c.name_en) for c in catalog.category_list(ctx)}
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
    lines = tuple(
        PriceLine(
            p.sku,
            p.name,
            names.get(p.category, p.category),
            p.unit,
            p.price,
            p.ceiling,
            p.reference_price,
        )
        for p in catalog.product_list(ctx)
    )
    return PriceListReport(heading, ctx.business_date(), lines)


# --- fraud signals --------------------------------------------------------------------


def signals_report(
    ctx: Context, date_from: dt.date, date_to: dt.date, lang: str = "id"
) -> SignalsReport:
    """Fraud signals from `services.fraud_signals.fraud_signals` (helper B2's), as report lines."""
    from ewarong_pos.services import fraud_signals

    found = fraud_signals.fraud_signals(ctx, date_from, date_to)
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
    return SignalsReport(
        heading, date_from, date_to, tuple(_signal_line(item, lang) for item in found)
    )


def _signal_line(item: Any, lang: str) -> SignalLine:
    """One `services.fraud_signals.Signal` as a report line (text rendered from its code)."""
    from ewarong_pos.core.messages import render

    code = str(item.code)
    detail = render(code, lang, **dict(item.params or {}))
    refs = [*item.receipts, *item.families]
    subject = ", ".join(refs[:6]) + (f" (+{len(refs) - 6})" if len(refs) > 6 else "")
    return SignalLine(
        code=code,
        severity=str(item.severity),
        subject=subject,
        detail=detail,
        at=_parse_utc(item.at) if item.at else None,
    )
