"""`ewarong bench`: Jakarta-scale benchmarks against baselines measured in the same run."""

from __future__ import annotations

import argparse
from pathlib import Path

from ewarong_pos.bench import suite


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bench", help="benchmarks at Jakarta scale (prints a table)")
    p.add_argument("--kpm", type=int, default=None, help="families (default 212,948)")
    p.add_argument("--months", type=int, default=None, help="months of vouchers (default 24)")
    p.add_argument("--quick", action="store_true", help="a small, fast run (CI smoke test)")
    p.add_argument("--out", type=Path, default=None, help="also write the table to this file")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    kpm = args.kpm or (2_000 if args.quick else suite.JAKARTA_KPM)
    months = args.months or (3 if args.quick else 24)
    print(suite.main_text(kpm, months, args.quick, args.out))
    return 0
