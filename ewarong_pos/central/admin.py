"""What the central office does: outlets, enrollment, revocation, roster, vouchers, prices,
accounts, the outlets' sync state and the reconciliation report.

Every function takes a Session inside the caller's transaction and never commits.
Each changed reference row takes a fresh value of the change counter so outlets pull it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import column, func, insert, literal, select, update
from sqlalchemy import table as sql_table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from ewarong_pos.central import partitions
from ewarong_pos.central.changes import GLOBAL, OutletVersions, Versions, lock_streams
from ewarong_pos.central.changes import stamp as stamp_changed
from ewarong_pos.central.core import officekey, security
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import (
    Account,
    Category,
    ChangeStream,
    Device,
    Dispute,
    EnrollmentCode,
    Family,
    JournalEntry,
    Outlet,
    Period,
    Product,
    ProductChange,
    Redemption,
    Refusal,
    Sale,
    Setting,
    Voucher,
)
from ewarong_pos.core.dates import iso, parse_iso, utcnow
from ewarong_pos.core.identifiers import HASH_VERSION, keyed_hash, last4, rehash_v1
from ewarong_pos.core.roster import RosterParse, parse_roster
from ewarong_pos.protocol import schemas as w

log = logging.getLogger(__name__)

LOOKUP_KEY = "lookup_key"  # the plain key of older offices (sealed at the first start)
SEALED_LOOKUP_KEY = "lookup_key_sealed"
HASH_VERSION_KEY = "identifier_hash_version"
UNITS = ("kg", "pcs", "pack", "ikat", "liter")


def ensure_initialised(session: Session, key_file: Path | str | None = None) -> bytes:
    """The global change stream and the identifier lookup key exist (first start), the
    lookup key is sealed by the office's sealing key (`core.officekey`; an older plain key
    is sealed now, once), and the identifier hashes are in the current version (re-hashed
    once, in place). Returns the lookup key, which `CentralDB` hands its sessions."""
    if session.get(ChangeStream, GLOBAL) is None:
        session.add(ChangeStream(outlet_code=GLOBAL, value=0))
    path = officekey.key_path(key_file)
    sealed = session.get(Setting, SEALED_LOOKUP_KEY)
    plain = session.get(Setting, LOOKUP_KEY)
    if sealed is not None:
        key = officekey.unseal(officekey.read_key(path), sealed.value, path)
        if plain is not None:  # both (written by hand?): the plain one must go
            session.delete(plain)
    elif plain is not None:
        key = _seal_plain_key(session, plain, path)
    else:
        key = secrets.token_bytes(32)
        sealing = officekey.read_key(path) or officekey.create_key(path)
        session.add(Setting(key=SEALED_LOOKUP_KEY, value=officekey.seal(sealing, key)))
        session.add(Setting(key=HASH_VERSION_KEY, value=str(HASH_VERSION)))
    session.info[LOOKUP_KEY] = key
    session.flush()
    version = session.get(Setting, HASH_VERSION_KEY)
    if version is None:
        rehash_identifiers(session)
        session.add(Setting(key=HASH_VERSION_KEY, value=str(HASH_VERSION)))
        session.flush()
    elif version.value != str(HASH_VERSION):
        raise RuntimeError(
            f"identifier hash version {version.value} in the database, {HASH_VERSION} here"
        )
    return key


def _seal_plain_key(session: Session, plain: Setting, path: Path) -> bytes:
    """The sealing migration: the plain key an older office kept becomes
    `lookup_key_sealed` under the office's sealing key (created now if there is none),
    and the plain row is deleted (on SQLite with `secure_delete`, so its page is zeroed)."""
    key = bytes.fromhex(plain.value)
    sealing = officekey.read_key(path)
    created = sealing is None
    if sealing is None:
        sealing = officekey.create_key(path)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sql_text("PRAGMA secure_delete = ON"))
    session.add(Setting(key=SEALED_LOOKUP_KEY, value=officekey.seal(sealing, key)))
    session.delete(plain)
    session.flush()
    log.warning(
        "the identifier lookup key is now sealed by the office's sealing key %s (id %s, %s): "
        "back that file up apart from the database backups; older database backups still "
        "hold the key in plain",
        path, officekey.key_id(sealing), "created" if created else "existing",
    )  # fmt: skip
    return key


def rehash_identifiers(session: Session) -> int:
    """The re-hash migration: every stored version-1 hash becomes `rehash_v1` of itself.

    No identifier is needed (version 2 is a function of version 1), and the change numbers
    are not touched: each outlet re-hashes its own copy the same way at its first start,
    and re-hashes version-1 rows it still pulls from an office not yet migrated. About
    3 x 10 ms per family on one core: a whole-Jakarta roster (212,948 families) takes
    1-2 hours once, at the first start after the upgrade.
    """
    key = lookup_key(session)
    started = time.monotonic()
    rows = session.execute(
        select(Family.dtks_id, Family.nik_hash, Family.kk_hash, Family.card_hash)
    ).all()
    changed = [
        {
            "dtks_id": dtks,
            "nik_hash": rehash_v1(key, nik) if nik else nik,
            "kk_hash": rehash_v1(key, kk) if kk else kk,
            "card_hash": rehash_v1(key, card) if card else card,
        }
        for dtks, nik, kk, card in rows
    ]
    for i in range(0, len(changed), 1000):
        session.execute(update(Family), changed[i : i + 1000])
    log.warning(
        "identifier hashes of %d families re-hashed to version %d in %.1f s",
        len(changed), HASH_VERSION, time.monotonic() - started,
    )  # fmt: skip
    return len(changed)


def identifier_hash(key: bytes, kind: str, value: str) -> str:
    """The stored form of a NIK, No. KK or card number ('nik', 'kk', 'card'): the one
    function the roster import and every look-up at the office (the console's family
    search) hash a typed or imported identifier with."""
    return keyed_hash(key, kind, value)


def lookup_key(session: Session) -> bytes:
    """The identifier lookup key, unsealed once by `CentralDB` (or `ensure_initialised`)
    and carried by its sessions; the database holds it only sealed."""
    key = session.info.get(LOOKUP_KEY)
    if key is None:
        raise RuntimeError("a session of CentralDB is needed (it carries the lookup key)")
    return bytes(key)


# --- outlets, enrollment, revocation ------------------------------------------------------


OUTLET_FIELDS = ("address", "kelurahan", "kecamatan", "city", "phone", "complaints_line")


def register_outlet(
    session: Session,
    code: str,
    name: str,
    now: dt.datetime,
    *,
    valid_days: int = 14,
    price_zone: int | None = None,
    **identity: str,
) -> str:
    """Create (or rename) an outlet and return a fresh one-time enrollment code.

    `identity`: any of OUTLET_FIELDS (address, kelurahan, ...), which a new outlet PC
    copies at its first start; fields not given keep their value."""
    unknown = set(identity) - set(OUTLET_FIELDS)
    if unknown:
        raise ValueError(f"unknown outlet fields {sorted(unknown)}")
    if price_zone is not None and price_zone not in (1, 2, 3):
        raise Refused(422, "outlet.price_zone", "the price zone is 1, 2 or 3")
    outlet = session.get(Outlet, code)
    if outlet is None:
        outlet = Outlet(code=code, name=name, created_at=iso(now))
        session.add(outlet)
    elif name:
        outlet.name = name
    for key, value in identity.items():
        setattr(outlet, key, value.strip())
    if price_zone is not None:
        outlet.price_zone = price_zone
    session.flush()
    return new_enrollment_code(session, code, now, valid_days=valid_days)


def wire_outlet(outlet: Outlet) -> w.WireOutlet:
    return w.WireOutlet(
        code=outlet.code,
        name=outlet.name,
        address=outlet.address or "",
        kelurahan=outlet.kelurahan or "",
        kecamatan=outlet.kecamatan or "",
        city=outlet.city or "",
        phone=outlet.phone or "",
        price_zone=outlet.price_zone or 1,
        complaints_line=outlet.complaints_line or "",
    )


def pending_rows(session: Session, outlet_code: str) -> int:
    """What a new device of the outlet pulls at first (the set-up screen's progress)."""
    total = 0
    for query in (
        select(func.count()).select_from(Family).where(Family.outlet_code == outlet_code),
        select(func.count()).select_from(Voucher).where(Voucher.outlet_code == outlet_code),
        select(func.count()).select_from(Account).where(Account.outlet_code == outlet_code),
        select(func.count()).select_from(Product),
        select(func.count()).select_from(Period),
        select(func.count()).select_from(Category),
    ):
        total += int(session.scalar(query) or 0)
    return total


def new_enrollment_code(
    session: Session, outlet_code: str, now: dt.datetime, *, valid_days: int = 14
) -> str:
    if session.get(Outlet, outlet_code) is None:
        raise Refused(404, "outlet.unknown", f"no outlet {outlet_code}")
    code = security.new_enrollment_code()
    session.add(
        EnrollmentCode(
            code_hash=security.code_hash(code),
            outlet_code=outlet_code,
            created_at=iso(now),
            expires_at=iso(now + dt.timedelta(days=valid_days)),
        )
    )
    session.flush()
    return code


def enroll(session: Session, request: w.EnrollRequest, now: dt.datetime) -> w.EnrollResponse:
    """Trade a one-time code for a device token (only its hash is kept)."""
    row = session.scalars(
        select(EnrollmentCode)
        .where(EnrollmentCode.code_hash == security.code_hash(request.code))
        .with_for_update()
    ).one_or_none()
    # A code already used by this same device id is taken again while it is valid: the
    # answer was lost on the way (a first start retried), and only that PC knows its id.
    again = row is not None and row.used_at is not None and row.used_by == request.device_id
    if row is None or (row.used_at is not None and not again) or parse_iso(row.expires_at) < now:
        raise Refused(403, "enroll.code", "unknown, used or expired enrollment code")
    if request.outlet_code is not None and row.outlet_code != request.outlet_code:
        raise Refused(403, "enroll.outlet", "the code was issued for another outlet")
    outlet = session.get(Outlet, row.outlet_code)
    assert outlet is not None
    token = security.new_token()
    device = session.get(Device, request.device_id, with_for_update=True)
    if device is not None and device.outlet_code != outlet.code:
        raise Refused(409, "enroll.device", "this device id belongs to another outlet")
    if again and (device is None or device.revoked_at):
        # a revoked PC is lifted only by a fresh code
        raise Refused(403, "enroll.code", "unknown, used or expired enrollment code")
    stamp = iso(now)
    if device is None:
        session.add(
            Device(
                id=request.device_id,
                outlet_code=outlet.code,
                code=request.device_code,
                token_hash=security.token_hash(token),
                enrolled_at=stamp,
            )
        )
    else:
        # Re-enrollment (a PC rebuilt from its backup): a new token, the journal continues.
        device.token_hash = security.token_hash(token)
        device.enrolled_at = stamp
        device.revoked_at = None
        device.revoke_reason = ""
    row.used_at = stamp
    row.used_by = request.device_id
    session.flush()
    log.info("device %s enrolled for outlet %s", request.device_id, outlet.code)
    return w.EnrollResponse(
        device_id=request.device_id,
        outlet_code=outlet.code,
        outlet_name=outlet.name,
        token=token,
        lookup_key=lookup_key(session).hex(),
        enrolled_at=stamp,
        outlet=wire_outlet(outlet),
        pending=pending_rows(session, outlet.code),
    )


def revoke(session: Session, device_id: str, now: dt.datetime, reason: str = "") -> None:
    """Refuse the device's token from now on (a lost or stolen PC)."""
    device = session.get(Device, device_id, with_for_update=True)
    if device is None:
        raise Refused(404, "device.unknown", f"no device {device_id}")
    device.revoked_at = iso(now)
    device.revoke_reason = reason
    session.flush()
    log.warning("device %s of outlet %s revoked: %s", device_id, device.outlet_code, reason)


# --- roster, periods, vouchers ------------------------------------------------------------


@dataclass(frozen=True)
class RosterResult:
    families: int
    vouchers: int
    flagged: int
    moved: int
    identifier_changes: int = 0
    # (line, ID DTKS, the other family's ID DTKS) for a NIK another family already holds
    nik_conflicts: tuple[tuple[int, str, str], ...] = ()


def identifier_change_limit(known_families: int) -> int:
    """The outlet's rule (services.roster): a file may change this many known NIK/KK."""
    return max(5, known_families // 50)


def import_roster(
    session: Session,
    source: Path | str | bytes,
    now: dt.datetime,
    *,
    accept_identifier_changes: int | None = None,
) -> RosterResult:
    """The roster file, all or nothing (`core.roster` rejects a bad file whole).

    Written with bulk statements (a city's roster is hundreds of thousands of rows).
    The outlet's rules hold here too: a file changing the NIK/KK of many known families
    needs `accept_identifier_changes` equal to that count; a NIK another family holds is
    flagged (`flag.nik_existing`); a voucher is never set below what was redeemed.
    """
    parsed: RosterParse = parse_roster(source)
    key = lookup_key(session)
    stamp = iso(now)
    ids = [r.id_dtks for r in parsed.records]
    existing: dict[str, str] = {}
    known_ids: dict[str, tuple[str, str]] = {}  # dtks -> (nik_hash, kk_hash)
    columns = (Family.dtks_id, Family.outlet_code, Family.nik_hash, Family.kk_hash)
    if len(ids) > 20_000:
        found = session.execute(select(*columns)).all()
    else:
        found = []
        for i in range(0, len(ids), 900):
            found += session.execute(
                select(*columns).where(Family.dtks_id.in_(ids[i : i + 900]))
            ).all()
    for dtks, outlet_code, nik_hash, kk_hash in found:
        existing[dtks] = outlet_code
        known_ids[dtks] = (nik_hash, kk_hash)
    in_file = set(ids)
    hashes = {
        r.id_dtks: (identifier_hash(key, "nik", r.nik), identifier_hash(key, "kk", r.no_kk))
        for r in parsed.records
    }
    id_changes = sum(
        1
        for dtks, (nik_hash, kk_hash) in known_ids.items()
        if dtks in in_file
        and ((nik_hash and nik_hash != hashes[dtks][0]) or (kk_hash and kk_hash != hashes[dtks][1]))
    )
    known_in_file = sum(1 for dtks in known_ids if dtks in in_file)
    if id_changes > identifier_change_limit(known_in_file) and (
        accept_identifier_changes != id_changes
    ):
        raise Refused(
            422, "roster.identifier_changes",
            f"the file changes the NIK/KK of {id_changes} of {known_in_file} known families; "
            f"check it, or confirm with --accept-identifier-changes {id_changes}",
            count=id_changes, total=known_in_file,
        )  # fmt: skip
    wanted = {h[0] for h in hashes.values()}
    holders: dict[str, str] = {}
    wanted_list = sorted(wanted)
    for i in range(0, len(wanted_list), 900):
        for dtks, nik_hash in session.execute(
            select(Family.dtks_id, Family.nik_hash).where(
                Family.nik_hash.in_(wanted_list[i : i + 900])
            )
        ):
            if dtks not in in_file:
                holders.setdefault(nik_hash, dtks)
    conflicts = tuple(
        (r.line, r.id_dtks, holders[hashes[r.id_dtks][0]])
        for r in parsed.records
        if r.nik and hashes[r.id_dtks][0] in holders
    )
    conflict_ids = {dtks for _, dtks, _ in conflicts}
    tranches = [r for r in parsed.records if r.periode]
    for code in sorted({r.periode for r in tranches}):
        if session.get(Period, code) is None:
            line = next(r.line for r in tranches if r.periode == code)
            raise Refused(422, "period.unknown", f"line {line}: period {code} is not configured")
    # Each family is numbered in its outlet's stream; a moved family in its old outlet's
    # stream too (that outlet must learn it left), so it takes one number from both.
    counts: dict[str, int] = {}
    moved_to: dict[str, set[str]] = {}
    for r in parsed.records:
        before = existing.get(r.id_dtks)
        if before is not None and before != r.kode_ewarong:
            moved_to.setdefault(r.id_dtks, {before, r.kode_ewarong})
        else:
            counts[r.kode_ewarong] = counts.get(r.kode_ewarong, 0) + 1
    # every stream this import touches, locked once in code order (no deadlock between imports)
    lock_streams(session, set(counts).union(*moved_to.values()))
    versions = OutletVersions(session, counts)
    moved_versions = {d: Versions(session, 1, pair)() for d, pair in sorted(moved_to.items())}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    moved = 0
    for r in parsed.records:
        values: dict[str, Any] = {
            "dtks_id": r.id_dtks,
            "name": r.nama,
            "address": r.alamat,
            "rt_rw": r.rt_rw,
            "kelurahan": r.kelurahan,
            "kecamatan": r.kecamatan,
            "nik_hash": hashes[r.id_dtks][0],
            "nik_last4": last4(r.nik),
            "kk_hash": hashes[r.id_dtks][1],
            "kk_last4": last4(r.no_kk),
            "card_hash": identifier_hash(key, "card", r.no_kks) if r.no_kks else None,
            "card_last4": last4(r.no_kks) if r.no_kks else "",
            "card_bank": r.bank,
            "outlet_code": r.kode_ewarong,
            "status": r.status,
            "status_reason": r.alasan_status,
            "flags": ",".join(
                [*r.flags, "flag.nik_existing"] if r.id_dtks in conflict_ids else r.flags
            ),
            "updated_at": stamp,
            "version": moved_versions.get(r.id_dtks) or versions(r.kode_ewarong),
        }
        before = existing.get(r.id_dtks)
        if before is None:
            inserts.append(values)
        else:
            if before != r.kode_ewarong:
                values["prev_outlet_code"] = before
                moved += 1
            updates.append(values)
    if inserts:
        session.execute(insert(Family), inserts)
    if updates:
        session.execute(update(Family), updates)
    _stamp_moved_vouchers(session, moved_to)
    vouchers = 0
    for code in sorted({r.periode for r in tranches}):
        period = session.get(Period, code)
        assert period is not None
        vouchers += _bulk_vouchers(
            session,
            period,
            [
                (r.id_dtks, r.kode_ewarong, r.nominal or period.amount, r.line)
                for r in tranches
                if r.periode == code
            ],
            stamp,
        )
    session.flush()
    flagged = sum(1 for r in parsed.records if r.flags or r.id_dtks in conflict_ids)
    log.info(
        "roster: %d families (%d moved), %d vouchers, %d flagged",
        len(parsed.records),
        moved,
        vouchers,
        flagged,
    )
    return RosterResult(len(parsed.records), vouchers, flagged, moved, id_changes, conflicts)


def _stamp_moved_vouchers(session: Session, moved_to: dict[str, set[str]]) -> None:
    """A moved family's open vouchers go with it: each takes a new change number in the
    new (and old) outlet's stream, so the new outlet's pull brings them even though its
    cursor has passed their old numbers (the triggers of c0002 already moved their outlet
    code). `changes.stamp` is the one way to re-send unchanged rows (issue 14)."""
    by_pair: dict[tuple[str, ...], list[str]] = {}
    families = sorted(moved_to)
    for i in range(0, len(families), 900):
        chunk = families[i : i + 900]
        for code, family in session.execute(
            select(Voucher.code, Voucher.family_dtks).where(
                Voucher.family_dtks.in_(chunk), Voucher.status == "open"
            )
        ):
            by_pair.setdefault(tuple(sorted(moved_to[family])), []).append(code)
    for pair, codes in sorted(by_pair.items()):
        stamp_changed(session, Voucher, codes, pair)


def voucher_code(period: str, dtks_id: str) -> str:
    # the same code the outlet's own roster import gives (services/roster.py)
    return f"BPNT-{period}-{dtks_id}"


def _bulk_vouchers(
    session: Session,
    period: Period,
    grants: list[tuple[str, str, int, int]],
    stamp: str,
) -> int:
    """Create or update the vouchers of `period` for (dtks_id, outlet, amount, line), each
    numbered in its family's outlet's stream; returns the number of new ones.

    A voucher is never set below what was already redeemed from it (roster.below_allocated,
    naming the line): its remaining would go negative.
    """
    held = dict(
        session.execute(
            select(Voucher.code, Voucher.redeemed).where(Voucher.period == period.code)
        ).all()
    )
    counts: dict[str, int] = {}
    for _dtks, outlet, _amount, _line in grants:
        counts[outlet] = counts.get(outlet, 0) + 1
    versions = OutletVersions(session, counts)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for dtks_id, outlet, amount, line in grants:
        code = voucher_code(period.code, dtks_id)
        redeemed = held.get(code)
        if redeemed is not None and amount < redeemed:
            raise Refused(
                422, "roster.below_allocated",
                (f"line {line}: " if line else "")
                + f"amount {amount} is below the {redeemed} already redeemed from voucher {code}",
                line=line, nominal=amount, used=redeemed,
            )  # fmt: skip
        values: dict[str, Any] = {
            "code": code,
            "amount": amount,
            "valid_from": period.valid_from,
            "valid_until": period.valid_until,
            "updated_at": stamp,
            "version": versions(outlet),
        }
        if code in held:
            updates.append(values)
        else:
            values.update(
                family_dtks=dtks_id,
                period=period.code,
                status="open",
                status_reason="",
                redeemed=0,
            )
            inserts.append(values)
    if inserts:
        session.execute(insert(Voucher), inserts)
    if updates:
        session.execute(update(Voucher), updates)
    return len(inserts)


def set_category(session: Session, code: str, name_id: str, name_en: str) -> None:
    category = session.get(Category, code)
    version = Versions(session, 1)()
    if category is None:
        session.add(Category(code=code, name_id=name_id, name_en=name_en, version=version))
    else:
        category.name_id, category.name_en, category.version = name_id, name_en, version
    session.flush()


def _ensure_categories(session: Session, codes: list[str]) -> None:
    for code in codes:
        if session.get(Category, code) is None:
            set_category(session, code, code, code)


def issue_vouchers(
    session: Session,
    period_code: str,
    amount: int,
    categories: list[str],
    valid_from: dt.date,
    valid_until: dt.date,
    now: dt.datetime,
) -> int:
    """Configure a period and give every active family its voucher for it.

    Set-based (a country is 20 million families): the vouchers are inserted and updated by
    `INSERT ... SELECT` / `UPDATE ... FROM` over the families, each numbered in its
    outlet's stream by `row_number()` over the outlet, without a row through Python. Every
    outlet's stream is locked until the commit (the period is reference data).
    """
    if amount <= 0:
        raise Refused(422, "period.amount", "the amount must be positive")
    if valid_until < valid_from:
        raise Refused(422, "period.validity", "valid-until is before valid-from")
    _ensure_categories(session, categories)
    below = session.execute(
        select(Voucher.code, Voucher.redeemed)
        .join(Family, Family.dtks_id == Voucher.family_dtks)
        .where(Voucher.period == period_code, Family.status == "active", Voucher.redeemed > amount)
        .order_by(Voucher.code)
        .limit(1)
    ).first()
    if below is not None:
        raise Refused(
            422, "roster.below_allocated",
            f"amount {amount} is below the {below.redeemed} already redeemed from voucher "
            f"{below.code}",
            line=0, nominal=amount, used=below.redeemed,
        )  # fmt: skip
    # every family's outlet has its stream, then the period's number above all of them:
    # after it every stream stands at `base`
    lock_streams(session, session.scalars(select(Family.outlet_code).distinct()))
    base = Versions(session, 1)()
    period = session.get(Period, period_code)
    values = {
        "amount": amount,
        "eligible_categories": ",".join(categories),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "version": base,
    }
    if period is None:
        period = Period(code=period_code, **values)
        session.add(period)
    else:
        for name, value in values.items():
            setattr(period, name, value)
    session.flush()
    stamp = iso(now)
    if session.get_bind().dialect.name == "postgresql":
        # the numbering sorts every family by outlet: in memory, not in temporary files
        session.execute(sql_text("SET LOCAL work_mem = '256MB'"))
    ranked = (
        select(
            Family.dtks_id,
            Family.outlet_code,
            func.row_number()
            .over(partition_by=Family.outlet_code, order_by=Family.dtks_id)
            .label("rn"),
        )
        .where(Family.status == "active")
        .subquery()
    )
    common = {
        "amount": amount,
        "valid_from": period.valid_from,
        "valid_until": period.valid_until,
        "updated_at": stamp,
    }
    held_any = session.scalar(select(Voucher.code).where(Voucher.period == period_code).limit(1))
    conn = session.connection()
    # PostgreSQL, vouchers partitioned by period (c0005), a month not issued before: its
    # vouchers go into a table of their own without indexes, which is then attached
    fresh = (
        held_any is None
        and partitions.partitioned(conn)
        and partitions.partition_name(period_code) is not None
        and not partitions.has_partition(conn, period_code)
    )
    if held_any:
        session.execute(
            update(Voucher)
            .where(Voucher.period == period_code, Voucher.family_dtks == ranked.c.dtks_id)
            .values(**common, version=base + ranked.c.rn)
            .execution_options(synchronize_session=False)
        )
    held = (
        select(Voucher.code)
        .where(Voucher.period == period_code, Voucher.family_dtks == ranked.c.dtks_id)
        .exists()
    )
    columns = [
        "code", "family_dtks", "period", "amount", "valid_from", "valid_until", "status",
        "status_reason", "redeemed", "updated_at", "version", "outlet_code",
    ]  # fmt: skip
    rows = select(
        literal(voucher_code(period_code, "")).concat(ranked.c.dtks_id),
        ranked.c.dtks_id,
        literal(period_code),
        literal(amount),
        literal(period.valid_from),
        literal(period.valid_until),
        literal("open"),
        literal(""),
        literal(0),
        literal(stamp),
        base + ranked.c.rn,
        ranked.c.outlet_code,
    )
    target: Any = Voucher.__table__
    if fresh:
        target = sql_table(partitions.create_detached(conn, period_code), *map(column, columns))
    else:
        rows = rows.where(~held)
    # Core on the session's connection: the driver's row count of the INSERT ... SELECT
    inserted = conn.execute(
        insert(target).from_select(columns, rows).execution_options(preserve_rowcount=True)
    )
    issued = int(inserted.rowcount)
    if fresh:
        partitions.attach(conn, period_code)
    # each outlet's stream moves past the numbers its vouchers took
    # (one grouped scan of the families, not one count per outlet)
    active = (
        select(Family.outlet_code, func.count().label("n"))
        .where(Family.status == "active")
        .group_by(Family.outlet_code)
        .subquery()
    )
    session.execute(
        update(ChangeStream)
        .where(ChangeStream.outlet_code == active.c.outlet_code)
        .values(value=base + active.c.n)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    log.info("period %s: %d vouchers issued of Rp %d", period_code, issued, amount)
    return issued


# --- products and prices ------------------------------------------------------------------


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def _price_history(session: Session, product: Product, stamp: str, by: str) -> None:
    """One row of a product's price history (console: products page), in the same change."""
    session.add(
        ProductChange(
            sku=product.sku,
            at=stamp,
            username=by[:40],
            price=product.price,
            ceiling=product.ceiling,
            reference_price=product.reference_price,
        )
    )


def set_products(session: Session, source: Path | str, now: dt.datetime, *, by: str = "cli") -> int:
    """Products from a CSV file (sku,barcode,name,category,unit,fractional,price,ceiling,
    reference_price[,active]); every row is checked before anything is written."""
    text = Path(source).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    problems = []
    parsed: list[dict[str, object]] = []
    for i, row in enumerate(rows, start=2):
        try:
            unit = (row.get("unit") or "").strip()
            if unit not in UNITS:
                raise ValueError(f"unit {unit!r}")
            sku = (row.get("sku") or "").strip()
            name = (row.get("name") or "").strip()
            category = (row.get("category") or "").strip()
            if not sku or not name or not category:
                raise ValueError("sku, name and category are required")
            price = int((row.get("price") or "").strip())
            if price < 0:
                raise ValueError("negative price")
            fractional = (row.get("fractional") or "").strip().lower() in ("1", "true", "yes", "ya")
            if fractional and unit != "kg":
                raise ValueError("only goods sold per kg can be fractional")
            ceiling = _int_or_none(row.get("ceiling") or "")
            if ceiling is not None and price > ceiling:
                raise ValueError(f"price {price} above ceiling {ceiling}")
            parsed.append(
                {
                    "sku": sku,
                    "barcode": (row.get("barcode") or "").strip() or None,
                    "name": name,
                    "category": category,
                    "unit": unit,
                    "fractional": fractional,
                    "price": price,
                    "ceiling": ceiling,
                    "reference_price": _int_or_none(row.get("reference_price") or ""),
                    "active": (row.get("active") or "1").strip().lower()
                    not in ("0", "false", "no", "tidak"),
                }
            )
        except (ValueError, TypeError) as exc:
            problems.append(f"line {i}: {exc}")
    if problems:
        raise Refused(422, "products.rejected", "; ".join(problems))
    _ensure_categories(session, sorted({str(p["category"]) for p in parsed}))
    versions = Versions(session, len(parsed))
    stamp = iso(now)
    for values in parsed:
        product = session.get(Product, values["sku"])
        if product is None:
            product = Product(**values, updated_at=stamp, version=versions())
            session.add(product)
            _price_history(session, product, stamp, by)
        else:
            before = (product.price, product.ceiling, product.reference_price)
            for name, value in values.items():
                setattr(product, name, value)
            product.updated_at, product.version = stamp, versions()
            if before != (product.price, product.ceiling, product.reference_price):
                _price_history(session, product, stamp, by)
    session.flush()
    return len(parsed)


def set_price(
    session: Session,
    sku: str,
    now: dt.datetime,
    *,
    price: int | None = None,
    ceiling: int | None = None,
    clear_ceiling: bool = False,
    by: str = "cli",
) -> w.WireProduct:
    product = session.get(Product, sku)
    if product is None:
        raise Refused(404, "product.unknown", f"no product {sku}")
    new_price = product.price if price is None else price
    new_ceiling = None if clear_ceiling else (product.ceiling if ceiling is None else ceiling)
    if new_price < 0 or (new_ceiling is not None and new_price > new_ceiling):
        raise Refused(422, "product.price", f"price {new_price} above ceiling {new_ceiling}")
    product.price, product.ceiling = new_price, new_ceiling
    product.updated_at = iso(now)
    product.version = Versions(session, 1)()
    _price_history(session, product, iso(now), by)
    session.flush()
    from ewarong_pos.central.changes import wire_product

    return wire_product(product)


# --- accounts -----------------------------------------------------------------------------


def add_account(
    session: Session, outlet_code: str, username: str, display_name: str, role: str, pin: str
) -> None:
    """Create or update an outlet account; the PIN is hashed here (argon2id) and dropped."""
    from argon2 import PasswordHasher

    if session.get(Outlet, outlet_code) is None:
        raise Refused(404, "outlet.unknown", f"no outlet {outlet_code}")
    if role not in ("cashier", "manager", "supervisor"):
        raise Refused(422, "account.role", f"unknown role {role}")
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise Refused(422, "account.pin", "the PIN must be 4 to 12 digits")
    pin_hash = PasswordHasher().hash(pin)
    version = Versions(session, 1, [outlet_code])()
    account = session.scalars(
        select(Account).where(Account.outlet_code == outlet_code, Account.username == username)
    ).one_or_none()
    if account is None:
        session.add(
            Account(
                outlet_code=outlet_code,
                username=username,
                display_name=display_name,
                role=role,
                pin_hash=pin_hash,
                version=version,
            )
        )
    else:
        account.display_name, account.role, account.pin_hash = display_name, role, pin_hash
        account.active, account.version = True, version
    session.flush()


# --- reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceState:
    device_id: str
    code: str
    enrolled_at: str
    revoked_at: str | None
    stored_up_to: int
    last_push_at: str | None
    last_pull_at: str | None
    pending_changes: int  # changes (any outlet's) made since the device's last pull
    disputed: int
    app_version: str | None = None  # from its User-Agent at the last push or pull


@dataclass(frozen=True)
class OutletState:
    code: str
    name: str
    families: int
    open_codes: int  # enrollment codes not used yet
    devices: list[DeviceState] = field(default_factory=list)


def outlets(session: Session) -> list[OutletState]:
    from ewarong_pos.central.changes import current

    out = []
    for outlet in session.scalars(select(Outlet).order_by(Outlet.code)):
        top = current(session, outlet.code)
        families = session.scalar(
            select(func.count()).select_from(Family).where(Family.outlet_code == outlet.code)
        )
        codes = session.scalar(
            select(func.count())
            .select_from(EnrollmentCode)
            .where(EnrollmentCode.outlet_code == outlet.code, EnrollmentCode.used_at.is_(None))
        )
        devices = []
        for d in session.scalars(
            select(Device).where(Device.outlet_code == outlet.code).order_by(Device.code)
        ):
            disputed = session.scalar(
                select(func.count()).select_from(Dispute).where(Dispute.device_id == d.id)
            )
            devices.append(
                DeviceState(
                    d.id,
                    d.code,
                    d.enrolled_at,
                    d.revoked_at,
                    d.last_seq,
                    d.last_push_at,
                    d.last_pull_at,
                    max(0, top - max(d.pull_cursor, d.sent_cursor)),
                    int(disputed or 0),
                    d.app_version,
                )
            )
        out.append(
            OutletState(outlet.code, outlet.name, int(families or 0), int(codes or 0), devices)
        )
    return out


@dataclass(frozen=True)
class ReconcileRow:
    outlet_code: str
    period: str
    redeemed: int  # sum of allocations (voids negative)
    families: int  # families with a positive balance of redemptions that period
    disputed: int
    over_redeemed: int  # vouchers of the period redeemed beyond their amount (any outlet)


@dataclass(frozen=True)
class ReceiptGap:
    device_id: str
    after: int
    before: int


@dataclass(frozen=True)
class DayCashRow:
    """One outlet device's business day as its journal tells it: shifts and their cash
    counts, and the day's close (issue 15)."""

    outlet_code: str
    device_id: str
    business_date: str
    shifts_opened: int
    shifts_closed: int
    float_total: int  # floats of the shifts opened that day (hand-overs included)
    expected: int  # of the closed shifts
    counted: int
    over_short: int  # counted - expected, summed over the closed shifts
    closed: bool
    closed_cash_expected: int | None  # the close's own figures
    closed_net: int | None
    opened_early: bool  # the manager opened the day before the calendar got there


@dataclass(frozen=True)
class Reconciliation:
    rows: list[ReconcileRow]
    receipt_gaps: list[ReceiptGap]
    tamper_refusals: list[tuple[str, str | None, str]]  # (at, device, detail)
    days: list[DayCashRow] = field(default_factory=list)
    # devices whose clock was off by more than CLOCK_DRIFT_SECONDS at their last sync:
    # (outlet, device id, device code, offset in seconds, when the office saw it)
    clock_drift: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    # a manager's clock corrections at the outlets (the one journal step back allowed)
    clock_corrections: list[ClockCorrection] = field(default_factory=list)


@dataclass(frozen=True)
class ClockCorrection:
    """A `clock.corrected` entry an outlet uploaded (services.clock at the outlet)."""

    outlet_code: str
    device_code: str
    seq: int
    at: str  # the corrected time (the PC's, once set right)
    last_at: str  # the latest time the journal carried before it (since any earlier correction)
    approved_by: str
    reason: str


CLOCK_CORRECTED_KIND = "clock.corrected"


def clock_corrections(session: Session, period: str | None = None) -> list[ClockCorrection]:
    """Every manager's clock correction uploaded (of `period`, YYYY-MM, when given)."""
    query = (
        select(Device.outlet_code, Device.code, JournalEntry.seq, JournalEntry.at,
               JournalEntry.payload)
        .join(Device, Device.id == JournalEntry.device_id)
        .where(JournalEntry.kind == CLOCK_CORRECTED_KIND)
        .order_by(Device.outlet_code, Device.code, JournalEntry.seq)
    )  # fmt: skip
    found = []
    for outlet_code, device_code, seq, at, text in session.execute(query):
        try:
            payload = json.loads(text)
        except ValueError:
            payload = {}
        if period and not str(payload.get("business_date", at)).startswith(period):
            continue
        correction = ClockCorrection(
            outlet_code, device_code, int(seq), str(at), str(payload.get("last_at", "")),
            str(payload.get("approved_by", "")), str(payload.get("reason", "")),
        )  # fmt: skip
        found.append(correction)
    return found


def drifting_devices(session: Session) -> list[tuple[str, str, str, int, str]]:
    """Devices whose clock differed from the office's by more than CLOCK_DRIFT_SECONDS."""
    rows = session.execute(
        select(Device.outlet_code, Device.id, Device.code, Device.clock_offset_s,
               Device.clock_seen_at)
        .where(
            Device.clock_offset_s.is_not(None),
            func.abs(Device.clock_offset_s) > w.CLOCK_DRIFT_SECONDS,
        )
        .order_by(Device.outlet_code, Device.code)
    ).all()  # fmt: skip
    return [(o, d, c, int(off or 0), str(seen or "")) for o, d, c, off, seen in rows]


DAY_KINDS = ("shift.open", "shift.close", "day.close", "day.open")


def day_cash_rows(session: Session, period: str | None = None) -> list[DayCashRow]:
    """Shifts, cash counts and day closes per outlet device and business day, read from
    the uploaded journal (the entries are stored byte for byte as hashed)."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    query = (
        select(Device.outlet_code, JournalEntry.device_id, JournalEntry.kind, JournalEntry.payload)
        .join(Device, Device.id == JournalEntry.device_id)
        .where(JournalEntry.kind.in_(DAY_KINDS))
        .order_by(JournalEntry.device_id, JournalEntry.seq)
    )
    for outlet_code, device_id, kind, text in session.execute(query):
        try:
            payload = json.loads(text)
            day = str(payload["business_date"])
        except (ValueError, KeyError, TypeError):
            continue
        if period and not day.startswith(period):
            continue
        row = found.setdefault(
            (outlet_code, device_id, day),
            {
                "opened": 0,
                "closed": 0,
                "float": 0,
                "expected": 0,
                "counted": 0,
                "over_short": 0,
                "close": None,
                "early": False,
            },
        )
        if kind == "shift.open":
            row["opened"] += 1
            row["float"] += int(payload.get("float_total") or 0)
        elif kind == "shift.close":
            row["closed"] += 1
            row["expected"] += int(payload.get("expected") or 0)
            row["counted"] += int(payload.get("counted_total") or 0)
            row["over_short"] += int(payload.get("over_short") or 0)
        elif kind == "day.close":
            row["close"] = payload.get("totals") or {}
        else:
            row["early"] = True
    result = []
    for (outlet_code, device_id, day), r in sorted(found.items()):
        totals = r["close"]
        kinds = totals.get("kinds", {}) if isinstance(totals, dict) else {}
        result.append(
            DayCashRow(
                outlet_code=outlet_code,
                device_id=device_id,
                business_date=day,
                shifts_opened=r["opened"],
                shifts_closed=r["closed"],
                float_total=r["float"],
                expected=r["expected"],
                counted=r["counted"],
                over_short=r["over_short"],
                closed=totals is not None,
                closed_cash_expected=totals.get("cash_expected") if totals is not None else None,
                closed_net=sum(int(k.get("total") or 0) for k in kinds.values())
                if totals is not None
                else None,
                opened_early=r["early"],
            )
        )
    return result


def reconcile(session: Session, period: str | None = None) -> Reconciliation:
    """Per outlet and period: redeemed total, families served, disputes, over-redeemed
    vouchers; receipt-number gaps per device; tampering attempts.

    Set-based: one grouped query per figure, whatever the number of outlets (a country's
    period is 80,000 outlets and 20 million redemptions)."""

    def where_period(query: Any, column: Any) -> Any:
        return query.where(column == period) if period else query

    totals = session.execute(
        where_period(
            select(Redemption.outlet_code, Redemption.period, func.sum(Redemption.amount)),
            Redemption.period,
        )
        .group_by(Redemption.outlet_code, Redemption.period)
        .order_by(Redemption.outlet_code, Redemption.period)
    ).all()
    per_family = where_period(
        select(
            Redemption.outlet_code.label("outlet"),
            Redemption.period.label("period"),
            func.sum(Redemption.amount).label("total"),
        )
        .join(Voucher, Voucher.code == Redemption.voucher_code)
        .group_by(Redemption.outlet_code, Redemption.period, Voucher.family_dtks),
        Redemption.period,
    ).subquery()
    served: dict[tuple[str, str], int] = {
        (o, p): int(n)
        for o, p, n in session.execute(
            select(per_family.c.outlet, per_family.c.period, func.count())
            .where(per_family.c.total > 0)
            .group_by(per_family.c.outlet, per_family.c.period)
        )
    }
    disputed: dict[tuple[str, str], int] = {
        (o, p): int(n)
        for o, p, n in session.execute(
            where_period(
                select(Dispute.outlet_code, Dispute.period, func.count()), Dispute.period
            ).group_by(Dispute.outlet_code, Dispute.period)
        )
    }
    # the voucher's outlet is its family's (a copy the triggers keep, migration c0002)
    over: dict[tuple[str, str], int] = {
        (o, p): int(n)
        for o, p, n in session.execute(
            where_period(
                select(Voucher.outlet_code, Voucher.period, func.count()).where(
                    Voucher.redeemed > Voucher.amount
                ),
                Voucher.period,
            ).group_by(Voucher.outlet_code, Voucher.period)
        )
    }
    rows = [
        ReconcileRow(
            outlet_code,
            per,
            int(total or 0),
            served.get((outlet_code, per), 0),
            disputed.get((outlet_code, per), 0),
            over.get((outlet_code, per), 0),
        )
        for outlet_code, per, total in totals
    ]
    previous = (
        func.lag(Sale.receipt_seq, 1, 0)
        .over(partition_by=Sale.device_id, order_by=Sale.receipt_seq)
        .label("previous")
    )
    steps = select(Sale.device_id, Sale.receipt_seq, previous).subquery()
    gaps = [
        ReceiptGap(device_id, int(before), int(seq))
        for device_id, seq, before in session.execute(
            select(steps.c.device_id, steps.c.receipt_seq, steps.c.previous)
            .where(steps.c.receipt_seq > steps.c.previous + 1)
            .order_by(steps.c.device_id, steps.c.receipt_seq)
        )
    ]
    tamper = [
        (r.at, r.device_id, r.detail)
        for r in session.scalars(
            select(Refusal)
            .where(Refusal.code.in_(("push.tamper", "push.amount")))
            .order_by(Refusal.at)
        )
    ]
    return Reconciliation(
        rows,
        gaps,
        tamper,
        day_cash_rows(session, period),
        drifting_devices(session),
        clock_corrections(session, period),
    )


def journal_count(session: Session, device_id: str | None = None) -> int:
    query = select(func.count()).select_from(JournalEntry)
    if device_id:
        query = query.where(JournalEntry.device_id == device_id)
    return int(session.scalar(query) or 0)


def log_refusal(
    session: Session,
    refused: Refused,
    *,
    device_id: str | None,
    outlet_code: str | None,
    path: str,
    now: dt.datetime | None = None,
) -> None:
    """Every refusal is logged with its reason, and kept (tampering is reviewed later)."""
    log.warning(
        "refused %s %s (device %s, outlet %s): %s %s",
        path,
        refused.status,
        device_id,
        outlet_code,
        refused.code,
        refused.detail,
    )
    session.add(
        Refusal(
            at=iso(now or utcnow()),
            device_id=storable(device_id or "")[:64] or None,
            outlet_code=storable(outlet_code or "")[:32] or None,
            path=storable(path)[:80],
            status=refused.status,
            code=storable(refused.code)[:60],
            detail=storable(refused.detail + (f" {refused.params}" if refused.params else ""))[
                :500
            ],
        )
    )


def storable(text: str) -> str:
    """Text any database stores: a refused request's values may hold a NUL or a lone
    surrogate (which PostgreSQL refuses), shown escaped instead."""
    if "\x00" not in text and not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\x00", "\\x00"))


_SURROGATE = re.compile("[\ud800-\udfff]")
