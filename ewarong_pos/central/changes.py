"""Change numbers and the outlet's pull: every change after a cursor, scoped, paged.

Change streams, not one counter. Every outlet has its own stream row (`ChangeStream`,
keyed by outlet code) and the reference data every outlet pulls (categories, periods,
products) has the stream `GLOBAL`. A change is numbered by `reserve(session, n, outlets)`:

- `outlets` is the set of outlets whose pulls can see the change (a family or voucher: its
  outlet; a family moved away: the old and the new outlet; an account: its outlet), or
  `None` for reference data, which every outlet sees;
- it locks those outlets' stream rows (in code order; `None` locks every row, the global
  row first), takes numbers above every value they hold, and leaves them at the last
  number taken. The locks are held to the commit.

The contract, per outlet: every change an outlet's pull can see was numbered under that
outlet's stream lock, held to its commit, so for every outlet the numbers it sees commit
in order: once an outlet has pulled everything up to N, no transaction can commit a change
it sees numbered N or below (tests/sync/test_streams.py interleaves two transactions on
PostgreSQL to show it). Two outlets' pushes and imports never wait for each other; only a
change of reference data (a price, a period) waits for every outlet stream, which is rare.
Numbers are per outlet: two outlets may see the same number on different rows, and an
outlet's cursor means nothing to another outlet. A new outlet's stream starts at the global
row's value, under the global row's lock, so it is above every reference change.

SQLite (one city) serialises writers anyway (`BEGIN IMMEDIATE`); the same statements run.
A page is the next `limit` changes across all tables in number order; the rows a page
refers to (the family of a voucher, its period, a product's category) ride along when the
outlet cannot have them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ewarong_pos.central.models import (
    Account,
    Category,
    ChangeStream,
    Device,
    Dispute,
    Family,
    Period,
    Product,
    Redemption,
    Voucher,
)
from ewarong_pos.core.identifiers import HASH_VERSION
from ewarong_pos.protocol import schemas as w

GLOBAL = "*"  # the stream of reference data (sorts before every outlet code)
# Above this many outlets, lock every stream row with one statement instead of listing them.
_LOCK_ALL_ABOVE = 500


def _lock_global(session: Session) -> int:
    value = session.scalar(
        select(ChangeStream.value).where(ChangeStream.outlet_code == GLOBAL).with_for_update()
    )
    if value is None:  # a database from before the streams, or not initialised yet
        session.execute(insert(ChangeStream).values(outlet_code=GLOBAL, value=0))
        return 0
    return int(value)


def _ensure_streams(session: Session, outlets: Collection[str]) -> None:
    """Create the missing outlets' streams, starting at the global value (under its lock)."""
    have: set[str] = set()
    codes = sorted(outlets)
    for i in range(0, len(codes), 900):
        have.update(
            session.scalars(
                select(ChangeStream.outlet_code).where(
                    ChangeStream.outlet_code.in_(codes[i : i + 900])
                )
            )
        )
    missing = [c for c in codes if c not in have]
    if not missing:
        return
    start = _lock_global(session)
    # checked again under the global lock: another transaction may have created them
    for i in range(0, len(missing), 900):
        have.update(
            session.scalars(
                select(ChangeStream.outlet_code).where(
                    ChangeStream.outlet_code.in_(missing[i : i + 900])
                )
            )
        )
    rows = [{"outlet_code": c, "value": start} for c in missing if c not in have]
    if rows:
        session.execute(insert(ChangeStream), rows)


def _lock_all(session: Session) -> None:
    """Lock every stream row, in code order (the global row first)."""
    locked = select(literal(1)).select_from(ChangeStream).order_by(ChangeStream.outlet_code)
    session.execute(select(func.count()).select_from(locked.with_for_update().subquery()))


def reserve(session: Session, n: int, outlets: Iterable[str] | None = None) -> int:
    """Reserve `n` consecutive change numbers seen by `outlets` (None: by every outlet, for
    reference data); returns the first. Locks those outlets' streams to the commit."""
    if n <= 0:
        return 0
    if outlets is None:
        _lock_global(session)
        _lock_all(session)
        top = int(session.scalar(select(func.max(ChangeStream.value))) or 0)
        session.execute(update(ChangeStream).values(value=top + n))
        return top + 1
    codes = sorted(set(outlets) - {GLOBAL})
    if not codes:
        return reserve(session, n, None)
    if len(codes) == 1:  # the common case (a push, an account): one statement
        bump = (
            update(ChangeStream)
            .where(ChangeStream.outlet_code == codes[0])
            .values(value=ChangeStream.value + n)
            .returning(ChangeStream.value)
        )
        value = session.scalar(bump)
        if value is None:  # the outlet's first change
            _ensure_streams(session, codes)
            value = session.scalar(bump)
        assert value is not None
        return int(value) - n + 1
    _ensure_streams(session, codes)
    top = max(_lock_streams(session, codes).values())
    session.execute(
        update(ChangeStream).where(ChangeStream.outlet_code.in_(codes)).values(value=top + n)
    )
    return top + 1


def _lock_streams(session: Session, codes: list[str]) -> dict[str, int]:
    """Lock the streams of `codes` (sorted, existing) and return their values."""
    if len(codes) > _LOCK_ALL_ABOVE:
        _lock_all(session)
        wanted = set(codes)
        return {
            code: int(value)
            for code, value in session.execute(select(ChangeStream.outlet_code, ChangeStream.value))
            if code in wanted
        }
    return {
        code: int(value)
        for code, value in session.execute(
            select(ChangeStream.outlet_code, ChangeStream.value)
            .where(ChangeStream.outlet_code.in_(codes))
            .order_by(ChangeStream.outlet_code)
            .with_for_update()
        )
    }


def reserve_per_outlet(session: Session, counts: Mapping[str, int]) -> dict[str, int]:
    """Reserve `counts[outlet]` consecutive numbers in each outlet's own stream (a roster
    import, a voucher issue); returns each outlet's first number. Locks those streams."""
    codes = sorted(c for c, n in counts.items() if n > 0 and c != GLOBAL)
    if not codes:
        return {}
    _ensure_streams(session, codes)
    values = _lock_streams(session, codes)
    first = {code: values[code] + 1 for code in codes}
    session.execute(
        update(ChangeStream),
        [{"outlet_code": c, "value": values[c] + counts[c]} for c in codes],
    )
    return first


def lock_streams(session: Session, outlets: Iterable[str]) -> None:
    """Take the streams' locks before other row locks (the lock order: device, streams in
    code order, vouchers)."""
    codes = sorted(set(outlets) - {GLOBAL})
    if codes and len(_lock_streams(session, codes)) < len(codes):
        _ensure_streams(session, codes)  # a first change of some: create, then lock all
        _lock_streams(session, codes)


class Versions:
    """Hands out numbers reserved for one set of outlets (None: reference data) one by one."""

    def __init__(self, session: Session, n: int, outlets: Iterable[str] | None = None) -> None:
        self._next = reserve(session, n, outlets)
        self._end = self._next + n

    def __call__(self) -> int:
        if self._next >= self._end:
            raise RuntimeError("more changes than reserved")
        value = self._next
        self._next += 1
        return value


class OutletVersions:
    """Numbers reserved in each outlet's own stream, handed out per outlet."""

    def __init__(self, session: Session, counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        self._next = reserve_per_outlet(session, counts)

    def __call__(self, outlet: str) -> int:
        value = self._next[outlet]
        self._counts[outlet] -= 1
        if self._counts[outlet] < 0:
            raise RuntimeError("more changes than reserved")
        self._next[outlet] = value + 1
        return value


def stamp(session: Session, model: Any, keys: Collection[Any], outlets: Iterable[str]) -> None:
    """Mark rows of `model` (by primary key) as changed for `outlets`: each takes a new
    change number those outlets' pulls see (a family moved from outlet A to B and its open
    vouchers: `outlets={A, B}`). The one way to re-send rows whose content did not change."""
    keys = list(keys)
    if not keys:
        return
    versions = Versions(session, len(keys), outlets)
    pk = model.__table__.primary_key.columns.values()[0]
    for key in sorted(keys):
        session.execute(update(model).where(pk == key).values(version=versions()))


def current(session: Session, outlet: str | None = None) -> int:
    """The last number handed out in `outlet`'s stream (None: the global stream; an outlet
    without a stream yet starts at the global value)."""
    codes = [GLOBAL] if outlet is None else [GLOBAL, outlet]
    values = dict(
        session.execute(
            select(ChangeStream.outlet_code, ChangeStream.value).where(
                ChangeStream.outlet_code.in_(codes)
            )
        ).all()
    )
    return int(values.get(outlet or GLOBAL, values.get(GLOBAL, 0)))


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
        hash_version=HASH_VERSION,  # ensure_initialised re-hashed the office's rows
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


_KINDS = ("category", "period", "product", "family", "voucher", "account")


def _scopes(outlet: str) -> list[tuple[str, Any, Any]]:
    """(kind, model, condition): what `outlet` needs of each table, each one a range of a
    `(outlet column, version)` index (reference data: of the `version` index)."""
    return [
        ("category", Category, None),
        ("period", Period, None),
        ("product", Product, None),
        ("family", Family, Family.outlet_code == outlet),
        # a family moved away, which its old outlet must learn
        ("family", Family, Family.prev_outlet_code == outlet),
        # the family's outlet copied onto the voucher (triggers keep it in step)
        ("voucher", Voucher, Voucher.outlet_code == outlet),
        ("account", Account, Account.outlet_code == outlet),
    ]


def pull_page(session: Session, device: Device, since: int, limit: int) -> w.PullPage:
    """The next changes after `since` that `device`'s outlet needs (read-only), validated
    as the wire model (`pull_payload` is the same page as plain JSON values)."""
    page: w.PullPage = w.PullPage.model_validate(pull_payload(session, device, since, limit))
    return page


# The page's statements, built once (bound per page): what `_scopes` says, as Core
# statements on the session's connection, rows as plain tuples. The families' and
# vouchers' columns are selected in their wire order and zipped with the wire keys (they
# are nearly every row of a page); tests/sync/test_pull.py holds the result equal to the
# validated models' JSON.
_FAMILY_WIRE = (
    "dtks_id", "name", "address", "rt_rw", "kelurahan", "kecamatan", "nik_hash", "nik_last4",
    "kk_hash", "kk_last4", "card_hash", "card_last4", "card_bank", "outlet_code", "status",
    "status_reason", "flags", "updated_at",
)  # fmt: skip
_FAMILY_COLUMNS = tuple(Family.__table__.c[k] for k in _FAMILY_WIRE)
# the voucher's `redeemed` (every device's) is sent as what was redeemed elsewhere
_VOUCHER_WIRE = (
    "code", "family", "period", "amount", "valid_from", "valid_until", "status",
    "status_reason", "redeemed_elsewhere", "updated_at",
)  # fmt: skip
_VC = Voucher.__table__.c
_VOUCHER_COLUMNS = (
    _VC.code, _VC.family_dtks, _VC.period, _VC.amount, _VC.valid_from, _VC.valid_until,
    _VC.status, _VC.status_reason, _VC.redeemed, _VC.updated_at,
)  # fmt: skip
_SINCE: BindParameter[Any] = bindparam("since")
_CURSOR: BindParameter[Any] = bindparam("cursor")
_OUTLET: BindParameter[Any] = bindparam("outlet")
_NEED: BindParameter[Any] = bindparam("need", expanding=True)


def _statements() -> list[tuple[str, Any, Any]]:
    """(kind, version statement, rows statement) per scope of `_scopes`."""
    out = []
    for kind, model, condition in _scopes_bound():
        where = [model.version > _SINCE]
        if condition is not None:
            where.append(condition)
        versions = select(model.version).where(*where).order_by(model.version).limit(bindparam("n"))
        columns = {"family": _FAMILY_COLUMNS, "voucher": _VOUCHER_COLUMNS}.get(
            kind, tuple(model.__table__.columns)
        )
        rows = select(*columns).where(*where, model.version <= _CURSOR)
        out.append((kind, versions, rows))
    return out


def _scopes_bound() -> list[tuple[str, Any, Any]]:
    """`_scopes` with the outlet as a bound parameter."""
    return [
        (kind, model, None if condition is None else condition.left == _OUTLET)
        for kind, model, condition in _scopes("?")
    ]


_PAGE = _statements()
_NEEDED_FAMILIES = select(*_FAMILY_COLUMNS).where(
    Family.dtks_id.in_(_NEED), Family.version > _CURSOR
)
_NEEDED_PERIODS = select(*Period.__table__.columns).where(
    Period.code.in_(_NEED), Period.version > _CURSOR
)
_NEEDED_CATEGORIES = select(*Category.__table__.columns).where(
    Category.code.in_(_NEED), Category.version > _CURSOR
)
# this device's own redemptions of the page's vouchers (by the redemption index's
# `(voucher_code, device_id)`, whatever the backend's planner thinks of a join)
_OWN_REDEEMED = (
    select(Redemption.voucher_code, func.sum(Redemption.amount))
    .where(Redemption.voucher_code.in_(_NEED), Redemption.device_id == bindparam("device"))
    .group_by(Redemption.voucher_code)
)


def _category_json(c: Any) -> dict[str, Any]:
    return {"code": c.code, "name_id": c.name_id, "name_en": c.name_en}


def _period_json(p: Any) -> dict[str, Any]:
    return {
        "code": p.code,
        "amount": p.amount,
        "eligible_categories": [c for c in p.eligible_categories.split(",") if c],
        "valid_from": p.valid_from,
        "valid_until": p.valid_until,
    }


def _product_json(p: Any) -> dict[str, Any]:
    return {
        "sku": p.sku,
        "barcode": p.barcode,
        "name": p.name,
        "category": p.category,
        "unit": p.unit,
        "fractional": bool(p.fractional),
        "price": p.price,
        "ceiling": p.ceiling,
        "reference_price": p.reference_price,
        "active": bool(p.active),
        "updated_at": p.updated_at,
    }


def _account_json(a: Any) -> dict[str, Any]:
    return {
        "username": a.username,
        "display_name": a.display_name,
        "role": a.role,
        "pin_hash": a.pin_hash,
        "active": bool(a.active),
    }


def pull_payload(session: Session, device: Device, since: int, limit: int) -> dict[str, Any]:
    """The next changes after `since` that `device`'s outlet needs (read-only), as the
    JSON values of a `PullPage` (the service serialises them once, as they are).

    First the page's boundary from the version indexes alone (the `limit`-th smallest
    version across the tables), then the rows up to it as plain tuples (statements built
    once, on the session's connection: no ORM loading, no model per row) and no row
    fetched that the page does not carry.
    """
    limit = max(1, min(limit, w.MAX_PAGE_SIZE))
    conn = session.connection()
    bound = {"since": since, "outlet": device.outlet_code, "n": limit + 1}
    versions: list[int] = []
    for _kind, version_query, _rows in _PAGE:
        versions.extend(conn.scalars(version_query, bound))
    versions.sort()
    more = len(versions) > limit
    cursor = versions[min(limit, len(versions)) - 1] if versions else since
    bound["cursor"] = cursor

    by_kind: dict[str, list[Any]] = {kind: [] for kind in _KINDS}
    if versions:
        for kind, _versions, rows_query in _PAGE:
            by_kind[kind].extend(conn.execute(rows_query, bound).all())
    families = by_kind["family"]  # _FAMILY_WIRE tuples
    if len(families) > 1:
        families = list({f[0]: f for f in families}.values())
    vouchers = by_kind["voucher"]  # _VOUCHER_COLUMNS tuples

    # Rows the page refers to that the outlet may not hold yet (changed after `since`).
    need = {v[1] for v in vouchers} - {f[0] for f in families}
    if need:
        families.extend(conn.execute(_NEEDED_FAMILIES, {"need": need, "cursor": cursor}).all())
    need = {v[2] for v in vouchers} - {p.code for p in by_kind["period"]}
    if need:
        by_kind["period"].extend(conn.execute(_NEEDED_PERIODS, {"need": need, "cursor": cursor}))
    have_categories = {c.code for c in by_kind["category"]}
    need = {p.category for p in by_kind["product"]}
    for period in by_kind["period"]:
        need.update(c for c in period.eligible_categories.split(",") if c)
    need -= have_categories
    if need:
        by_kind["category"].extend(
            conn.execute(_NEEDED_CATEGORIES, {"need": need, "cursor": cursor})
        )

    own: dict[str, int] = {}
    if vouchers:
        own = {
            code: int(total or 0)
            for code, total in conn.execute(
                _OWN_REDEEMED, {"need": [v[0] for v in vouchers], "device": device.id}
            )
        }
    voucher_json = [dict(zip(_VOUCHER_WIRE, v, strict=True)) for v in vouchers]
    if own:
        for row in voucher_json:
            row["redeemed_elsewhere"] -= own.get(row["code"], 0)
    family_json = [dict(zip(_FAMILY_WIRE, f, strict=True)) for f in families]
    for row in family_json:
        row["hash_version"] = HASH_VERSION  # ensure_initialised re-hashed the office's rows
    disputes = session.scalars(
        select(Dispute).where(Dispute.device_id == device.id).order_by(Dispute.seq, Dispute.id)
    ).all()
    return {
        "since": since,
        "cursor": cursor,
        "more": more,
        "categories": [_category_json(c) for c in by_kind["category"]],
        "periods": [_period_json(p) for p in by_kind["period"]],
        "families": family_json,
        "vouchers": voucher_json,
        "products": [_product_json(p) for p in by_kind["product"]],
        "accounts": [_account_json(a) for a in by_kind["account"]],
        "disputed": [wire_dispute(d).model_dump(mode="json") for d in disputes],
        "stored_up_to": device.last_seq,
    }
