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
from ewarong_pos.db import migrate
from ewarong_pos.db.datadir import DataDir
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
) -> Context:
    data_dir = DataDir(root).ensure()
    db = Database(data_dir.db_path, connect)
    migrate.upgrade(db.engine)
    return Context(db=db, data_dir=data_dir, lookup_key=data_dir.lookup_key(), clock=clock)
