"""`ewarong journal verify` as a user runs it: the real command line, in a subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ewarong_pos.cli import main
from ewarong_pos.services import sales
from ewarong_pos.services.sales import CartLine
from tests.services.sales_helpers import (
    cheap_pins,  # noqa: F401
    raw_connection,
    seed,
)

pytestmark = pytest.mark.usefixtures("cheap_pins")


def ewarong(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ewarong_pos", *argv], capture_output=True, text=True, timeout=120
    )


def test_verify_subprocess_intact_then_tampered(ctx):
    data = seed(ctx)
    first = sales.redeem(
        ctx, data.cashier_id, data.families["sumiati"], [CartLine(data.products["BRS-MED"], 2000)]
    )
    second = sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    root = str(ctx.data_dir.root)

    done = ewarong("journal", "verify", "--data-dir", root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Jurnal utuh: 4 entri, 2 transaksi")

    conn = raw_connection(ctx)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"DELETE FROM sale WHERE id = {second.sale_id}")
        conn.execute(f"UPDATE sale SET total = 1 WHERE id = {first.sale_id}")
        conn.commit()
    finally:
        conn.close()

    done = ewarong("--lang", "en", "journal", "verify", "--data-dir", root)
    assert done.returncode == 1
    assert "JOURNAL BROKEN" in done.stdout
    assert f"sale K1-0000001 differs from journal entry #{first.journal_seq} (total)" in done.stdout
    assert (
        f"journal entry #{second.journal_seq} (receipt K1-0000002) has no sale in the database"
        in done.stdout
    )


def test_verify_through_main_with_lang_after_the_command(ctx, capsys):
    seed(ctx)
    code = main(["journal", "verify", "--data-dir", str(ctx.data_dir.root), "--lang", "en"])
    assert code == 0
    assert capsys.readouterr().out.startswith("Journal intact: 2 entries, 0 sales")


def test_verify_without_a_database_exits_2(tmp_path):
    done = ewarong("journal", "verify", "--data-dir", str(tmp_path / "empty"))
    assert done.returncode == 2
    assert "Folder data" in done.stderr and "tidak ada" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "empty").exists()
