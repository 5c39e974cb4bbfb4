"""The change counter and the outlet's pull: every change after a cursor, scoped, paged.

Each changed row takes its own value of the counter (`reserve`), under the counter row's
lock, so values are unique and committed in order: when an outlet has pulled everything up
to N, no transaction can later commit a change numbered N or below. A page is the next
`limit` changes across all tables in counter order; the rows a page refers to (the family
of a voucher, its period, a product's category) ride along when the outlet cannot have them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ewarong_pos.central.models import (
    Account,
    Category,
    Counter,
    Device,
    Dispute,
    Family,
    Period,
    Product,
    Redemption,
    Voucher,
)
from ewarong_pos.protocol import schemas as w

COUNTER = "changes"


def reserve(session: Session, n: int) -> int:
    """Reserve `n` consecutive counter values; returns the first. Locks the counter row."""
    if n <= 0:
        return 0
    session.execute(update(Counter).where(Counter.name == COUNTER).values(value=Counter.value + n))
    value = session.scalar(select(Counter.value).where(Counter.name == COUNTER))
    assert value is not None
    return int(value) - n + 1


def lock_counter(session: Session) -> None:
    """Take the counter row's lock first (the lock order: device, counter, vouchers)."""
    session.execute(select(Counter.value).where(Counter.name == COUNTER).with_for_update())


class Versions:
    """Hands out reserved counter values one by one."""

    def __init__(self, session: Session, n: int) -> None:
        self._next = reserve(session, n)
        self._end = self._next + n

    def __call__(self) -> int:
        if self._next >= self._end:
            raise RuntimeError("more changes than reserved")
        value = self._next
        self._next += 1
        return value


def current(session: Session) -> int:
    return int(session.scalar(select(Counter.value).where(Counter.name == COUNTER)) or 0)


# --- wire forms ---------------------------------------------------------------------------


def wire_category(c: Category) -> w.WireCategory:
    return w.WireCategory(code=c.code, name_id=c.name_id, name_en=c.name_en)


def wire_period(p: Period) -> w.WirePeriod:
    return w.WirePeriod(
        code=p.code,
        amount=p.amount,
        eligible_categories=[c for c in p.eligible_categories.split(",") if c],
        valid_from=p.valid_from,
        valid_until=p.valid_until,
    )


def wire_family(f: Family) -> w.WireFamily:
    return w.WireFamily(
        dtks_id=f.dtks_id,
        name=f.name,
        address=f.address,
        rt_rw=f.rt_rw,
        kelurahan=f.kelurahan,
        kecamatan=f.kecamatan,
        nik_hash=f.nik_hash,
        nik_last4=f.nik_last4,
        kk_hash=f.kk_hash,
        kk_last4=f.kk_last4,
        card_hash=f.card_hash,
        card_last4=f.card_last4,
        card_bank=f.card_bank,
        outlet_code=f.outlet_code,
        status=f.status,  # type: ignore[arg-type]
        status_reason=f.status_reason,
        flags=f.flags,
        updated_at=f.updated_at,
    )


def wire_voucher(v: Voucher, elsewhere: int) -> w.WireVoucher:
    return w.WireVoucher(
        code=v.code,
        family=v.family_dtks,
        period=v.period,
        amount=v.amount,
        valid_from=v.valid_from,
        valid_until=v.valid_until,
        status=v.status,  # type: ignore[arg-type]
        status_reason=v.status_reason,
        redeemed_elsewhere=elsewhere,
        updated_at=v.updated_at,
    )


def wire_product(p: Product) -> w.WireProduct:
    return w.WireProduct(
        sku=p.sku,
        barcode=p.barcode,
        name=p.name,
        category=p.category,
        unit=p.unit,  # type: ignore[arg-type]
        fractional=p.fractional,
        price=p.price,
        ceiling=p.ceiling,
        reference_price=p.reference_price,
        active=p.active,
        updated_at=p.updated_at,
    )


def wire_account(a: Account) -> w.WireAccount:
    return w.WireAccount(
        username=a.username,
        display_name=a.display_name,
        role=a.role,  # type: ignore[arg-type]
        pin_hash=a.pin_hash,
        active=a.active,
    )


def wire_dispute(d: Dispute) -> w.DisputedEntry:
    return w.DisputedEntry(
        seq=d.seq,
        reason=d.reason,
        voucher=d.voucher_code,
        amount=d.amount,
        redeemed=d.redeemed,
        limit=d.limit_amount,
    )


# --- the page -----------------------------------------------------------------------------


def _scoped(kind: str, outlet: str, query: Any) -> Any:
    """Restrict a select over one table to what `outlet` needs."""
    if kind == "family":
        return query.where(or_(Family.outlet_code == outlet, Family.prev_outlet_code == outlet))
    if kind == "voucher":
        # the family's outlet copied onto the voucher (triggers keep it in step): a page's
        # boundary is a range of the (outlet_code, version) index
        return query.where(Voucher.outlet_code == outlet)
    if kind == "account":
        return query.where(Account.outlet_code == outlet)
    return query


_KINDS: dict[str, Any] = {
    "category": Category,
    "period": Period,
    "product": Product,
    "family": Family,
    "voucher": Voucher,
    "account": Account,
}


def pull_page(session: Session, device: Device, since: int, limit: int) -> w.PullPage:
    """The next changes after `since` that `device`'s outlet needs (read-only).

    First the page's boundary from the version indexes alone (the `limit`-th smallest
    version across the tables), then the rows up to it as plain rows: no ORM objects and
    no row fetched that the page does not carry.
    """
    outlet = device.outlet_code
    limit = max(1, min(limit, w.MAX_PAGE_SIZE))
    versions: list[int] = []
    for kind, model in _KINDS.items():
        query = select(model.version).where(model.version > since)
        query = _scoped(kind, outlet, query).order_by(model.version).limit(limit + 1)
        versions.extend(session.scalars(query))
    versions.sort()
    more = len(versions) > limit
    cursor = versions[min(limit, len(versions)) - 1] if versions else since

    by_kind: dict[str, list[Any]] = {}
    for kind, model in _KINDS.items():
        if not versions:
            by_kind[kind] = []
            continue
        query = select(*model.__table__.columns).where(
            model.version > since, model.version <= cursor
        )
        by_kind[kind] = list(session.execute(_scoped(kind, outlet, query)))

    # Rows the page refers to that the outlet may not hold yet (changed after `since`).
    have_families = {f.dtks_id for f in by_kind["family"]}
    need = {v.family_dtks for v in by_kind["voucher"]} - have_families
    if need:
        by_kind["family"].extend(
            session.execute(
                select(*Family.__table__.columns).where(
                    Family.dtks_id.in_(need), Family.version > cursor
                )
            )
        )
    have_periods = {p.code for p in by_kind["period"]}
    need = {v.period for v in by_kind["voucher"]} - have_periods
    if need:
        by_kind["period"].extend(
            session.execute(
                select(*Period.__table__.columns).where(
                    Period.code.in_(need), Period.version > cursor
                )
            )
        )
    have_categories = {c.code for c in by_kind["category"]}
    need = {p.category for p in by_kind["product"]}
    for period in by_kind["period"]:
        need.update(c for c in period.eligible_categories.split(",") if c)
    need -= have_categories
    if need:
        by_kind["category"].extend(
            session.execute(
                select(*Category.__table__.columns).where(
                    Category.code.in_(need), Category.version > cursor
                )
            )
        )

    vouchers = by_kind["voucher"]
    own: dict[str, int] = {}
    if vouchers:
        own = {
            code: int(total or 0)
            for code, total in session.execute(
                select(Redemption.voucher_code, func.sum(Redemption.amount))
                .where(
                    Redemption.voucher_code.in_([v.code for v in vouchers]),
                    Redemption.device_id == device.id,
                )
                .group_by(Redemption.voucher_code)
            )
        }
    disputes = session.scalars(
        select(Dispute).where(Dispute.device_id == device.id).order_by(Dispute.seq, Dispute.id)
    ).all()
    return w.PullPage(
        since=since,
        cursor=cursor,
        more=more,
        categories=[wire_category(c) for c in by_kind["category"]],
        periods=[wire_period(p) for p in by_kind["period"]],
        families=[wire_family(f) for f in by_kind["family"]],
        vouchers=[wire_voucher(v, v.redeemed - own.get(v.code, 0)) for v in vouchers],
        products=[wire_product(p) for p in by_kind["product"]],
        accounts=[wire_account(a) for a in by_kind["account"]],
        disputed=[wire_dispute(d) for d in disputes],
        stored_up_to=device.last_seq,
    )
