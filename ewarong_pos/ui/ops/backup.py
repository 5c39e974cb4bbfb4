"""Backups, restore and the recovery code (the manager's section of the settings)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import accounts, backup, keys
from ewarong_pos.services.backup import (
    BackupResult,
    BackupSettings,
    BackupStatus,
    RestorePreview,
    RestoreResult,
)
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.keys import KeyStatus
from ewarong_pos.ui.ops.jobs import EVERYTHING, Change, DbJob, IoJob

log = logging.getLogger(__name__)

BACKED_UP = frozenset({Change.BACKUP})


@dataclass(frozen=True)
class BackupScreen:
    settings: BackupSettings
    status: BackupStatus
    keys: KeyStatus


def _screen(ctx: Context) -> BackupScreen:
    return BackupScreen(
        backup.backup_settings(ctx), backup.backup_status(ctx), keys.key_status(ctx)
    )


def backup_screen(ctx: Context) -> DbJob[BackupScreen]:
    return DbJob("backup.screen", partial(_screen, ctx))


def backup_status(ctx: Context) -> DbJob[BackupStatus]:
    return DbJob("backup.status", partial(backup.backup_status, ctx))


def backup_now(
    ctx: Context, reason: str, actor_id: int | None, name: str = "backup.now"
) -> IoJob[BackupResult]:
    """A checked backup into the configured folder (the copy takes a second or two; the
    service records its status in a short transaction after the copy)."""
    return IoJob(name, partial(backup.backup_now, ctx, reason=reason, actor_id=actor_id), BACKED_UP)


def backup_if_due(ctx: Context) -> IoJob[BackupResult | None]:
    return IoJob("backup.timer", partial(backup.backup_if_due, ctx), BACKED_UP)


def save_backup_settings(
    ctx: Context, actor_id: int | None, folder: str, keep: int, interval_hours: int
) -> DbJob[BackupSettings]:
    fn = partial(
        backup.set_backup_settings,
        ctx,
        actor_id,
        folder=folder,
        keep=keep,
        interval_hours=interval_hours,
    )
    return DbJob("backup.settings", fn, BACKED_UP)


def preview_restore(ctx: Context, path: str) -> DbJob[RestorePreview]:
    """The backup's manifest beside this journal; another outlet's or device's file is
    refused here (services.backup.preview_restore), before the outlet is closed."""
    return DbJob("backup.preview", partial(backup.preview_restore, ctx, path))


@dataclass(frozen=True)
class RestoreOutcome:
    ctx: Context  # the outlet, open again (restored, or unchanged after a refusal)
    result: RestoreResult | None
    error: BaseException | None  # the refusal, shown as the service words it


def _restore(
    ctx: Context,
    path: str,
    manager_username: str | None,
    manager_pin: str | None,
    actor: str | None,
) -> RestoreOutcome:
    root, clock, encrypted = ctx.data_dir.root, ctx.clock, ctx.data_key is not None
    ctx.close()
    result: RestoreResult | None = None
    error: BaseException | None = None
    try:
        result = backup.restore_backup(
            root,
            path,
            clock=clock,
            force_stale=bool(manager_username and manager_pin),
            manager_username=manager_username or None,
            manager_pin=manager_pin or None,
        )
    except Exception as exc:  # every refusal leaves the files as they were: reopen them
        error = exc
        if not isinstance(exc, DomainError):
            log.exception("restore of %s failed", path)
    reopened = open_outlet(root, clock=clock, encrypt=encrypted)
    if result is not None and actor:
        backup.record_restore_by(reopened, actor, result)
    return RestoreOutcome(reopened, result, error)


def restore_backup(
    ctx: Context,
    path: str,
    manager_username: str | None,
    manager_pin: str | None,
    actor: str | None = None,
) -> DbJob[RestoreOutcome]:
    """Close the outlet, restore `path` over it, open it again (also after a refusal).

    Run on the database worker once nothing else is queued; the caller drops `ctx` and
    uses the returned one. A manager's username and PIN force a stale/older backup.
    `actor` (the logged-in manager's username) gets an audit row of its own.
    """
    fn = partial(_restore, ctx, path, manager_username, manager_pin, actor)
    return DbJob("backup.restore", fn, EVERYTHING)


def _new_recovery_code(ctx: Context, manager_username: str, manager_pin: str) -> str:
    info = accounts.verify_approval(ctx, manager_username, manager_pin, backup.MANAGER_ROLES)
    return keys.new_recovery_code(ctx, info.id)


def new_recovery_code(ctx: Context, manager_username: str, manager_pin: str) -> DbJob[str]:
    """A new recovery code after the manager's PIN (shown once; the audit row has no code)."""
    return DbJob(
        "keys.recovery_code",
        partial(_new_recovery_code, ctx, manager_username, manager_pin),
        BACKED_UP,
    )
