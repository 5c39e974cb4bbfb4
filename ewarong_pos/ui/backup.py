"""Data safety in the app: the backup line of the status bar, the timer's backup, and the
manager's backup section of the settings (folder, rotation, back up now, restore, recovery
code).

Every backup, restore and key job runs on the task runner (services.backup /
services.keys through ui.ops.backup); the GUI thread only shows what they return. A restore
closes the outlet's Context on the database worker once nothing else is queued, and the
main window takes the reopened one (`MainWindow.replace_context`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.dates import WIB, format_datetime, parse_iso
from ewarong_pos.services.backup import BackupResult, BackupSettings, BackupStatus, RestorePreview
from ewarong_pos.ui.ops import backup as backup_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, NumberBox, big_button

log = logging.getLogger(__name__)

BACKUP_TIMER_MINUTES = 10  # how often the timer asks backup_if_due (the interval is hours)
MANAGER_ROLES = ("manager", "supervisor")


def _when(window: Shell, at: str) -> str:
    """'12:05' today, else '11 April 2018 18:30' (WIB)."""
    moment = parse_iso(at)
    if moment.astimezone(WIB).date() == window.parts.ctx.business_date():
        return f"{moment.astimezone(WIB):%H:%M}"
    return format_datetime(moment, window.lang.code)


def _set_kind(label: QLabel, kind: str) -> None:
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)


class BackupStatusLabel(QLabel):
    """'Cadangan terakhir 12:05' in the status bar; a warning when overdue or failing.

    The main window's timer calls `run_if_due()`; `refresh()` follows the 30-second status
    refresh. A failed timer backup (stick not plugged in) stays shown until one succeeds.
    """

    shows = frozenset({Change.BACKUP, Change.OUTLET})

    def activate(self) -> None:
        self.refresh()

    backup_done = Signal(object)  # backup.BackupResult, or None when none was due
    backup_failed = Signal(str)  # the message shown

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setObjectName("BackupLabel")
        # clear of its coloured box (the style sheet's padding does not reach a label's
        # size here: its letters touched the frame, the last one under it at 1040 px);
        # it never shrinks, the message and the sync state give way (ui.status_bar)
        self.setContentsMargins(8, 0, 8, 0)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.status: BackupStatus | None = None
        self.failure = ""
        self._running = False
        self.setText(self.tr("Cadangan: …"))

    def refresh(self) -> None:
        if self.window_.parts.training:
            self.setText(self.tr("Latihan: tanpa cadangan"))
            self.setToolTip("")
            _set_kind(self, "info")
            return
        self.window_.runner.run(
            backup_ops.backup_status(self.window_.parts.ctx),
            on_done=self._on_status,
            # the next refresh tries again; nothing to alarm
            on_error=lambda _e: None,
            owner=self,
        )

    def run_if_due(self) -> None:
        """The timer's call: a backup on the I/O pool when the interval has passed."""
        if self._running or self.window_.parts.training:
            return
        self._running = True
        self.window_.runner.run(
            backup_ops.backup_if_due(self.window_.parts.ctx),
            on_done=self._on_timer_done,
            on_error=self.set_failure,
            owner=self,
        )

    def _on_timer_done(self, result: BackupResult | None) -> None:
        self._running = False
        if result is not None:
            self.set_success(result)
        self.backup_done.emit(result)

    def set_success(self, _result: BackupResult | None) -> None:
        self.failure = ""
        self.refresh()

    def set_failure(self, error: BaseException) -> None:
        self._running = False
        self.failure = self.window_.lang.error(error)
        self._show()
        self.backup_failed.emit(self.failure)

    def _on_status(self, status: BackupStatus) -> None:
        self.status = status
        self._show()

    def _show(self) -> None:
        status = self.status
        if self.failure:
            # the start of the reason here (the label never shrinks), all of it in the tooltip
            short = self.failure if len(self.failure) <= 40 else self.failure[:39] + "…"
            self.setText(self.tr("Cadangan gagal: {error}").format(error=short))
            kind = "error"
        elif status is None:
            return
        elif status.last_at is None:
            self.setText(self.tr("Belum ada cadangan"))
            kind = "warn"
        elif status.due:
            self.setText(
                self.tr("Cadangan terlambat (terakhir {when})").format(
                    when=_when(self.window_, status.last_at)
                )
            )
            kind = "warn"
        else:
            self.setText(
                self.tr("Cadangan terakhir {when}").format(when=_when(self.window_, status.last_at))
            )
            kind = "info"
        _set_kind(self, kind)
        if status is not None:
            tip = self.tr("Folder cadangan: {folder}").format(folder=status.folder)
            if status.same_disk:
                tip += "\n" + self.tr(
                    "Folder ini ada di disk yang sama dengan database: pilih flashdisk di "
                    "Pengaturan."
                )
            if self.failure:
                tip = self.failure + "\n" + tip
            self.setToolTip(tip)
        elif self.failure:
            self.setToolTip(self.failure)


def _pin_rows(dialog: QDialog, layout: QVBoxLayout, username: str) -> tuple[QLineEdit, QLineEdit]:
    """The manager's username and PIN fields (one translation context for both dialogs)."""
    form = QFormLayout()
    user = QLineEdit(username, dialog)
    pin = QLineEdit(dialog)
    pin.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow(QCoreApplication.translate("Backup", "Pengelola"), user)
    form.addRow(QCoreApplication.translate("Backup", "PIN pengelola"), pin)
    layout.addLayout(form)
    pin.setFocus()
    return user, pin


def _ok_cancel(dialog: QDialog, layout: QVBoxLayout) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


def _fit(dialog: QDialog, layout: QVBoxLayout, width: int = 640) -> None:
    """Wide enough to read, and tall enough for every wrapped line (no clipped text)."""
    margins = layout.contentsMargins()
    inner = width - margins.left() - margins.right()
    for label in dialog.findChildren(QLabel):
        if label.wordWrap():  # a top-level window does not ask its labels' heightForWidth
            label.setMinimumHeight(label.heightForWidth(inner))
    dialog.setMinimumWidth(width)
    dialog.adjustSize()


class PinDialog(QDialog):
    """The manager's PIN before a new recovery code is made."""

    def __init__(self, username: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kode pemulihan baru"))
        self.setObjectName("PinDialog")
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "Kode pemulihan membuka cadangan di PC lain bila PC ini hilang atau rusak. "
                "Kode lama tetap membuka cadangan lama. Masukkan PIN pengelola."
            ),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.username, self.pin = _pin_rows(self, layout, username)
        self.buttons = _ok_cancel(self, layout)
        _fit(self, layout)

    def values(self) -> tuple[str, str]:
        return self.username.text().strip(), self.pin.text()


class RestoreDialog(QDialog):
    """What the backup's manifest says, and the confirmation; the PIN only when needed."""

    def __init__(self, window: Shell, preview: RestorePreview, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pulihkan cadangan"))
        self.setObjectName("RestoreDialog")
        self.preview = preview
        lines = [
            self.tr("Pulihkan database dari cadangan ini?"),
            "",
            self.tr("Berkas: {file}").format(file=preview.path),
            self.tr("Outlet: {outlet}").format(outlet=preview.outlet),
            self.tr("Perangkat: {device}").format(device=preview.device_code),
            self.tr("Dibuat: {when}").format(
                when=format_datetime(parse_iso(preview.created_at), window.lang.code)
            ),
            self.tr("Jurnal sampai: #{seq} (database ini: #{current})").format(
                seq=preview.last_seq, current=preview.current_seq
            ),
            "",
            self.tr(
                "Aplikasi menutup database, memulihkan cadangan, lalu membukanya lagi. "
                "Database sekarang disimpan di sampingnya."
            ),
        ]
        if preview.needs_manager:
            lines += [
                "",
                self.tr(
                    "PERHATIAN: cadangan ini lebih lama dari database sekarang atau dari yang "
                    "sudah diterima kantor pusat. Transaksi sesudahnya hilang dari PC ini. "
                    "Sinkronkan dulu bila jaringan ada. Perlu PIN pengelola."
                ),
            ]
        layout = QVBoxLayout(self)
        self.text = QLabel("\n".join(lines), self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.username: QLineEdit | None = None
        self.pin: QLineEdit | None = None
        if preview.needs_manager:
            username = window.account.username if window.account is not None else ""
            self.username, self.pin = _pin_rows(self, layout, username)
        self.buttons = _ok_cancel(self, layout)
        _fit(self, layout)

    def values(self) -> tuple[str, str]:
        if self.username is None or self.pin is None:
            return "", ""
        return self.username.text().strip(), self.pin.text()


class RecoveryCodeDialog(QDialog):
    """The new recovery code, shown once, with what to do with it."""

    def __init__(self, code: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kode pemulihan baru"))
        self.setObjectName("RecoveryCodeDialog")
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "TULIS KODE INI DI KERTAS SEKARANG dan simpan di tempat aman, terpisah dari "
                "PC dan flashdisk. Kode ini tidak ditampilkan lagi. Tanpa kode ini, cadangan "
                "tidak bisa dibuka di PC lain bila PC ini rusak atau hilang."
            ),
            self,
        )
        warning.setWordWrap(True)
        warning.setProperty("kind", "warn")
        layout.addWidget(warning)
        self.code = QLabel(code, self)
        self.code.setObjectName("RecoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code.font()
        font.setFamily("monospace")
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.code)
        buttons = QDialogButtonBox(self)
        self.done_button = buttons.addButton(
            self.tr("Sudah saya tulis"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        _fit(self, layout, 520)


class BackupSection(QGroupBox):
    """The manager's backup box in the settings."""

    shows = frozenset({Change.BACKUP})

    def activate(self) -> None:
        self.load()

    loaded = Signal(object)  # backup_ops.BackupScreen
    saved = Signal(object)  # backup.BackupSettings
    backed_up = Signal(object)  # backup.BackupResult
    refused = Signal(str)  # a refusal or failure, as shown
    restored = Signal(object)  # backup.RestoreResult
    code_shown = Signal(str)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Cadangan dan pemulihan (pengelola)"), parent)
        self.window_ = window
        self.setObjectName("BackupSection")
        grid = QGridLayout(self)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(self.tr("kosong = folder data (disk yang sama)"))
        self.browse_button = big_button(self.tr("Pilih folder…"), self, self.browse_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        form.addRow(self.tr("Folder cadangan"), folder_row)
        self.keep = NumberBox(self)
        self.keep.setRange(1, 365)
        self.keep.setSuffix(self.tr(" cadangan terbaru"))
        self.interval = NumberBox(self)
        self.interval.setRange(0, 168)
        self.interval.setSuffix(self.tr(" jam"))
        self.interval.setSpecialValueText(self.tr("hanya saat tutup hari"))
        form.addRow(self.tr("Jumlah disimpan"), self.keep)
        form.addRow(self.tr("Cadangkan setiap"), self.interval)
        self.save_button = big_button(self.tr("Simpan pengaturan cadangan"), self, self.save)
        form.addRow(self.save_button)
        grid.addLayout(form, 0, 0)

        right = QVBoxLayout()
        self.status_label = QLabel("", self)
        self.status_label.setWordWrap(True)
        self.key_label = QLabel("", self)
        self.key_label.setWordWrap(True)
        right.addWidget(self.status_label)
        right.addWidget(self.key_label)
        buttons = QHBoxLayout()
        self.backup_button = big_button(self.tr("Cadangkan sekarang"), self, self.backup_now)
        self.restore_button = big_button(self.tr("Pulihkan…"), self, self.choose_restore)
        self.code_button = big_button(self.tr("Buat kode pemulihan baru…"), self, self.new_code)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.code_button)
        right.addLayout(buttons)
        self.notice = Notice(self)
        right.addWidget(self.notice)
        right.addStretch(1)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.data: backup_ops.BackupScreen | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.pin_dialog: PinDialog | None = None
        self.code_dialog: RecoveryCodeDialog | None = None

    # loading ---------------------------------------------------------------------------

    def is_manager(self) -> bool:
        account = self.window_.account
        return account is not None and account.role in MANAGER_ROLES

    def load(self) -> None:
        # training mode: practice data are never backed up or restored (services.training)
        self.setVisible(self.is_manager() and not self.window_.parts.training)
        if not self.isVisible():
            return
        self.window_.runner.run(
            backup_ops.backup_screen(self.window_.parts.ctx),
            on_done=self._on_loaded,
            on_error=self._on_error,
            owner=self,
        )

    def _on_loaded(self, screen: backup_ops.BackupScreen) -> None:
        self.data = screen
        self.folder.setText(screen.settings.folder)
        self.keep.setValue(screen.settings.keep)
        self.interval.setValue(screen.settings.interval_hours)
        status = screen.status
        if status.last_at:
            text = self.tr("Cadangan terakhir: {when}, jurnal #{seq}\n{file}").format(
                when=_when(self.window_, status.last_at),
                seq=status.last_seq,
                file=Path(status.last_file).name if status.last_file else "",
            )
        else:
            text = self.tr("Belum ada cadangan.")
        if status.same_disk:
            text += "\n" + self.tr(
                "Cadangan disimpan di disk yang sama: melindungi dari berkas rusak, bukan "
                "dari disk rusak. Pilih flashdisk."
            )
        self.status_label.setText(text)
        self.status_label.setToolTip(status.last_file or status.folder)
        keys = screen.keys
        if not keys.encrypted:
            self.key_label.setText(self.tr("Database tidak dienkripsi."))
            _set_kind(self.key_label, "warn")
        elif keys.recovery_code_set:
            self.key_label.setText(
                self.tr("Database dienkripsi (kunci {key}). Kode pemulihan sudah dibuat.").format(
                    key=keys.key_id
                )
            )
            _set_kind(self.key_label, "ok")
        else:
            self.key_label.setText(
                self.tr(
                    "Database dienkripsi (kunci {key}). BELUM ADA KODE PEMULIHAN: cadangan "
                    "hanya bisa dibuka di PC ini."
                ).format(key=keys.key_id)
            )
            _set_kind(self.key_label, "warn")
        self.code_button.setEnabled(keys.encrypted)
        self.loaded.emit(screen)

    def _busy(self, busy: bool) -> None:
        for button in (self.save_button, self.backup_button, self.restore_button, self.code_button):
            button.setEnabled(not busy)

    def _actor(self) -> int | None:
        account = self.window_.account
        return account.id if account is not None else None

    # settings ----------------------------------------------------------------------------

    def browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Pilih folder cadangan (flashdisk)"), self.folder.text()
        )
        if path:
            self.folder.setText(path)

    def save(self) -> None:
        if not self.is_manager():
            return
        self.window_.runner.run(
            backup_ops.save_backup_settings(
                self.window_.parts.ctx,
                self._actor(),
                self.folder.text().strip(),
                self.keep.value(),
                self.interval.value(),
            ),
            on_done=self._on_saved,
            on_error=self._on_error,
            owner=self,
        )

    def _on_saved(self, settings: BackupSettings) -> None:
        self.notice.show_notice(self.tr("Pengaturan cadangan disimpan."), "ok")
        self.saved.emit(settings)

    # back up now -------------------------------------------------------------------------

    def backup_now(self) -> None:
        if not self.is_manager():
            return
        self._busy(True)
        self.notice.show_notice(self.tr("Mencadangkan dan memeriksa…"), "info")
        self.window_.runner.run(
            backup_ops.backup_now(self.window_.parts.ctx, "manual", self._actor()),
            on_done=self._on_backed_up,
            on_error=self._on_backup_failed,
            owner=self,
        )

    def _on_backed_up(self, result: BackupResult) -> None:
        self._busy(False)
        self.notice.show_notice(describe_backup(result), "ok")
        self.window_.backup_finished(result, None)
        self.backed_up.emit(result)

    def _on_backup_failed(self, error: BaseException) -> None:
        self._busy(False)
        self.window_.backup_finished(None, error)
        self._on_error(error)

    # restore -----------------------------------------------------------------------------

    def choose_restore(self) -> None:
        if not self.is_manager():
            return
        start = self.folder.text().strip() or (
            self.data.status.folder if self.data is not None else ""
        )
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Pilih berkas cadangan"),
            start,
            self.tr("Cadangan e-Warong (*.db *.json)"),
        )
        if path:
            self.restore_from(path)

    def restore_from(self, path: str) -> None:
        """Read the manifest, then ask the manager to confirm (and for a PIN if stale)."""
        self.window_.runner.run(
            backup_ops.preview_restore(self.window_.parts.ctx, path),
            on_done=self._confirm_restore,
            on_error=self._on_error,
            owner=self,
        )

    def _confirm_restore(self, preview: RestorePreview) -> None:
        dialog = RestoreDialog(self.window_, preview, self)
        dialog.accepted.connect(lambda: self._on_restore_confirmed(dialog))
        self.restore_dialog = dialog
        dialog.open()

    def _on_restore_confirmed(self, dialog: RestoreDialog) -> None:
        username, pin = dialog.values()
        self._busy(True)
        self.notice.show_notice(self.tr("Memulihkan…"), "info")
        self.window_.restore_backup(
            dialog.preview.path,
            username,
            pin,
            on_done=self._on_restore_outcome,
        )

    def _on_restore_outcome(self, outcome: backup_ops.RestoreOutcome) -> None:
        # This box may belong to the views rebuilt after a successful restore: the window
        # shows the result there; here only a refusal remains to be shown.
        self._busy(False)
        if outcome.error is not None:
            self._on_error(outcome.error)
        else:
            self.restored.emit(outcome.result)

    # recovery code -----------------------------------------------------------------------

    def new_code(self) -> None:
        if not self.is_manager():
            return
        account = self.window_.account
        dialog = PinDialog(account.username if account is not None else "", self)
        dialog.accepted.connect(lambda: self._on_pin_given(dialog))
        self.pin_dialog = dialog
        dialog.open()

    def _on_pin_given(self, dialog: PinDialog) -> None:
        username, pin = dialog.values()
        dialog.pin.clear()
        self.window_.runner.run(
            backup_ops.new_recovery_code(self.window_.parts.ctx, username, pin),
            on_done=self._show_code,
            on_error=self._on_error,
            owner=self,
        )

    def _show_code(self, code: str) -> None:
        dialog = RecoveryCodeDialog(code, self)
        dialog.finished.connect(lambda _r: self._forget_code(dialog))
        self.code_dialog = dialog
        dialog.open()
        self.notice.show_notice(self.tr("Kode pemulihan baru dibuat."), "ok")
        self.code_shown.emit(code)

    def _forget_code(self, dialog: RecoveryCodeDialog) -> None:
        # shown once: the code leaves the screen and the widget tree when it is closed
        dialog.code.clear()
        dialog.deleteLater()
        if self.code_dialog is dialog:
            self.code_dialog = None

    def _on_error(self, error: BaseException) -> None:
        text = self.window_.lang.error(error)
        self.notice.show_notice(text, "error")
        self.refused.emit(text)


def describe_backup(result: BackupResult) -> str:
    """'Cadangan ditulis dan diperiksa: FILE (jurnal #N).' plus the recovery-code warning."""
    text = QCoreApplication.translate(
        "Backup", "Cadangan ditulis dan diperiksa: {file} (jurnal #{seq})."
    ).format(file=result.path, seq=result.last_seq)
    if not result.recoverable:
        text += " " + QCoreApplication.translate(
            "Backup", "Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini."
        )
    return text
