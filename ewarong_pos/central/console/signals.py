"""Fraud signals across outlets, from what the outlets uploaded (DOMAIN.md, "Fraud patterns").

An outlet's own report (`ewarong report signals`) sees one outlet; the office sees them all:
- two_outlets: one family's vouchers redeemed at two or more outlets in a period;
- burst: many redemptions by one device within minutes (cards held and swiped in batch);
- identical_baskets: one basket bought by many families of an outlet (forced packages);
- receipt_gap and tampering come from `admin.reconcile` and are shown beside these.
A signal never blocks anything; it points staff at records worth a second look.
Thresholds match the outlet's defaults (services/signals.py `Thresholds`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.central.models import Dispute, JournalEntry, Redemption, Sale, Voucher
from ewarong_pos.core.dates import parse_iso

BURST_COUNT = 10
BURST_MINUTES = 10
IDENTICAL_MIN_FAMILIES = 5
IDENTICAL_MIN_SHARE = 0.5


@dataclass(frozen=True)
class CentralSignal:
    kind: str  # two_outlets | burst | identical_baskets
    severity: str  # high | warning
    outlet_code: str  # the outlets, comma-separated, for two_outlets
    period: str
    params: dict[str, str | int] = field(default_factory=dict, hash=False)
    families: tuple[str, ...] = ()  # ID DTKS
    receipts: tuple[str, ...] = ()


def _two_outlets(session: Session, period: str | None) -> list[CentralSignal]:
    """A family served at two or more outlets in a period: counted redemptions, and the
    redemptions the office disputed (another outlet's family: stored, but they move no
    balance, so they are in `dispute`, not in `redemption`)."""
    outlets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table in (Redemption, Dispute):
        query = (
            select(Voucher.family_dtks, table.period, table.outlet_code)
            .join(Voucher, Voucher.code == table.voucher_code)
            .where(table.amount > 0)
            .distinct()
        )
        if period:
            query = query.where(table.period == period)
        for family, per, outlet in session.execute(query):
            outlets[(family, per)].add(outlet)
    return [
        CentralSignal(
            "two_outlets",
            "high",
            ",".join(sorted(codes)),
            per,
            {"outlets": len(codes)},
            families=(family,),
        )
        for (family, per), codes in sorted(outlets.items())
        if len(codes) > 1
    ]


def _redemption_entries(
    session: Session, period: str | None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(device id, outlet, payload) of redemption sales, oldest first per device."""
    query = (
        select(JournalEntry.device_id, Sale.outlet_code, JournalEntry.payload, JournalEntry.at)
        .join(Sale, (Sale.device_id == JournalEntry.device_id) & (Sale.seq == JournalEntry.seq))
        .where(Sale.kind == "redemption")
        .order_by(JournalEntry.device_id, JournalEntry.seq)
    )
    if period:
        wanted = (
            select(Redemption.device_id, Redemption.seq)
            .where(Redemption.period == period)
            .distinct()
            .subquery()
        )
        query = query.join(
            wanted,
            (wanted.c.device_id == JournalEntry.device_id) & (wanted.c.seq == JournalEntry.seq),
        )
    out = []
    for device, outlet, payload, at in session.execute(query):
        data = json.loads(payload)
        data["_at"] = at
        out.append((device, outlet, data))
    return out


def _at(payload: dict[str, Any]) -> dt.datetime | None:
    for text in (payload.get("created_at"), payload.get("_at")):
        if isinstance(text, str):
            try:
                return parse_iso(text)
            except ValueError:
                continue
    return None


def _bursts(
    entries: list[tuple[str, str, dict[str, Any]]], period: str | None
) -> list[CentralSignal]:
    window = dt.timedelta(minutes=BURST_MINUTES)
    by_device: dict[tuple[str, str], list[tuple[dt.datetime, dict[str, Any]]]] = defaultdict(list)
    for device, outlet, payload in entries:
        at = _at(payload)
        if at is not None:
            by_device[(device, outlet)].append((at, payload))
    signals = []
    for (device, outlet), rows in sorted(by_device.items()):
        rows.sort(key=lambda r: r[0])
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1][0] - rows[i][0] <= window:
                j += 1
            if j - i + 1 >= BURST_COUNT:
                run = rows[i : j + 1]
                minutes = max(1, -(-int((run[-1][0] - run[0][0]).total_seconds()) // 60))
                signals.append(
                    CentralSignal(
                        "burst",
                        "high",
                        outlet,
                        period or "",
                        {"count": len(run), "minutes": minutes, "device": device[:8]},
                        receipts=tuple(str(p.get("receipt_no", "")) for _t, p in run),
                    )
                )
                i = j + 1
            else:
                i += 1
    return signals


def _identical(
    entries: list[tuple[str, str, dict[str, Any]]], period: str | None
) -> list[CentralSignal]:
    by_outlet: dict[str, list[tuple[tuple[tuple[str, int], ...], dict[str, Any]]]] = defaultdict(
        list
    )
    for _device, outlet, payload in entries:
        if payload.get("voids"):
            continue
        lines = payload.get("lines") or []
        basket = tuple(
            sorted(
                (str(line.get("sku")), int(line.get("qty_milli") or 0))
                for line in lines
                if isinstance(line, dict)
            )
        )
        if basket:
            by_outlet[outlet].append((basket, payload))
    signals = []
    for outlet, sales in sorted(by_outlet.items()):
        groups: dict[tuple[tuple[str, int], ...], list[dict[str, Any]]] = defaultdict(list)
        for basket, payload in sales:
            groups[basket].append(payload)
        for basket, same in groups.items():
            families = {str(p.get("family")) for p in same if p.get("family")}
            count = len(families) or len(same)
            if count >= IDENTICAL_MIN_FAMILIES and len(same) >= IDENTICAL_MIN_SHARE * len(sales):
                signals.append(
                    CentralSignal(
                        "identical_baskets",
                        "warning",
                        outlet,
                        period or "",
                        {
                            "count": len(same),
                            "of": len(sales),
                            "basket": ", ".join(f"{sku} x{qty / 1000:g}" for sku, qty in basket),
                        },
                        receipts=tuple(str(p.get("receipt_no", "")) for p in same[:20]),
                    )
                )
    return signals


def cross_outlet_signals(session: Session, period: str | None = None) -> list[CentralSignal]:
    entries = _redemption_entries(session, period)
    found = _two_outlets(session, period) + _bursts(entries, period) + _identical(entries, period)
    order = {"high": 0, "warning": 1}
    return sorted(found, key=lambda s: (order.get(s.severity, 2), s.kind, s.outlet_code))


def redemption_sales_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Sale)) or 0)
