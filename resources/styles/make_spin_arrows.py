"""Draw the spin boxes' arrows for ewarong.qss: spin-up.png, spin-down.png and their
greyed `-off` forms (at the end of the range, or disabled). PNG at twice the size the
sheet shows them (12x8 px), so they stay sharp on a scaled screen.

    .venv/bin/python resources/styles/make_spin_arrows.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPolygonF

HERE = Path(__file__).resolve().parent
COLOURS = {"": "#1d2b24", "-off": "#a9b8ae"}  # the sheet's text colour; its border grey


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    for suffix, colour in COLOURS.items():
        for direction in ("up", "down"):
            image = QImage(24, 16, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            base, tip = (15, 1) if direction == "up" else (1, 15)
            painter.drawPolygon(QPolygonF([QPointF(1, base), QPointF(23, base), QPointF(12, tip)]))
            painter.end()
            image.save(str(HERE / f"spin-{direction}{suffix}.png"))
    del app


if __name__ == "__main__":
    main()
