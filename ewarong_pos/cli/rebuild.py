"""`ewarong rebuild`: after a device loss, get back from the central office the facts the
restored backup lacks (docs/data-safety.md, "Device loss")."""

from __future__ import annotations

import argparse
import getpass

from ewarong_pos.cli.common import add_data_dir, open_context
from ewarong_pos.services import backup, rebuild
from ewarong_pos.services.accounts import verify_approval

TEXT = {
    "done": {
        "id": "Dari kantor pusat: {fetched} entri jurnal setelah #{after} (kantor pusat sampai "
        "#{head}); {held} sudah ada, {made} dibuat ulang.",
        "en": "From the central office: {fetched} journal entries after #{after} (the office "
        "holds up to #{head}); {held} already here, {made} re-created.",
    },
    "kind": {"id": "  {kind}: {count}", "en": "  {kind}: {count}"},
    "receipts": {"id": "  struk: {receipts}", "en": "  receipts: {receipts}"},
    "next": {
        "id": "Jurnal berlanjut setelah #{seq}; struk berikutnya di atas nomor {floor}. "
        "Sekarang jalankan: ewarong sync",
        "en": "The journal continues after #{seq}; the next receipt number is above {floor}. "
        "Now run: ewarong sync",
    },
    "nothing": {
        "id": "Tidak ada yang perlu dibuat ulang: PC ini sudah memegang semua yang disimpan "
        "kantor pusat.",
        "en": "Nothing to re-create: this PC already holds everything the central office stored.",
    },
}


def _say(args: argparse.Namespace, key: str, **params: object) -> None:
    print(TEXT[key][args.lang].format(**params))


def _rebuild(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        actor = None
        if args.manager:
            pin = args.pin if args.pin is not None else getpass.getpass("PIN: ")
            actor = verify_approval(ctx, args.manager, pin, backup.MANAGER_ROLES).id
        result = rebuild.rebuild_from_central(ctx, actor_id=actor)
    finally:
        ctx.close()
    made = sum(result.recreated.values())
    _say(
        args,
        "done",
        fetched=result.fetched,
        after=result.after_seq,
        head=result.central_head or result.after_seq,
        held=result.already_held,
        made=made,
    )
    if not result.changed:
        _say(args, "nothing")
        return 0
    for kind, count in sorted(result.recreated.items()):
        _say(args, "kind", kind=kind, count=count)
    if result.sales:
        _say(args, "receipts", receipts=", ".join(result.sales))
    _say(
        args,
        "next",
        seq=result.marker_seq or result.central_head,
        floor=result.receipt_seq_floor,
    )
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "rebuild",
        help="after a restore on a new PC and re-enrollment: get back from the central "
        "office what this device had uploaded since the backup",
    )
    add_data_dir(p)
    p.add_argument("--manager", help="manager's username (recorded in the audit log)")
    p.add_argument("--pin", help="manager's PIN (asked for when omitted)")
    p.set_defaults(func=_rebuild)
