"""The print queue: a printer failing mid-job never loses the sale; a reprint is a copy."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import PrintJob, Sale
from ewarong_pos.printing.fake import FakePrinter
from ewarong_pos.services import printing as printing_service
from tests.printing.escpos_decode import decode, text_lines
from tests.printing.world import redeem


def test_printer_failing_mid_job_keeps_the_sale_and_the_job(ctx, sales):
    world = sales.world
    printer = FakePrinter(fail_after=120, failures=1, error="printer.no_paper")
    sale_id = redeem(ctx, world, 1, [("BRS-M", 5_000)])
    printing_service.queue_receipt(ctx, sale_id)

    outcome = printing_service.print_pending(ctx, printer)

    assert not outcome.ok and outcome.error == "printer.no_paper"
    assert "Kertas printer habis" in outcome.message("id")
    assert outcome.pending == 1
    assert len(printer.partial) == 1 and len(printer.partial[0]) == 120
    with ctx.db.read() as s:
        assert s.get(Sale, sale_id) is not None  # committed, untouched
        job = s.scalars(select(PrintJob).where(PrintJob.sale_id == sale_id)).one()
        assert (job.status, job.attempts, job.last_error) == ("failed", 1, "printer.no_paper")

    # paper loaded: the queued original prints, then the cashier asks for a copy
    outcome = printing_service.print_pending(ctx, printer)
    assert outcome.ok and outcome.pending == 0 and len(printer.jobs) == 1
    assert "SALINAN" not in "\n".join(text_lines(printer.jobs[0]))
    outcome = printing_service.reprint(ctx, sale_id, printer)
    assert outcome.ok
    lines = [line.strip() for line in text_lines(printer.jobs[1])]
    assert "*** SALINAN ***" in lines and "cetak ke-2" in lines
    receipt_no = printing_service.receipt_for(ctx, sale_id).receipt_no
    assert any(receipt_no in line for line in lines)
    with ctx.db.read() as s:
        statuses = s.scalars(
            select(PrintJob.status).where(PrintJob.sale_id == sale_id).order_by(PrintJob.id)
        ).all()
        assert statuses == ["printed", "printed"]
        assert s.scalar(select(func.count()).select_from(Sale)) == 4


def test_reprint_by_receipt_number_counts_prints(ctx, sales):
    """A receipt never printed prints first as the original; every later print is a copy."""
    printer = FakePrinter()
    for _ in range(3):
        assert printing_service.reprint(ctx, "K1-0000002", printer).ok
    marks = [
        next((line.strip() for line in text_lines(job) if "cetak ke-" in line), "original")
        for job in printer.jobs
    ]
    assert marks == ["original", "cetak ke-2", "cetak ke-3"]


def test_queue_stops_at_first_failure_and_keeps_order(ctx, sales):
    for sid in (sales.redemption, sales.cash, sales.void):
        printing_service.queue_receipt(ctx, sid)
    printer = FakePrinter(fail_after=0, failures=1, error="printer.timeout")
    outcome = printing_service.print_pending(ctx, printer)
    assert outcome.error == "printer.timeout" and outcome.pending == 3 and printer.jobs == []
    outcome = printing_service.print_pending(ctx, printer)
    assert outcome.ok and len(outcome.printed) == 3
    numbers = [
        next(ln for ln in text_lines(job) if "No. Struk" in ln).split(":")[1].strip()
        for job in printer.jobs
    ]
    assert numbers == ["K1-0000001", "K1-0000002", "K1-0000003"]


def test_unknown_receipt_and_missing_printer_are_clear(ctx, sales):
    with pytest.raises(DomainError) as err:
        printing_service.reprint(ctx, "K9-999999")
    assert err.value.code == "receipt.not_found"
    with pytest.raises(DomainError) as err:
        printing_service.printer_from_settings(printing_service.printer_settings(ctx))
    assert err.value.code == "printer.not_configured"


def test_settings_round_trip_and_test_page(ctx, tmp_path):
    out = tmp_path / "lp0"
    settings = printing_service.PrinterSettings(
        kind="escpos", uri=f"file://{out}", paper_mm=80, profile="TM-T88V"
    )
    printing_service.save_printer_settings(ctx, settings)
    assert printing_service.printer_settings(ctx) == settings
    out.write_bytes(b"")
    printer = printing_service.printer_from_settings(settings)
    printing_service.test_page(printer, settings, outlet_name="e-Warong Melati")
    decoded = decode(out.read_bytes())
    assert decoded.cuts == 1
    assert "123456789012345678901234567890123456789012" in decoded.lines
    with pytest.raises(DomainError) as err:
        printing_service.save_printer_settings(
            ctx, printing_service.PrinterSettings(kind="escpos", uri="lpt1")
        )
    assert err.value.code == "printer.bad_uri"


def test_test_page_on_a_missing_printer_says_so(tmp_path):
    printer = printing_service.printer_from_settings(
        printing_service.PrinterSettings(kind="escpos", uri=f"file://{tmp_path}/no/such/lp0")
    )
    with pytest.raises(DomainError) as err:
        printing_service.test_page(printer)
    assert err.value.code == "printer.not_found"


def test_copy_of_a_voided_sale_says_dibatalkan_with_the_voiding_receipt(ctx, sales):
    """The fixture's redemption K1-0000001 was voided by K1-0000003."""
    printer = FakePrinter()
    printing_service.queue_receipt(ctx, sales.redemption)  # the original, late
    assert printing_service.reprint(ctx, "K1-0000001", printer).ok  # prints that original
    assert printing_service.reprint(ctx, "K1-0000001", printer).ok  # then a copy
    assert len(printer.jobs) == 2
    for job in printer.jobs:
        lines = [line.strip() for line in text_lines(job)]
        assert "*** DIBATALKAN ***" in lines
        assert "Dibatalkan dengan struk K1-0000003" in " ".join(lines)
    copy = [line.strip() for line in text_lines(printer.jobs[-1])]
    assert "*** SALINAN ***" in copy
    # the void's own receipt says what it cancels, and is not itself marked voided
    void_lines = printing_service.receipt_text(ctx, "K1-0000003")
    assert "Membatalkan struk K1-0000001" in " ".join(void_lines.split())
    assert "DIBATALKAN" not in void_lines
    # and the cash sale, never voided, carries no mark
    assert "DIBATALKAN" not in printing_service.receipt_text(ctx, "K1-0000002")


def test_reprint_shows_the_figures_of_the_journal_entry(ctx, sales):
    """A copy is made from the sale's journal entry: rows changed behind its back (here a
    line price and a tendered amount edited in the database) do not change the copy."""
    from sqlalchemy import update

    from ewarong_pos.db.models import SaleLine

    with ctx.db.write() as s:
        s.execute(update(SaleLine).where(SaleLine.sale_id == sales.cash).values(unit_price=1))
        s.execute(update(Sale).where(Sale.id == sales.cash).values(cash_tendered=999_999))
    text = printing_service.receipt_text(ctx, "K1-0000002")
    assert "2 pcs x 14.000" in text and "28.000" in text
    assert "Rp 50.000" in text and "999.999" not in text


def test_copy_shows_what_was_left_at_the_sale_after_the_office_changes_a_voucher(ctx, sales, clock):
    """The issue's case: after a roster change lowers a voucher, a copy said 'Sisa
    53.750' instead of the 103.750 of the original. The commit keeps the balances."""
    from sqlalchemy import update

    from ewarong_pos.db.models import Voucher
    from tests.printing.world import redeem

    clock.advance(minutes=10)
    sale_id = redeem(ctx, sales.world, 2, [("BRS-M", 2_000)])  # 18.900 from March
    before = printing_service.receipt_text(ctx, sale_id)
    assert "91.100" in before and "110.000" in before  # March left, April untouched
    with ctx.db.write() as s:  # the office lowers April's voucher, then blocks March's
        s.execute(update(Voucher).where(Voucher.code == "V-2018-04-2").values(amount=60_000))
        s.execute(update(Voucher).where(Voucher.code == "V-2018-03-2").values(status="blocked"))
    after = printing_service.receipt_text(ctx, sale_id)
    assert after == before
    # a receipt built without the kept balances (a rebuilt database) would differ
    from ewarong_pos.db.models import SaleBalance

    with ctx.db.write() as s:
        s.execute(SaleBalance.__table__.delete().where(SaleBalance.sale_id == sale_id))
    assert printing_service.receipt_text(ctx, sale_id) != before
