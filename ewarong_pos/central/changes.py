"""The change counter and the outlet's pull: every change after a cursor, scoped, paged.

Each changed row takes its own value of the counter (`reserve`), under the counter row's
lock, so values are unique and committed in order: when an outlet has pulled everything up
to N, no transaction can later commit a change numbered N or below. A page is the next
`limit` changes across all tables in counter order; the rows a page refers to (the family
of a voucher, its period, a product's category) ride along when the outlet cannot have them.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def pull_page(session: Session, device: Device, since: int, limit: int) -> w.PullPage:
    """The next changes after `since` that `device`'s outlet needs (read-only)."""
    outlet = device.outlet_code
    limit = max(1, min(limit, w.MAX_PAGE_SIZE))
    n = limit + 1

    def first(query: Any) -> Sequence[Any]:
        return session.scalars(query.limit(n)).all()

    candidates: list[tuple[int, str, Any]] = []
    for kind, rows in (
        (
            "category",
            first(select(Category).where(Category.version > since).order_by(Category.version)),
        ),
        ("period", first(select(Period).where(Period.version > since).order_by(Period.version))),
        (
            "product",
            first(select(Product).where(Product.version > since).order_by(Product.version)),
        ),
        (
            "family",
            first(
                select(Family)
                .where(
                    Family.version > since,
                    or_(Family.outlet_code == outlet, Family.prev_outlet_code == outlet),
                )
                .order_by(Family.version)
            ),
        ),
        (
            "voucher",
            first(
                select(Voucher)
                .join(Family, Family.dtks_id == Voucher.family_dtks)
                .where(Voucher.version > since, Family.outlet_code == outlet)
                .order_by(Voucher.version)
            ),
        ),
        (
            "account",
            first(
                select(Account)
                .where(Account.version > since, Account.outlet_code == outlet)
                .order_by(Account.version)
            ),
        ),
    ):
        candidates.extend((row.version, kind, row) for row in rows)
    candidates.sort(key=lambda c: c[0])
    more = len(candidates) > limit
    taken = candidates[:limit]
    cursor = taken[-1][0] if taken else since

    by_kind: dict[str, list[Any]] = {
        k: [] for k in ("category", "period", "product", "family", "voucher", "account")
    }
    for _version, kind, row in taken:
        by_kind[kind].append(row)

    # Rows the page refers to that the outlet may not hold yet (changed after `since`).
    have_families = {f.dtks_id for f in by_kind["family"]}
    need = {v.family_dtks for v in by_kind["voucher"]} - have_families
    if need:
        by_kind["family"].extend(
            session.scalars(
                select(Family).where(Family.dtks_id.in_(need), Family.version > since)
            ).all()
        )
    have_periods = {p.code for p in by_kind["period"]}
    need = {v.period for v in by_kind["voucher"]} - have_periods
    if need:
        by_kind["period"].extend(
            session.scalars(
                select(Period).where(Period.code.in_(need), Period.version > since)
            ).all()
        )
    have_categories = {c.code for c in by_kind["category"]}
    need = {p.category for p in by_kind["product"]}
    for period in by_kind["period"]:
        need.update(c for c in period.eligible_categories.split(",") if c)
    need -= have_categories
    if need:
        by_kind["category"].extend(
            session.scalars(
                select(Category).where(Category.code.in_(need), Category.version > since)
            ).all()
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
