"""The fonts embedded in every PDF: DejaVu Sans (reports) and DejaVu Sans Mono (receipts).

reportlab's standard fonts (Helvetica, Courier) are not embedded and only know Latin-1,
so `ğ`, `Ł` or `ễ` came out as black boxes. The TrueType files ship in
`resources/fonts/` with their licence; they are registered once, on first use, and
reportlab embeds the subset a document uses.

A top-level module (like `resources`), so both the outlet's printing and the office
console's PDF exports use it: the office (`central`) may not import `printing`.
"""

from __future__ import annotations

import threading

from ewarong_pos.resources import resource

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"
MONO_BOLD = "DejaVuSansMono-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (idempotent, thread-safe)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        # <b> inside a Paragraph picks the bold face; there is no italic face shipped
        for family, regular, bold in ((SANS, SANS, SANS_BOLD), (MONO, MONO, MONO_BOLD)):
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, regular)
            addMapping(family, 1, 1, bold)
        _done = True
