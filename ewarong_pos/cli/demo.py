"""`ewarong demo`: build a realistic demo outlet in Jakarta (deterministic for a seed)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from ewarong_pos.core.dates import WIB
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.demo import JAKARTA_KPM, build_demo

TEXT = {
    "id": {
        "done": "Outlet demo {name} ({code}) siap dalam {seconds:.1f} detik",
        "families": "  keluarga (KPM)      : {n} (di outlet ini {own}, bertanda {flagged})",
        "vouchers": "  voucher             : {n} ({first} s.d. {last})",
        "products": "  produk              : {n}",
        "redeemed": "  penebusan contoh    : {n} transaksi oleh {families} keluarga",
        "size": "  ukuran database     : {mb:.1f} MB",
        "accounts": "Akun demo (nama pengguna / PIN):",
        "account": "  {role:<10} {username:<12} PIN {pin}",
    },
    "en": {
        "done": "Demo outlet {name} ({code}) ready in {seconds:.1f} s",
        "families": "  families (KPM)      : {n} (at this outlet {own}, flagged {flagged})",
        "vouchers": "  vouchers            : {n} ({first} to {last})",
        "products": "  products            : {n}",
        "redeemed": "  sample redemptions  : {n} sales by {families} families",
        "size": "  database size       : {mb:.1f} MB",
        "accounts": "Demo accounts (user name / PIN):",
        "account": "  {role:<10} {username:<12} PIN {pin}",
    },
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo", help="build a demo outlet in Jakarta")
    # Required: a demo (with PINs printed on screen) must never land in the real per-user
    # data folder of a till.
    parser.add_argument(
        "--data-dir",
        type=Path,
        required=True,
        help="an empty folder for the demo outlet",
    )
    parser.add_argument(
        "--kpm",
        type=int,
        default=842,
        help=f"number of families (default 842, one outlet; up to {JAKARTA_KPM} for Jakarta)",
    )
    parser.add_argument("--months", type=int, default=6, help="months of vouchers (default 6)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed (default 2018)")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="build the outlet as it stood on this day at 17:00 WIB (default: now); "
        "e.g. 2018-04-30 for the 2018 rules of the sample roster",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)


class _Progress:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.quiet or (0 < done < total and now - self.last < 1.0):
            return
        self.last = now
        print(f"  [{now - self.started:6.1f} s] {stage}: {done}/{total}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.kpm < 1 or args.months < 1:
        print("--kpm and --months must be at least 1", file=sys.stderr)
        return 2
    if args.as_of is not None:
        moment = dt.datetime.combine(args.as_of, dt.time(17), WIB).astimezone(dt.UTC)
        ctx = open_outlet(args.data_dir, clock=lambda: moment, create=True)
    else:
        # demo is one of the three commands that may create a data folder
        ctx = open_outlet(args.data_dir, create=True)
    try:
        try:
            info = build_demo(
                ctx, kpm=args.kpm, months=args.months, seed=args.seed,
                progress=_Progress(args.quiet),
            )  # fmt: skip
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        db_path = ctx.data_dir.db_path
    finally:
        ctx.close()
    size = sum(
        p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists()
    )
    t = TEXT[args.lang]
    print(t["done"].format(name=info.outlet.name, code=info.outlet.code, seconds=info.seconds))
    print(t["families"].format(n=info.families, own=info.own_families, flagged=info.flagged))
    print(t["vouchers"].format(n=info.vouchers, first=info.periods[0], last=info.periods[-1]))
    print(t["products"].format(n=info.products))
    print(t["redeemed"].format(n=info.redemptions, families=len(info.redemption_sample)))
    print(t["size"].format(mb=size / 1e6))
    print(t["accounts"])
    for account in info.accounts:
        print(t["account"].format(role=account.role, username=account.username, pin=account.pin))
    return 0
