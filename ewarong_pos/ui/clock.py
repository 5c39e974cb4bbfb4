"""The manager's clock correction (issue 17, point 5; `services.clock`): when the PC clock
had been ahead and is now right, the manager confirms it with their PIN and a reason, so
the counter can sell again. Opened from Laporan, beside the day's buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ewarong_pos.core.dates import format_datetime, parse_iso
from ewarong_pos.services.clock import ClockBehind
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import ApprovalDialog


class ClockDialog(ApprovalDialog):
    """Both times side by side, who approves, their PIN and why."""

    def __init__(
        self,
        window: Shell,
        behind: ClockBehind,
        approvers: list[tuple[str, str]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent, approvers)
        self.setWindowTitle(self.tr("Koreksi jam"))
        lang = window.lang.code
        self.intro.setText(
            self.tr(
                "Jam PC sekarang: {now}\nCatatan dengan jam paling akhir (#{seq}): {last}\n\n"
                "Setujui hanya jika jam PC sekarang BENAR (sebelumnya jam PC terlalu maju, "
                "mis. zona waktu salah). Jika jam PC yang salah, tutup dan betulkan tanggal "
                "dan jam Windows. Transaksi berikutnya memakai jam sekarang; hari yang sudah "
                "ditutup tidak dapat diisi."
            ).format(
                now=format_datetime(parse_iso(behind.now), lang),
                last=format_datetime(parse_iso(behind.last_at), lang),
                seq=behind.last_seq,
            )
        )
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("mis. zona waktu PC salah, sudah dibetulkan"))
        self.ok_button.setText(self.tr("Setujui koreksi jam"))
        self.reason_missing = self.tr("Tulis alasan koreksi jam.")
        self.reason.setFocus()
