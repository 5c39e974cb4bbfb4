"""Rosters as a clerk's Excel leaves them (issue 17, points 2-4): refused with the fix, or
applied without harm. Each test feeds the file in the form it was seen and checks that a
refusal changes nothing (every table byte-for-byte) and that look-ups still work."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from sqlalchemy import select

from ewarong_pos.cli import main
from ewarong_pos.core.errors import DomainError, ProblemList
from ewarong_pos.core.identifiers import keyed_hash, luhn_complete
from ewarong_pos.core.roster import COLUMNS
from ewarong_pos.db.models import Family, Voucher
from ewarong_pos.services.families import _search
from ewarong_pos.services.roster import import_roster
from tests.services.test_roster_import import _allocate, configure, dump

HEADER = ",".join(COLUMNS)


def nik(i: int) -> str:
    # distinct, well-formed NIKs whose last digit runs 1..9 (never 0)
    return f"3171014506{80 + i // 9:02d}{1001 + i % 9:04d}"


def kk(i: int) -> str:
    return f"31710112031{50 + i // 9:02d}{101 + i % 9:03d}"


def card(i: int) -> str:
    return luhn_complete(f"603298{i:09d}")


def row(i: int, **over: str) -> dict[str, str]:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        id_dtks=f"JKT-{i:08d}", nama=f"Keluarga {i}", nik=nik(i), no_kk=kk(i), no_kks=card(i),
        kode_ewarong="EW-3171-0001", status="active", periode="2018-04", nominal="110000",
    )  # fmt: skip
    values.update(over)
    return values


def csv_text(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    lines = [delimiter.join(COLUMNS)]
    lines += [delimiter.join(r[c] for c in COLUMNS) for r in rows]
    return "\r\n".join(lines) + "\r\n"


N = 10


@pytest.fixture
def outlet(ctx, tmp_path):
    configure(ctx, "2018-03", "2018-04")
    path = tmp_path / "good.csv"
    path.write_text(csv_text([row(i) for i in range(1, N + 1)]), "utf-8")
    import_roster(ctx, path)
    return ctx


def refused(ctx, tmp_path, data: bytes, **kw) -> ProblemList:
    before = dump(ctx)
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(ProblemList) as info:
        import_roster(ctx, path, **kw)
    assert dump(ctx) == before  # nothing changed
    return info.value


def found(ctx, query: str) -> list[str]:
    """The counter's look-up (without its audit row): the ID DTKS of each hit."""
    with ctx.db.lookup() as conn:
        return [h.dtks_id for h in _search(conn, ctx.lookup_key, query, 20, None)[1]]


def lookups_work(ctx) -> None:
    for i in (1, 5, N):
        assert found(ctx, nik(i)) == [f"JKT-{i:08d}"]
        assert found(ctx, card(i)) == [f"JKT-{i:08d}"]


# --- identifiers damaged by Excel ----------------------------------------------------------


def zeroed(value: str) -> str:
    return value[:-1] + "0"  # Excel keeps 15 significant digits


def scientific(value: str) -> str:
    return f"{int(value[0])}.{value[1:3]}E+15"  # how Excel shows a 16-digit number


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (zeroed, "roster.excel_zeroed"),
        (scientific, "roster.excel_scientific"),
        (lambda v: "'" + v, "roster.excel_apostrophe"),
        (lambda v: v[:15], "roster.excel_15_digits"),
    ],
)
def test_excel_damaged_identifiers_are_refused_with_the_fix(outlet, tmp_path, damage, code):
    rows = [
        row(i, nik=damage(nik(i)), no_kk=damage(kk(i)), no_kks=damage(card(i)))
        for i in range(1, N + 1)
    ]
    error = refused(outlet, tmp_path, csv_text(rows).encode("utf-8-sig"))
    assert error.code == "roster.rejected_excel"
    codes = {p.code for p in error.problems}
    assert code in codes
    # not a pile of "card already used on line 2": the damage is named, per column
    assert "roster.duplicate_card" not in codes
    assert {p.column for p in error.problems if p.code == code} == {"nik", "no_kk", "no_kks"}
    assert "re-export as text" in error.message("en")
    assert "ekspor ulang sebagai teks" in error.message("id")
    text = "\n".join(p.message("en") for p in error.problems)
    assert nik(1)[:12] not in text  # never an identifier echoed
    lookups_work(outlet)


def test_a_few_zeros_at_the_end_are_normal(outlet, tmp_path):
    # one in ten identifiers ends in 0 by nature: a file with some of them is fine
    rows = [row(i) for i in range(1, N + 1)]
    rows[2]["nik"] = zeroed(nik(3))
    path = tmp_path / "ok.csv"
    path.write_text(csv_text(rows), "utf-8")
    import_roster(outlet, path)


# --- files saved in the wrong form ---------------------------------------------------------


def xlsx_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", text)
    return buf.getvalue()


def zip_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("roster.csv", text)
    return buf.getvalue()


def test_files_excel_saved_in_another_form_say_save_as_csv_utf8(outlet, tmp_path):
    rows = [row(i, nama=f"Keluarga Ñoño {i}") for i in range(1, N + 1)]
    good = csv_text(rows)
    cases = {
        "semicolon": (csv_text(rows, ";").encode("utf-8-sig"), "roster.delimiter"),
        "cp1252": (good.encode("cp1252"), "roster.encoding"),
        "utf16": (csv_text(rows, "\t").encode("utf-16"), "roster.utf16"),
        "xlsx": (xlsx_bytes(good), "roster.xlsx"),
    }
    for name, (data, code) in cases.items():
        error = refused(outlet, tmp_path, data)
        assert code in {p.code for p in error.problems}, name
        assert "'CSV UTF-8 (Comma delimited)'" in error.message("en"), name
        assert "'CSV UTF-8 (Comma delimited)'" in error.message("id"), name
    error = refused(outlet, tmp_path, zip_bytes(good))
    assert [p.code for p in error.problems] == ["roster.zip"]
    assert "extract the .csv file" in error.problems[0].message("en")


def test_a_file_without_header_never_echoes_identifiers(outlet, tmp_path):
    data = "\r\n".join(",".join(row(i)[c] for c in COLUMNS) for i in range(1, 4)).encode()
    error = refused(outlet, tmp_path, data)
    assert [p.code for p in error.problems] == ["roster.no_header"]
    assert nik(1) not in error.problems[0].message("en")


# --- many identifier changes at once -------------------------------------------------------


def test_many_nik_changes_need_the_count_confirmed(outlet, tmp_path):
    wrong_count = 11  # identifier_change_limit(10 known families) is 5
    rows = [row(i, nik=nik(i + 50)) for i in range(1, N + 1)]
    rows.append(row(11))
    rows[0]["no_kk"] = kk(77)  # the same family's KK too: still one family changed
    data = csv_text(rows).encode()
    before = dump(outlet)
    path = tmp_path / "shifted.csv"
    path.write_bytes(data)
    with pytest.raises(DomainError) as info:
        import_roster(outlet, path)
    assert info.value.code == "roster.identifier_changes"
    assert info.value.params == {"count": N, "total": N}
    assert "--accept-identifier-changes 10" in info.value.message("en")
    assert dump(outlet) == before
    lookups_work(outlet)
    with pytest.raises(DomainError):
        import_roster(outlet, path, accept_identifier_changes=wrong_count)  # not the count
    report = import_roster(outlet, path, accept_identifier_changes=N)
    assert report.identifier_changes == N


def test_the_cli_refuses_then_accepts_with_the_count(outlet, tmp_path, capsys):
    rows = [row(i, nik=nik(i + 50)) for i in range(1, N + 1)]
    path = tmp_path / "changes.csv"
    path.write_text(csv_text(rows), "utf-8")
    outlet.close()
    argv = ["--lang", "en", "roster", "import", str(path), "--quiet",
            "--data-dir", str(outlet.data_dir.root)]  # fmt: skip
    assert main(argv) == 2
    assert "changes the NIK/family card number of 10 existing families" in capsys.readouterr().err
    assert main([*argv, "--accept-identifier-changes", "10"]) == 0
    assert "NIK/family card numbers of known families changed: 10" in capsys.readouterr().out


# --- Unicode: one family, one entitlement --------------------------------------------------


def test_an_invisible_character_does_not_make_a_second_family(outlet, tmp_path):
    rows = [row(i) for i in range(1, N + 1)]
    rows[0]["id_dtks"] = "JKT-00000001\u200b"
    rows[1]["nama"] = unicodedata.normalize("NFD", "Siti Nuraéni")  # decomposed é
    path = tmp_path / "zwsp.csv"
    path.write_text(csv_text(rows), "utf-8")
    report = import_roster(outlet, path)
    assert report.families_created == 0 and report.vouchers_created == 0
    assert report.cleaned == 1
    with outlet.db.read() as s:
        assert s.scalar(select(Family.id).where(Family.dtks_id.like("%\u200b%"))) is None
        names = set(s.scalars(select(Family.name)))
        assert unicodedata.normalize("NFC", "Siti Nuraéni") in names
        assert len(list(s.scalars(select(Voucher.id)))) == N
    assert found(outlet, card(1)) == ["JKT-00000001"]


@pytest.mark.parametrize(
    ("value", "code", "char"),
    [("Siti\x07Aminah", "roster.control_char", "U+0007"),
     ("Siti \u202eanimA", "roster.bidi_char", "U+202E")],
)  # fmt: skip
def test_control_and_direction_characters_are_refused_with_line_and_column(
    outlet, tmp_path, value, code, char
):
    rows = [row(i) for i in range(1, N + 1)]
    rows[3]["alamat"] = value
    error = refused(outlet, tmp_path, csv_text(rows).encode())
    [problem] = error.problems
    assert (problem.line, problem.column, problem.code) == (5, "alamat", code)
    assert char in problem.message("en")


def test_a_line_break_inside_a_quoted_address_becomes_a_space(outlet, tmp_path):
    rows = [row(i) for i in range(1, N + 1)]
    rows[0]["alamat"] = '"Jl. Melati 5\nRT 003"'
    path = tmp_path / "altenter.csv"
    path.write_text(csv_text(rows), "utf-8")
    import_roster(outlet, path)
    with outlet.db.read() as s:
        assert "Jl. Melati 5 RT 003" in set(s.scalars(select(Family.address)))


# --- a second family with an existing NIK --------------------------------------------------


@pytest.mark.expect_log("ewarong_pos.services.roster", r"carry a NIK another family holds")
def test_a_new_family_with_a_nik_already_held_is_flagged_loudly(outlet, tmp_path, capsys):
    path = tmp_path / "twin.csv"
    path.write_text(csv_text([row(99, nik=nik(3), no_kks=card(99))]), "utf-8")
    outlet.close()
    code = main(["--lang", "en", "roster", "import", str(path), "--quiet",
                 "--data-dir", str(outlet.data_dir.root)])  # fmt: skip
    assert code == 0
    out = capsys.readouterr()
    assert "ATTENTION: 1 families carry a NIK another family" in out.err
    assert "line 2, DTKS id JKT-00000099: same NIK as DTKS id JKT-00000003" in out.err
    assert nik(3) not in out.out + out.err


@pytest.mark.expect_log("ewarong_pos.services.roster", r"carry a NIK another family holds")
def test_the_nik_conflict_is_stored_on_the_family(outlet, tmp_path):
    path = tmp_path / "twin.csv"
    path.write_text(csv_text([row(99, nik=nik(3), no_kks=card(99))]), "utf-8")
    report = import_roster(outlet, path)
    assert report.nik_conflicts == ((2, "JKT-00000099", "JKT-00000003"),)
    assert report.flagged == 1
    with outlet.db.read() as s:
        fam = s.scalars(select(Family).where(Family.dtks_id == "JKT-00000099")).one()
        assert "flag.nik_existing" in fam.flags
        assert fam.nik_hash == keyed_hash(outlet.lookup_key, "nik", nik(3))


# --- a voucher never below what was used ---------------------------------------------------


def test_a_voucher_is_never_lowered_below_what_was_allocated(outlet, tmp_path):
    _allocate(outlet, "JKT-00000002", "2018-04", 94_500)
    rows = [row(i) for i in range(1, N + 1)]
    rows[1]["nominal"] = "1000"
    error = refused(outlet, tmp_path, csv_text(rows).encode())
    [problem] = error.problems
    assert (problem.line, problem.column, problem.code) == (3, "nominal", "roster.below_allocated")
    assert "Rp 1.000" in problem.message("en") and "Rp 94.500" in problem.message("en")
    # lowering to exactly what was used (or above) is fine: nothing goes negative
    rows[1]["nominal"] = "94500"
    path = tmp_path / "ok.csv"
    path.write_text(csv_text(rows), "utf-8")
    assert import_roster(outlet, path).vouchers_updated == 1
