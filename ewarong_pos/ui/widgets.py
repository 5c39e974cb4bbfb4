"""Small widgets shared by the views: big buttons with shortcuts, notices, tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def big_button(
    text: str,
    parent: QWidget,
    slot: Callable[[], Any] | None = None,
    shortcut: str | None = None,
    role: str = "",
    scope: QWidget | None = None,
) -> QPushButton:
    """A touch-size button; its shortcut works anywhere in `scope` (default `parent`)
    and is shown on the button."""
    label = (
        f"{text}  [{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}]"
        if shortcut
        else text
    )
    button = QPushButton(label, parent)
    button.setMinimumHeight(44)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    if role:
        button.setProperty("role", role)
    if slot is not None:
        button.clicked.connect(slot)
    if shortcut:
        sc = QShortcut(QKeySequence(shortcut), scope or parent)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(button.click)
        button.setProperty("shortcut_object", sc)
    return button


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" when there is no room; the whole text is
    in the tooltip (outlet names, hints: they never push other widgets off screen)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: Any) -> None:
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect, int(self.alignment()), shown)


class ShrinkingLabel(ElidedLabel):
    """A one-line label for a row that is shared out (the status bar's message and sync
    state): it asks for its shortest form (`set_texts`; else its text), takes whatever
    the row gives it (stretch) and shows the longest form that fits; with less room than
    the shortest form, that form cut with "…", down to `keep` pixels. The whole text is
    always in the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, keep: int = 40) -> None:
        super().__init__(text, parent)
        self.keep = keep
        self.shorter: tuple[str, ...] = ()
        self.setMinimumWidth(0)  # the size hints below decide
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_texts(self, text: str, *shorter: str) -> None:
        """The text and shorter forms of it, longest first, for a narrow window."""
        ElidedLabel.setText(self, text)
        self.shorter = tuple(s for s in shorter if s and s != text)
        self.updateGeometry()
        self.update()

    def setText(self, text: str) -> None:
        self.set_texts(text)

    def _width(self, text: str) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right() + 1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._width((self.text(), *self.shorter)[-1]), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), self.keep), super().minimumSizeHint().height())

    def shown(self) -> str:
        """The text as drawn at the label's present width."""
        room = self.contentsRect().width()
        metrics = self.fontMetrics()
        forms = (self.text(), *self.shorter)
        for form in forms:
            if metrics.horizontalAdvance(form) <= room:
                return form
        return metrics.elidedText(forms[-1], Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: Any) -> None:
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown())


class ApprovalDialog(QDialog):
    """A manager approves with their own PIN and a written reason (a void, a clock
    correction): what is asked (`intro`), the manager, the PIN, the reason, a line for a
    refusal, and OK / Close. A subclass sets the title, the texts and the focus."""

    def __init__(self, parent: QWidget, approvers: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel("", self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.manager = QComboBox(self)
        for username, name in approvers:
            self.manager.addItem(name, username)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(self)
        form.addRow(QCoreApplication.translate("ApprovalDialog", "Pengelola"), self.manager)
        form.addRow(QCoreApplication.translate("ApprovalDialog", "PIN pengelola"), self.pin)
        form.addRow(QCoreApplication.translate("ApprovalDialog", "Alasan"), self.reason)
        layout.addLayout(form)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("ApprovalDialog", "Tutup")
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_missing = ""  # the subclass's "write the reason" refusal

    def _on_buttons_accepted(self) -> None:
        if not self.reason.text().strip():
            self.notice.show_notice(self.reason_missing, "error")
            return
        if not self.pin.text():
            self.notice.show_notice(
                QCoreApplication.translate("ApprovalDialog", "Pengelola harus memasukkan PIN."),
                "error",
            )
            return
        self.accept()

    def values(self) -> tuple[str, str, str]:
        """The approving manager's username, their PIN, the reason."""
        return str(self.manager.currentData() or ""), self.pin.text(), self.reason.text().strip()

    def show_error(self, text: str) -> None:
        self.notice.show_notice(text, "error")


class NumberBox(QSpinBox):
    """A spin box whose number is selected whenever it takes the focus, however it takes
    it: typing replaces the number. Qt selects it only on Tab; a box focused as its dialog
    opens kept the 0 with the cursor before it, so a cashier counting the float typed "2"
    and got 20 (Rp 2.000.000 for two Rp 100.000 notes)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # after Qt's own handling of the event (a click places the cursor afterwards)
        QTimer.singleShot(0, self.selectAll)


class Notice(QLabel):
    """A line of feedback in the view: info, ok, or a refusal (never a modal dialog).

    A word about the last input only (`passing=True`: a scanned code nobody knows) lasts
    until the next input succeeds (`clear_passing`) or the view is left (another tab, the
    lock screen): it never greets the cashier coming back. Other notices stay while they
    hold (a cart's refusal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passing = False
        self.clear_notice()

    def show_notice(self, text: str, kind: str = "info", *, passing: bool = False) -> None:
        self.passing = passing and bool(text)
        self.setProperty("kind", kind)
        self.setText(text)
        self.setVisible(bool(text))
        self.style().unpolish(self)
        self.style().polish(self)

    def clear_notice(self) -> None:
        self.show_notice("", "info")

    def clear_passing(self) -> None:
        """The next input went through: a word about the one before it is gone."""
        if self.passing:
            self.clear_notice()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():  # its view was left, not the window minimised
            self.clear_passing()

    @property
    def kind(self) -> str:
        return str(self.property("kind") or "")


def make_table(parent: QWidget, headers: Sequence[str], stretch: int = 0) -> QTableWidget:
    """A read-only, row-selecting table with the given column headers."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(
    table: QTableWidget,
    rows: Sequence[Sequence[Any]],
    align_right: Sequence[int] = (),
    data: Sequence[Any] | None = None,
) -> None:
    """Show `rows` in the table; `data[i]` is kept on the first cell (UserRole).

    A cell that has an item keeps it and only a changed text is set, so loading the same
    list again (the counter's products after every sale) changes next to nothing on the
    GUI thread: a new item per cell made the table re-measure its columns each time,
    about 0.1 s for the counter's 56 products. Colours and tips a caller gave a cell
    before are cleared (the caller sets them again for the rows that still want them).
    """
    table.setRowCount(len(rows))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = str(value)
            item = table.item(r, c)
            if item is None:
                item = QTableWidgetItem(text)
                if c in align_right:
                    item.setTextAlignment(right)
                if c == 0 and data is not None:
                    item.setData(Qt.ItemDataRole.UserRole, data[r])
                table.setItem(r, c, item)
                continue
            if item.text() != text:
                item.setText(text)
            _clear_style(item)
            # set only when it differs (equal values: the same product, same figures)
            if c == 0 and data is not None and item.data(Qt.ItemDataRole.UserRole) != data[r]:
                item.setData(Qt.ItemDataRole.UserRole, data[r])


def _clear_style(item: QTableWidgetItem) -> None:
    """Take away what a caller added to a cell after filling it (stock's low mark, the
    counter's grey rows). Asked through the typed getters: item.data() of an unset role
    trips a reference-count bug of PySide6 when called often."""
    if item.foreground().style() != Qt.BrushStyle.NoBrush:
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
    if item.background().style() != Qt.BrushStyle.NoBrush:
        item.setData(Qt.ItemDataRole.BackgroundRole, None)
    if item.toolTip():
        item.setData(Qt.ItemDataRole.ToolTipRole, None)


def selected_data(table: QTableWidget) -> Any:
    row = table.currentRow()
    if row < 0:
        return None
    item = table.item(row, 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


_LONG_DIGITS = re.compile(r"\d{14,}")


def mask_code(text: str) -> str:
    """What was scanned or typed, fit to show: a run of 14+ digits (a card, NIK or No. KK)
    keeps only its last 4 (`****1234`), never the whole number on screen or in a log."""
    return _LONG_DIGITS.sub(lambda m: "****" + m.group(0)[-4:], text)
