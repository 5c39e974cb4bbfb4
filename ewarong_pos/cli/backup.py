"""`ewarong backup`, `ewarong restore` and `ewarong recovery-code`: data safety commands."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ewarong_pos.cli.common import add_data_dir, open_context
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import backup, keys
from ewarong_pos.services.accounts import verify_approval
from ewarong_pos.services.context import Context

TEXT = {
    "written": {
        "id": "Cadangan ditulis dan diperiksa: {path}\n  jurnal sampai #{seq}, {size} byte, "
        "sha256 {sha}",
        "en": "Backup written and checked: {path}\n  journal up to #{seq}, {size} bytes, "
        "sha256 {sha}",
    },
    "removed": {"id": "  cadangan lama dihapus: {name}", "en": "  old backup removed: {name}"},
    "not_recoverable": {
        "id": "PERINGATAN: belum ada kode pemulihan; cadangan ini hanya bisa dibuka di PC ini. "
        "Jalankan: ewarong recovery-code",
        "en": "WARNING: no recovery code yet; this backup opens only on this PC. "
        "Run: ewarong recovery-code",
    },
    "restored": {
        "id": "Dipulihkan dari {file} (jurnal #{seq}); jurnal berlanjut setelah #{resume}.",
        "en": "Restored from {file} (journal #{seq}); the journal continues after #{resume}.",
    },
    "previous": {
        "id": "  database sebelumnya disimpan sebagai {path}",
        "en": "  the previous database was kept as {path}",
    },
    "code": {
        "id": "Kode pemulihan (tulis dan simpan di tempat aman; tidak ditampilkan lagi):",
        "en": "Recovery code (write it down and keep it safe; it is not shown again):",
    },
}


def _say(args: argparse.Namespace, key: str, **params: object) -> None:
    print(TEXT[key][args.lang].format(**params))


def _pin(args: argparse.Namespace) -> str | None:
    if args.pin is not None:
        return str(args.pin)
    if args.manager and sys.stdin.isatty():
        return getpass.getpass("PIN: ")
    return None


def _manager_id(args: argparse.Namespace, ctx: Context) -> int | None:
    if not args.manager:
        return None
    pin = _pin(args) or ""
    info = verify_approval(ctx, args.manager, pin, backup.MANAGER_ROLES)
    return info.id


def _backup(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        actor = _manager_id(args, ctx)
        result = backup.backup_now(ctx, args.to, keep=args.keep, actor_id=actor)
    finally:
        ctx.close()
    _say(
        args,
        "written",
        path=result.path,
        seq=result.last_seq,
        size=result.size,
        sha=result.sha256[:16],
    )
    for name in result.removed:
        _say(args, "removed", name=name)
    if not result.recoverable:
        _say(args, "not_recoverable")
    return 0


def _resume(text: str | None) -> tuple[int, str] | None:
    if not text:
        return None
    seq, _, digest = text.strip().partition(":")
    hexdigits = set("0123456789abcdefABCDEF")
    if not (seq.isascii() and seq.isdigit()) or len(digest) != 64 or not set(digest) <= hexdigits:
        raise DomainError("backup.resume_after", value=text[:20])
    return int(seq), digest.lower()


def _restore(args: argparse.Namespace) -> int:
    result = backup.restore_backup(
        args.data_dir,
        args.file,
        recovery_code=args.recovery_code,
        force_stale=args.force_stale,
        manager_username=args.manager,
        manager_pin=_pin(args),
        resume_after=_resume(args.resume_after),
        receipt_seq_floor=args.receipt_floor,
    )
    _say(
        args,
        "restored",
        file=result.backup.name,
        seq=result.backup_seq,
        resume=result.resume_after_seq,
    )
    if result.previous is not None:
        _say(args, "previous", path=result.previous)
    return 0


def _recovery_code(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        actor = _manager_id(args, ctx)
        code = keys.new_recovery_code(ctx, actor)
    finally:
        ctx.close()
    _say(args, "code")
    print(code)
    return 0


def _add_manager(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--manager", help="manager's username (approval, audit log)")
    parser.add_argument("--pin", help="manager's PIN (asked for when omitted on a terminal)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="back up the outlet database now (checked, rotated)")
    add_data_dir(p)
    p.add_argument("--to", type=Path, default=None, help="backup folder (e.g. a USB stick)")
    p.add_argument("--keep", type=int, default=None, help="keep the newest K backups")
    _add_manager(p)
    p.set_defaults(func=_backup)

    p = sub.add_parser("restore", help="restore the outlet database from a backup")
    p.add_argument("file", type=Path, help="backup file (.db) or its manifest (.json)")
    add_data_dir(p)
    p.add_argument("--recovery-code", help="the outlet's recovery code (a new PC)")
    p.add_argument(
        "--force-stale",
        action="store_true",
        help="restore a backup older than what the central office or this PC holds "
        "(needs --manager and --pin)",
    )
    p.add_argument(
        "--resume-after",
        help="SEQ:HASH of this device's last entry at the central office (a new PC)",
    )
    p.add_argument("--receipt-floor", type=int, default=0, help="highest receipt number used")
    _add_manager(p)
    p.set_defaults(func=_restore)

    p = sub.add_parser(
        "recovery-code", help="make a new recovery code for the database key (shown once)"
    )
    add_data_dir(p)
    _add_manager(p)
    p.set_defaults(func=_recovery_code)
