"""The lenient reading of journal payloads: what a fact cannot be accounted without is
refused (naming the field), everything else is read with a default."""

from __future__ import annotations

import pytest

from ewarong_pos.core.journal import canonical
from ewarong_pos.protocol.payloads import (
    DayClosePayload,
    Edc,
    SalePayload,
    StockDocumentPayload,
    Unreadable,
)

SALE = {
    "sale": "7b0e7a5e-7f0e-4a39-9f43-0c3d3f0a1b2c",
    "receipt_no": "K1-0000007",
    "receipt_seq": 7,
    "kind": "redemption",
    "outlet": "EW-1",
    "business_date": "2018-04-12",
    "cashier": "kasir",
    "family": "D1",
    "lines": [
        {
            "sku": "BRS-M-5",
            "name": "Beras medium 5 kg",
            "unit": "pack",
            "qty_milli": 1000,
            "unit_price": 47000,
            "ceiling": 47250,
            "total": 47000,
        }
    ],
    "total": 47000,
    "allocations": [{"voucher": "BPNT-2018-04-D1", "period": "2018-04", "amount": 47000}],
    "cash_tendered": None,
    "change": None,
    "edc": {"approval": "A1", "rrn": None},
    "voids": None,
    "reason": None,
    "approved_by": None,
}


def test_a_complete_sale_reads_back_to_the_same_bytes():
    fact = SalePayload.parse(SALE, "sale.redemption")
    assert fact.entry_kind == "sale.redemption"
    assert fact.edc == Edc("A1", None)
    assert canonical(fact.to_json()) == canonical(SALE)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sale": None}, "sale"),
        ({"receipt_seq": "7"}, "receipt_seq"),
        ({"total": True}, "total"),
        ({"allocations": {"voucher": "X"}}, "allocations"),
        ({"allocations": [{"voucher": "X", "amount": "1"}]}, "amount"),
        ({"allocations": [{"amount": 1}]}, "voucher"),
    ],
)
def test_a_sale_without_what_it_is_accounted_by_is_unreadable(change, field):
    with pytest.raises(Unreadable) as refused:
        SalePayload.parse({**SALE, **change}, "sale.redemption")
    assert refused.value.field == field


def test_the_rest_of_a_sale_is_read_with_defaults():
    bare = {"sale": "u", "receipt_seq": 3, "total": 0, "lines": "not a list"}
    fact = SalePayload.parse(bare, "sale.cash")
    assert (fact.kind, fact.receipt_no, fact.business_date) == ("cash", "", "")
    assert fact.lines == () and fact.allocations == () and fact.outlet is None
    assert fact.edc is None and fact.voids is None
    odd = SalePayload.parse({**SALE, "outlet": 7, "allocations": [{"voucher": "V", "amount": 5}]})
    assert odd.outlet is None and odd.allocations[0].period == ""


def test_stock_documents_and_day_closes_need_their_key():
    with pytest.raises(Unreadable):
        StockDocumentPayload.parse({"kind": "delivery"}, "stock.delivery")
    doc = StockDocumentPayload.parse(
        {"doc": "d", "lines": [{"sku": "S", "qty_milli": 5}]}, "stock.count"
    )
    assert doc.kind == "count" and doc.lines[0].unit_cost is None
    with pytest.raises(Unreadable):
        DayClosePayload.parse({"actor": "x"})
    close = DayClosePayload.parse({"business_date": "2018-04-12", "totals": {"a": [1, None]}})
    assert close.to_json() == {
        "business_date": "2018-04-12",
        "actor": None,
        "totals": {"a": [1, None]},
    }
