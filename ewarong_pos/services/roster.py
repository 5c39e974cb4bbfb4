"""Apply a roster file (docs/roster-format.md) to the outlet database, all or nothing.

The file is parsed and checked completely before the database is opened for writing
(`core.roster.parse_roster`); then one write transaction updates families by ID DTKS,
creates or updates the voucher of each row's period and records a `roster_import` row.
Any problem found on the way raises and rolls everything back.

NIK, No. KK and card number are kept only as keyed hashes (`ctx.lookup_key`) plus their
last four digits. Rows go in with executemany-style Core statements: a whole-Jakarta
roster (212,948 families) is one transaction of a few bulk statements, not 200,000 ORM
objects.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError, Problem, ProblemList
from ewarong_pos.core.identifiers import keyed_hash, last4
from ewarong_pos.core.roster import (
    DEFAULT_MAX_BYTES,
    RosterFlag,
    RosterParse,
    RosterRecord,
    parse_roster,
)
from ewarong_pos.db.models import Family, Outlet, Period, RosterImport, Voucher
from ewarong_pos.db.queries import voucher_remaining
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)

BATCH = 5000
BULK_CACHE_KIB = 512 * 1024  # at most; SQLite takes pages only as it needs them
DEFAULT_CACHE_KIB = 2000  # SQLite's default


@dataclass(frozen=True)
class RosterReport:
    """What an import did; flags name the line and ID DTKS, never an identifier."""

    file_name: str
    sha256: str
    rows: int
    families_created: int
    families_updated: int
    families_unchanged: int
    vouchers_created: int
    vouchers_updated: int
    flagged: int
    flags: list[RosterFlag]
    own_outlet: int  # rows assigned to this outlet
    other_outlets: int
    cards_released: int  # cards moved away from families not in the file
    seconds: float
    identifier_changes: int = 0  # known families whose NIK or No. KK this file changed
    # new or updated families whose NIK another family (not in the file) already holds:
    # (line, ID DTKS, the other family's ID DTKS)
    nik_conflicts: tuple[tuple[int, str, str], ...] = ()
    cleaned: int = 0  # cells whose invisible characters were removed


def identifier_change_limit(known_families: int) -> int:
    """How many known families' NIK/KK one file may change without a confirmation.

    A monthly roster corrects a few identifiers; a file that changes many at once is a
    shifted column, a damaged export or the wrong file, and would break every look-up.
    """
    return max(5, known_families // 50)


def voucher_code(period: str, dtks_id: str) -> str:
    return f"BPNT-{period}-{dtks_id}"


def _noop(stage: str, done: int, total: int) -> None:
    return None


# The family columns a roster sets, in the order of the tuples below; `dtks_id` first.
_FIELDS = (
    "dtks_id", "name", "address", "rt_rw", "kelurahan", "kecamatan", "nik_hash", "nik_last4",
    "kk_hash", "kk_last4", "card_hash", "card_last4", "card_bank", "outlet_code", "status",
    "status_reason", "flags",
)  # fmt: skip
_CARD = _FIELDS.index("card_hash")
_NIK = _FIELDS.index("nik_hash")
_KK = _FIELDS.index("kk_hash")
_FLAGS = _FIELDS.index("flags")
_INSERT_FAMILY = (
    f"INSERT INTO family ({', '.join(_FIELDS)}, updated_at) "
    f"VALUES ({', '.join('?' for _ in _FIELDS)}, ?)"
)
_UPDATE_FAMILY = (
    f"UPDATE family SET {', '.join(f'{c} = ?' for c in _FIELDS[1:])}, updated_at = ? WHERE id = ?"
)
_INSERT_VOUCHER = (
    "INSERT INTO voucher (code, family_id, period, amount, valid_from, valid_until, status, "
    "status_reason, redeemed_elsewhere, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', '', 0, ?)"
)

FamilyRow = tuple[Any, ...]  # values of _FIELDS


def _family_row(key: bytes, r: RosterRecord) -> FamilyRow:
    """A roster record as family column values: identifiers become keyed hash + last 4.

    Tuples, not dicts: a whole-Jakarta roster holds 212,948 of them at once.
    """
    return (
        r.id_dtks, r.nama, r.alamat, r.rt_rw, r.kelurahan, r.kecamatan,
        keyed_hash(key, "nik", r.nik) if r.nik else "", last4(r.nik),
        keyed_hash(key, "kk", r.no_kk) if r.no_kk else "", last4(r.no_kk),
        keyed_hash(key, "card", r.no_kks) if r.no_kks else None, last4(r.no_kks),
        r.bank, r.kode_ewarong, r.status, r.alasan_status, ",".join(r.flags),
    )  # fmt: skip


def _batches(rows: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def import_roster(
    ctx: Context,
    path: str | os.PathLike[str] | BinaryIO,
    progress: Progress | None = None,
    *,
    file_name: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    accept_identifier_changes: int | None = None,
) -> RosterReport:
    """Check the file, then apply it in one transaction; ProblemList if anything is wrong.

    `max_bytes`: the size limit of the file (None: any size). `accept_identifier_changes`:
    the number of known families whose NIK/KK the file changes, as the refusal
    `roster.identifier_changes` told it (a confirmation of exactly that count).
    """
    report = progress or _noop
    started = time.monotonic()
    name = file_name or (Path(path).name if isinstance(path, str | os.PathLike) else "stream")
    report("parse", 0, 1)
    parsed = parse_roster(path, max_bytes=max_bytes)
    report("parse", 1, 1)
    with ctx.db.write() as s:
        result = apply_roster(
            s, ctx.lookup_key, parsed, ctx.now_iso(), name, report,
            accept_identifier_changes=accept_identifier_changes,
        )  # fmt: skip
    seconds = round(time.monotonic() - started, 3)
    log.info(
        "roster %s imported: %d rows, %d new, %d updated, %d flagged in %.1f s",
        name, result.rows, result.families_created, result.families_updated,
        result.flagged, seconds,
    )  # fmt: skip
    return RosterReport(**{**result.__dict__, "seconds": seconds})


def apply_roster(
    s: Session,
    key: bytes,
    parsed: RosterParse,
    now: str,
    file_name: str,
    progress: Progress = _noop,
    *,
    accept_identifier_changes: int | None = None,
) -> RosterReport:
    """The database half of an import, inside the caller's write transaction."""
    records = parsed.records
    periods = {p.code: p for p in s.scalars(select(Period).where(Period.code.in_(parsed.periods)))}
    problems = []
    reported: set[str] = set()
    for r in records:
        if r.periode and r.periode not in periods and r.periode not in reported:
            reported.add(r.periode)
            problems.append(Problem(r.line, "periode", "roster.unknown_period", value=r.periode))
    if problems:
        raise ProblemList("roster.rejected", problems)

    # Random keyed hashes land all over their indexes: with SQLite's default 2 MB page
    # cache a big roster spills to the WAL on every batch. Keep the pages in memory until
    # the commit, then give the pooled connection its normal cache back.
    conn = s.connection()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")

    total = len(records)
    progress("hash", 0, total)
    rows = [_family_row(key, r) for r in records]
    progress("hash", total, total)

    # Existing families by ID DTKS: (id, the values a roster sets).
    existing: dict[str, tuple[int, FamilyRow]] = {}
    cols = [Family.id, *(getattr(Family, c) for c in _FIELDS)]
    for found in s.execute(select(*cols)):
        existing[found[1]] = (found[0], tuple(found[1:]))

    # Identifiers: a file that changes many known families' NIK/KK at once needs a
    # confirmation; a NIK another family already holds is flagged on the newcomer.
    id_changes = 0
    known_in_file = 0
    in_file = {row[0] for row in rows}
    nik_holder: dict[str, str] = {}
    for dtks, (_fid, old_row) in existing.items():
        if old_row[_NIK] and dtks not in in_file:
            nik_holder.setdefault(old_row[_NIK], dtks)
    conflicts: list[tuple[int, str, str]] = []
    extra_flags: list[RosterFlag] = []
    for i, row in enumerate(rows):
        old = existing.get(row[0])
        if old is not None:
            known_in_file += 1
            before = old[1]
            if (before[_NIK] and before[_NIK] != row[_NIK]) or (
                before[_KK] and before[_KK] != row[_KK]
            ):
                id_changes += 1
        holder = nik_holder.get(row[_NIK]) if row[_NIK] else None
        if holder is not None:
            r = records[i]
            conflicts.append((r.line, r.id_dtks, holder))
            extra_flags.append(RosterFlag(r.line, r.id_dtks, "flag.nik_existing"))
            flags_text = row[_FLAGS]
            rows[i] = (
                *row[:_FLAGS],
                f"{flags_text},flag.nik_existing" if flags_text else "flag.nik_existing",
                *row[_FLAGS + 1 :],
            )
    if id_changes > identifier_change_limit(known_in_file) and (
        accept_identifier_changes != id_changes
    ):
        raise DomainError("roster.identifier_changes", count=id_changes, total=known_in_file)
    if conflicts:
        log.warning("%d families in the roster carry a NIK another family holds", len(conflicts))

    new_rows: list[FamilyRow] = []
    changed: list[tuple[Any, ...]] = []
    unchanged = 0
    for row in rows:
        old = existing.get(row[0])
        if old is None:
            new_rows.append((*row, now))
        elif old[1] != row:
            changed.append((*row[1:], now, old[0]))
        else:
            unchanged += 1

    # A card number is unique. It may move to another family (a card re-issued): first
    # release it from the family that holds it now (which, if it is in the file, gets its
    # new card in the update below; one not in the file is left without a card).
    incoming_card = {row[0]: row[_CARD] for row in rows}
    new_cards = {card for card in incoming_card.values() if card}
    release: list[tuple[int]] = []
    released_outside = 0
    for dtks, (fid, old_row) in existing.items():
        card = old_row[_CARD]
        if not card or card not in new_cards:
            continue
        if dtks not in incoming_card:
            released_outside += 1
            release.append((fid,))
        elif incoming_card[dtks] != card:
            release.append((fid,))
    del incoming_card, new_cards, rows
    if release:
        conn.exec_driver_sql("UPDATE family SET card_hash = NULL WHERE id = ?", release)
    if released_outside:
        log.warning("%d cards moved away from families not in the roster", released_outside)

    done = 0
    progress("families", 0, total)
    for batch in _batches(new_rows):
        conn.exec_driver_sql(_INSERT_FAMILY, batch)
        done += len(batch)
        progress("families", done, total)
    for batch in _batches(changed):
        conn.exec_driver_sql(_UPDATE_FAMILY, batch)
        done += len(batch)
        progress("families", min(done, total), total)
    progress("families", total, total)

    # Vouchers of the periods in the file.
    ids = {dtks: fid for dtks, fid in s.execute(select(Family.dtks_id, Family.id))}
    voucher_rows = {
        (fid, period): (vid, amount)
        for vid, fid, period, amount in s.execute(
            select(Voucher.id, Voucher.family_id, Voucher.period, Voucher.amount).where(
                Voucher.period.in_(parsed.periods)
            )
        )
    }
    new_vouchers: list[tuple[Any, ...]] = []
    amount_changes: list[tuple[Any, ...]] = []
    lowered: list[tuple[RosterRecord, int, int]] = []  # (record, voucher id, old amount)
    for r in records:
        if not r.periode:
            continue
        fid = ids[r.id_dtks]
        known = voucher_rows.get((fid, r.periode))
        if known is None:
            period = periods[r.periode]
            new_vouchers.append(
                (
                    voucher_code(r.periode, r.id_dtks), fid, r.periode, r.nominal,
                    period.valid_from.isoformat(), period.valid_until.isoformat(), now,
                )
            )  # fmt: skip
        elif known[1] != r.nominal:
            amount_changes.append((r.nominal, now, known[0]))
            lowered.append((r, known[0], known[1]))
    # A voucher is never lowered below what was already allocated from it (redeemed here,
    # or elsewhere as the office reported): the remaining would go negative.
    below: list[Problem] = []
    lowered = [item for item in lowered if item[0].nominal < item[2]]
    remaining = voucher_remaining(s, [vid for _, vid, _ in lowered])
    for r, vid, old_amount in lowered:
        used = old_amount - remaining[vid]
        if r.nominal < used:
            below.append(
                Problem(r.line, "nominal", "roster.below_allocated", nominal=r.nominal,
                        used=used, period=r.periode)
            )  # fmt: skip
    if below:
        raise ProblemList("roster.rejected", below)
    progress("vouchers", 0, len(new_vouchers))
    done = 0
    for batch in _batches(new_vouchers):
        conn.exec_driver_sql(_INSERT_VOUCHER, batch)
        done += len(batch)
        progress("vouchers", done, len(new_vouchers))
    if amount_changes:
        conn.exec_driver_sql(
            "UPDATE voucher SET amount = ?, updated_at = ? WHERE id = ?", amount_changes
        )

    outlet_code = s.scalar(select(Outlet.code))
    own = sum(1 for r in records if r.kode_ewarong == outlet_code)
    flagged_lines = {f.line for f in parsed.flags}
    flagged = parsed.flagged_families + sum(
        1 for line, _, _ in conflicts if line not in flagged_lines
    )
    s.add(
        RosterImport(
            imported_at=now,
            file_name=file_name[:250],
            sha256=parsed.sha256,
            families=total,
            vouchers=len(new_vouchers) + len(amount_changes),
            flagged=flagged,
        )
    )
    s.flush()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")
    return RosterReport(
        file_name=file_name,
        sha256=parsed.sha256,
        rows=total,
        families_created=len(new_rows),
        families_updated=len(changed),
        families_unchanged=unchanged,
        vouchers_created=len(new_vouchers),
        vouchers_updated=len(amount_changes),
        flagged=flagged,
        flags=sorted([*parsed.flags, *extra_flags], key=lambda f: (f.line, f.code)),
        own_outlet=own,
        other_outlets=total - own,
        cards_released=released_outside,
        seconds=0.0,
        identifier_changes=id_changes,
        nik_conflicts=tuple(conflicts),
        cleaned=parsed.cleaned,
    )
