"""The main window: login / lock, then the workspace tabs, with the status bar.

Switching the language rebuilds the views with the new translator installed (simpler
and sturdier than re-translating every label in place); the logged-in session and the
current tab survive the rebuild.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import QDir, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.resources import resource
from ewarong_pos.services.accounts import AccountInfo
from ewarong_pos.services.backup import BackupResult
from ewarong_pos.services.outlet import Overview
from ewarong_pos.ui.customer_display import CustomerDisplay, CustomerFeed
from ewarong_pos.ui.i18n import Language
from ewarong_pos.ui.login import LoginView
from ewarong_pos.ui.ops import backup as backup_ops
from ewarong_pos.ui.ops import display as display_ops
from ewarong_pos.ui.ops import drawer as drawer_ops
from ewarong_pos.ui.ops import printing as printing_ops
from ewarong_pos.ui.ops import session as session_ops
from ewarong_pos.ui.ops import training as training_ops
from ewarong_pos.ui.ops.jobs import Changes
from ewarong_pos.ui.parts import AppParts
from ewarong_pos.ui.shell import RefreshingView
from ewarong_pos.ui.tasks import TaskRunner
from ewarong_pos.ui.widgets import ElidedLabel, big_button

log = logging.getLogger(__name__)

AUTO_SYNC_MINUTES = 5
# The smallest window the app allows: every screen fits it with nothing overlapping
# (tests/ui/test_layout.py); a 1366x768 screen gives a maximized window about 1366x700.
# 1040: the reports view's row of export and day buttons; 700: the counter's cart with a
# two-line refusal under it, what a maximized window gets on a 1366x768 screen
# (768 less a 40 px taskbar and a 28 px title bar)
MIN_WIDTH, MIN_HEIGHT = 1040, 700


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with the app's name, icon and style sheet (one per process)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv or ["ewarong-pos"]))
    assert isinstance(app, QApplication)
    app.setApplicationName("e-Warong POS")
    app.setOrganizationName("e-Warong")
    apply_theme(app)
    return app


def apply_theme(app: QApplication) -> None:
    icon = resource("icons", "ewarong.png")  # PNG: needs no SVG plugin in the bundle
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    # the sheet's images as url(styles:NAME), wherever the app was started from
    QDir.setSearchPaths("styles", [str(resource("styles"))])
    qss = resource("styles", "ewarong.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


class LazyViews(dict[str, QWidget]):
    """The workspace's views by key, each built the first time it is asked for.

    `views[key]` builds a view not built yet (and puts it in its tab); `get`, `in`,
    `values()` and `items()` see only the views built so far, which is what a question
    about every view means (an unopened tab has no cart, no state, no session).
    """

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        view = self._build(key)
        self[key] = view
        return view


class MainWindow(QMainWindow):
    """The till: login first, then the counter and the other views as tabs."""

    session_changed = Signal(object)  # AccountInfo or None
    language_changed = Signal(str)
    receipt_printed = Signal(object)  # printing_ops.PrintReport
    restored = Signal(object)  # backup.RestoreResult, after the views are rebuilt

    def __init__(self, parts: AppParts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.lang = Language(parts.lang)
        self.lang.install()
        self.runner = TaskRunner(self)
        # what an I/O job records (a receipt's print status, a backup's) queues with the
        # other writes on the database worker (Context.write_through, ui.tasks)
        parts.ctx.write_runner = self.runner.on_db_worker
        self.account: AccountInfo | None = None
        # key -> view (CounterView, StockView, ...); a view is built when first asked for
        self.views = LazyViews(self._make_view)
        self.restore_message: QMessageBox | None = None
        self.setObjectName("MainWindow")
        self.resize(1366, 768)
        self.setMinimumSize(QSize(MIN_WIDTH, MIN_HEIGHT))
        self._close_confirmed = False
        self._queue_printed = False
        self.close_question: QMessageBox | None = None
        self.key_list: Any = None
        # the customer display (ui.customer_display): the feed follows the sale views
        # always; the window exists once Settings switch it on
        self.customer_feed = CustomerFeed(self)
        self.customer_display: CustomerDisplay | None = None
        self.display_setting = display_ops.DisplaySetting(False, display_ops.AUTO_SCREEN)
        self.outlet_name = ""
        # training mode (ui.training): the real outlet's parts wait here meanwhile
        self.real_parts: AppParts | None = None
        self.training_question: QMessageBox | None = None
        self.training_progress: QProgressDialog | None = None
        self._follows_screens = False
        self._build()
        self._build_keys()
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.changed.connect(self._on_runner_changed)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.runner.progress.connect(self._on_runner_progress)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(30_000)
        self._sync_timer.timeout.connect(self.refresh_status)
        self._sync_timer.start()
        # An enrolled till pushes and pulls on its own every few minutes (offline-first:
        # a failed round only shows "offline" in the status bar and tries again later).
        self._auto_sync_timer = QTimer(self)
        self._auto_sync_timer.setInterval(AUTO_SYNC_MINUTES * 60_000)
        self._auto_sync_timer.timeout.connect(lambda: self.sync_status.sync_in_background())
        self._auto_sync_timer.start()
        # Backups when due (services.backup: every `backup.interval_hours`), on the I/O pool.
        from ewarong_pos.ui.backup import BACKUP_TIMER_MINUTES

        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_TIMER_MINUTES * 60_000)
        self._backup_timer.timeout.connect(lambda: self.backup_status.run_if_due())
        self._backup_timer.start()
        # Auto-lock after inactivity (services.autolock): any key or click resets it.
        self._idle: Any = None
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1_000)
        self._idle_timer.timeout.connect(self._on_idle_timer_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.runner.run(
            session_ops.autolock_minutes(parts.ctx),
            on_done=self.apply_autolock,
        )
        self.login.load()
        self.refresh_status()
        self.runner.run(display_ops.load_display(parts.ctx), on_done=self._on_display_loaded)

    # building --------------------------------------------------------------------------

    def _build(self) -> None:
        from ewarong_pos.ui.training import TrainingBanner

        training = self.parts.training
        title = self.tr("e-Warong POS")
        mark = self.tr("LATIHAN")  # its own call: lupdate does not read tr() inside an f-string
        self.setWindowTitle(f"{title} — {mark}" if training else title)
        root = QWidget(self)
        box = QVBoxLayout(root)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        # above the login and every tab: always in view while training
        self.training_banner = TrainingBanner(self, root)
        self.training_banner.setVisible(training)
        box.addWidget(self.training_banner)
        self.stack = QStackedWidget(root)
        self.login = LoginView(self, self.stack)
        self.login.logged_in.connect(self._on_login_logged_in)
        self.stack.addWidget(self.login)
        self.workspace = QWidget(self.stack)
        self.stack.addWidget(self.workspace)
        self._build_workspace()
        box.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        self._build_status_bar()

    def _build_workspace(self) -> None:
        from ewarong_pos.ui import views

        layout = QVBoxLayout(self.workspace)
        # under the training banner the top margin goes to the banner
        layout.setContentsMargins(8, 2 if self.parts.training else 6, 8, 4)
        top = QHBoxLayout()
        self.outlet_title = ElidedLabel("", self.workspace)
        self.outlet_title.setObjectName("OutletTitle")
        self.cashier_label = QLabel("", self.workspace)
        self.cashier_label.setObjectName("CashierLabel")
        top.addWidget(self.outlet_title, 1)
        top.addWidget(self.cashier_label)
        self.lock_button = big_button(self.tr("Kunci"), self.workspace, self.lock, "Ctrl+L")
        self.switch_button = big_button(
            self.tr("Ganti kasir"), self.workspace, self.switch_cashier, "Ctrl+Shift+L"
        )
        # shifts (issue 15): the count at login, and closing the shift from here
        from ewarong_pos.ui.shifts import ShiftGuard

        # One guard at a time: a rebuild (language, training, restore) made a second one
        # beside the first, and the next cashier's login opened two float dialogs.
        old_guard = getattr(self, "shift_guard", None)
        if old_guard is not None:
            self.session_changed.disconnect(old_guard._on_window_session_changed)
            old_guard.deleteLater()
        self.shift_guard = ShiftGuard(self)
        self.shift_button = big_button(
            self.tr("Tutup shift"), self.workspace, self.shift_guard.close_shift, "Ctrl+Shift+S"
        )
        top.addWidget(self.shift_button)
        self.keys_button = big_button(self.tr("Daftar tombol"), self.workspace, self.show_keys)
        self.keys_button.setText(self.tr("Tombol  [?]"))
        self.keys_button.setToolTip(self.tr("Daftar tombol"))
        top.addWidget(self.keys_button)
        top.addWidget(self.lock_button)
        top.addWidget(self.switch_button)
        for button in (self.shift_button, self.keys_button, self.lock_button, self.switch_button):
            button.setMinimumHeight(34)  # the top bar stays low: the tabs need the room
        layout.addLayout(top)
        self.tabs = QTabWidget(self.workspace)
        self.tabs.setObjectName("MainTabs")
        self.tabs.setDocumentMode(True)
        # The tab keys are made once (_build_keys), not here: this runs again on every
        # language switch, and a second F1 beside the first makes every key ambiguous.
        # Only the first tab's view (the counter) is built now; every other tab holds an
        # empty stand-in until it is first opened or asked for (`views[key]`, _make_view).
        self._tab_keys: list[str] = []
        self._view_classes: dict[str, views.ViewClass] = {}
        for key, title, shortcut, view_class in views.workspace_views(self):
            self._tab_keys.append(key)
            self._view_classes[key] = view_class
            self.tabs.addTab(QWidget(self.tabs), f"{title}  {shortcut}")
        first = self._tab_keys[0]
        self.views[first] = self._make_view(first)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs, 1)

    def _make_view(self, key: str) -> QWidget:
        """Build the view of tab `key` and put it in its tab in place of the stand-in."""
        index = self._tab_keys.index(key)  # ValueError: no such tab
        view = self._view_classes[key]()(self, self.tabs)
        current = self.tabs.currentIndex()
        stand_in = self.tabs.widget(index)
        title = self.tabs.tabText(index)
        blocked = self.tabs.blockSignals(True)  # the tab's own change, not the user's
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, view, title)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        if stand_in is not None:
            stand_in.deleteLater()
        if key == "settings" and hasattr(view, "printer_saved"):
            # receipts queued while there was no printer print as soon as there is one
            view.printer_saved.connect(lambda _s: self.print_pending())
        if key == "settings" and hasattr(view, "customer_display_saved"):
            view.customer_display_saved.connect(self.apply_customer_display)
        if key == "counter":
            self.customer_feed.attach(view, None)
        elif key == "cash":
            self.customer_feed.attach(None, view)
        return view

    def _build_status_bar(self) -> None:
        from ewarong_pos.ui.status_bar import StatusBar
        from ewarong_pos.ui.sync_status import SyncStatusWidget

        bar = StatusBar(self)
        self.setStatusBar(bar)
        self.sync_status = SyncStatusWidget(self, bar)
        bar.addPermanentWidget(self.sync_status, 1)  # takes the room left (ui.status_bar)
        from ewarong_pos.ui.backup import BackupStatusLabel

        self.backup_status = BackupStatusLabel(self, bar)
        bar.addPermanentWidget(self.backup_status)
        self.progress_bar = QProgressBar(bar)
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setVisible(False)
        bar.addPermanentWidget(self.progress_bar)
        self.busy_label = QLabel("", bar)
        self.busy_label.setObjectName("BusyLabel")
        bar.addPermanentWidget(self.busy_label)
        from PySide6.QtWidgets import QPushButton

        for button in bar.findChildren(QPushButton):
            button.setMinimumHeight(28)  # a status bar line, not a touch row

    def _build_keys(self) -> None:
        """Window-wide keys, made once for the window's life: the tabs (F1...), the key
        list (?), and the scanner (ui.scanner), which reaches whichever view is shown."""
        from ewarong_pos.ui import views
        from ewarong_pos.ui.scanner import ScanDetector

        self.tab_shortcuts: dict[str, QShortcut] = {}
        for key, _title, shortcut, _cls in views.workspace_views(self):
            sc = QShortcut(QKeySequence(shortcut), self)
            sc.activated.connect(lambda k=key: self.show_view(k))
            self.tab_shortcuts[key] = sc
        for keys in ("?", "Shift+?"):
            help_sc = QShortcut(QKeySequence(keys), self)
            help_sc.activated.connect(self.show_keys)
        self.scanner = ScanDetector(self._scan_wanted, self)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        self.scanner.install()

    def show_view(self, key: str) -> None:
        if key in self._view_classes and self.account is not None:
            self.tabs.setCurrentWidget(self.views[key])

    def current_view(self) -> Any:
        return self.tabs.currentWidget() if self.account is not None else None

    def _scan_wanted(self) -> bool:
        return (
            self.account is not None
            and self.stack.currentWidget() is self.workspace
            and hasattr(self.current_view(), "on_scan")
            and QApplication.activeModalWidget() is None
            and self.isActiveWindow()
        )

    def _on_scanner_scanned(self, scan: Any) -> None:
        view = self.current_view()
        if view is not None and hasattr(view, "on_scan"):
            view.on_scan(scan)

    def show_keys(self) -> None:
        """The on-screen list of keys (F1... tabs, the counter's and cash sale's keys)."""
        from ewarong_pos.ui.keys import KeyListDialog

        if self.key_list is not None:
            self.key_list.close()
        self.key_list = KeyListDialog(self)
        self.key_list.open()

    def has_unsaved_cart(self) -> bool:
        return any(
            getattr(view, "has_unsaved_cart", lambda: False)() for view in self.views.values()
        )

    def rebuild(self) -> None:
        """Rebuild every view in the current language; keep the session, the tab and
        every open or parked cart."""
        tab = self.tabs.currentIndex()
        kept = {
            key: view.save_state()
            for key, view in self.views.items()
            if hasattr(view, "save_state")
        }
        old = self.centralWidget()
        old_bar = self.statusBar()
        self.views = LazyViews(self._make_view)
        self.setStatusBar(None)  # type: ignore[arg-type]
        del old_bar
        self._build()
        if old is not None:
            old.deleteLater()
        if self.customer_display is not None:
            self.customer_display.retranslate()
        self.login.load()
        if self.account is not None:
            self._enter_workspace()
            self.tabs.setCurrentIndex(max(0, tab))
            for key, state in kept.items():
                cast(Any, self.views[key]).restore_state(state)
        self.refresh_status()

    # session ---------------------------------------------------------------------------

    def _on_login_logged_in(self, account: AccountInfo) -> None:
        previous = self.account
        self.account = account
        log.info("account %s logged in", account.username)
        self._enter_workspace()
        if not self._queue_printed:
            # receipts left in the queue (no printer then, or it failed): print them now
            self._queue_printed = True
            self.print_pending()
        if previous is None or previous.username != account.username:
            for view in self.views.values():
                reset = getattr(view, "on_session_changed", None)
                if reset:
                    reset(account)
        self.session_changed.emit(account)

    def _enter_workspace(self) -> None:
        role = {"manager": self.tr("Pengelola"), "cashier": self.tr("Kasir")}.get(
            self.actor().role, self.actor().role
        )
        self.cashier_label.setText(
            self.tr("{role}: {name}").format(role=role, name=self.actor().display_name)
        )
        self.stack.setCurrentWidget(self.workspace)
        self.runner.run(
            session_ops.outlet_overview(self.parts.ctx),
            on_done=self._on_overview,
        )
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _on_overview(self, ov: Overview) -> None:
        self.outlet_title.setText(f"{ov.outlet.name} — {ov.outlet.code}")
        self._set_outlet_name(ov.outlet.name)

    # the customer display ------------------------------------------------------------------

    def _on_display_loaded(self, start: display_ops.DisplayStart) -> None:
        self._set_outlet_name(start.outlet_name)
        self.apply_customer_display(start.setting)

    def _set_outlet_name(self, name: str) -> None:
        if self.parts.training:  # the family's screen says it too
            from ewarong_pos.ui.training import banner_text

            name = f"{banner_text()} · {name}"
        self.outlet_name = name
        if self.customer_display is not None:
            self.customer_display.set_outlet_name(name)

    def apply_customer_display(self, setting: display_ops.DisplaySetting) -> None:
        """Show the customer display where Settings say (again, if the window manager
        closed it), or hide it when switched off."""
        self.display_setting = setting
        if not setting.enabled:
            if self.customer_display is not None:
                self.customer_display.close()
            return
        if self.customer_display is None:
            display = CustomerDisplay(self.lang, cashier=self)
            display.set_outlet_name(self.outlet_name)
            self.customer_feed.changed.connect(display.show_screen)
            self.customer_display = display
        self.customer_display.show_screen(self.customer_feed.screen)
        self.customer_display.place(setting.screen, self.screen())
        handle = self.windowHandle()
        if handle is not None and not self._follows_screens:
            # a monitor plugged in or out, or this window moved to the display's screen:
            # the display finds its place again
            self._follows_screens = True
            handle.screenChanged.connect(self._on_screens_changed)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.screenAdded.connect(self._on_screens_changed)
                app.screenRemoved.connect(self._on_screens_changed)

    def _on_screens_changed(self, *_args: Any) -> None:
        display = self.customer_display
        if self.display_setting.enabled and display is not None and display.isVisible():
            display.place(self.display_setting.screen, self.screen())

    def _close_customer_display(self) -> None:
        display, self.customer_display = self.customer_display, None
        if display is not None:
            self.customer_feed.changed.disconnect(display.show_screen)
            display.close()
            display.deleteLater()

    def lock(self) -> None:
        """Lock the till: the same cashier comes back with the PIN (or another switches in)."""
        if self.account is None:
            return
        self.login.lock(self.account.username, self.account.display_name)
        self.stack.setCurrentWidget(self.login)

    def switch_cashier(self) -> None:
        self.account = None
        for view in self.views.values():
            reset = getattr(view, "on_session_changed", None)
            if reset:
                reset(None)
        self.login.unlock_for_anyone()
        self.stack.setCurrentWidget(self.login)
        self.session_changed.emit(None)

    # language --------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        if lang == self.lang.code:
            return
        self.lang.switch(lang)
        self.parts.lang = self.lang.code
        self.rebuild()
        self.language_changed.emit(self.lang.code)

    # status ----------------------------------------------------------------------------

    def refresh_status(self) -> None:
        self.sync_status.refresh()
        self.backup_status.refresh()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.statusBar().showMessage(text, 10_000)

    def _on_tabs_current_changed(self, index: int) -> None:
        if not 0 <= index < len(self._tab_keys):
            return
        key = self._tab_keys[index]
        view = self.views[key]  # built on its first opening
        if key in ("counter", "cash"):
            self.customer_feed.follow(key)
        activate = getattr(view, "activate", None)
        if activate is not None and self.account is not None:
            activate()

    def _on_runner_changed(self, changes: Changes) -> None:
        """A job changed something: whatever shows it loads again (the status bar always,
        the login list, the current tab; the other tabs load when they are opened)."""
        for shown in (self.sync_status, self.backup_status, self.login):
            if changes & shown.shows:
                shown.activate()
        view = self.tabs.currentWidget()
        if self.account is None or view is None:
            return
        for part in (view, *view.findChildren(QWidget)):
            if changes & getattr(part, "shows", frozenset()):
                cast("RefreshingView", part).activate()

    def actor(self) -> AccountInfo:
        if self.account is None:
            raise RuntimeError("nobody is logged in")
        return self.account

    def backup_finished(self, result: BackupResult | None, error: BaseException | None) -> None:
        if error is not None:
            self.backup_status.set_failure(error)
        else:
            self.backup_status.set_success(result)

    def _on_runner_failed(self, name: str, error: BaseException) -> None:
        self.show_message(self.tr("Gagal: {error}").format(error=self.lang.error(error)), "error")

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Memproses…") if busy else "")
        if not busy:
            self.progress_bar.setVisible(False)

    def _on_runner_progress(self, name: str, done: int, total: int) -> None:
        self.progress_bar.setVisible(total > 0 and done < total)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    # printing --------------------------------------------------------------------------

    def print_receipt(self, sale_id: int, copy: bool = False) -> None:
        """Queue the committed sale's receipt, then print the queue off the GUI thread."""
        self.runner.run(
            printing_ops.queue_receipt(self.parts.ctx, sale_id, copy),
            on_done=self._on_receipt_queued,
        )

    def print_committed(self, done: printing_ops.Committed, cash: bool = False) -> None:
        """Print a sale whose receipt its own commit job already queued (I/O pool); after
        a cash sale, open the cash drawer when Settings say there is one."""
        if cash and self.parts.make_printer is not None:
            self.runner.run(drawer_ops.kick_drawer(self.parts.ctx, self.parts.make_printer))
        if done.job is not None:
            self._on_receipt_queued(done.job)
        elif done.queue_error is not None:
            # the sale is saved; its receipt can be printed again from the sales list
            error = done.queue_message(self.lang.code)
            self.show_message(self.tr("Gagal: {error}").format(error=error), "error")

    def _on_receipt_queued(self, job: Any) -> None:
        self.runner.run(
            printing_ops.print_queue(self.parts.ctx, self.parts.make_printer, job.receipt_no),
            on_done=self._on_printed,
        )

    def print_pending(self) -> None:
        """Receipts still queued (no printer, or it failed): print them now, if any."""
        if self.parts.make_printer is None:
            return
        self.runner.run(
            printing_ops.print_queue(self.parts.ctx, self.parts.make_printer, ""),
            on_done=self._on_printed,
        )

    def _on_printed(self, report: printing_ops.PrintReport) -> None:
        if not report.receipt_no:  # the queue printed at start or after a printer was set up
            if report.printed:
                self.show_message(self.tr("Struk yang antre sudah dicetak."))
            elif report.pending:
                self.show_message(
                    self.tr("{count} struk antre: {reason}").format(
                        count=report.pending, reason=report.message(self.lang.code)
                    )
                )
        elif report.printed:
            self.show_message(self.tr("Struk {receipt} dicetak.").format(receipt=report.receipt_no))
        elif report.error_code == "printer.not_configured":
            self.show_message(
                self.tr("Struk {receipt} antre: printer belum diatur (Pengaturan, F10).").format(
                    receipt=report.receipt_no
                )
            )
        else:
            self.show_message(
                self.tr("Struk {receipt} menunggu di antrean cetak ({count}): {reason}").format(
                    receipt=report.receipt_no,
                    count=report.pending,
                    reason=report.message(self.lang.code),
                )
            )
        self.receipt_printed.emit(report)

    # auto-lock ---------------------------------------------------------------------------

    def apply_autolock(self, minutes: int) -> None:
        from ewarong_pos.services.autolock import IdleLock

        self._idle = IdleLock(int(minutes), self.parts.ctx.clock) if minutes > 0 else None
        if self._idle is None:
            self._idle_timer.stop()
        else:
            self._idle_timer.start()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        # every event of the application passes here: its type is asked once (each call
        # of event.type() makes a Python enum, a few microseconds on the GUI thread)
        kind = event.type()
        if (
            kind == QEvent.Type.Show
            and self.parts.training
            and isinstance(watched, QDialog)
            and watched.isWindow()
        ):
            from ewarong_pos.ui.training import mark_dialog

            mark_dialog(watched)
        if (
            kind == QEvent.Type.KeyPress
            and event.text() == "?"
            and watched is QApplication.focusWidget()
            and self._wants_key_list(watched)
        ):
            self.show_keys()
            return True
        if self._idle is not None and kind in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
        ):
            self._idle.touch()
        return False

    def _wants_key_list(self, widget: Any) -> bool:
        """'?' opens the key list from the counter's and cash sale's fields (no name,
        card or barcode has a '?') and from any widget that is not a text field."""
        from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit

        if self.account is None or self.stack.currentWidget() is not self.workspace:
            return False
        if widget.window() is not self:
            return False
        if isinstance(widget, QLineEdit):
            return widget.objectName() in ("SearchInput", "ProductSearch")
        return not isinstance(widget, (QPlainTextEdit, QTextEdit, QAbstractSpinBox))

    def _on_idle_timer_timeout(self) -> None:
        if (
            self._idle is not None
            and self.account is not None
            and self._idle.expired()
            and self.stack.currentWidget() is not self.login
        ):
            log.info("till locked after %d idle minutes", self._idle.minutes)
            self.lock()

    # restore -----------------------------------------------------------------------------

    def restore_backup(
        self, path: str, manager: str, pin: str, on_done: Callable[[Any], None]
    ) -> None:
        """Restore a backup: wait until no job holds the outlet, close it, restore, reopen.

        The timers and the workspace pause meanwhile. After a restore the views are
        rebuilt on the reopened outlet and the till asks for a login again (the restored
        accounts may differ); after a refusal the same outlet is open again, unchanged.
        `on_done(backup_ops.RestoreOutcome)` gets the outcome either way.
        """
        self._pause_timers()
        self.workspace.setEnabled(False)
        self.sync_status.setEnabled(False)  # no "sync now" on the outlet being replaced

        def start() -> None:
            self.runner.run(
                backup_ops.restore_backup(
                    self.parts.ctx,
                    path,
                    manager or None,
                    pin or None,
                    self.account.username if self.account is not None else None,
                ),
                on_done=lambda outcome: self._on_restore_outcome(outcome, on_done),
                on_error=self._on_restore_crashed,
            )

        self._when_idle(start)

    def _when_idle(self, fn: Callable[[], object]) -> None:
        if self.runner.idle:
            fn()
            return

        def check(busy: bool) -> None:
            if not busy:
                self.runner.busy_changed.disconnect(check)
                # after the finished job's own callback, which may queue more work
                QTimer.singleShot(0, lambda: self._when_idle(fn))

        self.runner.busy_changed.connect(check)

    def replace_context(self, ctx: Any) -> None:
        """Use a reopened outlet: the printer and sync adapters are wired again for it."""
        old = self.parts
        if old.reopen is not None:
            self.parts = old.reopen(ctx)
        else:
            self.parts = dataclasses.replace(old, ctx=ctx)
        self.parts.lang = self.lang.code
        self.parts.ctx.write_runner = self.runner.on_db_worker

    def _on_restore_outcome(self, outcome: Any, on_done: Callable[[Any], None]) -> None:
        self.replace_context(outcome.ctx)
        self.workspace.setEnabled(True)
        self.sync_status.setEnabled(True)
        self._start_timers()
        on_done(outcome)
        if outcome.error is not None:
            self.refresh_status()
            return
        result = outcome.result
        log.warning("database restored from %s; views rebuilt", result.backup.name)
        self.rebuild()
        self.switch_cashier()
        self.restored.emit(result)
        text = self.tr(
            "Database dipulihkan dari {file} (jurnal #{seq}); jurnal berlanjut setelah "
            "#{resume}. Silakan masuk lagi."
        ).format(file=result.backup.name, seq=result.backup_seq, resume=result.resume_after_seq)
        if result.previous is not None:
            text += "\n" + self.tr("Database sebelumnya disimpan sebagai {path}").format(
                path=result.previous
            )
        self.show_message(text)
        self.restore_message = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Pemulihan selesai"), text, parent=self
        )
        self.restore_message.open()

    def _on_restore_crashed(self, error: BaseException) -> None:
        # The outlet could not be opened again: nothing sensible runs on a closed database.
        self.workspace.setEnabled(True)
        self.sync_status.setEnabled(True)
        QMessageBox.critical(
            self,
            self.tr("Pemulihan gagal"),
            self.tr("Database tidak bisa dibuka lagi: {error}\nTutup dan buka aplikasi.").format(
                error=self.lang.error(error)
            ),
        )

    # training mode -----------------------------------------------------------------------

    def enter_training(self) -> None:
        """From the login: open the practice outlet (built the first time, behind a
        progress dialog when that takes more than a second) and show its login.

        The real outlet's parts wait aside, untouched, until `leave_training`.
        """
        if self.parts.training or self.account is not None:
            return
        real = self.parts
        self._pause_timers()
        self.login.setEnabled(False)
        self._show_training_progress(self.tr("Menyiapkan outlet latihan…"))
        report = self.runner.reporter("training")
        self._when_idle(
            lambda: self.runner.run(
                training_ops.open_training(real.ctx, report),
                on_done=lambda opened: self._on_training_opened(real, opened),
                on_error=self._on_training_failed,
            )
        )

    def reset_training(self) -> None:
        """Start the practice over (asked first): every practice sale goes."""
        if not self.parts.training or self.real_parts is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Mulai ulang latihan?"))
        box.setText(
            self.tr(
                "Outlet latihan dibuat ulang: semua transaksi latihan dihapus. "
                "Outlet sebenarnya tidak tersentuh."
            )
        )
        back = box.addButton(self.tr("Kembali  [Esc]"), QMessageBox.ButtonRole.RejectRole)
        again = box.addButton(self.tr("Mulai ulang"), QMessageBox.ButtonRole.AcceptRole)
        box.setEscapeButton(back)
        box.setDefaultButton(back)
        box.setProperty("answers", {"back": back, "reset": again})

        def answered(_result: int) -> None:
            self.training_question = None
            if box.clickedButton() is again:
                self._reset_training_now()
            box.deleteLater()

        box.finished.connect(answered)
        self.training_question = box
        box.open()

    def _reset_training_now(self) -> None:
        real, practice = self.real_parts, self.parts.ctx
        if real is None:
            return
        self._pause_timers()
        self.workspace.setEnabled(False)
        self._show_training_progress(self.tr("Menyiapkan outlet latihan…"))
        report = self.runner.reporter("training")
        self._when_idle(
            lambda: self.runner.run(
                training_ops.reset_training(real.ctx, practice, report),
                on_done=lambda opened: self._on_training_opened(real, opened),
                on_error=self._on_training_failed,
            )
        )

    def leave_training(self) -> None:
        """Back to the real outlet's login; a practice cart is asked about first."""
        if not self.parts.training or self.real_parts is None:
            return
        if self.has_unsaved_cart():
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Keluar latihan?"))
            box.setText(self.tr("Keranjang latihan yang belum disimpan akan dibuang."))
            back = box.addButton(self.tr("Kembali  [Esc]"), QMessageBox.ButtonRole.RejectRole)
            leave = box.addButton(self.tr("Keluar latihan"), QMessageBox.ButtonRole.AcceptRole)
            box.setEscapeButton(back)
            box.setDefaultButton(back)
            box.setProperty("answers", {"back": back, "leave": leave})

            def answered(_result: int) -> None:
                self.training_question = None
                if box.clickedButton() is leave:
                    self._leave_training_now()
                box.deleteLater()

            box.finished.connect(answered)
            self.training_question = box
            box.open()
            return
        self._leave_training_now()

    def _leave_training_now(self) -> None:
        practice = self.parts.ctx
        self._pause_timers()
        self.workspace.setEnabled(False)
        self.login.setEnabled(False)
        self._when_idle(
            lambda: self.runner.run(
                training_ops.close_training(practice),
                on_done=lambda _none: self._on_training_left(),
                on_error=self._on_training_failed,
            )
        )

    def _on_training_left(self) -> None:
        real, self.real_parts = self.real_parts, None
        if real is not None:
            real.lang = self.lang.code
            self._use_parts(real)
        log.info("training mode left")

    def _on_training_opened(self, real: AppParts, opened: Any) -> None:
        self._close_training_progress()
        parts = real.reopen(opened.ctx) if real.reopen is not None else None
        if parts is None:
            parts = dataclasses.replace(real, ctx=opened.ctx)
        parts.lang = self.lang.code
        parts.demo = True  # its login shows the practice PINs
        parts.training = True
        self.real_parts = real
        self._use_parts(parts)
        log.info("training mode entered")

    def _on_training_failed(self, error: BaseException) -> None:
        self._close_training_progress()
        self.login.setEnabled(True)
        self.workspace.setEnabled(True)
        self._start_timers()
        text = self.tr("Mode latihan tidak bisa dibuka: {error}").format(
            error=self.lang.error(error)
        )
        self.login.notice.show_notice(text, "error")
        self.show_message(text, "error")

    def _use_parts(self, parts: AppParts) -> None:
        """Show another outlet (practice or real): rebuilt views, its login, no session."""
        self.parts = parts
        parts.ctx.write_runner = self.runner.on_db_worker  # as in __init__
        self.account = None
        self._queue_printed = False
        self.rebuild()  # with nobody logged in, no cart of the other outlet is kept
        self.stack.setCurrentWidget(self.login)
        self.session_changed.emit(None)
        self._start_timers()

    def _show_training_progress(self, text: str) -> None:
        dialog = QProgressDialog(text, "", 0, 0, self)
        dialog.setWindowTitle(self.tr("e-Warong POS"))
        dialog.setCancelButton(None)  # a build cannot stop halfway
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # only when it takes more than a second (the value at its minimum first: else
        # Qt keeps its own four-second delay)
        dialog.setValue(0)
        dialog.setMinimumDuration(1000)
        dialog.setMinimumWidth(420)

        def follow(name: str, done: int, total: int) -> None:
            if name == "training" and self.training_progress is dialog:
                dialog.setMaximum(max(total, 1))
                dialog.setValue(min(done, max(total, 1)))

        self.runner.progress.connect(follow)
        dialog.setProperty("follow", follow)
        self.training_progress = dialog

    def _close_training_progress(self) -> None:
        dialog, self.training_progress = self.training_progress, None
        if dialog is not None:
            self.runner.progress.disconnect(dialog.property("follow"))
            dialog.reset()
            dialog.close()
            dialog.deleteLater()

    # lifetime --------------------------------------------------------------------------

    def _pause_timers(self) -> None:
        for timer in (self._sync_timer, self._auto_sync_timer, self._backup_timer):
            timer.stop()

    def _start_timers(self) -> None:
        for timer in (self._sync_timer, self._auto_sync_timer, self._backup_timer):
            timer.start()

    def shutdown(self) -> None:
        """Stop timers, take the application-wide filters away and finish background
        work (call before closing the context). Safe to call twice."""
        self._pause_timers()
        self._idle_timer.stop()
        self._idle = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.scanner.uninstall()
        self._close_customer_display()
        self.runner.shutdown()
        self.parts.ctx.write_runner = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_unsaved_cart() and not self._close_confirmed:
            event.ignore()
            self.ask_close()
            return
        self._pause_timers()
        super().closeEvent(event)
        if self.customer_display is not None:
            # the last window must go too, or the app would not end
            self.customer_display.close()

    def ask_close(self) -> None:
        """A cart (open or parked) is not saved: close only when the cashier says so."""
        if self.close_question is not None:
            self.close_question.close()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Tutup aplikasi?"))
        box.setText(
            self.tr(
                "Ada keranjang yang belum disimpan (terbuka atau diparkir). "
                "Jika ditutup, isinya hilang."
            )
        )
        back = box.addButton(self.tr("Kembali  [Esc]"), QMessageBox.ButtonRole.RejectRole)
        close = box.addButton(
            self.tr("&Tutup dan buang keranjang  [T]"), QMessageBox.ButtonRole.DestructiveRole
        )
        close.setShortcut(QKeySequence("T"))
        box.setEscapeButton(back)
        box.setDefaultButton(back)
        box.setProperty("answers", {"back": back, "close": close})

        def answered(_result: int) -> None:
            self.close_question = None
            if box.clickedButton() is close:
                log.info("closed with an unsaved cart, at the cashier's word")
                self._close_confirmed = True
                QTimer.singleShot(0, self.close)
            box.deleteLater()

        box.finished.connect(answered)
        self.close_question = box
        box.open()
