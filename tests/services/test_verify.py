"""Journal verification: an intact outlet verifies; tampering behind the app's back is named.

Tampering is done the way an insider would: a raw SQL connection on the file (SQLCipher
with the data key when the file is encrypted), foreign keys off, no app code involved.
"""

from __future__ import annotations

import pytest

from ewarong_pos.cli import journal as journal_cli
from ewarong_pos.core import journal as chain
from ewarong_pos.services import sales, verify
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.sales import CartLine
from tests.services.sales_helpers import (
    Seed,
    cheap_pins,  # noqa: F401
    raw_connection,
    seed,
)

pytestmark = pytest.mark.usefixtures("cheap_pins")


@pytest.fixture
def data(ctx) -> Seed:
    return seed(ctx)


@pytest.fixture
def history(ctx, data) -> dict[str, sales.SaleResult]:
    fid = data.families["sumiati"]
    rice = data.products["BRS-MED"]
    made = {
        "r1": sales.redeem(ctx, data.cashier_id, fid, [CartLine(rice, 12_000)]),
        "c1": sales.sell_cash(
            ctx, data.cashier_id, [CartLine(data.products["MNY-1L"], 2000)], 30_000
        ),
        "r2": sales.redeem(
            ctx,
            data.cashier_id,
            data.families["suparman"],
            [CartLine(rice, 5_000), CartLine(data.products["TLR"], 1000)],
        ),
    }
    made["v1"] = sales.void_sale(
        ctx, data.cashier_id, made["c1"].sale_id, data.manager, data.manager_pin, "salah ketik"
    )
    made["c2"] = sales.sell_cash(ctx, data.cashier_id, [CartLine(rice, 1000)], 10_000)
    return made


def tamper(ctx, *statements: str) -> None:
    conn = raw_connection(ctx)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def found(report: verify.VerifyReport) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.seq, p.receipt_no) for p in report.problems]


def test_an_intact_outlet_verifies(ctx, history):
    report = verify.verify_journal(ctx)
    assert report.ok, report.problems
    assert report.first_break is None
    # device.setup, one delivery, five sales
    assert (report.entries, report.sales, report.documents) == (7, 5, 1)
    assert report.summary("en") == ("Journal intact: 7 entries, 5 sales, 1 stock documents checked")


def test_an_empty_outlet_verifies(ctx):
    assert verify.verify_journal(ctx).ok


def test_edited_journal_payload_is_named(ctx, history):
    seq = history["r1"].journal_seq
    tamper(
        ctx, f"UPDATE journal SET payload = replace(payload, '113400', '103400') WHERE seq = {seq}"
    )
    report = verify.verify_journal(ctx)
    assert not report.ok
    assert report.first_break is not None
    assert (report.first_break.code, report.first_break.seq) == ("verify.chain_hash", seq)
    assert ("verify.chain_hash", seq, None) in found(report)
    assert ("verify.sale_altered", seq, "K1-0000001") in found(report)


def test_deleted_journal_entry_is_named(ctx, history):
    seq = history["r2"].journal_seq
    tamper(ctx, f"DELETE FROM journal WHERE seq = {seq}")
    report = verify.verify_journal(ctx)
    assert report.first_break is not None
    assert (report.first_break.code, report.first_break.seq) == ("verify.chain_gap", seq)
    assert ("verify.sale_without_entry", seq, "K1-0000003") in found(report)
    assert report.problems[0].message("en").startswith(f"journal entry #{seq} is missing")


def test_truncated_journal_tail_is_caught_by_the_facts(ctx, history):
    """Deleting the last entry leaves a chain that holds; the sale still points to it."""
    seq = history["c2"].journal_seq
    tamper(ctx, f"DELETE FROM journal WHERE seq = {seq}")
    report = verify.verify_journal(ctx)
    assert report.first_break is None
    assert found(report) == [("verify.sale_without_entry", seq, "K1-0000005")]


def test_rehashed_forgery_breaks_the_next_link(ctx, history):
    """An insider who edits an entry and recomputes its hash still breaks the next link."""
    seq = history["r1"].journal_seq
    conn = raw_connection(ctx)
    try:
        row = conn.execute(
            "SELECT device_id, seq, uuid, kind, at, payload, prev_hash FROM journal WHERE seq = ?",
            (seq,),
        ).fetchone()
        import json

        payload = json.loads(row[5])
        payload["total"] = 1
        body = {
            "device": row[0],
            "seq": row[1],
            "uuid": row[2],
            "kind": row[3],
            "at": row[4],
            "payload": payload,
        }
        conn.execute(
            "UPDATE journal SET payload = ?, hash = ? WHERE seq = ?",
            (chain.canonical(payload), chain.entry_hash(row[6], body), seq),
        )
        conn.commit()
    finally:
        conn.close()
    report = verify.verify_journal(ctx)
    assert report.first_break is not None
    assert (report.first_break.code, report.first_break.seq) == ("verify.chain_prev_hash", seq + 1)
    assert ("verify.sale_altered", seq, "K1-0000001") in found(report)


@pytest.mark.parametrize(
    ("statement", "field"),
    [
        ("UPDATE sale SET total = 100000 WHERE receipt_no = 'K1-0000001'", "total"),
        ("UPDATE sale SET cashier_id = 2 WHERE receipt_no = 'K1-0000001'", "cashier"),
        (
            "UPDATE sale SET business_date = '2018-04-11' WHERE receipt_no = 'K1-0000001'",
            "business_date",
        ),
        ("UPDATE sale SET family_id = 2 WHERE receipt_no = 'K1-0000001'", "family"),
        (
            "UPDATE sale SET created_at = '2018-04-12T01:00:00.000000Z' "
            "WHERE receipt_no = 'K1-0000001'",
            "at",
        ),
        ("UPDATE sale_line SET unit_price = 9000 WHERE sale_id = 1", "lines"),
        (
            "UPDATE voucher_allocation SET amount = 100000 WHERE sale_id = 1 AND amount = 110000",
            "allocations",
        ),
        ("DELETE FROM voucher_allocation WHERE sale_id = 1 AND amount = 3400", "allocations"),
    ],
)
def test_edited_sale_rows_are_named(ctx, history, statement, field):
    assert history["r1"].sale_id == 1
    tamper(ctx, statement)
    report = verify.verify_journal(ctx)
    assert report.first_break is None  # the chain itself holds
    problems = [p for p in report.problems if p.code == "verify.sale_altered"]
    assert [(p.receipt_no, p.params["field"]) for p in problems] == [("K1-0000001", field)]
    assert problems[0].message("en") == (
        f"sale K1-0000001 differs from journal entry #{history['r1'].journal_seq} ({field})"
    )


def test_edited_line_quantity_also_shows_in_stock(ctx, history):
    tamper(ctx, "UPDATE sale_line SET qty_milli = 1000, total = 9450 WHERE sale_id = 1")
    codes = {p.code for p in verify.verify_journal(ctx).problems}
    assert codes == {"verify.sale_altered", "verify.sale_stock"}


def test_deleted_stock_movement_of_a_sale(ctx, history):
    tamper(ctx, "DELETE FROM stock_movement WHERE sale_id = 1")
    report = verify.verify_journal(ctx)
    assert found(report) == [("verify.sale_stock", history["r1"].journal_seq, "K1-0000001")]


def test_deleted_sale_is_named_with_its_entry_and_the_receipt_gap(ctx, history):
    seq = history["r2"].journal_seq
    tamper(ctx, "DELETE FROM sale WHERE receipt_no = 'K1-0000003'")
    report = verify.verify_journal(ctx)
    got = found(report)
    assert ("verify.entry_without_sale", seq, "K1-0000003") in got
    assert ("verify.receipt_gap", None, "K1-0000004") in got
    orphans = {p.params["table"] for p in report.problems if p.code == "verify.orphan_rows"}
    assert orphans == {"sale_line", "voucher_allocation", "stock_movement"}
    messages = [p.message("en") for p in report.problems]
    assert f"journal entry #{seq} (receipt K1-0000003) has no sale in the database" in messages
    assert "gap in receipt numbers: K1-0000003 is missing (next is K1-0000004)" in messages


def test_deleted_sale_with_all_its_rows_and_entry(ctx, history):
    """The thorough insider removes everything of one sale: the chain and receipts tell."""
    sale_id, seq = history["r2"].sale_id, history["r2"].journal_seq
    tamper(
        ctx,
        f"DELETE FROM sale_line WHERE sale_id = {sale_id}",
        f"DELETE FROM voucher_allocation WHERE sale_id = {sale_id}",
        f"DELETE FROM stock_movement WHERE sale_id = {sale_id}",
        f"DELETE FROM sale WHERE id = {sale_id}",
        f"DELETE FROM journal WHERE seq = {seq}",
    )
    report = verify.verify_journal(ctx)
    got = found(report)
    assert report.first_break is not None and report.first_break.seq == seq
    assert ("verify.receipt_gap", None, "K1-0000004") in got


def test_receipt_number_edited(ctx, history):
    tamper(ctx, "UPDATE sale SET receipt_no = 'K1-0000099' WHERE receipt_no = 'K1-0000005'")
    got = {p.code for p in verify.verify_journal(ctx).problems}
    assert got == {"verify.receipt_no", "verify.sale_altered"}


def test_stock_document_edited_or_deleted(ctx, history):
    tamper(
        ctx,
        "UPDATE stock_movement SET qty_milli = 900000 WHERE document_id = 1 AND qty_milli = 500000",
    )
    report = verify.verify_journal(ctx)
    assert [(p.code, p.params.get("field")) for p in report.problems] == [
        ("verify.document_altered", "lines")
    ]
    tamper(
        ctx,
        "DELETE FROM stock_movement WHERE document_id = 1",
        "DELETE FROM stock_document WHERE id = 1",
    )
    report = verify.verify_journal(ctx)
    assert [p.code for p in report.problems] == ["verify.entry_without_document"]


def test_cli_verify_exit_codes_and_messages(ctx, history, capsys):
    """The real command (`ewarong journal verify`) through its argparse entry."""
    import argparse

    parser = argparse.ArgumentParser(prog="ewarong")
    parser.add_argument("--lang", default="id")
    journal_cli.register(parser.add_subparsers(dest="command"))
    root = str(ctx.data_dir.root)

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return int(args.func(args))

    assert run("journal", "verify", "--data-dir", root) == 0
    assert "Jurnal utuh: 7 entri, 5 transaksi" in capsys.readouterr().out
    seq = history["r1"].journal_seq
    tamper(ctx, f"UPDATE journal SET payload = replace(payload, '113400', '1') WHERE seq = {seq}")
    assert run("journal", "verify", "--data-dir", root, "--lang", "en") == 1
    out = capsys.readouterr().out
    assert "JOURNAL BROKEN" in out
    assert f"journal entry #{seq} was altered (its hash does not match)" in out
    assert f"sale K1-0000001 differs from journal entry #{seq} (lines)" in out
    assert run("journal", "verify", "--data-dir", root, "--json") == 1
    assert '"code": "verify.chain_hash"' in capsys.readouterr().out


def test_cli_verify_refuses_a_folder_without_database(tmp_path, capsys):
    from ewarong_pos.cli import main

    assert main(["journal", "verify", "--data-dir", str(tmp_path / "none")]) == 2
    assert "none" in capsys.readouterr().err  # the refusal names the folder
    assert not (tmp_path / "none").exists()


@pytest.mark.expect_log("ewarong_pos.services.backup", r"^restored ")
def test_a_restore_from_backup_verifies_and_receipts_continue_above_the_floor(
    ctx, data, tmp_path, clock
):
    """A forced restore legitimately skips journal and receipt numbers (only the central
    office holds the lost ones); verify accepts exactly that skip, nothing more."""
    from ewarong_pos.services import backup

    rice = CartLine(data.products["BRS-MED"], 1000)
    sales.sell_cash(ctx, data.cashier_id, [rice], 10_000)
    (tmp_path / "usb").mkdir()
    old = backup.backup_now(ctx, tmp_path / "usb")
    for _ in range(3):
        sales.sell_cash(ctx, data.cashier_id, [rice], 10_000)
    root = ctx.data_dir.root
    ctx.close()
    backup.restore_backup(
        root,
        old.path,
        clock=clock,
        force_stale=True,
        manager_username=data.manager,
        manager_pin=data.manager_pin,
    )
    again = open_outlet(root, clock=clock)
    try:
        after = sales.sell_cash(again, data.cashier_id, [rice], 10_000)
        assert after.receipt_no == "K1-0000005"  # 2-4 were issued by the replaced file
        report = verify.verify_journal(again)
        assert report.ok, [p.message("en") for p in report.problems]
        assert report.sales == 2
        # A gap that no restore entry explains is still a gap.
        tamper(again, "DELETE FROM sale WHERE receipt_no = 'K1-0000001'")
        codes = {p.code for p in verify.verify_journal(again).problems}
        assert "verify.receipt_gap" in codes and "verify.entry_without_sale" in codes
    finally:
        again.close()


def test_day_close_is_checked_against_its_entry(ctx, data, history):
    from ewarong_pos.services import day

    closed = day.close_day(ctx, data.manager_id)
    report = verify.verify_journal(ctx)
    assert report.ok and report.day_closes == 1
    tamper(ctx, "UPDATE day_close SET totals = replace(totals, '\"cash\"', '\"kas\"')")
    report = verify.verify_journal(ctx)
    assert [(p.code, p.params.get("field")) for p in report.problems] == [
        ("verify.day_altered", "totals")
    ]
    tamper(ctx, "DELETE FROM day_close")
    report = verify.verify_journal(ctx)
    assert [p.code for p in report.problems] == ["verify.entry_without_day"]
    assert report.problems[0].message("en") == (
        f"journal entry #{closed.journal_seq} (day close 2018-04-12) has no row in the database"
    )


def test_stock_document_and_day_close_without_their_entries(ctx, data, history):
    from ewarong_pos.services import day

    closed = day.close_day(ctx, data.manager_id)
    with ctx.db.read() as s:
        from sqlalchemy import select

        from ewarong_pos.db.models import StockDocument

        doc = s.scalars(select(StockDocument)).one()
        doc_seq, doc_uuid = doc.journal_seq, doc.uuid
    tamper(
        ctx,
        f"UPDATE journal SET kind = 'stock.adjustment' WHERE seq = {doc_seq}",
        f"DELETE FROM journal WHERE seq = {closed.journal_seq}",
    )
    report = verify.verify_journal(ctx)
    got = [(p.code, p.seq) for p in report.problems]
    assert ("verify.chain_hash", doc_seq) in got
    assert ("verify.document_without_entry", doc_seq) in got
    assert ("verify.day_without_entry", closed.journal_seq) in got
    messages = [p.message("en") for p in report.problems]
    assert f"stock document {doc_uuid} has no journal entry (#{doc_seq})" in messages
    assert f"day close 2018-04-12 has no journal entry (#{closed.journal_seq})" in messages


def test_cut_tail_is_caught_against_what_the_central_office_acknowledged(ctx, history):
    """Removing the last sale with all its rows and its entry leaves a chain that holds
    and receipts without a gap; what the central office already stored still tells."""
    last = history["c2"]
    tamper(ctx, f"UPDATE sync_state SET acked_seq = {last.journal_seq}")
    assert verify.verify_journal(ctx).ok
    tamper(
        ctx,
        f"DELETE FROM sale_line WHERE sale_id = {last.sale_id}",
        f"DELETE FROM stock_movement WHERE sale_id = {last.sale_id}",
        f"DELETE FROM sale WHERE id = {last.sale_id}",
        f"DELETE FROM journal WHERE seq = {last.journal_seq}",
    )
    report = verify.verify_journal(ctx)
    assert [(p.code, p.seq) for p in report.problems] == [
        ("verify.behind_central", last.journal_seq)
    ]


def test_a_wild_journal_seq_is_named_without_walking_to_it(ctx, history):
    tamper(ctx, "UPDATE sale SET journal_seq = 2000000000 WHERE receipt_no = 'K1-0000002'")
    report = verify.verify_journal(ctx)
    got = [(p.code, p.seq, p.receipt_no) for p in report.problems]
    seq = history["c1"].journal_seq
    assert ("verify.sale_without_entry", 2_000_000_000, "K1-0000002") in got
    # the entry the sale lost is still claimed by the uuid it carries: nothing is orphaned
    assert not any(p.code == "verify.entry_without_sale" and p.seq == seq for p in report.problems)


def test_a_float_or_bool_typed_into_a_payload_is_reported_not_raised(ctx, history):
    seq = history["c2"].journal_seq
    tamper(
        ctx,
        f"UPDATE journal SET payload = replace(payload, '\"total\":9450', '\"total\":9450.0') "
        f"WHERE seq = {seq}",
    )
    report = verify.verify_journal(ctx)
    got = [(p.code, p.seq) for p in report.problems]
    assert ("verify.chain_hash", seq) in got and ("verify.sale_altered", seq) in got


def test_a_payload_that_is_not_json_any_more_is_named(ctx, history):
    seq = history["r2"].journal_seq
    tamper(ctx, f"UPDATE journal SET payload = 'dihapus' WHERE seq = {seq}")
    report = verify.verify_journal(ctx)
    got = [(p.code, p.seq, p.receipt_no) for p in report.problems]
    assert ("verify.chain_hash", seq, None) in got
    assert ("verify.sale_without_entry", seq, "K1-0000003") in got


def test_a_row_edited_into_nonsense_is_a_finding_not_a_crash(ctx, history):
    tamper(ctx, "UPDATE sale SET business_date = 'kemarin' WHERE receipt_no = 'K1-0000002'")
    report = verify.verify_journal(ctx)
    assert not report.ok
    assert "verify.unreadable" in {p.code for p in report.problems}
