"""Read an ESC/POS byte stream back: printed text lines, QR payloads, images, cuts.

Written from the command reference, independently of the renderer, so the tests check
what a printer would actually do with the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, LF = 0x1B, 0x1D, 0x0A

# ESC commands and how many argument bytes follow the command letter
ESC_ARGS = {
    b"@": 0,
    b"t": 1,
    b"!": 1,
    b"E": 1,
    b"a": 1,
    b"M": 1,
    b"-": 1,
    b"{": 1,
    b"d": 1,
    b"J": 1,
    b"G": 1,
    b"3": 1,
    b"2": 0,
    b"p": 3,
    b"V": 1,
}
GS_ARGS = {b"!": 1, b"b": 1, b"B": 1, b"V": 1, b"L": 2, b"W": 2, b"h": 1, b"w": 1, b"H": 1, b"f": 1}


@dataclass
class Decoded:
    lines: list[str] = field(default_factory=list)
    bold_lines: list[str] = field(default_factory=list)
    qr_payloads: list[bytes] = field(default_factory=list)
    images: list[tuple[int, int]] = field(default_factory=list)  # (width dots, height dots)
    code_pages: list[int] = field(default_factory=list)
    cuts: int = 0
    initialised: bool = False
    unknown: list[bytes] = field(default_factory=list)
    # in print order: ("text", line, bold, tall) / ("qr", payload, align) /
    # ("image", bytes_per_row, rows, raster, align)
    blocks: list[tuple[object, ...]] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    out = Decoded()
    i = 0
    current = bytearray()
    bold = False
    line_bold = False
    tall = False
    align = 0

    def flush() -> None:
        nonlocal current, line_bold
        text = current.decode("cp437")
        out.lines.append(text)
        out.blocks.append(("text", text, line_bold, tall))
        if line_bold:
            out.bold_lines.append(text)
        current = bytearray()
        line_bold = bold

    while i < len(data):
        b = data[i]
        if b == LF:
            flush()
            i += 1
        elif b == ESC:
            cmd = data[i + 1 : i + 2]
            n = ESC_ARGS.get(cmd)
            if n is None:
                out.unknown.append(data[i : i + 2])
                i += 2
                continue
            arg = data[i + 2 : i + 2 + n]
            if cmd == b"@":
                out.initialised = True
            elif cmd == b"t":
                out.code_pages.append(arg[0])
            elif cmd == b"E":
                bold = bool(arg[0])
                line_bold = bold if not current else (line_bold or bold)
            elif cmd == b"!":
                tall = bool(arg[0] & 0x10)
            elif cmd == b"a":
                align = arg[0] % 48
            elif cmd == b"d":
                for _ in range(arg[0]):
                    flush()
            i += 2 + n
        elif b == GS:
            cmd = data[i + 1 : i + 2]
            if cmd == b"(":  # GS ( k / GS ( L: pL pH then that many bytes
                length = data[i + 3] + 256 * data[i + 4]
                body = data[i + 5 : i + 5 + length]
                if data[i + 2 : i + 3] == b"k" and body[:3] == b"1P0":
                    out.qr_payloads.append(body[3:])
                    out.blocks.append(("qr", body[3:], align))
                i += 5 + length
            elif cmd == b"v":  # GS v 0 m xL xH yL yH d1...dk (raster image)
                x = data[i + 4] + 256 * data[i + 5]
                y = data[i + 6] + 256 * data[i + 7]
                out.images.append((x * 8, y))
                out.blocks.append(("image", x, y, data[i + 8 : i + 8 + x * y], align))
                i += 8 + x * y
            elif cmd == b"V":
                out.cuts += 1
                mode = data[i + 2]
                i += 4 if mode in (65, 66) else 3
            else:
                n = GS_ARGS.get(cmd)
                if n is None:
                    out.unknown.append(data[i : i + 2])
                    i += 2
                else:
                    i += 2 + n
        else:
            if b < 0x20 and b not in (0x09,):
                out.unknown.append(bytes([b]))
            else:
                if bold:
                    line_bold = True
                current.append(b)
            i += 1
    if current:
        flush()
    return out


def text_lines(data: bytes) -> list[str]:
    """The printed lines with trailing blank feed lines removed."""
    lines = decode(data).lines
    while lines and not lines[-1].strip():
        lines.pop()
    return lines
