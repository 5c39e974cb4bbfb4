"""`ewarong restore` killed for real at each of its steps (issue 17, point 6: "killed at
chosen points, restore can leave no outlet.db or lose the receipt floor").

The restore runs in a child process that SIGKILLs itself at the named step
(`backup.KILL_AT_ENV`, inert unless set): no `finally`, no clean-up, as a power cut. The
outlet being replaced was itself left by a killed process, so its last sales are still in
its `-wal`. After each kill:

- the folder holds an outlet.db (the old one with every sale, or the restored one complete
  with its marker and receipt floor), or no outlet.db and every command says to run the
  restore again (never an empty new database);
- the next restore completes;
- the next sale's receipt number is above every receipt ever issued, and
  `journal verify` is intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ewarong_pos.cli import main
from ewarong_pos.db import crypto
from ewarong_pos.db.models import JournalEntry, Sale
from ewarong_pos.services import backup
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine, sell_cash
from ewarong_pos.services.settings import RECEIPT_SEQ_FLOOR
from ewarong_pos.services.verify import verify_journal
from tests.services.sales_helpers import MANAGER_PIN, cheap_pins, seed  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
# step -> what the folder holds after the kill: the old outlet.db, the restored one, or none
STEPS = {
    "copied": "old", "checked": "old", "marker": "old", "staged": "old", "move_aside": "old",
    "aside-db": "none", "keys": "none", "secrets": "none",
    "replaced": "restored", "reopened": "restored",
}  # fmt: skip
CLI = "import sys; from ewarong_pos.cli import main; sys.exit(main(sys.argv[1:]))"
ISSUED = 4  # receipts ever issued: 1 before the backup, 2..4 after it

# Two cash sales after the backup, then SIGKILL before closing: they stay in the -wal.
SELL_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import select
    from ewarong_pos.db.models import Account, Product
    from ewarong_pos.services.context import open_outlet
    from ewarong_pos.services.sales import CartLine, sell_cash
    ctx = open_outlet(sys.argv[1])
    with ctx.db.read() as s:
        cashier = s.scalar(select(Account.id).where(Account.username == "siti"))
        product = s.scalar(select(Product.id).where(Product.sku == "TLR"))
    for _ in range(2):
        sell_cash(ctx, cashier, [CartLine(product, 1000)], 50_000)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _cash_sale(ctx):
    with ctx.db.read() as s:
        from ewarong_pos.db.models import Account, Product

        cashier = s.scalar(select(Account.id).where(Account.username == "siti"))
        product = s.scalar(select(Product.id).where(Product.sku == "TLR"))
    return sell_cash(ctx, cashier, [CartLine(product, 1000)], 50_000)


def _receipts_known(root: Path) -> int:
    """The highest receipt number the outlet.db knows was issued: its sales, or the floor a
    restore recorded (`sales.receipt_seq_floor`), which the next sale numbers above."""
    ctx = open_outlet(root)
    try:
        with ctx.db.read() as s:
            sold = int(s.scalar(select(func.max(Sale.receipt_seq))) or 0)
            return max(sold, int(RECEIPT_SEQ_FLOOR.get(s) or 0))
    finally:
        ctx.close()


def _last_kind(root: Path) -> str:
    ctx = open_outlet(root)
    try:
        with ctx.db.read() as s:
            return str(s.scalar(select(JournalEntry.kind).order_by(JournalEntry.seq.desc())))
    finally:
        ctx.close()


def _restore_command(root: Path, backup_file: Path) -> list[str]:
    return [
        sys.executable, "-c", CLI, "--lang", "en", "restore", str(backup_file),
        "--data-dir", str(root), "--force-stale", "--manager", "bu.rina", "--pin", MANAGER_PIN,
    ]  # fmt: skip


@pytest.fixture
def outlet(tmp_path, monkeypatch, cheap_pins):  # noqa: F811
    """An outlet with receipt 1 in its backup and receipts 2..4 only in its live file (the
    last two in the -wal of a process that was killed)."""
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "keys"))
    root = tmp_path / "data"
    ctx = open_outlet(root)
    setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
    seed(ctx)
    _cash_sale(ctx)
    (tmp_path / "usb").mkdir()
    made = backup.backup_now(ctx, tmp_path / "usb")
    _cash_sale(ctx)
    ctx.close()
    died = subprocess.run(
        [sys.executable, "-c", SELL_AND_DIE, str(root)], cwd=ROOT, capture_output=True, timeout=180
    )
    assert died.returncode == -signal.SIGKILL, died.stderr[-2000:]
    assert (root / "outlet.db-wal").stat().st_size > 0  # the last sales are in the WAL
    return root, made.path


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_restore_killed_at_each_step(outlet, step, capsys):
    root, backup_file = outlet
    killed = subprocess.run(
        _restore_command(root, backup_file),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, backup.KILL_AT_ENV: step},
    )
    assert killed.returncode == -signal.SIGKILL, (killed.stdout, killed.stderr[-2000:])

    # 1. an outlet.db (old or restored, never an empty new one) or a clear instruction
    if (root / "outlet.db").exists():
        assert STEPS[step] != "none"
        assert _last_kind(root) == (
            backup.RESTORED_KIND if STEPS[step] == "restored" else "sale.cash"
        )
        assert _receipts_known(root) == ISSUED  # the old file's sales, or the restore's floor
        code = main(["--lang", "en", "journal", "verify", "--data-dir", str(root)])
        assert code == 0, capsys.readouterr()
    else:
        assert STEPS[step] == "none"
        code = main(["--lang", "en", "journal", "verify", "--data-dir", str(root)])
        assert code == 2
        assert "run 'ewarong restore' again" in capsys.readouterr().err
        assert not (root / "outlet.db").exists()  # nothing made an empty database
    capsys.readouterr()

    # 2. the restore run again completes
    again = subprocess.run(
        _restore_command(root, backup_file), cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, (again.stdout, again.stderr[-2000:])
    assert "Traceback" not in again.stderr

    # 3. the next receipt is above everything ever issued; the journal is intact
    ctx = open_outlet(root)
    try:
        result = _cash_sale(ctx)
        assert result.receipt_no.endswith(f"{ISSUED + 1:07d}"), result.receipt_no
        report = verify_journal(ctx)
        assert report.ok, [p.message("en") for p in report.problems]
    finally:
        ctx.close()
