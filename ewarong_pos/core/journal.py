"""The tamper-evident journal: canonical JSON encoding and the SHA-256 hash chain.

Each entry is `{device, seq, uuid, kind, at, payload}`. Its hash is
SHA-256(prev_hash || "\\n" || canonical(entry)), where canonical() is JSON with sorted
keys, no insignificant white space, UTF-8, and only str/int/bool/None/list/dict values
(no floats: money and quantities are ints). The first entry of a device chains to
GENESIS. Deleting, inserting, reordering or editing any entry changes every later hash.
The same code runs on the outlet (when writing and in `ewarong journal verify`) and on
the central office (when a batch is pushed), so both agree byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

# Time only moves forward in the journal (DOMAIN.md: "The PC clock is not to be trusted"):
# a fact dated more than this before the last entry is refused (clock.backwards) and
# `journal verify` reports such an entry. Small steps back (an NTP correction) pass.
CLOCK_TOLERANCE_SECONDS = 600


def clock_went_back(previous_at: str, at: str) -> bool:
    """Whether `at` lies more than the tolerance before `previous_at` (journal times)."""
    from ewarong_pos.core.dates import parse_iso

    try:
        back = (parse_iso(previous_at) - parse_iso(at)).total_seconds()
    except ValueError:
        return False  # not our format: the chain check reports the entry, not this
    return back > CLOCK_TOLERANCE_SECONDS


def _check(value: Any, path: str) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        raise TypeError(f"float in journal payload at {path}: use int rupiah / milli-units")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"non-string key in journal payload at {path}")
            _check(item, f"{path}.{key}")
        return
    raise TypeError(f"{type(value).__name__} in journal payload at {path}")


_PLAIN = frozenset({str, int, bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether `value` is made only of dict (str keys), list, str, int, bool and None, by
    exact type: what `_check` accepts, told without building a path for every item (the
    office checks every pushed payload). False sends the value to `_check`, which names
    what it refuses, or accepts what this does not know (subclasses, tuples, mappings)."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _PLAIN and not _plain(item)):
                return False
        return True
    if kind is list:
        return all(type(item) in _PLAIN or _plain(item) for item in value)
    return False


# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False), the encoder
# built once (json.dumps builds one per call for these options); it keeps no state
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# json.dumps(text, ensure_ascii=False) of a str
_TEXT = json.JSONEncoder(ensure_ascii=False)


def canonical(value: Any) -> str:
    """The one JSON text of a value that every party hashes."""
    if not _plain(value):
        _check(value, "$")
    return _CANONICAL.encode(value)


@dataclass(frozen=True)
class Entry:
    device: str
    seq: int
    uuid: str
    kind: str
    at: str  # ISO UTC, see core.dates.iso
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "seq": self.seq,
            "uuid": self.uuid,
            "kind": self.kind,
            "at": self.at,
            "payload": self.payload,
        }


def entry_hash(prev_hash: str, body: Mapping[str, Any]) -> str:
    data = (prev_hash + "\n" + canonical(dict(body))).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def body_text(device: str, seq: int, uuid: str, kind: str, at: str, payload_text: str) -> str:
    """`canonical(body)` of an entry, composed around its payload's canonical text (the
    same characters: the body's keys sorted are at, device, kind, payload, seq, uuid).

    The office hashes a pushed entry with it and stores the payload text it hashed,
    instead of rendering the payload twice; `tests/core/test_journal.py` holds it equal
    to `canonical`."""
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise TypeError("seq must be an int")

    def text(value: str) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{type(value).__name__} where the entry needs text")
        return _TEXT.encode(value)

    return (
        f'{{"at":{text(at)},"device":{text(device)},"kind":{text(kind)},'
        f'"payload":{payload_text},"seq":{seq},"uuid":{text(uuid)}}}'
    )


def text_hash(prev_hash: str, body: str) -> str:
    """The entry hash over a body already in canonical text (`body_text`)."""
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def make_entry(
    prev_hash: str, device: str, seq: int, uuid: str, kind: str, at: str, payload: dict[str, Any]
) -> Entry:
    body = {"device": device, "seq": seq, "uuid": uuid, "kind": kind, "at": at, "payload": payload}
    return Entry(device, seq, uuid, kind, at, payload, prev_hash, entry_hash(prev_hash, body))


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str  # 'gap', 'prev_hash', 'hash', 'device', 'start'
    detail: str


def verify_chain(
    entries: Iterable[Entry], *, start_seq: int = 1, start_hash: str = GENESIS
) -> ChainBreak | None:
    """The first break in a run of entries (ordered by seq), or None if the chain holds."""
    expected_seq = start_seq
    prev = start_hash
    device: str | None = None
    for entry in entries:
        if device is None:
            device = entry.device
        elif entry.device != device:
            return ChainBreak(entry.seq, "device", f"entry of device {entry.device} in {device}")
        if entry.seq != expected_seq:
            reason = "gap" if entry.seq > expected_seq else "order"
            return ChainBreak(
                expected_seq, reason, f"expected seq {expected_seq}, found {entry.seq}"
            )
        if entry.prev_hash != prev:
            return ChainBreak(entry.seq, "prev_hash", "previous-hash link does not match")
        if entry_hash(entry.prev_hash, entry.body()) != entry.hash:
            return ChainBreak(entry.seq, "hash", "content does not match its hash")
        prev = entry.hash
        expected_seq += 1
    return None
