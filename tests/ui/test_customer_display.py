"""The customer display (issue 13): a second window facing the family, driven by a real
counter flow on the real main window (offscreen, one screen: it is a normal window).

The scanner is the device's key burst (conftest.scan); the display's text is read from
its widgets, as the family would read it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ewarong_pos.services.settings import CUSTOMER_DISPLAY, CUSTOMER_DISPLAY_SCREEN
from ewarong_pos.ui.customer_display import CustomerDisplay, target_screen
from ewarong_pos.ui.ops.display import AUTO_SCREEN, WINDOW_SCREEN
from tests.ui.conftest import focused, idle, login, scan, type_keys

EGGS = "8991001000035"
PREMIUM = "8991001000028"


def _enable_in_settings(qtbot, window):
    """The cashier ticks the box in Settings (F10): saved, and the display opens."""
    settings = window.views["settings"]
    with qtbot.waitSignal(settings.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(settings)
    idle(qtbot, window)
    assert not settings.customer_display.isChecked()
    with qtbot.waitSignal(settings.customer_display_saved, timeout=10_000):
        settings.customer_display.setChecked(True)
    display = window.customer_display
    assert isinstance(display, CustomerDisplay)
    qtbot.waitUntil(display.isVisible)
    # shown without taking the cashier's window's place as the active one
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.activeWindow() is window
    return display


def _to_counter(qtbot, window):
    counter = window.views["counter"]
    qtbot.keyClick(focused(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is counter)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(counter.cart.products) == 4)
    qtbot.waitUntil(counter.search.hasFocus)
    return counter


def _texts(display) -> str:
    return "\n".join(display.shown_texts())


def _row(display, row: int) -> list[str]:
    return [display.table.item(row, col).text() for col in range(display.table.columnCount())]


def _months(display) -> str:
    return re.sub(r"<[^>]+>", " ", display.months.text())


def _assert_private(display, seed) -> None:
    """No identifier on the family's screen: no NIK, No. KK, card or DTKS id, no full
    name, no run of digits longer than a receipt number's."""
    text = _texts(display) + _months(display)
    for secret in (seed.card, seed.nik, seed.card[-8:], seed.nik[-8:], "DTKS", "Nurhaliza"):
        assert secret not in text, secret
    assert not re.search(r"\d{8,}", text)


def test_a_redemption_on_the_customer_display(qtbot, window, ctx, seed):
    login(qtbot, window)
    display = _enable_in_settings(qtbot, window)
    assert CUSTOMER_DISPLAY.read(ctx) is True
    assert CUSTOMER_DISPLAY_SCREEN.read(ctx) == AUTO_SCREEN
    assert display.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    counter = _to_counter(qtbot, window)
    # idle: the outlet's name and a welcome
    assert display.pages.currentWidget() is display.idle_page
    assert display.welcome.text() == "Selamat datang"
    assert display.idle_outlet.text() == display.outlet.text() != ""

    # the card scanned at the counter: the display never took the cashier's keyboard
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, seed.card)
    assert window.isActiveWindow() and not display.isActiveWindow()
    qtbot.waitUntil(lambda: display.title.text() == "Siti N.")
    assert "Sisa voucher Anda" in display.months_head.text()
    months = _months(display)
    assert "Maret 2018" in months and "April 2018" in months and "Rp\u00a0220.000" in months
    _assert_private(display, seed)

    # two products by scan: each line with quantity, price and ceiling (HET)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    type_keys(qtbot, "2*")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, PREMIUM)
    qtbot.waitUntil(lambda: display.table.rowCount() == 2)
    assert _row(display, 0) == ["Telur Ayam", "1 kg", "Rp\u00a022.000 / kg", "acuan Rp\u00a023.000",
                                "Rp\u00a022.000"]  # fmt: skip
    assert _row(display, 1) == ["Beras Premium 5 kg", "2 pak", "Rp\u00a062.000 / pak",
                                "Rp\u00a064.000", "Rp\u00a0124.000"]  # fmt: skip
    assert display.total.text() == "Total Rp\u00a0146.000"
    # what stays: the oldest month gives first (the counter's preview), April untouched
    assert display.months_head.text() == "Sisa voucher setelah belanja ini"
    months = _months(display)
    assert re.search(r"Maret 2018\s+Rp\u00a00\b", months), months
    assert re.search(r"April 2018\s+Rp\u00a074.000", months), months
    assert re.search(r"Total sisa\s+Rp\u00a074.000", months), months
    assert not display.over.isVisible()

    # one line out: the display follows the cart
    counter.cart.cart_table.selectRow(1)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        counter.cart.step_selected(-1)
    qtbot.waitUntil(lambda: display.total.text() == "Total Rp\u00a084.000")
    assert re.search(r"Maret 2018\s+Rp\u00a026.000", _months(display))

    # commit: thanks with the receipt number and what the vouchers still hold
    window.customer_feed.thanks_timer.setInterval(1_500)
    with qtbot.waitSignal(counter.sale_committed, timeout=10_000) as committed:
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    receipt = committed.args[0].receipt_no
    qtbot.waitUntil(lambda: display.title.text() == "Terima kasih, Siti N.")
    assert receipt in display.message.text()
    assert display.months_head.text() == "Sisa voucher Anda sekarang"
    assert re.search(r"Total sisa\s+Rp\u00a0136.000", _months(display)), _months(display)
    _assert_private(display, seed)
    # ... then the welcome for the next family
    qtbot.waitUntil(lambda: display.pages.currentWidget() is display.idle_page, timeout=5_000)

    # the next family at once, however soon after a sale
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, seed.card)
    qtbot.waitUntil(lambda: display.title.text() == "Siti N.")
    assert re.search(r"Total sisa\s+Rp\u00a0136.000", _months(display))

    # the family leaves (Escape): the welcome again
    qtbot.keyClick(counter.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: display.pages.currentWidget() is display.idle_page)
    assert window.isActiveWindow()


def test_an_over_voucher_cart_says_how_much_to_take_out(qtbot, window, seed):
    login(qtbot, window)
    display = _enable_in_settings(qtbot, window)
    counter = _to_counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, seed.card)
    type_keys(qtbot, "4*")
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, PREMIUM)  # 4 x 62.000 = 248.000 against 220.000
    qtbot.waitUntil(display.over.isVisible)
    assert "Rp\u00a028.000" in display.over.text()
    assert display.months_head.text() == "Sisa voucher Anda"
    assert re.search(r"Total sisa\s+Rp\u00a0220.000", _months(display))


def test_a_cash_sale_keeps_its_change_until_the_next_sale(qtbot, window, seed):
    login(qtbot, window)
    display = _enable_in_settings(qtbot, window)
    window.customer_feed.thanks_timer.setInterval(200)
    cash = window.views["cash"]
    qtbot.keyClick(focused(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is cash)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(cash.cart.products) == 4)
    qtbot.waitUntil(cash.cart.product_search.hasFocus)
    assert display.pages.currentWidget() is display.idle_page

    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, "8991001000042")  # cooking oil: no ceiling, no reference
    qtbot.waitUntil(lambda: display.table.rowCount() == 2)
    assert display.title.text() == "Belanja tunai"
    assert _row(display, 1)[3] == "–"
    assert display.total.text() == "Total Rp\u00a036.000"
    assert not display.months_box.isVisible()
    assert not display.change.isVisible()
    # 20.000 received (Ctrl+2): not enough, the family sees what is missing
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: display.change.text() == "Kurang Rp\u00a016.000")
    assert display.paid.text() == "Dibayar Rp\u00a020.000"
    # 50.000 received (Ctrl+3): paid and change shown as the cashier tenders
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: display.change.text() == "Kembalian Rp\u00a014.000")
    assert display.paid.text() == "Dibayar Rp\u00a050.000"

    with qtbot.waitSignal(cash.sale_committed, timeout=10_000) as committed:
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    receipt = committed.args[0].receipt_no
    qtbot.waitUntil(lambda: display.title.text() == "Terima kasih!")
    assert receipt in display.message.text()
    assert display.change.text() == "Kembalian Rp\u00a014.000"
    assert display.paid.text() == "Dibayar Rp\u00a050.000"
    assert display.total.text() == "Total Rp\u00a036.000"
    assert display.table.rowCount() == 2
    # the change stays (no timer takes it away) ...
    qtbot.wait(600)
    assert display.change.text() == "Kembalian Rp\u00a014.000"
    # ... until the next sale begins
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, PREMIUM)
    qtbot.waitUntil(lambda: display.title.text() == "Belanja tunai")
    assert display.table.rowCount() == 1
    assert not display.change.isVisible()
    assert window.isActiveWindow() and not display.isActiveWindow()
    _assert_private(display, seed)


def test_closed_by_the_window_manager_it_comes_back_from_settings(qtbot, window, ctx, seed):
    login(qtbot, window)
    display = _enable_in_settings(qtbot, window)
    display.close()  # what the window manager's close button does
    qtbot.waitUntil(lambda: not display.isVisible())
    assert window.isVisible()
    assert CUSTOMER_DISPLAY.read(ctx) is True  # the setting stays
    settings = window.views["settings"]
    assert settings.display_button.isEnabled()
    with qtbot.waitSignal(settings.customer_display_saved, timeout=10_000):
        settings.display_button.click()
    qtbot.waitUntil(display.isVisible)
    assert window.customer_display is display

    # a normal window chosen, then switched off: hidden, and remembered off
    settings.display_screen.setCurrentIndex(settings.display_screen.findData(WINDOW_SCREEN))
    with qtbot.waitSignal(settings.customer_display_saved, timeout=10_000):
        settings.display_screen.activated.emit(settings.display_screen.currentIndex())
    assert CUSTOMER_DISPLAY_SCREEN.read(ctx) == WINDOW_SCREEN
    assert display.isVisible() and not display.isFullScreen()
    with qtbot.waitSignal(settings.customer_display_saved, timeout=10_000):
        settings.customer_display.setChecked(False)
    qtbot.waitUntil(lambda: not display.isVisible())
    assert CUSTOMER_DISPLAY.read(ctx) is False
    assert not settings.display_button.isEnabled()


def test_it_follows_the_language_and_keeps_the_family(qtbot, window, ctx, seed):
    login(qtbot, window)
    display = _enable_in_settings(qtbot, window)
    counter = _to_counter(qtbot, window)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, seed.card)
    with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
        scan(qtbot, EGGS)
    settings = window.views["settings"]
    window.tabs.setCurrentWidget(settings)
    idle(qtbot, window)
    settings.language.setCurrentIndex(settings.language.findData("en"))
    with qtbot.waitSignal(window.language_changed, timeout=10_000):
        settings.apply_button.click()
    idle(qtbot, window)
    assert window.customer_display is display
    qtbot.waitUntil(lambda: display.months_head.text() == "Vouchers left after this purchase")
    assert display.windowTitle() == "Customer display"
    assert display.title.text() == "Siti N."
    assert re.search(r"March 2018\s+Rp\u00a088.000", _months(display)), _months(display)
    assert display.table.horizontalHeaderItem(3).text() == "Ceiling (HET)"
    # the family leaves: the welcome in English
    window.views["counter"].reset()
    qtbot.waitUntil(lambda: display.welcome.text() == "Welcome")


def test_switched_on_it_opens_with_the_app_without_the_focus(qtbot, ctx, seed, tmp_path):
    from ewarong_pos.app import make_parts
    from ewarong_pos.ui.main_window import MainWindow, make_application

    with ctx.db.write() as s:
        CUSTOMER_DISPLAY.put(s, True)
    make_application()
    win = MainWindow(make_parts(ctx, "id", demo=False))
    qtbot.addWidget(win)
    try:
        win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: win.customer_display is not None)
        display = win.customer_display
        qtbot.waitUntil(display.isVisible)
        assert display.welcome.text() == "Selamat datang"
        assert display.outlet.text()  # the outlet's name, read on the database worker
        qtbot.waitUntil(win.isActiveWindow)
        assert QApplication.activeWindow() is win
        # one screen here (offscreen, as Xvfb): a normal window, whatever the choice
        assert not display.isFullScreen()
        assert target_screen(AUTO_SCREEN, win.screen()) is None
        assert target_screen(WINDOW_SCREEN, win.screen()) is None
        assert target_screen(win.screen().name(), win.screen()) is None
        assert target_screen("HDMI-9", win.screen()) is None  # unplugged: falls back
    finally:
        win.shutdown()
        win.close()
    assert win.customer_display is None
