"""Find a beneficiary family at the counter: KKS card scan, NIK, No. KK, ID DTKS or name.

What was typed decides the search:
- 16 digits with a valid Luhn check digit (a card swipe or scan) -> the card's keyed
  hash; if no card matches, the same digits are tried as a NIK and a No. KK;
- 16 digits otherwise -> the NIK's and the No. KK's keyed hashes;
- an exact ID DTKS (tried first for any input: it is the roster's stable key);
- anything else -> the FTS5 index `family_fts` over name, address and kelurahan: case and
  accents folded by its unicode61 tokenizer, every word a prefix, all words required,
  ranked by bm25 with the name weighted above the address.
Raw input never reaches FTS5 query syntax: it is cut into letter/digit words, each quoted,
so a scanner's garbage burst finds nothing instead of raising.

Every look-up is written to the audit log (who, when, which families were shown, the kind
of query) - never the digits or the text typed. Those rows are committed without an fsync
(`Database.write(durable=False)`): a look-up happens on every scan, the fsync was half of
its time, and a power cut can at worst lose the last seconds of look-up rows, never a sale.
Per look-up: one read snapshot (the family columns as plain rows, the outlet's code as a
subquery of the same statement) and one statement writing the audit row only if the actor
is an active account - no separate queries for what does not change within a session.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Executable,
    Integer,
    Row,
    String,
    bindparam,
    exists,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import (
    check_card,
    digits_only,
    keyed_hash,
    mask_card,
    mask_nik,
)
from ewarong_pos.core.journal import canonical
from ewarong_pos.db.models import Account, AuditLog, Family, Outlet
from ewarong_pos.services.accounts import audit
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

MAX_LIMIT = 100
MAX_WORDS = 8
MIN_NAME_QUERY = 2  # letters/digits in all: one letter would match half the roster
# bm25 column weights: name, address, kelurahan
_WEIGHTS = (10.0, 2.0, 1.0)
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class FamilyHit:
    """One family in a search result: enough to tell namesakes apart, nothing more."""

    id: int
    dtks_id: str
    name: str
    address: str
    rt_rw: str
    kelurahan: str
    nik_masked: str  # ************1234
    card_masked: str  # **** 1234, "" without a card
    status: str  # active | suspended | removed
    status_reason: str
    flags: tuple[str, ...]
    matched_by: str  # card | nik | kk | dtks | name
    outlet_code: str
    in_area: bool  # assigned to this outlet


@dataclass(frozen=True)
class FamilyInfo:
    """A family as the counter shows it once chosen (no vouchers: see sales.entitlement)."""

    id: int
    dtks_id: str
    name: str
    address: str
    rt_rw: str
    kelurahan: str
    kecamatan: str
    nik_masked: str
    kk_masked: str
    card_masked: str
    card_bank: str
    status: str
    status_reason: str
    flags: tuple[str, ...]
    outlet_code: str
    in_area: bool
    updated_at: str


def _flags(value: str) -> tuple[str, ...]:
    return tuple(f for f in (part.strip() for part in value.split(",")) if f)


# Statements built once: per look-up, SQLAlchemy only binds the values (building and
# keying a statement per call cost more than running it). Plain table columns, no ORM
# entities: a hit needs a dozen strings, not a tracked object.
_F = Family.__table__.c
# This outlet's code, read in the same statement as the families (one row, primary key).
_HERE = select(Outlet.__table__.c.code).scalar_subquery().label("here")
_HIT_COLUMNS = select(
    _F.id,
    _F.dtks_id,
    _F.name,
    _F.address,
    _F.rt_rw,
    _F.kelurahan,
    _F.nik_last4,
    _F.card_last4,
    _F.status,
    _F.status_reason,
    _F.flags,
    _F.outlet_code,
    _F.nik_hash,
    _F.kk_hash,
    _HERE,
)
_IS_DTKS = _F.dtks_id == bindparam("q")
_IS_CARD = _F.card_hash == bindparam("card")
_IS_NIK_OR_KK = or_(_F.nik_hash == bindparam("nik"), _F.kk_hash == bindparam("kk"))
_BY_DTKS = _HIT_COLUMNS.where(_IS_DTKS)
_BY_DTKS_OR_CARD = _HIT_COLUMNS.where(or_(_IS_DTKS, _IS_CARD)).order_by(_F.id)
_BY_DTKS_OR_NUMBER = _HIT_COLUMNS.where(or_(_IS_DTKS, _IS_NIK_OR_KK)).order_by(_F.id)
_BY_NUMBER = _HIT_COLUMNS.where(_IS_NIK_OR_KK).order_by(_F.id)
_BY_IDS = _HIT_COLUMNS.where(_F.id.in_(bindparam("ids", expanding=True)))
_A = AuditLog.__table__.c
_ACCOUNT = Account.__table__.c
# The audit row, inserted only if the actor is an active account (else no row: refused).
_AUDIT_IF_ACTIVE = insert(AuditLog).from_select(
    [_A.at, _A.account_id, _A.action, _A.family_id, _A.detail],
    select(
        bindparam("at", type_=String),
        bindparam("actor", type_=Integer),
        bindparam("action", type_=String),
        bindparam("family", type_=Integer),
        bindparam("detail", type_=String),
    ).where(exists().where(_ACCOUNT.id == bindparam("actor"), _ACCOUNT.active.is_(True))),
)


def _hit(row: Row[Any], matched_by: str) -> FamilyHit:
    return FamilyHit(
        id=row.id,
        dtks_id=row.dtks_id,
        name=row.name,
        address=row.address,
        rt_rw=row.rt_rw,
        kelurahan=row.kelurahan,
        nik_masked=mask_nik(row.nik_last4),
        card_masked=mask_card(row.card_last4),
        status=row.status,
        status_reason=row.status_reason,
        flags=_flags(row.flags),
        matched_by=matched_by,
        outlet_code=row.outlet_code,
        in_area=row.here is None or row.outlet_code == row.here,
    )


def fts_query(raw: str) -> str | None:
    """The FTS5 MATCH expression for typed text: every word quoted and made a prefix.

    None when nothing searchable is left (punctuation only, or fewer than two letters).
    Quoting makes FTS5 operators (AND, NEAR, *, ^, column filters) plain words.
    """
    words = _WORD.findall(unicodedata.normalize("NFKC", raw))[:MAX_WORDS]
    if sum(len(w) for w in words) < MIN_NAME_QUERY:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def classify(raw: str) -> str:
    """The kind of a query as the audit log records it: 'card', 'number' or 'name'."""
    digits = digits_only(unicodedata.normalize("NFKC", raw).strip())
    if len(digits) == 16 and digits.isascii() and digits.isdigit():
        return "card" if check_card(digits) is None else "number"
    return "name"


def _rows(session: Session, statement: Executable, **values: Any) -> list[Row[Any]]:
    return list(session.connection().execute(statement, values))


_NAME_SQL = text(
    "SELECT rowid FROM family_fts WHERE family_fts MATCH :q "
    "ORDER BY bm25(family_fts, :w1, :w2, :w3), rowid LIMIT :n"
)


def _name_search(session: Session, match: str, limit: int) -> list[Row[Any]]:
    try:
        ids = [
            row[0]
            for row in session.execute(
                _NAME_SQL,
                {"q": match, "w1": _WEIGHTS[0], "w2": _WEIGHTS[1], "w3": _WEIGHTS[2], "n": limit},
            )
        ]
    except OperationalError:
        # Unreachable with quoted words; kept so a tokenizer surprise never stops the till.
        log.warning("family name search failed for a query of %d characters", len(match))
        return []
    if not ids:
        return []
    found = {r.id: r for r in _rows(session, _BY_IDS, ids=ids)}
    return [found[i] for i in ids if i in found]


def _search(session: Session, key: bytes, raw: str, limit: int) -> tuple[str, list[FamilyHit]]:
    """(kind of query, hits) for one look-up.

    An exact ID DTKS wins over everything; for 16 digits it is asked in the same statement
    as the card (or NIK and No. KK) hashes, so a scan costs one indexed SELECT.
    """
    query = unicodedata.normalize("NFKC", raw).strip()
    kind = classify(query)
    if kind == "name":
        by_dtks = _rows(session, _BY_DTKS, q=query)
        if by_dtks:
            return "dtks", [_hit(by_dtks[0], "dtks")]
        match = fts_query(query)
        if match is None:
            return "name", []
        return "name", [_hit(r, "name") for r in _name_search(session, match, limit)]
    digits = digits_only(query)
    # Each keyed hash is deliberately slow (core.identifiers, ~10 ms): a card scan, the
    # usual case, computes only the card's; NIK and No. KK only when the card finds nothing.
    if kind == "card":
        card = keyed_hash(key, "card", digits)
        rows = _rows(session, _BY_DTKS_OR_CARD, q=query, card=card)
        dtks = [r for r in rows if r.dtks_id == query]
        if dtks:
            return "dtks", [_hit(dtks[0], "dtks")]
        if rows:
            return "card", [_hit(r, "card") for r in rows[:limit]]
        nik = keyed_hash(key, "nik", digits)
        kk = keyed_hash(key, "kk", digits)
        rows = _rows(session, _BY_NUMBER, nik=nik, kk=kk)
    else:
        nik = keyed_hash(key, "nik", digits)
        kk = keyed_hash(key, "kk", digits)
        rows = _rows(session, _BY_DTKS_OR_NUMBER, q=query, nik=nik, kk=kk)
        dtks = [r for r in rows if r.dtks_id == query]
        if dtks:
            return "dtks", [_hit(dtks[0], "dtks")]
    # NIK matches first, then No. KK matches not already shown, each by id.
    hits = [_hit(r, "nik") for r in rows if r.nik_hash == nik]
    hits += [_hit(r, "kk") for r in rows if r.nik_hash != nik and r.kk_hash == kk]
    return kind, hits[:limit]


def _audit_if_active(
    session: Session,
    at: str,
    action: str,
    actor_id: int,
    family_id: int | None,
    detail: dict[str, Any],
) -> bool:
    """Add one audit row (as `accounts.audit` would) only if `actor_id` is an active
    account: the actor check and the row in one statement. False when refused."""
    result = session.connection().execute(
        _AUDIT_IF_ACTIVE,
        {
            "at": at,
            "actor": actor_id,
            "action": action,
            "family": family_id,
            "detail": canonical(detail),
        },
    )
    return bool(cast(CursorResult[Any], result).rowcount == 1)


def find_families(ctx: Context, actor_id: int, query: str, limit: int = 20) -> list[FamilyHit]:
    """Families matching `query` (card scan, NIK, No. KK, ID DTKS or name), best first.

    Blank input returns [] and is not a look-up; anything else is audited as
    'family.search' with the kind of query and the ids shown, even when nothing matched.
    An unknown or inactive actor is refused ('auth.actor_unknown') and nothing is written.
    """
    if not query or not query.strip():
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    with ctx.db.read() as s:
        kind, hits = _search(s, ctx.lookup_key, query, limit)
    # Not durable: see the module docstring (a look-up trace, never a business fact).
    with ctx.db.write(durable=False) as s:
        written = _audit_if_active(
            s,
            ctx.now_iso(),
            "family.search",
            actor_id,
            hits[0].id if len(hits) == 1 else None,
            {
                "query": kind,
                "matched": sorted({h.matched_by for h in hits}),
                "results": len(hits),
                "families": [h.id for h in hits],
            },
        )
    if not written:
        raise DomainError("auth.actor_unknown", actor_id=actor_id)
    return hits


def _check_actor(session: Session, actor_id: int) -> str | None:
    """Refuse an unknown or inactive actor; this outlet's code (None before set-up)."""
    row = session.execute(
        select(Account.active, select(Outlet.code).scalar_subquery()).where(Account.id == actor_id)
    ).first()
    if row is None or not row[0]:
        raise DomainError("auth.actor_unknown", actor_id=actor_id)
    return cast(str | None, row[1])


def get_family(ctx: Context, actor_id: int, family_id: int) -> FamilyInfo:
    """One family by id, audited as 'family.view' ('family.not_found' if absent)."""
    # Not durable, like the look-up's row: see the module docstring.
    with ctx.db.write(durable=False) as s:
        outlet_code = _check_actor(s, actor_id)
        family = s.get(Family, family_id)
        if family is None:
            raise DomainError("family.not_found", family=family_id)
        audit(s, ctx.now_iso(), "family.view", account_id=actor_id, family_id=family.id)
        return FamilyInfo(
            id=family.id,
            dtks_id=family.dtks_id,
            name=family.name,
            address=family.address,
            rt_rw=family.rt_rw,
            kelurahan=family.kelurahan,
            kecamatan=family.kecamatan,
            nik_masked=mask_nik(family.nik_last4),
            kk_masked=mask_nik(family.kk_last4),
            card_masked=mask_card(family.card_last4),
            card_bank=family.card_bank,
            status=family.status,
            status_reason=family.status_reason,
            flags=_flags(family.flags),
            outlet_code=family.outlet_code,
            in_area=outlet_code is None or family.outlet_code == outlet_code,
            updated_at=family.updated_at,
        )
