"""What the counter shows for a failure (issue 17, point 9): a full disk or a locked
database as what to do, in the screen's language; never SQLAlchemy's text with its URL."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy import exc as sa_exc

from ewarong_pos.ui.i18n import Language


def wrapped(message: str) -> sa_exc.OperationalError:
    return sa_exc.OperationalError("INSERT INTO sale ...", {}, sqlite3.OperationalError(message))


def test_locked_and_full_and_damaged_database_read_as_what_to_do():
    id_, en = Language("id"), Language("en")
    locked = wrapped("database is locked")
    assert "sqlite" not in en.error(locked).lower() and "INSERT" not in en.error(locked)
    assert "in use by another program" in en.error(locked)
    assert "dipakai program lain" in id_.error(locked)
    assert "The disk is full" in en.error(wrapped("database or disk is full"))
    assert "Disk penuh" in id_.error(OSError(errno.ENOSPC, "No space left on device", "E:\\b"))
    assert "do not keep selling" in en.error(wrapped("database disk image is malformed"))
    odd = en.error(wrapped("something else entirely"))
    assert odd.startswith("Unexpected error (OperationalError)") and "INSERT" not in odd
