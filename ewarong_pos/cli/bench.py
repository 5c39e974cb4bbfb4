"""`ewarong bench`: Jakarta-scale benchmarks against baselines measured in the same run."""

from __future__ import annotations

import argparse
import os
import tempfile
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
    p.add_argument(
        "--national",
        action="store_true",
        help="the central office at the country's scale on PostgreSQL (--postgres or "
        f"${POSTGRES_ENV}): 20 million families, 80,000 outlets; not part of CI",
    )
    p.add_argument(
        "--national-scale",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help="with --national: a fraction of the country (0.01: 200,000 families, 800 outlets)",
    )
    p.add_argument(
        "--national-only",
        default=None,
        metavar="STEPS",
        help="with --national: only these of pulls,ingest,reconcile (comma-separated; the "
        "roster import and the voucher issue always run)",
    )
    p.add_argument(
        "--national-workers",
        default=None,
        metavar="N[,N...]",
        help="with --national: the service processes the ingest is measured with, one run "
        "each (default 1,2)",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ewarong_pos.central.core.officekey import KEY_FILE_ENV

    # The benchmark's office databases are throw-away, and so is their sealing key: never
    # the office's own key file in the config folder (the child services inherit this).
    if not os.environ.get(KEY_FILE_ENV):
        folder = tempfile.mkdtemp(prefix="ewarong-bench-office-key-")
        os.environ[KEY_FILE_ENV] = str(Path(folder) / "office.key")
    if args.national:
        return _national(args)
    if args.quick:
        sizes = suite.Sizes.quick(args.kpm or 2_000, args.months or 3)
    else:
        sizes = suite.Sizes.full(args.kpm or suite.JAKARTA_KPM, args.months or 24)
    postgres = args.postgres or os.environ.get(POSTGRES_ENV) or None
    print(suite.main_text(sizes, args.out, postgres, workdir=args.workdir))
    return 0


def _national(args: argparse.Namespace) -> int:
    import sys

    from ewarong_pos.bench import national

    postgres = args.postgres or os.environ.get(POSTGRES_ENV) or None
    if not postgres:
        print("ewarong bench --national needs --postgres URL (or $" + POSTGRES_ENV + ")")
        return 2
    if not 0 < args.national_scale <= 1:
        print("--national-scale must be above 0 and at most 1")
        return 2

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    steps: tuple[str, ...] = national.STEPS
    if args.national_only:
        steps = tuple(x.strip() for x in args.national_only.split(",") if x.strip())
        if not steps or set(steps) - set(national.STEPS):
            print("--national-only takes steps among " + ",".join(national.STEPS))
            return 2
    workers: tuple[int, ...] = national.INGEST_WORKERS
    if args.national_workers:
        try:
            workers = tuple(int(x) for x in args.national_workers.split(","))
        except ValueError:
            workers = ()
        if not workers or min(workers) < 1:
            print("--national-workers takes whole numbers of at least 1, e.g. 1,2")
            return 2
    rows, load, seconds = national.run(
        postgres, args.national_scale, progress, steps=steps, workers=workers
    )
    text = national.report(rows, args.national_scale, load, seconds)
    if args.out is not None:
        national.write_results(args.out, text)
    print(text)
    return 0
