"""Training mode: the practice outlet in its own folder, its receipts, its refusals."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Account, Device, Family, JournalEntry, Product, Sale, Voucher
from ewarong_pos.printing.escpos import PaperSpec
from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.pdf_receipt import render_receipt_pdf
from ewarong_pos.services import backup, printing, sales, training
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.outlet import outlet_info
from ewarong_pos.services.settings import DEMO_PINS, get_setting, set_settings
from tests.printing.escpos_decode import text_lines

LINE_ID = "LATIHAN - BUKAN STRUK RESMI"
LINE_EN = "TRAINING - NOT AN OFFICIAL RECEIPT"


def fingerprint(ctx) -> tuple[str, int, str]:
    """The real outlet as bytes on disk and as its journal: (sha256 of outlet.db and its
    write-ahead log, where a write lands first; the journal's length; its last hash)."""
    with ctx.db.read() as s:
        count = s.scalar(select(func.count()).select_from(JournalEntry))
        last = s.scalar(select(JournalEntry.hash).order_by(JournalEntry.id.desc()).limit(1))
    digest = hashlib.sha256()
    for path in (ctx.data_dir.db_path, ctx.data_dir.db_path.with_name("outlet.db-wal")):
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest(), int(count or 0), str(last)


def practice_sale(ctx) -> sales.SaleResult:
    """A redemption in the practice outlet, as its cashier would make it."""
    with ctx.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir"))
        rice = s.scalar(select(Product.id).where(Product.sku == "BRS-MED-05"))
        served = {
            r for (r,) in s.execute(select(Voucher.family_id).where(Voucher.status != "open"))
        }
        family = next(
            f
            for f in s.scalars(
                select(Family.id)
                .join(Voucher, Voucher.family_id == Family.id)
                .where(Voucher.status == "open", Family.status == "active")
                .order_by(Family.id)
            )
            if f not in served
        )
    return sales.redeem(ctx, cashier, family, [sales.CartLine(rice, 1_000)])


@pytest.fixture
def real(ctx):
    """The real outlet, with a printer (a PDF folder) and a cash drawer set up."""
    create_account(ctx, "pengelola", "Budi Pengelola", "manager", "9876")
    printing.save_printer_settings(
        ctx, printing.PrinterSettings(kind="pdf", uri=str(ctx.data_dir.root.parent / "prints"))
    )
    set_settings(ctx, {"printer.cash_drawer": "1", "ui.language": "en"})
    return ctx


@pytest.fixture
def practice(real):
    opened = training.open_training(real)
    yield opened.ctx
    opened.ctx.close()


def test_the_practice_outlet_has_its_own_folder_and_marks(real, practice):
    root = real.data_dir.root / "latihan"
    assert practice.data_dir.root == root
    assert (root / training.MARKER).is_file() and (root / "outlet.db").is_file()
    assert training.is_training(practice) and not training.is_training(real)
    # its own secrets folder, never the real one's; a plain file (no keystore entry)
    assert practice.data_dir.secrets_dir == root / "secrets"
    assert practice.data_key is None
    # the demo's PINs for its login, the real printer, never the real cash drawer
    assert [name for name, _pin in DEMO_PINS.read(practice)] == ["Ibu Rahmawati", "Dewi Lestari"]
    assert printing.printer_settings(practice) == printing.printer_settings(real)
    assert get_setting(practice, "printer.cash_drawer") == "0"
    assert get_setting(practice, "ui.language") == "en"


def test_practice_sales_leave_the_real_outlet_untouched(real):
    before = fingerprint(real)
    opened = training.open_training(real)
    assert opened.built
    sale = practice_sale(opened.ctx)
    printing.queue_receipt(opened.ctx, sale.sale_id)
    opened.ctx.close()
    again = training.open_training(real)  # the same practice outlet, with its sale
    assert not again.built
    assert printing.find_sale(again.ctx, sale.receipt_no) == sale.sale_id
    again.ctx.close()
    assert fingerprint(real) == before
    assert printing.pending_jobs(real) == []  # the practice queue is its own


def test_every_practice_receipt_says_latihan_top_and_bottom(practice):
    sale = practice_sale(practice)
    receipt = printing.receipt_for(practice, sale.sale_id)
    assert receipt.training

    text = printing.receipt_text(practice, sale.sale_id).splitlines()
    assert text[0].strip() == LINE_ID and text[-1].strip() == LINE_ID
    assert LINE_EN not in "\n".join(text)

    lines = [line.strip() for line in text_lines(printing.render_for(receipt, _escpos(58)))]
    lines = [line for line in lines if line]
    assert lines[0] == LINE_ID and lines[-1] == LINE_ID

    pdf = PdfReader(io.BytesIO(render_receipt_pdf(receipt, Labels.for_lang("id"), 58)))
    words = pdf.pages[0].extract_text().splitlines()
    assert words[0].strip() == LINE_ID and words[-1].strip() == LINE_ID

    # an English receipt keeps the Indonesian line (the family reads it) and adds English
    english = [e.strip() for e in printing.receipt_text(practice, sale.sale_id, "en").splitlines()]
    # 58 mm: the English line wraps at 32 columns
    assert " ".join(english[:3]) == " ".join(english[-3:]) == f"{LINE_ID} {LINE_EN}"
    wide = printing.receipt_text(practice, sale.sale_id, "en", columns=48).splitlines()
    assert [w.strip() for w in wide[:2]] == [LINE_ID, LINE_EN]
    assert [w.strip() for w in wide[-2:]] == [LINE_ID, LINE_EN]


def test_copies_and_voids_of_practice_sales_say_latihan(practice):
    sale = practice_sale(practice)
    with practice.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir"))
    (manager, pin), *_ = DEMO_PINS.read(practice)
    assert manager == "Ibu Rahmawati"
    void = sales.void_sale(practice, cashier, sale.sale_id, "pengelola", pin, "latihan batal")
    for receipt in (
        printing.receipt_for(practice, sale.sale_id, copy_number=2),
        printing.receipt_for(practice, void.sale_id),
    ):
        assert receipt.training
        data = printing.render_for(receipt, _escpos(80))
        lines = [line.strip() for line in text_lines(data) if line.strip()]
        assert lines[0] == LINE_ID and lines[-1] == LINE_ID
    # the print queue renders them the same way (the real printer's path)
    printing.queue_receipt(practice, void.sale_id)
    sent: list[bytes] = []

    class Collect:
        def send(self, data: bytes) -> None:
            sent.append(data)

    printing.print_pending(practice, Collect(), _escpos(58))  # type: ignore[arg-type]
    assert sent and LINE_ID in text_lines(sent[0])[0]


def test_practice_receipt_numbers_cannot_pass_for_real_ones(real, practice):
    """LATIHAN-0000012, not K1-0000012: on the printed receipt (the ESC/POS bytes as the
    printer gets them), its copy and its void, and in the practice journal as made."""
    sale = practice_sale(practice)
    assert re.fullmatch(r"LATIHAN-\d{7}", sale.receipt_no), sale.receipt_no
    lines = [line.strip() for line in text_lines(printing.render_for(
        printing.receipt_for(practice, sale.sale_id), _escpos(58)))]  # fmt: skip
    numbers = [line for line in lines if "LATIHAN-" in line]
    assert numbers and all(sale.receipt_no in line for line in numbers), numbers
    assert not any(re.search(r"\bK\d+-\d{7}", line) for line in lines)
    with practice.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir"))
        # every practice sale, the demo's sample ones included
        numbers_made = list(s.scalars(select(Sale.receipt_no)))
        entry = s.scalar(select(JournalEntry.payload).where(JournalEntry.seq == sale.journal_seq))
    assert len(numbers_made) > 1 and all(n.startswith("LATIHAN-") for n in numbers_made)
    assert json.loads(entry)["receipt_no"] == sale.receipt_no
    (_manager, pin), *_ = DEMO_PINS.read(practice)
    void = sales.void_sale(practice, cashier, sale.sale_id, "pengelola", pin, "latihan batal")
    assert void.receipt_no.startswith("LATIHAN-")
    void_lines = text_lines(printing.render_for(printing.receipt_for(practice, void.sale_id),
                                                _escpos(80)))  # fmt: skip
    assert any(sale.receipt_no in line for line in void_lines)  # the voided one's number
    # the real outlet's till keeps its code: its numbers are made as before (K1-...)
    assert outlet_info(real).device_code == "K1"


def test_a_practice_outlet_of_an_earlier_version_is_built_again(real):
    """Its receipts were numbered K1-... like a real outlet's: opened again, it is rebuilt
    with the practice till's code; a practice outlet of this version is kept as it is."""
    opened = training.open_training(real)
    with opened.ctx.db.write() as s:  # what an earlier version built
        s.execute(update(Device).where(Device.is_local.is_(True)).values(code="K1"))
    opened.ctx.close()
    again = training.open_training(real)
    try:
        assert again.built and outlet_info(again.ctx).device_code == "LATIHAN"
        assert practice_sale(again.ctx).receipt_no.startswith("LATIHAN-")
        assert training.is_training(again.ctx)
    finally:
        again.ctx.close()
    kept = training.open_training(real)
    kept.ctx.close()
    assert not kept.built


def test_real_receipts_never_say_latihan(real, practice):
    sale = practice_sale(practice)
    assert LINE_ID in printing.receipt_text(practice, sale.sale_id)
    assert not training.is_training(real)
    assert Labels.for_lang("id").training == (LINE_ID,)


def test_backup_restore_and_backup_settings_are_refused_in_training(real, practice, tmp_path):
    practice_sale(practice)
    folder = tmp_path / "stick"
    folder.mkdir()
    with pytest.raises(DomainError) as refused:
        backup.backup_now(practice, folder)
    assert refused.value.code == "training.no_backup"
    assert refused.value.message("id").startswith("Mode latihan")
    for attempt in (
        lambda: backup.backup_if_due(practice),
        lambda: backup.set_backup_settings(practice, None, folder=str(folder)),
    ):
        with pytest.raises(DomainError, match=r"training\.no_backup"):
            attempt()
    assert list(folder.iterdir()) == []
    # a real backup restored over the practice folder: refused before the file is read
    made = backup.backup_now(real, folder)
    before = hashlib.sha256(practice.data_dir.db_path.read_bytes()).hexdigest()
    with pytest.raises(DomainError, match=r"training\.no_restore"):
        backup.preview_restore(practice, made.path)
    with pytest.raises(DomainError, match=r"training\.no_restore"):
        backup.restore_backup(practice.data_dir.root, made.path)
    assert hashlib.sha256(practice.data_dir.db_path.read_bytes()).hexdigest() == before


def test_reset_starts_the_practice_over(real, practice):
    sale = practice_sale(practice)
    reset = training.reset_training(real, practice)
    try:
        assert reset.built
        with pytest.raises(DomainError):
            printing.find_sale(reset.ctx, sale.receipt_no)
        assert training.is_training(reset.ctx)
    finally:
        reset.ctx.close()


def test_a_folder_named_latihan_that_is_not_a_practice_outlet_is_left_alone(real):
    other = real.data_dir.root / "latihan"
    other.mkdir()
    (other / "notes.txt").write_text("bukan latihan")
    with pytest.raises(DomainError) as refused:
        training.open_training(real)
    assert refused.value.code == "training.folder_taken"
    with pytest.raises(DomainError, match=r"training\.folder_taken"):
        training.reset_training(real)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_no_practice_outlet_inside_a_practice_outlet(practice):
    with pytest.raises(DomainError, match=r"training\.nested"):
        training.open_training(practice)


def _escpos(paper: int) -> printing.PrinterSettings:
    spec = PaperSpec(paper)
    return printing.PrinterSettings(kind="escpos", uri="file:///dev/null", paper_mm=spec.paper_mm)


def test_a_practice_shift_report_says_latihan_top_and_bottom(practice):
    """The shift report prints on the real printer at a shift's close: in training it
    carries the LATIHAN line too (first and last), in ESC/POS and PDF."""
    from ewarong_pos.printing.shift_report import render_shift_escpos, render_shift_pdf
    from ewarong_pos.services import shifts

    with practice.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir"))
    shifts.open_shift(practice, cashier, {"N100000": 2})
    shifts.close_shift(practice, cashier, {"N100000": 2})
    report = shifts.shift_report(practice)
    assert report.training
    lines = [
        line.strip()
        for line in text_lines(render_shift_escpos(report, Labels.for_lang("id"), PaperSpec(58)))
        if line.strip()
    ]
    assert lines[0] == LINE_ID and lines[-1] == LINE_ID
    pdf = PdfReader(io.BytesIO(render_shift_pdf(report, Labels.for_lang("id"), 80)))
    words = pdf.pages[0].extract_text().splitlines()
    assert words[0].strip() == LINE_ID and words[-1].strip() == LINE_ID


def test_a_real_shift_report_has_no_latihan_line(real):
    from ewarong_pos.printing.shift_report import render_shift_escpos
    from ewarong_pos.services import shifts

    with real.db.read() as s:
        manager = s.scalar(select(Account.id).where(Account.username == "pengelola"))
    create_account(real, "kasir9", "Kasir Sembilan", "cashier", "4321")
    with real.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "kasir9"))
    assert manager is not None
    shifts.open_shift(real, cashier, {"N100000": 1})
    shifts.close_shift(real, cashier, {"N100000": 1})
    report = shifts.shift_report(real)
    assert not report.training
    data = render_shift_escpos(report, Labels.for_lang("id"), PaperSpec(58))
    assert LINE_ID not in "\n".join(text_lines(data))
