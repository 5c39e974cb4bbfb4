"""Writing and reading the device journal inside the caller's transaction."""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core import journal as chain
from ewarong_pos.core.dates import WIB, parse_iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Device, JournalEntry


def append(
    session: Session,
    device_id: str,
    kind: str,
    payload: dict[str, Any],
    at: str,
    entry_uuid: str | None = None,
    *,
    allow_clock_back: bool = False,
) -> JournalEntry:
    """Add the next entry of `device_id`'s chain; call inside the fact's own transaction.

    Sequence numbers come from the chain itself under the writer lock (BEGIN IMMEDIATE),
    so they are gap-free and a rolled-back fact leaves no entry behind. A fact dated before
    the last entry (beyond `CLOCK_TOLERANCE_SECONDS`: the PC clock was moved back) is
    refused with `clock.backwards`, and the caller's whole transaction rolls back; only a
    manager's clock correction (`services.clock`) passes `allow_clock_back`.
    """
    last = _last(session, device_id)
    if not allow_clock_back:
        _refuse_clock_back(last, at)
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, chain.GENESIS)
    entry = chain.make_entry(
        prev_hash, device_id, seq, entry_uuid or str(uuidlib.uuid4()), kind, at, payload
    )
    return store(session, entry)


class Last(NamedTuple):
    """A device's last journal entry as the next one needs it, and its clock's mark.

    `high_at`/`high_seq`: the latest time in the device's journal since its last clock
    correction and that entry's seq (the device row's mark, kept by a trigger): what a new
    fact's time is compared with, as `journal verify` compares it. A clock stepped back a
    little at a time would otherwise pass entry by entry while the journal went back by
    more than the tolerance."""

    seq: int
    hash: str
    at: str
    high_at: str | None = None  # None: the last entry's `at` (no mark yet)
    high_seq: int | None = None


_INSERT = (
    "INSERT INTO journal (device_id, seq, uuid, kind, at, payload, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def append_after(
    raw: Any,
    last: Last | None,
    device_id: str,
    kind: str,
    payload: dict[str, Any],
    at: str,
    entry_uuid: str | None = None,
) -> chain.Entry:
    """`append` for a caller that read `last` (the device's last entry, None for none) in
    its own write transaction, under the writer lock, and writes with that transaction's
    DB-API connection `raw` (the sales engine's hot path: no ORM object, no flush, no
    second read of the last entry). The same checks and the same stored bytes as `append`.
    """
    _refuse_clock_back(last, at)
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, chain.GENESIS)
    entry = chain.make_entry(
        prev_hash, device_id, seq, entry_uuid or str(uuidlib.uuid4()), kind, at, payload
    )
    raw.execute(
        _INSERT,
        (entry.device, entry.seq, entry.uuid, entry.kind, entry.at,
         chain.canonical(entry.payload), entry.prev_hash, entry.hash),
    )  # fmt: skip
    return entry


def last_entry(session: Session, device_id: str) -> Last | None:
    """The device's last entry (seq, hash, at) with its clock's mark, or None."""
    return _last(session, device_id)


def _last(session: Session, device_id: str) -> Last | None:
    row = session.execute(
        select(JournalEntry.seq, JournalEntry.hash, JournalEntry.at, Device.clock_high_at,
               Device.clock_high_seq)
        .join(Device, Device.id == JournalEntry.device_id)
        .where(JournalEntry.device_id == device_id)
        .order_by(JournalEntry.seq.desc())
        .limit(1)
    ).first()  # fmt: skip
    return Last(*row) if row is not None else None


def behind_mark(last: Last | None, at: str) -> tuple[str, int] | None:
    """The device's clock mark (time, seq: the time a new fact must not go back from) when
    `at` lies behind it beyond the tolerance; None when it does not, or for an empty
    journal (`last` None)."""
    if last is None:
        return None
    if last.high_at is None or last.high_seq is None:
        mark = (last.at, last.seq)
    else:
        mark = (last.high_at, last.high_seq)
    return mark if chain.clock_went_back(mark[0], at) else None


def refuse_clock_back(last: Last | None, at: str) -> None:
    """Refuse (`clock.backwards`) a fact at `at` dated before the device's clock mark
    (`Last`, None for an empty journal) beyond the tolerance."""
    _refuse_clock_back(last, at)


def _refuse_clock_back(last: Last | None, at: str) -> None:
    mark = behind_mark(last, at)
    if mark is not None:
        raise DomainError("clock.backwards", now=_wib(at), last=_wib(mark[0]), seq=mark[1])


def check_clock(session: Session, device_id: str, at: str) -> None:
    """Refuse (`clock.backwards`) a fact at `at` before this device's clock mark: commits
    call it first, so a clock moved back is named before any rule that reads the date."""
    _refuse_clock_back(_last(session, device_id), at)


def _wib(at: str) -> str:
    return parse_iso(at).astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")


def store(session: Session, entry: chain.Entry) -> JournalEntry:
    """Add an entry made (and hashed) elsewhere as it is: a new fact's, a restore marker,
    or one the central office gives back. The inverse of `to_entry`."""
    row = JournalEntry(
        device_id=entry.device,
        seq=entry.seq,
        uuid=entry.uuid,
        kind=entry.kind,
        at=entry.at,
        payload=chain.canonical(entry.payload),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )
    session.add(row)
    session.flush()
    return row


def to_entry(row: JournalEntry) -> chain.Entry:
    return chain.Entry(
        device=row.device_id,
        seq=row.seq,
        uuid=row.uuid,
        kind=row.kind,
        at=row.at,
        payload=json.loads(row.payload),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def iter_entries(
    session: Session, device_id: str, after_seq: int = 0, batch: int = 1000
) -> Iterator[chain.Entry]:
    """Entries of one device in seq order, read in batches (the journal can be large)."""
    cursor = after_seq
    while True:
        rows = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device_id, JournalEntry.seq > cursor)
            .order_by(JournalEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield to_entry(row)
        cursor = rows[-1].seq
