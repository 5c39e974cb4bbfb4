"""The set-up screen of a new outlet PC (an empty data folder): language, the office's
address and one-time code (typed, or the office's QR scanned into the scan field), the
outlet's data from the office with a progress bar (or from the office's USB set-up file),
then a printer test and a backup folder; the login follows in the main window.

The work runs off the GUI thread (one `TaskRunner` of its own: the main window does not
exist yet); errors are shown in plain words on the screen, which stays open to try again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.core.errors import DomainError
from ewarong_pos.protocol.setupfile import parse_setup_link
from ewarong_pos.services import setup
from ewarong_pos.services.backup import BackupSettings
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import UI_LANGUAGE
from ewarong_pos.ui.i18n import Language
from ewarong_pos.ui.ops.jobs import DbJob, IoJob
from ewarong_pos.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

LANGUAGE_NAMES = (("id", "Bahasa Indonesia"), ("en", "English"))


class SetupScreen(QDialog):
    """First start: accepted when the outlet is set up (and its extras chosen)."""

    def __init__(self, ctx: Context, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = language
        self.runner = TaskRunner(self)
        ctx.write_runner = self.runner.on_db_worker  # the printer's settings (I/O job)
        self.result_info: setup.SetupResult | None = None
        self.setMinimumWidth(640)
        self.pages = QStackedWidget(self)

        # --- page 1: language and the office -------------------------------------------
        office = QWidget()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.lang_label = QLabel()
        self.lang_box = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.lang_box.addItem(name, code)
        self.lang_box.setCurrentIndex(0 if language.code == "id" else 1)
        self.lang_box.currentIndexChanged.connect(self._on_lang_box_changed)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.scan = QLineEdit()
        self.scan.setObjectName("scan")
        self.scan.returnPressed.connect(self._on_scan_return_pressed)
        self.url = QLineEdit()
        self.url.setObjectName("url")
        self.url.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.plain = QCheckBox()
        self.file = QLineEdit()
        self.file.setObjectName("file")
        self.browse_file = QPushButton()
        self.browse_file.clicked.connect(self._on_browse_file_clicked)
        self.start_online = QPushButton()
        self.start_online.setObjectName("start_online")
        self.start_online.clicked.connect(self._on_start_online_clicked)
        self.start_file = QPushButton()
        self.start_file.setObjectName("start_file")
        self.start_file.clicked.connect(self._on_start_file_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        self.form = form
        form.addRow(self.lang_label, self.lang_box)
        form.addRow(QLabel(), self.scan)
        form.addRow(QLabel(), self.url)
        form.addRow(QLabel(), self.code)
        form.addRow(QLabel(), self.pin)
        form.addRow(QLabel(), self.plain)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file)
        file_row.addWidget(self.browse_file)
        form.addRow(QLabel(), file_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_online)
        buttons.addWidget(self.start_file)
        buttons.addStretch(1)
        layout = QVBoxLayout(office)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.pages.addWidget(office)

        # --- page 2: printer test and backup folder -----------------------------------
        extras = QWidget()
        self.done_title = QLabel()
        self.done_title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.printer = QLineEdit()
        self.printer.setObjectName("printer")
        self.printer.setPlaceholderText(
            "usb://04b8:0e15  ·  cups://Kasir  ·  tcp://192.168.1.50:9100"
        )
        self.test_print = QPushButton()
        self.test_print.setObjectName("test_print")
        self.test_print.clicked.connect(self._on_test_print_clicked)
        self.printer_result = QLabel()
        self.printer_result.setObjectName("printer_result")
        self.printer_result.setWordWrap(True)
        self.backup = QLineEdit()
        self.backup.setObjectName("backup")
        self.browse_backup = QPushButton()
        self.browse_backup.clicked.connect(self._on_browse_backup_clicked)
        self.finish = QPushButton()
        self.finish.setObjectName("finish")
        self.finish.clicked.connect(self._on_finish_clicked)
        self.finish_message = QLabel()
        self.finish_message.setObjectName("finish_message")
        self.finish_message.setWordWrap(True)
        extras_form = QFormLayout()
        self.extras_form = extras_form
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.printer)
        printer_row.addWidget(self.test_print)
        extras_form.addRow(QLabel(), printer_row)
        extras_form.addRow(QLabel(), self.printer_result)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup)
        backup_row.addWidget(self.browse_backup)
        extras_form.addRow(QLabel(), backup_row)
        extras_layout = QVBoxLayout(extras)
        extras_layout.addWidget(self.done_title)
        extras_layout.addWidget(self.done_text)
        extras_layout.addLayout(extras_form)
        extras_layout.addWidget(self.finish_message)
        extras_layout.addStretch(1)
        extras_layout.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(extras)

        # A scanner ends the QR with Enter: it must never press a button by itself.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self._retranslate()
        self.runner.progress.connect(self._on_runner_progress)
        self.scan.setFocus()  # a scanner types where the focus is: the QR field first

    # --- texts -------------------------------------------------------------------------

    def _label(self, form: QFormLayout, row: int, text: str) -> None:
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            item.widget().setText(text)  # type: ignore[union-attr]

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("e-Warong POS — penyiapan awal"))
        self.title.setText(self.tr("Selamat datang di e-Warong POS"))
        self.lang_label.setText(self.tr("Bahasa"))
        self.intro.setText(
            self.tr(
                "PC ini belum berisi data e-Warong. Masukkan alamat kantor pusat dan kode "
                "pendaftaran sekali pakai dari kantor pusat (atau pindai QR-nya), atau pilih "
                "berkas penyiapan dari flashdisk bila tidak ada jaringan."
            )
        )
        for row, text in enumerate(
            (
                self.tr("Bahasa"),
                self.tr("Pindai QR"),
                self.tr("Alamat kantor pusat"),
                self.tr("Kode pendaftaran"),
                self.tr("Sidik jari sertifikat"),
                "",
                self.tr("Berkas penyiapan (USB)"),
            )
        ):
            self._label(self.form, row, text)
        self.scan.setPlaceholderText(self.tr("arahkan pemindai ke QR dari kantor pusat"))
        self.pin.setPlaceholderText(self.tr("SHA-256, dari lembar penyiapan (untuk https://)"))
        self.plain.setText(self.tr("Izinkan http:// tanpa enkripsi (tidak disarankan)"))
        self.browse_file.setText(self.tr("Pilih…"))
        self.start_online.setText(self.tr("Siapkan dari kantor pusat"))
        self.start_file.setText(self.tr("Siapkan dari berkas"))
        self.done_title.setText(self.tr("Data e-Warong sudah siap"))
        self.test_print.setText(self.tr("Cetak halaman tes"))
        self.browse_backup.setText(self.tr("Pilih…"))
        self.finish.setText(self.tr("Selesai, ke layar masuk"))
        for row, text in enumerate((self.tr("Printer struk"), "", self.tr("Folder cadangan"))):
            self._label(self.extras_form, row, text)

    def _on_lang_box_changed(self, _index: int) -> None:
        code = str(self.lang_box.currentData())
        self.language.switch(code)
        self._retranslate()
        if self.result_info is not None:
            self._show_done()

    # --- the office ----------------------------------------------------------------------

    def _on_scan_return_pressed(self) -> None:
        found = parse_setup_link(self.scan.text())
        self.scan.clear()  # the next scan starts afresh
        if found is None:
            self._say(self.tr("Bukan QR penyiapan e-Warong dari kantor pusat."), error=True)
            return
        url, code, pin = found
        self.url.setText(url)
        self.code.setText(code)
        self.pin.setText(pin)
        self._say(self.tr("QR terbaca: periksa alamatnya, lalu tekan Siapkan."))

    def _on_browse_file_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Berkas penyiapan dari kantor pusat"), "", "JSON (*.json);;* (*)"
        )
        if path:
            self.file.setText(path)

    def _busy(self, busy: bool) -> None:
        for widget in (self.start_online, self.start_file, self.url, self.code, self.pin):
            widget.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)  # until the office says how much there is

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")

    def _on_start_online_clicked(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self._say(self.tr("Isi alamat kantor pusat dan kode pendaftaran."), error=True)
            return
        pin, plain = self.pin.text().strip(), self.plain.isChecked()
        report = self.runner.reporter("setup")
        self._busy(True)
        self._say(self.tr("Menghubungi kantor pusat…"))
        self.runner.run(
            DbJob(
                "setup.online",
                lambda: setup.set_up_online(
                    self.ctx, url, code, tls_pin=pin, allow_plain=plain, progress=report
                ),
            ),
            on_done=self._on_set_up,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_start_file_clicked(self) -> None:
        path, code = self.file.text().strip(), self.code.text().strip()
        if not path or not code:
            self._say(self.tr("Pilih berkas penyiapan dan isi kodenya."), error=True)
            return
        report = self.runner.reporter("setup")
        self._busy(True)
        self._say(self.tr("Membuka berkas penyiapan…"))
        self.runner.run(
            DbJob(
                "setup.file",
                lambda: setup.set_up_from_file(self.ctx, Path(path), code, progress=report),
            ),
            on_done=self._on_set_up,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_runner_progress(self, _name: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        if total:
            self._say(self.tr("Mengambil data: {done} dari {total} baris").format(
                done=done, total=total
            ))  # fmt: skip

    def _on_failed(self, error: BaseException) -> None:
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(error, DomainError):
            self._say(error.message(self.language.code), error=True)
        else:
            log.error("set-up failed", exc_info=error)
            self._say(
                self.tr("Penyiapan gagal ({kind}); tidak ada yang rusak, coba lagi.").format(
                    kind=type(error).__name__
                ),
                error=True,
            )

    def _on_set_up(self, result: setup.SetupResult) -> None:
        self.result_info = result
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        with self.ctx.db.write() as s:  # the registry's one upsert (services.settings)
            UI_LANGUAGE.put(s, self.language.code)
        self._show_done()
        self.pages.setCurrentIndex(1)

    def _show_done(self) -> None:
        info = self.result_info
        if info is None:
            return
        text = self.tr(
            "{name} ({code}), kasir {device}: {rows} baris data dari kantor pusat."
        ).format(
            name=info.outlet.name, code=info.outlet.code, device=info.outlet.device_code,
            rows=info.rows,
        )  # fmt: skip
        if info.pinned:
            text += " " + self.tr("Sertifikat kantor pusat disimpan (koneksi terenkripsi).")
        self.done_text.setText(text)

    # --- printer and backup ------------------------------------------------------------

    def _on_test_print_clicked(self) -> None:
        uri = self.printer.text().strip()
        if not uri:
            self.printer_result.setText(self.tr("Isi alamat printer, atau lewati."))
            return
        lang = self.language.code
        self.printer_result.setText(self.tr("Mencetak…"))

        def job() -> None:
            from ewarong_pos.services import printing

            settings = printing.PrinterSettings(kind="escpos", uri=uri, lang=lang)
            printing.save_printer_settings(self.ctx, settings)
            printing.test_page(
                printing.printer_from_settings(settings), settings, printing.outlet_name(self.ctx)
            )

        self.runner.run(
            IoJob("setup.printer", job),
            on_done=lambda _r: self.printer_result.setText(
                self.tr("Halaman tes terkirim ke printer. Sudah tercetak?")
            ),
            on_error=lambda e: self.printer_result.setText(self.language.error(e)),
            owner=self,
        )

    def _on_browse_backup_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder cadangan"))
        if folder:
            self.backup.setText(folder)

    def _on_finish_clicked(self) -> None:
        folder = self.backup.text().strip()
        if not folder:
            self.accept()
            return

        def job() -> BackupSettings:
            from ewarong_pos.services.backup import set_backup_settings

            Path(folder).mkdir(parents=True, exist_ok=True)
            return set_backup_settings(self.ctx, None, folder=str(Path(folder).resolve()))

        self.runner.run(
            DbJob("setup.backup", job),
            on_done=lambda _r: self.accept(),
            on_error=lambda e: self.finish_message.setText(self.language.error(e)),
            owner=self,
        )

    def done(self, result: int) -> None:
        super().done(result)
        self.runner.shutdown()
        self.ctx.write_runner = None
