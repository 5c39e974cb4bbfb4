"""Cash sale to the public: the same price list, money tendered and change given."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ewarong_pos.core.money import parse_rupiah
from ewarong_pos.ui.cart_panel import CartPanel
from ewarong_pos.ui.ops import counter as counter_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.ops.printing import Committed
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button

log = logging.getLogger(__name__)


class CashSaleView(QWidget):
    shows = frozenset({Change.CATALOG})
    sale_committed = Signal(object)
    preview_ready = Signal(object)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.preview: Any = None
        self._sale_uuid = str(uuid.uuid4())
        self._seq = 0
        self._committing = False
        layout = QVBoxLayout(self)
        self.cart = CartPanel(self.window_, self)
        self.cart.setTitle(self.tr("Penjualan tunai (umum)"))
        self.cart.cart_changed.connect(self._request_preview)
        layout.addWidget(self.cart, 1)
        row = QHBoxLayout()
        self.tendered_label = QLabel(self.tr("Uang diterima"), self)
        self.tendered = QLineEdit(self)
        self.tendered.setPlaceholderText(self.tr("mis. 50.000"))
        self.tendered.setMaximumWidth(220)
        self.tendered.textChanged.connect(self._request_preview)
        self.tendered.returnPressed.connect(self.confirm)
        self.change = QLabel("", self)
        self.change.setObjectName("Remaining")
        row.addWidget(self.tendered_label)
        row.addWidget(self.tendered)
        row.addWidget(self.change, 1)
        layout.addLayout(row)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.clear_button = big_button(self.tr("Kosongkan"), self, self.reset, "Ctrl+N")
        self.confirm_button = big_button(
            self.tr("Bayar tunai"), self, self.confirm, "F12", role="primary"
        )
        self.confirm_button.setMinimumHeight(56)
        self.confirm_button.setEnabled(False)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.confirm_button, 2)
        layout.addLayout(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.confirm)

    def activate(self) -> None:
        self.window_.runner.run(
            counter_ops.product_list(self.window_.parts.ctx),
            on_done=self.cart.set_products,
            owner=self,
        )
        self.cart.qty.setFocus()

    def on_session_changed(self, _account: Any) -> None:
        self.reset()

    def reset(self) -> None:
        self._sale_uuid = str(uuid.uuid4())
        self.preview = None
        self.tendered.clear()
        self.cart.clear()
        self.change.setText("")

    def _tendered(self) -> int | None:
        text = self.tendered.text().strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except ValueError:
            return None

    def _request_preview(self) -> None:
        lines = self.cart.lines()
        self.confirm_button.setEnabled(False)
        if not lines:
            self.preview = None
            self.change.setText("")
            self.notice.clear_notice()
            return
        self._seq += 1
        seq = self._seq
        self.window_.runner.run(
            counter_ops.check_cart(self.window_.parts.ctx, None, lines, self._tendered()),
            on_done=lambda check: self._on_preview(seq, check),
            on_error=self._on_error,
            owner=self,
        )

    def _on_preview(self, seq: int, check: Any) -> None:
        if seq != self._seq:
            return
        self.preview = check
        lang = self.window_.lang
        self.cart.show_preview(check)
        if check.change is not None:
            self.change.setText(self.tr("Kembalian: {change}").format(change=lang.rp(check.change)))
        else:
            self.change.setText("")
        if check.problems:
            self.notice.show_notice(
                "\n".join(p.message(lang.code) for p in check.problems), "error"
            )
        elif check.cash_tendered is None:
            self.notice.show_notice(self.tr("Masukkan uang yang diterima."), "info")
        else:
            self.notice.clear_notice()
        self.confirm_button.setEnabled(
            not check.problems and check.cash_tendered is not None and not self._committing
        )
        self.preview_ready.emit(check)

    def confirm(self) -> None:
        tendered = self._tendered()
        if not self.confirm_button.isEnabled() or tendered is None or self._committing:
            return
        if self.preview is None:
            return
        self._committing = True
        self.confirm_button.setEnabled(False)
        self.window_.runner.run(
            counter_ops.sell_cash_and_queue(
                self.window_.parts.ctx,
                self.window_.actor().id,
                self.cart.lines(),
                tendered,
                self._sale_uuid,
                self.preview.total,
            ),
            on_done=self._on_committed,
            on_error=self._on_commit_failed,
            owner=self,
        )

    def _on_committed(self, done: Committed) -> None:
        result = done.sale  # its receipt was queued by the same database job
        self._committing = False
        lang = self.window_.lang
        message = self.tr("Tersimpan: struk {receipt}, total {total}, kembalian {change}.").format(
            receipt=result.receipt_no,
            total=lang.rp(result.total),
            change=lang.rp(result.change or 0),
        )
        self.reset()
        self.notice.show_notice(message, "ok")
        self.window_.print_committed(done)
        self.sale_committed.emit(result)

    def _on_commit_failed(self, error: BaseException) -> None:
        self._committing = False
        self._on_error(error)
        self._request_preview()

    def _on_error(self, error: BaseException) -> None:
        self.notice.show_notice(self.window_.lang.error(error), "error")
