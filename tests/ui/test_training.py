"""Training mode on the real window (issue 13): "Latihan" on the login opens the practice
outlet with its PINs, a banner on every screen and dialog, a redemption whose receipt
says LATIHAN (ESC/POS bytes and PDF), no sync, no backups, and back to the real login
with the real outlet's bytes and journal unchanged."""

from __future__ import annotations

import hashlib
import io
import re
import textwrap

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import keyed_hash
from ewarong_pos.db.models import Family, JournalEntry, Product, Sale, Voucher
from ewarong_pos.services import printing, sales, sync, training
from ewarong_pos.services.accounts import authenticate
from ewarong_pos.services.demo import PRODUCTS, demo_families
from ewarong_pos.services.settings import DEMO_PINS
from ewarong_pos.ui.shifts import ShiftDialog
from tests.printing.escpos_decode import text_lines
from tests.ui.child_app import STEP_RUNNER, run_app, seeded_outlet
from tests.ui.conftest import idle, login, scan
from tests.ui.test_layout import MAXIMIZED, SMALLEST, assert_no_overlap, overlaps

LINE_ID = "LATIHAN - BUKAN STRUK RESMI"


def fingerprint(ctx) -> tuple[str, int, str]:
    """The real outlet: sha256 of outlet.db and its write-ahead log, journal length, last hash."""
    digest = hashlib.sha256()
    for path in (ctx.data_dir.db_path, ctx.data_dir.db_path.with_name("outlet.db-wal")):
        digest.update(path.read_bytes() if path.exists() else b"-")
    with ctx.db.read() as s:
        count = s.scalar(select(func.count()).select_from(JournalEntry))
        last = s.scalar(select(JournalEntry.hash).order_by(JournalEntry.id.desc()).limit(1))
    return digest.hexdigest(), int(count or 0), str(last)


def enter_training(qtbot, window) -> None:
    assert window.login.training_button.isVisible()
    window.login.training_button.click()
    qtbot.waitUntil(
        lambda: (
            window.parts.training
            and window.runner.idle
            and window.login.account.count() > 0
            and window.login.demo_label.isVisible()
        ),
        timeout=120_000,
    )


def leave_training(qtbot, window) -> None:
    window.training_banner.leave_button.click()
    qtbot.waitUntil(lambda: not window.parts.training and window.runner.idle, timeout=20_000)
    qtbot.waitUntil(lambda: window.login.account.count() > 0)


def _family_card(ctx) -> str:
    """The card of a practice family with open vouchers that has not redeemed yet."""
    with ctx.db.read() as s:
        served = set(s.scalars(select(Sale.family_id).where(Sale.family_id.is_not(None))))
        open_ids = set(
            s.scalars(
                select(Family.dtks_id)
                .join(Voucher, Voucher.family_id == Family.id)
                .where(Voucher.status == "open", Family.status == "active")
                .where(Family.id.not_in(served) if served else True)
            )
        )
        outlet = s.scalar(select(Family.outlet_code).limit(1))
    for family in demo_families(training.SEED, training.KPM):
        if family.dtks_id in open_ids and family.card and family.outlet_code == outlet:
            return family.card
    raise AssertionError("no practice family to serve")


def test_training_from_the_login_to_a_receipt_and_back(qtbot, window, ctx, seed, tmp_path):
    escpos = tmp_path / "escpos.bin"
    printing.save_printer_settings(
        ctx, printing.PrinterSettings(kind="escpos", uri=f"file://{escpos}", paper_mm=58)
    )
    real_ctx = window.parts.ctx
    before = fingerprint(ctx)

    enter_training(qtbot, window)
    practice = window.parts.ctx
    assert practice is not real_ctx and training.is_training(practice)
    assert practice.data_dir.root == ctx.data_dir.root / "latihan"
    banner = window.training_banner
    assert banner.isVisible() and banner.label.text() == "MODE LATIHAN - transaksi tidak nyata"
    assert "LATIHAN" in window.windowTitle()
    assert not window.login.training_button.isVisible()
    pins = dict(DEMO_PINS.read(practice))
    shown = window.login.demo_label.text()
    assert shown.startswith("Latihan: PIN untuk mencoba") and pins["Dewi Lestari"] in shown

    # the practice cashier's first login counts a float: the dialog says LATIHAN too
    login(qtbot, window, "kasir", pins["Dewi Lestari"])
    guard = window.shift_guard
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible(), timeout=10_000)
    dialog = guard.dialog
    # one float dialog: the views were rebuilt for the practice outlet, and a second
    # shift guard left behind by a rebuild opened a second dialog (seen on the desktop)
    qtbot.wait(200)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShiftDialog)]
    assert [w for w in shown if w.isVisible()] == [dialog]
    assert dialog.windowTitle().startswith("LATIHAN")
    strip = dialog.findChild(QLabel, "TrainingDialogBanner")
    assert strip is not None and strip.isVisible() and "MODE LATIHAN" in strip.text()
    dialog.set_counts({"N50000": 2})
    with qtbot.waitSignal(dialog.done_ok, timeout=10_000):
        dialog.buttons.accepted.emit()
    idle(qtbot, window)

    # the family's screen (the customer display's top bar) says it too
    qtbot.waitUntil(lambda: window.outlet_name.startswith("MODE LATIHAN"), timeout=10_000)
    # the banner is in view on every tab, above it
    for key in window.views:
        window.show_view(key)
        idle(qtbot, window)
        assert window.tabs.currentWidget() is window.views[key]
        assert banner.isVisible() and not banner.visibleRegion().isEmpty()
        assert (
            banner.mapTo(window, banner.rect().topLeft()).y()
            < window.tabs.mapTo(window, window.tabs.rect().topLeft()).y()
        )
    # no sync button, no backups, no enrollment
    assert "Latihan" in window.sync_status.label.text()
    assert not window.sync_status.sync_button.isVisible()
    assert window.backup_status.text() == "Latihan: tanpa cadangan"
    settings = window.views["settings"]
    assert not settings.central_box.isVisible() or not settings.isVisible()
    assert settings.central_box.isHidden() and not settings.backup.isVisible()
    window.show_view("settings")
    idle(qtbot, window)
    note = settings.findChild(QGroupBox, "TrainingNote")
    assert note is not None and note.isVisible()

    # a redemption at the practice counter: card, a pack of rice by barcode, F12
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_view("counter")
    counter = window.views["counter"]
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(counter.cart.products) > 0, timeout=10_000)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, _family_card(practice), counter.search)
    rice = next(p.barcode for p in PRODUCTS if p.sku == "BRS-MED-05")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, rice, counter.search)
    with qtbot.waitSignal(window.receipt_printed, timeout=20_000) as printed:
        qtbot.keyClick(counter.search, Qt.Key.Key_F12)
    report = printed.args[0]
    assert report.printed
    # the real printer printed it: the ESC/POS bytes say LATIHAN first and last
    lines = [line.strip() for line in text_lines(escpos.read_bytes()) if line.strip()]
    assert lines[0] == LINE_ID and lines[-1] == LINE_ID
    assert report.receipt_no in "\n".join(lines)
    # its number cannot pass for a real one, printed or on screen: LATIHAN-..., not K1-...
    assert re.fullmatch(r"LATIHAN-\d{7}", report.receipt_no), report.receipt_no
    assert not any(re.search(r"\bK\d+-\d{7}", line) for line in lines)
    assert report.receipt_no in counter.notice.text()
    window.show_view("sales")
    listed = window.views["sales"]
    qtbot.waitUntil(lambda: any(s.receipt_no == report.receipt_no for s in listed.sales))
    idle(qtbot, window)
    shown = [listed.table.item(row, 0).text() for row in range(listed.table.rowCount())]
    assert report.receipt_no in shown and all(n.startswith("LATIHAN-") for n in shown), shown
    qtbot.waitUntil(lambda: report.receipt_no in listed.preview.toPlainText())
    window.show_view("counter")
    # and the same receipt as a PDF printer would make it
    receipt = printing.receipt_for(practice, report.receipt_no)
    pdf = printing.render_for(receipt, printing.PrinterSettings(kind="pdf", paper_mm=58))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    assert text[0].strip() == LINE_ID and text[-1].strip() == LINE_ID
    # the sale is in the practice outlet only
    with practice.db.read() as s:
        assert s.scalar(select(Sale.id).where(Sale.receipt_no == report.receipt_no))
    with ctx.db.read() as s:
        assert s.scalar(select(Sale.id).where(Sale.receipt_no == report.receipt_no)) is None

    # a sync from the practice outlet is refused by the services, whatever the screen shows
    try:
        sync.sync_now(practice)
    except DomainError as refused:
        assert refused.code == "training.no_sync"
    else:
        raise AssertionError("the practice outlet synced")

    # leave: the real login, the real outlet, untouched
    leave_training(qtbot, window)
    assert window.parts.ctx is real_ctx and window.account is None
    assert window.stack.currentWidget() is window.login
    assert not window.training_banner.isVisible()
    assert window.login.training_button.isVisible()
    assert not window.login.demo_label.isVisible()
    assert window.login.account.findData("kasir1") >= 0
    assert "LATIHAN" not in window.windowTitle()
    assert fingerprint(ctx) == before
    with ctx.db.read() as s:
        assert not s.scalar(select(func.count()).select_from(Sale))
    # the real cashier logs in as before
    login(qtbot, window)
    assert window.account.username == "kasir1"


def test_starting_the_practice_over(qtbot, window, ctx, seed):
    enter_training(qtbot, window)
    practice = window.parts.ctx
    with practice.db.read() as s:
        rice = s.scalar(select(Product.id).where(Product.sku == "BRS-MED-05"))
        sales_before = s.scalar(select(func.count()).select_from(Sale))
    pins = dict(DEMO_PINS.read(practice))
    cashier = authenticate(practice, "kasir", pins["Dewi Lestari"])
    card = _family_card(practice)

    with practice.db.read() as s:
        family = s.scalar(
            select(Family.id).where(
                Family.card_hash == keyed_hash(practice.lookup_key, "card", card)
            )
        )
    sales.redeem(practice, cashier.id, family, [sales.CartLine(rice, 1_000)])

    window.training_banner.reset_button.click()
    qtbot.waitUntil(
        lambda: window.training_question is not None and window.training_question.isVisible()
    )
    box = window.training_question
    assert box.windowTitle().startswith("LATIHAN")  # a message box is marked too
    box.property("answers")["reset"].click()
    qtbot.waitUntil(
        lambda: window.parts.ctx is not practice and window.runner.idle, timeout=120_000
    )
    qtbot.waitUntil(lambda: window.login.account.count() > 0)
    fresh = window.parts.ctx
    assert window.parts.training and training.is_training(fresh)
    with fresh.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == sales_before
    leave_training(qtbot, window)
    assert not window.parts.training


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", [MAXIMIZED, SMALLEST], ids=["1366x700", "minimum"])
def test_the_banner_leaves_every_practice_screen_whole(qtbot, window, seed, size, lang):
    """The banner takes a strip off every screen: at 1366x700 and at the smallest window
    nothing overlaps, the practice counter with three cart lines and a two-line refusal
    included, in both languages."""
    window.set_language(lang)
    idle(qtbot, window)
    window.resize(*size)
    qtbot.wait(20)
    assert window.login.training_button.isVisible()
    assert_no_overlap(window)  # the real login with its Latihan button
    enter_training(qtbot, window)
    practice = window.parts.ctx
    assert window.windowTitle().endswith("TRAINING" if lang == "en" else "LATIHAN")
    qtbot.wait(20)
    assert_no_overlap(window)  # the practice login, with its PINs
    pins = dict(DEMO_PINS.read(practice))
    login(qtbot, window, "pengelola", pins["Ibu Rahmawati"])  # a manager counts no float
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    counter = window.views["counter"]
    window.show_view("counter")
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(counter.cart.products) > 0, timeout=10_000)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, _family_card(practice), counter.search)
    for sku in ("BRS-MED-05", "BRS-MED-10", "BRS-PRM-05"):
        barcode = next(p.barcode for p in PRODUCTS if p.sku == sku)
        with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
            scan(qtbot, barcode, counter.search)
    counter.notice.show_notice(
        "'*8991001000101' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga "
        "outlet ini, dan bukan barcode barang. Yang tampil masih keluarga Siti Nurhaliza.",
        "warn",
    )
    qtbot.wait(20)
    assert window.size().width() == size[0] and window.size().height() == size[1]
    assert window.training_banner.isVisible()
    assert_no_overlap(window)
    for key in ("cash", "sales", "stock", "reports", "home", "settings"):
        window.show_view(key)
        idle(qtbot, window)
        qtbot.wait(20)
        problems = overlaps(window)
        assert not problems, f"tab {key}: {problems}"


# The real app in its own process: enter training, log in to the practice outlet, close
# the window while training; both outlets are closed on the way out.
TRAINING_DRIVER = STEP_RUNNER + textwrap.dedent(
    """
    import sys
    from ewarong_pos.app import main
    from ewarong_pos.services.settings import DEMO_PINS

    def scenario(window):
        steps = [
            (lambda w: w.login.account.count() > 0, lambda w: w.login.training_button.click()),
            (lambda w: w.parts.training and w.runner.idle and w.login.account.count() > 0,
             login),
            (lambda w: w.account is not None and w.runner.idle, lambda w: w.close()),
        ]
        run_steps(window, steps, 90_000)

    def login(w):
        pins = dict(DEMO_PINS.read(w.parts.ctx))
        w.login.account.setCurrentIndex(w.login.account.findData("pengelola"))
        w.login.pin.setText(pins["Ibu Rahmawati"])
        w.login.login_button.click()

    sys.exit(main(["--data-dir", sys.argv[1]], on_shown=scenario))
    """
)


def test_closing_the_app_while_training_closes_both_outlets(tmp_path):
    root = seeded_outlet(tmp_path / "outlet")
    done = run_app(TRAINING_DRIVER, root, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Fatal Python error" not in done.stderr
    log = (root / "logs" / "ewarong-pos.log").read_text(encoding="utf-8")
    assert "training mode entered" in log and "ewarong-pos stopped" in log
    # each database was closed: SQLite removes the write-ahead log with the last connection
    assert (root / "latihan" / "outlet.db").exists()
    assert not (root / "latihan" / "outlet.db-wal").exists()
    assert not (root / "outlet.db-wal").exists()
