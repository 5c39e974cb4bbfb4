"""ESC/POS bytes for 58/80 mm thermal printers, made with python-escpos.

The byte stream is built on `escpos.printer.Dummy` and sent in one piece through a
`Printer` (see `printers.py`), so a job that fails half way can simply be sent again.
The code page is set explicitly (CP437, which every ESC/POS printer has) and the text
is plain ASCII, so one character is one column on every printer.

python-escpos and qrcode are imported inside the functions that use them: loading
python-escpos's printer profiles takes about half a second, which the app would otherwise
pay at start-up before the counter is shown (the first print runs on a worker thread).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ewarong_pos.printing.labels import Labels
from ewarong_pos.printing.layout import Item, QrBlock, TextLine, receipt_items, test_page_items
from ewarong_pos.printing.receipt import Receipt

if TYPE_CHECKING:
    from escpos.printer import Dummy

log = logging.getLogger(__name__)

CODE_PAGE = "CP437"
DEFAULT_PROFILES = {58: "POS-5890", 80: "TM-T20II"}


def get_profile(name: str) -> Any:
    """python-escpos's capabilities of printer profile `name` (imported on first use)."""
    from escpos.capabilities import get_profile as escpos_profile

    return escpos_profile(name)


@dataclass(frozen=True)
class PaperSpec:
    """Paper width, printer profile (python-escpos capabilities) and font."""

    paper_mm: int = 80
    profile: str = ""  # empty: the default profile for the paper width
    font: str = "a"  # 'a' (12x24) or 'b' (9x17, more columns)
    columns: int = 0  # 0: from the profile and paper; else forced

    @property
    def profile_name(self) -> str:
        return self.profile or DEFAULT_PROFILES.get(self.paper_mm, "default")

    @property
    def width_columns(self) -> int:
        return self.columns or columns_for(self.paper_mm, self.profile_name, self.font)

    @property
    def native_qr(self) -> bool:
        return bool(get_profile(self.profile_name).supports("qrCode"))

    @property
    def has_cutter(self) -> bool:
        profile = get_profile(self.profile_name)
        return bool(profile.supports("paperFullCut") or profile.supports("paperPartCut"))


def columns_for(paper_mm: int, profile_name: str, font: str = "a") -> int:
    """Characters per line: the profile's figure where it knows its paper, else the norm.

    58 mm rolls take 32 columns in font A (42 in font B); 80 mm rolls 48 (64), except
    printers whose profile says otherwise (Epson TM-T88: 42 in font A).
    """
    profile = get_profile(profile_name)
    key = "1" if font == "b" else "0"
    fonts = profile.fonts
    media = profile.profile_data.get("media", {}).get("width", {}).get("mm")
    norm = {58: {"0": 32, "1": 42}, 80: {"0": 48, "1": 64}}.get(paper_mm, {"0": 32, "1": 42})
    if not isinstance(media, int | float):
        return norm[key]
    if key not in fonts:  # the printer has one font only
        key = "0"
    return min(int(fonts[key]["columns"]), norm[key])


def code_page_number(profile_name: str) -> int:
    """The `ESC t` number of CP437 on this printer (0 on nearly all of them)."""
    pages = get_profile(profile_name).codePages
    numbers = [int(k) for k, name in pages.items() if name == CODE_PAGE]
    return min(numbers) if numbers else 0


def render_items(items: list[Item], spec: PaperSpec) -> bytes:
    """Items -> ESC/POS bytes: init, code page, font, text, QR, feed and cut."""
    from escpos.printer import Dummy

    printer = Dummy(profile=spec.profile_name)
    printer.hw("INIT")
    # ESC t n with the profile's own number for CP437 (lowest, when it lists several);
    # the text is written pre-encoded, so python-escpos never switches pages on its own.
    printer._raw(b"\x1bt" + bytes([code_page_number(spec.profile_name)]))
    printer.set_with_default(font=spec.font)
    style = (False, False)
    for item in items:
        if isinstance(item, TextLine):
            want = (item.bold, item.tall)
            if want != style:
                printer.set(bold=item.bold, double_height=item.tall, normal_textsize=not item.tall)
                style = want
            printer._raw(item.text.encode("cp437", "replace") + b"\n")
        elif isinstance(item, QrBlock):
            _qr(printer, item.payload, spec)
    if style != (False, False):
        printer.set(bold=False, normal_textsize=True)
    if spec.has_cutter:
        printer.cut()  # feeds past the cutter first
    else:
        printer.print_and_feed(4)  # past the tear bar
    return bytes(printer.output)


def _qr(printer: Dummy, payload: str, spec: PaperSpec) -> None:
    import qrcode
    from escpos.constants import QR_ECLEVEL_M

    size = 5 if spec.paper_mm >= 80 else 4  # dots per module: 0.5-0.6 mm, easy to scan
    if spec.native_qr:
        printer.set(align="center")
        printer.qr(payload, size=size, native=True, ec=QR_ECLEVEL_M)
        printer.set(align="left")
        printer._raw(b"\n")
    else:
        # no GS ( k on this printer: send the code as a raster image instead (drawn
        # here rather than by printer.qr, which would switch the code page for its "\n")
        code = qrcode.QRCode(
            box_size=size, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M
        )
        code.add_data(payload)
        code.make(fit=True)
        image = code.make_image().get_image().convert("RGB")
        printer.image(image, center=True)


def render_receipt(receipt: Receipt, labels: Labels, spec: PaperSpec) -> bytes:
    return render_items(receipt_items(receipt, labels, spec.width_columns), spec)


def render_test_page(labels: Labels, spec: PaperSpec, outlet_name: str = "") -> bytes:
    return render_items(test_page_items(labels, spec.width_columns, outlet_name), spec)
