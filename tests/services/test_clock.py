"""A clock that only moves forward (issue 17, point 5): the PC clock moved back a day or a
year is refused at the commit with a message to fix the clock; nothing is written; and a
journal whose times go backwards is reported by `journal verify`."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import JournalEntry, Sale
from ewarong_pos.services import sales
from ewarong_pos.services.sales import CartLine
from ewarong_pos.services.verify import verify_journal
from tests.services.sales_helpers import cheap_pins, raw_connection, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("cheap_pins")


def counts(ctx):
    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Sale)),
            s.scalar(select(func.count()).select_from(JournalEntry)),
        )


@pytest.mark.parametrize("back", [dt.timedelta(days=1), dt.timedelta(days=365)])
def test_a_clock_moved_back_is_refused_and_nothing_is_written(ctx, clock, back):
    data = seed(ctx)
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    before = counts(ctx)
    clock.now = clock.now - back
    with pytest.raises(DomainError) as info:
        sales.redeem(
            ctx, data.cashier_id, data.families["sumiati"],
            [CartLine(data.products["BRS-MED"], 2000)],
        )  # fmt: skip
    assert info.value.code == "clock.backwards"
    assert "Fix the Windows date and time" in info.value.message("en")
    assert "jam PC mundur" in info.value.message("id")
    with pytest.raises(DomainError) as info:
        sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    assert info.value.code == "clock.backwards"
    assert counts(ctx) == before
    # the clock put right: sales go on
    clock.now = clock.now + back
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    assert verify_journal(ctx).ok


def test_a_small_step_back_is_tolerated(ctx, clock):
    data = seed(ctx)
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    clock.now = clock.now - dt.timedelta(minutes=2)  # an NTP correction
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)


def test_verify_reports_journal_times_that_go_backwards(ctx, clock):
    data = seed(ctx)
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    clock.advance(days=1)
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    assert verify_journal(ctx).ok
    # an older app (or an edit) wrote an entry dated a year back: re-hash it properly so
    # only its time is wrong
    from ewarong_pos.core import journal as chain
    from ewarong_pos.db.journal import to_entry

    with ctx.db.read() as s:
        rows = s.scalars(select(JournalEntry).order_by(JournalEntry.seq)).all()
        last = to_entry(rows[-1])
    year_back = "2017-04-13T02:00:00.000000Z"
    fixed = chain.make_entry(
        last.prev_hash, last.device, last.seq, last.uuid, last.kind, year_back, last.payload
    )
    conn = raw_connection(ctx)
    conn.execute(
        "UPDATE journal SET at = ?, hash = ? WHERE seq = ? AND device_id = ?",
        (year_back, fixed.hash, last.seq, last.device),
    )
    conn.execute("UPDATE sale SET created_at = ? WHERE journal_seq = ?", (year_back, last.seq))
    conn.commit()
    conn.close()
    report = verify_journal(ctx)
    assert not report.ok
    codes = [p.code for p in report.problems]
    assert "verify.clock_backwards" in codes
    problem = next(p for p in report.problems if p.code == "verify.clock_backwards")
    assert "the PC clock was moved back" in problem.message("en")


# --- the manager's clock correction (services.clock) -----------------------------------


def _journal_and_audit(ctx):
    from ewarong_pos.db.models import AuditLog

    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(JournalEntry)),
            s.scalar(select(func.count()).select_from(Sale)),
            s.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "clock.correct")
            ),
        )


@pytest.mark.expect_log("ewarong_pos.services.clock", r"^clock correction approved by bu.rina")
def test_a_clock_that_was_ahead_and_set_right_is_corrected_by_the_manager(ctx, clock):
    """The PC's time zone was wrong (7 hours ahead) and has been fixed: without the
    correction the counter could not sell for 7 hours."""
    from ewarong_pos.services.clock import CORRECTED_KIND, clock_behind, correct_clock
    from tests.services.sales_helpers import MANAGER_PIN

    data = seed(ctx)
    clock.now = clock.now + dt.timedelta(hours=7)  # ahead
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    clock.now = clock.now - dt.timedelta(hours=7)  # set right
    assert clock_behind(ctx) is not None
    with pytest.raises(DomainError) as info:
        sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    assert info.value.code == "clock.backwards"
    assert "the manager approves a clock correction" in info.value.message("en")
    before = _journal_and_audit(ctx)
    # refusals write nothing: no reason, a cashier's PIN, a wrong PIN
    refusals = [
        (("bu.rina", MANAGER_PIN, "  "), "clock.reason_required"),
        (("siti", "1357", "zona waktu"), "auth.not_allowed"),
        (("bu.rina", "0000", "zona waktu"), "auth.wrong_pin"),
    ]
    for args, code in refusals:
        with pytest.raises(DomainError) as info:
            correct_clock(ctx, *args)
        assert info.value.code == code
        assert _journal_and_audit(ctx) == before
    done = correct_clock(ctx, "bu.rina", MANAGER_PIN, "zona waktu PC salah, sudah dibetulkan")
    assert done.approved_by == "bu.rina" and done.corrected_at < done.last_at
    assert _journal_and_audit(ctx) == (before[0] + 1, before[1], before[2] + 1)
    with ctx.db.read() as s:
        kind, payload = s.execute(
            select(JournalEntry.kind, JournalEntry.payload).order_by(JournalEntry.seq.desc())
        ).first()
    assert kind == CORRECTED_KIND
    assert '"reason":"zona waktu PC salah, sudah dibetulkan"' in payload
    assert clock_behind(ctx) is None
    # the counter sells again, dated by the right clock; verify accepts the one step back
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    report = verify_journal(ctx)
    assert report.ok, [p.message("en") for p in report.problems]
    # nothing left to correct
    with pytest.raises(DomainError) as info:
        correct_clock(ctx, "bu.rina", MANAGER_PIN, "lagi")
    assert info.value.code == "clock.not_behind"


@pytest.mark.parametrize(
    "ahead, back",
    [
        (dt.timedelta(days=1), dt.timedelta(days=1)),  # the day closed under a wrong date
        (dt.timedelta(0), dt.timedelta(days=365)),  # a dead CMOS battery: a year back
    ],
)
def test_a_correction_never_lands_in_or_before_a_closed_day(ctx, clock, ahead, back):
    from ewarong_pos.services.clock import correct_clock
    from ewarong_pos.services.day import close_day
    from tests.services.sales_helpers import MANAGER_PIN

    data = seed(ctx)
    clock.now = clock.now + ahead
    sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    close_day(ctx, data.manager_id)
    clock.now = clock.now - back
    before = _journal_and_audit(ctx)
    with pytest.raises(DomainError) as info:
        correct_clock(ctx, "bu.rina", MANAGER_PIN, "jam sudah dibetulkan")
    assert info.value.code == "clock.correction_closed_day"
    assert "is already closed" in info.value.message("en")
    assert _journal_and_audit(ctx) == before
    with pytest.raises(DomainError) as info:
        sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    assert info.value.code == "clock.backwards"


def test_small_steps_back_add_up_to_a_refusal_as_verify_counts_them(ctx, clock):
    """Each step back within the tolerance, but the journal going back by more than it:
    the till compares with the latest time since the last correction (the device's clock
    mark), as `journal verify` does, not with the last entry only."""
    data = seed(ctx)
    sell = [CartLine(data.products["TLR"], 1000)]
    first = sales.sell_cash(ctx, data.cashier_id, sell, 30_000)
    clock.now = clock.now - dt.timedelta(minutes=6)
    sales.sell_cash(ctx, data.cashier_id, sell, 30_000)  # 6 minutes back: tolerated
    before = counts(ctx)
    clock.now = clock.now - dt.timedelta(minutes=6)  # 6 more: 12 behind the first sale
    with pytest.raises(DomainError) as info:
        sales.sell_cash(ctx, data.cashier_id, sell, 30_000)
    assert info.value.code == "clock.backwards"
    # named: the entry with the latest time (the first sale's, or the set-up's at the
    # same moment), not the last entry 6 minutes earlier
    assert info.value.params["last"] == "12-04-2018 09:00 WIB"
    assert "is already dated 12-04-2018 09:00 WIB" in info.value.message("en")
    assert counts(ctx) == before
    from ewarong_pos.services.clock import clock_behind

    behind = clock_behind(ctx)
    assert behind is not None and behind.last_at == first.created_at
    report = verify_journal(ctx)
    assert report.ok, [p.message("en") for p in report.problems]
    # time catches up: the counter sells again
    clock.now = clock.now + dt.timedelta(minutes=3)
    sales.sell_cash(ctx, data.cashier_id, sell, 30_000)
    assert verify_journal(ctx).ok


def test_the_clock_mark_follows_every_journal_insert(ctx, clock):
    """The trigger keeps the device's mark whatever writes the entry; a correction resets
    it to its own (earlier) time."""
    from ewarong_pos.core import journal as chain
    from ewarong_pos.db.journal import store

    data = seed(ctx)
    sale = sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    conn = raw_connection(ctx)

    def mark():
        return conn.execute(
            "SELECT clock_high_at, clock_high_seq FROM device WHERE id = ?", (ctx.device_id,)
        ).fetchone()

    assert mark() == (sale.created_at, sale.journal_seq)  # a tie goes to the newer entry
    later = "2030-01-01T00:00:00.000000Z"
    earlier = "2018-01-01T00:00:00.000000Z"
    with ctx.db.write() as s:
        prev = s.execute(
            select(JournalEntry.seq, JournalEntry.hash).order_by(JournalEntry.seq.desc())
        ).first()
        ahead = chain.make_entry(prev.hash, ctx.device_id, prev.seq + 1, "u-1", "x", later, {})
        store(s, ahead)
        behind = chain.make_entry(ahead.hash, ctx.device_id, ahead.seq + 1, "u-2", "x", earlier, {})
        store(s, behind)
    assert mark() == (later, ahead.seq)  # an earlier entry does not lower it
    with ctx.db.write() as s:  # the same time again (a restore marker written anew)
        again = chain.make_entry(behind.hash, ctx.device_id, behind.seq + 1, "u-4", "x", later, {})
        store(s, again)
    assert mark() == (later, again.seq)
    behind = again
    with ctx.db.write() as s:
        fix = chain.make_entry(
            behind.hash, ctx.device_id, behind.seq + 1, "u-3", "clock.corrected", earlier, {}
        )
        store(s, fix)
    assert mark() == (earlier, fix.seq)
