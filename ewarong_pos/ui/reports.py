"""Reports on screen and exported to PDF/CSV: day closing, month, unredeemed, stock card, signals.

The figures come from services.reports (frozen dataclasses); the PDF and CSV renderers
of the printing package write the files, on the I/O pool, into DATA_DIR/exports.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.dates import format_datetime
from ewarong_pos.services.backup import BackupResult
from ewarong_pos.services.day import DayCloseResult
from ewarong_pos.ui.ops import backup as backup_ops
from ewarong_pos.ui.ops import reports as reports_ops
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, big_button, fill_table, make_table

log = logging.getLogger(__name__)

# headers, rows, right-aligned columns, title, summary
STRETCH = {"daily": 1, "monthly": 1, "unredeemed": 1, "stock": 2, "signals": 2}
Layout = tuple[list[str], list[list[Any]], tuple[int, ...], str, str]


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class ReportsView(QWidget):
    report_shown = Signal(str, int)  # kind, rows
    exported = Signal(str)  # path
    day_closed = Signal(object)
    next_day_opened = Signal(object)
    day_backup_done = Signal(object)  # backup.BackupResult, or the exception

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.report: reports_ops.Report | None = None
        self.report_kind = ""
        self.options: reports_ops.ReportOptions | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Penutupan hari"), "daily")
        self.kind.addItem(self.tr("Distribusi bulanan"), "monthly")
        self.kind.addItem(self.tr("Keluarga belum menebus"), "unredeemed")
        self.kind.addItem(self.tr("Kartu stok"), "stock")
        self.kind.addItem(self.tr("Sinyal kecurangan (30 hari)"), "signals")
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.period = QComboBox(self)
        self.product = QComboBox(self)
        self.show_button = big_button(self.tr("Tampilkan"), self, self.show_report, "F5")
        bar.addWidget(QLabel(self.tr("Laporan"), self))
        bar.addWidget(self.kind, 2)
        bar.addWidget(self.day)
        bar.addWidget(self.period, 1)
        bar.addWidget(self.product, 2)
        bar.addWidget(self.show_button)
        layout.addLayout(bar)
        self.title = QLabel("", self)
        self.title.setObjectName("Heading")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = make_table(self, [""], stretch=0)
        layout.addWidget(self.table, 1)
        self.notice = Notice(self)
        layout.addWidget(self.notice)
        buttons = QHBoxLayout()
        self.pdf_button = big_button(
            self.tr("Ekspor PDF"), self, lambda: self.export("pdf"), "Ctrl+E"
        )
        self.csv_button = big_button(
            self.tr("Ekspor CSV"), self, lambda: self.export("csv"), "Ctrl+Shift+E"
        )
        self.close_day_button = big_button(
            self.tr("Tutup hari"), self, self.close_day, "Ctrl+Shift+D", role="primary"
        )
        # the manager opens the next business day after a close (issue 15)
        self.open_day_button = big_button(
            self.tr("Buka hari berikutnya"), self, self.open_next_day, "Ctrl+Shift+O"
        )
        # the manager's clock correction after a clock that was ahead is set right (issue
        # 17); K as in its label, Koreksi, beside the day's D (close) and O (open next)
        self.clock_button = big_button(
            self.tr("Koreksi jam"), self, self.correct_clock, "Ctrl+Shift+K"
        )
        self.clock_dialog: Any = None
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_day_button)
        # the manager's rarer day actions on a row of their own: with the clock correction
        # beside them one row needed 1151 px (1193 in English), more than the smallest
        # window's 1040 (tests/ui/test_layout.py)
        rare = QHBoxLayout()
        rare.addStretch(1)
        rare.addWidget(self.clock_button)
        rare.addWidget(self.open_day_button)
        layout.addLayout(rare)
        layout.addLayout(buttons)
        self._set_report(None, "")
        self._on_kind_current_index_changed()

    # options ---------------------------------------------------------------------------

    def activate(self) -> None:
        self.window_.runner.run(
            reports_ops.report_options(self.window_.parts.ctx),
            on_done=self._on_options,
            owner=self,
        )

    def _on_options(self, options: reports_ops.ReportOptions) -> None:
        self.options = options
        today = options.today
        self.day.setDate(QDate(today.year, today.month, today.day))
        current_period = self.period.currentData()
        self.period.clear()
        for code in options.periods:
            self.period.addItem(self.window_.lang.period(code), code)
        index = self.period.findData(current_period)
        self.period.setCurrentIndex(index if index >= 0 else max(0, self.period.count() - 1))
        self.product.clear()
        for sku, name in options.products:
            self.product.addItem(name, sku)

    def _on_kind_current_index_changed(self, *_args: Any) -> None:
        kind = self.kind.currentData()
        self.day.setVisible(kind in ("daily", "signals", "stock"))
        self.period.setVisible(kind in ("monthly", "unredeemed"))
        self.product.setVisible(kind == "stock")
        self.close_day_button.setVisible(kind == "daily")
        self.open_day_button.setVisible(kind == "daily")
        self.clock_button.setVisible(kind == "daily")

    def select_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _day(self) -> dt.date:
        q = self.day.date()
        return dt.date(q.year(), q.month(), q.day())

    def _request(self) -> reports_ops.ReportRequest:
        return reports_ops.ReportRequest(
            kind=str(self.kind.currentData()),
            day=self._day(),
            period=str(self.period.currentData() or ""),
            sku=str(self.product.currentData() or ""),
            lang=self.window_.lang.code,
        )

    # showing ---------------------------------------------------------------------------

    def show_report(self) -> None:
        request = self._request()
        self.notice.clear_notice()
        self.window_.runner.run(
            reports_ops.build_report(self.window_.parts.ctx, request),
            on_done=lambda report: self._set_report(report, request.kind),
            on_error=self._on_error,
            owner=self,
        )

    def _set_report(self, report: reports_ops.Report | None, kind: str) -> None:
        self.report, self.report_kind = report, kind
        has = report is not None
        self.pdf_button.setEnabled(has)
        self.csv_button.setEnabled(has)
        if not has:
            self.title.setText(self.tr("Pilih laporan, lalu Tampilkan."))
            self.summary.setText("")
            self.table.setColumnCount(0)
            self.table.setRowCount(0)
            return
        headers, rows, numeric, title, summary = getattr(self, f"_layout_{kind}")(report)
        self.title.setText(title)
        self.summary.setText(summary)
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        header = self.table.horizontalHeader()
        for col in range(len(headers)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if col == STRETCH.get(kind, 1):
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(col, mode)
        fill_table(self.table, rows, align_right=numeric)
        self.report_shown.emit(kind, len(rows))

    def _when(self, moment: dt.datetime | None) -> str:
        return format_datetime(moment, self.window_.lang.code) if moment else ""

    def _layout_daily(self, r: Any) -> Layout:
        lang = self.window_.lang
        kinds = {
            "redemption": self.tr("Penebusan voucher"),
            "cash": self.tr("Penjualan tunai"),
            "void": self.tr("Pembatalan"),
        }
        rows: list[list[Any]] = []
        for k in r.by_kind:
            rows.append([self.tr("Jenis"), kinds.get(k.kind, k.kind), k.count, lang.rp(k.total)])
        for p in r.by_product:
            rows.append(
                [self.tr("Barang"), p.name, lang.qty(p.qty_milli, p.unit), lang.rp(p.total)]
            )
        for m in r.by_month:
            rows.append(
                [self.tr("Voucher"), lang.period(m.period),
                 self.tr("{n} keluarga").format(n=m.families), lang.rp(m.amount)]
            )  # fmt: skip
        for v in r.voids:
            rows.append(
                [self.tr("Batal"), f"{v.receipt_no} → {v.voided_receipt_no} ({v.reason})",
                 v.approved_by, lang.rp(v.total)]
            )  # fmt: skip
        for c in getattr(r, "cashiers", ()):
            rows.append(
                [self.tr("Kasir"), c.name,
                 self.tr("{n} voucher, {m} tunai").format(n=c.redemptions, m=c.cash_sales),
                 lang.rp(c.redemption_total + c.cash_total)]
            )  # fmt: skip
        headers = [self.tr("Bagian"), self.tr("Uraian"), self.tr("Jumlah"), self.tr("Nilai")]
        title = self.tr("Penutupan hari {date}").format(date=lang.date(r.business_date))
        receipts = (
            f"{r.first_receipt} – {r.last_receipt}" if r.first_receipt else self.tr("tidak ada")
        )
        summary = self.tr(
            "Total bersih {net} · uang tunai di laci {cash} · struk {receipts} · {state}"
        ).format(
            net=lang.rp(r.net_total),
            cash=lang.rp(r.cash_expected),
            receipts=receipts,
            state=self.tr("sudah ditutup") if r.closed else self.tr("belum ditutup"),
        )
        served = getattr(r, "families_served", None)
        if served is not None:
            summary += " · " + self.tr("{n} keluarga dilayani").format(n=served)
        missing = getattr(r, "missing_receipts", ())
        if missing:
            summary += "\n" + self.tr("Nomor struk hilang: {numbers}").format(
                numbers=", ".join(str(n) for n in missing[:20])
            )
        return headers, rows, (2, 3), title, summary

    def _family_rows(self, families: Any) -> list[list[Any]]:
        lang = self.window_.lang
        statuses = {
            "active": self.tr("aktif"),
            "suspended": self.tr("ditangguhkan"),
            "removed": self.tr("dikeluarkan"),
        }
        return [
            [f.dtks_id, f.name, f.card, lang.rp(f.entitlement), lang.rp(f.redeemed),
             lang.rp(f.remaining), f.transactions, statuses.get(f.status, f.status)]
            for f in families
        ]  # fmt: skip

    def _family_headers(self) -> list[str]:
        return [
            self.tr("ID DTKS"), self.tr("Nama"), self.tr("Kartu"), self.tr("Hak"),
            self.tr("Ditebus"), self.tr("Sisa"), self.tr("Transaksi"), self.tr("Status"),
        ]  # fmt: skip

    def _layout_monthly(self, r: Any) -> Layout:
        lang = self.window_.lang
        title = self.tr("Distribusi bulan {month}").format(month=lang.period(r.period))
        summary = self.tr(
            "{collected} dari {families} keluarga sudah memakai voucher bulan ini · hak {total}"
            " · ditebus {redeemed} · sisa {remaining}"
        ).format(
            collected=r.collected_count,
            families=len(r.families),
            total=lang.rp(r.total_entitlement),
            redeemed=lang.rp(r.total_redeemed),
            remaining=lang.rp(r.total_remaining),
        )
        return self._family_headers(), self._family_rows(r.families), (3, 4, 5, 6), title, summary

    def _layout_unredeemed(self, r: Any) -> Layout:
        lang = self.window_.lang
        missing = r.not_collected
        title = self.tr("Keluarga belum menebus — {month}").format(month=lang.period(r.period))
        summary = self.tr("{count} keluarga belum menebus voucher bulan ini.").format(
            count=len(missing)
        )
        return self._family_headers(), self._family_rows(missing), (3, 4, 5, 6), title, summary

    def _layout_stock(self, r: Any) -> Layout:
        lang = self.window_.lang
        rows = [
            [self._when(line.at), line.kind, line.reference, lang.qty(line.qty_milli, r.unit),
             lang.qty(line.balance_milli, r.unit)]
            for line in r.lines
        ]  # fmt: skip
        headers = [
            self.tr("Waktu"), self.tr("Jenis"), self.tr("Referensi"), self.tr("Masuk/keluar"),
            self.tr("Saldo"),
        ]  # fmt: skip
        title = self.tr("Kartu stok: {product}").format(product=r.name)
        summary = self.tr("Saldo awal {opening}").format(opening=lang.qty(r.opening_milli, r.unit))
        return headers, rows, (3, 4), title, summary

    def _layout_signals(self, r: Any) -> Layout:
        lang = self.window_.lang
        rows = [[s.severity, s.subject, s.detail, self._when(s.at)] for s in r.lines]
        headers = [self.tr("Tingkat"), self.tr("Tentang"), self.tr("Rincian"), self.tr("Waktu")]
        title = self.tr("Sinyal kecurangan {start} – {end}").format(
            start=lang.date(r.date_from), end=lang.date(r.date_to)
        )
        summary = (
            self.tr("{count} sinyal perlu diperiksa.").format(count=len(rows))
            if rows
            else self.tr("Tidak ada sinyal.")
        )
        return headers, rows, (), title, summary

    # export and closing ----------------------------------------------------------------

    def export(self, fmt: str) -> None:
        if self.report is None:
            return
        self.window_.runner.run(
            reports_ops.export_report(
                self.window_.parts.ctx.data_dir.root,
                self.report,
                self.report_kind,
                fmt,
                self.window_.lang.code,
            ),
            on_done=self._on_exported,
            on_error=self._on_error,
            owner=self,
        )

    def _on_exported(self, path: str) -> None:
        self.notice.show_notice(self.tr("Disimpan: {path}").format(path=path), "ok")
        self.exported.emit(path)

    def close_day(self) -> None:
        """The manager closes the day after a confirmation that shows the day's figures
        (the engine refuses a cashier, an open shift and an open cart, in words)."""
        if self.window_.account is None:
            return
        from ewarong_pos.ui.ops import shifts as shift_ops

        self.window_.runner.run(
            shift_ops.day_figures(self.window_.parts.ctx),
            on_done=self._confirm_close,
            on_error=self._on_error,
            owner=self,
        )

    def open_next_day(self) -> None:
        if self.window_.account is None:
            return
        from ewarong_pos.ui.ops import shifts as shift_ops

        self.window_.runner.run(
            shift_ops.open_next_day(self.window_.parts.ctx, self.window_.account.id),
            on_done=self._on_next_day_opened,
            on_error=self._on_error,
            owner=self,
        )

    def correct_clock(self) -> None:
        from ewarong_pos.ui.ops import shifts as shift_ops

        self.window_.runner.run(
            shift_ops.clock_state(self.window_.parts.ctx),
            on_done=self._on_clock_state,
            on_error=self._on_error,
            owner=self,
        )

    def _on_clock_state(self, state: Any) -> None:
        from ewarong_pos.ui.clock import ClockDialog

        behind, approvers = state
        if behind is None:
            self.notice.show_notice(
                self.tr(
                    "Jam PC tidak di belakang catatan terakhir: tidak ada yang perlu dikoreksi."
                ),
                "info",
            )
            return
        dialog = ClockDialog(self.window_, behind, approvers, self)
        dialog.accepted.connect(lambda: self._on_clock_dialog_accepted(dialog))
        self.clock_dialog = dialog
        dialog.open()

    def _on_clock_dialog_accepted(self, dialog: Any) -> None:
        from ewarong_pos.ui.ops import shifts as shift_ops

        manager, pin, reason = dialog.values()
        self.window_.runner.run(
            shift_ops.correct_clock(self.window_.parts.ctx, manager, pin, reason),
            on_done=self._on_clock_corrected,
            on_error=lambda e: self._on_clock_refused(dialog, e),
            owner=self,
        )

    def _on_clock_refused(self, dialog: Any, error: BaseException) -> None:
        # keep the reason; the manager types the PIN again (or closes and fixes the clock)
        dialog.show_error(self.window_.lang.error(error))
        dialog.pin.clear()
        dialog.open()
        dialog.pin.setFocus()

    def _on_clock_corrected(self, done: Any) -> None:
        self.notice.show_notice(
            self.tr(
                "Koreksi jam dicatat (#{seq}, disetujui {who}). Transaksi berikutnya memakai "
                "jam PC sekarang."
            ).format(seq=done.seq, who=done.approved_by),
            "ok",
        )
        if self.clock_dialog is not None:
            self.clock_dialog.deleteLater()
            self.clock_dialog = None

    def _on_next_day_opened(self, opened: Any) -> None:
        self.notice.show_notice(
            self.tr("Hari usaha {date} dibuka.").format(date=self.window_.lang.date(opened.day)),
            "ok",
        )
        self.day.setDate(QDate(opened.day.year, opened.day.month, opened.day.day))
        self.next_day_opened.emit(opened)

    def _cart_lines(self) -> int:
        counter = getattr(self.window_, "views", {}).get("counter")
        cart = getattr(counter, "cart", None)
        return len(getattr(cart, "items", None) or [])

    def _confirm_close(self, summary: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        lang = self.window_.lang
        if summary.closed is not None:  # nothing to confirm: say so, in words
            from ewarong_pos.core.errors import DomainError

            self._on_error(
                DomainError(
                    "day.already_closed",
                    date=lang.date(summary.business_date),
                    closed_at=format_datetime(_utc(summary.closed.closed_at), lang.code),
                )
            )
            return
        lines = [
            self.tr(
                "Tutup hari {date}? Setelah ditutup tidak ada transaksi yang dapat dicatat "
                "untuk hari ini."
            ).format(date=lang.date(summary.business_date)),
            "",
        ]
        from ewarong_pos.printing.labels import Labels

        names = Labels.for_lang(lang.code)
        for k in summary.kinds:
            lines.append(f"{names.kind_name(k.kind)}: {k.count} - {lang.rp(k.total)}")
        lines.append(
            self.tr("Uang tunai seharusnya: {cash}").format(cash=lang.rp(summary.cash_expected))
        )
        lines.append(
            self.tr("Bantuan ditebus (bersih): {net}").format(net=lang.rp(summary.redeemed_net))
        )
        for x in summary.shifts:
            counted = lang.rp(x.counted) if x.counted is not None else self.tr("masih buka")
            line = self.tr("Shift {name}: seharusnya {expected}, dihitung {counted}").format(
                name=x.cashier_name, expected=lang.rp(x.expected), counted=counted
            )
            if x.over_short:
                line += " " + self.tr("(selisih {diff})").format(diff=lang.rp(x.over_short))
            lines.append(line)
        self.confirm_dialog = QMessageBox(self)
        self.confirm_dialog.setWindowTitle(self.tr("Tutup hari"))
        self.confirm_dialog.setText("\n".join(lines))
        self.confirm_dialog.setStandardButtons(
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
        )
        self.confirm_dialog.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_dialog.button(QMessageBox.StandardButton.Ok).setText(self.tr("Tutup hari"))
        self.confirm_dialog.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.confirm_dialog.accepted.connect(lambda: self._close_confirmed(summary.business_date))
        self.confirm_dialog.open()

    def _close_confirmed(self, day: dt.date) -> None:
        if self.window_.account is None:
            return
        self.window_.runner.run(
            reports_ops.close_day(
                self.window_.parts.ctx, self.window_.account.id, day, self._cart_lines()
            ),
            on_done=self._on_day_closed,
            on_error=self._on_error,
            owner=self,
        )

    def _on_day_closed(self, result: DayCloseResult) -> None:
        self.notice.show_notice(
            self.tr("Hari {date} ditutup.").format(date=self.window_.lang.date(self._day())), "ok"
        )
        self.select_kind("daily")
        self.show_report()
        self.day_closed.emit(result)
        self._backup_after_close(self._day())

    def _backup_after_close(self, day: dt.date) -> None:
        """A checked backup after the closing, off the GUI thread; a failed backup never
        undoes the closing (it is committed): it only says why, e.g. no USB stick."""
        closed = self.tr("Hari {date} ditutup.").format(date=self.window_.lang.date(day))
        if self.window_.parts.training:  # practice data are never backed up
            return
        self.notice.show_notice(closed + " " + self.tr("Mencadangkan…"), "ok")
        self.window_.runner.run(
            backup_ops.backup_now(
                self.window_.parts.ctx,
                "day_close",
                None,
                name="reports.day_backup",
            ),
            on_done=lambda r: self._on_day_backup(closed, r, None),
            on_error=lambda e: self._on_day_backup(closed, None, e),
            owner=self,
        )

    def _on_day_backup(
        self, closed: str, result: BackupResult | None, error: BaseException | None
    ) -> None:

        self.window_.backup_finished(result, error)
        if error is None and result is not None:
            assert result is not None
            # Said to the manager in words; the file and the journal number go to the log
            # (and the report's footer), not on screen (issue 15).
            log.info("day-close backup %s (journal #%d)", result.path, result.last_seq)
            text = self.tr("Cadangan ditulis dan diperiksa.")
            if not result.recoverable:
                text += " " + self.tr(
                    "Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini."
                )
            self.notice.show_notice(closed + " " + text, "ok")
        elif error is not None:
            self.notice.show_notice(
                closed
                + " "
                + self.tr("Cadangan GAGAL: {error}").format(error=self.window_.lang.error(error)),
                "warn",
            )
        self.day_backup_done.emit(result if error is None else error)

    def _on_error(self, error: BaseException) -> None:
        self.notice.show_notice(self.window_.lang.error(error), "error")
