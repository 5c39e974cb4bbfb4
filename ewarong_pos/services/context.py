"""The outlet context every use case receives: database, data folder, keys, clock.

`open_outlet` is the one way to get one: it creates the data folder, migrates the
database to head and finds this PC's device row. There are no module-level singletons;
`app.py` and the command line each open a context and pass it down.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ewarong_pos.core.dates import WIB, iso, utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto, migrate
from ewarong_pos.db.datadir import DataDir, outlet_folder
from ewarong_pos.db.engine import ConnectFn, Database
from ewarong_pos.db.models import Device

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


@dataclass
class Context:
    db: Database
    data_dir: DataDir
    lookup_key: bytes
    clock: Clock = field(default=utcnow)
    _device_id: str | None = field(default=None, repr=False)
    # The database's data key (None for an unencrypted file): backups are sealed by it.
    data_key: bytes | None = field(default=None, repr=False)

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
        lookup_key = data_dir.lookup_key(create=create)
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


def open_existing_outlet(root: Path | str | None = None, **kwargs: object) -> Context:
    """Open a set-up outlet's folder; refuse anything else, creating nothing (CLI, app)."""
    return open_outlet(root, create=False, **kwargs)  # type: ignore[arg-type]
