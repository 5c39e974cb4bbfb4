"""`ewarong report` on a data folder without a set-up outlet: a clear refusal, no traceback."""

from __future__ import annotations

import pytest

from ewarong_pos.cli import main
from ewarong_pos.services.context import open_outlet


@pytest.mark.parametrize("kind", ["daily", "monthly", "prices", "signals"])
def test_report_on_a_missing_data_dir_refuses_and_creates_nothing(tmp_path, capsys, kind):
    missing = tmp_path / "missing"
    out = tmp_path / "r.csv"
    code = main(["--lang", "en", "report", kind, "--out", str(out), "--data-dir", str(missing)])
    assert code == 2
    assert "not set up" in capsys.readouterr().err
    assert not missing.exists()
    assert not out.exists()


def test_report_on_an_empty_database_refuses(tmp_path, capsys):
    open_outlet(tmp_path / "empty").close()  # database and keys, but no outlet set up
    out = tmp_path / "r.pdf"
    code = main(["report", "daily", "--out", str(out), "--data-dir", str(tmp_path / "empty")])
    assert code == 2
    assert "belum disiapkan" in capsys.readouterr().err
    assert not out.exists()
