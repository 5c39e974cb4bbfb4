"""Damaged files are reported as damage (issue 17, point 7): `journal verify` on a database
with flipped bits exits 1 naming what SQLCipher found, never a traceback; a voucher edited
behind the app's back (its amount below what was drawn) is a verify finding."""

from __future__ import annotations

import pytest

from ewarong_pos.cli import main
from ewarong_pos.services import sales
from ewarong_pos.services.sales import CartLine
from ewarong_pos.services.verify import verify_journal
from tests.services.sales_helpers import cheap_pins, raw_connection, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("cheap_pins")


def test_flipped_bits_are_reported_as_damage_with_exit_1(ctx, capsys):
    data = seed(ctx)
    for _ in range(3):
        sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    root = ctx.data_dir.root
    ctx.close()
    path = root / "outlet.db"
    raw = bytearray(path.read_bytes())
    for offset in range(4096 * 3 + 100, 4096 * 3 + 164):  # inside page 4
        raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    code = main(["--lang", "en", "journal", "verify", "--data-dir", str(root)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "DAMAGED DATABASE" in out and "Do not keep selling" in out
    assert "Traceback" not in out + err
    assert "page" in out.lower()  # SQLCipher names the page whose HMAC failed


def test_a_voucher_edited_below_what_was_drawn_is_a_finding(ctx):
    data = seed(ctx)
    sales.redeem(
        ctx, data.cashier_id, data.families["sumiati"], [CartLine(data.products["BRS-MED"], 5000)]
    )
    assert verify_journal(ctx).ok
    conn = raw_connection(ctx)
    conn.execute("UPDATE voucher SET amount = 1000")
    conn.commit()
    conn.close()
    report = verify_journal(ctx)
    assert not report.ok
    found = [p for p in report.problems if p.code == "verify.voucher_overdrawn"]
    assert found and "edited outside the app" in found[0].message("en")


def test_a_voucher_overdrawn_by_another_till_is_not_an_edit(ctx):
    """Two tills offline drew one voucher; the office then reports the other till's part
    (`redeemed_elsewhere`) and the remaining here goes below zero: a dispute, not damage."""
    data = seed(ctx)
    sales.redeem(
        ctx, data.cashier_id, data.families["sumiati"], [CartLine(data.products["BRS-MED"], 5000)]
    )
    conn = raw_connection(ctx)
    amount = conn.execute(
        "SELECT amount FROM voucher v WHERE EXISTS "
        "(SELECT 1 FROM voucher_allocation a WHERE a.voucher_id = v.id)"
    ).fetchone()[0]
    conn.execute(
        "UPDATE voucher SET redeemed_elsewhere = amount WHERE EXISTS "
        "(SELECT 1 FROM voucher_allocation a WHERE a.voucher_id = voucher.id)"
    )
    conn.commit()
    below = conn.execute(
        "SELECT v.amount - v.redeemed_elsewhere - SUM(a.amount) FROM voucher v "
        "JOIN voucher_allocation a ON a.voucher_id = v.id GROUP BY v.id"
    ).fetchone()[0]
    conn.close()
    assert amount > 0 and below < 0  # the remaining shown at the counter is below zero
    report = verify_journal(ctx)
    assert report.ok, [p.code for p in report.problems]


def test_a_killed_backups_hidden_partial_is_removed_by_the_next_backup(ctx, tmp_path):
    import os
    import time

    from ewarong_pos.services import backup

    seed(ctx)
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = usb / ".ewarong-EW-3171-0001-K1-20180412T010000Z.db.partial"
    stale.write_bytes(b"\0" * 8_000_000)  # what a SIGKILL mid-copy leaves
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = usb / ".ewarong-EW-3171-0001-K1-20180412T015900Z.db.partial"
    fresh.write_bytes(b"\0")  # a backup running right now in another process: kept
    other = usb / ".ewarong-EW-9999-0001-K1-20180412T010000Z.db.partial"
    other.write_bytes(b"\0")
    os.utime(other, (old, old))  # another outlet's: never touched
    backup.backup_now(ctx, usb)
    assert not stale.exists() and fresh.exists() and other.exists()


def test_resume_after_garbage_is_a_message(ctx, capsys, tmp_path):
    root = str(ctx.data_dir.root)
    ctx.close()
    code = main(["--lang", "en", "restore", str(tmp_path / "x.db"), "--resume-after", "garbage",
                 "--data-dir", root])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "--resume-after wants SEQ:HASH" in err and "Traceback" not in err
