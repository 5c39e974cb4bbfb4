"""The drawer's counts on screen: open a shift with a float, hand the drawer over at a
change of cashier, close the shift against what the books expect (issue 15).

`ShiftDialog` counts by denomination (Rupiah notes and coins), shows the total and, on a
close or hand-over, the expected amount and the over/short as the cashier types; a
difference needs a reason, one above the Settings limit the manager's user and PIN.
`ShiftGuard` asks for the count at login: a cashier with no shift open on this till opens
one; a cashier finding another cashier's shift open takes the drawer over.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core import cash
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services.accounts import AccountInfo
from ewarong_pos.services.shifts import ShiftCloseView, ShiftStanding
from ewarong_pos.ui.ops import shifts as shift_ops
from ewarong_pos.ui.widgets import Notice, NumberBox

log = logging.getLogger(__name__)

MODES = ("open", "handover", "close")


class ShiftDialog(QDialog):
    """Count the drawer by denomination; `mode` is open, handover or close."""

    done_ok = Signal(object)  # the service's result
    approvers_loaded = Signal()

    def __init__(
        self, window: Any, mode: str, standing: ShiftStanding | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent or window)
        assert mode in MODES
        self.window_ = window
        self.mode = mode
        self.standing = standing
        titles = {
            "open": self.tr("Buka shift: hitung modal awal"),
            "handover": self.tr("Serah terima laci kas"),
            "close": self.tr("Tutup shift: hitung laci kas"),
        }
        self.setWindowTitle(titles[mode])
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        if mode == "open":
            intro.setText(self.tr("Hitung uang di laci per pecahan sebelum mulai berjualan."))
        elif mode == "handover" and standing is not None:
            intro.setText(
                self.tr(
                    "Laci kas masih di shift {name}. Hitung bersama; hitungan ini menutup "
                    "shift itu dan menjadi modal awal shift Anda."
                ).format(name=standing.shift.cashier_name)
            )
        else:
            intro.setText(self.tr("Hitung uang di laci per pecahan."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.pieces: dict[str, NumberBox] = {}
        for i, d in enumerate(cash.DENOMINATIONS):
            label = QLabel(
                (self.tr("{value} (koin)") if d.coin else "{value}").format(
                    value=f"{d.value:,}".replace(",", ".")
                ),
                self,
            )
            box = NumberBox(self)
            box.setRange(0, cash.MAX_PIECES)
            box.setObjectName(f"pieces_{d.key}")
            box.valueChanged.connect(self._update)
            self.pieces[d.key] = box
            row, col = i % 7, (i // 7) * 2
            grid.addWidget(label, row, col)
            grid.addWidget(box, row, col + 1)
        layout.addLayout(grid)
        self.total = QLabel(self)
        self.difference = QLabel(self)
        layout.addWidget(self.total)
        layout.addWidget(self.difference)
        form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(cash.REASON_LIMIT)
        self.manager = QComboBox(self)  # the managers by name: nobody types a user name
        self.manager.addItem(self.tr("(tidak perlu)"), "")
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        if mode != "open":
            form.addRow(self.tr("Alasan selisih"), self.reason)
            form.addRow(self.tr("Pengelola (jika selisih di atas batas)"), self.manager)
            window.runner.run(
                shift_ops.approvers(window.parts.ctx), on_done=self._on_approvers, owner=self
            )
            form.addRow(self.tr("PIN pengelola"), self.pin)
        else:  # a float has no expected amount: no difference, no reason, no approval
            for unused in (self.reason, self.manager, self.pin):
                unused.hide()
        layout.addLayout(form)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Simpan hitungan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Nanti"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _on_approvers(self, people: list[tuple[str, str]]) -> None:
        for username, name in people:
            self.manager.addItem(name, username)
        self.approvers_loaded.emit()

    def choose_manager(self, username: str) -> None:
        self.manager.setCurrentIndex(max(0, self.manager.findData(username)))

    def counts(self) -> dict[str, int]:
        return {key: box.value() for key, box in self.pieces.items() if box.value()}

    def set_counts(self, counts: dict[str, int]) -> None:
        for key, box in self.pieces.items():
            box.setValue(counts.get(key, 0))

    def _update(self) -> None:
        rp = self.window_.lang.rp
        total = cash.count_total(self.counts())
        self.total.setText(self.tr("Jumlah dihitung: {total}").format(total=rp(total)))
        if self.mode != "open" and self.standing is not None:
            diff = total - self.standing.expected
            self.difference.setText(
                self.tr(
                    "Seharusnya {expected} (modal {float} + tunai {sales} - batal {voids}); "
                    "selisih {diff}"
                ).format(
                    expected=rp(self.standing.expected),
                    float=rp(self.standing.shift.float_total),
                    sales=rp(self.standing.cash_sales),
                    voids=rp(-self.standing.cash_voids),
                    diff=rp(diff),
                )
            )

    def submit(self) -> None:
        ctx = self.window_.parts.ctx
        actor = self.window_.account
        if actor is None:
            return
        who = str(self.manager.currentData() or "")
        manager = (who, self.pin.text()) if who else None
        if self.mode == "open":
            job: Any = shift_ops.open_shift(ctx, actor.id, self.counts())
        elif self.mode == "close":
            job = shift_ops.close_shift(ctx, actor.id, self.counts(), self.reason.text(), manager)
        else:
            job = shift_ops.hand_over(ctx, actor.id, self.counts(), self.reason.text(), manager)
        self.buttons.setEnabled(False)
        self.window_.runner.run(job, on_done=self._on_done, on_error=self._on_error, owner=self)

    def _on_done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.pin.clear()
        self.done_ok.emit(result)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.pin.clear()
        self.notice.show_notice(self.window_.lang.error(error), "error")
        self.adjustSize()  # room for the message: the count fields keep their height


class ShiftGuard(QObject):
    """At login: a cashier counts the float, or takes another cashier's drawer over."""

    dialog_shown = Signal(object)
    said = Signal(str)  # what the guard told the status bar (report printed, day closed)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: ShiftDialog | None = None
        self.closed_box: QMessageBox | None = None
        window.session_changed.connect(self._on_window_session_changed)

    def _on_window_session_changed(self, account: AccountInfo | None) -> None:
        if account is None or account.role != "cashier":
            return  # the manager approves; the cashier holds the drawer
        self.window_.runner.run(
            shift_ops.shift_state(self.window_.parts.ctx),
            on_done=lambda state: self._on_state(account, *state),
            owner=self,
        )

    def _on_state(self, account: AccountInfo, standing: ShiftStanding | None, day: Any) -> None:
        if standing is not None and standing.shift.cashier == account.username:
            return
        if day.closed:  # no count to make: no sale can be made on a closed day
            closed = DomainError(
                "day.closed",
                date=day.day.isoformat(),
                next=(day.day + dt.timedelta(days=1)).isoformat(),
            )
            text = self.window_.lang.error(closed)
            # said where it cannot be missed (the status bar cuts a long line)
            self.closed_box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Hari sudah ditutup"),
                text,
                parent=self.window_,
            )
            self.closed_box.open()
            self._said(text)
            return
        self.show_dialog("open" if standing is None else "handover", standing)

    def show_dialog(self, mode: str, standing: ShiftStanding | None) -> ShiftDialog:
        self.dialog = ShiftDialog(self.window_, mode, standing)
        self.dialog.done_ok.connect(self._on_dialog_done_ok)
        self.dialog.open()
        self.dialog_shown.emit(self.dialog)
        return self.dialog

    def _on_dialog_done_ok(self, result: object) -> None:
        """A closed shift (at the end or at a hand-over): its report goes to the printer."""
        closed = result[0] if isinstance(result, tuple) else result
        if not isinstance(closed, ShiftCloseView):
            return
        self.window_.runner.run(
            shift_ops.print_shift_report(self.window_.parts.ctx, closed.shift.shift_id),
            on_done=lambda _r: self._said(self.tr("Laporan shift dicetak")),
            on_error=lambda e: self._said(
                self.tr("Laporan shift tidak tercetak: {error}").format(
                    error=self.window_.lang.error(e)
                )
            ),
            owner=self,
        )

    def _said(self, text: str) -> None:
        self.said.emit(text)
        self.window_.statusBar().showMessage(text, 8000)

    def close_shift(self) -> None:
        """From the menu: count the drawer and close the shift."""
        self.window_.runner.run(
            shift_ops.current_shift(self.window_.parts.ctx),
            on_done=self._on_close_standing,
            owner=self,
        )

    def _on_close_standing(self, standing: ShiftStanding | None) -> None:
        if standing is None:
            self.window_.statusBar().showMessage(self.tr("Tidak ada shift yang buka"), 5000)
            return
        self.show_dialog("close", standing)
