"""Backups while the counter sells, and restores that refuse what they must."""

from __future__ import annotations

import hashlib
import json
import os
import threading

import pytest
from sqlalchemy import func, select, update

from ewarong_pos.core import journal as chain
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto
from ewarong_pos.db.models import AuditLog, Device, Family, JournalEntry, Sale, Setting, SyncState
from ewarong_pos.services import autolock, backup, keys
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.settings import AUTOLOCK_MINUTES, RECEIPT_SEQ_FLOOR
from tests.services.sales_helpers import OUTLET, redeem_rice

# the fixtures (outlet, store, usb, default_key_dir) are in tests/services/conftest.py
pytestmark = pytest.mark.usefixtures("default_key_dir")


def _file_state(path):
    """What a restore must not change: the bytes of the database and its WAL."""
    parts = []
    for side in ("", "-wal"):
        p = path.with_name(path.name + side)
        parts.append(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None)
    return parts


def _sales_in(path, key):
    with backup._opened(path, key) as db, db.read() as s:
        return set(s.scalars(select(Sale.uuid)).all())


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_backup_during_a_burst_of_redemptions_holds_every_sale_committed_before_it(
    outlet, usb, tmp_path, store
):
    ctx, data = outlet
    code = keys.new_recovery_code(ctx, data.manager_id)
    committed: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set() and len(committed) < 60:
                result = redeem_rice(ctx, data, grams=50)
                with lock:
                    committed.append(result.uuid)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    thread = threading.Thread(target=writer, name="burst-writer")
    thread.start()
    snapshots = []
    try:
        for _ in range(3):
            with lock:
                before = list(committed)
            result = backup.backup_now(ctx, usb, reason="timer")
            snapshots.append((before, result))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors
    assert committed, "the writer committed nothing"
    for before, result in snapshots:
        held = _sales_in(result.path, ctx.data_key)
        assert set(before) <= held
        # The backup is consistent: every sale in it has its journal entry, and the manifest
        # describes the file.
        with backup._opened(result.path, ctx.data_key) as db, db.read() as s:
            sales = s.scalar(select(func.count()).select_from(Sale))
            entries = s.scalar(
                select(func.count())
                .select_from(JournalEntry)
                .where(JournalEntry.kind == "sale.redemption")
            )
            assert sales == entries == len(held)
        manifest = json.loads(result.manifest_path.read_text())
        assert manifest["sha256"] == hashlib.sha256(result.path.read_bytes()).hexdigest()
        assert manifest["outlet"] == OUTLET and manifest["device_id"] == ctx.device_id
        assert manifest["last_seq"] == result.last_seq
        assert manifest["created_at"] and manifest["recovery"] and manifest["key_id"]

    # The last backup restores on a new PC (fresh data folder, empty key store) with the
    # recovery code, and the restored database verifies and holds those sales.
    last_before, last = snapshots[-1]
    fresh = tmp_path / "new-pc"
    new_store = crypto.FileKeyStore(tmp_path / "new-pc-keys")
    restored = backup.restore_backup(
        fresh, last.path, key_store=new_store, recovery_code=code, clock=ctx.clock
    )
    assert restored.backup_seq == last.last_seq
    again = open_outlet(fresh, clock=ctx.clock, key_store=new_store)
    try:
        facts = backup._check_file(again.data_dir.db_path, again.data_key)
        assert facts.last_seq == restored.marker_seq
        assert set(last_before) <= _sales_in(again.data_dir.db_path, again.data_key)
        # The keyed-hash key came along: the family's card hash still matches.
        assert again.lookup_key == ctx.lookup_key
        # ... and so did the recovery blob: the same paper code opens the new PC's backups.
        assert keys.key_status(again).recovery_code_set
        assert backup.backup_now(again, usb).recoverable
    finally:
        again.close()


def test_backup_files_hold_no_personal_data_in_the_clear(outlet, usb):
    ctx, data = outlet
    redeem_rice(ctx, data)
    with ctx.db.read() as s:
        family = s.get(Family, data.families["sumiati"])
        secrets_ = [family.name.encode(), family.card_hash.encode(), family.nik_hash.encode()]
    result = backup.backup_now(ctx, usb)
    for path in usb.iterdir():
        blob = path.read_bytes()
        for secret in secrets_:
            assert secret not in blob, (path.name, secret)
    db_path = ctx.data_dir.db_path
    for side in ("", "-wal"):
        blob = db_path.with_name(db_path.name + side).read_bytes()
        for secret in secrets_:
            assert secret not in blob
    assert not list(usb.glob(".*partial*"))
    assert result.recoverable is False  # no recovery code made in this outlet yet


def test_rotation_keeps_the_newest_k(outlet, usb, clock):
    ctx, _data = outlet
    made = []
    for _ in range(4):
        made.append(backup.backup_now(ctx, usb, keep=2))
        clock.advance(hours=1)
    kept = sorted(p.name for p in usb.glob("*.db"))
    assert kept == sorted(r.path.name for r in made[-2:])
    assert len(list(usb.glob("*.json"))) == 2
    assert made[-1].removed == (made[1].path.name,)


@pytest.mark.parametrize("keep", [-1, 0, 366])
def test_a_bad_keep_is_refused_and_removes_nothing(outlet, usb, clock, keep):
    ctx, _data = outlet
    made = [backup.backup_now(ctx, usb)]
    clock.advance(hours=1)
    made.append(backup.backup_now(ctx, usb))
    clock.advance(hours=1)
    with pytest.raises(DomainError) as refused:
        backup.backup_now(ctx, usb, keep=keep)
    assert refused.value.code == "settings.bad_value"
    assert sorted(p.name for p in usb.glob("*.db")) == sorted(r.path.name for r in made)


def test_timer_and_settings(outlet, usb, clock):
    ctx, data = outlet
    with pytest.raises(DomainError) as missing:
        backup.backup_now(ctx, usb / "not-plugged-in")
    assert missing.value.code == "backup.folder_missing"
    backup.set_backup_settings(ctx, data.manager_id, folder=str(usb), keep=3, interval_hours=4)
    assert backup.backup_due(ctx)
    first = backup.backup_if_due(ctx)
    assert first is not None and first.path.parent == usb
    assert backup.backup_if_due(ctx) is None
    clock.advance(hours=4)
    assert backup.backup_if_due(ctx) is not None
    status = backup.backup_status(ctx)
    assert status.folder == str(usb) and not status.same_disk and not status.due
    with pytest.raises(DomainError):
        backup.set_backup_settings(ctx, data.manager_id, keep=0)
    with ctx.db.read() as s:
        changes = s.scalars(
            select(AuditLog.account_id).where(AuditLog.action == "settings.change")
        ).all()
    assert changes == [data.manager_id]


def test_autolock_setting_and_idle_tracker(outlet, clock):
    ctx, data = outlet
    assert autolock.autolock_minutes(ctx) == AUTOLOCK_MINUTES.default
    autolock.set_autolock_minutes(ctx, data.manager_id, 3)
    assert autolock.autolock_minutes(ctx) == 3
    with pytest.raises(DomainError):
        autolock.set_autolock_minutes(ctx, data.manager_id, -1)
    idle = autolock.IdleLock(autolock.autolock_minutes(ctx), clock)
    clock.advance(minutes=2)
    assert not idle.expired()
    idle.touch()
    clock.advance(minutes=2, seconds=59)
    assert not idle.expired() and idle.seconds_left() == 1
    clock.advance(seconds=1)
    assert idle.expired()
    with ctx.db.read() as s:
        actor = s.scalars(
            select(AuditLog.account_id).where(AuditLog.action == "settings.change")
        ).one()
    assert actor == data.manager_id


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_restore_of_a_stale_backup_is_refused_then_approved_without_reusing_numbers(
    outlet, usb, tmp_path, store, clock
):
    ctx, data = outlet
    redeem_rice(ctx, data)
    old = backup.backup_now(ctx, usb)
    for _ in range(3):
        redeem_rice(ctx, data)
    with ctx.db.write() as s:
        head = s.execute(
            select(JournalEntry.seq, JournalEntry.hash)
            .where(JournalEntry.device_id == ctx.device_id)
            .order_by(JournalEntry.seq.desc())
            .limit(1)
        ).one()
        # The central office acknowledged everything up to the head.
        s.execute(update(SyncState).values(acked_seq=head.seq))
    device_id = ctx.device_id
    ctx.close()
    db_path = tmp_path / "data" / "outlet.db"
    state = _file_state(db_path)

    with pytest.raises(DomainError) as stale:
        backup.restore_backup(tmp_path / "data", old.path, key_store=store, clock=clock)
    assert stale.value.code == "backup.stale"
    assert f"#{head.seq}" in stale.value.message("en")
    assert _file_state(db_path) == state
    with pytest.raises(DomainError) as wrong_pin:
        backup.restore_backup(
            tmp_path / "data",
            old.path,
            key_store=store,
            clock=clock,
            force_stale=True,
            manager_username=data.manager,
            manager_pin="0000",
        )
    assert wrong_pin.value.code == "auth.wrong_pin"
    assert not list((tmp_path / "data").glob("*.restoring*"))

    result = backup.restore_backup(
        tmp_path / "data",
        old.path,
        key_store=store,
        clock=clock,
        force_stale=True,
        manager_username=data.manager,
        manager_pin=data.manager_pin,
    )
    assert result.forced and result.previous is not None and result.previous.exists()
    assert result.resume_after_seq == head.seq and result.marker_seq == head.seq + 1
    assert result.receipt_seq_floor == 4  # four receipts were issued before the restore

    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    try:
        marker = backup._check_file(ctx.data_dir.db_path, ctx.data_key)
        assert marker.last_seq == head.seq + 1
        with ctx.db.read() as s:
            entry = s.scalars(select(JournalEntry).where(JournalEntry.seq == head.seq + 1)).one()
            # Chained to the central office's last entry: its chain continues unbroken.
            assert entry.kind == backup.RESTORED_KIND and entry.prev_hash == head.hash
            payload = json.loads(entry.payload)
            assert payload["backup_seq"] == old.last_seq
            assert payload["approved_by"] == data.manager
            audit_row = s.scalars(select(AuditLog).where(AuditLog.action == "backup.restore")).one()
            assert audit_row.account_id == data.manager_id
            assert s.get(Setting, RECEIPT_SEQ_FLOOR.key).value == "4"
            # Sync pushes from the marker on: the central office holds up to the head.
            assert s.get(SyncState, device_id).acked_seq == head.seq
        # The next fact takes the next number: none already acknowledged is reused.
        nxt = redeem_rice(ctx, data)
        assert nxt.journal_seq == head.seq + 2
        assert ctx.device_id == device_id
    finally:
        ctx.close()


def test_restore_refuses_a_foreign_backup_and_changes_nothing(outlet, usb, tmp_path, store, clock):
    ctx, _data = outlet
    ours = backup.backup_now(ctx, usb)
    ctx.close()
    # Another outlet, its own key and recovery code.
    other_store = crypto.FileKeyStore(tmp_path / "other-keys")
    other = open_outlet(tmp_path / "other", clock=clock, key_store=other_store)
    setup_outlet(other, "EW-3171-0099", "e-Warong Mawar")
    other_code = keys.new_recovery_code(other, None)
    other_usb = tmp_path / "other-usb"
    other_usb.mkdir()
    foreign = backup.backup_now(other, other_usb)
    other.close()

    db_path = tmp_path / "data" / "outlet.db"
    state = _file_state(db_path)
    with pytest.raises(DomainError) as wrong_key:
        backup.restore_backup(tmp_path / "data", foreign.path, key_store=store, clock=clock)
    assert wrong_key.value.code == "backup.wrong_key"
    with pytest.raises(DomainError) as foreign_outlet:
        backup.restore_backup(
            tmp_path / "data",
            foreign.path,
            key_store=store,
            clock=clock,
            recovery_code=other_code,
        )
    assert foreign_outlet.value.code == "backup.foreign_outlet"
    assert "EW-3171-0099" in foreign_outlet.value.message("en")
    assert _file_state(db_path) == state
    assert not list((tmp_path / "data").glob("*.restoring*"))
    assert not list((tmp_path / "data").glob("*before-restore*"))

    # A damaged copy, a file that is no database, a file with no manifest.
    damaged = usb / "damaged.db"
    blob = bytearray(ours.path.read_bytes())
    blob[5000] ^= 0xFF
    damaged.write_bytes(bytes(blob))
    manifest = json.loads(ours.manifest_path.read_text())
    (usb / "damaged.json").write_text(json.dumps({**manifest, "file": "damaged.db"}))
    with pytest.raises(DomainError) as caught:
        backup.restore_backup(tmp_path / "data", damaged, key_store=store, clock=clock)
    assert caught.value.code == "backup.damaged"

    junk = usb / "junk.db"
    junk.write_bytes(os.urandom(8192))
    digest = hashlib.sha256(junk.read_bytes()).hexdigest()
    (usb / "junk.json").write_text(json.dumps({**manifest, "file": "junk.db", "sha256": digest}))
    with pytest.raises(DomainError) as caught:
        backup.restore_backup(tmp_path / "data", junk, key_store=store, clock=clock)
    assert caught.value.code in ("safety.wrong_key", "backup.verify_failed")

    lonely = usb / "lonely.db"
    lonely.write_bytes(ours.path.read_bytes())
    with pytest.raises(DomainError) as caught:
        backup.restore_backup(tmp_path / "data", lonely, key_store=store, clock=clock)
    assert caught.value.code == "backup.no_manifest"
    assert _file_state(db_path) == state


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_restore_of_a_current_backup_needs_no_approval_and_keeps_the_old_file(
    outlet, usb, tmp_path, store, clock
):
    ctx, data = outlet
    redeem_rice(ctx, data)
    made = backup.backup_now(ctx, usb)
    ctx.close()
    result = backup.restore_backup(tmp_path / "data", made.path, key_store=store, clock=clock)
    assert not result.forced and result.marker_seq == made.last_seq + 1
    assert result.previous is not None and crypto.file_kind(result.previous) == "other"
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    try:
        with ctx.db.read() as s:
            marker = s.scalars(
                select(JournalEntry).where(JournalEntry.seq == made.last_seq + 1)
            ).one()
            assert marker.prev_hash == made.last_hash
        entries = []
        with ctx.db.read() as s:
            from ewarong_pos.db.journal import iter_entries

            entries = list(iter_entries(s, ctx.device_id))
        assert chain.verify_chain(entries) is None  # no gap: an ordinary chained entry
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restore marker moved")
@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_new_pc_rechains_after_the_central_office_head(outlet, usb, tmp_path, clock):
    """Device loss: the backup is older than what the lost PC pushed; once the central
    office tells its head (re-enrollment), the restore marker moves after it."""
    ctx, data = outlet
    code = keys.new_recovery_code(ctx, data.manager_id)
    redeem_rice(ctx, data)
    made = backup.backup_now(ctx, usb)
    for _ in range(2):
        redeem_rice(ctx, data)
    with ctx.db.read() as s:
        from ewarong_pos.db.journal import iter_entries

        central_copy = list(iter_entries(s, ctx.device_id))  # what the lost PC had pushed
        receipts = s.scalar(select(func.max(Sale.receipt_seq)))
    head = central_copy[-1]
    ctx.close()

    new_store = crypto.FileKeyStore(tmp_path / "new-keys")
    restored = backup.restore_backup(
        tmp_path / "new", made.path, key_store=new_store, recovery_code=code, clock=clock
    )
    assert restored.marker_seq == made.last_seq + 1  # the new PC knew no better yet
    new = open_outlet(tmp_path / "new", clock=clock, key_store=new_store)
    try:
        moved = backup.rechain_after_central(new, head.seq, head.hash, receipt_seq_max=receipts)
        assert moved == head.seq + 1
        assert backup.rechain_after_central(new, head.seq, head.hash) is None  # idempotent
        with new.db.read() as s:
            marker = s.scalars(select(JournalEntry).where(JournalEntry.seq == moved)).one()
            entry = chain.Entry(
                marker.device_id,
                marker.seq,
                marker.uuid,
                marker.kind,
                marker.at,
                json.loads(marker.payload),
                marker.prev_hash,
                marker.hash,
            )
            assert s.get(SyncState, new.device_id).acked_seq == head.seq
            assert s.get(Setting, RECEIPT_SEQ_FLOOR.key).value == str(receipts)
            # the clock mark names the marker where it now is, not the seq it left
            device = s.get(Device, new.device_id)
            assert (device.clock_high_at, device.clock_high_seq) == (marker.at, moved)
        # The central office's chain continues with the marker, and ours verifies.
        assert chain.verify_chain([entry], start_seq=head.seq + 1, start_hash=head.hash) is None
        assert backup._check_file(new.data_dir.db_path, new.data_key).last_seq == moved
        nxt = redeem_rice(new, data)
        assert nxt.journal_seq == moved + 1
        with pytest.raises(DomainError) as late:  # facts after the marker: too late to move
            backup.rechain_after_central(new, head.seq + 5, "ab" * 32)
        assert late.value.code == "backup.rechain_refused"
    finally:
        new.close()
