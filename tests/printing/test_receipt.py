"""The receipt model and its fixed-column layout, read against the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ewarong_pos.db.models import JournalEntry, Sale
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import QrBlock, TextLine, as_text, receipt_items
from ewarong_pos.printing.receipt import build_receipt, short_name, verification_code


def test_redemption_receipt_matches_the_sale(ctx, sales):
    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption)
        sale = s.get(Sale, sales.redemption)
        entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == sale.journal_seq)).one()
        receipt_no, entry_hash = sale.receipt_no, entry.hash
    assert receipt.receipt_no == receipt_no
    assert receipt.total == 144_100 == sum(line.total for line in receipt.lines)
    assert [(v.period, v.charged, v.remaining_after) for v in receipt.vouchers] == [
        ("2018-03", 110_000, 0),
        ("2018-04", 34_100, 75_900),
    ]
    assert receipt.open_total == 75_900
    assert receipt.verification_code == verification_code(entry_hash)
    assert entry_hash[:32] in receipt.qr_payload and receipt_no in receipt.qr_payload
    assert receipt.family_card == "**** 3000"
    assert receipt.family_name == "Siti A. B. A."


def test_reprint_after_later_sales_shows_what_was_left_then(ctx, sales):
    """The void gave the money back, but the original receipt still says 75.900 left."""
    with ctx.db.read() as s:
        receipt = build_receipt(s, sales.redemption, copy_number=2)
        void = build_receipt(s, sales.void)
    assert receipt.open_total == 75_900
    assert void.open_total == 220_000
    assert void.voided_receipt_no == receipt.receipt_no
    assert [v.charged for v in void.vouchers] == [-110_000, -34_100]


@pytest.mark.parametrize("columns", [32, 42, 48])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_layout_never_overflows(ctx, sales, columns, lang):
    labels = Labels.for_lang(lang)
    with ctx.db.read() as s:
        receipts = [build_receipt(s, sid) for sid in (sales.redemption, sales.cash, sales.void)]
    for receipt in receipts:
        items = receipt_items(receipt, labels, columns)
        lines = [i.text for i in items if isinstance(i, TextLine)]
        assert all(len(line) <= columns for line in lines), lines
        assert sum(isinstance(i, QrBlock) for i in items) == 1


def test_text_preview_says_what_matters(ctx, sales):
    with ctx.db.read() as s:
        text = as_text(receipt_items(build_receipt(s, sales.redemption), Labels.for_lang("id"), 32))
        cash = as_text(receipt_items(build_receipt(s, sales.cash, 3), Labels.for_lang("id"), 32))
        void = as_text(receipt_items(build_receipt(s, sales.void), Labels.for_lang("en"), 48))
    assert "12 April 2018" in text and "09:05 WIB" in text
    assert "Beras Premium Cap Bunga Melati" in text and "Wangi Pulen Super" in text
    assert "10 kg x 12.800" in text and "128.000" in text and "0,7 kg x 23.000" in text
    assert "Rp 144.100" in text and "Rp 75.900" in text and "Maret 2018" in text
    assert "Pengaduan: Dinas Sosial DKI" in text
    assert "**** 3000" in text
    # privacy: no NIK / KK last digits, no full name
    assert "1000" not in text and "2000" not in text and "Aminah" not in text
    assert "SALINAN" in cash and "cetak ke-3" in cash and "Rp 22.000" in cash
    assert "VOID" in void and "Voids receipt K1-0000001" in void and "salah input" in void


def test_short_name():
    assert short_name("SITI AMINAH") == "Siti A."
    assert short_name("Budi") == "Budi"
    assert short_name("") == ""


def test_receipt_agrees_with_the_counter_engine(ctx, sales, clock):
    """What the receipt says is left is what the counter would offer next."""
    from ewarong_pos.services import sales as sales_service
    from tests.printing.world import redeem

    clock.advance(minutes=2)
    sale_id = redeem(ctx, sales.world, 1, [("BRS-M", 12_500)])
    view = sales_service.get_sale(ctx, sale_id)
    left = sales_service.entitlement(ctx, sales.world.families[1]).total_open
    with ctx.db.read() as s:
        receipt = build_receipt(s, sale_id)
    assert receipt.open_total == left
    assert [(v.period, v.charged) for v in receipt.vouchers] == [
        (a.period, a.amount) for a in view.allocations
    ]
    assert receipt.total == view.total == 118_125


def test_edc_approval_is_printed(ctx, sales, clock):
    from ewarong_pos.services import sales as sales_service

    clock.advance(minutes=2)
    world = sales.world
    result = sales_service.redeem(
        ctx,
        world.cashier_id,
        world.families[2],
        [sales_service.CartLine(world.products["BRS-M"], 5_000)],
        edc_approval="123456",
        edc_rrn="000111222333",
    )
    with ctx.db.read() as s:
        text = as_text(receipt_items(build_receipt(s, result.sale_id), Labels.for_lang("id"), 32))
    assert "Kode EDC  : 123456" in text
    assert "000111222333" not in text
