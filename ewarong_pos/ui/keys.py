"""The on-screen list of keys (? or the "Daftar tombol" button): every key the till knows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QVBoxLayout, QWidget

from ewarong_pos.ui.widgets import fill_table, make_table


def key_rows(window: Any) -> list[tuple[str, str]]:
    """(key, what it does) in the current language."""
    from ewarong_pos.ui import views

    # QCoreApplication.translate("Keys", ...) written out each time: only so does lupdate
    # file the strings under the "Keys" context (through a local tr() they went to no
    # context, and the English key list showed Indonesian)
    rows = [
        (shortcut, QCoreApplication.translate("Keys", "Buka tab {title}").format(title=title))
        for _key, title, shortcut, _cls in views.workspace_views(window)
    ]
    rows += [
        ("?", QCoreApplication.translate("Keys", "Daftar tombol ini")),
        (
            QCoreApplication.translate("Keys", "pindai"),
            QCoreApplication.translate(
                "Keys",
                "Kartu / NIK / No. KK / ID DTKS membuka keluarga; barcode barang "
                "menambah 1, atau jumlah yang diketik dulu (mis. 3* lalu pindai)",
            ),
        ),
        ("F3", QCoreApplication.translate("Keys", "Loket: ke kotak pencarian keluarga")),
        (
            "F8",
            QCoreApplication.translate(
                "Keys", "Cari barang: nama, SKU atau barcode; panah pilih, Enter ke jumlah"
            ),
        ),
        ("Enter", QCoreApplication.translate("Keys", "Jumlah: tambah ke keranjang")),
        (
            "+ / -",
            QCoreApplication.translate(
                "Keys", "Tambah / kurangi satu pada baris keranjang terpilih"
            ),
        ),
        ("Ctrl+E", QCoreApplication.translate("Keys", "Ubah jumlah baris keranjang terpilih")),
        (
            QCoreApplication.translate("Keys", "Delete, Ctrl+Backspace"),
            QCoreApplication.translate("Keys", "Hapus baris keranjang"),
        ),
        (
            "Esc",
            QCoreApplication.translate(
                "Keys", "Loket: tinggalkan keluarga ini (ditanya jika keranjang berisi)"
            ),
        ),
        ("Ctrl+P", QCoreApplication.translate("Keys", "Loket: parkir keranjang")),
        ("Ctrl+R", QCoreApplication.translate("Keys", "Loket: lanjutkan keranjang yang diparkir")),
        ("Ctrl+N", QCoreApplication.translate("Keys", "Keluarga / penjualan berikutnya")),
        ("F12, Ctrl+Enter", QCoreApplication.translate("Keys", "Konfirmasi / bayar")),
        ("F11", QCoreApplication.translate("Keys", "Tunai: ke kotak uang diterima")),
        ("F5", QCoreApplication.translate("Keys", "Tunai: uang pas")),
        (
            "Ctrl+1 … Ctrl+4",
            QCoreApplication.translate(
                "Keys", "Tunai: uang diterima 10.000 / 20.000 / 50.000 / 100.000"
            ),
        ),
        ("Ctrl+Shift+D", QCoreApplication.translate("Keys", "Laporan: tutup hari (pengelola)")),
        (
            "Ctrl+Shift+O",
            QCoreApplication.translate("Keys", "Laporan: buka hari berikutnya (pengelola)"),
        ),
        (
            "Ctrl+Shift+K",
            QCoreApplication.translate(
                "Keys", "Laporan: koreksi jam setelah jam PC dibetulkan (pengelola)"
            ),
        ),
        ("Ctrl+L", QCoreApplication.translate("Keys", "Kunci kasir")),
        ("Ctrl+Shift+L", QCoreApplication.translate("Keys", "Ganti kasir")),
        (
            "Ctrl+Shift+P",
            QCoreApplication.translate("Keys", "Layar masuk: mode latihan (outlet contoh)"),
        ),
        ("Ctrl+Shift+R", QCoreApplication.translate("Keys", "Latihan: mulai ulang latihan")),
        (
            "Ctrl+Shift+Q",
            QCoreApplication.translate("Keys", "Latihan: keluar ke outlet sebenarnya"),
        ),
    ]
    return rows


class KeyListDialog(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Daftar tombol"))
        layout = QVBoxLayout(self)
        rows = key_rows(window)
        self.table = make_table(self, [self.tr("Tombol"), self.tr("Fungsi")], stretch=1)
        self.table.setWordWrap(True)
        fill_table(self.table, rows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 190)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup  [Esc]"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 600)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # rows sized once the columns have their real widths (else a wrapped row is huge)
        self.table.resizeRowsToContents()
