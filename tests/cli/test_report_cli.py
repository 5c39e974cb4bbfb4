"""`ewarong report` / `receipt` on bad input: a clear refusal, no traceback."""

from __future__ import annotations

import pytest

from ewarong_pos.cli import main
from ewarong_pos.services import sales
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.sales import CartLine
from tests.services.sales_helpers import cheap_pins, seed  # noqa: F401


@pytest.mark.parametrize("kind", ["daily", "monthly", "prices", "signals"])
def test_report_on_a_missing_data_dir_refuses_and_creates_nothing(tmp_path, capsys, kind):
    missing = tmp_path / "missing"
    out = tmp_path / "r.csv"
    code = main(["--lang", "en", "report", kind, "--out", str(out), "--data-dir", str(missing)])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()
    assert not out.exists()


def test_report_on_an_empty_database_refuses(tmp_path, capsys):
    open_outlet(tmp_path / "empty").close()  # database and keys, but no outlet set up
    out = tmp_path / "r.pdf"
    code = main(["report", "daily", "--out", str(out), "--data-dir", str(tmp_path / "empty")])
    assert code == 2
    assert "belum disiapkan" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.usefixtures("cheap_pins")
def test_report_and_receipt_into_a_missing_folder_refuse_clearly(ctx, tmp_path, capsys):
    data = seed(ctx)
    sale = sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    root = str(ctx.data_dir.root)
    out = tmp_path / "no-such-folder" / "prices.csv"
    assert main(["--lang", "en", "report", "prices", "--out", str(out), "--data-dir", root]) == 2
    assert f"Cannot write {out}" in capsys.readouterr().err
    out = tmp_path / "no-such-folder" / "receipt.txt"
    assert main(["receipt", sale.receipt_no, "--out", str(out), "--data-dir", root]) == 2
    assert f"Tidak dapat menulis {out}" in capsys.readouterr().err
    assert not out.parent.exists()
