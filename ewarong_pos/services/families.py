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
of query) - never the digits or the text typed. A look-up happens on every scan, and
writing its row in its own transaction (the write lock, the commit) was most of its time,
so the row is written after the fact (`Database.defer`): with the next write transaction
(opening the family, a sale), or by a timer within `db.engine.DEFER_SECONDS`, or when the
outlet is closed, and without an fsync. An application crash or a power cut can lose the
last seconds of look-up rows, never a sale. Per look-up: two plain statements on a pooled
DB-API connection (the actor's standing with the outlet's code, then the families), no
session; an unknown or inactive actor is refused before anything is read.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import select
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
from ewarong_pos.db.engine import OPERATIONAL_ERRORS, dbapi
from ewarong_pos.db.models import Account, Family, Outlet
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


# The look-up's statements: plain SQL run on a pooled DB-API connection (`Database.lookup`),
# no session and no statement building per call (SQLAlchemy's per-call work cost more than
# the indexed read itself). The columns of a hit, in `_Hit` order.
_HIT_SQL = (
    "SELECT id, dtks_id, name, address, rt_rw, kelurahan, nik_last4, card_last4, status, "
    "status_reason, flags, outlet_code, nik_hash, kk_hash FROM family"
)
_BY_DTKS = _HIT_SQL + " WHERE dtks_id = ?"
_BY_DTKS_OR_CARD = _HIT_SQL + " WHERE dtks_id = ? OR card_hash = ? ORDER BY id"
_BY_DTKS_OR_NUMBER = _HIT_SQL + " WHERE dtks_id = ? OR nik_hash = ? OR kk_hash = ? ORDER BY id"
_BY_NUMBER = _HIT_SQL + " WHERE nik_hash = ? OR kk_hash = ? ORDER BY id"
# The actor's standing (None: no such account) and this outlet's code (None before set-up).
_ACTOR_AND_OUTLET = (
    "SELECT (SELECT active FROM account WHERE id = ?), (SELECT code FROM outlet LIMIT 1)"
)
# The audit row of a look-up, written after the fact (`Database.defer`): the actor was
# checked active by the look-up itself.
_AUDIT_SQL = (
    "INSERT INTO audit_log (at, account_id, action, family_id, detail) VALUES (?, ?, ?, ?, ?)"
)


class _Hit(NamedTuple):
    id: int
    dtks_id: str
    name: str
    address: str
    rt_rw: str
    kelurahan: str
    nik_last4: str
    card_last4: str
    status: str
    status_reason: str
    flags: str
    outlet_code: str
    nik_hash: str
    kk_hash: str


def _hit(row: _Hit, matched_by: str, here: str | None) -> FamilyHit:
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
        in_area=here is None or row.outlet_code == here,
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


def _rows(conn: Any, sql: str, *values: Any) -> list[_Hit]:
    return [_Hit._make(row) for row in conn.execute(sql, values)]


_NAME_SQL = (
    "SELECT rowid FROM family_fts WHERE family_fts MATCH ? "
    "ORDER BY bm25(family_fts, ?, ?, ?), rowid LIMIT ?"
)


def _name_search(conn: Any, match: str, limit: int) -> list[_Hit]:
    try:
        ids = [row[0] for row in conn.execute(_NAME_SQL, (match, *_WEIGHTS, limit))]
    except OPERATIONAL_ERRORS:
        # Unreachable with quoted words; kept so a tokenizer surprise never stops the till.
        log.warning("family name search failed for a query of %d characters", len(match))
        return []
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = {r.id: r for r in _rows(conn, f"{_HIT_SQL} WHERE id IN ({marks})", *ids)}
    return [found[i] for i in ids if i in found]


def _search(
    conn: Any, key: bytes, raw: str, limit: int, here: str | None = None
) -> tuple[str, list[FamilyHit]]:
    """(kind of query, hits) for one look-up, on a DB-API connection (or a session's:
    tests search inside their own transaction). `here`: this outlet's code (in_area).

    An exact ID DTKS wins over everything; for 16 digits it is asked in the same statement
    as the card (or NIK and No. KK) hashes, so a scan costs one indexed SELECT.
    """
    if isinstance(conn, Session):
        conn = dbapi(conn)
    query = unicodedata.normalize("NFKC", raw).strip()
    kind = classify(query)
    if kind == "name":
        by_dtks = _rows(conn, _BY_DTKS, query)
        if by_dtks:
            return "dtks", [_hit(by_dtks[0], "dtks", here)]
        match = fts_query(query)
        if match is None:
            return "name", []
        return "name", [_hit(r, "name", here) for r in _name_search(conn, match, limit)]
    digits = digits_only(query)
    # Each keyed hash is deliberately slow (core.identifiers, ~10 ms): a card scan, the
    # usual case, computes only the card's; NIK and No. KK only when the card finds nothing.
    if kind == "card":
        card = keyed_hash(key, "card", digits)
        rows = _rows(conn, _BY_DTKS_OR_CARD, query, card)
        dtks = [r for r in rows if r.dtks_id == query]
        if dtks:
            return "dtks", [_hit(dtks[0], "dtks", here)]
        if rows:
            return "card", [_hit(r, "card", here) for r in rows[:limit]]
        nik = keyed_hash(key, "nik", digits)
        kk = keyed_hash(key, "kk", digits)
        rows = _rows(conn, _BY_NUMBER, nik, kk)
    else:
        nik = keyed_hash(key, "nik", digits)
        kk = keyed_hash(key, "kk", digits)
        rows = _rows(conn, _BY_DTKS_OR_NUMBER, query, nik, kk)
        dtks = [r for r in rows if r.dtks_id == query]
        if dtks:
            return "dtks", [_hit(dtks[0], "dtks", here)]
    # NIK matches first, then No. KK matches not already shown, each by id.
    hits = [_hit(r, "nik", here) for r in rows if r.nik_hash == nik]
    hits += [_hit(r, "kk", here) for r in rows if r.nik_hash != nik and r.kk_hash == kk]
    return kind, hits[:limit]


def find_families(ctx: Context, actor_id: int, query: str, limit: int = 20) -> list[FamilyHit]:
    """Families matching `query` (card scan, NIK, No. KK, ID DTKS or name), best first.

    Blank input returns [] and is not a look-up; anything else is audited as
    'family.search' with the kind of query and the ids shown, even when nothing matched.
    An unknown or inactive actor is refused ('auth.actor_unknown') and nothing is written.
    """
    if not query or not query.strip():
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    with ctx.db.lookup() as conn:
        active, here = conn.execute(_ACTOR_AND_OUTLET, (actor_id,)).fetchone()
        if not active:  # checked on every look-up, never cached
            raise DomainError("auth.actor_unknown", actor_id=actor_id)
        kind, hits = _search(conn, ctx.lookup_key, query, limit, here)
    # Written after the fact: see the module docstring (a look-up trace, never a fact).
    detail = {
        "query": kind,
        "matched": sorted({h.matched_by for h in hits}),
        "results": len(hits),
        "families": [h.id for h in hits],
    }
    ctx.db.defer(
        _AUDIT_SQL,
        (
            ctx.now_iso(),
            actor_id,
            "family.search",
            hits[0].id if len(hits) == 1 else None,
            canonical(detail),
        ),
    )
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
