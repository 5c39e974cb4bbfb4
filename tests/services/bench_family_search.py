"""Benchmark: family search at Jakarta scale (212,948 families). Prints figures, asserts none.

Run: /work/venv/bin/python -m tests.services.bench_family_search [--families N] [--runs R]
     [--plain]
Builds a fresh outlet (encrypted as in production; --plain for a bare SQLite file),
bulk-inserts the families (the FTS triggers index them as the roster import would), then
times `find_families` end to end (search, audit row, commit) for each kind of query, the
bare FTS statement for name queries, and one `fraud_signals` pass over the roster.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from ewarong_pos.db.crypto import FileKeyStore
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.families import find_families, fts_query
from ewarong_pos.services.fraud_signals import fraud_signals
from ewarong_pos.services.outlet import setup_outlet
from tests.services.b2_data import add_families_bulk, card_for, nik_for


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    return f"p50 {p50 * 1000:7.2f} ms  p99 {p99 * 1000:7.2f} ms  max {ordered[-1] * 1000:7.2f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", type=int, default=212_948)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--plain", action="store_true", help="a plain SQLite file instead of the encrypted default"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_outlet(
            Path(tmp) / "data",
            clock=lambda: dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC),
            encrypt=not args.plain,
            key_store=FileKeyStore(Path(tmp) / "keys"),  # never the user's keystore
        )
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Bench")
        actor = create_account(ctx, "bench", "Bench", "cashier", "1234").id
        started = time.perf_counter()
        add_families_bulk(ctx, args.families)
        built = time.perf_counter() - started
        size = (Path(tmp) / "data" / "outlet.db").stat().st_size
        kind = "plain" if args.plain else "encrypted"
        print(
            f"built {args.families:,} families in {built:.1f} s; "
            f"{kind} database {size / 2**20:.0f} MiB"
        )

        queries = {
            "2-letter prefix 'si'": "si",
            "3-letter prefix 'sit'": "sit",
            "full name 'siti nurhaliza'": "siti nurhaliza",
            "name + kelurahan 'siti nurh kebon'": "siti nurh kebon",
            "common word 'nur'": "nur",
            "no match 'zzyzx'": "zzyzx",
            "card scan": card_for(123_456),
            "NIK": nik_for(54_321),
            "ID DTKS": "DTKS-00100000",
            "garbage '\"*(-'": '"*(-',
        }
        for label, query in queries.items():
            find_families(ctx, actor, query)  # warm the page cache once
            samples = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                hits = find_families(ctx, actor, query)
                samples.append(time.perf_counter() - t0)
            print(f"find_families {label:36s} {len(hits):3d} hits  {_percentiles(samples)}")

        with ctx.db.read() as s:
            for label, query in (("'sit'", "sit"), ("'siti nurhaliza'", "siti nurhaliza")):
                match = fts_query(query)
                samples = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    s.execute(
                        text(
                            "SELECT rowid FROM family_fts WHERE family_fts MATCH :q "
                            "ORDER BY bm25(family_fts, 10.0, 2.0, 1.0), rowid LIMIT 20"
                        ),
                        {"q": match},
                    ).all()
                    samples.append(time.perf_counter() - t0)
                print(f"bare FTS5 query {label:34s}       {_percentiles(samples)}")
        t0 = time.perf_counter()
        signals = fraud_signals(ctx, dt.date(2018, 4, 1), dt.date(2018, 4, 30))
        print(
            f"fraud_signals over the roster: {len(signals)} signals in "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        ctx.close()


if __name__ == "__main__":
    main()
