"""The stock ledger: deliveries, adjustments, counts, levels, stock cards, the journal."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import verify_chain
from ewarong_pos.db.journal import iter_entries
from ewarong_pos.db.models import JournalEntry, StockDocument, StockMovement
from ewarong_pos.db.queries import on_hand
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.stock import (
    AdjustmentLine,
    CountLine,
    DeliveryLine,
    adjust_stock,
    count_stock,
    receive_delivery,
    stock_card,
    stock_levels,
)
from tests.services.b2_data import add_catalogue


@pytest.fixture
def sku(ctx) -> dict[str, int]:
    return add_catalogue(ctx)


@pytest.fixture
def manager(ctx) -> int:
    return create_account(ctx, "bos", "Bu Bos", "manager", "8888").id


def _on_hand(ctx) -> dict[int, int]:
    with ctx.db.read() as s:
        return on_hand(s)


def _counts(ctx) -> tuple[int, int, int]:
    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(StockDocument)),
            s.scalar(select(func.count()).select_from(StockMovement)),
            s.scalar(select(func.count()).select_from(JournalEntry)),
        )


def _journal_ok(ctx) -> None:
    with ctx.db.read() as s:
        assert verify_chain(iter_entries(s, ctx.device_id)) is None


def _deliver(ctx, actor, sku, **qty: int):
    return receive_delivery(
        ctx,
        actor,
        "Bulog Divre DKI",
        "SJ-001",
        [DeliveryLine(sku[k], v, 8_000) for k, v in qty.items()],
    )


def test_delivery_books_stock_and_journal(ctx, sku, manager):
    result = receive_delivery(
        ctx,
        manager,
        "  Bulog Divre DKI ",
        "SJ-2018-04-001",
        [DeliveryLine(sku["BRS-MED"], 500_000, 8_200), DeliveryLine(sku["TLR-KG"], 30_500, 19_000)],
        note="pagi",
    )
    assert result.kind == "delivery"
    assert result.supplier == "Bulog Divre DKI"
    assert result.actor == "bos"
    assert result.business_date == dt.date(2018, 4, 12)
    assert [(ln.sku, ln.qty_milli, ln.unit_cost, ln.on_hand_after) for ln in result.lines] == [
        ("BRS-MED", 500_000, 8_200, 500_000),
        ("TLR-KG", 30_500, 19_000, 30_500),
    ]
    assert _on_hand(ctx) == {sku["BRS-MED"]: 500_000, sku["TLR-KG"]: 30_500}
    with ctx.db.read() as s:
        entry = s.scalar(select(JournalEntry).where(JournalEntry.seq == result.journal_seq))
        assert entry.kind == "stock.delivery"
        assert entry.hash == result.journal_hash
        assert entry.at == "2018-04-12T02:00:00.000000Z"
        payload = json.loads(entry.payload)
        doc = s.get(StockDocument, result.document_id)
        assert doc.actor_id == manager and doc.journal_seq == entry.seq
    assert payload == {
        "doc": result.uuid,
        "kind": "delivery",
        "business_date": "2018-04-12",
        "actor": "bos",
        "supplier": "Bulog Divre DKI",
        "document_no": "SJ-2018-04-001",
        "reason": "",
        "note": "pagi",
        "lines": [
            {
                "sku": "BRS-MED",
                "qty_milli": 500_000,
                "unit_cost": 8_200,
                "counted_milli": None,
                "book_milli": None,
            },
            {
                "sku": "TLR-KG",
                "qty_milli": 30_500,
                "unit_cost": 19_000,
                "counted_milli": None,
                "book_milli": None,
            },
        ],
    }
    _journal_ok(ctx)


def test_repeated_doc_uuid_returns_the_first_commit(ctx, sku, manager):
    lines = [DeliveryLine(sku["BRS-MED"], 10_000, 8_000)]
    first = receive_delivery(ctx, manager, "Bulog", "SJ-1", lines, doc_uuid="u-1")
    again = receive_delivery(ctx, manager, "Bulog", "SJ-1", lines, doc_uuid="u-1")
    assert again.replayed and not first.replayed
    assert again.document_id == first.document_id
    assert again.journal_hash == first.journal_hash
    assert _on_hand(ctx) == {sku["BRS-MED"]: 10_000}


def test_a_doc_uuid_of_another_kind_is_refused_and_changes_nothing(ctx, sku, manager):
    lines = [DeliveryLine(sku["BRS-MED"], 10_000, 8_000)]
    receive_delivery(ctx, manager, "Bulog", "SJ-1", lines, doc_uuid="u-1")
    before = (_counts(ctx), _on_hand(ctx))
    with pytest.raises(DomainError) as refused:
        count_stock(ctx, manager, [CountLine(sku["BRS-MED"], 9_000)], doc_uuid="u-1")
    assert refused.value.code == "stock.uuid_conflict"
    assert refused.value.params == {"uuid": "u-1", "kind": "delivery"}
    assert (_counts(ctx), _on_hand(ctx)) == before


@pytest.mark.parametrize(
    ("supplier", "doc_no", "lines", "code"),
    [
        ("", "SJ-1", [("BRS-MED", 1000, 1)], "stock.supplier_required"),
        ("Bulog", "  ", [("BRS-MED", 1000, 1)], "stock.document_required"),
        ("Bulog", "SJ-1", [], "stock.no_lines"),
        ("Bulog", "SJ-1", [(None, 1000, 1)], "stock.unknown_product"),
        ("Bulog", "SJ-1", [("BRS-MED", 1000, 1), ("BRS-MED", 1, 1)], "stock.duplicate_product"),
        ("Bulog", "SJ-1", [("BRS-MED", 0, 1)], "stock.qty_positive"),
        ("Bulog", "SJ-1", [("BRS-MED", -5, 1)], "stock.qty_positive"),
        ("Bulog", "SJ-1", [("TLR-BTR", 1500, 1)], "stock.whole_units"),
        ("Bulog", "SJ-1", [("BRS-MED", 1000, -1)], "stock.cost_required"),
        ("Bulog", "SJ-1", [("BRS-MED", 1000, None)], "stock.cost_required"),
        ("B" * 121, "SJ-1", [("BRS-MED", 1000, 1)], "stock.text_too_long"),
        ("Bulog", "S" * 61, [("BRS-MED", 1000, 1)], "stock.text_too_long"),
    ],
)
def test_delivery_refusals_change_nothing(ctx, sku, manager, supplier, doc_no, lines, code):
    before = _counts(ctx)
    with pytest.raises(DomainError) as exc:
        receive_delivery(
            ctx,
            manager,
            supplier,
            doc_no,
            [DeliveryLine(sku[k] if k else 9999, q, c) for k, q, c in lines],
        )
    assert exc.value.code == code
    assert _counts(ctx) == before


def test_refusal_params_name_the_line(ctx, sku, manager):
    with pytest.raises(DomainError) as exc:
        receive_delivery(
            ctx,
            manager,
            "Bulog",
            "SJ",
            [DeliveryLine(sku["BRS-MED"], 1, 1), DeliveryLine(9999, 1, 1)],
        )
    assert exc.value.params == {"line": 2, "product_id": 9999}
    with pytest.raises(DomainError) as exc:
        receive_delivery(
            ctx,
            manager,
            "Bulog",
            "SJ",
            [DeliveryLine(sku["BRS-MED"], 1, 1)] * 201,
        )
    assert exc.value.code == "stock.too_many_lines"


def test_unknown_or_inactive_actor_refused(ctx, sku):
    with pytest.raises(DomainError) as exc:
        _deliver(ctx, 4242, sku, **{"BRS-MED": 1000})
    assert exc.value.code == "auth.actor_unknown"


def test_adjustment_reasons_and_limits(ctx, sku, manager):
    _deliver(ctx, manager, sku, **{"BRS-MED": 20_000, "TLR-BTR": 30_000})
    result = adjust_stock(
        ctx, manager, "damaged", [AdjustmentLine(sku["BRS-MED"], -2_500)], note="karung sobek"
    )
    assert result.reason == "damaged" and result.lines[0].on_hand_after == 17_500
    adjust_stock(ctx, manager, "correction", [AdjustmentLine(sku["TLR-BTR"], 2_000)])
    adjust_stock(ctx, manager, "lost", [AdjustmentLine(sku["TLR-BTR"], -32_000)])
    assert _on_hand(ctx) == {sku["BRS-MED"]: 17_500, sku["TLR-BTR"]: 0}
    before = _counts(ctx)
    with pytest.raises(DomainError) as exc:
        adjust_stock(ctx, manager, "damaged", [AdjustmentLine(sku["BRS-MED"], -17_501)])
    assert exc.value.code == "stock.negative"
    assert exc.value.params == {
        "line": 1,
        "product": "Beras Medium",
        "on_hand": 17_500,
        "change": 17_501,
    }
    assert "17,5" in exc.value.message("id")
    for reason, qty, code in [
        ("stolen", -1000, "stock.bad_reason"),
        ("damaged", 1000, "stock.must_reduce"),
        ("lost", 1000, "stock.must_reduce"),
        ("correction", 0, "stock.qty_zero"),
        ("correction", -1000, "stock.negative"),  # the egg pieces are all gone
    ]:
        pid = sku["BRS-MED"] if reason != "correction" or qty == 0 else sku["TLR-BTR"]
        with pytest.raises(DomainError) as exc:
            adjust_stock(ctx, manager, reason, [AdjustmentLine(pid, qty)])
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        adjust_stock(ctx, manager, "correction", [AdjustmentLine(sku["TLR-BTR"], 500)])
    assert exc.value.code == "stock.whole_units"
    assert _counts(ctx) == before
    # a product never delivered cannot go negative either
    with pytest.raises(DomainError) as exc:
        adjust_stock(ctx, manager, "lost", [AdjustmentLine(sku["MYK-1L"], -1000)])
    assert exc.value.params["on_hand"] == 0
    _journal_ok(ctx)


def test_adjustment_journal_payload(ctx, sku, manager):
    _deliver(ctx, manager, sku, **{"BRS-MED": 5_000})
    result = adjust_stock(ctx, manager, "lost", [AdjustmentLine(sku["BRS-MED"], -1_000)])
    with ctx.db.read() as s:
        entry = s.scalar(select(JournalEntry).where(JournalEntry.seq == result.journal_seq))
        assert entry.kind == "stock.adjustment"
        payload = json.loads(entry.payload)
    assert payload["reason"] == "lost"
    assert payload["supplier"] == "" and payload["document_no"] == ""
    assert payload["lines"] == [
        {
            "sku": "BRS-MED",
            "qty_milli": -1_000,
            "unit_cost": None,
            "counted_milli": None,
            "book_milli": None,
        }
    ]


def test_count_books_the_difference(ctx, sku, manager):
    _deliver(ctx, manager, sku, **{"BRS-MED": 100_000, "TLR-KG": 10_000})
    result = count_stock(
        ctx,
        manager,
        [
            CountLine(sku["BRS-MED"], 98_750),
            CountLine(sku["TLR-KG"], 10_000),
            CountLine(sku["MYK-1L"], 3_000),
        ],
        note="opname bulanan",
    )
    assert [
        (ln.sku, ln.book_milli, ln.counted_milli, ln.qty_milli, ln.on_hand_after)
        for ln in result.lines
    ] == [
        ("BRS-MED", 100_000, 98_750, -1_250, 98_750),
        ("TLR-KG", 10_000, 10_000, 0, 10_000),
        ("MYK-1L", 0, 3_000, 3_000, 3_000),
    ]
    assert _on_hand(ctx) == {sku["BRS-MED"]: 98_750, sku["TLR-KG"]: 10_000, sku["MYK-1L"]: 3_000}
    with ctx.db.read() as s:
        entry = s.scalar(select(JournalEntry).where(JournalEntry.seq == result.journal_seq))
        payload = json.loads(entry.payload)
        assert entry.kind == "stock.count"
    assert payload["lines"][0] == {
        "sku": "BRS-MED",
        "qty_milli": -1_250,
        "unit_cost": None,
        "counted_milli": 98_750,
        "book_milli": 100_000,
    }
    for counted, code in [(-1, "stock.count_negative")]:
        with pytest.raises(DomainError) as exc:
            count_stock(ctx, manager, [CountLine(sku["BRS-MED"], counted)])
        assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        count_stock(ctx, manager, [CountLine(sku["TLR-BTR"], 2_500)])
    assert exc.value.code == "stock.whole_units"
    with pytest.raises(DomainError) as exc:
        count_stock(ctx, manager, [])
    assert exc.value.code == "stock.no_lines"


def test_stock_levels_mark_low_stock(ctx, sku, manager):
    _deliver(ctx, manager, sku, **{"BRS-MED": 50_000, "TLR-KG": 6_000})
    levels = {lv.sku: lv for lv in stock_levels(ctx)}
    assert (levels["BRS-MED"].on_hand_milli, levels["BRS-MED"].low) == (50_000, True)
    assert (levels["TLR-KG"].on_hand_milli, levels["TLR-KG"].low) == (6_000, False)
    assert (levels["MYK-1L"].on_hand_milli, levels["MYK-1L"].low) == (0, True)
    assert [lv.name for lv in stock_levels(ctx)] == sorted(lv.name for lv in stock_levels(ctx))
    _deliver(ctx, manager, sku, **{"BRS-MED": 1})
    assert {lv.sku: lv.low for lv in stock_levels(ctx)}["BRS-MED"] is False


def test_stock_card_running_balance(ctx, sku, manager, clock):
    rice = sku["BRS-MED"]
    receive_delivery(ctx, manager, "Bulog", "SJ-1", [DeliveryLine(rice, 100_000, 8_000)])
    clock.advance(days=1)  # 13 April
    adjust_stock(ctx, manager, "damaged", [AdjustmentLine(rice, -5_000)], note="basah")
    clock.advance(hours=3)
    receive_delivery(ctx, manager, "Bulog", "SJ-2", [DeliveryLine(rice, 50_000, 8_100)])
    clock.advance(days=1)  # 14 April
    count_stock(ctx, manager, [CountLine(rice, 144_000)])
    clock.advance(days=1)  # 15 April
    adjust_stock(ctx, manager, "correction", [AdjustmentLine(rice, 1_000)])

    card = stock_card(ctx, rice, dt.date(2018, 4, 13), dt.date(2018, 4, 14))
    assert card.opening_milli == 100_000
    assert [(e.kind, e.qty_milli, e.balance_milli, e.reference, e.actor) for e in card.entries] == [
        ("adjustment", -5_000, 95_000, card.entries[0].reference, "bos"),
        ("delivery", 50_000, 145_000, "SJ-2", "bos"),
        ("count", -1_000, 144_000, card.entries[2].reference, "bos"),
    ]
    assert card.entries[0].reason == "damaged" and card.entries[0].note == "basah"
    assert card.entries[1].unit_cost == 8_100
    assert card.entries[2].counted_milli == 144_000
    assert (card.total_in_milli, card.total_out_milli, card.closing_milli) == (
        50_000,
        6_000,
        144_000,
    )
    whole = stock_card(ctx, rice, dt.date(2018, 4, 1), dt.date(2018, 4, 30))
    assert whole.opening_milli == 0
    assert whole.closing_milli == _on_hand(ctx)[rice] == 145_000
    empty = stock_card(ctx, rice, dt.date(2018, 5, 1), dt.date(2018, 5, 2))
    assert (empty.opening_milli, empty.entries, empty.closing_milli) == (145_000, (), 145_000)


def test_stock_card_uses_local_dates(ctx, sku, manager, clock):
    # 23:30 WIB on 12 April is 16:30 UTC: it belongs to the 12th, not the 13th.
    clock.now = dt.datetime(2018, 4, 12, 16, 30, tzinfo=dt.UTC)
    result = _deliver(ctx, manager, sku, **{"BRS-MED": 1_000})
    assert result.business_date == dt.date(2018, 4, 12)
    assert (
        len(stock_card(ctx, sku["BRS-MED"], dt.date(2018, 4, 12), dt.date(2018, 4, 12)).entries)
        == 1
    )
    assert stock_card(ctx, sku["BRS-MED"], dt.date(2018, 4, 13), dt.date(2018, 4, 13)).entries == ()


def test_stock_card_refusals(ctx, sku):
    with pytest.raises(DomainError) as exc:
        stock_card(ctx, sku["BRS-MED"], dt.date(2018, 4, 2), dt.date(2018, 4, 1))
    assert exc.value.code == "stock.bad_range"
    with pytest.raises(DomainError) as exc:
        stock_card(ctx, 9999, dt.date(2018, 4, 1), dt.date(2018, 4, 2))
    assert exc.value.code == "stock.product_not_found"


def test_random_ledger_sums(ctx, sku, manager, clock):
    """Whatever sequence of documents is accepted, on-hand is the sum of what they booked."""
    rng = random.Random(20180412)
    expected = dict.fromkeys(sku.values(), 0)
    whole = {sku["TLR-BTR"], sku["MYK-1L"]}
    for _ in range(120):
        clock.advance(minutes=rng.randint(1, 600))
        pid = rng.choice(list(sku.values()))
        step = 1000 if pid in whole else 250
        choice = rng.random()
        try:
            if choice < 0.4:
                qty = step * rng.randint(1, 40)
                receive_delivery(ctx, manager, "Bulog", "SJ", [DeliveryLine(pid, qty, 5000)])
                expected[pid] += qty
            elif choice < 0.8:
                qty = step * rng.randint(-30, 30)
                reason = rng.choice(["damaged", "lost", "correction"])
                adjust_stock(ctx, manager, reason, [AdjustmentLine(pid, qty)])
                expected[pid] += qty
            else:
                counted = step * rng.randint(0, 50)
                count_stock(ctx, manager, [CountLine(pid, counted)])
                expected[pid] = counted
        except DomainError as exc:
            assert exc.code in {"stock.negative", "stock.must_reduce", "stock.qty_zero"}
    stock = _on_hand(ctx)
    assert {p: stock.get(p, 0) for p in expected} == expected
    assert all(v >= 0 for v in stock.values())
    for pid in expected:
        card = stock_card(ctx, pid, dt.date(2018, 1, 1), dt.date(2019, 12, 31))
        assert card.closing_milli == expected[pid]
        assert all(e.balance_milli >= 0 for e in card.entries)
    _journal_ok(ctx)
