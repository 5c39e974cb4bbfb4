"""The roster file parser: every kind of bad file is rejected with line and column."""

from __future__ import annotations

import io

import pytest

from ewarong_pos.core import roster
from ewarong_pos.core.errors import ProblemList
from ewarong_pos.core.identifiers import luhn_complete
from ewarong_pos.core.roster import COLUMNS, parse_roster

HEADER = ",".join(COLUMNS)
NIK_W = "3171014506800001"  # Jakarta Selatan, woman born 5 June 1980
NIK_M = "3173020101750002"
KK = "3171011203150002"


def card(n: int) -> str:
    return luhn_complete(f"603298{n:09d}")


def row(dtks: str = "DTKS-1", **over: str) -> str:
    values = {
        "id_dtks": dtks,
        "nama": "Siti Aminah",
        "nik": NIK_W,
        "no_kk": KK,
        "no_kks": card(int(dtks.rsplit("-", 1)[-1]) if dtks[-1:].isdigit() else 7),
        "bank": "BNI",
        "alamat": '"Jl. Melati No. 5, Gg. II"',
        "rt_rw": "003/007",
        "kelurahan": "Kebon Melati",
        "kecamatan": "Tanah Abang",
        "kode_ewarong": "EW-3171-0001",
        "status": "active",
        "alasan_status": "",
        "periode": "2018-04",
        "nominal": "110000",
    }
    values.update(over)
    return ",".join(values[c] for c in COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def problems_of(data: bytes, **kw: int | None) -> list[tuple[int, str | None, str]]:
    with pytest.raises(ProblemList) as info:
        parse_roster(data, **kw)  # type: ignore[arg-type]
    assert info.value.code.startswith("roster.rejected")
    return [(p.line, p.column, p.code) for p in info.value.problems]


def test_good_file_gives_records():
    data = csv_bytes(row("DTKS-1"), row("DTKS-2", nik=NIK_M, nama="Budi"))
    result = parse_roster(data)
    assert [r.id_dtks for r in result.records] == ["DTKS-1", "DTKS-2"]
    first = result.records[0]
    assert first.alamat == "Jl. Melati No. 5, Gg. II"
    assert first.nominal == 110000 and first.periode == "2018-04"
    assert result.flags == []
    assert result.periods == ("2018-04",)
    assert not result.had_bom


def test_bom_and_crlf_accepted():
    data = b"\xef\xbb\xbf" + csv_bytes(row("DTKS-1")).replace(b"\n", b"\r\n")
    result = parse_roster(data)
    assert result.had_bom
    assert result.records[0].id_dtks == "DTKS-1"


def test_path_and_stream_sources(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes(row("DTKS-1")))
    assert len(parse_roster(path).records) == 1
    assert len(parse_roster(str(path)).records) == 1
    assert len(parse_roster(io.BytesIO(path.read_bytes())).records) == 1


def test_flags_do_not_reject():
    data = csv_bytes(
        row("DTKS-1"),
        row("DTKS-2", nama="Budi"),  # same NIK as DTKS-1
        row("DTKS-3", nik="3171014506800000", nik_=""),  # serial 0000
        row("DTKS-4", nik="3173020101750004", no_kk="12", no_kks=""),
        row("DTKS-5", nik="3173020101750005", no_kks="6032980000000001"),
    )
    result = parse_roster(data)
    got = {(f.id_dtks, f.code) for f in result.flags}
    assert got == {
        ("DTKS-1", "flag.nik_shared"),
        ("DTKS-2", "flag.nik_shared"),
        ("DTKS-3", "flag.nik_malformed"),
        ("DTKS-4", "flag.kk_malformed"),
        ("DTKS-4", "flag.no_card"),
        ("DTKS-5", "flag.card_malformed"),
    }
    assert result.flagged_families == 5


def test_header_problems_name_the_column():
    header = HEADER.replace("nama,", "").replace("bank", "bank,warna") + ",status"
    got = problems_of(("\n".join([header]) + "\n").encode() + b"x\n")
    assert (1, "warna", "roster.unknown_column") in got
    assert (1, "status", "roster.duplicate_column") in got
    assert (1, "nama", "roster.missing_column") in got


def test_wrong_delimiter():
    data = csv_bytes(row().replace(",", ";"), header=HEADER.replace(",", ";"))
    assert problems_of(data) == [(1, None, "roster.delimiter")]


def test_field_count_and_values_by_line_and_column():
    data = csv_bytes(
        row("DTKS-1"),
        row("DTKS-1"),  # duplicate ID DTKS (and card)
        "DTKS-3,only,three",
        row("DTKS-4", nominal="110.000"),
        row("DTKS-5", nominal="-5"),
        row("DTKS-6", status="aktif"),
        row("DTKS-7", periode="2018-13"),
        row("DTKS-8", nama=""),
        row("DTKS-9", periode=""),
        row("DTKS-10", no_kks=card(1)),  # the card of DTKS-1
        row("DTKS-11", nama="x" * 121),
    )
    got = problems_of(data)
    assert got == [
        (3, "id_dtks", "roster.duplicate"),
        (3, "no_kks", "roster.duplicate_card"),
        (4, None, "roster.field_count"),
        (5, "nominal", "roster.bad_amount"),
        (6, "nominal", "roster.bad_amount"),
        (7, "status", "roster.bad_status"),
        (8, "periode", "roster.bad_period"),
        (9, "nama", "roster.required"),
        (10, "periode", "roster.required"),
        (11, "no_kks", "roster.duplicate_card"),
        (12, "nama", "roster.too_long"),
    ]


def test_duplicate_message_names_first_line_not_the_card():
    data = csv_bytes(row("DTKS-1"), row("DTKS-2", no_kks=card(1)))
    with pytest.raises(ProblemList) as info:
        parse_roster(data)
    text = info.value.problems[0].message("en")
    assert text == "line 3, column no_kks: card number already used on line 2"
    assert card(1) not in text


def test_non_utf8_bytes_give_offset_and_line():
    good = csv_bytes(row("DTKS-1"))
    data = good + row("DTKS-2", nama="Sit\xed").encode("latin-1") + b"\n"
    got = problems_of(data)
    assert got == [(3, None, "roster.encoding")]
    with pytest.raises(ProblemList) as info:
        parse_roster(data)
    offset = len(good) + len("DTKS-2,Sit")
    assert info.value.problems[0].params == {"byte": "0xed", "offset": offset}


def test_utf8_split_across_chunks(monkeypatch):
    monkeypatch.setattr(roster, "CHUNK_BYTES", 7)
    data = csv_bytes(row("DTKS-1", nama="Siti Ñurhayati é"))
    assert parse_roster(data).records[0].nama == "Siti Ñurhayati é"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(data):
    assert problems_of(data) == [(1, None, "roster.empty")]


def test_header_only():
    assert problems_of(csv_bytes()) == [(2, None, "roster.no_rows")]


def test_broken_quoting():
    data = csv_bytes(row("DTKS-1", nama='"Siti" Aminah'))
    assert problems_of(data) == [(2, None, "roster.csv_syntax")]


def test_too_many_problems_stops_early():
    data = csv_bytes(*("a,b" for _ in range(50)))
    got = problems_of(data, max_problems=10)
    assert len(got) == 11
    assert got[-1][2] == "roster.too_many_problems"


def test_size_limit_from_path_and_stream(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 5000)
    assert problems_of(path.read_bytes(), max_bytes=1000) == [(1, None, "roster.too_large")]
    with pytest.raises(ProblemList) as info:
        parse_roster(io.BytesIO(b"y" * (3 * roster.CHUNK_BYTES)), max_bytes=roster.CHUNK_BYTES)
    assert [p.code for p in info.value.problems] == ["roster.too_large"]


def test_overlong_line_is_bounded():
    data = HEADER.encode() + b"\n" + b"z" * (roster.MAX_LINE_CHARS * 3) + b"\n" + b"q" * 10
    got = problems_of(data)
    assert (2, None, "roster.line_too_long") in got


@pytest.mark.slow
def test_200_mb_of_garbage_is_rejected_quickly(tmp_path):
    """Random bytes, bigger than the default size limit and also read with no limit."""
    import random

    path = tmp_path / "garbage.bin"
    rng = random.Random(5)
    block = rng.randbytes(1024 * 1024)
    with path.open("wb") as f:
        for _ in range(200):
            f.write(block)
    with pytest.raises(ProblemList) as info:
        parse_roster(path)
    assert [p.code for p in info.value.problems] == ["roster.too_large"]
    with pytest.raises(ProblemList) as info:
        parse_roster(path, max_bytes=None)
    codes = [p.code for p in info.value.problems]
    assert len(codes) == roster.DEFAULT_MAX_PROBLEMS + 1
    assert codes[-1] == "roster.too_many_problems"
    assert "roster.encoding" in codes


def test_problems_never_echo_a_whole_identifier_from_shifted_columns():
    # A header whose names do not match the data (here 'status' and 'nik' swapped) puts
    # a NIK where a status, period or amount belongs: the message keeps its last 4 only.
    header = HEADER.replace("nik", "TMP").replace("status", "nik").replace("TMP", "status")
    rows = [
        row("DTKS-1", nik="active", status=NIK_W),
        row("DTKS-2", periode=KK[:7], nominal=NIK_M[:12]),
    ]
    with pytest.raises(ProblemList) as info:
        parse_roster(csv_bytes(*rows, header=header))
    texts = [p.message(lang) for p in info.value.problems for lang in ("id", "en")]
    assert any("****0001" in t for t in texts)
    for text in texts:
        for identifier in (NIK_W, NIK_M[:12], KK):
            assert identifier not in text
