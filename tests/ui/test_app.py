"""The `ewarong-pos` entry point: options, and the smoke test on a fresh data folder."""

from __future__ import annotations

import pytest

from ewarong_pos import __version__, app


def test_version_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        app.main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_smoke_test_on_a_fresh_folder_exits_zero(tmp_path, capsys, qapp):
    data = tmp_path / "smoke"
    assert app.main(["--smoke-test", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "smoke test passed" in out
    assert (data / "outlet.db").exists()
    assert (data / "smoke-login.png").stat().st_size > 1000
    assert (data / "smoke-main.png").stat().st_size > 1000
    assert (data / "smoke-receipt.escpos").read_bytes().startswith(b"\x1b@")
    assert (data / "smoke-receipt.pdf").read_bytes().startswith(b"%PDF")
    assert list((data / "logs").glob("ewarong-pos.log*"))


@pytest.mark.expect_log("ewarong_pos.app", r"^smoke test failed")
def test_smoke_test_reports_failure_with_non_zero_exit(tmp_path, capsys, qapp):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    assert app.main(["--smoke-test", "--data-dir", str(blocker)]) != 0
    assert "FAIL" in capsys.readouterr().err
