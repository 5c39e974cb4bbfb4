"""Benchmark: what SQLCipher encryption costs at the counter. Prints figures, asserts none.

Run: /work/venv/bin/python -m tests.db.bench_encryption [--families N] [--sales S] [--rounds R]
For each round, builds two fresh outlets in a temporary folder, one plain SQLite and one
encrypted (the default), with the same data (N families, products, stock), then times in
the same process: `sales.redeem` of a 3-line redemption (one commit, journal entry,
synchronous=FULL), `families.find_families` by name and by card scan, opening the outlet,
and an online backup. Rounds alternate the order so neither mode always runs first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ewarong_pos.db import crypto
from ewarong_pos.services import backup
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.families import find_families
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine, redeem
from tests.services.b2_data import add_families_bulk, card_for
from tests.services.sales_helpers import seed


def _clock() -> dt.datetime:
    return dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    mean = statistics.fmean(ordered)
    return f"p50 {p50 * 1000:7.2f} ms  p99 {p99 * 1000:7.2f} ms  mean {mean * 1000:7.2f} ms"


def _build(
    root: Path, encrypt: bool, families: int, store: crypto.KeyStore
) -> tuple[Context, object]:
    ctx = open_outlet(root, clock=_clock, encrypt=encrypt, key_store=store)
    setup_outlet(ctx, "EW-3171-0001", "e-Warong Bench")
    data = seed(ctx)
    add_families_bulk(ctx, families, start=100)
    return ctx, data


def _run(
    mode: str, root: Path, args: argparse.Namespace, store: crypto.KeyStore
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    ctx, data = _build(root / mode, mode == "encrypted", args.families, store)
    lines = [
        CartLine(data.products["BRS-MED"], 10),  # type: ignore[attr-defined]
        CartLine(data.products["BRS-PRM"], 10),  # type: ignore[attr-defined]
        CartLine(data.products["TLR"], 10),  # type: ignore[attr-defined]
    ]
    family = data.families["sumiati"]  # type: ignore[attr-defined]
    cashier = data.cashier_id  # type: ignore[attr-defined]
    redeem(ctx, cashier, family, lines)  # warm up
    for _ in range(args.sales):
        t0 = time.perf_counter()
        redeem(ctx, cashier, family, lines)
        times["redeem (3 lines, 1 commit)"].append(time.perf_counter() - t0)
    for label, query in (
        ("find_families name 'siti nurh'", "siti nurh"),
        ("find_families card scan", card_for(2_000)),
    ):
        find_families(ctx, cashier, query)
        for _ in range(args.lookups):
            t0 = time.perf_counter()
            find_families(ctx, cashier, query)
            times[label].append(time.perf_counter() - t0)
    usb = root / f"{mode}-usb"
    usb.mkdir()
    t0 = time.perf_counter()
    result = backup.backup_now(ctx, usb)
    times["backup_now (copy + integrity + verify)"].append(time.perf_counter() - t0)
    times["_size_mib"].append(result.size / 2**20)
    ctx.close()
    t0 = time.perf_counter()
    again = open_outlet(root / mode, clock=_clock, encrypt=mode == "encrypted", key_store=store)
    with again.db.read() as s:
        s.connection().exec_driver_sql("SELECT count(*) FROM family").scalar()
    times["open_outlet + first query"].append(time.perf_counter() - t0)
    again.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=5_000)
    parser.add_argument("--sales", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    totals: dict[str, dict[str, list[float]]] = {
        "plain": defaultdict(list),
        "encrypted": defaultdict(list),
    }
    with tempfile.TemporaryDirectory() as tmp:
        store = crypto.FileKeyStore(Path(tmp) / "keys")
        for round_no in range(args.rounds):
            order = ["plain", "encrypted"] if round_no % 2 == 0 else ["encrypted", "plain"]
            for mode in order:
                root = Path(tmp) / f"r{round_no}"
                root.mkdir(exist_ok=True)
                for label, samples in _run(mode, root, args, store).items():
                    totals[mode][label].extend(samples)
    print(
        f"families {args.families:,}, {args.sales} sales and {args.lookups} look-ups "
        f"per round, {args.rounds} rounds"
    )
    for label in totals["plain"]:
        if label.startswith("_"):
            continue
        plain, enc = totals["plain"][label], totals["encrypted"][label]
        ratio = statistics.median(enc) / statistics.median(plain)
        print(f"{label}")
        print(f"    plain     {_ms(plain)}")
        print(f"    encrypted {_ms(enc)}   (x{ratio:.2f} at p50)")
    print(
        f"database size: plain {statistics.fmean(totals['plain']['_size_mib']):.1f} MiB, "
        f"encrypted {statistics.fmean(totals['encrypted']['_size_mib']):.1f} MiB"
    )


if __name__ == "__main__":
    main()
