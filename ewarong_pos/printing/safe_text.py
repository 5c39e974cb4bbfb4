"""Text from the roster or the price list made safe for what reads it after us.

Names and addresses come from files made in Excel and from the central office; whatever
reaches a report or a receipt must not act on the reader: control characters would
overprint a PDF's next column or reach a printer as commands, bidirectional overrides
would show a name reversed, and a CSV cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return is a formula to a spreadsheet (`=HYPERLINK(...)` becomes a live link).
"""

from __future__ import annotations

import re
import unicodedata

# Explicit bidirectional embeddings, overrides and isolates (Trojan Source, CVE-2021-42574).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACE_LIKE = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")

# What a spreadsheet evaluates when a cell starts with it (OWASP "CSV Injection"), plus
# the full-width forms some spreadsheets fold to them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def clean_text(text: str) -> str:
    """The text without control characters: line breaks and tabs become a space, other
    C0/C1 controls, DEL and bidirectional overrides are dropped."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch in _SPACE_LIKE:
            out.append(" ")
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    return "".join(out)


def csv_cell(value: object) -> object:
    """A value a spreadsheet shows as it is, never evaluates (OWASP CSV injection advice).

    Numbers stay numbers (an int, or a string that is a plain decimal such as `-2.5`).
    Other text loses its control characters, and text that starts, after any leading
    spaces, with a formula trigger gets a leading apostrophe, which spreadsheets read as
    "this is text". The writer also quotes every cell (`csv.QUOTE_ALL`).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    if text.lstrip(" ").startswith(FORMULA_TRIGGERS) or value.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
