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

    def tr(text: str) -> str:
        return QCoreApplication.translate("Keys", text)

    rows = [
        (shortcut, tr("Buka tab {title}").format(title=title))
        for _key, title, shortcut, _cls in views.workspace_views(window)
    ]
    rows += [
        ("?", tr("Daftar tombol ini")),
        (
            tr("pindai"),
            tr(
                "Kartu / NIK / No. KK / ID DTKS membuka keluarga; barcode barang "
                "menambah 1, atau jumlah yang diketik dulu (mis. 3* lalu pindai)"
            ),
        ),
        ("F3", tr("Loket: ke kotak pencarian keluarga")),
        ("F8", tr("Cari barang: nama, SKU atau barcode; panah pilih, Enter ke jumlah")),
        ("Enter", tr("Jumlah: tambah ke keranjang")),
        ("+ / -", tr("Tambah / kurangi satu pada baris keranjang terpilih")),
        ("Ctrl+E", tr("Ubah jumlah baris keranjang terpilih")),
        (tr("Delete, Ctrl+Backspace"), tr("Hapus baris keranjang")),
        ("Esc", tr("Loket: tinggalkan keluarga ini (ditanya jika keranjang berisi)")),
        ("Ctrl+P", tr("Loket: parkir keranjang")),
        ("Ctrl+R", tr("Loket: lanjutkan keranjang yang diparkir")),
        ("Ctrl+N", tr("Keluarga / penjualan berikutnya")),
        ("F12, Ctrl+Enter", tr("Konfirmasi / bayar")),
        ("F11", tr("Tunai: ke kotak uang diterima")),
        ("F5", tr("Tunai: uang pas")),
        ("Ctrl+1 … Ctrl+4", tr("Tunai: uang diterima 10.000 / 20.000 / 50.000 / 100.000")),
        ("Ctrl+L", tr("Kunci kasir")),
        ("Ctrl+Shift+L", tr("Ganti kasir")),
        ("Ctrl+Shift+P", tr("Layar masuk: mode latihan (outlet contoh)")),
        ("Ctrl+Shift+R", tr("Latihan: mulai ulang latihan")),
        ("Ctrl+Shift+Q", tr("Latihan: keluar ke outlet sebenarnya")),
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
