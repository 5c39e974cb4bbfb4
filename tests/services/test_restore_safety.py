"""Restores that never drop sales silently or reuse numbers (issue 17, point 6).

- With the key file lost, a restore with the recovery code still reads the current
  database (same data key): an older backup is refused as older, and once a manager forces
  it, the next receipt is above every receipt ever issued.
- A restore stopped at each of its steps (as a power cut would stop it) leaves either the
  old outlet.db, or the restored one complete with its marker and receipt floor, or no
  outlet.db and the instruction to run the restore again; running it again completes it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ewarong_pos.cli import main
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto
from ewarong_pos.db.models import JournalEntry, Sale
from ewarong_pos.services import backup, keys
from ewarong_pos.services.context import open_outlet
from tests.services.sales_helpers import redeem_rice

# the fixtures (outlet, store, usb, default_key_dir) are in tests/services/conftest.py
pytestmark = pytest.mark.usefixtures("default_key_dir")


class PowerCut(BaseException):
    """Stands for the PC dying: nothing after this point runs, no clean-up either."""


def receipts(ctx) -> list[int]:
    with ctx.db.read() as s:
        return sorted(s.scalars(select(Sale.receipt_seq)))


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_recovery_code_restore_after_a_lost_key_file_still_sees_newer_sales(
    outlet, usb, tmp_path, store, clock
):
    ctx, data = outlet
    code = keys.new_recovery_code(ctx, data.manager_id)
    redeem_rice(ctx, data)
    old = backup.backup_now(ctx, usb)
    for _ in range(3):
        redeem_rice(ctx, data)  # receipts 2..4 exist only in the current file
    ctx.close()
    (tmp_path / "data" / "secrets" / crypto.KEY_FILE).unlink()  # the key file is lost
    before = sorted((p.name, p.read_bytes()) for p in (tmp_path / "data").rglob("*") if p.is_file())
    with pytest.raises(DomainError) as info:
        backup.restore_backup(
            tmp_path / "data", old.path, key_store=store, clock=clock, recovery_code=code
        )
    assert info.value.code == "backup.older_than_current"
    assert "later sales would be lost" in info.value.message("en")
    after = sorted((p.name, p.read_bytes()) for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert after == before  # the refusal changed nothing (no staging copy left either)
    result = backup.restore_backup(
        tmp_path / "data", old.path, key_store=store, clock=clock, recovery_code=code,
        force_stale=True, manager_username=data.manager, manager_pin=data.manager_pin,
    )  # fmt: skip
    assert result.receipt_seq_floor == 4
    again = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    try:
        assert redeem_rice(again, data).receipt_no.endswith("0005")  # never ...0002 again
    finally:
        again.close()


STEPS = ["marker", "move_aside", "keys", "secrets", "replaced"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_a_restore_stopped_at_each_step_is_safe_and_completes_when_run_again(
    outlet, usb, tmp_path, store, clock, monkeypatch, capsys, step
):
    ctx, data = outlet
    redeem_rice(ctx, data)
    made = backup.backup_now(ctx, usb)  # current: restoring it loses nothing
    ctx.close()
    root = tmp_path / "data"

    def cut(name: str) -> None:
        if name == step:
            raise PowerCut(name)

    if step == "marker":
        original = backup._append_marker

        def marker_then_cut(*args, **kwargs):
            original(*args, **kwargs)
            raise PowerCut("marker")

        monkeypatch.setattr(backup, "_append_marker", marker_then_cut)
    else:
        monkeypatch.setattr(backup, "_step", cut)
    with pytest.raises(PowerCut):
        backup.restore_backup(root, made.path, key_store=store, clock=clock)
    monkeypatch.undo()

    if (root / "outlet.db").exists():
        # the old file, or the restored one complete: either opens and sells above #1
        ctx = open_outlet(root, clock=clock, key_store=store)
        try:
            assert redeem_rice(ctx, data).receipt_no.endswith("0002")
        finally:
            ctx.close()
    else:
        # between the two renames: every command says to run the restore again
        assert main(["--lang", "en", "journal", "verify", "--data-dir", str(root)]) == 2
        assert "run 'ewarong restore' again" in capsys.readouterr().err
        assert not (root / "outlet.db").exists()  # nothing made an empty database
        result = backup.restore_backup(root, made.path, key_store=store, clock=clock)
        assert result.receipt_seq_floor == 1
        ctx = open_outlet(root, clock=clock, key_store=store)
        try:
            with ctx.db.read() as s:
                kinds = list(s.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)))
            assert kinds[-1] == backup.RESTORED_KIND
            assert redeem_rice(ctx, data).receipt_no.endswith("0002")
        finally:
            ctx.close()
