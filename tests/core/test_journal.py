"""The hash chain detects every kind of edit, and its encoding is canonical."""

from __future__ import annotations

import dataclasses

import pytest

from ewarong_pos.core.journal import GENESIS, canonical, entry_hash, make_entry, verify_chain


def _chain(n: int, device: str = "dev-1"):
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = make_entry(
            prev,
            device,
            seq,
            f"u{seq}",
            "sale.cash",
            "2018-04-12T02:00:00.000000Z",
            {"total": seq * 1000, "nama": "Sīti"},
        )
        entries.append(entry)
        prev = entry.hash
    return entries


def test_canonical_is_key_order_independent_and_compact():
    assert canonical({"b": 1, "a": [True, None, "é"]}) == '{"a":[true,null,"é"],"b":1}'
    assert canonical({"a": 1, "b": 2}) == canonical({"b": 2, "a": 1})


@pytest.mark.parametrize("bad", [{"x": 1.5}, {"x": {1, 2}}, {1: "a"}])
def test_canonical_refuses_floats_and_odd_types(bad):
    with pytest.raises(TypeError):
        canonical(bad)


def test_known_hash_vector_is_stable():
    # A fixed vector: the central office and the outlet must agree byte for byte.
    body = {"device": "d", "seq": 1, "uuid": "u", "kind": "k", "at": "t", "payload": {}}
    assert entry_hash(GENESIS, body) == entry_hash(GENESIS, dict(reversed(body.items())))
    assert len(entry_hash(GENESIS, body)) == 64


def test_intact_chain_verifies():
    assert verify_chain(_chain(5)) is None


def test_edited_payload_is_found():
    entries = _chain(5)
    entries[2] = dataclasses.replace(entries[2], payload={"total": 1})
    broken = verify_chain(entries)
    assert broken is not None and broken.seq == 3 and broken.reason == "hash"


def test_deleted_entry_is_a_gap():
    entries = _chain(5)
    del entries[1]
    broken = verify_chain(entries)
    assert broken is not None and broken.seq == 2 and broken.reason == "gap"


def test_rehashed_edit_breaks_the_next_link():
    entries = _chain(4)
    forged = make_entry(
        entries[1].prev_hash, "dev-1", 2, "u2", "sale.cash", entries[1].at, {"total": 0}
    )
    entries[1] = forged
    broken = verify_chain(entries)
    assert broken is not None and broken.seq == 3 and broken.reason == "prev_hash"


def test_other_device_entry_is_refused():
    entries = _chain(3)
    entries[2] = dataclasses.replace(entries[2], device="dev-2")
    broken = verify_chain(entries)
    assert broken is not None and broken.reason == "device"
