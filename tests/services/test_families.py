"""Finding a family: card scan, NIK, No. KK, ID DTKS, name; audit rows; garbage input."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import check_card
from ewarong_pos.db.models import AuditLog
from ewarong_pos.services.accounts import create_account, set_active
from ewarong_pos.services.families import classify, find_families, fts_query, get_family
from tests.services.b2_data import add_families_bulk, add_family, card_for, kk_for, nik_for


@pytest.fixture
def cashier(ctx) -> int:
    return create_account(ctx, "ani", "Ani", "cashier", "1234").id


def _audits(ctx) -> list[tuple[str, int | None, int | None, dict]]:
    # Look-up rows are written after the fact (Database.defer): write the waiting ones.
    ctx.db.flush_deferred()
    with ctx.db.read() as s:
        return [
            (r.action, r.account_id, r.family_id, json.loads(r.detail))
            for r in s.scalars(
                select(AuditLog).where(AuditLog.action.like("family.%")).order_by(AuditLog.id)
            )
        ]


def _raw_audit_text(ctx) -> str:
    ctx.db.flush_deferred()
    with ctx.db.read() as s:
        return " ".join(r.detail for r in s.scalars(select(AuditLog)))


def test_card_scan_finds_the_family(ctx, cashier):
    fid = add_family(ctx, 7, name="Siti Aminah")
    add_family(ctx, 8)
    card = card_for(7)
    assert check_card(card) is None
    for typed in (
        card,
        f" {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}\n",
        card[:8] + "-" + card[8:],
    ):
        hits = find_families(ctx, cashier, typed)
        assert [(h.id, h.matched_by) for h in hits] == [(fid, "card")]
    hit = hits[0]
    assert hit.card_masked == "**** " + card[-4:]
    assert hit.nik_masked == "************" + nik_for(7)[-4:]
    assert hit.in_area
    action, account, family, detail = _audits(ctx)[-1]
    assert (action, account, family) == ("family.search", cashier, fid)
    assert detail == {"query": "card", "matched": ["card"], "results": 1, "families": [fid]}


def test_nik_and_kk_find_the_family(ctx, cashier):
    fid = add_family(ctx, 21)
    add_family(ctx, 22)
    nik = nik_for(21)
    hits = find_families(ctx, cashier, nik)
    assert [(h.id, h.matched_by) for h in hits] == [(fid, "nik")]
    hits = find_families(ctx, cashier, kk_for(21))
    assert [(h.id, h.matched_by) for h in hits] == [(fid, "kk")]


def test_luhn_valid_nik_falls_back_from_card_to_nik(ctx, cashier):
    # Find a NIK whose digits happen to pass the Luhn check: a swipe-looking number.
    serial = next(i for i in range(100, 200) if check_card(nik_for(i)) is None)
    fid = add_family(ctx, serial)
    assert classify(nik_for(serial)) == "card"
    hits = find_families(ctx, cashier, nik_for(serial))
    assert [(h.id, h.matched_by) for h in hits] == [(fid, "nik")]
    assert _audits(ctx)[-1][3]["query"] == "card"


def test_two_families_sharing_a_nik_are_both_shown(ctx, cashier):
    a = add_family(ctx, 31, nik=nik_for(31))
    b = add_family(ctx, 32, nik=nik_for(31), flags="flag.nik_shared")
    hits = find_families(ctx, cashier, nik_for(31))
    assert {h.id for h in hits} == {a, b}
    assert {h.flags for h in hits} == {(), ("flag.nik_shared",)}
    assert _audits(ctx)[-1][2] is None  # several shown: no single family id


def test_unknown_number_finds_nothing_and_is_audited(ctx, cashier):
    add_family(ctx, 1)
    assert find_families(ctx, cashier, card_for(999)) == []
    assert find_families(ctx, cashier, "3171015201009999") == []
    audits = _audits(ctx)
    assert [a[3]["query"] for a in audits] == ["card", "number"]
    assert all(a[3]["results"] == 0 and a[2] is None for a in audits)


def test_dtks_exact_match(ctx, cashier):
    fid = add_family(ctx, 41)
    hits = find_families(ctx, cashier, "  DTKS-00000041 ")
    assert [(h.id, h.matched_by, h.dtks_id) for h in hits] == [(fid, "dtks", "DTKS-00000041")]
    assert _audits(ctx)[-1][3]["query"] == "dtks"


def test_name_is_case_and_accent_insensitive(ctx, cashier):
    fid = add_family(ctx, 51, name="Sīti Nurhaliza")
    add_family(ctx, 52, name="Siti Rahayu")
    add_family(ctx, 53, name="Nur Hidayat")
    for typed in (
        "siti nurhaliza",
        "SITI NURHALIZA",
        "Sïtì  nurhal",
        "nurh sit",
        "sīti, nurhaliza!",
    ):
        hits = find_families(ctx, cashier, typed)
        assert [h.id for h in hits] == [fid], typed
        assert hits[0].matched_by == "name"
        assert hits[0].name == "Sīti Nurhaliza"
    assert _audits(ctx)[-1][3] == {
        "query": "name",
        "matched": ["name"],
        "results": 1,
        "families": [fid],
    }


def test_prefix_search_returns_all_words_anded(ctx, cashier):
    siti = [
        add_family(ctx, 61, name="Siti Nurhaliza"),
        add_family(ctx, 62, name="Siti Rahayu"),
        add_family(ctx, 63, name="Sitinah"),
    ]
    add_family(ctx, 64, name="Budi Santoso")
    assert {h.id for h in find_families(ctx, cashier, "sit")} == set(siti)
    assert [h.id for h in find_families(ctx, cashier, "sit rah")] == [siti[1]]
    assert find_families(ctx, cashier, "siti budi") == []


def test_namesakes_are_told_apart_by_address(ctx, cashier):
    a = add_family(
        ctx,
        71,
        name="Siti Nurhaliza",
        address="Jl. Melati No. 3",
        rt_rw="003/007",
        kelurahan="Kebon Melati",
    )
    b = add_family(
        ctx,
        72,
        name="Siti Nurhaliza",
        address="Gg. Mawar No. 10",
        rt_rw="011/002",
        kelurahan="Petamburan",
    )
    hits = find_families(ctx, cashier, "siti nurhaliza")
    assert {h.id for h in hits} == {a, b}
    assert {(h.address, h.rt_rw, h.kelurahan) for h in hits} == {
        ("Jl. Melati No. 3", "003/007", "Kebon Melati"),
        ("Gg. Mawar No. 10", "011/002", "Petamburan"),
    }
    assert [h.id for h in find_families(ctx, cashier, "siti nurhaliza petamb")] == [b]
    assert [h.id for h in find_families(ctx, cashier, "siti mawar")] == [b]


def test_name_match_ranks_above_address_match(ctx, cashier):
    by_address = add_family(
        ctx, 81, name="Budi Santoso", address="Jl. Melati No. 1", kelurahan="Kebon Melati"
    )
    by_name = add_family(
        ctx, 82, name="Melati Putri", address="Jl. Kenanga No. 2", kelurahan="Cideng"
    )
    assert [h.id for h in find_families(ctx, cashier, "melati")] == [by_name, by_address]


def test_limit_is_respected(ctx, cashier):
    for serial in range(100, 130):
        add_family(ctx, serial, name=f"Siti Warga {serial}")
    assert len(find_families(ctx, cashier, "siti")) == 20
    assert len(find_families(ctx, cashier, "siti", limit=5)) == 5
    assert len(find_families(ctx, cashier, "siti", limit=0)) == 1
    assert len(find_families(ctx, cashier, "siti", limit=10_000)) == 30


@pytest.mark.parametrize(
    "garbage",
    [
        '"*(-',
        "*",
        '"',
        "'",
        "AND",
        "siti AND",
        "OR NOT siti",
        "NEAR(siti budi)",
        "name:siti",
        "{name}: siti",
        "^siti",
        "siti*",
        '"siti',
        "s",
        "--",
        "\x00\x1b[2J",
        "🙂🙂",
        "(((((",
        "a" * 500,
        " ".join(["siti"] * 50),
        "12345",
        "31710152010000",
    ],
)
def test_garbage_never_raises(ctx, cashier, garbage):
    add_family(ctx, 91, name="Siti Nurhaliza")
    hits = find_families(ctx, cashier, garbage)
    assert isinstance(hits, list)
    assert len(hits) <= 1


def test_fts_query_quotes_everything():
    assert fts_query('"*(-') is None
    assert fts_query("s") is None
    assert fts_query('siti" OR name:x') == '"siti"* "OR"* "name"* "x"*'
    assert fts_query("Sī ti") == '"Sī"* "ti"*'


def test_blank_query_is_not_a_lookup(ctx, cashier):
    assert find_families(ctx, cashier, "") == []
    assert find_families(ctx, cashier, "   \n") == []
    assert _audits(ctx) == []


def test_audit_rows_never_hold_typed_numbers(ctx, cashier):
    add_family(ctx, 5)
    typed = [card_for(5), nik_for(5), kk_for(5), card_for(6), nik_for(6), "3171015201001234"]
    for value in typed:
        find_families(ctx, cashier, value)
    text = _raw_audit_text(ctx)
    for value in typed:
        assert value not in text
        assert value[-8:] not in text
    assert len(_audits(ctx)) == len(typed)


def test_unknown_actor_refused(ctx):
    add_family(ctx, 1)
    with pytest.raises(DomainError) as exc:
        find_families(ctx, 999, "siti")
    assert exc.value.code == "auth.actor_unknown"
    with pytest.raises(DomainError) as exc:
        get_family(ctx, 999, 1)
    assert exc.value.code == "auth.actor_unknown"


def test_unknown_actor_leaves_no_audit_row(ctx):
    add_family(ctx, 1)
    for query in ("siti", card_for(1), nik_for(1), "DTKS-00000001", "zzyzx"):
        with pytest.raises(DomainError) as exc:
            find_families(ctx, 999, query)
        assert exc.value.code == "auth.actor_unknown"
    assert _audits(ctx) == []


def test_inactive_actor_refused(ctx, cashier):
    fid = add_family(ctx, 1, name="Siti Aminah")
    assert [h.id for h in find_families(ctx, cashier, "siti")] == [fid]
    manager = create_account(ctx, "budi", "Budi", "manager", "4321").id
    set_active(ctx, manager, "ani", False)
    with pytest.raises(DomainError) as exc:
        find_families(ctx, cashier, "siti")
    assert exc.value.code == "auth.actor_unknown"
    with pytest.raises(DomainError) as exc:
        get_family(ctx, cashier, fid)
    assert exc.value.code == "auth.actor_unknown"
    assert [a[:2] for a in _audits(ctx)] == [("family.search", cashier)]
    set_active(ctx, manager, "ani", True)  # checked on every call, never cached
    assert [h.id for h in find_families(ctx, cashier, "siti")] == [fid]


def test_look_ups_leave_every_write_durable(ctx, cashier):
    """The audit rows skip the fsync; the next writer (a sale) must not."""
    fid = add_family(ctx, 2)
    find_families(ctx, cashier, card_for(2))
    get_family(ctx, cashier, fid)
    with pytest.raises(DomainError):
        find_families(ctx, 999, card_for(2))
    held = [ctx.db.engine.connect() for _ in range(ctx.db.engine.pool.size())]
    try:
        # On the DB-API connections: a SQLAlchemy execute would BEGIN IMMEDIATE on each.
        levels = {
            c.connection.dbapi_connection.cursor().execute("PRAGMA synchronous").fetchone()[0]
            for c in held
        }
    finally:
        for c in held:
            c.close()
    assert levels == {2}  # FULL
    assert [a[0] for a in _audits(ctx)] == ["family.search", "family.view"]


def test_get_family_is_audited(ctx, cashier):
    fid = add_family(
        ctx,
        3,
        name="Wati Lestari",
        status="suspended",
        status_reason="tidak bertransaksi 3 bulan",
        flags="flag.nik_malformed,flag.no_card",
        card=None,
    )
    info = get_family(ctx, cashier, fid)
    assert info.name == "Wati Lestari"
    assert info.status == "suspended"
    assert info.flags == ("flag.nik_malformed", "flag.no_card")
    assert info.card_masked == ""
    assert info.kk_masked.endswith(kk_for(3)[-4:])
    assert _audits(ctx)[-1][:3] == ("family.view", cashier, fid)
    with pytest.raises(DomainError) as exc:
        get_family(ctx, cashier, 4242)
    assert exc.value.code == "family.not_found"
    assert exc.value.params == {"family": 4242}


def test_family_of_another_outlet_is_marked(ctx, cashier):
    fid = add_family(ctx, 4, name="Joko Susilo", outlet_code="EW-3171-0099")
    hits = find_families(ctx, cashier, "joko")
    assert [(h.id, h.in_area, h.outlet_code) for h in hits] == [(fid, False, "EW-3171-0099")]
    assert get_family(ctx, cashier, fid).in_area is False


def test_bulk_search_among_many(ctx, cashier):
    add_families_bulk(ctx, 3000)
    target = add_family(ctx, 5000, name="Sīti Nurhaliza Zulkarnaen", kelurahan="Gelora")
    hits = find_families(ctx, cashier, "siti zulk")
    assert [h.id for h in hits] == [target]
    hits = find_families(ctx, cashier, "siti")
    assert len(hits) == 20 and all(
        "siti" in h.name.lower() or "sīti" in h.name.lower() for h in hits
    )
    assert [h.id for h in find_families(ctx, cashier, card_for(1234))] == [1234]


def test_benchmark_script_runs_small(capsys):
    from tests.services import bench_family_search

    bench_family_search.main(["--families", "300", "--runs", "2"])
    out = capsys.readouterr().out
    assert "built 300 families" in out
    assert "3-letter prefix" in out
