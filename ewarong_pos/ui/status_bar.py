"""The window's status bar, made for the smallest window (1040x700) in both languages.

QStatusBar paints a passing message ("Struk K1-0000007 antre: printer belum diatur") over
whatever room its permanent parts leave, cut where the first part starts; and the parts
take their full width however narrow the window. Here the message is a label in the
bar's own layout, so the row is shared out: the backup state and the buttons stay whole;
the message gets its whole text; the sync state (main_window adds it with stretch) gets
the room left, shown in full when that is enough, else in its few words with the counts
kept (ui.widgets.ShrinkingLabel). Only with less room than that is a text cut with "…",
the sync state's first; the whole texts are in the tooltips. `showMessage`,
`currentMessage` and `clearMessage` keep QStatusBar's meaning for the callers.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

from ewarong_pos.ui.widgets import ShrinkingLabel


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = ShrinkingLabel("", self)
        self.message.setObjectName("StatusMessage")
        self.addWidget(self.message)  # its whole text; the room left goes to the sync state
        self.message.setVisible(False)  # no room taken while there is nothing to say
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        """The message for `timeout` ms (0: until the next one), as QStatusBar's."""
        # shown first: a hidden label's new size is not told to the layout
        self.message.setVisible(bool(text))
        self.message.setText(text)
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()
        self.messageChanged.emit(text)

    def currentMessage(self) -> str:
        return self.message.text()

    def clearMessage(self) -> None:
        self._timer.stop()
        if self.message.text():
            self.message.setText("")
            self.message.setVisible(False)
            self.messageChanged.emit("")
