"""Log in (account and PIN), the lock screen, and switching cashier."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.services.accounts import AccountInfo, AccountStatus
from ewarong_pos.ui.ops import session as session_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button

log = logging.getLogger(__name__)


class LoginView(QWidget):
    """Account and PIN; in lock mode only the PIN of the cashier who locked the till.

    `logged_in` carries the AccountInfo the accounts service returned.
    """

    shows = frozenset({Change.ACCOUNTS, Change.OUTLET})

    def activate(self) -> None:
        self.load()

    logged_in = Signal(object)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setObjectName("LoginView")
        self._locked_username: str | None = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame(self)
        card.setObjectName("LoginCard")
        card.setMaximumWidth(520)
        layout = QVBoxLayout(card)
        self.title = QLabel(self.tr("Masuk ke kasir"), card)
        self.title.setObjectName("Heading")
        self.outlet_label = QLabel("", card)
        self.outlet_label.setObjectName("Subtle")
        layout.addWidget(self.title)
        layout.addWidget(self.outlet_label)
        form = QFormLayout()
        self.account = QComboBox(card)
        self.account.setMinimumHeight(40)
        self.pin = QLineEdit(card)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMinimumHeight(40)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.returnPressed.connect(self.submit)
        self.account_label = QLabel(self.tr("Akun"), card)
        form.addRow(self.account_label, self.account)
        form.addRow(QLabel(self.tr("PIN"), card), self.pin)
        layout.addLayout(form)
        self.notice = Notice(card)
        layout.addWidget(self.notice)
        self.login_button = big_button(self.tr("Masuk"), card, self.submit, role="primary")
        layout.addWidget(self.login_button)
        self.switch_button = big_button(self.tr("Ganti kasir"), card, self.unlock_for_anyone)
        self.switch_button.setVisible(False)
        layout.addWidget(self.switch_button)
        # training mode (ui.training): practice on a made-up outlet, never the real one
        self.training_button = big_button(
            self.tr("Latihan (transaksi tidak nyata)"),
            card,
            self.window_.enter_training,
            "Ctrl+Shift+P",
            scope=self,
        )
        self.training_button.setObjectName("TrainingButton")
        self.training_button.setToolTip(
            self.tr("Berlatih di outlet contoh: tidak pernah disinkronkan, struk bertanda LATIHAN")
        )
        self.training_button.setVisible(not window.parts.training)
        layout.addWidget(self.training_button)
        self.demo_label = QLabel("", card)
        self.demo_label.setObjectName("DemoPins")
        self.demo_label.setWordWrap(True)
        self.demo_label.setVisible(False)
        layout.addWidget(self.demo_label)
        row = QVBoxLayout()
        row.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(row)
        outer.addStretch(2)
        self._accounts: list[AccountStatus] = []

    # data ------------------------------------------------------------------------------

    def load(self) -> None:
        """Fetch the accounts (and the demo's PINs) on the database worker."""
        self.window_.runner.run(
            session_ops.login_screen(self.window_.parts.ctx, self.window_.parts.demo),
            on_done=self._on_loaded,
            owner=self,
        )

    def _on_loaded(self, screen: session_ops.LoginScreen) -> None:
        self._accounts = list(screen.accounts)
        self.account.clear()
        for account in self._accounts:
            role = self._role(account.role)
            label = account.display_name
            if role.lower() not in label.lower() and "(" not in label:
                label += f" ({role})"
            self.account.addItem(label, account.username)
        self.outlet_label.setText(screen.outlet_name)
        if screen.demo_pins:
            if self.window_.parts.training:
                lines = [self.tr("Latihan: PIN untuk mencoba")]
            else:
                lines = [self.tr("Demo: PIN untuk mencoba")]
            lines += [f"{name}: {pin}" for name, pin in screen.demo_pins]
            self.demo_label.setText("\n".join(lines))
            self.demo_label.setVisible(True)
        if self._locked_username:
            self._select(self._locked_username)
        self.pin.setFocus()

    def _role(self, role: str) -> str:
        return {
            "cashier": self.tr("kasir"),
            "manager": self.tr("pengelola"),
            "supervisor": self.tr("pengawas"),
        }.get(role, role)

    def _select(self, username: str) -> None:
        index = self.account.findData(username)
        if index >= 0:
            self.account.setCurrentIndex(index)

    # modes -----------------------------------------------------------------------------

    def lock(self, username: str, display_name: str) -> None:
        """Lock mode: the same cashier comes back with the PIN, or another one logs in."""
        self._locked_username = username
        self.title.setText(self.tr("Terkunci: {name}").format(name=display_name))
        self._select(username)
        self.account.setEnabled(False)
        self.switch_button.setVisible(True)
        self.pin.clear()
        self.notice.clear_notice()
        self.pin.setFocus()

    def unlock_for_anyone(self) -> None:
        """Switch cashier: any account may log in (the session changes hands)."""
        self._locked_username = None
        self.title.setText(self.tr("Masuk ke kasir"))
        self.account.setEnabled(True)
        self.switch_button.setVisible(False)
        self.pin.clear()
        self.notice.clear_notice()
        self.pin.setFocus()

    @property
    def locked(self) -> bool:
        return self._locked_username is not None

    # actions ---------------------------------------------------------------------------

    def submit(self) -> None:
        username = self.account.currentData()
        pin = self.pin.text()
        if not username:
            self.notice.show_notice(self.tr("Pilih akun terlebih dahulu."), "error")
            return
        if not pin:
            self.notice.show_notice(self.tr("Masukkan PIN."), "error")
            return
        self.login_button.setEnabled(False)
        self.window_.runner.run(
            session_ops.authenticate(self.window_.parts.ctx, username, pin),
            on_done=self._on_authenticated,
            on_error=self._on_refused,
            owner=self,
        )

    def _on_authenticated(self, account: AccountInfo) -> None:
        self.login_button.setEnabled(True)
        self.pin.clear()
        self.notice.clear_notice()
        self._locked_username = None
        self.account.setEnabled(True)
        self.switch_button.setVisible(False)
        self.title.setText(self.tr("Masuk ke kasir"))
        self.logged_in.emit(account)

    def _on_refused(self, error: BaseException) -> None:
        self.login_button.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.notice.show_notice(self.window_.lang.error(error), "error")
