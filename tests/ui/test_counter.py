"""The counter driven like a cashier does: log in, find a family, fill the cart, commit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from ewarong_pos.db.models import AuditLog, PrintJob, Sale, SaleLine, Voucher, VoucherAllocation
from tests.ui.conftest import idle, login


def _counter(qtbot, window):
    login(qtbot, window)
    counter = window.views["counter"]
    window.tabs.setCurrentWidget(counter)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(counter.cart.products) == 4)
    return counter


def _search(qtbot, counter, text):
    counter.search.setText(text)
    with qtbot.waitSignal(counter.search_done, timeout=10_000) as found:
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    return found.args[0]


def test_wrong_pin_is_refused_then_the_cashier_logs_in(qtbot, window):
    window.login.pin.setText("0000")
    window.login.login_button.click()
    qtbot.waitUntil(lambda: window.login.notice.isVisible() and window.runner.idle)
    assert window.login.notice.kind == "error"
    assert "PIN" in window.login.notice.text()
    assert window.stack.currentWidget() is window.login
    login(qtbot, window)
    assert window.stack.currentWidget() is window.workspace
    assert window.account.username == "kasir1"
    assert "Sari Kasir" in window.cashier_label.text()


def test_demo_pins_are_not_shown_outside_a_demo(qtbot, window):
    assert not window.login.demo_label.isVisible()


def test_find_by_scan_and_by_name_redeem_two_products(qtbot, window, ctx, seed, tmp_path):
    counter = _counter(qtbot, window)
    assert counter.search.hasFocus() or window.isActiveWindow() is False

    # A card scan finds exactly one family and opens it.
    with qtbot.waitSignal(counter.family_selected, timeout=10_000) as opened:
        counter.search.setText(seed.card)
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    assert opened.args[0].info.name == "Siti Nurhaliza"
    assert "**** " in counter.f_ids.text() and seed.card not in counter.f_ids.text()
    assert "Rp 220.000" in counter.total_open.text().replace("\u00a0", " ")
    assert counter.voucher_table.rowCount() == 2
    assert counter.voucher_table.item(0, 0).text() == "Maret 2018"

    # Next family, found by name: two Sitis, the cashier picks the second with the keys.
    counter.next_button.click()
    assert _search(qtbot, counter, "siti") == 2
    assert counter.results.isVisible()
    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000) as opened:
        qtbot.keyClick(counter.results, Qt.Key.Key_Return)
    family = opened.args[0].info
    assert family.name == "Siti Rahayu"

    # 10 kg of medium rice from the product list, 0,7 kg eggs by scanning their barcode.
    counter.cart.select_product(seed.rice_id)
    counter.cart.qty.setText("10")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        qtbot.keyClick(counter.cart.qty, Qt.Key.Key_Return)
    counter.cart.qty.setText("0,7")
    counter.search.setText("8991001000035")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    check = preview.args[0]
    assert check.total == 90_000 + 15_400
    assert not check.problems
    assert "Rp\u00a0105.400" in counter.cart.total_label.text()
    assert "Rp 114.600" in counter.remaining.text().replace("\u00a0", " ")  # 220.000 - 105.400

    # Three premium packs on top: more than the vouchers hold, refused with the numbers.
    counter.cart.select_product(seed.premium_id)
    counter.cart.qty.setText("3")
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        counter.cart.add_button.click()
    assert "melebihi sisa voucher" in refused.args[0]
    assert "Rp\u00a0291.400" in refused.args[0] and "Rp\u00a0220.000" in refused.args[0]
    assert counter.notice.kind == "error"
    assert not counter.confirm_button.isEnabled()

    # Take the packs out again and commit with F12.
    counter.cart.cart_table.selectRow(2)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        counter.cart.remove_button.click()
    assert counter.confirm_button.isEnabled()
    assert "F12" in counter.confirm_button.text()

    # A mistyped bank terminal approval code is refused at commit, naming the value.
    counter.edc_approval.setText("AB1")
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        qtbot.keyClick(counter.search, Qt.Key.Key_F12)
    assert "AB1" in refused.args[0]
    idle(qtbot, window)
    counter.edc_approval.setText("ab12cd")
    counter.edc_rrn.setText("812345678901")
    with qtbot.waitSignal(counter.sale_committed, timeout=10_000) as committed:
        qtbot.keyClick(counter.search, Qt.Key.Key_F12)
    result = committed.args[0]
    qtbot.waitUntil(lambda: window.runner.idle)

    with ctx.db.read() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale.kind == "redemption" and sale.family_id == family.id
        assert sale.total == 105_400 and sale.cashier_id == window.account.id
        assert (sale.edc_approval, sale.edc_rrn) == ("AB12CD", "812345678901")
        lines = s.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id)).all()
        assert sorted((line.product_id, line.qty_milli) for line in lines) == sorted(
            [(seed.rice_id, 10_000), (seed.egg_id, 700)]
        )
        draws = s.execute(
            select(Voucher.period, VoucherAllocation.amount)
            .join(Voucher, Voucher.id == VoucherAllocation.voucher_id)
            .where(VoucherAllocation.sale_id == sale.id)
        ).all()
        assert draws == [("2018-03", 105_400)]  # the oldest month first
        job = s.scalars(select(PrintJob).where(PrintJob.sale_id == sale.id)).one()
        assert job.status == "printed" and not job.copy
        searches = s.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "family.search")
        )
        assert searches >= 2
    assert list((tmp_path / "prints").glob("*.pdf"))

    # Ready for the next family: nothing selected, empty cart, the receipt number shown.
    assert counter.family is None and not counter.cart.items
    assert result.receipt_no in counter.notice.text()


def test_a_product_scan_before_a_family_asks_for_the_card_first(qtbot, window):
    counter = _counter(qtbot, window)
    counter.search.setText("8991001000035")
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    assert "Telur Ayam adalah barang" in refused.args[0]
    assert counter.notice.kind == "warn" and counter.search.text() == ""
    assert not counter.cart.items


def test_keyboard_only_pick_a_product_and_a_quantity(qtbot, window, seed):
    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        counter.search.setText(seed.card)
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    qtbot.keyClick(counter.search, Qt.Key.Key_F8)
    qtbot.waitUntil(counter.cart.product_search.hasFocus)
    qtbot.keyClicks(counter.cart.product_search, "tel")
    assert counter.cart.product_table.isRowHidden(0)  # rice filtered out
    qtbot.keyClick(counter.cart.product_search, Qt.Key.Key_Return)
    qtbot.waitUntil(counter.cart.qty.hasFocus)
    qtbot.keyClicks(counter.cart.qty, "1,25")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        qtbot.keyClick(counter.cart.qty, Qt.Key.Key_Return)
    assert [(line.product_id, line.qty_milli) for line in preview.args[0].lines] == [
        (seed.egg_id, 1_250)
    ]


def test_goods_vouchers_may_not_buy_are_refused_by_name(qtbot, window, seed):
    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        counter.search.setText(seed.card)
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    counter.cart.select_product(seed.oil_id)
    counter.cart.qty.setText("1")
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        counter.cart.add_button.click()
    assert "Minyak Goreng 1 L" in refused.args[0]
    assert "tidak boleh dibeli dengan voucher" in refused.args[0]
    assert not counter.confirm_button.isEnabled()


def test_roster_flags_are_shown_but_do_not_refuse(qtbot, window, seed):
    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        counter.search.setText("Budi Santoso")
        qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    assert "Catatan roster: NIK sama dengan keluarga lain" in counter.f_status.text()
    counter.cart.select_product(seed.rice_id)
    counter.cart.qty.setText("5")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        counter.cart.add_button.click()
    assert not preview.args[0].problems and counter.confirm_button.isEnabled()
