"""Errors nobody caught: to the rotating log, and a short message to the cashier.

The windowed Windows program has no stderr, so an exception raised in a Qt slot would
vanish: `install()` sets `sys.excepthook` (and `threading.excepthook`) to write the
traceback to the log and show the cashier a short Indonesian (or English) message, and a
Qt message handler sends Qt's own warnings and errors to the same log. `uninstall()` puts
back what was there (the app calls it before exiting; tests call it after each use).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("ewarong_pos.crash")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class CrashHandler:
    """Holds the previous hooks; shows at most one error box at a time."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self._previous_hook: Any = None
        self._previous_thread_hook: Any = None
        self._previous_qt: Any = None
        self._installed = False
        self.box: QMessageBox | None = None
        self.count = 0

    def install(self) -> None:
        if self._installed:
            return
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception
        self._previous_qt = qInstallMessageHandler(self.handle_qt_message)
        self._installed = True

    def uninstall(self) -> None:
        if not self._installed:
            return
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt)
        self._installed = False

    # handlers --------------------------------------------------------------------------

    def handle_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        self.count += 1
        log.critical(
            "unhandled error: %s",
            "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
        )
        if threading.current_thread() is threading.main_thread():
            self._show(exc)

    def _handle_thread_exception(self, args: Any) -> None:
        self.count += 1
        log.critical(
            "unhandled error in thread %s: %s",
            args.thread.name if args.thread is not None else "?",
            "".join(
                traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
            ).rstrip(),
        )

    def handle_qt_message(self, kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        level = _QT_LEVELS.get(kind, logging.WARNING)
        where = f" ({context.file}:{context.line})" if context.file else ""
        logging.getLogger("qt").log(level, "%s%s", text, where)

    def _show(self, exc: BaseException) -> None:
        if QApplication.instance() is None:
            return
        if self.box is not None and self.box.isVisible():
            return  # one box at a time; every error is in the log
        text = QCoreApplication.translate(
            "Crash",
            "Terjadi kesalahan di aplikasi. Data yang sudah tersimpan aman; "
            "transaksi yang belum dikonfirmasi mungkin perlu diulang.\n"
            "Rincian dicatat di log (folder data, logs/ewarong-pos.log). "
            "Jika terulang, hubungi pendamping atau kantor Dinas Sosial.",
        )
        box = QMessageBox(QMessageBox.Icon.Warning, "e-Warong POS", text, parent=self._parent())
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
        box.setModal(False)
        self.box = box
        box.open()
