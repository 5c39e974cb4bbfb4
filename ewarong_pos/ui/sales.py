"""Today's transactions: the receipt shown, reprint (a copy), and void with a manager's PIN."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.dates import format_datetime, parse_iso
from ewarong_pos.services.accounts import AccountStatus
from ewarong_pos.services.sales import SaleResult, SaleSummary
from ewarong_pos.ui.ops import printing as printing_ops
from ewarong_pos.ui.ops import sales as sales_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import (
    ApprovalDialog,
    Notice,
    big_button,
    fill_table,
    make_table,
    selected_data,
)

log = logging.getLogger(__name__)


class VoidDialog(ApprovalDialog):
    """The manager approves a void with their own PIN, and a reason is written down."""

    def __init__(
        self, window: Shell, sale: SaleSummary, managers: list[AccountStatus], parent: QWidget
    ) -> None:
        super().__init__(parent, [(a.username, a.display_name) for a in managers])
        self.window_ = window
        self.setWindowTitle(self.tr("Pembatalan transaksi"))
        self.intro.setText(
            self.tr(
                "Batalkan struk {receipt} senilai {total}? Perlu persetujuan pengelola."
            ).format(receipt=sale.receipt_no, total=window.lang.rp(sale.total))
        )
        self.reason.setPlaceholderText(self.tr("mis. salah jumlah beras"))
        self.ok_button.setText(self.tr("Batalkan transaksi"))
        self.reason_missing = self.tr("Tulis alasan pembatalan.")
        self.pin.setFocus()


class SalesView(QWidget):
    """Transaksi: today's sales, the receipt preview, reprint and void."""

    shows = frozenset({Change.SALES, Change.OUTLET})

    sale_voided = Signal(object)
    sales_loaded = Signal(int)

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.sales: list[SaleSummary] = []
        self.void_dialog: VoidDialog | None = None
        self._select_after_load: str | None = None  # a receipt to show once reloaded
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.heading = QLabel(self.tr("Transaksi hari ini"), self)
        self.heading.setObjectName("Heading")
        left.addWidget(self.heading)
        self.table = make_table(
            self,
            [
                self.tr("Struk"),
                self.tr("Jam"),
                self.tr("Jenis"),
                self.tr("Keluarga"),
                self.tr("Total"),
                self.tr("Keterangan"),
            ],
            stretch=3,
        )
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        left.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.refresh_button = big_button(self.tr("Muat ulang"), self, self.activate, "F5")
        self.reprint_button = big_button(self.tr("Cetak ulang"), self, self.reprint, "Ctrl+P")
        self.void_button = big_button(
            self.tr("Batalkan (void)"), self, self.start_void, "Ctrl+Shift+V", role="danger"
        )
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.void_button)
        left.addLayout(buttons)
        self.notice = Notice(self)
        left.addWidget(self.notice)
        layout.addLayout(left, 3)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(QFont("DejaVu Sans Mono", 10))
        # a receipt's lines are the printer's columns: never re-wrapped (at 1040 px the
        # rules and the totals broke onto a second line); a scroll bar instead
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setMinimumWidth(320)
        layout.addWidget(self.preview, 1)

    def activate(self) -> None:
        self.window_.runner.run(
            sales_ops.list_sales(self.window_.parts.ctx, self.window_.parts.ctx.business_date()),
            on_done=self._on_loaded,
            owner=self,
        )

    def _kind(self, kind: str) -> str:
        return {
            "redemption": self.tr("voucher"),
            "cash": self.tr("tunai"),
            "void": self.tr("pembatalan"),
        }.get(kind, kind)

    def _on_loaded(self, sales: list[SaleSummary]) -> None:
        self.sales = list(sales)
        lang = self.window_.lang
        rows = []
        for sale in self.sales:
            note = ""
            if sale.voided_by_receipt_no:
                note = self.tr("dibatalkan oleh {receipt}").format(
                    receipt=sale.voided_by_receipt_no
                )
            elif sale.voids_receipt_no:
                note = self.tr("membatalkan {receipt}").format(receipt=sale.voids_receipt_no)
            time = format_datetime(parse_iso(sale.created_at), lang.code)[-5:]
            rows.append(
                [
                    sale.receipt_no,
                    time,
                    self._kind(sale.kind),
                    sale.family_name or "–",
                    lang.rp(sale.total),
                    note,
                ]
            )
        fill_table(self.table, rows, align_right=(4,), data=self.sales)
        wanted, self._select_after_load = self._select_after_load, None
        if not self.sales:
            self.preview.setPlainText("")
        elif wanted is None or not self.select_receipt(wanted):
            self.table.selectRow(0)
        # The rows were replaced under the selection: when the same row stays selected
        # no selection signal comes, and the preview would keep the old receipt (after a
        # void, the voided sale without its VOID). Ask for the selected receipt again.
        self._show_preview()
        self._update_buttons()
        self.sales_loaded.emit(len(self.sales))

    def selected(self) -> SaleSummary | None:
        found = selected_data(self.table)
        return found if isinstance(found, SaleSummary) else None

    def select_receipt(self, receipt_no: str) -> bool:
        for row, sale in enumerate(self.sales):
            if sale.receipt_no == receipt_no:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        sale = self.selected()
        self.reprint_button.setEnabled(sale is not None)
        self.void_button.setEnabled(
            sale is not None and sale.kind != "void" and not sale.voided_by_receipt_no
        )

    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()
        self._show_preview()

    def _show_preview(self) -> None:
        sale = self.selected()
        if sale is None:
            return
        self.window_.runner.run(
            printing_ops.receipt_text(self.window_.parts.ctx, sale.id, self.window_.lang.code),
            on_done=self.preview.setPlainText,
            on_error=lambda e: self.preview.setPlainText(self.window_.lang.error(e)),
            owner=self,
        )

    def reprint(self) -> None:
        sale = self.selected()
        if sale is None:
            return
        self.window_.print_receipt(sale.id, copy=True)
        self.notice.show_notice(
            # honest: queued; the status bar says printed, or why it waits
            self.tr("Salinan struk {receipt} masuk antrean cetak.").format(receipt=sale.receipt_no),
            "info",
        )

    def start_void(self) -> None:
        sale = self.selected()
        if sale is None or not self.void_button.isEnabled():
            return
        self.window_.runner.run(
            sales_ops.managers(self.window_.parts.ctx),
            on_done=lambda managers: self._open_void_dialog(sale, managers),
            owner=self,
        )

    def _open_void_dialog(self, sale: SaleSummary, managers: list[AccountStatus]) -> None:
        dialog = VoidDialog(self.window_, sale, managers, self)
        dialog.accepted.connect(lambda: self._on_void_dialog_accepted(dialog, sale))
        self.void_dialog = dialog
        dialog.open()

    def _on_void_dialog_accepted(self, dialog: VoidDialog, sale: SaleSummary) -> None:
        manager, pin, reason = dialog.values()
        self.window_.runner.run(
            sales_ops.void_sale(
                self.window_.parts.ctx,
                self.window_.actor().id,
                sale.id,
                manager,
                pin,
                reason,
            ),
            on_done=self._on_voided,
            on_error=lambda e: self._on_void_refused(dialog, e),
            owner=self,
        )

    def _on_void_refused(self, dialog: VoidDialog, error: BaseException) -> None:
        # Keep the dialog's answers; let the manager try the PIN again.
        text = self.window_.lang.error(error)
        self.notice.show_notice(text, "error")
        dialog.show_error(text)
        dialog.pin.clear()
        dialog.open()
        dialog.pin.setFocus()  # the PIN was wrong: the manager types it again, not the reason

    def _on_voided(self, result: SaleResult) -> None:
        lang = self.window_.lang
        self.notice.show_notice(
            self.tr("Dibatalkan dengan struk {receipt} ({total}).").format(
                receipt=result.receipt_no, total=lang.rp(result.total)
            ),
            "ok",
        )
        if self.void_dialog is not None:
            self.void_dialog.deleteLater()
            self.void_dialog = None
        # the list reloads after this job (Change.SALES): it shows the reversing receipt
        self._select_after_load = result.receipt_no
        self.window_.print_receipt(result.sale_id, copy=False)
        self.sale_voided.emit(result)
