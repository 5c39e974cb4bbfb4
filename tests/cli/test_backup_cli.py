"""`ewarong backup`, `ewarong restore`, `ewarong recovery-code` on real data folders."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import update

from ewarong_pos import cli
from ewarong_pos.db import crypto
from ewarong_pos.db.models import SyncState
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine, redeem
from tests.services.sales_helpers import seed


@pytest.fixture(autouse=True)
def _only_our_commands(tmp_path, monkeypatch):
    # The default key store of the command line: a folder of this test, never the user's.
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "keys"))
    # Other areas' command modules may be half-built while we work: load ours only.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ["backup"])


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def outlet(tmp_path, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock)
    setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
    data = seed(ctx)
    line = CartLine(data.products["BRS-MED"], 1000)
    redeem(ctx, data.cashier_id, data.families["sumiati"], [line])
    ctx.close()
    return tmp_path / "data", data, clock


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_backup_recovery_code_and_restore_on_a_new_pc(tmp_path, capsys, outlet):
    data_dir, data, _clock = outlet
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run(capsys, "backup", "--data-dir", str(data_dir), "--to", str(usb))
    assert code == 0 and "Backup written and checked" in out and "no recovery code" in out

    code, out, _ = run(
        capsys,
        "recovery-code",
        "--data-dir",
        str(data_dir),
        "--manager",
        data.manager,
        "--pin",
        data.manager_pin,
    )
    assert code == 0
    recovery = out.strip().splitlines()[-1]
    assert len(recovery.replace("-", "")) == 32

    code, out, _ = run(capsys, "backup", "--data-dir", str(data_dir), "--to", str(usb))
    assert code == 0 and "no recovery code" not in out
    newest = max(usb.glob("*.db"), key=lambda p: p.stat().st_mtime_ns)

    # A new PC: fresh data folder, a key store that never saw this outlet's key.
    code, _out, err = run(capsys, "restore", str(newest), "--data-dir", str(tmp_path / "new"))
    assert code == 2 and "recovery code" in err
    code, out, _ = run(
        capsys,
        "restore",
        str(newest),
        "--data-dir",
        str(tmp_path / "new"),
        "--recovery-code",
        recovery,
    )
    assert code == 0 and "Restored from" in out


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_restore_of_a_stale_backup_needs_the_manager(tmp_path, capsys, outlet):
    data_dir, data, clock = outlet
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(capsys, "backup", "--data-dir", str(data_dir), "--to", str(usb))[0] == 0
    backup_file = next(usb.glob("*.db"))
    ctx = open_outlet(data_dir, clock=clock)
    redeem(
        ctx,
        data.cashier_id,
        data.families["sumiati"],
        [CartLine(data.products["BRS-MED"], 500)],
    )
    with ctx.db.write() as s:
        s.execute(update(SyncState).values(acked_seq=99))
    ctx.close()
    before = _sha(data_dir / "outlet.db")

    code, _out, err = run(capsys, "restore", str(backup_file), "--data-dir", str(data_dir))
    assert code == 2 and "central office already holds up to #99" in err
    code, _out, err = run(
        capsys, "restore", str(backup_file), "--data-dir", str(data_dir), "--force-stale"
    )
    assert code == 2 and "username and PIN" in err
    assert _sha(data_dir / "outlet.db") == before

    # The central office's head is beyond anything this PC knows: give it to chain on.
    head = "99:" + "ab" * 32
    code, out, _err = run(
        capsys,
        "restore",
        str(backup_file),
        "--data-dir",
        str(data_dir),
        "--force-stale",
        "--manager",
        data.manager,
        "--pin",
        data.manager_pin,
        "--resume-after",
        head,
    )
    assert code == 0 and "continues after #99" in out and "previous database" in out


def test_not_a_backup_is_refused(tmp_path, capsys, outlet):
    data_dir, _data, _clock = outlet
    stray = tmp_path / "photo.db"
    stray.write_bytes(b"\x89PNG not a database")
    code, _out, err = run(capsys, "restore", str(stray), "--data-dir", str(data_dir))
    assert code == 2 and "not an e-Warong backup" in err
