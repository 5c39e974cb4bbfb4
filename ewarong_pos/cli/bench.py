"""`ewarong bench`: Jakarta-scale benchmarks against baselines measured in the same run."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ewarong_pos.bench import suite

POSTGRES_ENV = "EWARONG_TEST_POSTGRES_URL"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bench", help="benchmarks at Jakarta scale (prints a table)")
    p.add_argument("--kpm", type=int, default=None, help="families (default 212,948)")
    p.add_argument("--months", type=int, default=None, help="months of vouchers (default 24)")
    p.add_argument("--quick", action="store_true", help="a small, fast run (CI smoke test)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="also write the table to this file (between its result markers, if it has them)",
    )
    p.add_argument(
        "--postgres",
        default=None,
        metavar="URL",
        help="also measure the central ingest on PostgreSQL: a fresh database is created "
        f"on this server and dropped afterwards (default: ${POSTGRES_ENV} when set)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="build everything in this folder and keep it (default: a temporary folder, removed)",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.quick:
        sizes = suite.Sizes.quick(args.kpm or 2_000, args.months or 3)
    else:
        sizes = suite.Sizes.full(args.kpm or suite.JAKARTA_KPM, args.months or 24)
    postgres = args.postgres or os.environ.get(POSTGRES_ENV) or None
    print(suite.main_text(sizes, args.out, postgres, workdir=args.workdir))
    return 0
