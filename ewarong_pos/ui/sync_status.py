"""The sync state in the status bar: offline, syncing, synced N minutes ago, waiting, disputed.

As in Electrum, "offline" and "not enrolled" are normal states shown calmly, not errors.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ewarong_pos.ui import backend

log = logging.getLogger(__name__)


class SyncStatusWidget(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Sinkronisasi: …"), self)
        self.label.setObjectName("SyncLabel")
        self.sync_button = QPushButton(self.tr("Sinkron sekarang"), self)
        self.sync_button.clicked.connect(self.sync_now)
        layout.addWidget(self.label)
        layout.addWidget(self.sync_button)
        self.status: Any = None
        self._syncing = False

    def refresh(self) -> None:
        self.window_.runner.db(
            "sync.status",
            backend.sync_state,
            self.window_.parts.ctx,
            on_done=self._on_status,
            on_error=lambda _e: self.label.setText(self.tr("Sinkronisasi: tidak diketahui")),
            owner=self,
        )

    def _on_status(self, state: backend.SyncState) -> None:
        self.status = state
        self.label.setText(self.describe(state))
        self.sync_button.setEnabled(state.enrolled and not self._syncing)

    def describe(self, state: backend.SyncState) -> str:
        if self._syncing:
            text = self.tr("Menyinkronkan…")
        elif not state.enrolled:
            text = self.tr("Belum terdaftar di kantor pusat")
        elif state.offline:
            text = self.tr("Luring")
        elif state.minutes_ago is None:
            text = self.tr("Belum pernah sinkron")
        else:
            text = self.tr("Sinkron {minutes} menit lalu").format(minutes=state.minutes_ago)
        extras = []
        if state.waiting:
            extras.append(self.tr("{count} menunggu").format(count=state.waiting))
        if state.disputed:
            extras.append(self.tr("{count} disengketakan").format(count=state.disputed))
        if extras:
            text += " · " + " · ".join(extras)
        return text

    def sync_now(self) -> None:
        client_factory = self.window_.parts.make_sync_client
        if client_factory is None:
            self.window_.show_message(self.tr("Sinkronisasi tidak tersedia di versi ini."))
            return
        self._syncing = True
        self.sync_button.setEnabled(False)
        if self.status is not None:
            self.label.setText(self.describe(self.status))
        self.window_.runner.io(
            "sync.now",
            backend.sync_now,
            self.window_.parts.ctx,
            client_factory,
            on_done=self._on_synced,
            on_error=self._on_sync_failed,
            owner=self,
        )

    def _on_synced(self, _result: Any) -> None:
        self._syncing = False
        self.refresh()

    def _on_sync_failed(self, error: BaseException) -> None:
        self._syncing = False
        self.window_.show_message(
            self.tr("Sinkronisasi gagal: {error}").format(error=self.window_.lang.error(error))
        )
        self.refresh()
