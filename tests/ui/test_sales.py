"""Cash sale, reprint and void with the manager's PIN, driven through the real windows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from ewarong_pos.db.models import PrintJob, Sale, StockMovement
from ewarong_pos.services import sales
from tests.ui.conftest import MANAGER_PIN, idle, login


def _redeem_one(ctx, window, seed):
    return sales.redeem(ctx, window.account.id, seed.siti_id, [sales.CartLine(seed.rice_id, 5_000)])


def test_cash_sale_with_change(qtbot, window, ctx, seed):
    login(qtbot, window)
    cash = window.views["cash"]
    window.tabs.setCurrentWidget(cash)
    qtbot.waitUntil(lambda: len(cash.cart.products) == 4)
    cash.cart.select_product(seed.oil_id)
    cash.cart.qty.setText("2")
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(cash.cart.qty, Qt.Key.Key_Return)
    assert not cash.confirm_button.isEnabled()  # no money entered yet
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000) as preview:
        cash.tendered.setText("50.000")
    assert preview.args[0].change == 22_000
    assert "Rp\u00a022.000" in cash.change.text()
    with qtbot.waitSignal(cash.sale_committed, timeout=10_000) as committed:
        qtbot.keyClick(cash.tendered, Qt.Key.Key_F12)
    idle(qtbot, window)
    with ctx.db.read() as s:
        sale = s.get(Sale, committed.args[0].sale_id)
        assert (sale.kind, sale.total, sale.cash_tendered, sale.change_given) == (
            "cash",
            28_000,
            50_000,
            22_000,
        )
        assert sale.family_id is None
        moved = s.scalars(select(StockMovement).where(StockMovement.sale_id == sale.id)).one()
        assert (moved.product_id, moved.qty_milli) == (seed.oil_id, -2_000)


def test_reprint_then_void_with_the_managers_pin(qtbot, window, ctx, seed):
    login(qtbot, window)
    original = _redeem_one(ctx, window, seed)
    view = window.views["sales"]
    with qtbot.waitSignal(view.sales_loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    assert view.select_receipt(original.receipt_no)
    qtbot.waitUntil(lambda: original.receipt_no in view.preview.toPlainText())

    # Reprint of a receipt never printed before: it prints once, as the original.
    with qtbot.waitSignal(window.receipt_printed, timeout=10_000) as printed:
        qtbot.keyClick(view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args[0].printed
    with ctx.db.read() as s:
        jobs = s.scalars(select(PrintJob).where(PrintJob.sale_id == original.sale_id)).all()
        assert [(j.copy, j.status) for j in jobs] == [(False, "printed")]

    # Void: a wrong manager PIN is refused in the dialog, the right one voids.
    view.void_button.click()
    qtbot.waitUntil(lambda: view.void_dialog is not None and view.void_dialog.isVisible())
    dialog = view.void_dialog
    assert dialog.manager.currentData() == "pengelola"
    dialog.reason.setText("salah jumlah")
    dialog.pin.setText("1111")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.notice.isVisible() and window.runner.idle)
    assert dialog.notice.kind == "error"
    with ctx.db.read() as s:
        assert s.scalar(select(Sale).where(Sale.kind == "void")) is None
    dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(view.sale_voided, timeout=10_000) as voided:
        dialog.buttons.accepted.emit()
    idle(qtbot, window)
    with ctx.db.read() as s:
        void = s.get(Sale, voided.args[0].sale_id)
        assert void.kind == "void" and void.voided_sale_id == original.sale_id
        assert void.total == -original.total and void.void_reason == "salah jumlah"
        assert s.get(Sale, original.sale_id).kind == "redemption"  # the original is untouched
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    assert view.select_receipt(original.receipt_no)
    assert not view.void_button.isEnabled()


def test_preview_shows_the_void_at_once(qtbot, window, ctx, seed):
    """Issue 13: after a void the preview stayed on the old receipt (the list reloaded with
    the same row selected, so the preview was never asked again). It shows the void."""
    login(qtbot, window)
    original = _redeem_one(ctx, window, seed)
    view = window.views["sales"]
    with qtbot.waitSignal(view.sales_loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    assert view.select_receipt(original.receipt_no)
    qtbot.waitUntil(lambda: original.receipt_no in view.preview.toPlainText())
    before = view.preview.toPlainText()
    assert "BATAL" not in before

    view.void_button.click()
    qtbot.waitUntil(lambda: view.void_dialog is not None and view.void_dialog.isVisible())
    view.void_dialog.reason.setText("salah jumlah")
    view.void_dialog.pin.setText(MANAGER_PIN)
    with qtbot.waitSignal(view.sale_voided, timeout=10_000) as voided:
        view.void_dialog.buttons.accepted.emit()
    void_no = voided.args[0].receipt_no
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.table.rowCount() == 2)
    idle(qtbot, window)
    # the reversing receipt is selected and shown: its number, VOID, and what it voids
    shown = view.preview.toPlainText()
    assert view.selected() is not None and view.selected().receipt_no == void_no
    assert void_no in shown and "*** BATAL ***" in shown
    assert f"Membatalkan struk {original.receipt_no}" in shown
    # the original, selected again, says it was voided
    assert view.select_receipt(original.receipt_no)
    qtbot.waitUntil(lambda: "DIBATALKAN" in view.preview.toPlainText())
