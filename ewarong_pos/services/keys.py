"""The manager's side of the database key: its status and the one-time recovery code."""

from __future__ import annotations

from dataclasses import dataclass

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto
from ewarong_pos.services.accounts import audit
from ewarong_pos.services.context import Context


@dataclass(frozen=True)
class KeyStatus:
    encrypted: bool
    key_id: str | None  # fingerprint only, never the key
    recovery_code_set: bool  # False: a backup cannot be opened on another PC yet


def key_status(ctx: Context) -> KeyStatus:
    blob = crypto.recovery_blob(ctx.data_dir)
    kid = crypto.key_id(ctx.data_key) if ctx.data_key else None
    return KeyStatus(
        encrypted=ctx.data_key is not None,
        key_id=kid,
        recovery_code_set=bool(blob and blob.get("key_id") == kid),
    )


def new_recovery_code(ctx: Context, actor_id: int | None) -> str:
    """Make a new recovery code, to show once and write down (setup wizard, settings).

    Backups made after this carry the new sealed key; older backups still open with the
    code that was current when they were made. The audit row never holds the code.
    """
    if ctx.data_key is None:
        raise DomainError("safety.plain_database", file=ctx.data_dir.db_path.name)
    code = crypto.new_recovery_code(ctx.data_dir, ctx.data_key)
    with ctx.db.write() as s:
        audit(
            s,
            ctx.now_iso(),
            "keys.recovery_code",
            account_id=actor_id,
            detail={"key_id": crypto.key_id(ctx.data_key)},
        )
    return code
