"""The roster file (docs/roster-format.md): streaming parse, all-or-nothing validation, flags.

Pure standard library (plus the identifier rules): the outlet's roster import and the
central office's own import both use it. A file is either wholly valid (`RosterParse`) or
rejected with `ProblemList('roster.rejected', problems)` naming every problem by line and
column. Malformed identifiers and a NIK shared by two families are *flags*, reported with
the records, never a reason to reject (roster data is authoritative, DOMAIN.md).

The file is read in chunks and checked line by line, so a huge file of garbage costs
bounded memory and stops early: after `max_problems` problems, or at once when it is
larger than `max_bytes`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ewarong_pos.core.errors import Problem, ProblemList
from ewarong_pos.core.identifiers import check_card, check_kk, check_nik, digits_only, last4

# Column name -> maximum length. Order is the order of the sample file and the docs.
COLUMNS: dict[str, int] = {
    "id_dtks": 40,
    "nama": 120,
    "nik": 32,
    "no_kk": 32,
    "no_kks": 32,
    "bank": 16,
    "alamat": 250,
    "rt_rw": 16,
    "kelurahan": 80,
    "kecamatan": 80,
    "kode_ewarong": 32,
    "status": 16,
    "alasan_status": 200,
    "periode": 7,
    "nominal": 12,
}
# A file without one of these is rejected; the others may be left out (read as empty).
REQUIRED_COLUMNS = ("id_dtks", "nama", "nik", "no_kk", "no_kks", "kode_ewarong", "status")
# Columns whose value may never be empty.
REQUIRED_VALUES = ("id_dtks", "nama", "kode_ewarong", "status")
STATUSES = ("active", "suspended", "removed")

DEFAULT_MAX_BYTES = 128 * 1024 * 1024  # a whole-Jakarta roster is about 50 MB
DEFAULT_MAX_PROBLEMS = 1000
MAX_LINE_CHARS = 64 * 1024  # no honest roster line comes near this
MAX_NOMINAL = 10_000_000  # rupiah per family per month; anything above is a typo
CHUNK_BYTES = 1024 * 1024

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
# A cell echoed in a problem with this many digits may be a NIK, No. KK or card number
# (columns shifted or misnamed): the message shows only its last 4 digits.
_IDENTIFIER_DIGITS = 12
_OTHER_DELIMITERS = (";", "\t", "|")

# --- what Excel does to a roster (DOMAIN.md "Roster files come from Excel") ---------------
IDENTIFIER_COLUMNS = ("nik", "no_kk", "no_kks")
# 3.17E+15, 3,17307E+15 (Indonesian decimal comma), 3.173070101750009e15
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d*)?[eE][+]?\d+$")
# A column of 16-digit identifiers whose last digit is 0 this often was typed into or saved
# by Excel as numbers (15 significant digits): a real column ends in 0 about 1 time in 10.
ZEROED_MIN_VALUES = 5
ZEROED_SHARE = 0.8
# Codes whose fix is "save it again as CSV UTF-8 (comma delimited)" / "format the identifier
# columns as Text": the rejection's headline then says how (roster.rejected_resave/_excel).
RESAVE_CODES = frozenset(
    {"roster.encoding", "roster.delimiter", "roster.xlsx", "roster.xls", "roster.zip",
     "roster.utf16"}
)  # fmt: skip
EXCEL_CODES = frozenset(
    {"roster.excel_scientific", "roster.excel_apostrophe", "roster.excel_15_digits",
     "roster.excel_zeroed"}
)  # fmt: skip
# Invisible characters that change no letter a person sees but would make `JKT-00000001`
# and `JKT-00000001<U+200B>` two families: removed (format characters, category Cf).
# Direction overrides can make a text display as something else: refused.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A line break or tab inside a quoted cell (Alt+Enter in Excel) becomes a space.
_SPACES = frozenset("\t\n\r\u00a0\u2007\u202f")


@dataclass(frozen=True, slots=True)
class RosterRecord:
    """One family as the roster gives it. NIK, KK and card are raw here: hash them."""

    line: int
    id_dtks: str
    nama: str
    nik: str
    no_kk: str
    no_kks: str
    bank: str
    alamat: str
    rt_rw: str
    kelurahan: str
    kecamatan: str
    kode_ewarong: str
    status: str
    alasan_status: str
    periode: str  # "" when the row carries no tranche
    nominal: int  # 0 when the row carries no tranche
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RosterFlag:
    """A reported (not rejecting) finding: which family, which line, what code."""

    line: int
    id_dtks: str
    code: str


@dataclass(frozen=True)
class RosterParse:
    records: list[RosterRecord]
    flags: list[RosterFlag]
    sha256: str
    size: int
    had_bom: bool
    periods: tuple[str, ...] = field(default=())
    cleaned: int = 0  # cells from which invisible characters were removed

    @property
    def flagged_families(self) -> int:
        return sum(1 for r in self.records if r.flags)


class _TooMany(Exception):
    """Raised inside the parser when the problem limit is reached."""


class _Collector:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.problems: list[Problem] = []

    def add(self, line: int, column: str | None, code: str, **params: object) -> None:
        self.problems.append(Problem(line, column, code, **params))
        if len(self.problems) >= self.limit:
            self.problems.append(Problem(line, None, "roster.too_many_problems", limit=self.limit))
            raise _TooMany


class _Source:
    """Chunks of raw bytes from bytes, a path or a binary stream, hashed as they pass."""

    def __init__(self, source: bytes | str | os.PathLike[str] | BinaryIO) -> None:
        self.sha = hashlib.sha256()
        self.size = 0
        self.known_size: int | None = None
        self._stream: BinaryIO
        self._own = False
        if isinstance(source, bytes | bytearray | memoryview):
            self._stream = io.BytesIO(bytes(source))
            self.known_size = len(source)
        elif isinstance(source, str | os.PathLike):
            path = Path(source)
            self._stream = path.open("rb")
            self._own = True
            self.known_size = path.stat().st_size
        else:
            self._stream = source

    def chunks(self) -> Iterator[bytes]:
        while True:
            chunk = self._stream.read(CHUNK_BYTES)
            if not chunk:
                return
            self.sha.update(chunk)
            self.size += len(chunk)
            yield chunk

    def close(self) -> None:
        if self._own:
            self._stream.close()


def _decode(chunks: Iterable[bytes], problems: _Collector) -> Iterator[str]:
    """UTF-8 text pieces; every invalid byte is a problem (with its offset) and becomes U+FFFD."""
    carry = b""
    base = 0  # file offset of carry[0]
    newlines = 0  # newlines decoded so far, for the line number of an encoding problem

    def bad(data: bytes, start: int, text_before: str) -> None:
        problems.add(
            newlines + text_before.count("\n") + 1,
            None,
            "roster.encoding",
            byte=f"0x{data[start]:02x}",
            offset=base + start,
        )

    def decode(data: bytes, final: bool) -> tuple[str, bytes]:
        nonlocal base, newlines
        pieces: list[str] = []
        pos = 0
        while True:
            try:
                text = data[pos:].decode("utf-8")
            except UnicodeDecodeError as exc:
                start, end = pos + exc.start, pos + exc.end
                good = data[pos:start].decode("utf-8")
                if not final and exc.reason == "unexpected end of data" and end == len(data):
                    pieces.append(good)
                    rest = data[start:]
                    consumed = start
                    break
                bad(data, start, "".join(pieces) + good)
                pieces.append(good + "\ufffd")
                pos = end
                continue
            pieces.append(text)
            rest, consumed = b"", len(data)
            break
        out = "".join(pieces)
        base += consumed
        newlines += out.count("\n")
        return out, rest

    for chunk in chunks:
        text, carry = decode(carry + chunk, final=False)
        if text:
            yield text
    if carry:
        text, _ = decode(carry, final=True)
        if text:
            yield text


def _lines(pieces: Iterable[str], problems: _Collector) -> Iterator[str]:
    """Physical lines (with their endings) for the csv reader; absurdly long lines are cut.

    A line longer than MAX_LINE_CHARS is reported and replaced by an empty line, so memory
    stays bounded whatever the file holds.
    """
    carry: list[str] = []
    carried = 0
    overlong = False
    line_no = 1
    first = True
    for piece in pieces:
        if first:
            first = False
            if piece.startswith("\ufeff"):
                piece = piece[1:]
        parts = piece.split("\n")
        last = parts.pop()
        for part in parts:
            if carry:
                carry.append(part)
                part = "".join(carry)
                carry, carried = [], 0
            if overlong or len(part) > MAX_LINE_CHARS:
                problems.add(line_no, None, "roster.line_too_long", limit=MAX_LINE_CHARS)
                overlong = False
                yield "\n"
            else:
                yield part + "\n"
            line_no += 1
        if last and not overlong:
            carry.append(last)
            carried += len(last)
            if carried > MAX_LINE_CHARS:
                overlong = True
                carry, carried = [], 0
    if overlong:
        problems.add(line_no, None, "roster.line_too_long", limit=MAX_LINE_CHARS)
    elif carry:
        yield "".join(carry)


def _header(row: list[str], problems: _Collector) -> dict[str, int] | None:
    """Column name -> index. Returns None when nothing below can be read (wrong delimiter)."""
    names = [name.strip().lower() for name in row]
    if len(names) == 1:
        for delim in _OTHER_DELIMITERS:
            if delim in names[0]:
                problems.add(1, None, "roster.delimiter", found=delim)
                return None
    if not any(name in COLUMNS for name in names):
        # data where the header belongs (or a header in another language): one problem, and
        # never an echo of the cells, which may be whole identifiers
        problems.add(1, None, "roster.no_header", columns=",".join(REQUIRED_COLUMNS))
        return None
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        label = _shown(name) or f"#{i + 1}"
        if name not in COLUMNS:
            problems.add(1, label, "roster.unknown_column")
        elif name in index:
            problems.add(1, name, "roster.duplicate_column")
        else:
            index[name] = i
    for name in REQUIRED_COLUMNS:
        if name not in index:
            problems.add(1, name, "roster.missing_column")
    return index


def _period_ok(value: str) -> bool:
    match = _PERIOD.match(value)
    if match is None:
        return False
    return 2000 <= int(match[1]) <= 2099 and 1 <= int(match[2]) <= 12


def parse_roster(
    source: bytes | str | os.PathLike[str] | BinaryIO,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
) -> RosterParse:
    """Read and check a whole roster file; raise ProblemList('roster.rejected') if bad."""
    problems = _Collector(max_problems)
    src = _Source(source)
    records: list[RosterRecord] = []
    flags: list[RosterFlag] = []
    had_bom = False
    try:
        if max_bytes is not None and src.known_size is not None and src.known_size > max_bytes:
            problems.add(1, None, "roster.too_large", size=src.known_size, limit=max_bytes)
        else:
            records, flags, had_bom = _parse(src, problems, max_bytes)
    except _TooMany:
        pass
    finally:
        src.close()
    if problems.problems:
        # the decoder reads ahead of the csv reader: list problems in file order
        listed = sorted(
            problems.problems, key=lambda p: (p.code == "roster.too_many_problems", p.line)
        )
        raise ProblemList(rejection_code(listed), listed)
    periods = tuple(sorted({r.periode for r in records if r.periode}))
    cleaned = sum(1 for r in records if "clean.invisible" in r.flags)
    records = [_without_note(r) for r in records] if cleaned else records
    return RosterParse(
        records, flags, src.sha.hexdigest(), src.size, had_bom, periods, cleaned=cleaned
    )


def rejection_code(problems: Iterable[Problem]) -> str:
    """The headline of a rejection: with the fix when the file was damaged by Excel/saving."""
    codes = {p.code for p in problems}
    if codes & EXCEL_CODES:
        return "roster.rejected_excel"
    if codes & RESAVE_CODES:
        return "roster.rejected_resave"
    return "roster.rejected"


def _sniff(first: bytes) -> str | None:
    """A file that is not CSV text at all: what it is (the problem code), from its first bytes."""
    if first.startswith(b"PK\x03\x04"):
        head = first[:65536]
        return "roster.xlsx" if b"[Content_Types].xml" in head or b"xl/" in head else "roster.zip"
    if first.startswith(b"\xd0\xcf\x11\xe0"):
        return "roster.xls"
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "roster.utf16"
    head = first[:512]
    if len(head) >= 16:  # UTF-16 without a mark: every other byte of ASCII text is NUL
        half = len(head) // 2
        if max(head[0::2].count(0), head[1::2].count(0)) >= 0.8 * half:
            return "roster.utf16"
    return None


def _bounded(src: _Source, problems: _Collector, max_bytes: int | None) -> Iterator[bytes]:
    for chunk in src.chunks():
        if max_bytes is not None and src.size > max_bytes:
            problems.add(1, None, "roster.too_large", size=src.size, limit=max_bytes)
            raise _TooMany  # stop reading: the rest of the file is never looked at
        yield chunk


def _parse(
    src: _Source, problems: _Collector, max_bytes: int | None
) -> tuple[list[RosterRecord], list[RosterFlag], bool]:
    chunks = _bounded(src, problems, max_bytes)
    first = next(chunks, b"")
    had_bom = first.startswith(b"\xef\xbb\xbf")
    sniffed = _sniff(first)
    if sniffed is not None:
        problems.add(1, None, sniffed)
        return [], [], had_bom

    def all_chunks() -> Iterator[bytes]:
        if first:
            yield first
        yield from chunks

    lines = _lines(_decode(all_chunks(), problems), problems)
    reader = csv.reader(lines, delimiter=",", quotechar='"', strict=True)
    records: list[RosterRecord] = []
    flags: list[RosterFlag] = []
    header: dict[str, int] | None = None
    width = 0
    seen_dtks: dict[str, int] = {}
    seen_card: dict[str, int] = {}
    nik_first: dict[str, int] = {}  # NIK -> index in records of the first family with it
    nik_flagged: set[int] = set()
    extra_flags: dict[int, list[str]] = {}
    zeroed = _ZeroedColumns()
    line = 1
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(line, None, "roster.csv_syntax", detail=str(exc))
            continue
        if header is None:
            if not any(cell.strip() for cell in row):
                continue  # blank leading lines are skipped: the header follows
            header = _header(row, problems)
            if header is None:
                return [], [], had_bom
            width = len(row)
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank lines (often one at the end) carry nothing
        if len(row) != width:
            problems.add(line, None, "roster.field_count", found=len(row), expected=width)
            continue
        record = _check_row(line, row, header, problems, seen_dtks, seen_card)
        if record is None:
            continue
        zeroed.add(record)
        index = len(records)
        if record.nik:
            nik = digits_only(record.nik)
            first_index = nik_first.setdefault(nik, index)
            if first_index != index:
                for i in (first_index, index):
                    if i not in nik_flagged:
                        nik_flagged.add(i)
                        extra_flags.setdefault(i, []).append("flag.nik_shared")
        records.append(record)
    zeroed.report(problems)
    if header is None and not problems.problems:
        problems.add(1, None, "roster.empty")
    elif not records and not problems.problems:
        problems.add(2, None, "roster.no_rows")
    if problems.problems:
        return [], [], had_bom
    for i, codes in extra_flags.items():
        r = records[i]
        records[i] = _with_flags(r, r.flags + tuple(codes))
    for r in records:
        for code in r.flags:
            if code != "clean.invisible":
                flags.append(RosterFlag(r.line, r.id_dtks, code))
    flags.sort(key=lambda f: (f.line, f.code))
    return records, flags, had_bom


class _ZeroedColumns:
    """Per identifier column: rows with a 16-digit value, how many end in 0, distinct values.

    Rows, not distinct values, are counted: zeroing the last digit makes neighbouring serials
    equal. One value repeated on every row (a shared number) is not evidence either way.
    """

    def __init__(self) -> None:
        self.rows: dict[str, int] = dict.fromkeys(IDENTIFIER_COLUMNS, 0)
        self.zero: dict[str, int] = dict.fromkeys(IDENTIFIER_COLUMNS, 0)
        self.distinct: dict[str, set[str]] = {c: set() for c in IDENTIFIER_COLUMNS}
        self.first_line: dict[str, int] = {}

    def add(self, r: RosterRecord) -> None:
        for column, value in (("nik", r.nik), ("no_kk", r.no_kk), ("no_kks", r.no_kks)):
            number = digits_only(value)
            if len(number) != 16 or not number.isdigit():
                continue
            self.rows[column] += 1
            if len(self.distinct[column]) < 2:
                self.distinct[column].add(number)
            if number.endswith("0"):
                self.zero[column] += 1
                self.first_line.setdefault(column, r.line)

    def report(self, problems: _Collector) -> None:
        for column in IDENTIFIER_COLUMNS:
            n, z = self.rows[column], self.zero[column]
            if n >= ZEROED_MIN_VALUES and z >= ZEROED_SHARE * n and len(self.distinct[column]) > 1:
                first = self.first_line[column]
                problems.add(first, column, "roster.excel_zeroed", count=z, total=n)


def _without_note(r: RosterRecord) -> RosterRecord:
    return _with_flags(r, tuple(f for f in r.flags if f != "clean.invisible"))


def _clean(value: str) -> tuple[str, str | None, int, bool]:
    """NFC, invisible characters removed, spaces unified: (text, problem code, column, cleaned).

    A control character (other than a tab or line break, which become spaces) or a text
    direction override is a problem at its 1-based position in the cell.
    """
    text = unicodedata.normalize("NFC", value)
    if text.isascii() and text.isprintable():
        return text.strip(), None, 0, False
    out: list[str] = []
    cleaned = False
    for pos, ch in enumerate(text, start=1):
        if ch in _SPACES:
            out.append(" ")
        elif ch in _BIDI:
            return text, "roster.bidi_char", pos, False
        else:
            category = unicodedata.category(ch)
            if category == "Cc":
                return text, "roster.control_char", pos, False
            if category == "Cf":
                cleaned = True
                continue
            out.append(ch)
    return "".join(out).strip(), None, 0, cleaned


def _excel_damage(value: str) -> str | None:
    """The problem code when an identifier cell shows what Excel does to long numbers."""
    if value.startswith(("'", "\u2019")):
        return "roster.excel_apostrophe"
    compact = value.replace(" ", "")
    if _SCIENTIFIC.match(compact):
        return "roster.excel_scientific"
    number = digits_only(compact)
    if len(number) == 15 and number.isdigit() and number.isascii():
        return "roster.excel_15_digits"
    return None


def _with_flags(r: RosterRecord, new_flags: tuple[str, ...]) -> RosterRecord:
    return RosterRecord(
        r.line, r.id_dtks, r.nama, r.nik, r.no_kk, r.no_kks, r.bank, r.alamat, r.rt_rw,
        r.kelurahan, r.kecamatan, r.kode_ewarong, r.status, r.alasan_status, r.periode,
        r.nominal, new_flags,
    )  # fmt: skip


def _shown(value: str) -> str:
    """A cell value as a problem may echo it: never a whole identifier."""
    if sum(ch.isdigit() for ch in value) >= _IDENTIFIER_DIGITS:
        return "****" + last4(value)
    return value


def _check_row(
    line: int,
    row: list[str],
    header: dict[str, int],
    problems: _Collector,
    seen_dtks: dict[str, int],
    seen_card: dict[str, int],
) -> RosterRecord | None:
    values: dict[str, str] = {}
    ok = True
    cleaned_any = False
    damaged: set[str] = set()
    for name, limit in COLUMNS.items():
        i = header.get(name)
        value, bad, pos, cleaned = _clean(row[i]) if i is not None else ("", None, 0, False)
        cleaned_any = cleaned_any or cleaned
        if bad is not None:
            char = value[pos - 1]
            problems.add(line, name, bad, position=pos, char=f"U+{ord(char):04X}")
            ok = False
            value = "?"  # reported; not also "required"
        if name in IDENTIFIER_COLUMNS and value:
            damage = _excel_damage(value)
            if damage is not None:
                problems.add(line, name, damage)
                damaged.add(name)
                ok = False
        if len(value) > limit:
            problems.add(line, name, "roster.too_long", length=len(value), limit=limit)
            ok = False
            value = value[:limit]
        values[name] = value
    for name in REQUIRED_VALUES:
        if name in header and not values[name]:
            problems.add(line, name, "roster.required")
            ok = False
    dtks = values["id_dtks"]
    if dtks:
        first = seen_dtks.setdefault(dtks, line)
        if first != line:
            problems.add(line, "id_dtks", "roster.duplicate", value=dtks, first_line=first)
            ok = False
    status = values["status"].lower()
    if status and status not in STATUSES:
        problems.add(line, "status", "roster.bad_status", value=_shown(values["status"]))
        ok = False
    period, amount_text = values["periode"], values["nominal"]
    amount = 0
    if period and not _period_ok(period):
        problems.add(line, "periode", "roster.bad_period", value=_shown(period))
        ok = False
    if amount_text:
        if amount_text.isascii() and amount_text.isdigit() and 0 < int(amount_text) <= MAX_NOMINAL:
            amount = int(amount_text)
        else:
            problems.add(line, "nominal", "roster.bad_amount", value=_shown(amount_text))
            ok = False
    if period and not amount_text:
        problems.add(line, "nominal", "roster.required")
        ok = False
    if amount_text and not period:
        problems.add(line, "periode", "roster.required")
        ok = False
    flags: list[str] = []
    if check_nik(values["nik"]):
        flags.append("flag.nik_malformed")
    if check_kk(values["no_kk"]):
        flags.append("flag.kk_malformed")
    card = values["no_kks"]
    if not card:
        flags.append("flag.no_card")
    elif "no_kks" not in damaged:  # a damaged card is its own problem, not a duplicate
        if check_card(card):
            flags.append("flag.card_malformed")
        key = digits_only(card)
        first = seen_card.setdefault(key, line)
        if first != line:
            problems.add(line, "no_kks", "roster.duplicate_card", first_line=first)
            ok = False
    if cleaned_any:
        flags.append("clean.invisible")  # counted by parse_roster, then dropped
    if not ok:
        return None
    return RosterRecord(
        line=line,
        id_dtks=dtks,
        nama=values["nama"],
        nik=values["nik"],
        no_kk=values["no_kk"],
        no_kks=card,
        bank=values["bank"],
        alamat=values["alamat"],
        rt_rw=values["rt_rw"],
        kelurahan=values["kelurahan"],
        kecamatan=values["kecamatan"],
        kode_ewarong=values["kode_ewarong"],
        status=status,
        alasan_status=values["alasan_status"],
        periode=period,
        nominal=amount,
        flags=tuple(flags),
    )
