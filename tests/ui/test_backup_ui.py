"""Backups and restore in the app: after closing the day, by the timer, from the settings
(back up now, restore with the manager's confirmation), and the recovery code."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Account, AuditLog, Category, DayClose, JournalEntry, Product, Sale
from ewarong_pos.services import backup, keys, sales, stock
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.ui.ops.jobs import IoJob
from tests.ui.conftest import (
    CASHIER_PIN,
    MANAGER_PIN,
    NOW,
    close_open_shift,
    confirm_close,
    idle,
    login,
)


@dataclass(frozen=True)
class Seed:
    cashier_id: int
    manager_id: int
    oil_id: int


@pytest.fixture
def seed(ctx) -> Seed:
    """A cashier, a manager and cooking oil delivered through the stock service.

    Not the shared UI seed: a backup is checked with the journal verifier, and that seed
    books its delivery with a placeholder journal entry the verifier rightly refuses.
    """
    cashier = create_account(ctx, "kasir1", "Sari Kasir", "cashier", CASHIER_PIN)
    manager = create_account(ctx, "pengelola", "Budi Pengelola", "manager", MANAGER_PIN)
    with ctx.db.write() as s:
        s.add(Category(code="minyak", name_id="Minyak goreng", name_en="Cooking oil"))
        oil = Product(
            sku="MYK-1L",
            barcode="8991001000042",
            name="Minyak Goreng 1 L",
            category="minyak",
            unit="liter",
            fractional=False,
            price=14_000,
            low_stock_milli=12_000,
            updated_at=NOW,
        )
        s.add(oil)
        s.flush()
        oil_id = oil.id
        assert s.get(Account, manager.id) is not None
    stock.receive_delivery(
        ctx, manager.id, "Bulog", "SJ-1", [stock.DeliveryLine(oil_id, 60_000, 13_000)]
    )
    return Seed(cashier.id, manager.id, oil_id)


@pytest.fixture
def closes_reopened(window, ctx):
    """A restore gives the window a new Context: close it after the test."""
    yield
    idle_ctx = window.parts.ctx
    if idle_ctx is not ctx:
        window.shutdown()
        idle_ctx.close()


def _settings(qtbot, window, stick: Path | None = None):
    """Log in as the manager, open the settings; optionally choose the backup folder."""
    login(qtbot, window, "pengelola", MANAGER_PIN)
    view = window.views["settings"]
    section = view.backup
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    idle(qtbot, window)
    if stick is not None:
        stick.mkdir(exist_ok=True)
        section.folder.setText(str(stick))
        with qtbot.waitSignal(section.saved, timeout=10_000):
            section.save_button.click()
        idle(qtbot, window)
    return section


def _sell(ctx, seed, qty_milli: int = 1_000) -> sales.SaleResult:
    return sales.sell_cash(ctx, seed.cashier_id, [sales.CartLine(seed.oil_id, qty_milli)], 100_000)


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("ewarong-*.db"))


def _count(ctx, model) -> int:
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_closing_the_day_writes_a_checked_backup_to_the_chosen_folder(
    qtbot, window, ctx, seed, tmp_path
):
    stick = tmp_path / "stick"
    _settings(qtbot, window, stick)
    with ctx.db.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "settings.change")).one()
        assert row.account_id == window.account.id
        assert str(stick) in row.detail
    _sell(ctx, seed)
    reports = window.views["reports"]
    window.tabs.setCurrentWidget(reports)
    idle(qtbot, window)
    reports.select_kind("daily")
    close_open_shift(ctx)
    with qtbot.waitSignal(reports.day_backup_done, timeout=20_000) as done:
        reports.close_day_button.click()
        confirm_close(qtbot, reports)
    idle(qtbot, window)
    result = done.args[0]
    assert isinstance(result, backup.BackupResult)
    assert _backups(stick) == [result.path]
    manifest = json.loads(result.manifest_path.read_text("utf-8"))
    assert manifest["reason"] == "day_close"
    with ctx.db.read() as s:
        assert manifest["last_seq"] == s.scalar(select(func.max(JournalEntry.seq)))
    assert "Hari 12 April 2018 ditutup." in reports.notice.text()
    assert "diperiksa" in reports.notice.text()
    # no file path and no journal number on screen: those are in the log (issue 15)
    assert result.path.name not in reports.notice.text() and "#" not in reports.notice.text()
    assert reports.notice.kind == "ok"
    qtbot.waitUntil(lambda: window.backup_status.text() == "Cadangan terakhir 09:00")


def test_a_missing_stick_is_said_plainly_and_the_day_stays_closed(
    qtbot, window, ctx, seed, tmp_path
):
    stick = tmp_path / "stick"
    _settings(qtbot, window, stick)
    stick.rmdir()  # the USB stick is pulled out
    reports = window.views["reports"]
    window.tabs.setCurrentWidget(reports)
    idle(qtbot, window)
    reports.select_kind("daily")
    close_open_shift(ctx)
    with qtbot.waitSignal(reports.day_backup_done, timeout=20_000) as done:
        reports.close_day_button.click()
        confirm_close(qtbot, reports)
    idle(qtbot, window)
    assert isinstance(done.args[0], DomainError)
    text = reports.notice.text()
    assert "Hari 12 April 2018 ditutup." in text
    assert "Cadangan GAGAL" in text and "flashdisk belum dipasang" in text
    assert reports.notice.kind == "warn"
    assert _count(ctx, DayClose) == 1  # the closing is committed whatever the backup did
    assert window.backup_status.text().startswith("Cadangan gagal:")
    assert window.backup_status.property("kind") == "error"


def test_back_up_now_from_the_settings(qtbot, window, ctx, seed, tmp_path):
    stick = tmp_path / "stick"
    section = _settings(qtbot, window, stick)
    assert section.isVisible()
    assert "BELUM ADA KODE PEMULIHAN" in section.key_label.text()
    _sell(ctx, seed)
    with qtbot.waitSignal(section.backed_up, timeout=20_000) as done:
        section.backup_button.click()
    idle(qtbot, window)
    result = done.args[0]
    assert _backups(stick) == [result.path]
    assert "Cadangan ditulis dan diperiksa" in section.notice.text()
    assert "jurnal #" in section.status_label.text()
    with ctx.db.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "backup.create")).one()
        assert row.account_id == window.account.id
    qtbot.waitUntil(lambda: window.backup_status.text() == "Cadangan terakhir 09:00")


def test_the_timer_backs_up_when_due_and_the_status_bar_says_when(qtbot, window, ctx, seed, clock):
    login(qtbot, window)
    status = window.backup_status
    qtbot.waitUntil(lambda: status.text() == "Belum ada cadangan")
    with qtbot.waitSignal(status.backup_done, timeout=20_000) as done:
        status.run_if_due()  # what the main window's timer calls
    assert done.args[0] is not None and done.args[0].reason == "timer"
    assert done.args[0].path.parent == backup.default_folder(ctx)
    qtbot.waitUntil(lambda: status.text() == "Cadangan terakhir 09:00")
    assert "disk yang sama" in status.toolTip()
    with qtbot.waitSignal(status.backup_done, timeout=20_000) as again:
        status.run_if_due()
    assert again.args[0] is None  # not due yet
    clock.advance(hours=5)
    window.refresh_status()
    qtbot.waitUntil(lambda: status.text() == "Cadangan terlambat (terakhir 09:00)")
    assert status.property("kind") == "warn"


def test_a_cashier_does_not_see_the_backup_section(qtbot, window):
    login(qtbot, window, "kasir1", CASHIER_PIN)
    view = window.views["settings"]
    window.tabs.setCurrentWidget(view)
    idle(qtbot, window)
    assert not view.backup.isVisible()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.ui.main_window", r"^database restored from")
def test_restore_through_the_settings_reopens_the_outlet(
    qtbot, window, ctx, seed, tmp_path, clock, monkeypatch, closes_reopened
):
    stick = tmp_path / "stick"
    section = _settings(qtbot, window, stick)
    before = [_sell(ctx, seed).receipt_no for _ in range(2)]
    with qtbot.waitSignal(section.backed_up, timeout=20_000) as done:
        section.backup_button.click()
    idle(qtbot, window)
    made = done.args[0]
    clock.advance(minutes=10)
    after = _sell(ctx, seed).receipt_no  # not in the backup: the restore needs a PIN

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(made.path), ""))
    section.restore_button.click()
    qtbot.waitUntil(
        lambda: section.restore_dialog is not None and section.restore_dialog.isVisible()
    )
    dialog = section.restore_dialog
    text = dialog.text.text()
    assert "EW-3171-0001" in text and made.path.name in text
    assert f"#{made.last_seq}" in text and "PERHATIAN" in text
    assert dialog.preview.needs_manager and dialog.pin is not None
    dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(window.restored, timeout=30_000) as restored:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    idle(qtbot, window)

    result = restored.args[0]
    assert result.forced and result.backup_seq == made.last_seq
    new_ctx = window.parts.ctx
    assert new_ctx is not ctx
    with new_ctx.db.read() as s:
        receipts = set(s.scalars(select(Sale.receipt_no)).all())
        kinds = s.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)).all()
        restore_row = s.scalars(select(AuditLog).where(AuditLog.action == "backup.restore")).one()
        approved_by = restore_row.account_id
        by_app = s.scalars(select(AuditLog).where(AuditLog.action == "backup.restore.app")).one()
        started_by = by_app.account_id
        manager_id = s.scalar(select(Account.id).where(Account.username == "pengelola"))
    assert set(before) <= receipts and after not in receipts
    assert kinds[-1] == "journal.restored"
    assert approved_by == started_by == manager_id is not None
    assert result.previous is not None and result.previous.exists()
    # the till asks for a login again, on the reopened outlet, and works there
    assert window.account is None and window.stack.currentWidget() is window.login
    assert window.restore_message is not None and made.path.name in window.restore_message.text()
    login(qtbot, window, "kasir1", CASHIER_PIN)
    sales_view = window.views["sales"]
    window.tabs.setCurrentWidget(sales_view)
    idle(qtbot, window)
    assert sales_view.table.rowCount() == len(before)


def test_a_foreign_backup_is_refused_and_nothing_changes(qtbot, window, ctx, seed, tmp_path, clock):
    other = open_outlet(tmp_path / "other", clock=clock)
    try:
        setup_outlet(other, "EW-3171-0002", "e-Warong Mawar", city="Jakarta Pusat")
        (tmp_path / "foreign").mkdir()
        foreign = backup.backup_now(other, tmp_path / "foreign")
    finally:
        other.close()
    section = _settings(qtbot, window)
    _sell(ctx, seed)
    sales_before = _count(ctx, Sale)
    with qtbot.waitSignal(section.refused, timeout=10_000) as refused:
        section.restore_from(str(foreign.path))
    idle(qtbot, window)
    expected = DomainError(
        "backup.foreign_outlet", file=foreign.path.name, found="EW-3171-0002",
        expected="EW-3171-0001",
    ).message("id")  # fmt: skip
    assert refused.args[0] == expected
    assert section.notice.text() == expected and section.notice.kind == "error"
    assert section.restore_dialog is None  # nothing to confirm
    assert window.parts.ctx is ctx and _count(ctx, Sale) == sales_before
    assert not list(ctx.data_dir.root.glob("outlet-before-restore-*"))

    # a file without a manifest: the service's own words
    stray = tmp_path / "foto.db"
    stray.write_bytes(b"not a database")
    with qtbot.waitSignal(section.refused, timeout=10_000) as refused:
        section.restore_from(str(stray))
    assert refused.args[0] == DomainError("backup.no_manifest", file="foto.db").message("id")


def test_a_wrong_pin_refuses_the_restore_after_reopening_the_same_outlet(
    qtbot, window, ctx, seed, tmp_path, closes_reopened
):
    stick = tmp_path / "stick"
    section = _settings(qtbot, window, stick)
    with qtbot.waitSignal(section.backed_up, timeout=20_000) as done:
        section.backup_button.click()
    idle(qtbot, window)
    _sell(ctx, seed)
    sales_before = _count(ctx, Sale)
    db_bytes = ctx.data_dir.db_path.stat().st_size
    section.restore_from(str(done.args[0].path))
    qtbot.waitUntil(
        lambda: section.restore_dialog is not None and section.restore_dialog.isVisible()
    )
    dialog = section.restore_dialog
    assert dialog.pin is not None
    dialog.pin.setText("0000")
    with qtbot.waitSignal(section.refused, timeout=30_000) as refused:
        dialog.accept()
    idle(qtbot, window)
    assert "PIN salah" in refused.args[0] and section.notice.kind == "error"
    reopened = window.parts.ctx
    assert _count(reopened, Sale) == sales_before
    assert reopened.data_dir.db_path.stat().st_size >= db_bytes
    assert not list(ctx.data_dir.root.glob("outlet-before-restore-*"))
    assert window.account is not None  # a refusal keeps the manager in
    assert window.workspace.isEnabled() and window.sync_status.isEnabled()


def test_a_new_recovery_code_is_shown_once_after_the_managers_pin(qtbot, window, ctx):
    section = _settings(qtbot, window)
    section.code_button.click()
    qtbot.waitUntil(lambda: section.pin_dialog is not None and section.pin_dialog.isVisible())
    section.pin_dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(section.code_shown, timeout=20_000) as shown:
        section.pin_dialog.accept()
    idle(qtbot, window)
    code = shown.args[0]
    assert section.code_dialog is not None and section.code_dialog.isVisible()
    assert section.code_dialog.code.text() == code
    assert keys.key_status(ctx).recovery_code_set
    assert "Kode pemulihan sudah dibuat" in section.key_label.text()
    with ctx.db.read() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "keys.recovery_code")).one()
        assert row.account_id == window.account.id and code not in row.detail
    dialog = section.code_dialog
    dialog.done_button.click()
    assert section.code_dialog is None and dialog.code.text() == ""


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.ui.main_window", r"^database restored from")
def test_a_restore_waits_for_the_running_jobs_before_closing_the_outlet(
    qtbot, window, ctx, seed, tmp_path, closes_reopened
):
    stick = tmp_path / "stick"
    section = _settings(qtbot, window, stick)
    _sell(ctx, seed)
    with qtbot.waitSignal(section.backed_up, timeout=20_000) as done:
        section.backup_button.click()
    idle(qtbot, window)
    release = threading.Event()
    started = threading.Event()

    def slow_print() -> None:  # a printer job still using the outlet
        started.set()
        release.wait(timeout=30)

    window.runner.run(IoJob("print.slow", slow_print))
    try:
        assert started.wait(timeout=10)
        section.restore_from(str(done.args[0].path))
        qtbot.waitUntil(
            lambda: section.restore_dialog is not None and section.restore_dialog.isVisible()
        )
        assert not section.restore_dialog.preview.needs_manager  # same journal: no PIN
        section.restore_dialog.accept()
        assert not window.workspace.isEnabled() and not window.sync_status.isEnabled()
        assert window.parts.ctx is ctx  # not closed while the job runs
    finally:
        release.set()
    with qtbot.waitSignal(window.restored, timeout=30_000) as restored:
        pass
    assert not restored.args[0].forced
    idle(qtbot, window)
    assert window.parts.ctx is not ctx and window.workspace.isEnabled()
    assert _count(window.parts.ctx, Sale) == 1
    with window.parts.ctx.db.read() as s:
        rows = s.execute(
            select(AuditLog.action, AuditLog.account_id).where(
                AuditLog.action.like("backup.restore%")
            )
        ).all()
    # not forced: the service's row names no approver, the app's row the manager
    assert sorted(rows) == [("backup.restore", None), ("backup.restore.app", seed.manager_id)]
