"""`ewarong journal verify`: check the outlet's hash-chained journal and its facts.

Exit code 0 when the journal and every sale, stock document and day close agree with it,
1 when anything is broken (each finding named on its own line), 2 when there is no
outlet database in the data folder.
"""

from __future__ import annotations

import argparse
import json
import sys

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import render
from ewarong_pos.db import crypto
from ewarong_pos.db.datadir import DataDir
from ewarong_pos.db.failures import as_domain_error
from ewarong_pos.services.verify import VerifyReport, verify_journal

from .common import add_data_dir, open_context

TEXT = {
    "id": {
        "first": "Kerusakan pertama pada rantai hash: {text}",
        "more": "  ... dan masalah lain tidak ditampilkan (batas {n})",
        "devices": "Perangkat: {n}, tutup hari: {closes}",
        "corrected": "Koreksi jam dicatat (#{seq}, disetujui {who}): jam PC {at}, catatan "
        "sebelumnya {last}. Transaksi berikutnya memakai jam ini; hari usaha {day}.",
    },
    "en": {
        "first": "First break of the hash chain: {text}",
        "more": "  ... and more problems not shown (limit {n})",
        "devices": "Devices: {n}, day closes: {closes}",
        "corrected": "Clock correction recorded (#{seq}, approved by {who}): PC clock {at}, "
        "last record {last}. Next transactions use this clock; business day {day}.",
    },
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("journal", help="the outlet's tamper-evident journal")
    actions = parser.add_subparsers(dest="journal_command", metavar="ACTION")
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="walk the hash chain and check every sale, stock document and day close "
        "against it (exit 1 when broken)",
    )
    add_data_dir(verify)
    verify.add_argument(
        "--lang",
        choices=["id", "en"],
        default=argparse.SUPPRESS,
        help="language of messages (also accepted before the command)",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(func=run_verify)

    correct = actions.add_parser(
        "clock-correct",
        help="the PC clock had been ahead and is right now: the manager approves the step "
        "back (a clock.corrected entry; never into a closed day)",
    )
    add_data_dir(correct)
    correct.add_argument("--manager", required=True, help="manager's username")
    correct.add_argument("--pin", help="manager's PIN (asked for on a terminal when omitted)")
    correct.add_argument("--reason", required=True, help="why (e.g. the time zone was wrong)")
    correct.set_defaults(func=run_clock_correct)


def run_clock_correct(args: argparse.Namespace) -> int:
    import getpass

    from ewarong_pos.services.clock import correct_clock

    pin = args.pin
    if pin is None:
        pin = getpass.getpass("PIN: ") if sys.stdin.isatty() else ""
    ctx = open_context(args)
    try:
        done = correct_clock(ctx, args.manager, pin, args.reason)
    finally:
        ctx.close()
    print(
        TEXT[args.lang]["corrected"].format(
            seq=done.seq, who=done.approved_by, at=_wib(done.corrected_at),
            last=_wib(done.last_at), day=done.business_date.isoformat(),
        )
    )  # fmt: skip
    return 0


def _wib(at: str) -> str:
    from ewarong_pos.core.dates import WIB, parse_iso

    return parse_iso(at).astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")


def _as_json(report: VerifyReport, lang: str) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "devices": report.devices,
            "entries": report.entries,
            "sales": report.sales,
            "documents": report.documents,
            "day_closes": report.day_closes,
            "first_break": (
                {
                    "code": report.first_break.code,
                    "seq": report.first_break.seq,
                    "message": report.first_break.message(lang),
                }
                if report.first_break
                else None
            ),
            "problems": [
                {
                    "code": p.code,
                    "seq": p.seq,
                    "receipt_no": p.receipt_no,
                    "message": p.message(lang),
                }
                for p in report.problems
            ],
            "truncated": report.truncated,
        },
        ensure_ascii=False,
        indent=2,
    )


def _damaged(args: argparse.Namespace, lang: str, exc: BaseException) -> int:
    """A database that cannot be read is damage, reported as such (exit 1): the pages or
    tables SQLCipher/SQLite name, and what to do."""
    data_dir = DataDir(args.data_dir)
    try:
        key = crypto.load_data_key(data_dir, crypto.default_key_store())
    except DomainError:
        key = None
    details = crypto.damage_report(data_dir.db_path, key) or [f"{type(exc).__name__}: {exc}"]
    print(render("verify.damaged", lang, path=str(data_dir.db_path)), file=sys.stdout)
    for line in details:
        print("  - " + line[:200], file=sys.stdout)
    return 1


def run_verify(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", "id")
    try:
        # refuses a folder that is not a set-up outlet, creating nothing
        ctx = open_context(args)
    except DomainError as exc:
        if exc.code not in ("failure.damaged", "failure.io", "safety.wrong_key"):
            raise
        return _damaged(args, lang, exc)
    except Exception as exc:
        known = as_domain_error(exc)
        if known is None or known.code not in ("failure.damaged", "failure.io"):
            raise
        return _damaged(args, lang, exc)
    try:
        report = verify_journal(ctx)
    except Exception as exc:
        known = as_domain_error(exc)
        if known is None or known.code not in ("failure.damaged", "failure.io"):
            raise
        ctx.close()
        return _damaged(args, lang, exc)
    finally:
        ctx.close()
    if args.json:
        print(_as_json(report, lang))
        return 0 if report.ok else 1
    text = TEXT[lang]
    out = sys.stdout
    print(report.summary(lang), file=out)
    if not report.ok:
        if report.first_break is not None:
            print(text["first"].format(text=report.first_break.message(lang)), file=out)
        for problem in report.problems:
            print("  - " + problem.message(lang), file=out)
        if report.truncated:
            print(text["more"].format(n=len(report.problems)), file=out)
    print(text["devices"].format(n=report.devices, closes=report.day_closes), file=out)
    return 0 if report.ok else 1
