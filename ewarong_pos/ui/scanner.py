"""The barcode scanner as one input path: a fast burst of keys ending in Enter.

A USB scanner is a keyboard that types a code in a few milliseconds and presses Enter.
Whatever widget has the focus, `ScanDetector` (an application event filter) watches the
key presses: a run of at least `MIN_LENGTH` characters, each within `MAX_GAP` seconds of
the previous one, followed by Enter within `MAX_GAP`, is a scan. The characters were
already typed into the focused widget (nobody can tell a scan from typing until the
Enter), so on the Enter the widget's text is put back as it was before the burst and the
code goes to `scanned` instead: a quantity field never keeps a barcode, and a search
field never glues a second scan onto the first. A person types far slower than 80 ms a
key for six keys in a row; a scanner types 2-10 ms apart. (Taking a fast typist's Enter
for a scan would do no harm: a scan goes the same way Enter in the search field goes.)

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

MAX_GAP = 0.08  # seconds between two keys of one scan (a scanner: 2-10 ms)
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
        self._buffer: list[str] = []
        self._last = 0.0
        self._target: QWidget | None = None
        self._before = ""
        self._cursor = 0
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
        self._buffer = []
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
        key = event.key()
        fast = bool(self._buffer) and now - self._last <= MAX_GAP and widget is self._target
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if fast and len(self._buffer) >= MIN_LENGTH and self._accept():
                code = "".join(self._buffer)
                scan = Scan(code, widget, self._before)
                self._restore(widget)
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
        if not fast:
            # a new burst may start here: remember the widget's text before it
            self._buffer = []
            self._target = widget
            self._before = widget.text() if isinstance(widget, QLineEdit) else ""
            self._cursor = widget.cursorPosition() if isinstance(widget, QLineEdit) else 0
        self._buffer.append(text)
        self._last = now
        return False

    def _restore(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit) and widget.text() != self._before:
            widget.setText(self._before)
            widget.setCursorPosition(min(self._cursor, len(self._before)))
