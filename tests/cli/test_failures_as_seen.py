"""Point 9 of issue 17 in the form each failure was seen, not as a constructed exception:
a roster that is a folder or cannot be read, a report range to the year 9999, a backup to a
USB stick that fills up, and a sale on a PC whose disk is full. Each shows its message (no
traceback, no SQLAlchemy text) and changes nothing.

The full disks are real: a small tmpfs mounted for the test (root is needed to mount; CI
runs as root; elsewhere those two tests are skipped with the reason)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ewarong_pos.cli import main
from ewarong_pos.db.models import AuditLog, JournalEntry, Sale
from ewarong_pos.services import sales
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine
from ewarong_pos.services.verify import verify_journal
from ewarong_pos.ui.i18n import Language
from tests.services.sales_helpers import cheap_pins, raw_connection, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("cheap_pins")
ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from ewarong_pos.cli import main; sys.exit(main(sys.argv[1:]))"


def state(ctx) -> tuple[int, int, int]:
    with ctx.db.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(JournalEntry))),
            int(s.scalar(select(func.count()).select_from(Sale))),
            int(s.scalar(select(func.count()).select_from(AuditLog))),
        )


def db_digest(root: Path) -> list[str | None]:
    return [
        hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
        for p in (root / "outlet.db", root / "outlet.db-wal")
    ]


@contextlib.contextmanager
def small_disk(where: Path, size: str):
    """A real small filesystem at `where` (tmpfs), unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the filesystem says it is full."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as f:
        while True:
            try:
                f.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    return filler


@pytest.fixture
def outlet(tmp_path, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock)
    setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
    data = seed(ctx)
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    yield ctx, data
    ctx.close()


def test_a_folder_as_the_roster_file(outlet, tmp_path, capsys):
    ctx, _ = outlet
    before = state(ctx)
    folder = tmp_path / "roster.csv"
    folder.mkdir()  # a folder that looks like the file
    code = main(["--lang", "en", "roster", "import", str(folder), "--data-dir",
                 str(ctx.data_dir.root)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "is a folder, not a file: name the file" in err
    assert "Traceback" not in err and state(ctx) == before


def test_an_unreadable_roster_file(outlet, tmp_path):
    """Permission denied on the file, for real (as root: without the capabilities that
    let root read anything, as in tests/ui/test_startup_failures.py)."""
    ctx, _ = outlet
    before = state(ctx)
    roster = tmp_path / "roster.csv"
    roster.write_text("id_dtks,nama\n")
    roster.chmod(0)
    unprivileged = (
        [shutil.which("setpriv") or "setpriv", "--inh-caps=-all",
         "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
        if os.geteuid() == 0 else []
    )  # fmt: skip
    try:
        done = subprocess.run(
            [*unprivileged, sys.executable, "-c", CLI, "--lang", "en", "roster", "import",
             str(roster), "--data-dir", str(ctx.data_dir.root)],
            cwd=ROOT, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    finally:
        roster.chmod(0o600)
    assert done.returncode == 2, done.stderr
    assert f"No permission to read or write ({roster})" in done.stderr
    assert "Traceback" not in done.stderr and state(ctx) == before


def test_a_report_range_to_the_year_9999(outlet, tmp_path, capsys):
    ctx, _ = outlet
    root = str(ctx.data_dir.root)
    for kind in ("signals", "stock"):
        out = tmp_path / f"{kind}.csv"
        code = main(["--lang", "en", "report", kind, "--from", "2018-04-01", "--to",
                     "9999-12-31", "--out", str(out), "--data-dir", root])  # fmt: skip
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err and "OverflowError" not in captured.err
        assert code in (0, 2), captured.err
        if code == 0:
            assert out.exists()  # a report up to the last day there is
        else:
            assert captured.err.strip()  # a message, not a silent failure


def test_a_backup_to_a_usb_stick_that_fills_up(outlet, tmp_path, capsys):
    ctx, _ = outlet
    root = ctx.data_dir.root
    with small_disk(tmp_path / "usb", "96k") as usb:
        before, digest = state(ctx), db_digest(root)
        code = main(["--lang", "en", "backup", "--to", str(usb), "--data-dir", str(root)])
        err = capsys.readouterr().err
        left = sorted(p.name for p in usb.iterdir())
    assert code == 2, err
    assert "The disk is full" in err and "Traceback" not in err
    assert left == []  # no hidden .partial and no manifest left on the stick
    assert state(ctx) == before and db_digest(root) == digest


def test_a_sale_on_a_full_disk(tmp_path, clock):
    with small_disk(tmp_path / "disk", "16m") as disk:
        ctx = open_outlet(disk / "data", clock=clock)
        try:
            setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
            data = seed(ctx)
            line = [CartLine(data.products["TLR"], 1000)]
            sales.sell_cash(ctx, data.cashier_id, line, 30_000)
            conn = raw_connection(ctx)  # the next write must grow the -wal
            assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
            conn.close()
            before = state(ctx)
            filler = fill(disk)
            with pytest.raises(Exception) as info:
                sales.sell_cash(ctx, data.cashier_id, line, 30_000)
            shown = {lang: Language(lang).error(info.value) for lang in ("id", "en")}
            assert "The disk is full" in shown["en"] and "Disk penuh" in shown["id"]
            assert "not saved" in shown["en"]
            for text_ in shown.values():
                assert "sqlite" not in text_.lower() and "INSERT" not in text_
            filler.unlink()  # space made: nothing of the failed sale is there, sales go on
            assert state(ctx) == before
            sales.sell_cash(ctx, data.cashier_id, line, 30_000)
            assert verify_journal(ctx).ok
        finally:
            ctx.close()


def test_a_sale_while_another_program_holds_the_database(outlet):
    """'database is locked' at the counter: another program (a second copy of the app, a
    backup tool) holds the write lock past the busy timeout (10 s)."""
    ctx, data = outlet
    before = state(ctx)
    other = raw_connection(ctx)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Exception) as info:
            sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    finally:
        other.rollback()
        other.close()
    shown = {lang: Language(lang).error(info.value) for lang in ("id", "en")}
    assert "in use by another program" in shown["en"] and "dipakai program lain" in shown["id"]
    for text_ in shown.values():
        assert "sqlite" not in text_.lower() and "INSERT" not in text_ and "locked" not in text_
    assert state(ctx) == before
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
