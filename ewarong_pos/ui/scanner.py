"""The barcode scanner as one input path: a fast burst of keys ending in Enter.

A USB scanner is a keyboard that types a code in a few milliseconds and presses Enter.
Whatever widget has the focus, `ScanDetector` (an application event filter) watches the
key presses. On an Enter it looks back over the run of keys typed without a pause longer
than `MAX_PAUSE`: at least `MIN_LENGTH` of them, at an average pace of `MAX_GAP` or
faster, make a scan. The characters were already typed into the focused widget (nobody
can tell a scan from typing until the Enter), so on the Enter the widget's text is put
back as it was before the run and the code goes to `scanned` instead: a quantity field
never keeps a barcode, and a search field never glues a second scan onto the first. A
person types 60-200 ms a key; a scanner 2-10 ms. The window system's timestamp of each
key is used when there is one, so a busy GUI thread cannot stretch a scan. (Taking a
fast typist's Enter for a scan would do no harm: a scan goes the same way Enter in the
search field goes.)

`split_quantity` reads the "3*" a cashier types before a scan ("3*8991001000028"): the
quantity for that product.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

log = logging.getLogger(__name__)

MAX_GAP = 0.035  # average seconds a key within a scan (a scanner: 2-10 ms)
MAX_PAUSE = 0.1  # a longer pause ends a run of keys: what follows is a new run
# Without the window system's key timestamps (some test drivers) the time a key reaches
# the app is all there is, and a busy GUI thread stretches it: a looser bound then.
MAX_GAP_UNTIMED = 0.08
MIN_LENGTH = 6  # the shortest code a scan can be (EAN-8 has 8; a short SKU 6)

_QTY_PREFIX = re.compile(r"^\s*(\d{1,4}(?:[.,]\d{1,3})?)\s*[*xX]\s*(.*)$")


def split_quantity(text: str) -> tuple[str, str]:
    """("3", "8991001000028") from "3*8991001000028"; ("", text) without a prefix."""
    match = _QTY_PREFIX.match(text)
    if match is None:
        return "", text.strip()
    return match.group(1), match.group(2).strip()


@dataclass(frozen=True)
class Scan:
    """One scan: the code, the widget that had the focus, and its text before the burst."""

    code: str
    target: QWidget | None
    text_before: str


class ScanDetector(QObject):
    """Application event filter that turns key bursts ending in Enter into `scanned`."""

    scanned = Signal(object)  # Scan

    def __init__(
        self,
        accept: Callable[[], bool],
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._accept = accept
        self._clock = clock
        self._keys: list[tuple[str, float, str, int]] = []  # (char, time, text before, cursor)
        self._target: QWidget | None = None
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def reset(self) -> None:
        self._keys = []
        self._target = None

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or watched is not QApplication.focusWidget():
            return False  # the same press seen on the window and on parents: count it once
        return self._on_key(watched, event)

    def _on_key(self, widget: QWidget, event: Any) -> bool:
        # The input system's time of the key when there is one (X11, Windows): a busy GUI
        # thread then cannot stretch a scan's gaps; else the time it reaches us.
        stamp = event.timestamp()
        now = stamp / 1000.0 if stamp else self._clock()
        average = MAX_GAP if stamp else MAX_GAP_UNTIMED
        key = event.key()
        if widget is not self._target:
            self.reset()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            run = self._trailing_run(now)
            if run and len(run) >= MIN_LENGTH and self._accept():
                first = run[0]
                span = now - first[1]
                if span / len(run) <= average:
                    code = "".join(ch for ch, _t, _b, _c in run)
                    scan = Scan(code, widget, first[2])
                    self._restore(widget, first[2], first[3])
                    self.reset()
                    log.debug("scan of %d characters routed", len(code))
                    self.scanned.emit(scan)
                    return True
            self.reset()
            return False
        text = event.text()
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if not text or not text.isprintable() or modifiers != Qt.KeyboardModifier.NoModifier:
            self.reset()
            return False
        self._target = widget
        before = widget.text() if isinstance(widget, QLineEdit) else ""
        cursor = widget.cursorPosition() if isinstance(widget, QLineEdit) else 0
        self._keys.append((text, now, before, cursor))
        del self._keys[:-64]  # a scan is at most a few dozen characters
        return False

    def _trailing_run(self, now: float) -> list[tuple[str, float, str, int]]:
        """The keys before this Enter with no pause longer than `MAX_PAUSE` between them.

        A scan is judged by its average pace over the run (a loaded machine or a USB hub
        may hold one key back), so "3*" typed by hand just before a scan can fall inside
        the run: the code then starts with "3*", which the views read as the quantity."""
        run: list[tuple[str, float, str, int]] = []
        later = now
        for entry in reversed(self._keys):
            if later - entry[1] > MAX_PAUSE:
                break
            run.append(entry)
            later = entry[1]
        run.reverse()
        return run

    def _restore(self, widget: QWidget, before: str, cursor: int) -> None:
        if isinstance(widget, QLineEdit) and widget.text() != before:
            widget.setText(before)
            widget.setCursorPosition(min(cursor, len(before)))
