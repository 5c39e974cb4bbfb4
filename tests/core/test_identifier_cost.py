"""Brute-forcing a family's NIK costs at least 1,000 times what it cost before (issue 17,
point 1), and a copied data folder no longer holds the key to start with.

Today's attack (the issue): region + birth date (+40 for women) + the stored last four
digits leave about 73,000 candidate NIKs; each candidate costs one keyed hash. Version 1
was one HMAC-SHA256; version 2 adds scrypt (production cost, whatever the test suite's
cheap setting). The two are timed in the same run, interleaved, and compared per candidate.
The measured figures are printed (pytest -s) and quoted in docs/data-safety.md.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time

from ewarong_pos.core import identifiers as ids
from ewarong_pos.services import sync
from ewarong_pos.services.context import open_outlet

CANDIDATES_PER_FAMILY = 73_000  # the figure for one family
KEY = bytes(range(32))


def v1_candidate(nik: str) -> str:
    return ids.keyed_hash_v1(KEY, "nik", nik)


def v2_candidate(nik: str) -> str:
    v1 = ids.keyed_hash_v1(KEY, "nik", nik)
    return ids.rehash_v1(KEY, v1, n=ids.PRODUCTION_SCRYPT_N, r=ids.PRODUCTION_SCRYPT_R)


def per_candidate(fn, count: int, start: int) -> float:
    began = time.perf_counter()
    for i in range(start, start + count):
        fn(f"3171014506{i:06d}")
    return (time.perf_counter() - began) / count


def test_brute_force_of_one_family_costs_at_least_1000_times_more():
    target = "3171014506801234"
    stored = v2_candidate(target)
    # the brute force itself, on a slice of the candidate space that holds the answer
    slice_ = [f"31710145068{i:05d}" for i in range(1230, 1240)]
    found = [c for c in slice_ if v2_candidate(c) == stored]
    assert found == [target]

    v1_times, v2_times = [], []
    for round_no in range(3):  # interleaved: a load spike hits both sides
        v1_times.append(per_candidate(v1_candidate, 20_000, round_no * 20_000))
        v2_times.append(per_candidate(v2_candidate, 8, round_no * 8))
    v1, v2 = statistics.median(v1_times), statistics.median(v2_times)
    ratio = v2 / v1
    print(
        f"\nper candidate: version 1 {v1 * 1e6:.2f} us, version 2 {v2 * 1e3:.2f} ms "
        f"(x{ratio:,.0f}); one family ({CANDIDATES_PER_FAMILY:,} candidates): "
        f"{v1 * CANDIDATES_PER_FAMILY:.2f} s -> {v2 * CANDIDATES_PER_FAMILY / 60:.1f} min "
        f"on one core; a card scan hashes once ({v2 * 1e3:.0f} ms), a typed NIK twice"
    )
    assert ratio >= 1000


def test_a_copied_data_folder_gives_neither_the_key_nor_the_token(tmp_path, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock)
    token = "tok-" + "x" * 40
    ctx.write_secret(
        sync.IDENTITY_FILE,
        json.dumps({"device_id": "d", "outlet_code": "EW-1", "central_url": "u", "token": token})
        .encode(),
    )  # fmt: skip
    key = ctx.lookup_key
    ctx.close()
    copy = tmp_path / "copied"
    shutil.copytree(tmp_path / "data", copy)
    everything = b"".join(p.read_bytes() for p in copy.rglob("*") if p.is_file())
    assert key not in everything and key.hex().encode() not in everything
    assert token.encode() not in everything
    # the owner still reads both (the key-encryption key is in this user's key store)
    reopened = open_outlet(tmp_path / "data", clock=clock)
    try:
        assert reopened.lookup_key == key
        assert sync.load_identity(reopened).token == token
    finally:
        reopened.close()


def test_a_plain_legacy_key_file_is_sealed_at_the_next_start(tmp_path, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock)
    key = ctx.lookup_key
    ctx.close()
    path = tmp_path / "data" / "secrets" / "lookup.key"
    path.write_bytes(key)  # as an older version left it
    os.chmod(path, 0o600)
    reopened = open_outlet(tmp_path / "data", clock=clock)
    reopened.close()
    assert reopened.lookup_key == key
    assert key not in path.read_bytes()
