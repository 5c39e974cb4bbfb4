"""Switching the language in settings rebuilds the window in English and remembers it."""

from __future__ import annotations

from ewarong_pos.services.settings import get_setting
from tests.ui.conftest import idle, login


def test_switch_to_english_and_back(qtbot, window, ctx, seed):
    login(qtbot, window)
    assert window.tabs.tabText(0).startswith("Loket")
    settings = window.views["settings"]
    with qtbot.waitSignal(settings.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(settings)
    settings.language.setCurrentIndex(settings.language.findData("en"))
    with qtbot.waitSignal(window.language_changed, timeout=10_000):
        settings.apply_button.click()
    idle(qtbot, window)
    assert get_setting(ctx, "ui.language") == "en"
    assert window.tabs.tabText(0).startswith("Counter")
    assert window.account is not None  # still logged in after the rebuild
    assert window.tabs.currentWidget() is window.views["settings"]
    counter = window.views["counter"]
    assert counter.confirm_button.text().startswith("Confirm")
    assert counter.family_name.text() == "No family selected yet"

    # Domain refusals follow the language too.
    window.switch_cashier()
    assert window.login.title.text() == "Log in to the till"
    window.login.pin.setText("0000")
    window.login.login_button.click()
    qtbot.waitUntil(lambda: window.login.notice.isVisible() and window.runner.idle)
    assert "PIN" in window.login.notice.text()
    login(qtbot, window)

    settings = window.views["settings"]
    window.tabs.setCurrentWidget(settings)
    idle(qtbot, window)
    settings.language.setCurrentIndex(settings.language.findData("id"))
    with qtbot.waitSignal(window.language_changed, timeout=10_000):
        settings.apply_button.click()
    idle(qtbot, window)
    assert window.tabs.tabText(0).startswith("Loket")
    assert get_setting(ctx, "ui.language") == "id"
