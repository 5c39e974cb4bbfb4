"""Settings: outlet details, receipt printer, central office enrollment, language, auto-lock,
and (for managers) backups and restore."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ewarong_pos.services.printing import PrinterSettings
from ewarong_pos.ui.backup import BackupSection
from ewarong_pos.ui.ops import display as display_ops
from ewarong_pos.ui.ops import drawer as drawer_ops
from ewarong_pos.ui.ops import settings as settings_ops
from ewarong_pos.ui.ops import sync as sync_ops
from ewarong_pos.ui.ops.jobs import Change
from ewarong_pos.ui.shell import Shell
from ewarong_pos.ui.widgets import Notice, NumberBox, big_button

log = logging.getLogger(__name__)


if TYPE_CHECKING:
    from ewarong_pos.services.roster import RosterReport
    from ewarong_pos.services.sync import EnrollInfo


class SettingsView(QWidget):
    shows = frozenset({Change.OUTLET})
    printer_saved = Signal(object)
    test_printed = Signal(bool)
    enrolled = Signal(object)
    roster_imported = Signal(object)
    roster_refused = Signal(str)
    loaded = Signal(object)
    customer_display_saved = Signal(object)  # display_ops.DisplaySetting

    def __init__(self, window: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        # In a scroll area: with the backup section the boxes no longer fit 768 pixels.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.scroll_area)
        grid = QGridLayout(content)
        self.scroll_area.setWidget(content)
        outer.addWidget(self.scroll_area)

        outlet = QGroupBox(self.tr("Outlet"), self)
        of = QFormLayout(outlet)
        self.outlet_name = QLabel("", outlet)
        self.outlet_code = QLabel("", outlet)
        self.outlet_address = QLabel("", outlet)
        self.outlet_address.setWordWrap(True)
        self.device = QLabel("", outlet)
        self.device.setWordWrap(True)
        of.addRow(self.tr("Nama"), self.outlet_name)
        of.addRow(self.tr("Kode"), self.outlet_code)
        of.addRow(self.tr("Alamat"), self.outlet_address)
        of.addRow(self.tr("Perangkat"), self.device)
        grid.addWidget(outlet, 0, 0)

        printer = QGroupBox(self.tr("Printer struk"), self)
        pf = QFormLayout(printer)
        self.printer_kind = QComboBox(printer)
        self.printer_kind.addItem(self.tr("Tidak ada"), "none")
        self.printer_kind.addItem(self.tr("Printer termal (ESC/POS)"), "escpos")
        self.printer_kind.addItem(self.tr("Berkas PDF di folder"), "pdf")
        self.printer_uri = QLineEdit(printer)
        self.printer_uri.setPlaceholderText("usb://04b8:0e15 · tcp://192.168.1.50:9100 · C:\\Struk")
        self.paper = QComboBox(printer)
        self.paper.addItem("58 mm", 58)
        self.paper.addItem("80 mm", 80)
        pf.addRow(self.tr("Jenis"), self.printer_kind)
        pf.addRow(self.tr("Sambungan / folder"), self.printer_uri)
        pf.addRow(self.tr("Lebar kertas"), self.paper)
        # issue 13: a cash drawer on the printer's drawer port opens after a cash sale
        self.cash_drawer = QCheckBox(self.tr("Laci uang tersambung ke printer"), printer)
        self.cash_drawer.setToolTip(
            self.tr("Laci dibuka otomatis setelah penjualan tunai (perintah ESC/POS)")
        )
        self.cash_drawer.toggled.connect(self._on_cash_drawer_toggled)
        pf.addRow("", self.cash_drawer)
        row = QHBoxLayout()
        self.save_printer_button = big_button(
            self.tr("Simpan printer"), printer, self.save_printer, "Ctrl+S", scope=self
        )
        self.test_button = big_button(
            self.tr("Cetak uji"), printer, self.test_print, "Ctrl+U", scope=self
        )
        row.addWidget(self.save_printer_button)
        row.addWidget(self.test_button)
        pf.addRow(row)
        grid.addWidget(printer, 0, 1)

        central = QGroupBox(self.tr("Kantor pusat (Dinas Sosial)"), self)
        cf = QFormLayout(central)
        self.central_url = QLineEdit(central)
        self.central_url.setPlaceholderText("https://dinsos.example.go.id")
        self.enroll_code = QLineEdit(central)
        self.enroll_code.setPlaceholderText(self.tr("kode sekali pakai dari kantor pusat"))
        self.enroll_state = QLabel("", central)
        cf.addRow(self.tr("Alamat server"), self.central_url)
        cf.addRow(self.tr("Kode pendaftaran"), self.enroll_code)
        cf.addRow(self.tr("Status"), self.enroll_state)
        self.enroll_button = big_button(
            self.tr("Daftarkan perangkat"), central, self.enroll, "Ctrl+D", scope=self
        )
        cf.addRow(self.enroll_button)
        grid.addWidget(central, 1, 0)
        self.central_box = central
        # training mode: the practice outlet is never enrolled (services.training refuses);
        # its place says why
        central.setVisible(not window.parts.training)
        if window.parts.training:
            note = QGroupBox(self.tr("Mode latihan"), self)
            note.setObjectName("TrainingNote")
            nl = QVBoxLayout(note)
            text = QLabel(
                self.tr(
                    "Outlet latihan berisi data contoh. Tidak didaftarkan ke kantor pusat, "
                    "tidak disinkronkan, tidak dicadangkan; setiap struk bertanda LATIHAN - "
                    "BUKAN STRUK RESMI. Printer dan bahasa diambil dari outlet sebenarnya."
                ),
                note,
            )
            text.setWordWrap(True)
            nl.addWidget(text)
            nl.addStretch(1)
            grid.addWidget(note, 1, 0)

        general = QGroupBox(self.tr("Tampilan dan keamanan"), self)
        gf = QFormLayout(general)
        self.language = QComboBox(general)
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.autolock = NumberBox(general)
        self.autolock.setRange(0, 120)
        self.autolock.setSuffix(self.tr(" menit"))
        self.autolock.setSpecialValueText(self.tr("tidak pernah"))
        # the language box has a key of its own, shown on its label like a button's: a
        # cashier (and the scripted shift) switches language without the mouse
        language_label = self.tr("Bahasa")
        gf.addRow(f"{language_label}  [Alt+B]", self.language)
        language_key = QShortcut(QKeySequence("Alt+B"), self)
        language_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        language_key.activated.connect(self._focus_language)
        gf.addRow(self.tr("Kunci otomatis"), self.autolock)
        self.apply_button = big_button(
            self.tr("Terapkan"), general, self.apply_general, "Ctrl+Shift+A", scope=self
        )
        gf.addRow(self.apply_button)
        grid.addWidget(general, 1, 1)

        # the customer display (ui.customer_display): saved and applied at once, as the
        # drawer's box is; the button shows it again after the window manager closed it
        display = QGroupBox(self.tr("Layar pelanggan"), self)
        dl = QHBoxLayout(display)
        self.customer_display = QCheckBox(
            self.tr("Tampilkan layar untuk keluarga (monitor kedua)"), display
        )
        self.customer_display.setToolTip(
            self.tr(
                "Jendela kedua untuk monitor yang menghadap keluarga: nama singkat, "
                "barang dengan harga dan HET, total, sisa voucher, kembalian"
            )
        )
        self.customer_display.toggled.connect(self._on_customer_display_toggled)
        self.display_screen = QComboBox(display)
        # as narrow as the smallest window needs (the long choices elide, whole when open)
        self.display_screen.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.display_screen.setMinimumContentsLength(18)
        self.display_screen.activated.connect(self._on_display_screen_activated)
        self.display_button = big_button(
            self.tr("Tampilkan lagi"), display, self.save_customer_display, "Ctrl+Shift+T",
            scope=self,
        )  # fmt: skip
        self.display_button.setToolTip(self.tr("Buka lagi layar pelanggan yang tertutup"))
        dl.addWidget(self.customer_display)
        dl.addWidget(QLabel(self.tr("Layar"), display))
        dl.addWidget(self.display_screen, 1)
        dl.addWidget(self.display_button)
        self._fill_display_screens(display_ops.AUTO_SCREEN)
        self._enable_display_controls(False)
        grid.addWidget(display, 2, 0, 1, 2)

        roster = QGroupBox(self.tr("Roster dari kantor pusat (berkas CSV)"), self)
        rl = QHBoxLayout(roster)
        self.roster_path = QLineEdit(roster)
        self.roster_path.setPlaceholderText(self.tr("berkas roster .csv"))
        self.browse_button = big_button(
            self.tr("Pilih berkas…"), roster, self.browse_roster, "Ctrl+O", scope=self
        )
        self.import_button = big_button(
            self.tr("Impor roster"), roster, self.import_roster, "Ctrl+I", scope=self
        )
        rl.addWidget(self.roster_path, 1)
        rl.addWidget(self.browse_button)
        rl.addWidget(self.import_button)
        grid.addWidget(roster, 3, 0, 1, 2)

        # backups, restore and the recovery code (managers only; ui/backup.py)
        self.backup = BackupSection(window, self)
        grid.addWidget(self.backup, 4, 0, 1, 2)

        self.notice = Notice(self)
        grid.addWidget(self.notice, 5, 0, 1, 2)
        grid.setRowStretch(6, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.data: settings_ops.SettingsData | None = None

    # loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        self.backup.load()
        self.window_.runner.run(
            settings_ops.settings_data(self.window_.parts.ctx),
            on_done=self._on_loaded,
            owner=self,
        )

    def _on_loaded(self, data: settings_ops.SettingsData) -> None:
        self.data = data
        self.window_.runner.run(
            drawer_ops.load_drawer(self.window_.parts.ctx),
            on_done=self._on_drawer_loaded,
            owner=self,
        )
        self.window_.runner.run(
            display_ops.load_display(self.window_.parts.ctx),
            on_done=self._on_display_loaded,
            owner=self,
        )
        self.outlet_name.setText(data.outlet.name)
        self.outlet_code.setText(data.outlet.code)
        self.outlet_address.setText(
            ", ".join(x for x in (data.outlet.address, data.outlet.city) if x)
        )
        self.device.setText(f"{data.outlet.device_code} · {data.outlet.device_id}")
        if data.printer is not None:
            self._select(self.printer_kind, data.printer.kind)
            self.printer_uri.setText(data.printer.uri)
            self._select(self.paper, data.printer.paper_mm)
        self.central_url.setText(data.central_url)
        self.enroll_state.setText(
            self.tr("terdaftar") if data.enrolled else self.tr("belum terdaftar")
        )
        self._select(self.language, self.window_.lang.code)
        self.autolock.setValue(data.autolock_minutes)
        self.loaded.emit(data)

    @staticmethod
    def _select(combo: QComboBox, value: str | int) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # printer ---------------------------------------------------------------------------

    def _on_drawer_loaded(self, enabled: bool) -> None:
        self.cash_drawer.blockSignals(True)
        self.cash_drawer.setChecked(enabled)
        self.cash_drawer.blockSignals(False)

    def _on_cash_drawer_toggled(self, enabled: bool) -> None:
        self.window_.runner.run(
            drawer_ops.save_drawer(self.window_.parts.ctx, enabled),
            on_error=self._on_error,
            owner=self,
        )

    def _printer_values(self) -> tuple[str, str, int]:
        return (
            str(self.printer_kind.currentData()),
            self.printer_uri.text().strip(),
            int(self.paper.currentData()),
        )

    def save_printer(self) -> None:
        kind, uri, paper = self._printer_values()
        self.window_.runner.run(
            settings_ops.save_printer(
                self.window_.parts.ctx,
                kind,
                uri,
                paper,
                self.window_.lang.code,
            ),
            on_done=self._on_printer_saved,
            on_error=self._on_error,
            owner=self,
        )

    def _on_printer_saved(self, settings: PrinterSettings) -> None:
        self.notice.show_notice(self.tr("Pengaturan printer disimpan."), "ok")
        self.printer_saved.emit(settings)

    def test_print(self) -> None:
        kind, uri, paper = self._printer_values()
        self.window_.runner.run(
            settings_ops.test_print(
                self.window_.parts.ctx,
                kind,
                uri,
                paper,
                self.window_.lang.code,
            ),
            on_done=lambda _r: self._on_test_printed(True, None),
            on_error=lambda e: self._on_test_printed(False, e),
            owner=self,
        )

    def _on_test_printed(self, ok: bool, error: BaseException | None) -> None:
        if ok:
            self.notice.show_notice(self.tr("Halaman uji dikirim ke printer."), "ok")
        else:
            assert error is not None
            self._on_error(error)
        self.test_printed.emit(ok)

    # customer display --------------------------------------------------------------------

    def _fill_display_screens(self, current: str) -> None:
        from ewarong_pos.ui.customer_display import screen_choices

        combo = self.display_screen
        combo.clear()
        combo.addItem(
            self.tr("Otomatis: layar kedua bila ada, jika tidak jendela biasa"),
            display_ops.AUTO_SCREEN,
        )
        combo.addItem(self.tr("Jendela biasa"), display_ops.WINDOW_SCREEN)
        for name, size in screen_choices():
            combo.addItem(self.tr("Layar {name} ({size})").format(name=name, size=size), name)
        if combo.findData(current) < 0:  # a screen not connected now keeps its choice
            combo.addItem(self.tr("Layar {name} (tidak tersambung)").format(name=current), current)
        combo.setCurrentIndex(combo.findData(current))

    def _enable_display_controls(self, enabled: bool) -> None:
        self.display_screen.setEnabled(enabled)
        self.display_button.setEnabled(enabled)

    def _on_display_loaded(self, start: display_ops.DisplayStart) -> None:
        self.customer_display.blockSignals(True)
        self.customer_display.setChecked(start.setting.enabled)
        self.customer_display.blockSignals(False)
        self._fill_display_screens(start.setting.screen)
        self._enable_display_controls(start.setting.enabled)

    def _on_customer_display_toggled(self, enabled: bool) -> None:
        self._enable_display_controls(enabled)
        self.save_customer_display()

    def _on_display_screen_activated(self, _index: int) -> None:
        self.save_customer_display()

    def save_customer_display(self) -> None:
        """Store the box and the screen, then show (or hide) the display accordingly."""
        self.window_.runner.run(
            display_ops.save_display(
                self.window_.parts.ctx,
                self.customer_display.isChecked(),
                str(self.display_screen.currentData()),
            ),
            on_done=self._on_customer_display_saved,
            on_error=self._on_error,
            owner=self,
        )

    def _on_customer_display_saved(self, setting: display_ops.DisplaySetting) -> None:
        self.notice.show_notice(
            self.tr("Layar pelanggan menyala.")
            if setting.enabled
            else self.tr("Layar pelanggan dimatikan."),
            "ok",
        )
        self.customer_display_saved.emit(setting)

    # roster import -----------------------------------------------------------------------

    def browse_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih berkas roster"), "", self.tr("Berkas CSV (*.csv)")
        )
        if path:
            self.roster_path.setText(path)

    def import_roster(self) -> None:
        path = self.roster_path.text().strip()
        if not path:
            self.notice.show_notice(self.tr("Pilih berkas roster terlebih dahulu."), "error")
            return
        account = self.window_.account
        if account is None or account.role not in ("manager", "supervisor"):
            self.notice.show_notice(
                self.tr("Hanya pengelola yang boleh mengimpor roster."), "error"
            )
            return
        self.import_button.setEnabled(False)
        self.notice.show_notice(self.tr("Mengimpor roster…"), "info")
        # One write transaction on the database worker; the progress goes to the status bar.
        self.window_.runner.run(
            settings_ops.import_roster(
                self.window_.parts.ctx,
                path,
                self.window_.runner.reporter("roster"),
            ),
            on_done=self._on_roster_imported,
            on_error=self._on_roster_refused,
            owner=self,
        )

    def _on_roster_imported(self, report: RosterReport) -> None:
        self.import_button.setEnabled(True)
        self.notice.show_notice(
            self.tr(
                "Roster diimpor: {rows} baris, {created} keluarga baru, {updated} diperbarui, "
                "{flagged} ditandai."
            ).format(
                rows=report.rows,
                created=report.families_created,
                updated=report.families_updated,
                flagged=report.flagged,
            ),
            "ok",
        )
        self.roster_imported.emit(report)

    def _on_roster_refused(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        lang = self.window_.lang.code
        text = self.window_.lang.error(error)
        problems = getattr(error, "problems", None)
        if problems:
            lines = [p.message(lang) for p in problems[:8]]
            if len(problems) > 8:
                lines.append("…")
            text += "\n" + "\n".join(lines)
        self.notice.show_notice(text, "error")
        self.roster_refused.emit(text)

    # central office ----------------------------------------------------------------------

    def enroll(self) -> None:
        url, code = self.central_url.text().strip(), self.enroll_code.text().strip()
        if not url or not code:
            self.notice.show_notice(
                self.tr("Isi alamat server dan kode pendaftaran dari kantor pusat."), "error"
            )
            return
        self.enroll_button.setEnabled(False)
        # On the database worker: enrollment replaces the lookup key the other jobs use.
        self.window_.runner.run(
            sync_ops.enroll(self.window_.parts.ctx, url, code),
            on_done=self._on_enrolled,
            on_error=self._on_enroll_failed,
            owner=self,
        )

    def _on_enrolled(self, info: EnrollInfo) -> None:
        self.enroll_button.setEnabled(True)
        self.enroll_code.clear()
        self.notice.show_notice(self.tr("Perangkat terdaftar di kantor pusat."), "ok")
        self.enrolled.emit(info)

    def _on_enroll_failed(self, error: BaseException) -> None:
        self.enroll_button.setEnabled(True)
        self._on_error(error)

    # general -----------------------------------------------------------------------------

    def _focus_language(self) -> None:
        """Alt+B: the language box takes the focus; Up/Down choose, Ctrl+Shift+A applies."""
        self.language.setFocus()

    def apply_general(self) -> None:
        lang = str(self.language.currentData())
        self.window_.runner.run(
            settings_ops.save_general(
                self.window_.parts.ctx,
                self.window_.account.id if self.window_.account else None,
                lang,
                self.autolock.value(),
            ),
            on_done=lambda _r: self._on_general_saved(lang),
            on_error=self._on_error,
            owner=self,
        )

    def _on_general_saved(self, lang: str) -> None:
        self.window_.apply_autolock(self.autolock.value())
        if lang != self.window_.lang.code:
            self.window_.set_language(lang)  # rebuilds this view too
        else:
            self.notice.show_notice(self.tr("Pengaturan disimpan."), "ok")

    def _on_error(self, error: BaseException) -> None:
        self.notice.show_notice(self.window_.lang.error(error), "error")
