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
of query) - never the digits or the text typed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
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


def _hit(family: Family, matched_by: str, outlet_code: str | None) -> FamilyHit:
    return FamilyHit(
        id=family.id,
        dtks_id=family.dtks_id,
        name=family.name,
        address=family.address,
        rt_rw=family.rt_rw,
        kelurahan=family.kelurahan,
        nik_masked=mask_nik(family.nik_last4),
        card_masked=mask_card(family.card_last4),
        status=family.status,
        status_reason=family.status_reason,
        flags=_flags(family.flags),
        matched_by=matched_by,
        outlet_code=family.outlet_code,
        in_area=outlet_code is None or family.outlet_code == outlet_code,
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


def _by_hash(session: Session, column: Any, value: str) -> list[Family]:
    return list(session.scalars(select(Family).where(column == value).order_by(Family.id)))


def _name_search(session: Session, match: str, limit: int) -> list[Family]:
    try:
        ids = [
            row[0]
            for row in session.execute(
                text(
                    "SELECT rowid FROM family_fts WHERE family_fts MATCH :q "
                    "ORDER BY bm25(family_fts, :w1, :w2, :w3), rowid LIMIT :n"
                ),
                {"q": match, "w1": _WEIGHTS[0], "w2": _WEIGHTS[1], "w3": _WEIGHTS[2], "n": limit},
            )
        ]
    except OperationalError:
        # Unreachable with quoted words; kept so a tokenizer surprise never stops the till.
        log.warning("family name search failed for a query of %d characters", len(match))
        return []
    if not ids:
        return []
    found = {f.id: f for f in session.scalars(select(Family).where(Family.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _search(
    session: Session, key: bytes, raw: str, limit: int
) -> tuple[str, list[tuple[Family, str]]]:
    """(kind of query, [(family, matched_by)]) for one look-up."""
    query = unicodedata.normalize("NFKC", raw).strip()
    kind = classify(query)
    by_dtks = session.scalar(select(Family).where(Family.dtks_id == query)) if query else None
    if by_dtks is not None:
        return "dtks", [(by_dtks, "dtks")]
    if kind in ("card", "number"):
        digits = digits_only(query)
        if kind == "card":
            card = _by_hash(session, Family.card_hash, keyed_hash(key, "card", digits))
            if card:
                return "card", [(f, "card") for f in card[:limit]]
        hits: list[tuple[Family, str]] = [
            (f, "nik") for f in _by_hash(session, Family.nik_hash, keyed_hash(key, "nik", digits))
        ]
        seen = {f.id for f, _ in hits}
        hits += [
            (f, "kk")
            for f in _by_hash(session, Family.kk_hash, keyed_hash(key, "kk", digits))
            if f.id not in seen
        ]
        return kind, hits[:limit]
    match = fts_query(query)
    if match is None:
        return "name", []
    return "name", [(f, "name") for f in _name_search(session, match, limit)]


def _check_actor(session: Session, actor_id: int) -> None:
    actor = session.get(Account, actor_id)
    if actor is None or not actor.active:
        raise DomainError("auth.actor_unknown", actor_id=actor_id)


def find_families(ctx: Context, actor_id: int, query: str, limit: int = 20) -> list[FamilyHit]:
    """Families matching `query` (card scan, NIK, No. KK, ID DTKS or name), best first.

    Blank input returns [] and is not a look-up; anything else is audited as
    'family.search' with the kind of query and the ids shown, even when nothing matched.
    """
    if not query or not query.strip():
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    with ctx.db.read() as s:
        outlet_code = s.scalar(select(Outlet.code))
        kind, found = _search(s, ctx.lookup_key, query, limit)
        hits = [_hit(f, how, outlet_code) for f, how in found]
    with ctx.db.write() as s:
        _check_actor(s, actor_id)
        audit(
            s,
            ctx.now_iso(),
            "family.search",
            account_id=actor_id,
            family_id=hits[0].id if len(hits) == 1 else None,
            detail={
                "query": kind,
                "matched": sorted({h.matched_by for h in hits}),
                "results": len(hits),
                "families": [h.id for h in hits],
            },
        )
    return hits


def get_family(ctx: Context, actor_id: int, family_id: int) -> FamilyInfo:
    """One family by id, audited as 'family.view' ('family.not_found' if absent)."""
    with ctx.db.write() as s:
        _check_actor(s, actor_id)
        family = s.get(Family, family_id)
        if family is None:
            raise DomainError("family.not_found", family=family_id)
        outlet_code = s.scalar(select(Outlet.code))
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
