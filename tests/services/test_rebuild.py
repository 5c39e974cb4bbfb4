"""Device loss end to end: a new PC restores the last backup, re-enrolls with a new code
and gets back from the real central office (uvicorn on loopback) every fact it had
uploaded since; a foreign history is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Refusal as CentralRefusal
from ewarong_pos.cli import main
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import crypto, journal
from ewarong_pos.db.models import (
    Account,
    AuditLog,
    Family,
    JournalEntry,
    Product,
    Sale,
    SyncState,
    Voucher,
)
from ewarong_pos.db.queries import on_hand, voucher_remaining
from ewarong_pos.services import (
    backup,
    business_day,
    day,
    keys,
    rebuild,
    sales,
    shifts,
    stock,
    sync,
)
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.verify import verify_journal
from ewarong_pos.sync.client import CentralClient, Refusal
from ewarong_pos.sync.transport import HttpTransport
from tests.sync.harness import (
    Service,
    enrollment_code,
    env_postgres,
    make_outlet,
    postgres_database,
    seed_central,
)

OUTLET = "EW-1"
FAMILIES = {OUTLET: ["D1", "D2", "D3"]}


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "old-pc-keys"))


@pytest.fixture
def central_db(request, tmp_path):
    """SQLite; the end-to-end test also runs on PostgreSQL when EWARONG_TEST_POSTGRES_URL
    is set (as .ci/run does)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    with postgres_database(base) as url:
        yield url


@pytest.fixture
def service(central_db, tmp_path, clock):
    svc = Service(central_db, clock=clock)
    seed_central(svc.central, tmp_path, FAMILIES, clock())
    with svc.central.session() as s, s.begin():
        admin.add_account(s, OUTLET, "kasir", "Siti", "cashier", "1357")
        admin.add_account(s, OUTLET, "bu.rina", "Rina", "manager", "2468")
    yield svc
    svc.stop()


def _ids(ctx):
    with ctx.db.read() as s:
        return (
            dict(s.execute(select(Account.username, Account.id)).all()),
            dict(s.execute(select(Product.sku, Product.id)).all()),
            dict(s.execute(select(Family.dtks_id, Family.id)).all()),
        )


def _state(ctx):
    """What the outlet knows: sales by receipt, vouchers' remaining, stock on hand."""
    with ctx.db.read() as s:
        receipts = dict(s.execute(select(Sale.receipt_no, Sale.uuid)).all())
        codes = dict(s.execute(select(Voucher.id, Voucher.code)).all())
        vouchers = {codes[i]: left for i, left in voucher_remaining(s, codes).items()}
        skus = dict(s.execute(select(Product.id, Product.sku)).all())
        products = {skus[i]: qty for i, qty in on_hand(s, skus).items()}
    return receipts, vouchers, products


def _journal(ctx):
    with ctx.db.read() as s:
        return s.execute(
            select(JournalEntry.seq, JournalEntry.hash).order_by(JournalEntry.seq)
        ).all()


def _sell(ctx, family, sku="BRS-M-5", qty=1000):
    accounts, products, families = _ids(ctx)
    return sales.redeem(
        ctx, accounts["kasir"], families[family], [sales.CartLine(products[sku], qty)]
    )


def _cash(ctx, sku="MNY-1"):
    accounts, products, _ = _ids(ctx)
    return sales.sell_cash(ctx, accounts["kasir"], [sales.CartLine(products[sku], 1000)], 20_000)


def _deliver(ctx, number):
    accounts, products, _ = _ids(ctx)
    return stock.receive_delivery(
        ctx,
        accounts["bu.rina"],
        "Bulog",
        number,
        [
            stock.DeliveryLine(products["BRS-M-5"], 20_000, 45_000),
            stock.DeliveryLine(products["MNY-1"], 10_000, 12_000),
        ],
    )


def _old_pc(service, tmp_path, clock, usb):
    """An outlet that sells, backs up, sells more (a void, a delivery, a day close) and
    syncs. Returns (context, recovery code, backup)."""
    ctx = make_outlet(tmp_path / "old", OUTLET, clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
    sync.sync_now(ctx)
    accounts, _, _ = _ids(ctx)
    code = keys.new_recovery_code(ctx, accounts["bu.rina"])
    shifts.open_shift(ctx, accounts["kasir"], {"N50000": 2, "C500": 10})
    _deliver(ctx, "SJ-1")
    _sell(ctx, "D1")
    _cash(ctx)
    sync.sync_now(ctx)
    made = backup.backup_now(ctx, usb)
    clock.advance(minutes=30)
    _sell(ctx, "D1")  # the same voucher again: its remaining must come back right
    second = _sell(ctx, "D2", qty=2000)
    _cash(ctx)
    _deliver(ctx, "SJ-2")
    sales.void_sale(ctx, accounts["kasir"], second.sale_id, "bu.rina", "2468", "salah input")
    _sell(ctx, "D3")
    drawer = shifts.current_shift(ctx).expected  # counted 500 short, with a reason
    left = drawer - 500
    counted = {"N1000": left // 1000, "C500": left % 1000 // 500, "C100": left % 500 // 100}
    shifts.close_shift(ctx, accounts["kasir"], counted, "koin")
    day.close_day(ctx, accounts["bu.rina"])
    business_day.open_next_day(ctx, accounts["bu.rina"])
    assert sync.sync_now(ctx).pushed > 0
    assert sync.sync_status(ctx).waiting == 0
    return ctx, code, made


def _new_pc(service, tmp_path, clock, made, code):
    """A new PC: the backup restored with the recovery code into its own key store, opened
    and enrolled again. Returns (the restore's result, the enrolled context)."""
    new_store = crypto.FileKeyStore(tmp_path / "new-pc-keys")
    restored = backup.restore_backup(
        tmp_path / "new", made.path, key_store=new_store, recovery_code=code, clock=clock
    )
    new = open_outlet(tmp_path / "new", clock=clock, key_store=new_store)
    try:
        sync.enroll(new, service.url, enrollment_code(service.central, OUTLET, clock()))
    except BaseException:
        new.close()
        raise
    return restored, new


@pytest.mark.parametrize(
    "central_db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
@pytest.mark.expect_log("ewarong_pos.central.admin", r"revoked")
@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.services.rebuild", r"^rebuilt from the central office")
@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_new_pc_gets_back_every_acknowledged_fact(service, tmp_path, clock):
    usb = tmp_path / "usb"
    usb.mkdir()
    old, code, made = _old_pc(service, tmp_path, clock, usb)
    before = _state(old)
    device_id = old.device_id
    with old.db.read() as s:
        head = s.scalar(select(func.max(JournalEntry.seq)))
        last_receipt = s.scalar(select(func.max(Sale.receipt_seq)))
    old_token = sync.load_identity(old).token
    old.close()

    # The office's reconciliation lists the uploaded shift, its count and the close.
    with service.central.session() as s:
        (today,) = [d for d in admin.reconcile(s).days if d.business_date == "2018-04-12"]
        following = [d for d in admin.reconcile(s).days if d.business_date == "2018-04-13"]
    assert (today.outlet_code, today.shifts_opened, today.shifts_closed) == (OUTLET, 1, 1)
    assert today.over_short == -500 == today.counted - today.expected
    assert today.float_total == 105_000 and today.closed and not today.opened_early
    assert today.closed_cash_expected == today.expected - today.float_total
    assert [d.opened_early for d in following] == [True]

    # The PC is stolen: the office revokes its token, the folder is gone.
    with service.central.session() as s, s.begin():
        admin.revoke(s, device_id, clock(), "stolen")
    shutil.rmtree(tmp_path / "old")
    shutil.rmtree(tmp_path / "old-pc-keys")

    # A new PC: restore the last backup with the recovery code, re-enroll, rebuild.
    restored, new = _new_pc(service, tmp_path, clock, made, code)
    try:
        assert restored.marker_seq == made.last_seq + 1
        # A sync before the rebuild would push the marker under a number the office holds
        # with other content: refused here, before anything is sent (no tamper flag).
        with pytest.raises(DomainError) as early:
            sync.sync_now(new)
        assert early.value.code == "sync.rebuild_first"
        assert early.value.params["seq"] == made.last_seq + 1
        result = rebuild.rebuild_from_central(new)
        assert result.central_head == head
        assert result.after_seq <= made.last_seq
        assert result.recreated == {
            "sale.redemption": 3,
            "sale.cash": 1,
            "sale.void": 1,
            "stock.delivery": 1,
            "day.close": 1,
            "shift.close": 1,
            "day.open": 1,
        }
        assert result.marker_seq == head + 1
        assert result.acked_seq == head
        assert result.receipt_seq_floor == last_receipt

        assert verify_journal(new).ok
        assert _state(new) == before  # same receipts, vouchers' remaining, stock on hand
        backup._check_file(new.data_dir.db_path, new.data_key)  # what a backup checks

        again = rebuild.rebuild_from_central(new)  # idempotent: nothing more to get
        assert not again.changed and again.marker_seq == head + 1

        # The counter goes on after the office's head, without reusing any number (the
        # next day: the old PC closed today, and a closed day takes no sale).
        clock.advance(days=1)
        nxt = _sell(new, "D3")
        assert nxt.journal_seq == head + 2
        assert nxt.receipt_no == f"K1-{last_receipt + 1:07d}"
        synced = sync.sync_now(new)
        assert synced.pushed == 2 and synced.disputed == 0  # the marker and the sale
        assert sync.sync_status(new).waiting == 0
        assert verify_journal(new).ok
    finally:
        new.close()

    with service.central.session() as s:
        codes = set(s.scalars(select(CentralRefusal.code)).all())
    assert not codes & {"push.tamper", "push.gap", "push.chain"}, codes

    # The lost PC's token stays refused by the office.
    client = CentralClient(HttpTransport(service.url), old_token)
    try:
        with pytest.raises(Refusal) as refused:
            client.journal(0)
        assert refused.value.status in (401, 403)
    finally:
        client.close()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_rebuild_before_anything_was_synced_after_the_backup_changes_nothing(
    service, tmp_path, clock, monkeypatch, capsys
):
    """The backup already holds more than the office (never pushed): kept, then pushed."""
    usb = tmp_path / "usb"
    usb.mkdir()
    ctx = make_outlet(tmp_path / "old", OUTLET, clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
    sync.sync_now(ctx)
    accounts, _, _ = _ids(ctx)
    code = keys.new_recovery_code(ctx, accounts["bu.rina"])
    shifts.open_shift(ctx, accounts["kasir"], {"N50000": 2, "C500": 10})
    _deliver(ctx, "SJ-1")
    _sell(ctx, "D1")  # not synced
    made = backup.backup_now(ctx, usb)
    ctx.close()

    _restored, new = _new_pc(service, tmp_path, clock, made, code)
    try:
        journal_before = _journal(new)
        result = rebuild.rebuild_from_central(new)
        assert not result.changed and result.marker_seq == made.last_seq + 1
        assert _journal(new) == journal_before
        # the command line says so (it opens its own context: the key store is the new PC's)
        monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "new-pc-keys"))
        assert main(["--lang", "en", "rebuild", "--data-dir", str(tmp_path / "new")]) == 0
        assert "Nothing to re-create" in capsys.readouterr().out
        assert sync.sync_now(new).pushed == 4  # shift opening, delivery, sale, marker
        assert verify_journal(new).ok
    finally:
        new.close()


def test_a_foreign_history_is_refused_and_changes_nothing(service, tmp_path, clock):
    """A copy of the PC that went its own way (same device id, other facts): the office's
    entries do not chain onto it, so nothing is re-created."""
    ctx = make_outlet(tmp_path / "old", OUTLET, clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
    sync.sync_now(ctx)
    _deliver(ctx, "SJ-1")
    ctx.close()
    shutil.copytree(tmp_path / "old", tmp_path / "clone")
    ctx = open_outlet(tmp_path / "old", clock=clock)
    try:
        _sell(ctx, "D1")
        _sell(ctx, "D2")
        sync.sync_now(ctx)
    finally:
        ctx.close()

    clone = open_outlet(tmp_path / "clone", clock=clock)
    try:
        clock.advance(minutes=1)
        _cash(clone)  # the clone's own seq 3: a different entry under the same number
        with clone.db.write() as s:  # the office acknowledged up to the delivery (#2)
            s.get(SyncState, clone.device_id).acked_seq = 2
        sync.enroll(clone, service.url, enrollment_code(service.central, OUTLET, clock()))
        journal_before, state_before = _journal(clone), _state(clone)
        with pytest.raises(DomainError) as refused:
            rebuild.rebuild_from_central(clone)
        assert refused.value.code == "rebuild.diverged"
        assert refused.value.params["seq"] == 3
        assert _journal(clone) == journal_before and _state(clone) == state_before

        # Fetched after an entry the office's copy does not continue: not chained.
        with clone.db.write() as s:
            s.get(SyncState, clone.device_id).acked_seq = 3
        with pytest.raises(DomainError) as refused:
            rebuild.rebuild_from_central(clone)
        assert refused.value.code == "rebuild.not_chained"
        assert _journal(clone) == journal_before and _state(clone) == state_before
        assert verify_journal(clone).ok
    finally:
        clone.close()


def _lose_after_backup(service, tmp_path, clock, extra=None):
    """Old PC: sells, backs up, sells twice more (and `extra`), syncs, is lost. Returns
    (backup, the office's head entry, highest receipt sequence, recovery code)."""
    usb = tmp_path / "usb"
    usb.mkdir()
    ctx = make_outlet(tmp_path / "old", OUTLET, clock)
    try:
        sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
        sync.sync_now(ctx)
        accounts, _, _ = _ids(ctx)
        code = keys.new_recovery_code(ctx, accounts["bu.rina"])
        _deliver(ctx, "SJ-1")
        _sell(ctx, "D1")
        made = backup.backup_now(ctx, usb)
        _sell(ctx, "D2")
        _cash(ctx)
        if extra is not None:
            extra(ctx)
        sync.sync_now(ctx)
        with ctx.db.read() as s:
            head = s.execute(
                select(JournalEntry.seq, JournalEntry.hash).order_by(JournalEntry.seq.desc())
            ).first()
            receipts = s.scalar(select(func.max(Sale.receipt_seq)))
    finally:
        ctx.close()
    return made, (head.seq, head.hash), receipts, code


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.services.rebuild", r"^rebuilt from the central office")
def test_a_restore_that_knew_the_office_head_gets_its_gap_filled(
    service, tmp_path, clock, monkeypatch, capsys
):
    """`restore --resume-after SEQ:HASH` left a gap only the office held: the rebuild
    fills it and the marker, already after the office's head, stays where it is."""
    made, head, receipts, code = _lose_after_backup(service, tmp_path, clock)
    new_store = crypto.FileKeyStore(tmp_path / "new-pc-keys")
    restored = backup.restore_backup(
        tmp_path / "new",
        made.path,
        key_store=new_store,
        recovery_code=code,
        clock=clock,
        resume_after=head,
        receipt_seq_floor=receipts,
        force_stale=True,  # older than what the office holds: a manager approves
        manager_username="bu.rina",
        manager_pin="2468",
    )
    assert restored.marker_seq == head[0] + 1
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "new-pc-keys"))
    new = open_outlet(tmp_path / "new", clock=clock)
    try:
        sync.enroll(new, service.url, enrollment_code(service.central, OUTLET, clock()))
    finally:
        new.close()
    argv = ["--lang", "en", "rebuild", "--data-dir", str(tmp_path / "new")]
    assert main([*argv, "--manager", "bu.rina", "--pin", "2468"]) == 0
    out = capsys.readouterr().out
    assert f"2 journal entries after #{made.last_seq}" in out
    assert "sale.redemption: 1" in out and "sale.cash: 1" in out
    assert f"K1-{receipts:07d}" in out
    new = open_outlet(tmp_path / "new", clock=clock)
    try:
        with new.db.read() as s:
            seqs = s.scalars(select(JournalEntry.seq).order_by(JournalEntry.seq)).all()
            assert s.scalar(select(func.count()).select_from(Sale)) == receipts
        assert seqs == list(range(1, head[0] + 2))  # no gap any more; the marker last
        audit_row = s.scalars(select(AuditLog).where(AuditLog.action == "backup.rebuild")).one()
        assert audit_row.account_id == s.scalar(
            select(Account.id).where(Account.username == "bu.rina")
        )
        assert verify_journal(new).ok
        assert sync.sync_now(new).pushed == 1  # the marker
        nxt = _sell(new, "D3")
        assert nxt.journal_seq == head[0] + 2 and nxt.receipt_no == f"K1-{receipts + 1:07d}"
        assert sync.sync_now(new).pushed == 1
    finally:
        new.close()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_an_entry_that_cannot_be_recreated_is_refused_and_changes_nothing(service, tmp_path, clock):
    def note(ctx):
        with ctx.db.write() as s:
            journal.append(s, ctx.device_id, "note.free", {"text": "tes"}, ctx.now_iso())

    made, head, _receipts, code = _lose_after_backup(service, tmp_path, clock, extra=note)
    _restored, new = _new_pc(service, tmp_path, clock, made, code)
    try:
        journal_before, state_before = _journal(new), _state(new)
        with pytest.raises(DomainError) as refused:
            rebuild.rebuild_from_central(new)
        assert refused.value.code == "rebuild.unsupported"
        assert refused.value.params == {"seq": head[0], "kind": "note.free"}
        assert "note.free" in refused.value.message("en")
        assert _journal(new) == journal_before and _state(new) == state_before
    finally:
        new.close()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.services.rebuild", r"^rebuilt from the central office")
def test_a_marker_a_pull_counted_as_acknowledged_is_still_moved(service, tmp_path, clock):
    """The office holds exactly one entry after the backup, under the marker's number: a
    pull's `stored_up_to` may then move acked_seq over the marker. The office's entry
    differs from it, so the office never stored it: the rebuild still moves it."""
    usb = tmp_path / "usb"
    usb.mkdir()
    ctx = make_outlet(tmp_path / "old", OUTLET, clock)
    try:
        sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
        sync.sync_now(ctx)
        accounts, _, _ = _ids(ctx)
        code = keys.new_recovery_code(ctx, accounts["bu.rina"])
        _deliver(ctx, "SJ-1")
        made = backup.backup_now(ctx, usb)
        sale = _cash(ctx)
        sync.sync_now(ctx)
        before = _state(ctx)
    finally:
        ctx.close()
    restored, new = _new_pc(service, tmp_path, clock, made, code)
    try:
        assert restored.marker_seq == sale.journal_seq
        with new.db.write() as s:  # what apply_page does with stored_up_to <= our last seq
            s.get(SyncState, new.device_id).acked_seq = sale.journal_seq
        result = rebuild.rebuild_from_central(new)
        assert result.sales == (sale.receipt_no,)
        assert result.marker_seq == sale.journal_seq + 1
        assert _state(new) == before
        assert verify_journal(new).ok
        assert sync.sync_now(new).pushed == 1
    finally:
        new.close()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
@pytest.mark.expect_log("ewarong_pos.services.rebuild", r"^rebuilt from the central office")
@pytest.mark.expect_log("ewarong_pos.services.clock", r"^clock correction approved")
def test_a_clock_correction_is_rebuilt_and_verify_still_accepts_it(service, tmp_path, clock):
    """Issue 17, point 5: the PC clock was 7 hours ahead, a sale was dated by it, the clock
    was set right and the manager's clock.corrected entry let the counter go on. After a
    device loss the rebuild re-creates that entry with the sales around it, and the new
    PC's journal verifies (the one approved step back is accepted)."""
    from ewarong_pos.services.clock import CORRECTED_KIND, correct_clock

    class Shifted:
        def __init__(self) -> None:
            self.offset = dt.timedelta(hours=7)

        def __call__(self):
            return clock() + self.offset

    usb = tmp_path / "usb"
    usb.mkdir()
    pc_clock = Shifted()
    ctx = make_outlet(tmp_path / "old", OUTLET, pc_clock)
    try:
        sync.enroll(ctx, service.url, enrollment_code(service.central, OUTLET, clock()))
        sync.sync_now(ctx)
        accounts, _, _ = _ids(ctx)
        code = keys.new_recovery_code(ctx, accounts["bu.rina"])
        _deliver(ctx, "SJ-1")
        made = backup.backup_now(ctx, usb)
        _cash(ctx)  # dated 7 hours ahead
        pc_clock.offset = dt.timedelta(0)  # set right
        with pytest.raises(DomainError) as info:
            _cash(ctx)
        assert info.value.code == "clock.backwards"
        correct_clock(ctx, "bu.rina", "2468", "zona waktu salah")
        _cash(ctx)
        assert verify_journal(ctx).ok
        sync.sync_now(ctx)
        expected = _journal(ctx)
    finally:
        ctx.close()

    _restored, new = _new_pc(service, tmp_path, clock, made, code)
    try:
        result = rebuild.rebuild_from_central(new)
        assert result.recreated.get(CORRECTED_KIND) == 1
        assert set(expected) <= set(_journal(new))  # every entry back, byte for byte
        report = verify_journal(new)
        assert report.ok, [p.message("en") for p in report.problems]
        _cash(new)  # and the counter goes on
    finally:
        new.close()
