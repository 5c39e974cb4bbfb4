"""The hash chain detects every kind of edit, and its encoding is canonical."""

from __future__ import annotations

import dataclasses

import pytest

from ewarong_pos.core.journal import (
    GENESIS,
    body_text,
    canonical,
    entry_hash,
    make_entry,
    text_hash,
    verify_chain,
)


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


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"total": 45_000, "lines": [{"sku": "BRS", "qty_milli": 5000}], "edc": None},
        {"nama": "Beras \u00e9\u4e2d\U0001f35a", "quote": 'a "b" \\ c', "ctl": "\t\n\x01"},
        {"z": True, "a": False, "m": [[], {}, -1, 2**40], "é": {"b": 1, "a": 2}},
    ],
)
def test_body_text_is_the_canonical_text_of_the_body(payload):
    # the office hashes a pushed entry with body_text around the payload's own text:
    # it must be the very characters canonical() gives the whole body
    for device, seq, uuid, kind, at in [
        ("dev-1", 1, "u-1", "sale.redemption", "2018-04-12T02:00:00Z"),
        ('dev "é"', 2**31 - 1, "\u4e2d", "x\ty", ""),
    ]:
        body = {
            "device": device, "seq": seq, "uuid": uuid, "kind": kind, "at": at,
            "payload": payload,
        }  # fmt: skip
        text = body_text(device, seq, uuid, kind, at, canonical(payload))
        assert text == canonical(body)
        assert text_hash(GENESIS, text) == entry_hash(GENESIS, body)


def test_body_text_refuses_what_canonical_refuses():
    with pytest.raises(TypeError):
        body_text("dev", True, "u", "k", "at", "{}")
    with pytest.raises(TypeError):
        body_text("dev", 1, "u", 5, "at", "{}")  # type: ignore[arg-type]


def test_canonical_fast_check_agrees_with_the_full_walk():
    """`canonical` tells plain payloads apart without the path-naming walk; whatever else
    it is given goes through that walk, with the same text or the same refusal as ever."""
    import enum
    import json
    from types import MappingProxyType

    class Num(enum.IntEnum):
        ONE = 1

    def dumps(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    accepted = [
        {"a": [1, {"b": None, "c": "x"}], "d": True},
        {"t": (1, 2)},
        {"n": Num.ONE},
        {"m": {"k": ["v", [[]]]}},
        [{"é": "ü"}],
    ]
    for value in accepted:
        assert canonical(value) == dumps(value)
    with pytest.raises(TypeError, match=r"at \$\.a\[1\]\.b"):
        canonical({"a": [1, {"b": 0.5}]})
    with pytest.raises(TypeError, match="non-string key"):
        canonical({"a": {2: "x"}})
    with pytest.raises(TypeError, match="mappingproxy"):
        canonical(MappingProxyType({"a": 1}))
