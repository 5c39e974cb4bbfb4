"""fill_table: loading the same rows again changes nothing (no item is replaced), a
changed value changes its cell only, and what a caller styled is cleared."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ewarong_pos.ui.widgets import fill_table, make_table


def _rows(stock: int) -> list[list[str]]:
    return [[f"Produk {i}", f"Rp {i}.000", f"{stock if i == 3 else i} kg"] for i in range(20)]


def test_a_refill_changes_only_what_changed(qtbot):
    table = make_table(None, ["Nama", "Harga", "Stok"])
    qtbot.addWidget(table)
    fill_table(table, _rows(3), align_right=(1, 2), data=list(range(20)))
    changed: list[tuple[int, int]] = []
    table.model().dataChanged.connect(
        lambda top, bottom, _roles: changed.extend(
            (r, c)
            for r in range(top.row(), bottom.row() + 1)
            for c in range(top.column(), bottom.column() + 1)
        )
    )
    inserted: list[int] = []
    table.model().rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    fill_table(table, _rows(3), align_right=(1, 2), data=list(range(20)))
    assert changed == [] and inserted == []  # the same rows again: nothing touched
    fill_table(table, _rows(2), align_right=(1, 2), data=list(range(20)))
    assert changed == [(3, 2)] and table.item(3, 2).text() == "2 kg"
    assert table.item(3, 2).textAlignment() & Qt.AlignmentFlag.AlignRight
    data = [*range(19), 99]
    fill_table(table, _rows(2), align_right=(1, 2), data=data)
    assert table.item(19, 0).data(Qt.ItemDataRole.UserRole) == 99


def test_a_refill_clears_what_the_caller_styled(qtbot):
    table = make_table(None, ["Nama", "Stok"])
    qtbot.addWidget(table)
    rows = [["Minyak", "6 L"], ["Beras", "100 kg"]]
    fill_table(table, rows)
    table.item(0, 0).setBackground(QBrush(QColor("#ffe0e0")))
    table.item(0, 0).setToolTip("Stok rendah")
    table.item(1, 1).setForeground(QBrush(QColor("#7a857f")))
    fill_table(table, rows)
    assert table.item(0, 0).background().style() == Qt.BrushStyle.NoBrush
    assert table.item(0, 0).toolTip() == ""
    assert table.item(1, 1).foreground().style() == Qt.BrushStyle.NoBrush
    fill_table(table, rows[:1])
    assert table.rowCount() == 1
