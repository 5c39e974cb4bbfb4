"""Issue 13's ten findings, each reproduced as a cashier meets it and shown fixed.

The scanner is simulated as the device types: the code's characters 8 ms apart, then
Enter, into whatever widget has the focus (conftest.scan).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from ewarong_pos.db.models import Period, Sale, Voucher
from tests.ui.conftest import focused, idle, login, scan, type_keys, update_family

EGGS = "8991001000035"
PREMIUM = "8991001000028"


def _counter(qtbot, window):
    login(qtbot, window)
    counter = window.views["counter"]
    window.tabs.setCurrentWidget(counter)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(counter.cart.products) == 4)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    counter.search.setFocus()
    qtbot.waitUntil(counter.search.hasFocus)
    return counter


def _open_siti(qtbot, counter, seed):
    with qtbot.waitSignal(counter.family_selected, timeout=10_000) as opened:
        scan(qtbot, seed.card)
    return opened.args[0]


def _cash(qtbot, window):
    login(qtbot, window)
    cash = window.views["cash"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(focused(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is cash)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(cash.cart.products) == 4)
    qtbot.waitUntil(cash.cart.product_search.hasFocus)
    return cash


# 1. a barcode scanned into the quantity field -------------------------------------------


def test_1_a_scan_into_the_quantity_field_adds_the_product_not_a_quantity(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    counter.cart.qty.setFocus()
    qtbot.waitUntil(counter.cart.qty.hasFocus)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        scan(qtbot, EGGS)
    assert [(line.product_id, line.qty_milli) for line in preview.args[0].lines] == [
        (seed.egg_id, 1_000)
    ]
    assert counter.cart.qty.text() == ""  # the digits never stayed in the field
    assert "202.297" not in counter.cart.cart_table.item(0, 1).text()

    # a quantity typed by hand into the field applies to the product scanned next
    counter.cart.qty.setFocus()
    type_keys(qtbot, "2")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        scan(qtbot, PREMIUM)
    assert (seed.premium_id, 2_000) in [(x.product_id, x.qty_milli) for x in preview.args[0].lines]


def test_1_quantities_have_bounds_and_messages_quote_what_was_typed(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    cart = counter.cart
    # the field takes no more than a quantity can be: a burst of digits is cut short
    cart.qty.setFocus()
    qtbot.keyClicks(cart.qty, "8991001000102,5")
    assert len(cart.qty.text()) <= 7
    qtbot.wait(200)  # a person, not a scanner, types what follows
    cart.qty.clear()
    cart.select_product(seed.egg_id)
    cart.qty.setText("150")
    with qtbot.waitSignal(counter.refused, timeout=5_000) as refused:
        qtbot.keyClick(cart.qty, Qt.Key.Key_Return)
    assert "150 kg" in refused.args[0] and "150000" not in refused.args[0]
    assert not cart.items
    # more than the stock on hand (30 kg of eggs): refused with the stock and the typed text
    cart.qty.setText("35,5")
    with qtbot.waitSignal(counter.refused, timeout=5_000) as refused:
        qtbot.keyClick(cart.qty, Qt.Key.Key_Return)
    assert "35,5 kg" in refused.args[0] and "30 kg" in refused.args[0]
    assert not cart.items


def test_1_and_2_the_cash_sale_scans_products_wherever_the_focus_is(qtbot, window, seed):
    cash = _cash(qtbot, window)
    qtbot.waitUntil(cash.cart.product_search.hasFocus)  # focus starts in the search box
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000) as preview:
        scan(qtbot, EGGS)
    assert [(x.product_id, x.qty_milli) for x in preview.args[0].lines] == [(seed.egg_id, 1_000)]
    # "3*" typed before a scan is the quantity
    type_keys(qtbot, "3*")
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000) as preview:
        scan(qtbot, PREMIUM)
    assert (seed.premium_id, 3_000) in [(x.product_id, x.qty_milli) for x in preview.args[0].lines]
    assert cash.cart.product_search.text() == ""
    # a scan into the quantity field is a product, never a quantity
    cash.cart.qty.setFocus()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000) as preview:
        scan(qtbot, EGGS)
    assert (seed.egg_id, 2_000) in [(x.product_id, x.qty_milli) for x in preview.args[0].lines]
    assert cash.cart.qty.text() == ""
    # and into the money field too
    cash.tendered.setFocus()
    cash.tendered.setText("50.000")
    with qtbot.waitSignal(cash.refused, timeout=5_000) as refused:
        scan(qtbot, "1234567890")
    assert "bukan barcode" in refused.args[0]
    assert cash.tendered.text() == "50.000"


# 3. an unknown scan ----------------------------------------------------------------------------


def test_3_an_unknown_scan_is_said_plainly_cleared_and_the_old_family_goes(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        scan(qtbot, "1234567890123452")
    assert "tidak dikenal" in refused.args[0]
    assert "1234567890123452" not in refused.args[0]  # a card-like number shown masked
    assert counter.search.text() == ""
    assert counter.family is None  # Siti is not shown as if the unknown card were hers
    assert counter.family_name.text() == "Belum ada keluarga dipilih"
    # the next scan is not glued to the previous digits
    with qtbot.waitSignal(counter.family_selected, timeout=10_000) as opened:
        scan(qtbot, seed.card)
    assert opened.args[0].info.name == "Siti Nurhaliza"


def test_3_an_unknown_scan_with_a_cart_keeps_the_cart_and_says_whose_it_is(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    with qtbot.waitSignal(counter.refused, timeout=10_000) as refused:
        scan(qtbot, "99999999")
    assert "Yang tampil masih keluarga Siti Nurhaliza" in refused.args[0]
    assert counter.family is not None and len(counter.cart.items) == 1


# 4. a suspended family --------------------------------------------------------------------------


def test_4_a_suspended_or_removed_family_shows_whole_messages(qtbot, window, ctx, seed):
    for status in ("suspended", "removed"):
        update_family(ctx, seed.siti_id, status=status, status_reason="pindah domisili")
    counter = _counter(qtbot, window)
    for status, word in (("suspended", "ditangguhkan"), ("removed", "dikeluarkan")):
        update_family(ctx, seed.siti_id, status=status)
        counter.reset()
        data = _open_siti(qtbot, counter, seed)
        assert data.info.status == status
        shown = [counter.f_status.text()] + [
            counter.voucher_table.item(r, c).text()
            for r in range(counter.voucher_table.rowCount())
            for c in range(4)
        ]
        assert not [t for t in shown if "{" in t or "}" in t], shown
        assert "Siti Nurhaliza" in counter.f_status.text()
        assert "pindah domisili" in counter.f_status.text()
        assert counter.voucher_table.item(0, 3).text() == word
        assert counter.voucher_table.item(0, 0).text() == "Maret 2018"


# 5. shortcuts after a language switch -----------------------------------------------------------


def test_5_tab_keys_work_after_a_language_switch(qtbot, window):
    _counter(qtbot, window)
    window.set_language("en")
    idle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    f2 = [
        sc
        for sc in window.findChildren(QShortcut)
        if sc.key().toString() == "F2" and sc.isEnabled()
    ]
    assert len(f2) == 1, "one F2 only: two make the key ambiguous"
    qtbot.keyClick(focused() or window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.views["cash"])
    assert window.views["cash"].confirm_button.text().startswith("Pay")
    qtbot.keyClick(focused() or window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.views["counter"])
    window.set_language("id")
    idle(qtbot, window)
    qtbot.keyClick(focused() or window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.views["sales"])


# 7. a cart over three months ---------------------------------------------------------------------


def _three_more_months(ctx, family_id):
    with ctx.db.write() as s:
        for code in ("2018-01", "2018-02"):
            s.add(
                Period(
                    code=code,
                    amount=110_000,
                    eligible_categories="beras,telur",
                    valid_from=dt.date(2018, int(code[-1]), 1),
                    valid_until=dt.date(2018, 12, 31),
                )
            )
            s.add(
                Voucher(
                    code=f"V-X-{code}",
                    family_id=family_id,
                    period=code,
                    amount=110_000,
                    valid_from=dt.date(2018, int(code[-1]), 1),
                    valid_until=dt.date(2018, 12, 31),
                    updated_at="2018-04-12T02:00:00.000000Z",
                )
            )


def test_7_a_cart_over_three_months_shows_every_month_without_squeezing(qtbot, window, ctx, seed):
    from tests.ui.test_layout import assert_no_overlap

    _three_more_months(ctx, seed.siti_id)
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    assert counter.voucher_table.rowCount() == 4
    type_keys(qtbot, "5*")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000) as preview:
        scan(qtbot, PREMIUM)  # 5 x 62.000 = 310.000: January, February, March
    assert len(preview.args[0].draws) == 3
    text = counter.remaining.text()
    for month in ("Januari 2018", "Februari 2018", "Maret 2018"):
        assert month in text
    window.resize(1366, 698)
    qtbot.wait(50)
    assert_no_overlap(window)
    assert counter.panel.width() >= 400  # the family panel keeps its room


# 8. the change of a cash sale ---------------------------------------------------------------------


def test_8_the_change_stays_until_the_next_sale_begins(qtbot, window, seed):
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)  # 1 kg eggs, Rp 22.000
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 50.000
    assert cash.tendered.text() == "50.000"
    with qtbot.waitSignal(cash.sale_committed, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    idle(qtbot, window)
    qtbot.wait(1_000)
    assert "Kembalian: Rp\u00a028.000" in cash.change.text()
    assert "Rp\u00a022.000" in cash.change.text() and "Rp\u00a050.000" in cash.change.text()
    assert cash.cart.total_label.text() == "Total Rp\u00a00"
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS, widget=focused())
    assert "Kembalian" not in cash.change.text() or "28.000" not in cash.change.text()
    assert cash.cart.total_label.text() == "Total Rp\u00a022.000"


def test_8_quick_tender_exact_money(qtbot, window, seed):
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, PREMIUM)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000) as preview:
        qtbot.keyClick(focused(), Qt.Key.Key_F5)
    assert preview.args[0].change == 0 and cash.tendered.text() == "62.000"
    for button in [cash.exact_button, *cash.tender_buttons]:
        assert "[" in button.text()  # every button shows its key


# 9. a cart is never lost silently ------------------------------------------------------------


def _question(qtbot, counter):
    qtbot.waitUntil(lambda: counter.question is not None and counter.question.isVisible())
    return counter.question


def _back_in_window(qtbot, window, widget):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_9_another_familys_card_asks_keep_park_or_discard(qtbot, window, ctx, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    # Budi's NIK scanned: the question, and Esc keeps serving Siti
    budi_nik = "3171015203800003"
    scan(qtbot, budi_nik)
    box = _question(qtbot, counter)
    assert "Siti Nurhaliza" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: counter.question is None)
    assert counter.family.info.name == "Siti Nurhaliza" and len(counter.cart.items) == 1
    # again, and P parks Siti's cart and opens Budi
    _back_in_window(qtbot, window, counter.search)
    scan(qtbot, budi_nik)
    box = _question(qtbot, counter)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000) as opened:
        qtbot.keyClick(box, Qt.Key.Key_P)
    assert opened.args[0].info.name == "Budi Santoso"
    assert not counter.cart.items and len(counter.parked) == 1
    assert (
        counter.parked_list.isVisible() and "Siti Nurhaliza" in counter.parked_list.item(0).text()
    )
    # Budi buys rice; then Ctrl+R brings Siti back: asked again, B discards Budi's cart
    _back_in_window(qtbot, window, counter.search)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, "8991001000011")
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    box = _question(qtbot, counter)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_B)
    assert counter.family.info.name == "Siti Nurhaliza"
    assert [(i.product.id, i.qty_milli) for i in counter.cart.items] == [(seed.egg_id, 1_000)]
    assert not counter.parked
    # the resumed cart commits with the sale id it was parked with
    _back_in_window(qtbot, window, counter.search)
    with qtbot.waitSignal(counter.sale_committed, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 1


def test_9_escape_with_a_cart_asks_before_leaving_the_family(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    qtbot.keyClick(counter.search, Qt.Key.Key_Escape)
    box = _question(qtbot, counter)
    qtbot.keyClick(box, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: counter.family is None)
    assert not counter.cart.items
    qtbot.keyClick(counter.search, Qt.Key.Key_Escape)  # nothing open: nothing asked
    qtbot.wait(50)
    assert counter.question is None


def test_9_a_language_switch_keeps_the_cart_and_closing_asks(qtbot, window, seed):
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    window.set_language("en")
    idle(qtbot, window)
    counter = window.views["counter"]
    qtbot.waitUntil(lambda: counter.family is not None and len(counter.cart.items) == 1)
    assert counter.family.info.name == "Siti Nurhaliza"
    assert counter.confirm_button.text().startswith("Confirm")
    # closing with the cart open asks; "back" keeps the window and the cart
    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None)
    assert window.isVisible()
    qtbot.keyClick(window.close_question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.close_question is None)
    assert window.isVisible() and len(counter.cart.items) == 1
    window.close()
    qtbot.waitUntil(lambda: window.close_question is not None)
    qtbot.keyClick(window.close_question, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_key_list_opens_with_question_mark(qtbot, window):
    counter = _counter(qtbot, window)
    qtbot.keyClicks(counter.search, "?")
    qtbot.waitUntil(lambda: window.key_list is not None and window.key_list.isVisible())
    keys = [
        window.key_list.table.item(r, 0).text() for r in range(window.key_list.table.rowCount())
    ]
    assert {"F1", "F2", "F8", "F12, Ctrl+Enter", "Ctrl+P"} <= set(keys)
    assert counter.search.text() == ""
    window.key_list.close()
    assert QApplication.activeModalWidget() is None


def test_goods_scanned_while_the_card_is_still_being_looked_up_wait_for_the_family(
    qtbot, window, seed
):
    counter = _counter(qtbot, window)
    scan(qtbot, seed.card)
    scan(qtbot, EGGS)  # at once, before the family has arrived
    qtbot.waitUntil(lambda: counter.family is not None and bool(counter.cart.items), timeout=10_000)
    assert [(i.product.id, i.qty_milli) for i in counter.cart.items] == [(seed.egg_id, 1_000)]
    assert counter.notice.kind != "warn"


def test_a_card_goods_and_another_card_scanned_at_once_still_ask_about_the_cart(
    qtbot, window, seed
):
    counter = _counter(qtbot, window)
    scan(qtbot, seed.card)
    scan(qtbot, EGGS)
    scan(qtbot, "3171015203800003")  # Budi's NIK, before Siti has even arrived
    box = _question(qtbot, counter)
    assert "Siti Nurhaliza" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_P)
    qtbot.waitUntil(
        lambda: counter.family is not None and counter.family.info.name == "Budi Santoso"
    )
    assert len(counter.parked) == 1 and not counter.cart.items
