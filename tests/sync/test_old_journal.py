"""A journal written before the payloads moved to `protocol/` still verifies and syncs.

tests/fixtures/journal_v1 was written by the code of main at 2470d4e (its make.py says
how): every kind of fact the outlet journals, none pushed. The bytes of those entries are
the contract: the verifier must rebuild each payload identically from the rows, the
protocol's parser must read each one and give back the same canonical text, and the
central office must store all of them without a dispute.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.models import JournalEntry as CentralEntry
from ewarong_pos.central.models import Voucher as CentralVoucher
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol.payloads import (
    DAY_CLOSE_KIND,
    SALE_ENTRY_KINDS,
    STOCK_ENTRY_KINDS,
    DayClosePayload,
    SalePayload,
    StockDocumentPayload,
)
from ewarong_pos.services import sync
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.verify import verify_journal
from tests.sync.harness import assert_exactly_once, enrollment_code, seed_central

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "journal_v1"
FAMILIES = {"EW-1": ["D1", "D2", "D3"]}
KINDS = {
    "device.setup",
    "stock.delivery",
    "stock.adjustment",
    "stock.count",
    "sale.redemption",
    "sale.cash",
    "sale.void",
    "day.close",
}


def _entries() -> list[dict]:
    return json.loads((FIXTURE / "entries.json").read_text())


PARSERS = {
    **dict.fromkeys(SALE_ENTRY_KINDS.values(), SalePayload.parse),
    **dict.fromkeys(STOCK_ENTRY_KINDS.values(), StockDocumentPayload.parse),
    DAY_CLOSE_KIND: lambda payload, _kind: DayClosePayload.parse(payload),
}


def test_the_old_entries_chain_and_are_canonical():
    entries = _entries()
    assert {e["kind"] for e in entries} == KINDS
    for e in entries:
        assert chain.canonical(json.loads(e["payload"])) == e["payload"]
    broken = chain.verify_chain(
        chain.Entry(**{**e, "payload": json.loads(e["payload"])}) for e in entries
    )
    assert broken is None


def test_each_old_payload_reads_and_writes_back_byte_for_byte():
    """The one definition per kind (protocol.payloads) reads every old payload and gives
    back exactly its bytes: the commit, the verifier and the office share it."""
    read = 0
    for e in _entries():
        parse = PARSERS.get(e["kind"])
        if parse is None:
            continue  # device.setup: no fact of its own
        fact = parse(json.loads(e["payload"]), e["kind"])
        assert fact.entry_kind == e["kind"]
        assert chain.canonical(fact.to_json()) == e["payload"]
        read += 1
    assert read == 8


# Opening the old outlet upgrades its identifier hashes (services.context), once.
OPENS_OLD = pytest.mark.expect_log("ewarong_pos.services.context", r"re-hashed to version")


@pytest.fixture
def old_outlet(tmp_path, clock):
    root = tmp_path / "outlet"
    shutil.copytree(FIXTURE / "outlet", root)
    ctx = open_outlet(root, clock=clock, encrypt=False)
    yield ctx
    ctx.close()


@OPENS_OLD
def test_the_old_outlet_verifies(old_outlet):
    report = verify_journal(old_outlet)
    assert report.problems == ()
    assert report.ok
    assert (report.entries, report.sales, report.documents, report.day_closes) == (9, 4, 3, 1)


@OPENS_OLD
def test_the_old_journal_syncs_to_a_new_office(old_outlet, service, tmp_path, clock):
    seed_central(service.central, tmp_path, FAMILIES, clock())
    with service.central.session() as s, s.begin():
        admin.add_account(s, "EW-1", "kasir", "Siti", "cashier", "1357")
        admin.add_account(s, "EW-1", "bu.rina", "Rina", "manager", "2468")
    sync.enroll(old_outlet, service.url, enrollment_code(service.central, "EW-1", clock()))
    result = sync.sync_now(old_outlet)
    assert (result.pushed, result.duplicates, result.disputed) == (9, 0, 0)
    assert_exactly_once(old_outlet, service.central)
    payloads = {e["seq"]: json.loads(e["payload"]) for e in _entries()}
    d2 = next(p for p in payloads.values() if p.get("family") == "D2")
    with service.central.session() as s:
        redeemed = dict(s.execute(select(CentralVoucher.code, CentralVoucher.redeemed)).all())
        stored = {
            row.seq: row.payload
            for row in s.scalars(select(CentralEntry).order_by(CentralEntry.seq))
        }
    # D1's redemption was voided; D2's stands
    assert redeemed["BPNT-2018-04-D1"] == 0
    assert redeemed["BPNT-2018-04-D2"] == d2["total"] > 0
    assert stored == {e["seq"]: e["payload"] for e in _entries()}  # the office keeps the bytes
    assert verify_journal(old_outlet).ok
