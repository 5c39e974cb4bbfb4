"""`ewarong roster import`: summary and flags on success, every problem and exit 2 if not."""

from __future__ import annotations

import datetime as dt

import pytest

from ewarong_pos.cli import main
from ewarong_pos.core.identifiers import luhn_complete
from ewarong_pos.core.roster import COLUMNS
from ewarong_pos.services import catalog
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet

NIK = "3173070101750009"
KK = "3173071203150002"


def line(i: int, **over: str) -> str:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        id_dtks=f"JKT-{i:08d}",
        nama=f"Siti {i}",
        nik=f"31730745068{i:05d}",
        no_kk=KK,
        no_kks=luhn_complete(f"519841{i:09d}"),
        kode_ewarong="EW-3173-0001",
        status="active",
        periode="2018-04",
        nominal="110000",
    )
    values.update(over)
    return ",".join(values[c] for c in COLUMNS)


@pytest.fixture
def data_dir(tmp_path):
    ctx = open_outlet(tmp_path / "data")
    setup_outlet(ctx, "EW-3173-0001", "e-Warong Melati")
    catalog.upsert_categories(ctx, [catalog.CategorySpec("beras", "Beras", "Rice")])
    catalog.upsert_periods(
        ctx,
        [
            catalog.PeriodSpec(
                "2018-04", 110000, ("beras",), dt.date(2018, 4, 1), dt.date(2019, 12, 31)
            )
        ],
    )
    ctx.close()
    return tmp_path / "data"


def write(tmp_path, *rows: str):
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_import_prints_summary_and_flags_without_identifiers(data_dir, tmp_path, capsys):
    path = write(tmp_path, line(1), line(2, nik=NIK), line(3, nik=NIK), line(4, no_kks=""))
    code = main(["--lang", "en", "roster", "import", str(path), "--data-dir", str(data_dir)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Roster roster.csv imported" in out.out
    assert "new families        : 4" in out.out
    assert "flagged families    : 3" in out.out
    assert "line 3, DTKS id JKT-00000002: NIK shared with another family" in out.out
    assert "line 5, DTKS id JKT-00000004: no KKS card on record" in out.out
    assert NIK not in out.out + out.err
    # again, in Indonesian: nothing new
    code = main(["roster", "import", str(path), "--data-dir", str(data_dir), "--quiet"])
    out = capsys.readouterr()
    assert code == 0
    assert "tidak berubah       : 4" in out.out
    assert out.err == ""


def test_bad_file_exits_2_listing_every_problem(data_dir, tmp_path, capsys):
    path = write(
        tmp_path,
        line(1),
        line(1, nama="Dua"),
        line(3, nominal="seratus"),
        line(4, status="aktif", periode="2018-4"),
        "JKT-5,too,few",
    )
    args = ["--lang", "en", "roster", "import", str(path), "--data-dir", str(data_dir)]
    code = main([*args, "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "Roster file rejected: 6 problems; the database was not changed",
        "  line 3, column id_dtks: value 'JKT-00000001' already used on line 2",
        "  line 3, column no_kks: card number already used on line 2",
        "  line 4, column nominal: amount 'seratus' is not a positive rupiah figure",
        "  line 5, column status: unknown status 'aktif' (active, suspended, removed)",
        "  line 5, column periode: period '2018-4' must look like YYYY-MM",
        "  line 6: 3 fields, expected 15",
    ]


def test_bad_file_in_indonesian_and_unknown_period(data_dir, tmp_path, capsys):
    path = write(tmp_path, line(1, periode="2018-05"))
    code = main(["roster", "import", str(path), "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert "baris 2, kolom periode: periode 2018-05 belum dikenal" in err


def test_missing_file_and_size_limit(data_dir, tmp_path, capsys):
    code = main(["roster", "import", str(tmp_path / "nope.csv"), "--data-dir", str(data_dir)])
    assert code == 2
    assert "berkas tidak ditemukan" in capsys.readouterr().err
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    code = main(
        ["--lang", "en", "roster", "import", str(big), "--data-dir", str(data_dir), "--max-mb", "1"]
    )
    assert code == 2
    assert "file too large (2097152 bytes; limit 1048576)" in capsys.readouterr().err
