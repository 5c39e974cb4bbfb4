"""Verify the journal: the hash chain, and the facts in the tables against their entries.

The chain alone proves the journal was not edited; it says nothing of the tables a report
or the UI reads. So besides walking the chain (`core.journal.verify_chain`, then every
entry's own hash and link, to name all breaks and not only the first) this rebuilds each
sale, stock document and day close from its rows into its canonical payload and compares
it with its journal entry. Named findings: a missing, inserted or altered entry; a sale
(or document, or day close) without its entry or edited after the fact; an entry whose
fact was deleted; a gap in receipt numbers; lines, allocations or stock movements left
without their sale. Everything is read in batches, so a year of sales verifies in a
bounded amount of memory.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core import journal as chain
from ewarong_pos.core.messages import render
from ewarong_pos.db.models import (
    Account,
    DayClose,
    DayOpen,
    Device,
    JournalEntry,
    Product,
    Sale,
    SaleLine,
    Shift,
    ShiftClose,
    StockDocument,
    StockMovement,
    SyncState,
    Voucher,
    VoucherAllocation,
)
from ewarong_pos.db.queries import VOUCHER_REMAINING, usernames
from ewarong_pos.protocol.payloads import (
    STOCK_ENTRY_KINDS,
    DayClosePayload,
    JsonObject,
    StockDocumentPayload,
    StockLine,
)
from ewarong_pos.services import shifts as shift_service
from ewarong_pos.services.business_day import OPEN_KIND as DAY_OPEN_KIND
from ewarong_pos.services.business_day import day_open_payload
from ewarong_pos.services.clock import CORRECTED_KIND as CLOCK_CORRECTED_KIND
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales import JOURNAL_KINDS, receipt_number, sale_payloads

log = logging.getLogger(__name__)

BATCH = 1000
RESTORED_KIND = "journal.restored"  # written by services.backup after a restore
SALE_KINDS = {kind: fact for fact, kind in JOURNAL_KINDS.items()}
STOCK_KINDS = {kind: fact for fact, kind in STOCK_ENTRY_KINDS.items()}
# At most this many findings are listed: a wrecked file must not flood the screen.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class VerifyProblem:
    """One finding: a message code and its numbers (entry seq, receipt number, ...)."""

    code: str
    seq: int | None = None
    receipt_no: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        return render(self.code, lang, **self.params)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    devices: int
    entries: int
    sales: int
    documents: int
    day_closes: int
    first_break: VerifyProblem | None  # the first break of the hash chain itself
    problems: tuple[VerifyProblem, ...]
    truncated: bool = False

    def summary(self, lang: str = "id") -> str:
        if self.ok:
            return render(
                "verify.ok",
                lang,
                entries=self.entries,
                sales=self.sales,
                documents=self.documents,
            )
        return render("verify.broken", lang, count=len(self.problems))


class _Findings:
    def __init__(self) -> None:
        self.items: list[VerifyProblem] = []
        self.truncated = False

    def add(
        self, code: str, seq: int | None = None, receipt_no: str | None = None, **params: Any
    ) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.truncated = True
            return
        if seq is not None:
            params.setdefault("seq", seq)
        if receipt_no is not None:
            params.setdefault("receipt_no", receipt_no)
        self.items.append(VerifyProblem(code, seq, receipt_no, params))


# --- canonical payloads of stock documents and day closes -----------------------------


def stock_document_payloads(s: Session, docs: Sequence[StockDocument]) -> dict[int, JsonObject]:
    """The journal payload of each stock document (`protocol.payloads.StockDocumentPayload`),
    rebuilt from its rows."""
    if not docs:
        return {}
    ids = [doc.id for doc in docs]
    lines: dict[int, list[StockLine]] = {i: [] for i in ids}
    for movement, sku in s.execute(
        select(StockMovement, Product.sku)
        .join(Product, Product.id == StockMovement.product_id)
        .where(StockMovement.document_id.in_(ids))
        .order_by(StockMovement.document_id, StockMovement.id)
    ):
        counted = movement.counted_milli
        lines[int(movement.document_id or 0)].append(
            StockLine(
                sku=sku,
                qty_milli=movement.qty_milli,
                unit_cost=movement.unit_cost,
                counted_milli=counted,
                # a count records the shelf figure; the books held shelf minus the change
                book_milli=counted - movement.qty_milli if counted is not None else None,
            )
        )
    actors = usernames(s, (doc.actor_id for doc in docs))
    return {
        doc.id: StockDocumentPayload(
            doc=doc.uuid,
            kind=doc.kind,
            business_date=doc.business_date.isoformat(),
            actor=actors.get(doc.actor_id),
            supplier=doc.supplier,
            document_no=doc.document_no,
            reason=doc.reason,
            note=doc.note,
            lines=tuple(lines[doc.id]),
        ).to_json()
        for doc in docs
    }


def day_close_payloads(s: Session, closes: Sequence[DayClose]) -> dict[int, JsonObject]:
    """The journal payload of each day close (`protocol.payloads.DayClosePayload`)."""
    if not closes:
        return {}
    actors = usernames(s, (c.closed_by_id for c in closes))
    payloads = {}
    for close in closes:
        try:
            totals = json.loads(close.totals)
        except ValueError:
            totals = close.totals
        payloads[close.id] = DayClosePayload(
            close.business_date.isoformat(), actors.get(close.closed_by_id), totals
        ).to_json()
    return payloads


def _json(value: Any) -> str:
    """A strict, never-failing text form for comparing payloads (True is not 1, and a
    float typed into a tampered payload is reported, not raised)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _same(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    return _json(expected) == _json(found)


def _first_difference(expected: dict[str, Any], found: dict[str, Any]) -> str:
    """The first payload key (sorted) whose value differs: names what was edited."""
    for key in sorted(set(expected) | set(found)):
        if _json(expected.get(key)) != _json(found.get(key)):
            return key
    return "payload"


# --- the chain ------------------------------------------------------------------------


_CHAIN_CODES = {
    "gap": "verify.chain_gap",
    "order": "verify.chain_order",
    "prev_hash": "verify.chain_prev_hash",
    "hash": "verify.chain_hash",
    "device": "verify.chain_device",
    "start": "verify.chain_start",
}


def _first_break(broken: chain.ChainBreak, scanned: Sequence[VerifyProblem]) -> VerifyProblem:
    """The chain's first break (`verify_chain`) as the scan named it, with its numbers."""
    code = _CHAIN_CODES.get(broken.reason, "verify.chain_start")
    for problem in scanned:
        if problem.code == code and problem.seq == broken.seq:
            return problem
    params: dict[str, Any] = {"seq": broken.seq}
    if code == "verify.chain_gap":
        params.update(missing=f"#{broken.seq}", found=broken.seq + 1)
    elif code == "verify.chain_order":
        params.update(after=broken.seq - 1)
    return VerifyProblem(code, broken.seq, None, params)


def _entries(s: Session, device_id: str) -> Iterator[chain.Entry]:
    """One device's entries in seq order, in batches; unlike `db.journal.iter_entries`
    this survives a payload that is not JSON any more (it then fails its hash)."""
    after = 0
    while True:
        rows = s.execute(
            select(
                JournalEntry.seq,
                JournalEntry.uuid,
                JournalEntry.kind,
                JournalEntry.at,
                JournalEntry.payload,
                JournalEntry.prev_hash,
                JournalEntry.hash,
            )
            .where(JournalEntry.device_id == device_id, JournalEntry.seq > after)
            .order_by(JournalEntry.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for seq, uuid, kind, at, text, prev_hash, digest in rows:
            try:
                payload = json.loads(text)
            except (TypeError, ValueError):
                payload = None
            if not isinstance(payload, dict):
                payload = {"$unreadable": str(text)[:200]}
            yield chain.Entry(device_id, seq, uuid, kind, at, payload, prev_hash, digest)
        after = rows[-1].seq


@dataclass
class _ChainScan:
    entries: int = 0
    last_seq: int = 0
    first_break: chain.ChainBreak | None = None
    first_problem: int = 0  # index of the first break's finding
    # receipt numbers a restore skipped: (first skipped, last skipped = the floor)
    receipt_skips: set[tuple[int, int]] = field(default_factory=set)


def _restore_marker(entry: chain.Entry, prev_seq: int, prev_hash: str) -> bool:
    """A `journal.restored` entry (services.backup) that legitimately skips numbers: it
    names the last entry this database kept and the entry the central office holds that
    it chains to (the numbers between exist only at the central office)."""
    p = entry.payload
    return (
        entry.kind == RESTORED_KIND
        and entry.seq > prev_seq
        and p.get("backup_seq") == prev_seq
        and p.get("backup_hash") == prev_hash
        and p.get("resume_after_seq") == entry.seq - 1
        and p.get("resume_after_hash") == entry.prev_hash
    )


def _hash_ok(entry: chain.Entry) -> bool:
    try:
        return chain.entry_hash(entry.prev_hash, entry.body()) == entry.hash
    except TypeError:  # a float or other non-canonical value typed into the payload
        return False


def _verify_link(entry: chain.Entry, seq: int, prev_hash: str) -> chain.ChainBreak | None:
    """`verify_chain` over one link; a payload that cannot be canonical is an alteration."""
    try:
        return chain.verify_chain([entry], start_seq=seq, start_hash=prev_hash)
    except TypeError as exc:
        return chain.ChainBreak(entry.seq, "hash", str(exc))


def _scan_chain(s: Session, device_id: str, findings: _Findings) -> _ChainScan:
    """Every break of one device's chain: gaps, broken links, altered entries.

    Each link is checked by `core.journal.verify_chain` (the same code the central office
    runs); the first break it finds is the report's first break. After a break the walk
    goes on from the entry as found, so one deleted entry is one finding, not a flood.
    """
    scan = _ChainScan()
    prev_seq, prev_hash = 0, chain.GENESIS
    prev_at = ""
    last_receipt = 0  # the receipt_seq of the latest sale entry walked
    for entry in _entries(s, device_id):
        scan.entries += 1
        if entry.kind == CLOCK_CORRECTED_KIND:
            prev_at = entry.at  # a manager's correction: the one step back allowed
        elif prev_at and chain.clock_went_back(prev_at, entry.at):
            findings.add("verify.clock_backwards", entry.seq, at=entry.at, before=prev_at)
        prev_at = max(prev_at, entry.at)
        scan.last_seq = max(scan.last_seq, entry.seq)
        marker = entry.seq != prev_seq + 1 and _restore_marker(entry, prev_seq, prev_hash)
        if marker:
            broken = _verify_link(entry, entry.seq, entry.prev_hash)
        else:
            broken = _verify_link(entry, prev_seq + 1, prev_hash)
        if entry.kind in SALE_KINDS and isinstance(entry.payload.get("receipt_seq"), int):
            last_receipt = max(last_receipt, entry.payload["receipt_seq"])
        if broken is None and entry.kind == RESTORED_KIND:
            floor = entry.payload.get("receipt_seq_floor")
            if isinstance(floor, int) and not isinstance(floor, bool) and floor > last_receipt:
                scan.receipt_skips.add((last_receipt + 1, floor))
        if broken is not None:
            if scan.first_break is None:
                scan.first_break = broken
                scan.first_problem = len(findings.items)
            if broken.reason == "gap":
                missing = (
                    f"#{prev_seq + 1}"
                    if entry.seq == prev_seq + 2
                    else f"#{prev_seq + 1}-#{entry.seq - 1}"
                )
                findings.add("verify.chain_gap", prev_seq + 1, missing=missing, found=entry.seq)
            elif broken.reason == "order":
                findings.add("verify.chain_order", entry.seq, after=prev_seq)
            elif broken.reason == "prev_hash":
                findings.add("verify.chain_prev_hash", entry.seq)
            elif broken.reason != "hash":
                findings.add(_CHAIN_CODES.get(broken.reason, "verify.chain_start"), entry.seq)
            # verify_chain stops at the first fault of the entry: its content still counts
            if not _hash_ok(entry):
                findings.add("verify.chain_hash", entry.seq)
        prev_seq, prev_hash = entry.seq, entry.hash
    return scan


# --- facts against entries ------------------------------------------------------------


def _entries_in(s: Session, device_id: str, lo: int, hi: int) -> dict[int, JournalEntry]:
    return {
        row.seq: row
        for row in s.scalars(
            select(JournalEntry).where(
                JournalEntry.device_id == device_id,
                JournalEntry.seq >= lo,
                JournalEntry.seq <= hi,
            )
        )
    }


def _payload(row: JournalEntry) -> dict[str, Any] | None:
    try:
        value = json.loads(row.payload)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _check_sales(
    s: Session,
    device_id: str,
    entries: dict[int, JournalEntry],
    sales: Sequence[Sale],
    findings: _Findings,
) -> set[int]:
    """Compare sales with their entries; returns the entry seqs the sales account for."""
    claimed: set[int] = set()
    payloads = sale_payloads(s, sales)
    movements: dict[tuple[int, int], int] = defaultdict(int)
    lines: dict[tuple[int, int], int] = defaultdict(int)
    skus: dict[int, str] = {}
    ids = [sale.id for sale in sales]
    if ids:
        for sale_id, product_id, qty in s.execute(
            select(StockMovement.sale_id, StockMovement.product_id, StockMovement.qty_milli).where(
                StockMovement.sale_id.in_(ids)
            )
        ):
            movements[(int(sale_id or 0), product_id)] += qty
        for sale_id, product_id, qty, sku in s.execute(
            select(SaleLine.sale_id, SaleLine.product_id, SaleLine.qty_milli, Product.sku)
            .join(Product, Product.id == SaleLine.product_id)
            .where(SaleLine.sale_id.in_(ids))
        ):
            lines[(sale_id, product_id)] += qty
            skus[product_id] = sku
    for sale in sales:
        row = entries.get(sale.journal_seq)
        payload = _payload(row) if row is not None else None
        if (
            row is None
            or payload is None
            or row.kind != JOURNAL_KINDS.get(sale.kind)
            or payload.get("sale") != sale.uuid
        ):
            if row is not None and payload is not None and payload.get("sale") == sale.uuid:
                claimed.add(row.seq)
                findings.add("verify.sale_altered", sale.journal_seq, sale.receipt_no, field="kind")
            else:
                findings.add("verify.sale_without_entry", sale.journal_seq, sale.receipt_no)
            continue
        claimed.add(row.seq)
        expected = payloads[sale.id]
        if not _same(expected, payload):
            findings.add(
                "verify.sale_altered",
                row.seq,
                sale.receipt_no,
                field=_first_difference(expected, payload),
            )
        elif row.at != sale.created_at:
            findings.add("verify.sale_altered", row.seq, sale.receipt_no, field="at")
    for sale_id, product_id in set(movements) | set(lines):
        if movements.get((sale_id, product_id), 0) != -lines.get((sale_id, product_id), 0):
            sale = next(x for x in sales if x.id == sale_id)
            findings.add(
                "verify.sale_stock",
                sale.journal_seq,
                sale.receipt_no,
                sku=skus.get(product_id) or str(product_id),
            )
    return claimed


def _check_documents(
    s: Session,
    entries: dict[int, JournalEntry],
    docs: Sequence[StockDocument],
    findings: _Findings,
) -> set[int]:
    claimed: set[int] = set()
    payloads = stock_document_payloads(s, docs)
    for doc in docs:
        row = entries.get(doc.journal_seq)
        payload = _payload(row) if row is not None else None
        if (
            row is None
            or payload is None
            or STOCK_KINDS.get(row.kind) != doc.kind
            or payload.get("doc") != doc.uuid
        ):
            findings.add("verify.document_without_entry", doc.journal_seq, doc=doc.uuid)
            continue
        claimed.add(row.seq)
        expected = payloads[doc.id]
        if not _same(expected, payload):
            findings.add(
                "verify.document_altered",
                row.seq,
                doc=doc.uuid,
                field=_first_difference(expected, payload),
            )
        elif row.at != doc.created_at:
            findings.add("verify.document_altered", row.seq, doc=doc.uuid, field="at")
    return claimed


def _check_closes(
    s: Session,
    entries: dict[int, JournalEntry],
    closes: Sequence[DayClose],
    findings: _Findings,
) -> set[int]:
    claimed: set[int] = set()
    payloads = day_close_payloads(s, closes)
    for close in closes:
        date = close.business_date.isoformat()
        row = entries.get(close.journal_seq)
        payload = _payload(row) if row is not None else None
        if (
            row is None
            or payload is None
            or row.kind != "day.close"
            or payload.get("business_date") != date
        ):
            findings.add("verify.day_without_entry", close.journal_seq, date=date)
            continue
        claimed.add(row.seq)
        expected = payloads[close.id]
        if not _same(expected, payload):
            findings.add(
                "verify.day_altered",
                row.seq,
                date=date,
                field=_first_difference(expected, payload),
            )
    return claimed


def _shift_label(s: Session, shift: Shift | None, fallback: str = "?") -> str:
    """How a finding names a shift: its cashier and business date."""
    if shift is None:
        return fallback
    name = s.scalar(select(Account.username).where(Account.id == shift.cashier_id))
    return f"{name or '?'} {shift.business_date.isoformat()}"


def _check_shifts(
    s: Session,
    entries: dict[int, JournalEntry],
    shifts: Sequence[Shift],
    closes: Sequence[ShiftClose],
    opens: Sequence[DayOpen],
    findings: _Findings,
) -> set[int]:
    """Shift openings (float counts), shift closings (cash counts) and opened business
    days against their entries: a count or a figure changed in a table is named."""
    claimed: set[int] = set()
    open_payloads = shift_service.shift_open_payloads(s, shifts)
    for shift in shifts:
        label = _shift_label(s, shift)
        row = entries.get(shift.journal_seq)
        payload = _payload(row) if row is not None else None
        if (
            row is None
            or payload is None
            or row.kind != shift_service.OPEN_KIND
            or payload.get("shift") != shift.uuid
        ):
            findings.add("verify.shift_without_entry", shift.journal_seq, shift=label)
            continue
        claimed.add(row.seq)
        expected = open_payloads[shift.id]
        if not _same(expected, payload):
            findings.add(
                "verify.shift_altered",
                row.seq,
                shift=label,
                field=_first_difference(expected, payload),
            )
        elif row.at != shift.opened_at:
            findings.add("verify.shift_altered", row.seq, shift=label, field="at")
    close_payloads = shift_service.shift_close_payloads(s, closes)
    for close in closes:
        label = _shift_label(s, s.get(Shift, close.shift_id), str(close.shift_id))
        row = entries.get(close.journal_seq)
        payload = _payload(row) if row is not None else None
        expected = close_payloads[close.id]
        if (
            row is None
            or payload is None
            or row.kind != shift_service.CLOSE_KIND
            or payload.get("shift") != expected["shift"]
        ):
            findings.add("verify.shift_close_without_entry", close.journal_seq, shift=label)
            continue
        claimed.add(row.seq)
        if not _same(expected, payload):
            findings.add(
                "verify.shift_close_altered",
                row.seq,
                shift=label,
                field=_first_difference(expected, payload),
            )
        elif row.at != close.closed_at:
            findings.add("verify.shift_close_altered", row.seq, shift=label, field="at")
    if opens:
        actors = usernames(s, (o.opened_by_id for o in opens))
    for opened in opens:
        date = opened.business_date.isoformat()
        row = entries.get(opened.journal_seq)
        payload = _payload(row) if row is not None else None
        if row is None or payload is None or row.kind != DAY_OPEN_KIND:
            findings.add("verify.day_open_altered", opened.journal_seq, date=date, field="entry")
            continue
        claimed.add(row.seq)
        expected = day_open_payload(opened.business_date, actors.get(opened.opened_by_id))
        if not _same(expected, payload):
            findings.add(
                "verify.day_open_altered",
                row.seq,
                date=date,
                field=_first_difference(expected, payload),
            )
    return claimed


def _orphans(
    s: Session, entries: dict[int, JournalEntry], claimed: set[int], findings: _Findings
) -> None:
    """Entries of facts whose rows are gone (deleted behind the app's back)."""
    for seq in sorted(set(entries) - claimed):
        row = entries[seq]
        payload = _payload(row) or {}
        if row.kind in SALE_KINDS:
            uuid = payload.get("sale")
            if s.scalar(select(Sale.id).where(Sale.uuid == uuid)) is None:
                findings.add(
                    "verify.entry_without_sale", seq, str(payload.get("receipt_no") or "?")
                )
        elif row.kind in STOCK_KINDS:
            uuid = payload.get("doc")
            if s.scalar(select(StockDocument.id).where(StockDocument.uuid == uuid)) is None:
                findings.add("verify.entry_without_document", seq, doc=str(uuid))
        elif row.kind == "day.close":
            date = str(payload.get("business_date") or "?")
            if (
                s.scalar(
                    select(DayClose.id).where(
                        DayClose.device_id == row.device_id,
                        func.strftime("%Y-%m-%d", DayClose.business_date) == date,
                    )
                )
                is None
            ):
                findings.add("verify.entry_without_day", seq, date=date)
        elif row.kind in (shift_service.OPEN_KIND, shift_service.CLOSE_KIND):
            uuid = str(payload.get("shift") or "?")
            shift = s.scalar(select(Shift).where(Shift.uuid == uuid))
            label = _shift_label(s, shift, uuid[:8])
            if shift is None:
                findings.add("verify.entry_without_shift", seq, kind=row.kind, shift=label)
            elif row.kind == shift_service.CLOSE_KIND:
                close = s.scalar(select(ShiftClose).where(ShiftClose.shift_id == shift.id))
                if close is None:
                    findings.add("verify.entry_without_shift", seq, kind=row.kind, shift=label)
                else:  # a closing row whose journal_seq was moved away from its entry
                    findings.add("verify.shift_close_without_entry", seq, shift=label)
            else:
                findings.add("verify.shift_without_entry", seq, shift=label)
        elif row.kind == DAY_OPEN_KIND:
            date = str(payload.get("business_date") or "?")
            findings.add("verify.entry_without_day_open", seq, date=date)


def _next_seq(s: Session, device_id: str, after: int | None) -> int | None:
    """The lowest journal seq above `after` that an entry or a fact of the device uses."""
    candidates = []
    for column, device_column in (
        (JournalEntry.seq, JournalEntry.device_id),
        (Sale.journal_seq, Sale.device_id),
        (StockDocument.journal_seq, StockDocument.device_id),
        (DayClose.journal_seq, DayClose.device_id),
        (Shift.journal_seq, Shift.device_id),
        (DayOpen.journal_seq, DayOpen.device_id),
    ):
        query = select(func.min(column)).where(device_column == device_id)
        if after is not None:
            query = query.where(column > after)
        found = s.scalar(query)
        if found is not None:
            candidates.append(int(found))
    closes = (
        select(func.min(ShiftClose.journal_seq))
        .join(Shift, Shift.id == ShiftClose.shift_id)
        .where(Shift.device_id == device_id)
    )
    if after is not None:
        closes = closes.where(ShiftClose.journal_seq > after)
    found = s.scalar(closes)
    if found is not None:
        candidates.append(int(found))
    return min(candidates) if candidates else None


def _check_facts(s: Session, device_id: str, findings: _Findings) -> tuple[int, int, int]:
    """Walk seq ranges; compare the facts whose journal_seq falls in each with the entries.

    Ranges with nothing in them are skipped, so a wild journal_seq typed into one row
    costs one query, not a walk to it.
    """
    counts = [0, 0, 0]
    lo: int | None = _next_seq(s, device_id, None)
    while lo is not None:
        hi = lo + BATCH - 1
        entries = _entries_in(s, device_id, lo, hi)
        sales = s.scalars(
            select(Sale)
            .where(Sale.device_id == device_id, Sale.journal_seq >= lo, Sale.journal_seq <= hi)
            .order_by(Sale.journal_seq)
        ).all()
        docs = s.scalars(
            select(StockDocument).where(
                StockDocument.device_id == device_id,
                StockDocument.journal_seq >= lo,
                StockDocument.journal_seq <= hi,
            )
        ).all()
        closes = s.scalars(
            select(DayClose).where(
                DayClose.device_id == device_id,
                DayClose.journal_seq >= lo,
                DayClose.journal_seq <= hi,
            )
        ).all()
        shifts = s.scalars(
            select(Shift).where(
                Shift.device_id == device_id, Shift.journal_seq >= lo, Shift.journal_seq <= hi
            )
        ).all()
        shift_closes = s.scalars(
            select(ShiftClose)
            .join(Shift, Shift.id == ShiftClose.shift_id)
            .where(
                Shift.device_id == device_id,
                ShiftClose.journal_seq >= lo,
                ShiftClose.journal_seq <= hi,
            )
        ).all()
        opens = s.scalars(
            select(DayOpen).where(
                DayOpen.device_id == device_id,
                DayOpen.journal_seq >= lo,
                DayOpen.journal_seq <= hi,
            )
        ).all()
        claimed = _check_sales(s, device_id, entries, sales, findings)
        claimed |= _check_shifts(s, entries, shifts, shift_closes, opens, findings)
        claimed |= _check_documents(s, entries, docs, findings)
        claimed |= _check_closes(s, entries, closes, findings)
        _orphans(s, entries, claimed, findings)
        counts[0] += len(sales)
        counts[1] += len(docs)
        counts[2] += len(closes)
        s.expunge_all()  # keep memory flat over a long history
        lo = _next_seq(s, device_id, hi)
    return counts[0], counts[1], counts[2]


def _check_receipts(
    s: Session, device: Device, skips: set[tuple[int, int]], findings: _Findings
) -> None:
    """Receipt numbers of one device: 1, 2, 3, ... with no gap, each printed as allocated.

    A restore from backup (a verified `journal.restored` entry) skips exactly the numbers
    after the last sale the backup held up to its `receipt_seq_floor`: those were issued
    by the database the backup replaced and only the central office holds them.
    """
    expected = 1
    for seq, number in s.execute(
        select(Sale.receipt_seq, Sale.receipt_no)
        .where(Sale.device_id == device.id)
        .order_by(Sale.receipt_seq)
    ):
        restored = (expected, seq - 1) in skips
        if seq != expected and not restored:
            findings.add(
                "verify.receipt_gap",
                None,
                number,
                expected=receipt_number(device.code, expected),
                found=number,
            )
        if number != receipt_number(device.code, seq):
            findings.add(
                "verify.receipt_no", None, number, expected=receipt_number(device.code, seq)
            )
        expected = seq + 1


def _check_orphan_rows(s: Session, findings: _Findings) -> None:
    """Rows whose sale or document was deleted (foreign keys are off in a raw sqlite3)."""
    checks = [
        ("sale_line", SaleLine.sale_id, Sale.id),
        ("voucher_allocation", VoucherAllocation.sale_id, Sale.id),
        ("stock_movement", StockMovement.sale_id, Sale.id),
        ("stock_movement", StockMovement.document_id, StockDocument.id),
    ]
    for table, column, parent in checks:
        count = s.scalar(
            select(func.count())
            .select_from(column.class_)
            .where(column.is_not(None), column.not_in(select(parent)))
        )
        if count:
            findings.add("verify.orphan_rows", table=table, count=int(count))


def _check_vouchers(s: Session, findings: _Findings) -> None:
    """Vouchers are not journaled (they come from the roster and the office), but what was
    drawn from them here is: a voucher whose amount is below what this file's journaled
    sales drew was edited outside the app, or damaged.

    What the office reports as redeemed elsewhere (`redeemed_elsewhere`) is left out: two
    tills of one outlet working offline can both draw the same voucher, each within what it
    knew, and after their syncs its remaining is below zero - a dispute the office settles,
    not an edit of this file."""
    drawn_here = VOUCHER_REMAINING + Voucher.redeemed_elsewhere
    query = select(Voucher.code, drawn_here).where(drawn_here < 0)
    for code, remaining in s.execute(query.order_by(Voucher.code)):
        findings.add("verify.voucher_overdrawn", voucher=code, remaining=int(remaining))


def verify_journal(ctx: Context) -> VerifyReport:
    """Check the whole journal and every fact against it (read-only)."""
    findings = _Findings()
    first_break: VerifyProblem | None = None
    entries = sales = documents = closes = 0
    with ctx.db.read() as s:
        device_ids = sorted(
            set(s.scalars(select(JournalEntry.device_id).distinct()))
            | set(s.scalars(select(Sale.device_id).distinct()))
            | set(s.scalars(select(Device.id)))
        )
        devices = {d.id: d for d in s.scalars(select(Device))}
        for device_id in device_ids:
            already = len(findings.items)
            scan = _scan_chain(s, device_id, findings)
            if scan.first_break is not None and first_break is None:
                first_break = _first_break(
                    scan.first_break, findings.items[max(already, scan.first_problem) :]
                )
            entries += scan.entries
            acked = s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device_id))
            if acked and int(acked) > scan.last_seq:
                # Entries the central office already stored are gone from this file: the
                # chain that is left may hold, but its tail was cut.
                findings.add(
                    "verify.behind_central",
                    scan.last_seq + 1,
                    last=scan.last_seq,
                    acked=int(acked),
                )
            try:
                n_sales, n_docs, n_closes = _check_facts(s, device_id, findings)
            except (ValueError, TypeError, LookupError) as exc:
                # A row edited into something the model cannot even read (a date that is
                # no date): that is a finding too, not a crash of the check.
                log.info("unreadable facts of device %s", device_id, exc_info=True)
                findings.add("verify.unreadable", detail=f"{type(exc).__name__}: {exc}"[:200])
                n_sales = n_docs = n_closes = 0
            sales += n_sales
            documents += n_docs
            closes += n_closes
            device = devices.get(device_id) or s.get(Device, device_id)
            if device is not None:
                _check_receipts(s, device, scan.receipt_skips, findings)
        _check_orphan_rows(s, findings)
        _check_vouchers(s, findings)
    problems = list(findings.items)
    if first_break is not None and first_break not in problems:
        problems.insert(0, first_break)
    report = VerifyReport(
        ok=not problems,
        devices=len(device_ids),
        entries=entries,
        sales=sales,
        documents=documents,
        day_closes=closes,
        first_break=first_break,
        problems=tuple(problems),
        truncated=findings.truncated,
    )
    if not report.ok:
        log.info("journal verification found %d problems", len(problems))
    return report
