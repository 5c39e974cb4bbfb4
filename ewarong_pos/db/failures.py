"""Operating-system and database failures turned into messages a person can act on.

A full disk, a locked database, a read-only folder or a damaged file reach the services as
`OSError`, `sqlite3`/`sqlcipher3` errors or SQLAlchemy's wrappers of them, whose text is
English, technical and carries the database URL. `as_domain_error(exc)` maps the ones a
shopkeeper can fix (free space, close the other program, fix the folder's permissions,
restore a backup) to a `DomainError` with an Indonesian and English message; the command
line and the UI show that instead of a traceback. Anything unknown returns None, and the
caller shows `failure.unexpected` (with the log's details) rather than the raw text.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy import exc as sa_exc

from ewarong_pos.core.errors import DomainError

# substrings of SQLite's own messages (the same from sqlite3 and sqlcipher3)
_SQLITE_TEXTS: tuple[tuple[str, str], ...] = (
    ("database or disk is full", "failure.disk_full"),
    ("database is locked", "failure.locked"),
    ("database table is locked", "failure.locked"),
    ("attempt to write a readonly database", "failure.read_only"),
    ("unable to open database file", "failure.cannot_open"),
    ("file is not a database", "failure.damaged"),
    ("database disk image is malformed", "failure.damaged"),
    ("disk i/o error", "failure.io"),
)


def _os_code(exc: OSError) -> str | None:
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return "failure.disk_full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "failure.read_only"
    if exc.errno == errno.EISDIR:
        return "failure.is_directory"
    if exc.errno == errno.ENOTDIR:
        return "failure.not_directory"
    if exc.errno == errno.ENOENT:
        return "failure.not_found"
    if exc.errno == errno.EIO:
        return "failure.io"
    return None


def as_domain_error(exc: BaseException) -> DomainError | None:
    """The actionable message for a known failure, or None (see module doc)."""
    if isinstance(exc, DomainError):
        return exc
    inner: BaseException = exc
    if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        inner = exc.orig
    if isinstance(inner, OSError):
        code = _os_code(inner)
        if code is not None:
            where = f"({inner.filename})" if inner.filename is not None else ""
            return DomainError(code, path=where)
        return None
    is_db_error = isinstance(inner, sqlite3.Error) or type(inner).__module__.startswith(
        "sqlcipher3"
    )
    if is_db_error or isinstance(exc, sa_exc.DBAPIError):
        text = str(inner).lower()
        for needle, code in _SQLITE_TEXTS:
            if needle in text:
                return DomainError(code, path="")
    return None
