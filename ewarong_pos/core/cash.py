"""Counting the cash drawer: Rupiah notes and coins in use, and what a count adds up to.

A count is a mapping from a denomination key to a number of pieces. The keys name notes
(`N100000` ... `N1000`) and coins (`C1000` ... `C100`) apart, because a 1.000 note and a
1.000 coin are both in use and a drawer holds both. The canonical form of a count (what
the journal stores) lists every denomination in the order below, zeros included, so the
same drawer is always the same bytes.

Over/short of a shift is `counted - expected`, with expected = opening float + cash sales
- cash voids (a void of a cash sale hands the money back out of the drawer). Positive is
over (more in the drawer than the books say), negative is short.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ewarong_pos.core.errors import DomainError


@dataclass(frozen=True)
class Denomination:
    key: str
    value: int  # rupiah
    coin: bool


DENOMINATIONS: tuple[Denomination, ...] = (
    Denomination("N100000", 100_000, False),
    Denomination("N50000", 50_000, False),
    Denomination("N20000", 20_000, False),
    Denomination("N10000", 10_000, False),
    Denomination("N5000", 5_000, False),
    Denomination("N2000", 2_000, False),
    Denomination("N1000", 1_000, False),
    Denomination("C1000", 1_000, True),
    Denomination("C500", 500, True),
    Denomination("C200", 200, True),
    Denomination("C100", 100, True),
)
BY_KEY = {d.key: d for d in DENOMINATIONS}
# More pieces of one denomination than any drawer holds: a typing slip (an amount typed
# into the pieces field), refused rather than recorded.
MAX_PIECES = 10_000
REASON_LIMIT = 200


def normalise_count(counts: Mapping[str, object]) -> dict[str, int]:
    """Every denomination with its number of pieces (0 if absent), in canonical order.

    Refuses ('cash.unknown_denomination', 'cash.bad_pieces') an unknown key, a negative,
    fractional or non-number count, or more than MAX_PIECES of one denomination.
    """
    for key in counts:
        if key not in BY_KEY:
            raise DomainError("cash.unknown_denomination", denomination=str(key)[:20])
    result: dict[str, int] = {}
    for d in DENOMINATIONS:
        value = counts.get(d.key, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError("cash.bad_pieces", denomination=label(d), value=str(value)[:20])
        if value < 0 or value > MAX_PIECES:
            raise DomainError("cash.bad_pieces", denomination=label(d), value=str(value))
        result[d.key] = value
    return result


def count_total(counts: Mapping[str, int]) -> int:
    """The rupiah a (normalised) count adds up to."""
    return sum(BY_KEY[key].value * pieces for key, pieces in counts.items())


def label(d: Denomination) -> str:
    """`100.000` for a note, `1.000 (koin)` for a coin: how the drawer's trays are named."""
    text = f"{d.value:,}".replace(",", ".")
    return f"{text} (koin)" if d.coin else text


def over_short(counted: int, expected: int) -> int:
    """Counted minus expected: positive over, negative short."""
    return counted - expected


def check_reason(reason: str | None, difference: int) -> str:
    """The reason for a difference: required when there is one, at most REASON_LIMIT."""
    text = (reason or "").strip()
    if difference != 0 and not text:
        raise DomainError("shift.reason_required", difference=difference)
    if len(text) > REASON_LIMIT:
        raise DomainError("shift.reason_too_long", limit=REASON_LIMIT)
    return text
