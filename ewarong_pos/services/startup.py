"""What the app checks before it lets anyone sell, and what it says when it cannot start.

`open_for_counter(root)` applies the data-folder rule, opens the outlet and runs the start-up
integrity check: SQLite's `quick_check` (with SQLCipher, every page read is also checked
against its HMAC) and the hash chain of the journal's last entries. `startup_problem(exc,
data_dir, lang)` turns any failure into the text of the start-up window: what is wrong and
what to do (restore, rebuild, fix the folder, call the office), in Bahasa Indonesia or
English. A truncated file and a read-only folder are told apart from a wrong key.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy import select, text

from ewarong_pos.core import journal as chain
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import render
from ewarong_pos.db.datadir import DataDir
from ewarong_pos.db.failures import as_domain_error
from ewarong_pos.db.journal import to_entry
from ewarong_pos.db.models import Device, JournalEntry
from ewarong_pos.services.context import Context, open_outlet

log = logging.getLogger(__name__)

JOURNAL_TAIL = 50
SQLCIPHER_PAGE = 4096

# what to do, by the code of what went wrong
_TODO = {
    "datadir.is_file": "startup.todo_folder",
    "datadir.not_outlet": "startup.todo_folder",
    "datadir.cannot_create": "startup.todo_folder",
    "failure.read_only": "startup.todo_permissions",
    "failure.cannot_open": "startup.todo_permissions",
    "failure.disk_full": "startup.todo_space",
    "safety.key_missing": "startup.todo_recovery",
    "datadir.lookup_key_missing": "startup.todo_restore",
    "safety.secret_damaged": "startup.todo_restore",
    "datadir.db_missing": "startup.todo_restore",
    "datadir.db_empty": "startup.todo_restore",
    "datadir.restore_interrupted": "startup.todo_restore_again",
    "startup.truncated": "startup.todo_restore",
    "startup.damaged": "startup.todo_restore",
    "failure.damaged": "startup.todo_restore",
    "safety.wrong_key": "startup.todo_restore",
    "failure.io": "startup.todo_disk",
}


def precheck(data_dir: DataDir) -> None:
    """Before anything is opened: a read-only folder is named as such (SQLite would only
    say it cannot open the file, or SQLCipher that the key is wrong)."""
    root = data_dir.root
    if root.is_dir() and not os.access(root, os.W_OK | os.X_OK):
        raise DomainError("failure.read_only", path=f"({root})")
    db = data_dir.db_path
    if db.is_file() and not os.access(db, os.R_OK | os.W_OK):
        raise DomainError("failure.read_only", path=f"({db})")


def integrity_problems(ctx: Context) -> list[str]:
    """quick_check and the journal tail's hash chain; empty when both hold."""
    problems: list[str] = []
    with ctx.db.read() as s:
        checked = [str(r[0]) for r in s.execute(text("PRAGMA quick_check")).fetchall()]
        problems += [r for r in checked if r.lower() != "ok"][:5]
        device = s.scalar(select(Device.id).where(Device.is_local.is_(True)))
        if device is None:
            return problems
        rows = s.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device)
            .order_by(JournalEntry.seq.desc())
            .limit(JOURNAL_TAIL + 1)
        ).all()
        tail = [to_entry(r) for r in reversed(rows)]  # read inside the session
    if len(tail) > 1:
        first, rest = tail[0], tail[1:]
        # a restore marker may jump a gap: the tail is checked up to it, as verify would
        marker = next((i for i, e in enumerate(rest) if e.kind == "journal.restored"), None)
        walked = rest if marker is None else rest[:marker]
        broken = chain.verify_chain(walked, start_seq=first.seq + 1, start_hash=first.hash)
        if broken is None and marker is not None:  # and on from the marker
            after = rest[marker]
            broken = chain.verify_chain(
                rest[marker + 1 :], start_seq=after.seq + 1, start_hash=after.hash
            )
        if broken is not None:
            problems.append(f"journal #{broken.seq}: {broken.reason} ({broken.detail})")
    return problems


def open_for_counter(root: Path | str | None, **kwargs: object) -> Context:
    """Open the outlet for the counter: the folder rule, then the integrity check."""
    data_dir = DataDir(root)
    precheck(data_dir)
    ctx = open_outlet(data_dir.root, **kwargs)  # type: ignore[arg-type]
    try:
        problems = integrity_problems(ctx)
    except BaseException:
        ctx.close()
        raise
    if problems:
        ctx.close()
        log.error("start-up integrity check failed: %s", problems)
        raise DomainError("startup.damaged", detail="; ".join(problems)[:300])
    return ctx


def _truncated(data_dir: DataDir) -> bool:
    try:
        size = data_dir.db_path.stat().st_size
    except OSError:
        return False
    return size > 0 and size % SQLCIPHER_PAGE != 0


def startup_problem(exc: BaseException, data_dir: DataDir, lang: str = "id") -> str:
    """The start-up window's text for any failure: the problem, what to do, where the log is."""
    known = as_domain_error(exc)
    if (
        known is not None
        and known.code in ("safety.wrong_key", "failure.damaged")
        and (_truncated(data_dir))
    ):
        known = DomainError("startup.truncated", path=str(data_dir.db_path))
    if known is None:
        problem = render("failure.unexpected", lang, kind=type(exc).__name__)
        todo = render("startup.todo_call", lang)
    else:
        problem = known.message(lang)
        todo = render(_TODO.get(known.code, "startup.todo_call"), lang)
    return render("startup.failed", lang, problem=problem, todo=todo, log=str(data_dir.logs_dir))
