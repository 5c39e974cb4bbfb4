"""The sync state in the status bar: offline, syncing, synced N minutes ago, waiting, disputed.

As in Electrum, "offline" and "not enrolled" are normal states shown calmly, not error
dialogs. "Sync now" runs one round on the I/O pool; the disputed entries open in a list.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.ui.ops import sync as sync_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import ShrinkingLabel, fill_table, make_table

if TYPE_CHECKING:
    from ewarong_pos.services.sync import DisputeRow

log = logging.getLogger(__name__)


class DisputesDialog(QDialog):
    """Entries the central office refused or marked disputed."""

    def __init__(self, window: Shell, rows: list[DisputeRow], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entri yang disengketakan"))
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        self.table = make_table(
            self,
            [self.tr("No. jurnal"), self.tr("Alasan"), self.tr("Rincian"), self.tr("Diterima")],
            stretch=2,
        )
        fill_table(
            self.table,
            [[r.seq, r.reason, r.detail, r.received_at[:16].replace("T", " ")] for r in rows],
            align_right=(0,),
        )
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SyncStatusWidget(QWidget):
    shows = frozenset({Change.JOURNAL, Change.SYNC, Change.OUTLET})

    def activate(self) -> None:
        self.refresh()

    status_changed = Signal(object)  # sync_ops.SyncState
    sync_finished = Signal(bool)  # True when the round succeeded

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # the state in full, or its few words when the window is narrow (ui.status_bar)
        self.label = ShrinkingLabel(self.tr("Sinkronisasi: …"), self)
        self.label.setObjectName("SyncLabel")
        self.label.setContentsMargins(8, 0, 8, 0)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.disputes_button = QPushButton(self.tr("Sengketa"), self)
        self.disputes_button.clicked.connect(self.show_disputes)
        self.disputes_button.setVisible(False)
        self.sync_button = QPushButton(self.tr("Sinkron sekarang"), self)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_button.setEnabled(False)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.disputes_button)
        layout.addWidget(self.sync_button)
        self.status: sync_ops.SyncState | None = None
        self.dialog: DisputesDialog | None = None
        self._syncing = False

    def refresh(self) -> None:
        self.window_.runner.run(
            sync_ops.sync_state(self.window_.parts.ctx),
            on_done=self._on_status,
            on_error=lambda _e: self.label.setText(self.tr("Sinkronisasi: tidak diketahui")),
            owner=self,
        )

    def _on_status(self, state: sync_ops.SyncState) -> None:
        self.status = state
        self._show_state(state)
        self.sync_button.setEnabled(state.enrolled and not self._syncing)
        # no button that cannot work: not enrolled (the label says so) or training; its
        # room goes to the state and the message at the smallest window
        self.sync_button.setVisible(state.enrolled)
        self.disputes_button.setVisible(state.disputed > 0)
        self.status_changed.emit(state)

    def describe(self, state: sync_ops.SyncState, short: bool = False) -> str:
        """The state in words; `short`: the few words a narrow window has room for, with
        the counts kept (the whole text is in the tooltip)."""
        if self._syncing or state.state == "syncing":
            text = self.tr("Menyinkronkan…")
        elif state.state == "training":
            text = self.tr("Latihan: tidak pernah disinkronkan")
        elif state.state == "not_enrolled":
            text = (
                self.tr("Belum terdaftar") if short else self.tr("Belum terdaftar di kantor pusat")
            )
        elif state.state == "offline":
            text = self.tr("Luring") if short else self.tr("Luring (offline)")
        elif state.state == "error":
            text = (
                self.tr("Ditolak kantor pusat")
                if short
                else self.tr("Ditolak kantor pusat: {error}").format(error=state.last_error[:60])
            )
        elif state.minutes_ago is None:
            text = self.tr("Belum pernah sinkron")
        else:
            text = self.tr("Sinkron {minutes} menit lalu").format(minutes=state.minutes_ago)
        extras = []
        if state.waiting:
            extras.append(self.tr("{count} menunggu").format(count=state.waiting))
        if state.disputed:
            extras.append(self.tr("{count} disengketakan").format(count=state.disputed))
        if state.insecure:
            # allowed by a person at enrollment (--allow-plain-http): always in sight
            extras.append(self.tr("TIDAK TERENKRIPSI (http://)"))
        if extras:
            text += " · " + " · ".join(extras)
        return text

    def _show_state(self, state: sync_ops.SyncState) -> None:
        self.label.set_texts(self.describe(state), self.describe(state, short=True))

    def sync_now(self) -> None:
        run = self.window_.parts.sync_now
        if run is None or self._syncing:
            return
        self._syncing = True
        self.sync_button.setEnabled(False)
        if self.status is not None:
            self._show_state(self.status)
        self.window_.runner.run(
            sync_ops.sync_now(run),
            on_done=self._on_synced,
            on_error=self._on_sync_failed,
            owner=self,
        )

    def sync_in_background(self) -> None:
        """The periodic round: only when enrolled and idle; offline stays a quiet state."""
        if self.status is not None and self.status.enrolled and not self._syncing:
            self.sync_now()

    def _on_synced(self, _result: object) -> None:
        self._syncing = False
        self.window_.show_message(self.tr("Sinkronisasi selesai."))
        self.sync_finished.emit(True)

    def _on_sync_failed(self, error: BaseException) -> None:
        self._syncing = False
        self.window_.show_message(
            self.tr("Sinkronisasi gagal: {error}").format(error=self.window_.lang.error(error))
        )
        self.refresh()
        self.sync_finished.emit(False)

    def show_disputes(self) -> None:
        self.window_.runner.run(
            sync_ops.disputes(self.window_.parts.ctx),
            on_done=self._open_disputes,
            owner=self,
        )

    def _open_disputes(self, rows: list[DisputeRow]) -> None:
        self.dialog = DisputesDialog(self.window_, rows, self.window())
        self.dialog.open()
