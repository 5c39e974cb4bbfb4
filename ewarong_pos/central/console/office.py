"""What the console shows and does beyond `central.admin`: the dashboard figures, family
search, disputes and their resolution, roster check before apply, periods, products and
their price history, per-outlet detail. Sessions inside the caller's transaction; nothing
commits here, except `check_roster`, which runs the real import and rolls it back.

No full NIK, No. KK or card number leaves this module: families carry the last 4 only,
and a typed identifier is hashed with the office key (`admin.identifier_hash`) and dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ewarong_pos.central import admin
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import (
    Device,
    Dispute,
    DisputeResolution,
    Family,
    JournalEntry,
    Outlet,
    Period,
    Product,
    ProductChange,
    Redemption,
    RosterImport,
    Sale,
    Voucher,
)
from ewarong_pos.core.dates import iso, parse_iso, period_of
from ewarong_pos.core.errors import DomainError, ProblemList
from ewarong_pos.core.identifiers import digits_only, mask_card, mask_nik
from ewarong_pos.core.roster import parse_roster

DISPUTE_REASONS = (
    "voucher.over_redeemed",  # the same voucher redeemed beyond its amount (across outlets)
    "voucher.unknown",
    "voucher.other_outlet",
    "sale.outlet",
    "sale.unreadable",
)
SYNC_STALE_HOURS = 72


# --- dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletSync:
    code: str
    name: str
    state: str  # 'never', 'ok', 'stale', 'revoked'
    last_contact: str | None
    devices: int
    waiting: int  # changes the outlet has not pulled yet (largest over its devices)
    disputes: int
    versions: str = ""  # the app versions its live devices last named, e.g. '0.1.0'


@dataclass(frozen=True)
class AreaRow:
    kecamatan: str
    kelurahan: str
    assigned: int
    collected: int
    issued: int
    redeemed: int


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    period: str | None
    outlets: list[OutletSync]
    states: dict[str, int]
    redeemed_today: int
    redemptions_today: int
    redeemed_month: int
    redemptions_month: int
    areas: list[AreaRow]
    open_disputes: int


def current_period(session: Session, today: dt.date) -> str | None:
    """The period of `today` if configured, else the latest one before it, else the first."""
    codes = list(session.scalars(select(Period.code).order_by(Period.code)))
    if not codes:
        return None
    this = period_of(today)
    earlier = [c for c in codes if c <= this]
    return earlier[-1] if earlier else codes[0]


def open_disputes_by_outlet(session: Session) -> dict[str, int]:
    resolved = select(DisputeResolution.dispute_id)
    return {
        code: int(n)
        for code, n in session.execute(
            select(Dispute.outlet_code, func.count())
            .where(Dispute.id.not_in(resolved))
            .group_by(Dispute.outlet_code)
        )
    }


def outlet_sync(session: Session, now: dt.datetime) -> list[OutletSync]:
    """Each outlet's sync state; `disputes` counts the ones not resolved yet."""
    rows = []
    open_disputes = open_disputes_by_outlet(session)
    for o in admin.outlets(session):
        live = [d for d in o.devices if not d.revoked_at]
        contacts = [t for d in o.devices for t in (d.last_push_at, d.last_pull_at) if t is not None]
        last = max(contacts) if contacts else None
        if o.devices and not live:
            state = "revoked"
        elif last is None:
            state = "never"
        elif parse_iso(last) + dt.timedelta(hours=SYNC_STALE_HOURS) < now:
            state = "stale"
        else:
            state = "ok"
        rows.append(
            OutletSync(
                o.code,
                o.name,
                state,
                last,
                len(o.devices),
                max((d.pending_changes for d in live), default=0),
                open_disputes.get(o.code, 0),
                ", ".join(sorted({d.app_version for d in live if d.app_version})),
            )
        )
    return rows


def _redeemed_between(session: Session, first: str, last: str) -> tuple[int, int]:
    """(Rupiah, redemption sales) by business date, voids netted off."""
    total, count = session.execute(
        select(func.coalesce(func.sum(Redemption.amount), 0), func.count(func.distinct(Sale.id)))
        .select_from(Redemption)
        .join(Sale, (Sale.device_id == Redemption.device_id) & (Sale.seq == Redemption.seq))
        .where(Sale.business_date >= first, Sale.business_date <= last)
    ).one()
    return int(total or 0), int(count or 0)


def areas(session: Session, period: str) -> list[AreaRow]:
    rows = session.execute(
        select(
            Family.kecamatan,
            Family.kelurahan,
            func.count(Voucher.code),
            func.sum(case((Voucher.redeemed > 0, 1), else_=0)),
            func.coalesce(func.sum(Voucher.amount), 0),
            func.coalesce(func.sum(Voucher.redeemed), 0),
        )
        .join(Voucher, Voucher.family_dtks == Family.dtks_id)
        .where(Voucher.period == period)
        .group_by(Family.kecamatan, Family.kelurahan)
        .order_by(Family.kecamatan, Family.kelurahan)
    ).all()
    return [
        AreaRow(kec or "-", kel or "-", int(n), int(c or 0), int(i), int(r))
        for kec, kel, n, c, i, r in rows
    ]


def dashboard(session: Session, now: dt.datetime) -> Dashboard:
    today = now.date()
    syncs = outlet_sync(session, now)
    states = {s: sum(1 for o in syncs if o.state == s) for s in ("ok", "stale", "never", "revoked")}
    day = today.isoformat()
    month_first = today.replace(day=1).isoformat()
    t_total, t_count = _redeemed_between(session, day, day)
    m_total, m_count = _redeemed_between(session, month_first, day)
    period = current_period(session, today)
    resolved = select(DisputeResolution.dispute_id)
    open_disputes = session.scalar(
        select(func.count()).select_from(Dispute).where(Dispute.id.not_in(resolved))
    )
    return Dashboard(
        today,
        period,
        syncs,
        states,
        t_total,
        t_count,
        m_total,
        m_count,
        areas(session, period) if period else [],
        int(open_disputes or 0),
    )


# --- outlets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletDetail:
    state: admin.OutletState
    journal: dict[str, int]  # device id -> entries stored
    reconciliation: list[admin.ReconcileRow]
    gaps: list[admin.ReceiptGap]


def outlet_detail(session: Session, code: str) -> OutletDetail:
    state = next((o for o in admin.outlets(session) if o.code == code), None)
    if state is None:
        raise Refused(404, "outlet.unknown", f"no outlet {code}")
    report = admin.reconcile(session)
    ids = {d.device_id for d in state.devices}
    return OutletDetail(
        state,
        {d.device_id: admin.journal_count(session, d.device_id) for d in state.devices},
        [r for r in report.rows if r.outlet_code == code],
        [g for g in report.receipt_gaps if g.device_id in ids],
    )


def device_outlet(session: Session, device_id: str) -> str:
    device = session.get(Device, device_id)
    if device is None:
        raise Refused(404, "device.unknown", f"no device {device_id}")
    return device.outlet_code


# --- roster -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemRow:
    line: int | None
    column: str | None
    message: str


@dataclass(frozen=True)
class RosterCheck:
    filename: str
    sha256: str
    size: int
    problems: list[ProblemRow]
    result: admin.RosterResult | None
    flags: list[tuple[int, str, str]] = field(default_factory=list)  # line, id dtks, code
    # the file changes this many known families' NIK/KK: refused unless confirmed
    identifier_changes: int | None = None
    accepted: int | None = None  # the count confirmed for this check

    @property
    def ok(self) -> bool:
        return not self.problems and self.result is not None


def _problems(exc: Exception, lang: str) -> list[ProblemRow]:
    from ewarong_pos.core.messages import render

    if isinstance(exc, ProblemList):
        return [
            ProblemRow(p.line, p.column, render(p.code, lang, **p.params)) for p in exc.problems
        ]
    if isinstance(exc, DomainError):
        return [ProblemRow(None, None, exc.message(lang))]
    if isinstance(exc, Refused):
        return [ProblemRow(None, None, exc.detail or exc.code)]
    raise exc


def check_roster(
    session: Session,
    data: bytes,
    filename: str,
    now: dt.datetime,
    lang: str = "id",
    accept: int | None = None,
) -> RosterCheck:
    """Run the CLI's own import (`admin.import_roster`, all or nothing) on `data` inside a
    transaction that is always rolled back: every check it makes, nothing applied.
    `accept` is the CLI's --accept-identifier-changes COUNT."""
    digest = hashlib.sha256(data).hexdigest()
    flags: list[tuple[int, str, str]] = []
    transaction = session.begin()
    try:
        result = admin.import_roster(session, data, now, accept_identifier_changes=accept)
        flags = [(f.line, f.id_dtks, f.code) for f in parse_roster(data).flags]
    except (DomainError, Refused) as exc:
        changes = None
        if isinstance(exc, Refused) and exc.code == "roster.identifier_changes":
            changes = int(exc.params.get("count", 0))
        return RosterCheck(
            filename, digest, len(data), _problems(exc, lang), None, [], changes, accept
        )
    finally:
        transaction.rollback()
    return RosterCheck(filename, digest, len(data), [], result, flags, None, accept)


def apply_roster(
    session: Session,
    data: bytes,
    filename: str,
    now: dt.datetime,
    username: str,
    accept: int | None = None,
) -> admin.RosterResult:
    result = admin.import_roster(session, data, now, accept_identifier_changes=accept)
    record_roster(session, filename, hashlib.sha256(data).hexdigest(), now, username, result)
    return result


def record_roster(
    session: Session,
    filename: str,
    sha256: str,
    now: dt.datetime,
    username: str,
    result: admin.RosterResult | None,
    problems: int = 0,
) -> None:
    session.add(
        RosterImport(
            at=iso(now),
            username=username,
            filename=filename[:200],
            sha256=sha256,
            status="applied" if result else "rejected",
            families=result.families if result else 0,
            vouchers=result.vouchers if result else 0,
            flagged=result.flagged if result else 0,
            moved=result.moved if result else 0,
            problems=problems,
        )
    )
    session.flush()


def roster_history(session: Session, limit: int = 50) -> list[RosterImport]:
    return list(session.scalars(select(RosterImport).order_by(RosterImport.id.desc()).limit(limit)))


class PendingRosters:
    """Checked roster files waiting for "apply", held in this process's memory for a
    while (never written to disk: they hold full identifiers). One per staff member."""

    TTL_SECONDS = 30 * 60

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[int, tuple[float, str, str, bytes, int | None]] = {}

    def put(self, staff_id: int, filename: str, data: bytes, accept: int | None = None) -> str:
        """Hold a checked file (and the identifier-change count confirmed for it)."""
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            self._files[staff_id] = (time.monotonic(), filename, digest, data, accept)
        return digest

    def peek(self, staff_id: int, digest: str) -> tuple[str, bytes, int | None] | None:
        with self._lock:
            held = self._files.get(staff_id)
        if held is None or held[2] != digest or time.monotonic() - held[0] > self.TTL_SECONDS:
            return None
        return held[1], held[3], held[4]

    def take(self, staff_id: int, digest: str) -> tuple[str, bytes, int | None] | None:
        found = self.peek(staff_id, digest)
        if found is not None:
            with self._lock:
                self._files.pop(staff_id, None)
        return found


# --- periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    code: str
    amount: int
    categories: list[str]
    valid_from: str
    valid_until: str
    vouchers: int
    issued: int
    redeemed: int


def periods(session: Session) -> list[PeriodRow]:
    counts = {
        p: (int(n), int(i or 0), int(r or 0))
        for p, n, i, r in session.execute(
            select(
                Voucher.period, func.count(), func.sum(Voucher.amount), func.sum(Voucher.redeemed)
            ).group_by(Voucher.period)
        )
    }
    return [
        PeriodRow(
            p.code,
            p.amount,
            [c for c in p.eligible_categories.split(",") if c],
            p.valid_from,
            p.valid_until,
            *counts.get(p.code, (0, 0, 0)),
        )
        for p in session.scalars(select(Period).order_by(Period.code.desc()))
    ]


# --- products -----------------------------------------------------------------------------


def products(session: Session) -> list[Product]:
    return list(session.scalars(select(Product).order_by(Product.category, Product.sku)))


def price_history(
    session: Session, sku: str | None = None, limit: int = 100
) -> list[ProductChange]:
    query = select(ProductChange).order_by(ProductChange.id.desc()).limit(limit)
    if sku:
        query = query.where(ProductChange.sku == sku)
    return list(session.scalars(query))


# --- families -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyRow:
    dtks_id: str
    name: str
    kelurahan: str
    kecamatan: str
    outlet_code: str
    status: str
    nik: str  # masked
    kk: str  # masked
    card: str  # masked
    flags: str


def _row(f: Family) -> FamilyRow:
    return FamilyRow(
        f.dtks_id,
        f.name,
        f.kelurahan,
        f.kecamatan,
        f.outlet_code,
        f.status,
        mask_nik(f.nik_last4),
        mask_nik(f.kk_last4),
        mask_card(f.card_last4),
        f.flags,
    )


def search_kind(query: str) -> str:
    """How a search text is read: 'identifier' (16 digits: NIK, No. KK or card), 'dtks'
    or 'name'. Only the kind is ever logged, never the text of an identifier."""
    digits = digits_only(query)
    if len(digits) >= 12 and len(digits) >= len(query.replace(" ", "").replace("-", "")) - 1:
        return "identifier"
    return "text"


def search_families(session: Session, query: str, limit: int = 50) -> list[FamilyRow]:
    """By ID DTKS (exact), a typed NIK / No. KK / card number (hashed with the office key
    exactly as the roster import does, then dropped), or part of the name."""
    query = query.strip()
    if not query:
        return []
    if search_kind(query) == "identifier":
        key = admin.lookup_key(session)
        number = digits_only(query)
        found = session.scalars(
            select(Family)
            .where(
                or_(
                    Family.nik_hash == admin.identifier_hash(key, "nik", number),
                    Family.kk_hash == admin.identifier_hash(key, "kk", number),
                    Family.card_hash == admin.identifier_hash(key, "card", number),
                )
            )
            .order_by(Family.dtks_id)
            .limit(limit)
        ).all()
        return [_row(f) for f in found]
    exact = session.get(Family, query)
    if exact is not None:
        return [_row(exact)]
    pattern = "%" + query.replace("\\", "").replace("%", "").replace("_", "") + "%"
    found = session.scalars(
        select(Family)
        .where(or_(Family.name.ilike(pattern), Family.dtks_id.ilike(pattern)))
        .order_by(Family.name, Family.dtks_id)
        .limit(limit)
    ).all()
    return [_row(f) for f in found]


@dataclass(frozen=True)
class FamilyVoucher:
    code: str
    period: str
    amount: int
    redeemed: int
    status: str
    outlet_code: str | None


@dataclass(frozen=True)
class FamilyRedemption:
    outlet_code: str
    device_id: str
    seq: int
    receipt_no: str
    business_date: str
    voucher_code: str
    period: str
    amount: int
    disputed: bool


@dataclass(frozen=True)
class FamilyDetail:
    family: FamilyRow
    address: str
    rt_rw: str
    bank: str
    status_reason: str
    prev_outlet_code: str | None
    vouchers: list[FamilyVoucher]
    redemptions: list[FamilyRedemption]


def family_detail(session: Session, dtks_id: str) -> FamilyDetail:
    family = session.get(Family, dtks_id)
    if family is None:
        raise Refused(404, "family.unknown", f"no family {dtks_id}")
    vouchers = [
        FamilyVoucher(v.code, v.period, v.amount, v.redeemed, v.status, v.outlet_code)
        for v in session.scalars(
            select(Voucher).where(Voucher.family_dtks == dtks_id).order_by(Voucher.period.desc())
        )
    ]
    redemptions = [
        FamilyRedemption(
            r.outlet_code,
            r.device_id,
            r.seq,
            receipt or "",
            day or "",
            r.voucher_code,
            r.period,
            r.amount,
            bool(disputed),
        )
        for r, receipt, day, disputed in session.execute(
            select(Redemption, Sale.receipt_no, Sale.business_date, JournalEntry.disputed)
            .join(Voucher, Voucher.code == Redemption.voucher_code)
            .outerjoin(
                Sale, (Sale.device_id == Redemption.device_id) & (Sale.seq == Redemption.seq)
            )
            .outerjoin(
                JournalEntry,
                (JournalEntry.device_id == Redemption.device_id)
                & (JournalEntry.seq == Redemption.seq),
            )
            .where(Voucher.family_dtks == dtks_id)
            .order_by(Sale.business_date.desc(), Redemption.id.desc())
        )
    ]
    return FamilyDetail(
        _row(family),
        family.address,
        family.rt_rw,
        family.card_bank,
        family.status_reason,
        family.prev_outlet_code,
        vouchers,
        redemptions,
    )


# --- disputes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DisputeRow:
    id: int
    created_at: str
    outlet_code: str
    device_id: str
    seq: int
    reason: str
    voucher_code: str | None
    period: str
    amount: int
    redeemed: int
    limit_amount: int
    resolved_at: str | None
    resolved_by: str | None
    note: str


def disputes(
    session: Session,
    *,
    reason: str | None = None,
    outlet: str | None = None,
    state: str | None = None,  # 'open', 'resolved' or None for both
    limit: int = 500,
) -> list[DisputeRow]:
    query = (
        select(Dispute, DisputeResolution)
        .outerjoin(DisputeResolution, DisputeResolution.dispute_id == Dispute.id)
        .order_by(Dispute.id.desc())
        .limit(limit)
    )
    if reason:
        query = query.where(Dispute.reason == reason)
    if outlet:
        query = query.where(Dispute.outlet_code == outlet)
    if state == "open":
        query = query.where(DisputeResolution.dispute_id.is_(None))
    elif state == "resolved":
        query = query.where(DisputeResolution.dispute_id.is_not(None))
    return [
        DisputeRow(
            d.id,
            d.created_at,
            d.outlet_code,
            d.device_id,
            d.seq,
            d.reason,
            d.voucher_code,
            d.period,
            d.amount,
            d.redeemed,
            d.limit_amount,
            r.at if r else None,
            r.username if r else None,
            r.note if r else "",
        )
        for d, r in session.execute(query)
    ]


def resolve_dispute(
    session: Session, dispute_id: int, note: str, username: str, now: dt.datetime
) -> None:
    note = note.strip()
    if not note:
        raise Refused(422, "dispute.note", "a resolution needs a note")
    if session.get(Dispute, dispute_id) is None:
        raise Refused(404, "dispute.unknown", f"no dispute {dispute_id}")
    if session.get(DisputeResolution, dispute_id) is not None:
        raise Refused(409, "dispute.resolved", "this dispute is already resolved")
    session.add(
        DisputeResolution(dispute_id=dispute_id, at=iso(now), username=username, note=note[:500])
    )
    session.flush()


def outlet_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Outlet.code).order_by(Outlet.code)))
