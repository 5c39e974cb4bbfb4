"""Nothing overlaps on the screens outlets have: 1366x768 less a title bar and a 40 px
taskbar, and the smallest window the app allows; the app starts maximized."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QStackedWidget, QTabWidget, QWidget

from ewarong_pos.ui.main_window import MIN_HEIGHT, MIN_WIDTH
from tests.ui.conftest import idle, login, scan

# 768 - 40 (taskbar) - 28 (a window manager's title bar, as openbox draws it)
MAXIMIZED = (1366, 700)
SMALLEST = (MIN_WIDTH, MIN_HEIGHT)


def _managed_children(widget: QWidget) -> list[QWidget]:
    layout = widget.layout()
    if layout is None:
        return []
    out = []
    for child in widget.findChildren(QWidget, options=_direct()):
        if child.isVisible() and not child.isWindow() and layout.indexOf(child) >= 0:
            out.append(child)
    return out


def _direct():
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly


def overlaps(window: QWidget) -> list[str]:
    """Every place where a layout got less than its minimum (Qt then draws widgets over
    each other) or two widgets of one layout intersect."""
    problems: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or isinstance(widget.parentWidget(), QAbstractScrollArea):
            continue
        if isinstance(widget, (QStackedWidget, QTabWidget)):
            continue
        layout = widget.layout()
        if layout is None:
            continue
        need = layout.totalMinimumSize()
        size = widget.size()
        if widget.parentWidget() is not None and (
            need.height() > size.height() + 1 or need.width() > size.width() + 1
        ):
            problems.append(
                f"{type(widget).__name__}#{widget.objectName()} is {size.width()}x"
                f"{size.height()}, its layout needs {need.width()}x{need.height()}"
            )
        children = _managed_children(widget)
        for i, a in enumerate(children):
            ra: QRect = a.geometry()
            for b in children[i + 1 :]:
                if ra.intersects(b.geometry()):
                    problems.append(
                        f"{type(a).__name__}#{a.objectName()} overlaps "
                        f"{type(b).__name__}#{b.objectName()} in {type(widget).__name__}"
                    )
    return problems


def assert_no_overlap(window: QWidget) -> None:
    problems = overlaps(window)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [MAXIMIZED, SMALLEST], ids=["1366x700", "minimum"])
def test_every_screen_fits_with_nothing_overlapping(qtbot, window, seed, size):
    window.resize(*size)
    qtbot.wait(20)
    assert_no_overlap(window)  # the login screen
    login(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    counter = window.views["counter"]
    window.tabs.setCurrentWidget(counter)
    idle(qtbot, window)
    counter.search.setFocus()
    qtbot.waitUntil(counter.search.hasFocus)
    with qtbot.waitSignal(counter.family_selected, timeout=10_000):
        scan(qtbot, seed.card)
    for code in ("8991001000011", "8991001000035", "8991001000028"):  # three cart lines
        with qtbot.waitSignal(counter.preview_ready, timeout=10_000):
            scan(qtbot, code)
    # a refusal of two lines under the cart, as the cashier sees after a bad scan
    counter.notice.show_notice(
        "'*8991001000101' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga "
        "outlet ini, dan bukan barcode barang. Yang tampil masih keluarga Siti Nurhaliza.",
        "warn",
    )
    qtbot.wait(20)
    assert window.size().width() == size[0] and window.size().height() == size[1]
    assert_no_overlap(window)
    for key in ("cash", "sales", "stock", "reports", "home", "settings"):
        window.tabs.setCurrentWidget(window.views[key])
        idle(qtbot, window)
        qtbot.wait(20)
        assert_no_overlap(window)


def _drawn_whole(label) -> bool:
    """The label's text fits in the room it has (not cut, not shortened with "…")."""
    if hasattr(label, "shown"):
        return label.shown() == label.text()
    return label.contentsRect().width() >= label.fontMetrics().horizontalAdvance(label.text())


def _shown(label) -> str:
    """What a status bar label shows: its text, or (ui.widgets.ShrinkingLabel) the form
    that fits, or the text cut where its room ends."""
    if hasattr(label, "shown"):
        return label.shown()
    if _drawn_whole(label):
        return label.text()
    return label.fontMetrics().elidedText(
        label.text(), Qt.TextElideMode.ElideRight, label.contentsRect().width()
    )


def _boxed_whole(label) -> bool:
    """A label drawn in a coloured box (the backup state): whole, and clear of the box's
    edges (its letters touched the frame, the last one under it on the desktop)."""
    margins = label.contentsMargins()
    return _drawn_whole(label) and min(margins.left(), margins.right()) >= 4


def _message_whole(bar) -> bool:
    """The status bar's passing message fits: in a label of the bar's layout, or else
    (QStatusBar's own message) left of the first part of the bar."""
    from PySide6.QtWidgets import QLabel, QSizeGrip

    text = bar.currentMessage()
    for label in bar.findChildren(QLabel):
        if label.isVisible() and label.text() == text:
            return _drawn_whole(label)
    parts = [w for w in bar.findChildren(QWidget, options=_direct()) if w.isVisible()]
    room = min(w.x() for w in parts if not isinstance(w, QSizeGrip)) - 8
    return room >= bar.fontMetrics().horizontalAdvance(text)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_status_bar_stays_whole_at_the_smallest_window(qtbot, window, ctx, seed, lang):
    """At 1040x700, after a cash sale with no printer set up, on an outlet not enrolled
    and never backed up: the receipt's message, the sync state with its waiting count and
    "no backup yet" are all shown whole, in both languages (the backup state was cut and
    the message ran under the sync state); a long sync refusal shortens with "…" and
    keeps its whole text in the tooltip, and the backup state stays whole."""
    import dataclasses

    from ewarong_pos.services import printing
    from tests.ui.conftest import focused

    printing.save_printer_settings(ctx, printing.PrinterSettings(kind="none"))
    window.set_language(lang)
    idle(qtbot, window)
    window.resize(*SMALLEST)
    login(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    cash = window.views["cash"]
    window.show_view("cash")
    idle(qtbot, window)
    qtbot.waitUntil(cash.cart.product_search.hasFocus)
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        scan(qtbot, "8991001000035")
    with qtbot.waitSignal(cash.preview_ready, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_F5)
    with qtbot.waitSignal(window.receipt_printed, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_F12)
    with qtbot.waitSignal(window.sync_status.status_changed, timeout=10_000) as changed:
        window.refresh_status()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: window.backup_status.status is not None, timeout=10_000)
    qtbot.wait(50)
    bar = window.statusBar()
    assert bar.width() == SMALLEST[0]
    state = changed.args[0]
    assert state.state == "not_enrolled" and state.waiting > 0
    sync_text = window.sync_status.label.text()
    assert str(state.waiting) in sync_text
    message = bar.currentMessage()
    assert ("printer belum diatur" if lang == "id" else "no printer") in message
    backup = window.backup_status
    assert backup.text() == ("Belum ada cadangan" if lang == "id" else "No backup yet")
    assert _boxed_whole(backup), f"{backup.text()!r}: {backup.contentsRect()}, no room"
    # the sync state whole, or in its few words with the count: never cut
    shown = _shown(window.sync_status.label)
    assert "…" not in shown and f"{state.waiting} " in shown, shown
    assert shown.startswith("Belum terdaftar" if lang == "id" else "Not enrolled"), shown
    assert _message_whole(bar), message
    assert_no_overlap(window)

    # a long refusal from the office: shortened with "…", whole in its tooltip
    long = dataclasses.replace(state, state="error", last_error="ditolak " * 8)
    window.sync_status._on_status(long)
    qtbot.wait(50)
    label = window.sync_status.label
    assert label.toolTip() == window.sync_status.describe(long)
    shown = _shown(label)
    assert shown != label.text() and label.width() > 100, shown  # shortened, not gone
    assert shown.startswith("Ditolak" if lang == "id" else "Refused"), shown
    assert f"{state.waiting} " in shown or shown.endswith("…"), shown
    assert _boxed_whole(backup) and _message_whole(bar)  # the message goes first
    assert_no_overlap(window)
