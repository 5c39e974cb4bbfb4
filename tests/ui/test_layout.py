"""Nothing overlaps on the screens outlets have: 1366x768 less a title bar and a 40 px
taskbar, and the smallest window the app allows; the app starts maximized."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
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
