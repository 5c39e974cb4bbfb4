"""Fraud signals (DOMAIN.md, "Fraud patterns"): computed from the records and listed.

A signal never blocks anything at the counter; it points a manager or a facilitator
(pendamping) at records worth a second look. Each carries a message code (`signal.*`),
a severity, the numbers for its message, and the receipt numbers / ID DTKS involved.
Thresholds are parameters (`Thresholds`), so the office can tune them per region.

What is looked for, between two business dates:
- burst: many redemptions by one cashier within minutes (cards held and swiped in batch);
- identical_baskets: the same basket bought by many families (forced packages);
- full_voucher: a cashier's redemptions nearly always exactly the full voucher;
- outside_hours: sales before opening or after closing time (local WIB time);
- nik_shared: one NIK (same keyed hash) on two or more families (whole roster);
- eggs_per_piece: eggs sold by the piece, dodging the per-kg reference price;
- above_ceiling: a line priced above its ceiling (the engine refuses it; checks the records);
- above_reference: eggs above the reference price;
- outside_area: a family assigned to another outlet served here;
- receipt_gap: receipt numbers missing on a device (deleted sales).
Voided sales (and the voids themselves) are left out of the basket-shaped signals.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import WIB, parse_iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import (
    Account,
    Device,
    Family,
    Outlet,
    Product,
    Sale,
    SaleLine,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

SEVERITIES = ("info", "warning", "high")
_ORDER = {"high": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Thresholds:
    burst_count: int = 10  # redemptions by one cashier ...
    burst_minutes: int = 10  # ... within this many minutes
    identical_min_families: int = 5  # one basket bought by at least this many families ...
    identical_min_share: float = 0.5  # ... making up at least this share of redemptions
    full_voucher_min: int = 10  # a cashier with at least this many full-voucher baskets ...
    full_voucher_share: float = 0.8  # ... making up at least this share of their redemptions
    egg_categories: tuple[str, ...] = ("telur",)


@dataclass(frozen=True)
class Signal:
    code: str  # message code, 'signal.<kind>'
    severity: str  # info | warning | high
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    receipts: tuple[str, ...] = ()
    families: tuple[str, ...] = ()  # ID DTKS
    at: str | None = None  # ISO UTC of the first record involved

    def message(self, lang: str = "id") -> str:
        return DomainError(self.code, **self.params).message(lang)


@dataclass(frozen=True)
class _SaleRow:
    id: int
    receipt_no: str
    kind: str
    created_at: str
    cashier: str
    family_id: int | None
    dtks_id: str | None
    family_outlet: str | None
    total: int
    device_code: str
    receipt_seq: int
    device_id: str


def _sales(session: Session, date_from: dt.date, date_to: dt.date) -> list[_SaleRow]:
    rows = session.execute(
        select(Sale, Account.username, Family.dtks_id, Family.outlet_code, Device.code)
        .join(Account, Account.id == Sale.cashier_id)
        .join(Device, Device.id == Sale.device_id)
        .outerjoin(Family, Family.id == Sale.family_id)
        .where(Sale.business_date >= date_from, Sale.business_date <= date_to)
        .order_by(Sale.created_at, Sale.id)
    ).all()
    return [
        _SaleRow(
            sale.id,
            sale.receipt_no,
            sale.kind,
            sale.created_at,
            username,
            sale.family_id,
            dtks,
            outlet,
            sale.total,
            device_code,
            sale.receipt_seq,
            sale.device_id,
        )
        for sale, username, dtks, outlet, device_code in rows
    ]


def _minutes(first: str, last: str) -> int:
    seconds = (parse_iso(last) - parse_iso(first)).total_seconds()
    return max(1, -(-int(seconds) // 60))


def _bursts(redemptions: list[_SaleRow], t: Thresholds) -> list[Signal]:
    """Per cashier, every run of >= burst_count redemptions inside a burst_minutes window,
    overlapping runs merged into one signal."""
    window = dt.timedelta(minutes=t.burst_minutes)
    by_cashier: dict[str, list[_SaleRow]] = defaultdict(list)
    for row in redemptions:
        by_cashier[row.cashier].append(row)
    signals = []
    for cashier, rows in sorted(by_cashier.items()):
        times = [parse_iso(r.created_at) for r in rows]
        clusters: list[list[int]] = []  # [first index, last index]
        j = 0
        for i in range(len(rows)):
            j = max(j, i)
            while j + 1 < len(rows) and times[j + 1] - times[i] <= window:
                j += 1
            if j - i + 1 >= t.burst_count:
                if clusters and i <= clusters[-1][1]:
                    clusters[-1][1] = j
                else:
                    clusters.append([i, j])
        for first, last in clusters:
            run = rows[first : last + 1]
            signals.append(
                Signal(
                    "signal.burst",
                    "high",
                    {
                        "count": len(run),
                        "cashier": cashier,
                        "minutes": _minutes(run[0].created_at, run[-1].created_at),
                    },
                    receipts=tuple(r.receipt_no for r in run),
                    families=tuple(sorted({r.dtks_id for r in run if r.dtks_id})),
                    at=run[0].created_at,
                )
            )
    return signals


def _in_range(query: Any, sale_id: Any, days: tuple[dt.date, dt.date]) -> Any:
    """Restrict a query on a sale's rows to sales of the date range by a join, not by an
    IN list of ids (a quarter at 1,000 sales a day would pass SQLite's variable limit)."""
    return query.join(Sale, Sale.id == sale_id).where(
        Sale.business_date >= days[0], Sale.business_date <= days[1]
    )


def _baskets(
    session: Session, redemptions: list[_SaleRow], days: tuple[dt.date, dt.date]
) -> dict[int, tuple[tuple[int, int], ...]]:
    """Sale id -> its basket: sorted (product id, quantity) pairs."""
    wanted = {r.id for r in redemptions}
    lines: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sale_id, product_id, qty in session.execute(
        _in_range(
            select(SaleLine.sale_id, SaleLine.product_id, SaleLine.qty_milli),
            SaleLine.sale_id,
            days,
        )
    ):
        if sale_id in wanted:
            lines[sale_id].append((product_id, qty))
    return {sid: tuple(sorted(pairs)) for sid, pairs in lines.items()}


def _identical(
    session: Session, redemptions: list[_SaleRow], t: Thresholds, days: tuple[dt.date, dt.date]
) -> list[Signal]:
    if not redemptions:
        return []
    baskets = _baskets(session, redemptions, days)
    groups: dict[tuple[tuple[int, int], ...], list[_SaleRow]] = defaultdict(list)
    for row in redemptions:
        if row.id in baskets:
            groups[baskets[row.id]].append(row)
    signals = []
    for rows in groups.values():
        families = {r.family_id for r in rows}
        if len(families) < t.identical_min_families:
            continue
        if len(rows) < t.identical_min_share * len(redemptions):
            continue
        signals.append(
            Signal(
                "signal.identical_baskets",
                "warning",
                {"families": len(families), "count": len(rows)},
                receipts=tuple(r.receipt_no for r in rows),
                families=tuple(sorted({r.dtks_id for r in rows if r.dtks_id})),
                at=rows[0].created_at,
            )
        )
    return signals


def _full_voucher(
    session: Session, redemptions: list[_SaleRow], t: Thresholds, days: tuple[dt.date, dt.date]
) -> list[Signal]:
    """A basket is 'the full voucher' when every voucher it drew on gave its whole amount."""
    if not redemptions:
        return []
    wanted = {r.id for r in redemptions}
    draws: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sale_id, amount, voucher_amount in session.execute(
        _in_range(
            select(VoucherAllocation.sale_id, VoucherAllocation.amount, Voucher.amount).join(
                Voucher, Voucher.id == VoucherAllocation.voucher_id
            ),
            VoucherAllocation.sale_id,
            days,
        )
    ):
        if sale_id in wanted:
            draws[sale_id].append((amount, voucher_amount))
    by_cashier: dict[str, list[_SaleRow]] = defaultdict(list)
    full: dict[str, list[_SaleRow]] = defaultdict(list)
    for row in redemptions:
        by_cashier[row.cashier].append(row)
        pairs = draws.get(row.id, [])
        if pairs and all(amount == whole for amount, whole in pairs):
            full[row.cashier].append(row)
    signals = []
    for cashier, rows in sorted(full.items()):
        total = len(by_cashier[cashier])
        if len(rows) >= t.full_voucher_min and len(rows) >= t.full_voucher_share * total:
            signals.append(
                Signal(
                    "signal.full_voucher",
                    "warning",
                    {"count": len(rows), "total": total, "cashier": cashier},
                    receipts=tuple(r.receipt_no for r in rows),
                    families=tuple(sorted({r.dtks_id for r in rows if r.dtks_id})),
                    at=rows[0].created_at,
                )
            )
    return signals


def _outside_hours(sales: list[_SaleRow], outlet: Outlet | None) -> list[Signal]:
    if outlet is None:
        return []
    opening, closing = outlet.opening_time or "00:00", outlet.closing_time or "24:00"
    signals = []
    for row in sales:
        local = parse_iso(row.created_at).astimezone(WIB)
        clock = f"{local:%H:%M}"
        if clock < opening or clock >= closing:
            signals.append(
                Signal(
                    "signal.outside_hours",
                    "warning",
                    {
                        "receipt_no": row.receipt_no,
                        "time": clock,
                        "opening": opening,
                        "closing": closing,
                    },
                    receipts=(row.receipt_no,),
                    families=(row.dtks_id,) if row.dtks_id else (),
                    at=row.created_at,
                )
            )
    return signals


def _nik_shared(session: Session) -> list[Signal]:
    shared = (
        select(Family.nik_hash)
        .where(Family.nik_hash != "")
        .group_by(Family.nik_hash)
        .having(func.count() > 1)
    )
    groups: dict[str, list[Family]] = defaultdict(list)
    for family in session.scalars(
        select(Family).where(Family.nik_hash.in_(shared)).order_by(Family.dtks_id)
    ):
        groups[family.nik_hash].append(family)
    return [
        Signal(
            "signal.nik_shared",
            "warning",
            {"families": len(members), "nik_last4": members[0].nik_last4},
            families=tuple(f.dtks_id for f in members),
        )
        for members in sorted(groups.values(), key=lambda m: m[0].dtks_id)
    ]


def _line_signals(
    session: Session, live: list[_SaleRow], t: Thresholds, days: tuple[dt.date, dt.date]
) -> list[Signal]:
    """Eggs by the piece, prices above the ceiling or the reference price."""
    by_id = {r.id: r for r in live}
    rows = [
        (line, product)
        for line, product in session.execute(
            _in_range(
                select(SaleLine, Product).join(Product, Product.id == SaleLine.product_id),
                SaleLine.sale_id,
                days,
            ).order_by(SaleLine.sale_id, SaleLine.line_no)
        ).all()
        if line.sale_id in by_id
    ]
    signals: list[Signal] = []
    eggs: dict[int, list[SaleLine]] = defaultdict(list)
    above_reference: dict[tuple[int, int], list[SaleLine]] = defaultdict(list)
    names: dict[int, Product] = {}
    for line, product in rows:
        names[product.id] = product
        sale = by_id[line.sale_id]
        if product.category in t.egg_categories and line.unit != "kg":
            eggs[product.id].append(line)
        if line.ceiling is not None and line.unit_price > line.ceiling:
            signals.append(
                Signal(
                    "signal.above_ceiling",
                    "high",
                    {
                        "product": line.product_name,
                        "unit_price": line.unit_price,
                        "ceiling": line.ceiling,
                        "receipt_no": sale.receipt_no,
                    },
                    receipts=(sale.receipt_no,),
                    families=(sale.dtks_id,) if sale.dtks_id else (),
                    at=sale.created_at,
                )
            )
        if (
            product.reference_price is not None
            and line.unit == product.unit
            and line.unit_price > product.reference_price
        ):
            above_reference[(product.id, line.unit_price)].append(line)
    for pid, lines in eggs.items():
        sales = [by_id[ln.sale_id] for ln in lines]
        signals.append(
            Signal(
                "signal.eggs_per_piece",
                "warning",
                {"product": names[pid].name, "count": len(lines)},
                receipts=tuple(dict.fromkeys(s.receipt_no for s in sales)),
                families=tuple(sorted({s.dtks_id for s in sales if s.dtks_id})),
                at=sales[0].created_at,
            )
        )
    for (pid, price), lines in sorted(above_reference.items()):
        sales = [by_id[ln.sale_id] for ln in lines]
        signals.append(
            Signal(
                "signal.above_reference",
                "info",
                {
                    "product": names[pid].name,
                    "unit_price": price,
                    "reference": names[pid].reference_price,
                    "count": len(lines),
                },
                receipts=tuple(dict.fromkeys(s.receipt_no for s in sales)),
                families=tuple(sorted({s.dtks_id for s in sales if s.dtks_id})),
                at=sales[0].created_at,
            )
        )
    return signals


def _outside_area(redemptions: list[_SaleRow], outlet: Outlet | None) -> list[Signal]:
    if outlet is None:
        return []
    by_family: dict[str, list[_SaleRow]] = defaultdict(list)
    for row in redemptions:
        if row.dtks_id and row.family_outlet and row.family_outlet != outlet.code:
            by_family[row.dtks_id].append(row)
    return [
        Signal(
            "signal.outside_area",
            "warning",
            {"dtks_id": dtks, "outlet": rows[0].family_outlet, "count": len(rows)},
            receipts=tuple(r.receipt_no for r in rows),
            families=(dtks,),
            at=rows[0].created_at,
        )
        for dtks, rows in sorted(by_family.items())
    ]


def _receipt_gaps(session: Session, sales: list[_SaleRow]) -> list[Signal]:
    """Receipt sequence numbers missing between the range's sales, or just before them."""
    by_device: dict[str, list[_SaleRow]] = defaultdict(list)
    for row in sales:
        by_device[row.device_id].append(row)
    signals = []
    for device_id, rows in sorted(by_device.items()):
        rows = sorted(rows, key=lambda r: r.receipt_seq)
        first = rows[0]
        before = session.scalar(
            select(func.max(Sale.receipt_seq)).where(
                Sale.device_id == device_id, Sale.receipt_seq < first.receipt_seq
            )
        )
        previous_seq, previous_no = int(before or 0), None
        if before is not None:
            previous_no = session.scalar(
                select(Sale.receipt_no).where(
                    Sale.device_id == device_id, Sale.receipt_seq == before
                )
            )
        for row in rows:
            if row.receipt_seq > previous_seq + 1:
                signals.append(
                    Signal(
                        "signal.receipt_gap",
                        "high",
                        {
                            "device": row.device_code,
                            "missing": row.receipt_seq - previous_seq - 1,
                            "after": previous_no or "-",
                            "before": row.receipt_no,
                        },
                        receipts=tuple(r for r in (previous_no, row.receipt_no) if r),
                        at=row.created_at,
                    )
                )
            previous_seq, previous_no = row.receipt_seq, row.receipt_no
    return signals


def fraud_signals(
    ctx: Context,
    date_from: dt.date,
    date_to: dt.date,
    thresholds: Thresholds | None = None,
) -> list[Signal]:
    """Every signal for sales between two business dates (inclusive), most serious first.

    The shared-NIK signal looks at the whole roster, whatever the dates.
    Refuses 'stock.bad_range' when `date_from` is after `date_to`.
    """
    if date_from > date_to:
        raise DomainError(
            "stock.bad_range", date_from=date_from.isoformat(), date_to=date_to.isoformat()
        )
    t = thresholds or Thresholds()
    days = (date_from, date_to)
    with ctx.db.read() as s:
        outlet = s.scalars(select(Outlet)).first()
        sales = _sales(s, date_from, date_to)
        voided = set(
            s.scalars(select(Sale.voided_sale_id).where(Sale.voided_sale_id.is_not(None))).all()
        )
        live = [r for r in sales if r.kind != "void" and r.id not in voided]
        redemptions = [r for r in live if r.kind == "redemption"]
        signals = (
            _bursts(redemptions, t)
            + _identical(s, redemptions, t, days)
            + _full_voucher(s, redemptions, t, days)
            + _outside_hours(sales, outlet)
            + _nik_shared(s)
            + _line_signals(s, live, t, days)
            + _outside_area(redemptions, outlet)
            + _receipt_gaps(s, sales)
        )
    signals.sort(key=lambda sig: (_ORDER[sig.severity], sig.at or "", sig.code))
    log.info("fraud signals %s..%s: %d", date_from, date_to, len(signals))
    return signals
