"""The outlet context every use case receives: database, data folder, keys, clock.

`open_outlet` is the one way to get one: it creates the data folder, migrates the
database to head and finds this PC's device row. There are no module-level singletons;
`app.py` and the command line each open a context and pass it down.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import select, update

from ewarong_pos.core.dates import WIB, iso, utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import HASH_VERSION, rehash_v1
from ewarong_pos.db import crypto, migrate
from ewarong_pos.db.datadir import DataDir, outlet_folder
from ewarong_pos.db.engine import ConnectFn, Database
from ewarong_pos.db.models import Device, Family
from ewarong_pos.services.settings import IDENTIFIERS_HASH_VERSION, read_text

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
T = TypeVar("T")


class WriteRunner(Protocol):
    """Runs a write (a function that opens its own `db.write()` transaction) where the
    app's writes run, and returns its result: see `Context.write_through`."""

    def __call__(self, write: Callable[[], T], /) -> T: ...


@dataclass
class Context:
    db: Database
    data_dir: DataDir
    lookup_key: bytes
    clock: Clock = field(default=utcnow)
    _device_id: str | None = field(default=None, repr=False)
    # The database's data key (None for an unencrypted file): backups are sealed by it.
    data_key: bytes | None = field(default=None, repr=False)
    # Where `write_through` runs a write: None runs it in the calling thread (the command
    # line, tests); the app sets its database worker (ui.tasks.TaskRunner.on_db_worker).
    write_runner: WriteRunner | None = field(default=None, repr=False)

    def now(self) -> dt.datetime:
        return self.clock()

    def now_iso(self) -> str:
        return iso(self.clock())

    def business_date(self) -> dt.date:
        return self.clock().astimezone(WIB).date()

    @property
    def device_id(self) -> str:
        """This PC's device id (raises LookupError before the outlet is set up)."""
        if self._device_id is None:
            with self.db.read() as s:
                found = s.scalar(select(Device.id).where(Device.is_local.is_(True)))
            if found is None:
                raise LookupError("no local device: the outlet is not set up")
            self._device_id = found
        return self._device_id

    def read_secret(self, name: str) -> bytes | None:
        """secrets/NAME, sealed by this outlet's data key (plain for a plain database)."""
        return crypto.read_sealed_secret(self.data_dir, name, self.data_key)

    def write_secret(self, name: str, data: bytes) -> None:
        crypto.write_sealed_secret(self.data_dir, name, data, self.data_key)

    def write_through(self, write: Callable[[], T]) -> T:
        """Run `write` (which opens its own write transaction) on the app's database worker
        when the app set one, else here; return its result.

        For a use case that waits on something outside (a printer, a USB disk) on another
        thread and then records the outcome: the record joins the queue of the app's other
        writes instead of racing them for SQLite's write lock.
        """
        if self.write_runner is None:
            return write()
        return self.write_runner(write)

    def forget_device(self) -> None:
        """Drop the cached device id (after enrollment gives this PC its central id)."""
        self._device_id = None

    def close(self) -> None:
        self.db.close()


def open_outlet(
    root: Path | str | None = None,
    *,
    clock: Clock = utcnow,
    connect: ConnectFn | None = None,
    encrypt: bool = True,
    key_store: crypto.KeyStore | None = None,
    migrate_plain: bool = True,
    create: bool = True,
) -> Context:
    """Open the outlet in `root` (default: the per-user data folder).

    By default the database is encrypted (SQLCipher) with a data key kept sealed outside
    the file (`db.crypto`); an unencrypted legacy file is encrypted in place, or refused
    when `migrate_plain` is false. `encrypt=False` opens a plain file (benchmarks, tools);
    an explicit `connect` hook bypasses both.

    `create` follows the one rule for data folders (`db.datadir.outlet_folder`): True only
    for demo, restore, the first-start set-up and tests; every command a user runs on an
    existing outlet passes False (`open_existing_outlet`), which refuses a path that is not a
    set-up outlet's folder and creates nothing.
    """
    data_dir = outlet_folder(root, create=create)
    if not create and crypto.file_kind(data_dir.db_path) == "empty":
        raise DomainError("datadir.db_empty", path=str(data_dir.db_path))
    data_key: bytes | None = None
    if connect is None and encrypt:
        db, data_key = crypto.open_encrypted(
            data_dir, key_store or crypto.default_key_store(), migrate_plain=migrate_plain
        )
    else:
        if connect is None and crypto.file_kind(data_dir.db_path) == "other":
            raise DomainError("safety.encrypted_database", file=data_dir.db_path.name)
        db = Database(data_dir.db_path, connect)
    try:
        migrate.upgrade(db.engine)
        if not create:
            with db.read() as s:
                local = s.scalar(select(Device.id).where(Device.is_local.is_(True)))
            if local is None:
                raise DomainError("datadir.not_set_up", path=str(data_dir.root))
        lookup_key = crypto.load_lookup_key(data_dir, data_key, create=create)
        _migrate_identifier_hashes(db, lookup_key)
    except BaseException:
        db.close()
        raise
    return Context(
        db=db,
        data_dir=data_dir,
        lookup_key=lookup_key,
        clock=clock,
        data_key=data_key,
    )


def _migrate_identifier_hashes(db: Database, key: bytes) -> None:
    """Re-hash the stored NIK/KK/card hashes to the current version, once, in place.

    A database without the setting and without any family is new: it is marked current.
    One with families and no setting was written by a version-1 app: every hash is
    replaced by `rehash_v1` of itself in one transaction (about 3 x 10 ms per family:
    half a minute for an outlet's 842 families, at the first start after the upgrade).
    """
    with db.read() as s:
        version = read_text(s, IDENTIFIERS_HASH_VERSION.key)
        if version == str(HASH_VERSION):
            return
        has_families = s.scalar(select(Family.id).limit(1)) is not None
    with db.write() as s:
        if has_families and version is None:
            rows = s.execute(select(Family.id, Family.nik_hash, Family.kk_hash, Family.card_hash))
            started = time.monotonic()
            count = 0
            for fid, nik, kk, card in rows.all():
                s.execute(
                    update(Family)
                    .where(Family.id == fid)
                    .values(
                        nik_hash=rehash_v1(key, nik) if nik else nik,
                        kk_hash=rehash_v1(key, kk) if kk else kk,
                        card_hash=rehash_v1(key, card) if card else card,
                    )
                )
                count += 1
            log.warning(
                "identifier hashes of %d families re-hashed to version %d in %.1f s",
                count, HASH_VERSION, time.monotonic() - started,
            )  # fmt: skip
        elif version is not None and version != str(HASH_VERSION):
            raise DomainError("safety.hash_version", found=version, expected=HASH_VERSION)
        IDENTIFIERS_HASH_VERSION.put(s, HASH_VERSION)


def open_existing_outlet(root: Path | str | None = None, **kwargs: object) -> Context:
    """Open a set-up outlet's folder; refuse anything else, creating nothing (CLI, app)."""
    return open_outlet(root, create=False, **kwargs)  # type: ignore[arg-type]
