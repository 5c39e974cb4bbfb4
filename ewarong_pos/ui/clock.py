"""The manager's clock correction (issue 17, point 5; `services.clock`): when the PC clock
had been ahead and is now right, the manager confirms it with their PIN and a reason, so
the counter can sell again. Opened from Laporan, beside the day's buttons."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.dates import format_datetime, parse_iso
from ewarong_pos.services.clock import ClockBehind
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice


class ClockDialog(QDialog):
    """Both times side by side, who approves, their PIN and why."""

    def __init__(
        self,
        window: Shell,
        behind: ClockBehind,
        approvers: list[tuple[str, str]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koreksi jam"))
        self.setModal(True)
        lang = window.lang.code
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "Jam PC sekarang: {now}\nCatatan terakhir (#{seq}): {last}\n\n"
                "Setujui hanya jika jam PC sekarang BENAR (sebelumnya jam PC terlalu maju, "
                "mis. zona waktu salah). Jika jam PC yang salah, tutup dan betulkan tanggal "
                "dan jam Windows. Transaksi berikutnya memakai jam sekarang; hari yang sudah "
                "ditutup tidak dapat diisi."
            ).format(
                now=format_datetime(parse_iso(behind.now), lang),
                last=format_datetime(parse_iso(behind.last_at), lang),
                seq=behind.last_seq,
            ),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.manager = QComboBox(self)
        for username, name in approvers:
            self.manager.addItem(name, username)
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("mis. zona waktu PC salah, sudah dibetulkan"))
        form.addRow(self.tr("Pengelola"), self.manager)
        form.addRow(self.tr("PIN pengelola"), self.pin)
        form.addRow(self.tr("Alasan"), self.reason)
        layout.addLayout(form)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Setujui koreksi jam")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Tutup"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def _on_buttons_accepted(self) -> None:
        if not self.reason.text().strip():
            self.notice.show_notice(self.tr("Tulis alasan koreksi jam."), "error")
            return
        if not self.pin.text():
            self.notice.show_notice(self.tr("Pengelola harus memasukkan PIN."), "error")
            return
        self.accept()

    def values(self) -> tuple[str, str, str]:
        return str(self.manager.currentData() or ""), self.pin.text(), self.reason.text().strip()

    def show_error(self, text: str) -> None:
        self.notice.show_notice(text, "error")
