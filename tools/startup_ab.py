"""Start-up and GUI stall of two source trees of the app, measured in one run, interleaved.

    python tools/startup_ab.py --before /tmp/tree-old --after . --work /tmp/ab --rounds 5

Both trees run the same probe (the AFTER tree's `ewarong_pos/ui/bench_probe.py`, offscreen,
a fresh process each time, times from the process start) under this interpreter, each with
its own tree first on the import path. The outlet is built once by the BEFORE tree (the demo
builder, `ewarong_pos.bench.outlet.build`) and copied, so the two sides open the same data;
the AFTER side's first start migrates its copy (a warm-up run per side is not counted).
Then each round runs, for each side, a `startup` probe and a `stall` probe (N scripted
redemptions with a 5 ms heartbeat); the order of the sides alternates from round to round
so the machine's load falls on both alike. Each round's stall uses the same families on
both copies. Prints one JSON line per probe and, at the end, the medians per side: wall
times, and CPU times (the process until the counter is ready; the GUI thread per
redemption), which a loaded machine disturbs far less.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BUILD = """
import json, sys
from pathlib import Path
from ewarong_pos.bench import gui, outlet
ds = outlet.build(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), progress=lambda m: None)
targets = gui._flow_targets(ds, int(sys.argv[4]))
ds.ctx.close()
print(json.dumps({"username": ds.cashier_username, "pin": ds.cashier_pin, "targets": targets}))
"""

# Run by each tree on its copy: migrate it (and re-hash its identifiers where the tree
# does that), and open the cashier's shift where the tree has shifts, as the benchmark's
# own outlet has it (else the window opens on the float count, not the counter).
PREPARE = """
import sys
from sqlalchemy import select
from ewarong_pos.db.models import Account
from ewarong_pos.services.context import open_outlet
ctx = open_outlet(sys.argv[1])
try:
    from ewarong_pos.services import shifts
except ImportError:
    shifts = None
if shifts is not None and getattr(shifts, "open_shift", None) and shifts.current_shift(ctx) is None:
    with ctx.db.read() as s:
        cashier = s.scalars(select(Account.id).where(Account.username == sys.argv[2])).one()
    shifts.open_shift(ctx, cashier, {"N50000": 2, "N10000": 5})
ctx.close()
"""


BYTECODE = False  # --bytecode: let Python write and use .pyc files (as an installed app)


def _env(tree: Path, keys: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EWARONG_KEY_DIR=str(keys))
    env["PYTHONPATH"] = str(tree)
    if BYTECODE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


PROBE: Path | None = None  # the AFTER tree's probe, copied alone into the work folder


def _probe(tree: Path, keys: Path, mode: str, *args: str) -> dict[str, Any]:
    t0 = time.time()
    assert PROBE is not None
    done = subprocess.run(
        [sys.executable, str(PROBE), mode, "--t0", repr(t0), *args],
        cwd=tree,
        env=_env(tree, keys),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tree}: probe {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="source tree (old)")
    parser.add_argument("--after", type=Path, required=True, help="source tree (new)")
    parser.add_argument("--work", type=Path, required=True, help="an empty working folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--flows", type=int, default=5, help="redemptions per stall probe")
    parser.add_argument("--kpm", type=int, default=2000, help="families of the outlet")
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument(
        "--skip-targets", type=int, default=0,
        help="families already served by an earlier run on the same --work folder",
    )  # fmt: skip
    parser.add_argument(
        "--bytecode", action="store_true",
        help="write and use .pyc files (else as the environment says: PYTHONDONTWRITEBYTECODE "
        "makes every start compile the app's modules again)",
    )  # fmt: skip
    args = parser.parse_args()
    global BYTECODE, PROBE
    BYTECODE = args.bytecode
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    work = args.work.resolve()
    keys = work / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    # Both sides run the same probe code (the AFTER tree's: it also reports CPU times),
    # each importing its own tree's app; alone in its folder, so that folder (the script's,
    # first on sys.path) holds nothing else to import.
    PROBE = work / "probe" / "ewarong_bench_probe.py"
    PROBE.parent.mkdir(exist_ok=True)
    shutil.copyfile(trees["after"] / "ewarong_pos" / "ui" / "bench_probe.py", PROBE)
    info_path = work / "dataset.json"
    if not info_path.exists():
        print(f"building the outlet ({args.kpm} families) with {trees['before']}", flush=True)
        built = subprocess.run(
            [sys.executable, "-c", BUILD, str(work / "build"), str(args.kpm), str(args.months),
             str(max(200, args.rounds * args.flows))],
            cwd=trees["before"], env=_env(trees["before"], keys), capture_output=True,
            text=True, check=False,
        )  # fmt: skip
        if built.returncode != 0:
            raise RuntimeError(built.stderr[-3000:])
        info_path.write_text(built.stdout.strip().splitlines()[-1], encoding="utf-8")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    login = ["--username", info["username"], "--pin", info["pin"]]
    data: dict[str, Path] = {}
    for side in trees:
        data[side] = work / side
        if not data[side].exists():
            shutil.copytree(work / "build" / "outlet", data[side])
        prepared = subprocess.run(
            [sys.executable, "-c", PREPARE, str(data[side]), info["username"]],
            cwd=trees[side], env=_env(trees[side], keys), capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if prepared.returncode != 0:
            raise RuntimeError(prepared.stderr[-3000:])
        # a warm-up start (files in the page cache, Python's bytecode written); not counted
        _probe(trees[side], keys, "startup", "--data-dir", str(data[side]), *login)
    results: dict[str, list[dict[str, Any]]] = {side: [] for side in trees}
    targets = info["targets"][args.skip_targets :]
    if len(targets) < args.rounds * args.flows:
        raise SystemExit(f"only {len(targets)} families left to serve in {info_path}")
    for r in range(args.rounds):
        chunk = targets[r * args.flows : (r + 1) * args.flows]
        path = work / f"targets-{r}.json"
        path.write_text(json.dumps(chunk), encoding="utf-8")
        order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
        for side in order:
            where = ["--data-dir", str(data[side]), *login]
            start = _probe(trees[side], keys, "startup", *where)
            stall = _probe(trees[side], keys, "stall", *where, "--targets", str(path))
            row = {
                "round": r,
                "side": side,
                "login_shown_s": round(start["login_shown_s"], 3),
                "ready_s": round(start["ready_s"], 3),
                "ready_cpu_s": round(start["ready_cpu_s"], 3),
                "gui_cpu_ms_per_flow": round(stall["gui_cpu_ms_per_flow"], 1),
                "stall_ready_s": round(stall["ready_s"], 3),
                "max_gap_ms": round(stall["max_gap_ms"], 1),
                "flows": stall["flows"],
                "flow_s_median": round(statistics.median(stall["flow_s"]), 3),
                "rss_mb": round(start["rss_mb"], 1),
            }
            results[side].append(row)
            print(json.dumps(row), flush=True)
    print(f"load average at the end: {os.getloadavg()}; bytecode caches: {BYTECODE}")
    for side, rows in results.items():
        medians = {
            key: round(statistics.median(row[key] for row in rows), 3)
            for key in ("login_shown_s", "ready_s", "ready_cpu_s", "stall_ready_s",
                        "max_gap_ms", "gui_cpu_ms_per_flow", "flow_s_median", "rss_mb")
        }  # fmt: skip
        print(f"median {side} ({len(rows)} rounds): {json.dumps(medians)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
