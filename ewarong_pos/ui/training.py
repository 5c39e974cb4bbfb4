"""Training mode on screen: the banner over every screen, and the mark on every dialog.

The main window puts `TrainingBanner` above its login and workspace (shown only while
`parts.training`); `mark_dialog` is called for every dialog that opens meanwhile (the
window's application-wide event filter): "LATIHAN" in its title and, where the dialog
has a box layout, the same banner at its top (a message box gets it at its bottom).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ewarong_pos.ui.widgets import big_button

log = logging.getLogger(__name__)

MARKED = "training_marked"


def banner_text() -> str:
    return QCoreApplication.translate("Training", "MODE LATIHAN - transaksi tidak nyata")


def title_prefix() -> str:
    return QCoreApplication.translate("Training", "LATIHAN")


class TrainingBanner(QWidget):
    """A striking strip, always in view while training: what mode this is, and the two
    ways on (start the practice over, leave it for the real outlet)."""

    def __init__(self, window: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrainingBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 4, 2)
        self.label = QLabel(banner_text(), self)
        self.label.setToolTip(
            self.tr(
                "Outlet latihan: data contoh, tidak pernah disinkronkan atau dicadangkan; "
                "setiap struk bertanda LATIHAN - BUKAN STRUK RESMI"
            )
        )
        self.label.setObjectName("TrainingBannerText")
        layout.addWidget(self.label, 1)
        # the keys work anywhere in the window's content (`parent`, rebuilt with the
        # banner on a language switch: no second copy of a key is left behind)
        scope = parent or self
        self.reset_button: QPushButton = big_button(
            self.tr("Mulai ulang"),
            self,
            getattr(window, "reset_training", None),
            "Ctrl+Shift+R",
            scope=scope,
        )
        self.leave_button: QPushButton = big_button(
            self.tr("Keluar latihan"),
            self,
            getattr(window, "leave_training", None),
            "Ctrl+Shift+Q",
            scope=scope,
        )
        # a thin strip: the smallest window's counter keeps its room (tests/ui/test_training)
        for button in (self.reset_button, self.leave_button):
            button.setMinimumHeight(0)
            button.setFixedHeight(22)
            button.setProperty("role", "training")
            layout.addWidget(button)
        self.setFixedHeight(28)
        self.setVisible(False)


def mark_dialog(dialog: QWidget) -> None:
    """Say LATIHAN on a dialog opened in training mode (once per dialog)."""
    if dialog.property(MARKED):
        return
    dialog.setProperty(MARKED, True)
    title = dialog.windowTitle()
    prefix = title_prefix()
    if not title.startswith(prefix):
        dialog.setWindowTitle(f"{prefix} · {title}" if title else prefix)
    if not isinstance(dialog, QDialog):
        return
    strip = QLabel(banner_text(), dialog)
    strip.setObjectName("TrainingDialogBanner")
    strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = dialog.layout()
    if isinstance(dialog, QMessageBox) and isinstance(layout, QGridLayout):
        layout.addWidget(strip, layout.rowCount(), 0, 1, layout.columnCount())
    elif isinstance(layout, QBoxLayout):
        layout.insertWidget(0, strip)
    else:
        strip.deleteLater()
        return
    strip.show()  # added while its dialog is being shown: show it with it
