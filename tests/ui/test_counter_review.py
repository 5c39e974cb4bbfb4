"""What a first-time cashier met at the counter in the last desk review, each reproduced
offscreen as the cashier meets it and shown fixed (the screenshots are in the commits)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QStyleOptionSpinBox

from ewarong_pos.core.messages import render, render_screen
from ewarong_pos.core.money import format_rupiah, parse_rupiah
from ewarong_pos.resources import resource
from tests.ui.conftest import close_open_shift, focused, idle, login, scan, type_keys, update_family
from tests.ui.test_counter_findings import EGGS, _cash, _counter, _open_siti

NBSP = "\u00a0"


# 1. an amount never wraps inside itself -------------------------------------------------


def test_a_cash_sales_shortfall_and_change_never_wrap_inside_an_amount(qtbot, window, seed):
    # seen: "uang tunai Rp 10.000 kurang Rp" at a line's end, "12.000 dari total ..." below
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)  # 1 kg eggs, Rp 22.000
    cash.tendered.setFocus()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        type_keys(qtbot, "10000")
    short = cash.notice.text()
    assert "12.000" in short and f"Rp{NBSP}12.000" in short, short
    assert "Rp " not in short, short
    cash.tendered.clear()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 50.000
    assert cash.tendered.text() == "50.000"  # a quick tender types the bare number
    assert f"Rp{NBSP}28.000" in cash.change.text() and "Rp " not in cash.change.text()
    assert "Rp " not in cash.cart.total_label.text()


def test_printing_and_exports_keep_the_plain_space():
    # receipts (ESC/POS, CP437), PDF and CSV exports take the default: ASCII only
    assert format_rupiah(110_000) == "Rp 110.000"
    assert format_rupiah(-5_000) == "-Rp 5.000"
    assert render("sale.cash_short", "id", tendered=10_000, short=12_000, total=22_000).isascii()
    on_screen = render_screen("sale.cash_short", "id", tendered=1, short=2, total=3)
    assert on_screen.count(f"Rp{NBSP}") == 3 and "Rp " not in on_screen
    assert format_rupiah(110_000, screen=True) == f"Rp{NBSP}110.000"
    assert parse_rupiah(f"Rp{NBSP}110.000") == 110_000  # copied from the screen


# 2. an unknown scan's warning goes with the moment ---------------------------------------


def _switch(qtbot, window, key, view):
    qtbot.keyClick(focused(), key)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is view)
    idle(qtbot, window)


def test_an_unknown_scans_warning_is_gone_after_another_tab(qtbot, window, seed):
    # seen: F1, scan a code nobody knows, F2 and back to F1: the warning still there
    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert counter.notice.isVisible() and "tidak dikenal" in counter.notice.text()
    _switch(qtbot, window, Qt.Key.Key_F2, window.views["cash"])
    _switch(qtbot, window, Qt.Key.Key_F1, counter)
    assert not counter.notice.isVisible() and counter.notice.text() == ""

    # and after the next thing that goes through: here "next family" (Ctrl+N)
    counter.search.setFocus()
    with qtbot.waitSignal(counter.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert counter.notice.isVisible()
    counter.reset()
    assert not counter.notice.isVisible()


def test_a_warning_that_still_holds_stays_across_tabs(qtbot, window, seed):
    # the cash sale's shortfall is about the cart on screen: still true when back
    cash = _cash(qtbot, window)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    cash.tendered.setFocus()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        type_keys(qtbot, "10000")
    assert "12.000" in cash.notice.text()
    _switch(qtbot, window, Qt.Key.Key_F1, window.views["counter"])
    _switch(qtbot, window, Qt.Key.Key_F2, cash)
    assert cash.notice.isVisible() and "12.000" in cash.notice.text()

    # an unknown product code in the cash sale goes once the next scan goes through
    cash.cart.product_search.setFocus()
    with qtbot.waitSignal(cash.refused, timeout=10_000):
        scan(qtbot, "8990000000001")
    assert cash.notice.isVisible() and "bukan barcode" in cash.notice.text()
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    assert "bukan barcode" not in cash.notice.text()


# 3. a suspended family's products are fine: the family's status is said once -------------


def _product_names(cart):
    return [cart.product_table.item(r, 0).text() for r in range(cart.product_table.rowCount())]


def test_a_suspended_familys_products_are_not_called_not_for_vouchers(qtbot, window, ctx, seed):
    # seen: every product "(bukan untuk voucher)" for a suspended family
    reason = "data ganda sedang diperiksa"
    update_family(ctx, seed.siti_id, status="suspended", status_reason=reason)
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    names = _product_names(counter.cart)
    assert len(names) == 4 and not [n for n in names if "voucher" in n], names
    note = counter.cart.voucher_note
    assert note.isVisible()
    assert note.text() == "Voucher tidak dapat dipakai: keluarga ini ditangguhkan."
    tips = [counter.cart.product_table.item(r, 0).toolTip() for r in range(len(names))]
    assert not any(tips), tips

    # the next family (Ctrl+N, then an active one) has no such note, and its vouchers'
    # own limits are still marked product by product (cooking oil is not in 2018's rule)
    counter.reset()
    assert not note.isVisible()
    update_family(ctx, seed.siti_id, status="active")
    _open_siti(qtbot, counter, seed)
    assert not note.isVisible()
    oil = [n for n in _product_names(counter.cart) if n.startswith("Minyak")]
    assert oil and "(bukan untuk voucher)" in oil[0], oil


def test_the_status_note_is_translated(qapp):
    translator = QTranslator()
    assert translator.load(str(resource("translations", "ewarong_en.qm")))
    source = "Voucher tidak dapat dipakai: keluarga ini {status}."
    assert translator.translate("CounterView", source) == (
        "Vouchers cannot be used: this family is {status}."
    )
    assert translator.translate("CounterView", "ditangguhkan") == "suspended"


# 4. the opening float's spin boxes have arrows, for the mouse as for the keyboard ---------


def _dark_pixels(image, rect) -> int:
    return sum(
        1
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
        if QColor(image.pixel(x, y)).lightness() < 90
    )


def test_the_opening_floats_spin_boxes_show_their_arrows_and_step(qtbot, window, ctx, seed):
    # seen: two bare 14 px slivers beside each count, no arrow in them
    close_open_shift(ctx)
    login(qtbot, window)
    guard = window.shift_guard
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible(), timeout=10_000)
    dialog = guard.dialog
    assert dialog.mode == "open"
    box = dialog.pieces["N50000"]
    box.setValue(1)  # both arrows live (at 0 the down arrow is greyed, as it should be)
    qtbot.wait(50)
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    image = box.grab().toImage()
    for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = box.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, box)
        assert rect.width() >= 28, rect  # a target for a mouse (or a finger)
        assert _dark_pixels(image, rect.adjusted(2, 2, -2, -2)) >= 20, part  # its arrow

    # the mouse steps it, and so does the keyboard
    up = box.style().subControlRect(
        QStyle.ComplexControl.CC_SpinBox, option, QStyle.SubControl.SC_SpinBoxUp, box
    )
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=up.center())
    assert box.value() == 2
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 3
    assert all(b.styleSheet() == "" for b in dialog.pieces.values())  # the one app sheet


def test_every_spin_box_of_the_app_takes_the_same_sheet():
    # the cash counts, auto-lock and backup boxes: one rule set, for QSpinBox as a class
    sheet = resource("styles", "ewarong.qss").read_text(encoding="utf-8")
    for name in ("spin-up", "spin-down", "spin-up-off", "spin-down-off"):
        assert f"url(styles:{name}.png)" in sheet
        assert resource("styles", f"{name}.png").is_file()


def test_a_family_arriving_late_leaves_the_focus_where_the_cashier_went(qtbot, window, seed):
    """The family opens on a worker thread; a cashier who pressed F8 and types a product's
    name meanwhile keeps the product search (the focus went back to the family search when
    the family arrived, whatever the cashier had done since)."""
    from tests.ui.test_counter_findings import _counter

    counter = _counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        counter.open_family(seed.siti_id)
        counter.cart.product_search.setFocus()  # F8, before the family has arrived
        qtbot.waitUntil(counter.cart.product_search.hasFocus)
    idle(qtbot, window)
    assert counter.cart.product_search.hasFocus()
    # opened from the search field, the focus comes back to it, as before
    counter.leave_family()
    qtbot.waitUntil(counter.search.hasFocus)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        counter.open_family(seed.siti_id)
    idle(qtbot, window)
    assert counter.search.hasFocus()


def test_a_moved_family_is_told_where_it_went_in_words(qtbot, window, ctx, seed):
    """A family the office moved to another outlet: the counter names that outlet once,
    in words (its message lacked the outlet and showed its raw template), each month says
    so in short, and no product is called "not for vouchers"."""
    update_family(ctx, seed.siti_id, flags="flag.moved", outlet_code="EW-3171-0099")
    counter = _counter(qtbot, window)
    _open_siti(qtbot, counter, seed)
    status = counter.f_status.text()
    assert "sudah pindah ke EW-3171-0099" in status, status
    assert "{" not in status and "}" not in status, status
    rows = counter.voucher_table.rowCount()
    notes = [counter.voucher_table.item(r, 3).text() for r in range(rows)]
    assert rows and all(n == "pindah ke EW-3171-0099" for n in notes), notes
    note = counter.cart.voucher_note
    assert note.isVisible()
    assert note.text() == (
        "Voucher tidak dapat dipakai di sini: keluarga ini sudah pindah ke EW-3171-0099."
    )
    names = _product_names(counter.cart)
    assert not [n for n in names if "voucher" in n], names


def test_the_login_account_combo_has_a_drop_down_button_with_its_arrow(qtbot, window):
    # seen: a bare dark edge beside the rounded frame where the drop-down part should be
    from PySide6.QtWidgets import QStyleOptionComboBox

    combo = window.login.account
    qtbot.waitUntil(combo.isVisible)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    rect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, combo
    )
    assert rect.width() >= 28, rect  # a target for a mouse
    image = combo.grab().toImage()
    assert _dark_pixels(image, rect.adjusted(2, 2, -2, -2)) >= 20  # its arrow
    assert image.pixelColor(rect.center().x(), rect.top() + 3) == QColor("#e6ece8")  # the button
