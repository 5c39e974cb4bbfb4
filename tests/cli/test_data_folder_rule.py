"""One rule for data folders (issue 17, point 8): a mistyped --data-dir never becomes an outlet.

Every command that works on an existing outlet, given a path that is not a set-up outlet's
folder, exits 2 with a message that says what is wrong and creates nothing: no folder, no
database, no key file, no secrets. Only demo, restore and the first-start set-up create one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ewarong_pos.cli import main
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet


def commands(folder: Path, tmp_path: Path) -> list[list[str]]:
    roster = tmp_path / "roster.csv"
    roster.write_text("id_dtks,nama\nJKT-00000001,Siti\n", "utf-8")
    d = ["--data-dir", str(folder)]
    return [
        ["receipt", "K1-0000001", "--out", str(tmp_path / "r.txt"), *d],
        ["backup", *d],
        ["sync", *d],
        ["sync", *d, "status"],
        ["sync", *d, "export", str(tmp_path / "out.json")],
        ["enroll", "http://127.0.0.1:9", "ABCD-EFGH-JKLM", *d],
        ["roster", "import", str(roster), *d],
        ["recovery-code", *d],
        ["rebuild", *d],
        ["journal", "verify", *d],
        ["report", "daily", "--out", str(tmp_path / "r.csv"), *d],
    ]


def snapshot(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("index", range(11))
def test_a_typo_folder_is_refused_and_never_created(tmp_path, capsys, index, monkeypatch):
    monkeypatch.setenv("EWARONG_KEY_DIR", str(tmp_path / "keys"))
    typo = tmp_path / "ewarong-dta"
    argv = commands(typo, tmp_path)[index]
    before = snapshot(tmp_path)
    code = main(["--lang", "en", *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "does not exist; check --data-dir for a typo" in err
    assert "Traceback" not in err
    assert not typo.exists()
    assert snapshot(tmp_path) == before  # not even a key in the key folder


@pytest.mark.parametrize("index", range(11))
def test_an_existing_folder_that_is_not_an_outlet_stays_untouched(tmp_path, capsys, index):
    other = tmp_path / "Documents"
    other.mkdir()
    (other / "letter.txt").write_text("hello", "utf-8")
    argv = commands(other, tmp_path)[index]
    code = main(["--lang", "id", *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "bukan folder data outlet" in err
    assert snapshot(other) == ["letter.txt"]


def test_a_data_dir_naming_a_file_is_refused(tmp_path, capsys):
    file = tmp_path / "outlet.db"
    file.write_bytes(b"x" * 10)
    code = main(["--lang", "en", "backup", "--data-dir", str(file)])
    assert code == 2
    assert "is a file, not an outlet's data folder" in capsys.readouterr().err
    assert file.read_bytes() == b"x" * 10


def test_a_database_without_an_outlet_is_refused(tmp_path, capsys):
    ctx = open_outlet(tmp_path / "half")  # a first start that never finished its set-up
    ctx.close()
    before = snapshot(tmp_path / "half")
    code = main(["--lang", "en", "roster", "import", str(tmp_path / "x.csv"),
                 "--data-dir", str(tmp_path / "half")])  # fmt: skip
    assert code == 2
    code = main(["--lang", "en", "recovery-code", "--data-dir", str(tmp_path / "half")])
    assert code == 2
    assert "No outlet is set up in data folder" in capsys.readouterr().err
    assert snapshot(tmp_path / "half") == before


def test_a_lost_database_beside_its_key_says_restore(tmp_path, capsys):
    ctx = open_outlet(tmp_path / "data")
    setup_outlet(ctx, "EW-3173-0001", "e-Warong Melati")
    ctx.close()
    for name in os.listdir(tmp_path / "data"):
        if name.startswith("outlet.db"):
            os.remove(tmp_path / "data" / name)
    code = main(["--lang", "en", "sync", "--data-dir", str(tmp_path / "data"), "status"])
    assert code == 2
    err = capsys.readouterr().err
    assert "outlet.db is missing" in err and "ewarong restore" in err
    assert not (tmp_path / "data" / "outlet.db").exists()


def test_a_truncated_database_is_not_replaced_by_an_empty_one(tmp_path, capsys):
    ctx = open_outlet(tmp_path / "data")
    setup_outlet(ctx, "EW-3173-0001", "e-Warong Melati")
    ctx.close()
    (tmp_path / "data" / "outlet.db").write_bytes(b"")
    code = main(["--lang", "en", "backup", "--data-dir", str(tmp_path / "data")])
    assert code == 2
    assert "is empty (0 bytes" in capsys.readouterr().err
    assert (tmp_path / "data" / "outlet.db").stat().st_size == 0


def test_a_lost_lookup_key_is_not_silently_replaced(tmp_path, capsys):
    ctx = open_outlet(tmp_path / "data")
    setup_outlet(ctx, "EW-3173-0001", "e-Warong Melati")
    ctx.close()
    (tmp_path / "data" / "secrets" / "lookup.key").unlink()
    code = main(["--lang", "en", "journal", "verify", "--data-dir", str(tmp_path / "data")])
    assert code == 2
    assert "look-up key (secrets/lookup.key) is missing" in capsys.readouterr().err
    assert not (tmp_path / "data" / "secrets" / "lookup.key").exists()


def test_demo_may_create_its_folder(tmp_path, capsys):
    code = main(["demo", "--data-dir", str(tmp_path / "new"), "--kpm", "5", "--months", "1",
                 "--quiet"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "new" / "outlet.db").exists()
