"""Backups of the outlet database (online, checked, rotated) and restore from one.

`backup_now` copies the open database with the SQLite backup API in one step (one read
snapshot, so the copy is consistent while the counter keeps selling), encrypted with the
same data key, to a folder of the user's choice (a USB stick); it then opens the copy,
runs `PRAGMA integrity_check` and verifies every device's journal chain, writes a small
manifest beside it, and keeps the newest K backups of this device. The UI calls
`backup_if_due` on a timer and `backup_now(reason="day_close")` after closing the day.

`restore_backup` puts a backup back (docs/data-safety.md): it refuses a file that is not
a backup of this outlet and device, has the wrong key, or is older than what the central
office acknowledged (unless a manager approves); it copies the file to a temporary file,
verifies it, keeps the previous database file, swaps atomically, then writes a
`journal.restored` entry whose sequence number continues after every number already used,
so no journal sequence number is ever issued twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import signal
import time
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ewarong_pos import __version__
from ewarong_pos.core import journal as chain
from ewarong_pos.core.dates import iso, parse_iso, utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto, journal, migrate
from ewarong_pos.db.datadir import DataDir, outlet_folder
from ewarong_pos.db.engine import Database
from ewarong_pos.db.journal import iter_entries
from ewarong_pos.db.models import Account, Device, JournalEntry, Outlet, Sale, SyncState
from ewarong_pos.services.accounts import audit, verify_approval
from ewarong_pos.services.context import Clock, Context, open_outlet
from ewarong_pos.services.settings import (
    BACKUP_FOLDER,
    BACKUP_INTERVAL_HOURS,
    BACKUP_KEEP,
    BACKUP_LAST,
    RECEIPT_SEQ_FLOOR,
    read_text,
    upsert,
)
from ewarong_pos.services.training import refuse_in_training, refuse_training_folder

log = logging.getLogger(__name__)

IDENTITY_SECRET = "device.json"  # the name services.sync.IDENTITY_FILE gives it

MANIFEST_FORMAT = "ewarong-backup/1"
RESTORED_KIND = "journal.restored"
MANAGER_ROLES = ("manager", "supervisor")


@dataclass(frozen=True)
class BackupSettings:
    folder: str  # "" = the data folder's own backups/ (same disk: says so in status)
    keep: int
    interval_hours: int  # 0 = only at day close and by hand


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest_path: Path
    created_at: str
    reason: str
    last_seq: int
    last_hash: str
    size: int
    sha256: str
    recoverable: bool  # the manifest carries a recovery-code blob (opens on a new PC)
    removed: tuple[str, ...]  # older backups deleted by rotation


@dataclass(frozen=True)
class BackupStatus:
    folder: str
    same_disk: bool
    last_at: str | None
    last_file: str | None
    last_seq: int | None
    due: bool


@dataclass(frozen=True)
class RestoreResult:
    db_path: Path
    backup: Path
    backup_seq: int
    resume_after_seq: int  # the journal continues at resume_after_seq + 2 (marker is +1)
    marker_seq: int
    receipt_seq_floor: int
    forced: bool
    previous: Path | None  # the database file that was replaced, kept beside it


@dataclass(frozen=True)
class _Facts:
    """What a database file holds, read from the file itself (never from the manifest)."""

    outlet: str
    device_id: str
    device_code: str
    last_seq: int
    last_hash: str
    acked_seq: int
    receipt_seq_max: int
    schema: str | None
    acked_hash: str | None = None  # hash of the entry at acked_seq, if this file holds it


# --- settings -------------------------------------------------------------------------


def backup_settings(ctx: Context) -> BackupSettings:
    with ctx.db.read() as s:
        folder = BACKUP_FOLDER.get(s)
        keep = BACKUP_KEEP.get(s)
        interval = BACKUP_INTERVAL_HOURS.get(s)
    return BackupSettings(folder, keep, interval)


def set_backup_settings(
    ctx: Context,
    actor_id: int | None,
    *,
    folder: str | None = None,
    keep: int | None = None,
    interval_hours: int | None = None,
) -> BackupSettings:
    """Change where and how often backups are made; the change is audit-logged."""
    refuse_in_training(ctx, "training.no_backup")
    if keep is not None and not 1 <= keep <= 365:
        raise DomainError("settings.bad_value", name=BACKUP_KEEP.key, value=keep)
    if interval_hours is not None and not 0 <= interval_hours <= 168:
        raise DomainError(
            "settings.bad_value", name=BACKUP_INTERVAL_HOURS.key, value=interval_hours
        )
    if folder and not Path(folder).is_absolute():
        raise DomainError("settings.bad_value", name=BACKUP_FOLDER.key, value=folder)
    changed: dict[str, Any] = {}
    with ctx.db.write() as s:
        for key, value in (
            (BACKUP_FOLDER.key, folder),
            (BACKUP_KEEP.key, keep),
            (BACKUP_INTERVAL_HOURS.key, interval_hours),
        ):
            if value is not None and read_text(s, key) != str(value):
                upsert(s, key, str(value))
                changed[key] = value
        if changed:
            audit(s, ctx.now_iso(), "settings.change", account_id=actor_id, detail=changed)
    return backup_settings(ctx)


def default_folder(ctx: Context) -> Path:
    return ctx.data_dir.root / "backups"


def _folder(ctx: Context, folder: Path | str | None) -> Path:
    chosen = Path(folder) if folder else None
    if chosen is None:
        configured = backup_settings(ctx).folder
        chosen = Path(configured) if configured else None
    if chosen is None:
        target = default_folder(ctx)
        target.mkdir(parents=True, exist_ok=True)
        return target
    if not chosen.is_dir():
        raise DomainError("backup.folder_missing", folder=str(chosen))
    return chosen


def backup_status(ctx: Context) -> BackupStatus:
    """For the status bar: where backups go, the last one, whether one is due."""
    settings = backup_settings(ctx)
    last = BACKUP_LAST.read(ctx)
    at, file, seq = last.get("at"), last.get("file"), last.get("seq")
    return BackupStatus(
        folder=settings.folder or str(default_folder(ctx)),
        same_disk=not settings.folder,
        last_at=at if isinstance(at, str) else None,
        last_file=file if isinstance(file, str) else None,
        last_seq=seq if isinstance(seq, int) else None,
        due=backup_due(ctx),
    )


def backup_due(ctx: Context) -> bool:
    settings = backup_settings(ctx)
    if settings.interval_hours <= 0:
        return False
    at = BACKUP_LAST.read(ctx).get("at")
    if not isinstance(at, str):
        return True
    last = parse_iso(at)
    return ctx.now() - last >= dt.timedelta(hours=settings.interval_hours)


def backup_if_due(ctx: Context) -> BackupResult | None:
    """The UI timer's call (every few minutes, off the GUI thread): a backup when due."""
    refuse_in_training(ctx, "training.no_backup")
    return backup_now(ctx, reason="timer") if backup_due(ctx) else None


# --- reading a database file ----------------------------------------------------------


def _chain_of(s: Session, device_id: str) -> tuple[int, str]:
    """Verify one device's chain (a `journal.restored` entry may skip a range of numbers
    that the central office holds); return its last seq and hash."""
    prev_seq, prev_hash = 0, chain.GENESIS
    for entry in iter_entries(s, device_id):
        if entry.kind == RESTORED_KIND and entry.seq != prev_seq + 1:
            p = entry.payload
            ok = (
                p.get("backup_seq") == prev_seq
                and p.get("backup_hash") == prev_hash
                and p.get("resume_after_seq") == entry.seq - 1
                and p.get("resume_after_hash") == entry.prev_hash
                and entry.seq > prev_seq
                and chain.entry_hash(entry.prev_hash, entry.body()) == entry.hash
            )
            if not ok:
                raise _Broken(f"journal #{entry.seq}: restore marker does not match")
        else:
            found = chain.verify_chain([entry], start_seq=prev_seq + 1, start_hash=prev_hash)
            if found is not None:
                raise _Broken(f"journal #{found.seq}: {found.reason} ({found.detail})")
        prev_seq, prev_hash = entry.seq, entry.hash
    return prev_seq, prev_hash


class _Broken(Exception):
    pass


def verify_device_chain(s: Session, device_id: str) -> tuple[int, str]:
    """`_chain_of` for other services (services.rebuild): the device's last seq and hash,
    or ValueError naming the first break (restore markers understood)."""
    try:
        return _chain_of(s, device_id)
    except _Broken as exc:
        raise ValueError(str(exc)) from None


def _read_facts(s: Session, *, verify: bool) -> _Facts:
    outlet = s.scalar(select(Outlet.code))
    device = s.scalars(select(Device).where(Device.is_local.is_(True))).first()
    if outlet is None or device is None:
        raise _Broken("no outlet or local device in the file")
    if verify:
        for other in s.scalars(select(Device.id)).all():
            if other != device.id:
                _chain_of(s, other)
        last_seq, last_hash = _chain_of(s, device.id)
    else:
        row = s.execute(
            select(JournalEntry.seq, JournalEntry.hash)
            .where(JournalEntry.device_id == device.id)
            .order_by(JournalEntry.seq.desc())
            .limit(1)
        ).first()
        last_seq, last_hash = (row.seq, row.hash) if row else (0, chain.GENESIS)
    acked = s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device.id))
    receipts = s.scalar(select(func.max(Sale.receipt_seq)).where(Sale.device_id == device.id))
    floor = RECEIPT_SEQ_FLOOR.get(s)
    schema = s.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return _Facts(
        outlet=outlet,
        device_id=device.id,
        device_code=device.code,
        last_seq=last_seq,
        last_hash=last_hash,
        acked_seq=int(acked or 0),
        receipt_seq_max=max(int(receipts or 0), int(floor or 0)),
        schema=schema,
        acked_hash=s.scalar(
            select(JournalEntry.hash).where(
                JournalEntry.device_id == device.id, JournalEntry.seq == int(acked or 0)
            )
        ),
    )


@contextmanager
def _opened(path: Path, data_key: bytes | None) -> Iterator[Database]:
    db = crypto.encrypted_database(path, data_key) if data_key else Database(path)
    try:
        yield db
    finally:
        db.close()


def _check_file(path: Path, data_key: bytes | None) -> _Facts:
    """Integrity check and journal verify of a database file; DomainError if it fails."""
    try:
        with _opened(path, data_key) as db, db.read() as s:
            rows = s.connection().exec_driver_sql("PRAGMA integrity_check").all()
            if [tuple(r) for r in rows] != [("ok",)]:
                raise _Broken("integrity_check: " + "; ".join(str(r[0]) for r in rows[:3]))
            facts = _read_facts(s, verify=True)
    except _Broken as exc:
        raise DomainError("backup.verify_failed", file=path.name, reason=str(exc)) from exc
    except DomainError:
        raise
    except Exception as exc:  # not a database, missing tables, ...
        raise DomainError("backup.verify_failed", file=path.name, reason=str(exc)[:200]) from exc
    _verify_with_service(path, data_key)
    return facts


def _verify_with_service(path: Path, data_key: bytes | None) -> None:
    """Also run the journal verifier of the sales area (services.verify) when it exists:
    it checks the facts against their journal entries, which the chain alone does not."""
    try:
        verify_service = importlib.import_module("ewarong_pos.services.verify")
    except ImportError:
        return
    fn = getattr(verify_service, "verify_journal", None)
    if fn is None:
        return
    with _opened(path, data_key) as db:
        probe = Context(db=db, data_dir=DataDir(path.parent), lookup_key=b"", data_key=data_key)
        report = fn(probe)
        with db.read() as s:
            explained = _explained_by_markers(s)
    if getattr(report, "ok", True):
        return
    left = [
        p
        for p in getattr(report, "problems", ())
        if (getattr(p, "code", ""), _problem_number(p)) not in explained
    ]
    if left:
        first = left[0]
        reason = first.message("en") if hasattr(first, "message") else str(first)
        raise DomainError("backup.verify_failed", file=path.name, reason=reason[:200])


def _problem_number(problem: Any) -> int | None:
    """The seq of a chain finding, or the receipt sequence a receipt finding expected."""
    if getattr(problem, "code", "") == "verify.receipt_gap":
        expected = str(getattr(problem, "params", {}).get("expected", ""))
        digits = re.findall(r"(\d+)$", expected)
        return int(digits[0]) if digits else None
    seq = getattr(problem, "seq", None)
    return int(seq) if seq is not None else None


def _explained_by_markers(s: Session) -> set[tuple[str, int | None]]:
    """Findings of a verifier that does not know `journal.restored` entries yet, which such
    an entry explains: the gap of numbers only the central office holds, and the receipt
    numbers that went with them. (_chain_of has already checked the marker itself.)"""
    explained: set[tuple[str, int | None]] = set()
    rows = s.scalars(select(JournalEntry).where(JournalEntry.kind == RESTORED_KIND)).all()
    for row in rows:
        payload = json.loads(row.payload)
        if int(payload.get("resume_after_seq", 0)) > int(payload.get("backup_seq", 0)):
            explained.add(("verify.chain_gap", int(payload["backup_seq"]) + 1))
        floor = int(payload.get("receipt_seq_floor", 0) or 0)
        known = s.scalar(
            select(func.max(Sale.receipt_seq)).where(
                Sale.device_id == row.device_id, Sale.journal_seq < row.seq
            )
        )
        for number in range(int(known or 0) + 1, floor + 1):
            explained.add(("verify.receipt_gap", number))
    return explained


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems (FAT on a stick, Windows dirs) refuse; not fatal
        pass
    finally:
        os.close(fd)


# --- backup ---------------------------------------------------------------------------


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "x"


def _copy_online(ctx: Context, target: Path) -> None:
    """One-step SQLite backup from the live database (a consistent read snapshot; the
    writer keeps going in WAL mode). SQLCipher's backup re-encrypts each page with the
    target's key, here the same data key."""
    raw = ctx.db.engine.raw_connection()
    try:
        source: Any = raw.driver_connection
        dest = crypto.open_raw(target, ctx.data_key)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()


def _manifests(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in folder.glob("ewarong-*.json"):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
            found.append((path, data))
    return found


STALE_PARTIAL_SECONDS = 600


def _remove_stale_partials(folder: Path, prefix: str) -> None:
    """Half-written copies a killed backup of this outlet and device left (hidden
    `.ewarong-...partial` files of several MB that rotation never sees): removed once they
    are older than any backup still running could be."""
    limit = time.time() - STALE_PARTIAL_SECONDS
    for path in folder.glob(f"{prefix}*.partial*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                log.info("removed %s, left by an interrupted backup", path.name)
        except OSError:
            log.warning("could not remove %s", path, exc_info=True)


def _rotate(folder: Path, facts: _Facts, keep: int, newest: Path) -> tuple[str, ...]:
    mine = [
        (m.get("created_at", ""), path.stat().st_mtime_ns, path, m)
        for path, m in _manifests(folder)
        if m.get("outlet") == facts.outlet and m.get("device_id") == facts.device_id
    ]
    mine.sort(key=lambda item: (item[0], item[1], item[2].name))
    removed = []
    for _at, _mtime, path, m in mine[: max(0, len(mine) - keep)]:
        db_file = folder / str(m.get("file", ""))
        if db_file == newest or path == newest.with_suffix(".json"):
            continue
        for victim in (db_file, path):
            victim.unlink(missing_ok=True)
        removed.append(db_file.name)
    return tuple(removed)


def backup_now(
    ctx: Context,
    folder: Path | str | None = None,
    *,
    reason: str = "manual",
    keep: int | None = None,
    actor_id: int | None = None,
) -> BackupResult:
    """Back up the open database now into `folder` (default: the configured folder).

    Checked after writing; rotation keeps the newest `keep` backups of this device there.
    DomainError 'backup.folder_missing' (stick not plugged in) or 'backup.verify_failed';
    'training.no_backup' for a practice outlet (services.training).
    """
    refuse_in_training(ctx, "training.no_backup")
    if keep is not None and not 1 <= keep <= 365:
        # a negative K would make the rotation remove every older backup
        raise DomainError("settings.bad_value", name=BACKUP_KEEP.key, value=keep)
    target_dir = _folder(ctx, folder)
    settings = backup_settings(ctx)
    with ctx.db.read() as s:
        outlet = s.scalar(select(Outlet.code))
        device = s.scalars(select(Device).where(Device.is_local.is_(True))).first()
        if outlet is None or device is None:
            raise DomainError("backup.not_set_up")
        device_code = device.code
    created_at = ctx.now_iso()
    stamp = ctx.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"ewarong-{_safe(outlet)}-{_safe(device_code)}-{stamp}"
    name, n = base, 1
    while (target_dir / f"{name}.db").exists() or (target_dir / f"{name}.json").exists():
        n += 1
        name = f"{base}-{n}"
    final = target_dir / f"{name}.db"
    partial = target_dir / f".{name}.db.partial"
    _remove_stale_partials(target_dir, f".ewarong-{_safe(outlet)}-{_safe(device_code)}-")
    try:
        _copy_online(ctx, partial)
        facts = _check_file(partial, ctx.data_key)
        _fsync(partial)
        os.replace(partial, final)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    digest = _sha256(final)
    size = final.stat().st_size
    recovery = crypto.recovery_blob(ctx.data_dir)
    if (
        recovery is not None
        and ctx.data_key
        and recovery.get("key_id") != crypto.key_id(ctx.data_key)
    ):
        recovery = None  # a blob of an older key would not open this backup
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "app_version": __version__,
        "file": final.name,
        "created_at": created_at,
        "reason": reason,
        "outlet": facts.outlet,
        "device_id": facts.device_id,
        "device_code": facts.device_code,
        "last_seq": facts.last_seq,
        "last_hash": facts.last_hash,
        "acked_seq": facts.acked_seq,
        "schema": facts.schema,
        "size": size,
        "sha256": digest,
        "encrypted": ctx.data_key is not None,
        "key_id": crypto.key_id(ctx.data_key) if ctx.data_key else None,
        # the keyed-hash key, sealed by the data key: a new PC needs it for card look-ups
        "lookup_key": crypto.seal_lookup_key(ctx.data_key, ctx.lookup_key)
        if ctx.data_key
        else None,
        "recovery": recovery,
    }
    manifest_path = final.with_suffix(".json")
    tmp = manifest_path.with_name(f".{manifest_path.name}.partial")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    _fsync(tmp)
    os.replace(tmp, manifest_path)
    removed = _rotate(target_dir, facts, keep or settings.keep, final)

    def record() -> None:
        with ctx.db.write() as s:
            BACKUP_LAST.put(s, {"at": created_at, "file": str(final), "seq": facts.last_seq})
            if actor_id is not None:
                audit(
                    s,
                    created_at,
                    "backup.create",
                    account_id=actor_id,
                    detail={"file": final.name, "seq": facts.last_seq, "reason": reason},
                )

    # the copy ran on the caller's thread (the app's I/O pool); its record joins the writes
    ctx.write_through(record)
    log.info("backup %s written (journal #%d, %d bytes)", final.name, facts.last_seq, size)
    return BackupResult(
        path=final,
        manifest_path=manifest_path,
        created_at=created_at,
        reason=reason,
        last_seq=facts.last_seq,
        last_hash=facts.last_hash,
        size=size,
        sha256=digest,
        recoverable=recovery is not None or ctx.data_key is None,
        removed=removed,
    )


# --- restore --------------------------------------------------------------------------


def _read_here(data_dir: DataDir, name: str, key: bytes | None) -> bytes | None:
    try:
        return crypto.read_sealed_secret(data_dir, name, key)
    except DomainError:
        return None  # sealed by a key that is gone: it is replaced or set aside below


def _reseal_secrets(
    data_dir: DataDir,
    manifest: dict[str, Any],
    key: bytes | None,
    current_key: bytes | None,
    stamp: str,
) -> None:
    """The lookup key (from the manifest) and the office identity, sealed by the restored
    database's key; what cannot be carried over is kept aside, never deleted."""
    if key is None:
        return
    for name in (crypto.LOOKUP_FILE, IDENTITY_SECRET):
        path = data_dir.secrets_dir / name
        here = _read_here(data_dir, name, current_key) if path.exists() else None
        wanted = here
        if name == crypto.LOOKUP_FILE and manifest.get("lookup_key"):
            wanted = crypto.unseal_lookup_key(key, manifest["lookup_key"])
        if path.exists() and (here is None or here != wanted):
            os.replace(path, path.with_name(f"{name}.before-restore-{stamp}"))
        if wanted is not None and (here != wanted or key != current_key):
            crypto.write_sealed_secret(data_dir, name, wanted, key)


def _load_manifest(file: Path) -> tuple[Path, dict[str, Any]]:
    manifest_path = file if file.suffix == ".json" else file.with_suffix(".json")
    if not manifest_path.exists():
        raise DomainError("backup.no_manifest", file=file.name)
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError("backup.not_backup", file=file.name) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise DomainError("backup.not_backup", file=file.name)
    db_file = manifest_path.with_name(str(manifest.get("file", "")))
    if not db_file.is_file():
        raise DomainError("backup.not_backup", file=file.name)
    return db_file, manifest


def _refuse_foreign(
    file_name: str, here: tuple[str | None, str | None], found: tuple[str | None, str | None, str]
) -> None:
    """Refuse a backup of another outlet or another device than the open database's.

    `here` is (outlet code, device id) of the database being replaced, `found` is
    (outlet code, device id, device code) of the backup. The restore's own decision and
    `preview_restore` (the app's confirmation) both ask this.
    """
    here_outlet, here_device = here
    found_outlet, found_device, found_code = found
    if here_outlet != found_outlet:
        raise DomainError(
            "backup.foreign_outlet", file=file_name, found=str(found_outlet), expected=here_outlet
        )
    if here_device != found_device:
        raise DomainError("backup.foreign_device", file=file_name, found=found_code)


def needs_manager(backup_seq: int, current_seq: int, acked_seq: int) -> bool:
    """A backup older than the open journal or than what the central office acknowledged
    loses entries: restoring it is forced, with a manager's PIN."""
    return backup_seq < max(current_seq, acked_seq)


@dataclass(frozen=True)
class RestorePreview:
    """What a backup's manifest says, beside this database's journal, for the confirmation."""

    path: str  # the .db file
    outlet: str
    device_code: str
    created_at: str
    reason: str
    last_seq: int
    current_seq: int  # this device's last journal entry in the open database
    acked_seq: int  # what the central office has acknowledged
    needs_manager: bool  # older than either: the restore wants a manager's PIN


def preview_restore(ctx: Context, file: Path | str) -> RestorePreview:
    """Read the manifest beside `file` and refuse another outlet's or device's backup with
    the restore's own refusals, before the app closes the open database for a restore.

    The restore itself reads every fact from the file again (the manifest is a label).
    """
    refuse_in_training(ctx, "training.no_restore")
    db_file, manifest = _load_manifest(Path(file))
    with ctx.db.read() as s:
        outlet_code = s.scalar(select(Outlet.code))
        current = s.scalar(
            select(func.max(JournalEntry.seq)).where(JournalEntry.device_id == ctx.device_id)
        )
        acked = s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == ctx.device_id))
    _refuse_foreign(
        db_file.name,
        (outlet_code, ctx.device_id),
        (manifest.get("outlet"), manifest.get("device_id"), str(manifest.get("device_code"))),
    )
    last_seq = int(manifest.get("last_seq") or 0)
    return RestorePreview(
        path=str(db_file),
        outlet=str(manifest.get("outlet", "")),
        device_code=str(manifest.get("device_code", "")),
        created_at=str(manifest.get("created_at", "")),
        reason=str(manifest.get("reason", "")),
        last_seq=last_seq,
        current_seq=int(current or 0),
        acked_seq=int(acked or 0),
        needs_manager=needs_manager(last_seq, int(current or 0), int(acked or 0)),
    )


def record_restore_by(ctx: Context, username: str, result: RestoreResult) -> None:
    """The app's own audit row of a restore, naming the logged-in manager who started it
    (the restore's `backup.restore` row names only the approver of a forced restore).
    `ctx` is the reopened, restored outlet."""
    with ctx.db.write() as s:
        # the restored database's own row of that manager (None if it did not exist yet)
        account_id = s.scalar(select(Account.id).where(Account.username == username))
        audit(
            s,
            ctx.now_iso(),
            "backup.restore.app",
            account_id=account_id,
            detail={
                "by": username,
                "file": result.backup.name,
                "backup_seq": result.backup_seq,
                "forced": result.forced,
            },
        )


def _current_key(data_dir: DataDir, store: crypto.KeyStore) -> bytes | None:
    try:
        return crypto.load_data_key(data_dir, store)
    except DomainError:
        return None


def _backup_key(
    manifest: dict[str, Any],
    current: bytes | None,
    recovery_code: str | None,
    name: str,
) -> bytes | None:
    if not manifest.get("encrypted"):
        return None
    wanted = manifest.get("key_id")
    if current is not None and crypto.key_id(current) == wanted:
        return current
    if recovery_code and manifest.get("recovery"):
        key = crypto.recover_data_key(manifest["recovery"], recovery_code)
        if crypto.key_id(key) == wanted:
            return key
        raise DomainError("safety.wrong_recovery_code")
    raise DomainError("backup.wrong_key", file=name)


def _current_facts(data_dir: DataDir, key: bytes | None) -> tuple[_Facts, Database] | None:
    """The facts of the database being replaced, if it still opens (it may be the broken
    one the restore is for); the caller closes the returned Database."""
    path = data_dir.db_path
    if not path.exists():
        kept = sorted(data_dir.root.glob("outlet-before-restore-*.db"), key=os.path.getmtime)
        if kept:
            path = kept[-1]  # an interrupted restore: the file it was replacing
    kind = crypto.file_kind(path)
    if kind in ("missing", "empty"):
        return None
    try:
        db = crypto.encrypted_database(path, key) if (kind == "other" and key) else None
        if db is None:
            if kind != "plain":
                return None
            db = Database(path)
        with db.read() as s:
            facts = _read_facts(s, verify=False)
        return facts, db
    except Exception:
        log.warning("the current database does not open; restoring over it", exc_info=True)
        return None


def _aside_path(path: Path, suffix: str) -> Path | None:
    """Where `_move_aside` will keep `path` (None when there is nothing to keep)."""
    if not path.exists():
        return None
    kept = path.with_name(f"{path.stem}-{suffix}{path.suffix}")
    n = 1
    while kept.exists():  # two restores within a second: never overwrite a kept file
        n += 1
        kept = path.with_name(f"{path.stem}-{suffix}-{n}{path.suffix}")
    return kept


# Test-only: the restore step at which the process kills itself with SIGKILL (as a power
# cut would stop it; tests/cli/test_restore_kill.py). Inert unless the variable is set.
KILL_AT_ENV = "EWARONG_TEST_RESTORE_KILL_AT"


def _step(name: str) -> None:
    """A named point between the restore's file operations (tests stop the restore here,
    as a power cut would: in-process by patching this, or for real with KILL_AT_ENV)."""
    log.debug("restore step %s done", name)
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def _move_aside(path: Path, suffix: str) -> Path | None:
    kept = _aside_path(path, suffix)
    if kept is None:
        return None
    for side in ("", "-wal", "-shm"):
        src = Path(f"{path}{side}")
        if src.exists():
            os.replace(src, Path(f"{kept}{side}"))
            _step(f"aside{side or '-db'}")
    return kept


def _fsync_dir(folder: Path) -> None:
    try:
        _fsync(folder)
    except OSError:
        pass


def restore_backup(
    root: Path | str | None,
    file: Path | str,
    *,
    clock: Clock = utcnow,
    key_store: crypto.KeyStore | None = None,
    recovery_code: str | None = None,
    force_stale: bool = False,
    manager_username: str | None = None,
    manager_pin: str | None = None,
    resume_after: tuple[int, str] | None = None,
    receipt_seq_floor: int = 0,
) -> RestoreResult:
    """Restore a backup into the data folder `root` (the app must have closed its Context).

    `recovery_code` opens a backup made under another key (a new PC). `resume_after`
    (seq, hash) is the central office's last stored entry of this device when it is
    further than anything known here (a new PC after device loss), and
    `receipt_seq_floor` the highest receipt number it holds. A practice outlet's folder
    (services.training) is refused before anything is read.
    """
    refuse_training_folder(root, "training.no_restore")
    file = Path(file)
    store = key_store or crypto.default_key_store()
    db_file, manifest = _load_manifest(file)
    if _sha256(db_file) != manifest.get("sha256"):
        raise DomainError("backup.damaged", file=db_file.name)
    # restore is one of the three commands that may create a data folder (after the backup
    # itself has been found and checked, so a bad FILE creates nothing)
    data_dir = outlet_folder(root, create=True, restore=True)
    current_key = _current_key(data_dir, store)
    key = _backup_key(manifest, current_key, recovery_code, db_file.name)

    staging = data_dir.db_path.with_name(data_dir.db_path.name + ".restoring")
    for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(db_file, staging)
    _step("copied")
    current: tuple[_Facts, Database] | None = None
    try:
        facts = _check_file(staging, key)
        if facts.outlet != manifest.get("outlet") or facts.device_id != manifest.get("device_id"):
            raise DomainError("backup.damaged", file=db_file.name)
        # the file being replaced, read with its own key or the recovered one (a lost key
        # file does not make newer sales invisible), or the one an interrupted restore set
        # aside
        current = _current_facts(data_dir, current_key) or (
            _current_facts(data_dir, key) if key is not None and key != current_key else None
        )
        now = clock()
        here = current[0] if current else None
        if here is not None:
            _refuse_foreign(
                db_file.name,
                (here.outlet, here.device_id),
                (facts.outlet, facts.device_id, facts.device_code),
            )
        acked = max(here.acked_seq if here else 0, facts.acked_seq)
        if resume_after is not None:
            acked = max(acked, resume_after[0])
        current_seq = here.last_seq if here else 0
        stale = facts.last_seq < acked
        loses_local = facts.last_seq < current_seq
        approver: str | None = None
        if needs_manager(facts.last_seq, current_seq, acked):
            if not force_stale:
                if stale:
                    raise DomainError("backup.stale", backup_seq=facts.last_seq, acked_seq=acked)
                raise DomainError(
                    "backup.older_than_current",
                    backup_seq=facts.last_seq,
                    current_seq=current_seq,
                )
            if not manager_username or not manager_pin:
                raise DomainError("backup.needs_manager")
            # Checked against the accounts of the database being replaced when it opens,
            # else against the backup's own (a dead disk leaves no other).
            approving_db = current[1] if current else None
            if approving_db is None:
                approving_db = crypto.encrypted_database(staging, key) if key else Database(staging)
            try:
                probe = Context(
                    db=approving_db, data_dir=data_dir, lookup_key=b"", clock=clock, data_key=key
                )
                approver = verify_approval(
                    probe, manager_username, manager_pin, MANAGER_ROLES
                ).username
            finally:
                if current is None:
                    approving_db.close()

        # Where the journal resumes: after the backup's last entry, or after the last
        # entry the central office holds when that is further (its hash from the replaced
        # database, or given by the central office). Entries the replaced database had
        # beyond the acknowledgement never reached the central office: their numbers are
        # free again (see docs/data-safety.md: sync before a forced restore if you can).
        candidates = [(facts.last_seq, facts.last_hash)]
        if here is not None and here.acked_hash is not None:
            candidates.append((here.acked_seq, here.acked_hash))
        if resume_after is not None:
            candidates.append(resume_after)
        resume_seq, resume_hash = max(candidates, key=lambda c: c[0])
        if acked > resume_seq:  # the central holds numbers we cannot chain to
            raise DomainError("backup.stale", backup_seq=facts.last_seq, acked_seq=acked)
        receipt_floor = max(
            facts.receipt_seq_max, here.receipt_seq_max if here else 0, receipt_seq_floor
        )
    except BaseException:
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        if current is not None:
            current[1].close()

    # Crash-safe order (docs/data-safety.md, section 3): everything the restore records
    # goes into the verified copy BEFORE it replaces anything, so whatever instant the PC
    # dies at, the folder holds either the old outlet.db, or the restored one complete
    # with its marker and receipt floor, or (between the two renames) no outlet.db and the
    # leftovers that make every command say "run the restore again" (datadir rule).
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = _aside_path(data_dir.db_path, f"before-restore-{stamp}")
    _step("checked")
    staged = crypto.encrypted_database(staging, key) if key is not None else Database(staging)
    try:
        migrate.upgrade(staged.engine)  # an older backup's schema, before writing to it
        with staged.write() as s:
            marker = _append_marker(
                s,
                facts,
                resume_seq,
                resume_hash,
                at=iso(now),
                payload_extra={
                    "receipt_seq_floor": receipt_floor,
                    "backup_created_at": str(manifest.get("created_at", "")),
                    "backup_sha256": str(manifest.get("sha256", "")),
                    "forced": bool(stale or loses_local),
                    "approved_by": approver,
                },
            )
            RECEIPT_SEQ_FLOOR.put(s, receipt_floor)
            # The central office holds everything up to resume_seq: push from the marker
            # on (a batch may not jump the local gap).
            s.execute(
                update(SyncState)
                .where(SyncState.device_id == facts.device_id, SyncState.acked_seq < acked)
                .values(acked_seq=acked)
            )
            actor = (
                s.scalar(select(Account.id).where(Account.username == approver))
                if approver
                else None
            )
            audit(
                s,
                iso(now),
                "backup.restore",
                account_id=actor,
                detail={
                    "file": db_file.name,
                    "backup_seq": facts.last_seq,
                    "resume_after_seq": resume_seq,
                    "stale": stale,
                    "forced": bool(stale or loses_local),
                    "previous": aside.name if aside else None,
                },
            )
        _step("marker")
        migrate_rev = migrate.current_revision(staged.engine)
        staged.close()
        raw = crypto.open_raw(staging, key)  # everything in the main file, none in -wal
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()
        _step("staged")
    except BaseException:
        staged.close()
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
        raise

    # Swap: keep the previous file (and its key), then move the completed copy in place.
    _step("move_aside")
    previous = _move_aside(data_dir.db_path, f"before-restore-{stamp}")
    key_file = data_dir.secrets_dir / crypto.KEY_FILE
    if key is not None and key != current_key:
        if key_file.exists():
            os.replace(key_file, key_file.with_name(f"{crypto.KEY_FILE}.before-restore-{stamp}"))
        crypto.install_data_key(data_dir, store, key)
    _step("keys")
    blob = manifest.get("recovery")
    if key is not None and isinstance(blob, dict) and blob.get("key_id") == crypto.key_id(key):
        here_blob = crypto.recovery_blob(data_dir)
        if here_blob is None or here_blob.get("key_id") != blob.get("key_id"):
            # The same paper code keeps opening this PC's future backups.
            data_dir.write_secret(crypto.RECOVERY_FILE, json.dumps(blob, indent=1).encode())
    _reseal_secrets(data_dir, manifest, key, current_key, stamp)
    _step("secrets")
    for side in ("-wal", "-shm"):
        Path(f"{staging}{side}").unlink(missing_ok=True)
    os.replace(staging, data_dir.db_path)
    _fsync_dir(data_dir.root)
    _step("replaced")

    # Open it once as the app will (identifier hashes of an older backup are re-hashed).
    open_outlet(data_dir.root, clock=clock, key_store=store, encrypt=key is not None).close()
    _step("reopened")
    log.warning(
        "restored %s (journal #%d, resumes after #%d, schema %s)",
        db_file.name,
        facts.last_seq,
        resume_seq,
        migrate_rev,
    )
    return RestoreResult(
        db_path=data_dir.db_path,
        backup=db_file,
        backup_seq=facts.last_seq,
        resume_after_seq=resume_seq,
        marker_seq=marker,
        receipt_seq_floor=receipt_floor,
        forced=bool(stale or loses_local),
        previous=previous,
    )


def _append_marker(
    s: Session,
    facts: _Facts,
    resume_seq: int,
    resume_hash: str,
    *,
    at: str,
    payload_extra: dict[str, Any],
) -> int:
    """The `journal.restored` entry: chained to the last entry anybody holds (the central
    office's when it is ahead of the backup), so the central's chain continues unbroken
    and no sequence number is issued twice; its payload names the numbers this database
    lacks (backup_seq+1 .. resume_after_seq), which only the central office holds."""
    payload = {
        "backup_seq": facts.last_seq,
        "backup_hash": facts.last_hash,
        "resume_after_seq": resume_seq,
        "resume_after_hash": resume_hash,
        **payload_extra,
    }
    entry = chain.make_entry(
        resume_hash,
        facts.device_id,
        resume_seq + 1,
        str(uuidlib.uuid4()),
        RESTORED_KIND,
        at,
        payload,
    )
    journal.store(s, entry)
    return entry.seq


def rechain_after_central(
    ctx: Context, head_seq: int, head_hash: str, receipt_seq_max: int = 0
) -> int | None:
    """After a restore on a new PC, once the central office tells this device's head
    (re-enrollment, or a refused push): move the not-yet-pushed `journal.restored` marker
    after that head, so the central's chain continues and no number it holds is reused.

    Returns the marker's new seq, or None when nothing needs to move (the central holds
    nothing beyond what this database chains to). DomainError 'backup.rechain_refused'
    when facts were already written after the marker or the marker was already pushed.
    """
    with ctx.db.write() as s:
        device_id = ctx.device_id
        last = s.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device_id)
            .order_by(JournalEntry.seq.desc())
            .limit(1)
        ).first()
        acked = int(
            s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device_id)) or 0
        )
        if last is None:
            raise DomainError("backup.rechain_refused", seq=head_seq)
        payload = json.loads(last.payload) if last.kind == RESTORED_KIND else {}
        if last.kind == RESTORED_KIND and head_seq == payload.get("resume_after_seq"):
            return None
        if last.kind != RESTORED_KIND or last.seq <= acked or head_seq < last.seq - 1:
            if head_seq <= last.seq:
                held = s.scalar(
                    select(JournalEntry.hash).where(
                        JournalEntry.device_id == device_id, JournalEntry.seq == head_seq
                    )
                )
                if held == head_hash:
                    return None
            raise DomainError("backup.rechain_refused", seq=head_seq)
        facts = _Facts(
            outlet="",
            device_id=device_id,
            device_code="",
            last_seq=int(payload["backup_seq"]),
            last_hash=str(payload["backup_hash"]),
            acked_seq=acked,
            receipt_seq_max=0,
            schema=None,
        )
        floor = max(int(payload.get("receipt_seq_floor", 0) or 0), receipt_seq_max)
        extra = {
            k: v
            for k, v in payload.items()
            if k not in ("backup_seq", "backup_hash", "resume_after_seq", "resume_after_hash")
        }
        extra["receipt_seq_floor"] = floor
        s.delete(last)  # never pushed, and no fact refers to it: safe to re-chain
        s.flush()
        seq = _append_marker(s, facts, head_seq, head_hash, at=last.at, payload_extra=extra)
        RECEIPT_SEQ_FLOOR.put(s, floor)
        s.execute(
            update(SyncState).where(SyncState.device_id == device_id).values(acked_seq=head_seq)
        )
    log.warning("restore marker moved after the central office's entry #%d", head_seq)
    return seq
