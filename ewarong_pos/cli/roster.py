"""`ewarong roster import FILE`: apply the central office's roster file to this outlet."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import render
from ewarong_pos.core.roster import DEFAULT_MAX_BYTES
from ewarong_pos.services.roster import import_roster

from .common import add_data_dir, open_context

FLAGS_SHOWN = 50

TEXT = {
    "id": {
        "summary": "Roster {file} diimpor dalam {seconds:.1f} detik",
        "rows": "  baris keluarga      : {n}",
        "created": "  keluarga baru       : {n}",
        "updated": "  keluarga diperbarui : {n}",
        "unchanged": "  tidak berubah       : {n}",
        "own": "  untuk outlet ini    : {own} (outlet lain: {other})",
        "vouchers": "  voucher baru        : {new} (nominal diubah: {changed})",
        "released": "  kartu dipindahkan dari keluarga di luar berkas: {n}",
        "flagged": "  keluarga bertanda   : {n}",
        "flag": "    baris {line}, ID DTKS {dtks}: {text}",
        "more": "    ... dan {n} tanda lagi (--all-flags untuk semuanya)",
        "cleaned": "  sel dengan karakter tak terlihat (dihapus): {n}",
        "id_changes": "  NIK/No. KK keluarga lama yang diganti: {n}",
        "conflicts": "PERHATIAN: {n} keluarga memakai NIK yang sudah dimiliki keluarga lain "
        "(bukan di berkas ini). Periksa apakah ini keluarga ganda:",
        "conflict": "  baris {line}, ID DTKS {dtks}: NIK sama dengan ID DTKS {other}",
    },
    "en": {
        "summary": "Roster {file} imported in {seconds:.1f} s",
        "rows": "  family rows         : {n}",
        "created": "  new families        : {n}",
        "updated": "  families updated    : {n}",
        "unchanged": "  unchanged           : {n}",
        "own": "  for this outlet     : {own} (other outlets: {other})",
        "vouchers": "  new vouchers        : {new} (amount changed: {changed})",
        "released": "  cards moved away from families not in the file: {n}",
        "flagged": "  flagged families    : {n}",
        "flag": "    line {line}, DTKS id {dtks}: {text}",
        "more": "    ... and {n} more flags (--all-flags shows them all)",
        "cleaned": "  cells with invisible characters (removed): {n}",
        "id_changes": "  NIK/family card numbers of known families changed: {n}",
        "conflicts": "ATTENTION: {n} families carry a NIK another family (not in this file) "
        "already holds. Check whether they are the same family twice:",
        "conflict": "  line {line}, DTKS id {dtks}: same NIK as DTKS id {other}",
    },
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("roster", help="roster files from the central office")
    actions = parser.add_subparsers(dest="roster_command", metavar="ACTION")
    actions.required = True
    imp = actions.add_parser(
        "import", help="import a roster CSV (docs/roster-format.md), all or nothing"
    )
    imp.add_argument("file", type=Path, help="the roster CSV file")
    add_data_dir(imp)
    imp.add_argument(
        "--max-mb",
        type=int,
        default=DEFAULT_MAX_BYTES // (1024 * 1024),
        help="refuse files larger than this many MB (0: no limit)",
    )
    imp.add_argument("--all-flags", action="store_true", help="list every flagged family")
    imp.add_argument(
        "--accept-identifier-changes",
        type=int,
        default=None,
        metavar="COUNT",
        help="confirm that the file changes the NIK/KK of COUNT known families (the count "
        "a refusal named)",
    )
    imp.add_argument("--quiet", action="store_true", help="no progress on stderr")
    imp.set_defaults(func=run_import)


class _Progress:
    """Progress on stderr, at most a few lines a second."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.5:
            return
        self.last = now
        print(f"  {stage}: {done}/{total}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if path.is_dir():
        raise DomainError("failure.is_directory", path=str(path))
    if not path.is_file():
        raise DomainError("roster.not_found", path=str(path))
    lang = args.lang
    t = TEXT[lang]
    ctx = open_context(args)
    try:
        report = import_roster(
            ctx,
            path,
            _Progress(args.quiet),
            max_bytes=args.max_mb * 1024 * 1024 if args.max_mb > 0 else None,
            accept_identifier_changes=args.accept_identifier_changes,
        )
    finally:
        ctx.close()
    print(t["summary"].format(file=path.name, seconds=report.seconds))
    print(t["rows"].format(n=report.rows))
    print(t["created"].format(n=report.families_created))
    print(t["updated"].format(n=report.families_updated))
    print(t["unchanged"].format(n=report.families_unchanged))
    print(t["own"].format(own=report.own_outlet, other=report.other_outlets))
    print(t["vouchers"].format(new=report.vouchers_created, changed=report.vouchers_updated))
    if report.cards_released:
        print(t["released"].format(n=report.cards_released))
    if report.identifier_changes:
        print(t["id_changes"].format(n=report.identifier_changes))
    if report.cleaned:
        print(t["cleaned"].format(n=report.cleaned))
    print(t["flagged"].format(n=report.flagged))
    shown = report.flags if args.all_flags else report.flags[:FLAGS_SHOWN]
    for flag in shown:
        print(t["flag"].format(line=flag.line, dtks=flag.id_dtks, text=render(flag.code, lang)))
    if len(report.flags) > len(shown):
        print(t["more"].format(n=len(report.flags) - len(shown)))
    if report.nik_conflicts:  # loudly: on stderr too, after everything else
        for out in (sys.stdout, sys.stderr):
            print(t["conflicts"].format(n=len(report.nik_conflicts)), file=out)
            for line, dtks, other in report.nik_conflicts[:FLAGS_SHOWN]:
                print(t["conflict"].format(line=line, dtks=dtks, other=other), file=out)
    return 0
