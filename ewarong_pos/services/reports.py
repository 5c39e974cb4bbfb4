"""Report figures as frozen dataclasses (`printing.report_models`), ready to render.

Where another service already gives a figure (the price list from `catalog`, signals from
`signals`), it is used; the day's totals, the monthly distribution and the stock card are
read here with a handful of aggregate queries, so a 900-family month is a few queries,
not 900. Every report is for this outlet and, for the day, this device (as the closing).
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import mask_card
from ewarong_pos.db.models import (
    Account,
    DayClose,
    Device,
    Family,
    Outlet,
    Period,
    Product,
    Sale,
    SaleLine,
    StockMovement,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.printing.report_models import (
    DailyReport,
    FamilyMonth,
    KindTotal,
    MonthlyReport,
    MonthTotal,
    OutletHeading,
    PriceLine,
    PriceListReport,
    ProductTotal,
    SignalLine,
    SignalsReport,
    StockCardReport,
    StockLine,
    VoidLine,
)
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
        outlet.code, outlet.name, address, device.code if device else "", ctx.now()
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
    """The day's figures for this device: by kind, by product, by month, voids, cash."""
    day = day or ctx.business_date()
    device_id = ctx.device_id
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
        on_day = and_(Sale.device_id == device_id, Sale.business_date == day)
        kinds = {
            kind: (int(count), int(total or 0))
            for kind, count, total in s.execute(
                select(Sale.kind, func.count(), func.sum(Sale.total))
                .where(on_day)
                .group_by(Sale.kind)
            )
        }
        by_kind = tuple(KindTotal(k, *kinds.get(k, (0, 0))) for k in KINDS)
        products = s.execute(
            select(
                Product.sku,
                SaleLine.product_name,
                SaleLine.unit,
                func.sum(SaleLine.qty_milli),
                func.sum(SaleLine.total),
            )
            .join(Sale, Sale.id == SaleLine.sale_id)
            .join(Product, Product.id == SaleLine.product_id)
            .where(on_day)
            .group_by(Product.sku, SaleLine.product_name, SaleLine.unit)
            .order_by(Product.sku)
        ).all()
        by_product = tuple(
            ProductTotal(sku, name, unit, int(q or 0), int(t or 0))
            for sku, name, unit, q, t in products
        )
        per_family: dict[tuple[str, int], int] = defaultdict(int)
        for period, family_id, amount in s.execute(
            select(Voucher.period, Voucher.family_id, func.sum(VoucherAllocation.amount))
            .join(Sale, Sale.id == VoucherAllocation.sale_id)
            .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
            .where(on_day)
            .group_by(Voucher.period, Voucher.family_id)
        ):
            per_family[(period, family_id)] += int(amount or 0)
        months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (period, _family), amount in per_family.items():
            months[period][0] += 1 if amount > 0 else 0
            months[period][1] += amount
        by_month = tuple(MonthTotal(p, f, a) for p, (f, a) in sorted(months.items()))

        original = aliased(Sale)
        approver = aliased(Account)
        voids = tuple(
            VoidLine(
                sale.receipt_no,
                orig_no or "",
                dt.datetime.strptime(sale.created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                    tzinfo=dt.UTC
                ),
                sale.total,
                sale.void_reason or "",
                approver_name or "",
            )
            for sale, orig_no, approver_name in s.execute(
                select(Sale, original.receipt_no, approver.display_name)
                .outerjoin(original, original.id == Sale.voided_sale_id)
                .outerjoin(approver, approver.id == Sale.approved_by_id)
                .where(on_day, Sale.kind == "void")
                .order_by(Sale.receipt_seq)
            )
        )
        cash_sales = kinds.get("cash", (0, 0))[1]
        cash_voided = int(
            s.scalar(
                select(func.sum(Sale.total))
                .join(original, original.id == Sale.voided_sale_id)
                .where(on_day, Sale.kind == "void", original.kind == "cash")
            )
            or 0
        )
        first, last = s.execute(
            select(func.min(Sale.receipt_seq), func.max(Sale.receipt_seq)).where(on_day)
        ).one()
        numbers = dict(
            s.execute(
                select(Sale.receipt_seq, Sale.receipt_no).where(
                    on_day, Sale.receipt_seq.in_([x for x in (first, last) if x is not None])
                )
            ).all()
        )
        closed = s.scalar(
            select(func.count())
            .select_from(DayClose)
            .where(DayClose.device_id == device_id, DayClose.business_date == day)
        )
    return DailyReport(
        outlet=heading,
        business_date=day,
        by_kind=by_kind,
        by_product=by_product,
        by_month=by_month,
        voids=voids,
        net_total=sum(k.total for k in by_kind),
        cash_expected=cash_sales + cash_voided,
        first_receipt=numbers.get(first),
        last_receipt=numbers.get(last),
        closed=bool(closed),
    )


# --- monthly distribution for Dinas Sosial --------------------------------------------


def monthly_report(ctx: Context, period: str) -> MonthlyReport:
    """Every family assigned to the outlet against the `period` tranche.

    `redeemed` is what was drawn from that month's voucher (here, net of voids, plus what
    the central office knows was redeemed elsewhere); `transactions` counts the family's
    redemptions at this outlet during the calendar month that were not voided.
    """
    first, last = parse_period(period)
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
        amount_per_family = int(s.scalar(select(Period.amount).where(Period.code == period)) or 0)
        families = s.execute(
            select(Family.id, Family.dtks_id, Family.name, Family.card_last4, Family.status)
            .where(Family.outlet_code == heading.code)
            .order_by(Family.dtks_id)
        ).all()
        vouchers = {
            fid: (vid, amount, elsewhere)
            for vid, fid, amount, elsewhere in s.execute(
                select(
                    Voucher.id, Voucher.family_id, Voucher.amount, Voucher.redeemed_elsewhere
                ).where(Voucher.period == period)
            )
        }
        allocated = dict(
            s.execute(
                select(VoucherAllocation.voucher_id, func.sum(VoucherAllocation.amount))
                .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
                .where(Voucher.period == period)
                .group_by(VoucherAllocation.voucher_id)
            ).all()
        )
        voided_ids = select(Sale.voided_sale_id).where(Sale.voided_sale_id.is_not(None))
        transactions = dict(
            s.execute(
                select(Sale.family_id, func.count())
                .where(
                    Sale.kind == "redemption",
                    Sale.business_date >= first,
                    Sale.business_date <= last,
                    Sale.id.not_in(voided_ids),
                )
                .group_by(Sale.family_id)
            ).all()
        )
    rows = []
    for fid, dtks_id, name, card_last4, status in families:
        vid, amount, elsewhere = vouchers.get(fid, (None, 0, 0))
        redeemed = int(elsewhere) + int(allocated.get(vid) or 0) if vid is not None else 0
        rows.append(
            FamilyMonth(
                dtks_id=dtks_id,
                name=name,
                card=mask_card(card_last4),
                entitlement=int(amount),
                redeemed=redeemed,
                remaining=int(amount) - redeemed,
                transactions=int(transactions.get(fid, 0)),
                status=status,
            )
        )
    return MonthlyReport(
        outlet=heading,
        period=period,
        amount_per_family=amount_per_family,
        families=tuple(rows),
    )


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
    """Fraud signals from `services.signals` (helper B2's area), as report lines."""
    try:
        signals = importlib.import_module("ewarong_pos.services.signals")
    except ImportError:
        raise DomainError("report.no_service", report="signals") from None
    found = signals.fraud_signals(ctx, date_from, date_to)
    with ctx.db.read() as s:
        heading = _heading(s, ctx)
    return SignalsReport(
        heading, date_from, date_to, tuple(_signal_line(item, lang) for item in found)
    )


def _signal_line(item: Any, lang: str) -> SignalLine:
    """Adapt one signal object; read by attribute name so either side can grow fields."""
    from ewarong_pos.core.messages import render

    code = str(getattr(item, "code", ""))
    params = dict(getattr(item, "params", {}) or {})
    detail = getattr(item, "detail", None) or render(code, lang, **params)
    at = getattr(item, "at", None)
    if isinstance(at, str):
        at = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return SignalLine(
        code=code,
        severity=str(getattr(item, "severity", "")),
        subject=str(getattr(item, "subject", "") or ""),
        detail=str(detail),
        at=at if isinstance(at, dt.datetime) else None,
    )
