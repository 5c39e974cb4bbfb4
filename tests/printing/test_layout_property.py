"""Whatever the names and amounts, no receipt line is wider than the paper."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import TextLine, receipt_items
from ewarong_pos.printing.receipt import Receipt, ReceiptLine, VoucherUse

words = st.text(min_size=0, max_size=70)
money = st.integers(min_value=-(10**10), max_value=10**10)
lines = st.builds(
    ReceiptLine,
    name=words,
    unit=st.sampled_from(["kg", "pcs", "pack", "ikat", "liter"]),
    qty_milli=st.integers(min_value=-(10**7), max_value=10**7),
    unit_price=money,
    total=money,
)
uses = st.builds(
    VoucherUse,
    period=st.sampled_from(["2018-01", "2019-12", "2020-03"]),
    charged=money,
    remaining_after=money,
)
receipts = st.builds(
    Receipt,
    outlet_name=words,
    outlet_address=st.tuples(words, words),
    device_code=st.text(max_size=16),
    receipt_no=st.text(max_size=40),
    kind=st.sampled_from(["redemption", "cash", "void"]),
    created_at=st.just(dt.datetime(2018, 4, 12, 2, 5, tzinfo=dt.UTC)),
    cashier=words,
    family_name=st.none() | words,
    family_card=st.none() | st.just("**** 1234"),
    lines=st.tuples(lines, lines),
    total=money,
    vouchers=st.tuples(uses),
    still_open=st.tuples(uses, uses),
    open_total=st.none() | money,
    cash_tendered=st.none() | money,
    change=st.none() | money,
    edc_approval=st.none() | st.text(max_size=12),
    verification_code=st.just("9F3A-1C22-7B0D"),
    qr_payload=st.just("EWR1|x"),
    complaints_line=words,
    copy_number=st.none() | st.integers(min_value=1, max_value=10**6),
    voided_receipt_no=st.none() | st.text(max_size=40),
    void_reason=st.none() | st.text(max_size=200),
)


@settings(max_examples=150, deadline=None)
@given(
    receipt=receipts,
    columns=st.sampled_from([32, 42, 48, 56, 64]),
    lang=st.sampled_from(["id", "en"]),
)
def test_no_line_overflows(receipt, columns, lang):
    for item in receipt_items(receipt, Labels.for_lang(lang), columns):
        if isinstance(item, TextLine):
            assert len(item.text) <= columns, item.text
            assert all(" " <= ch < "\x7f" for ch in item.text), item.text
