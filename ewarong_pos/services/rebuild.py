"""Device loss: rebuild the facts a restored backup lacks from the central office's copy of
this device's journal (docs/data-safety.md, "Device loss").

After `backup.restore_backup` on a new PC and re-enrollment with a new one-time code,
`rebuild_from_central` fetches the device's entries the office stored after what this
database verifiably shares with it, checks that they chain onto the local journal, and
re-creates each fact (sales with lines, allocations and stock movements; stock documents
with movements; day closes) exactly as the original commit wrote it, checked against the
entry with the same payload builders the verifier uses. Everything happens in ONE write
transaction together with the upload position; any refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ewarong_pos.core import journal as chain
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    Account,
    DayClose,
    DayOpen,
    Family,
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
from ewarong_pos.protocol.payloads import (
    STOCK_ENTRY_KINDS,
    DayClosePayload,
    SalePayload,
    StockDocumentPayload,
    Unreadable,
)
from ewarong_pos.services import backup
from ewarong_pos.services import shifts as shift_service
from ewarong_pos.services import sync as sync_service
from ewarong_pos.services.accounts import audit
from ewarong_pos.services.business_day import OPEN_KIND as DAY_OPEN_KIND
from ewarong_pos.services.business_day import day_open_payload
from ewarong_pos.services.clock import CORRECTED_KIND as CLOCK_CORRECTED_KIND
from ewarong_pos.services.context import Context
from ewarong_pos.services.sales import JOURNAL_KINDS, sale_payloads
from ewarong_pos.services.settings import RECEIPT_SEQ_FLOOR
from ewarong_pos.services.training import refuse_in_training
from ewarong_pos.services.verify import day_close_payloads, stock_document_payloads
from ewarong_pos.sync.transport import Transport

log = logging.getLogger(__name__)

SALE_KINDS = {entry_kind: kind for kind, entry_kind in JOURNAL_KINDS.items()}
STOCK_KINDS = {kind: fact for fact, kind in STOCK_ENTRY_KINDS.items()}
# Entries that carry no fact of their own: stored as they are (an earlier restore's marker).
PLAIN_KINDS = {backup.RESTORED_KIND, CLOCK_CORRECTED_KIND}  # entries without a fact row
SHIFT_KINDS = {shift_service.OPEN_KIND, shift_service.CLOSE_KIND, DAY_OPEN_KIND}


@dataclass(frozen=True)
class RebuildResult:
    device_id: str
    after_seq: int  # the local entry the office's copy was fetched after
    central_head: int  # the last seq the office holds of this device (0: none fetched)
    fetched: int  # entries the office sent
    already_held: int  # of those, identical entries this database already had
    recreated: dict[str, int]  # entry kind -> entries re-created here
    sales: tuple[str, ...]  # receipt numbers of the re-created sales, in order
    marker_seq: int | None  # where the not-yet-pushed restore marker now is (moved or not)
    acked_seq: int
    receipt_seq_floor: int

    @property
    def changed(self) -> bool:
        return any(self.recreated.values())


@dataclass
class _Local:
    """What this database holds of the device's journal."""

    hashes: dict[int, str]
    acked: int
    tail: int | None  # seq of the last entry, if it is a `journal.restored` marker

    def shared_up_to(self) -> int:
        """The furthest seq the office's copy is fetched after: within what it acknowledged
        (so its entries are compared with ours, a forked history is caught), before the
        first number this database lacks, and before a restore marker at the tail (whether
        the office holds that marker or another entry under its number decides)."""
        contiguous = 0
        while contiguous + 1 in self.hashes:
            contiguous += 1
        after = min(self.acked, contiguous)
        if self.tail is not None:
            after = min(after, self.tail - 1)
        return after


def _read_local(s: Session, device_id: str) -> _Local:
    hashes = dict(
        s.execute(
            select(JournalEntry.seq, JournalEntry.hash).where(JournalEntry.device_id == device_id)
        ).all()
    )
    acked = int(s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device_id)) or 0)
    last = max(hashes, default=0)
    kind = s.scalar(
        select(JournalEntry.kind).where(
            JournalEntry.device_id == device_id, JournalEntry.seq == last
        )
    )
    return _Local(hashes, acked, last if kind == backup.RESTORED_KIND else None)


class _Refs:
    """Natural keys named by payloads -> local row ids (cached; refuses unknown ones)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.cache: dict[tuple[str, str], int] = {}

    def _get(self, what: str, value: str, column: Any, key: Any, seq: int) -> int:
        found = self.cache.get((what, value))
        if found is None:
            found = self.s.scalar(select(column).where(key == value))
            if found is None:
                raise DomainError("rebuild.unknown_ref", seq=seq, what=what, value=value)
            self.cache[(what, value)] = int(found)
        return found

    def product(self, sku: str, seq: int) -> int:
        return self._get("product", sku, Product.id, Product.sku, seq)

    def account(self, username: str, seq: int) -> int:
        return self._get("account", username, Account.id, Account.username, seq)

    def family(self, dtks: str, seq: int) -> int:
        return self._get("family", dtks, Family.id, Family.dtks_id, seq)

    def voucher(self, code: str, seq: int) -> int:
        return self._get("voucher", code, Voucher.id, Voucher.code, seq)

    def sale(self, uuid: str, seq: int) -> int:
        return self._get("sale", uuid, Sale.id, Sale.uuid, seq)


def _same(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    return chain.canonical(expected) == chain.canonical(found)


def _first_difference(expected: dict[str, Any], found: dict[str, Any]) -> str:
    for key in sorted(set(expected) | set(found)):
        if chain.canonical(expected.get(key)) != chain.canonical(found.get(key)):
            return key
    return "payload"


def _check(entry: chain.Entry, rebuilt: dict[str, Any]) -> None:
    """The re-created fact must give back exactly the payload the office holds."""
    if not _same(rebuilt, entry.payload):
        raise DomainError(
            "rebuild.mismatch", seq=entry.seq, field=_first_difference(rebuilt, entry.payload)
        )


def _date(seq: int, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError("rebuild.mismatch", seq=seq, field="business_date") from None


def _entry_date(entry: chain.Entry) -> dt.date:
    return _date(entry.seq, str(entry.payload.get("business_date")))


def _unreadable(seq: int, exc: Unreadable) -> DomainError:
    return DomainError("rebuild.mismatch", seq=seq, field=exc.field)


def _recreate_sale(s: Session, refs: _Refs, device_id: str, entry: chain.Entry) -> Sale:
    seq = entry.seq
    try:
        p = SalePayload.parse(entry.payload, entry.kind)
    except Unreadable as exc:
        raise _unreadable(seq, exc) from None
    kind = SALE_KINDS[entry.kind]
    if s.scalar(select(Sale.id).where(Sale.uuid == p.sale)) is not None:
        raise DomainError("rebuild.duplicate", seq=seq, ref=p.sale)
    sale = Sale(
        uuid=p.sale,
        device_id=device_id,
        receipt_seq=p.receipt_seq,
        receipt_no=p.receipt_no,
        kind=kind,
        created_at=entry.at,
        business_date=_date(seq, p.business_date),
        cashier_id=refs.account(p.cashier or "", seq),
        family_id=refs.family(p.family, seq) if p.family is not None else None,
        total=p.total,
        cash_tendered=p.cash_tendered,
        change_given=p.change,
        edc_approval=p.edc.approval if p.edc else None,
        edc_rrn=p.edc.rrn if p.edc else None,
        voided_sale_id=refs.sale(p.voids.sale, seq) if p.voids else None,
        void_reason=p.reason,
        approved_by_id=refs.account(p.approved_by, seq) if p.approved_by else None,
        journal_seq=seq,
    )
    s.add(sale)
    s.flush()
    movement_kind = "void" if kind == "void" else "sale"
    for number, line in enumerate(p.lines, start=1):
        product_id = refs.product(line.sku, seq)
        s.add(
            SaleLine(
                sale_id=sale.id,
                line_no=number,
                product_id=product_id,
                product_name=line.name,
                unit=line.unit,
                qty_milli=line.qty_milli,
                unit_price=line.unit_price,
                ceiling=line.ceiling,
                total=line.total,
            )
        )
        # as services.sales.commit._write_sale: stock moves by minus each line's quantity
        s.add(
            StockMovement(
                product_id=product_id,
                qty_milli=-line.qty_milli,
                kind=movement_kind,
                sale_id=sale.id,
                created_at=entry.at,
            )
        )
    for allocation in p.allocations:
        s.add(
            VoucherAllocation(
                sale_id=sale.id,
                voucher_id=refs.voucher(allocation.voucher, seq),
                amount=allocation.amount,
            )
        )
    s.flush()
    _check(entry, sale_payloads(s, [sale])[sale.id])
    return sale


def _recreate_document(s: Session, refs: _Refs, device_id: str, entry: chain.Entry) -> None:
    seq = entry.seq
    try:
        p = StockDocumentPayload.parse(entry.payload, entry.kind)
    except Unreadable as exc:
        raise _unreadable(seq, exc) from None
    if s.scalar(select(StockDocument.id).where(StockDocument.uuid == p.doc)) is not None:
        raise DomainError("rebuild.duplicate", seq=seq, ref=p.doc)
    kind = STOCK_KINDS[entry.kind]
    doc = StockDocument(
        uuid=p.doc,
        device_id=device_id,
        kind=kind,
        created_at=entry.at,
        business_date=_date(seq, p.business_date),
        actor_id=refs.account(p.actor or "", seq),
        supplier=p.supplier,
        document_no=p.document_no,
        reason=p.reason,
        note=p.note,
        journal_seq=seq,
    )
    s.add(doc)
    s.flush()
    for line in p.lines:
        s.add(
            StockMovement(
                product_id=refs.product(line.sku, seq),
                qty_milli=line.qty_milli,
                kind=kind,
                document_id=doc.id,
                unit_cost=line.unit_cost,
                counted_milli=line.counted_milli,
                created_at=entry.at,
            )
        )
    s.flush()
    _check(entry, stock_document_payloads(s, [doc])[doc.id])


def _recreate_close(s: Session, refs: _Refs, device_id: str, entry: chain.Entry) -> None:
    try:
        p = DayClosePayload.parse(entry.payload)
    except Unreadable as exc:
        raise _unreadable(entry.seq, exc) from None
    day = _date(entry.seq, p.business_date)
    held = s.scalar(
        select(DayClose.id).where(DayClose.device_id == device_id, DayClose.business_date == day)
    )
    if held is not None:
        raise DomainError("rebuild.duplicate", seq=entry.seq, ref=day.isoformat())
    close = DayClose(
        device_id=device_id,
        business_date=day,
        closed_at=entry.at,
        closed_by_id=refs.account(p.actor or "", entry.seq),
        totals=chain.canonical(p.totals),
        journal_seq=entry.seq,
    )
    s.add(close)
    s.flush()
    _check(entry, day_close_payloads(s, [close])[close.id])


def _recreate_shift(s: Session, refs: _Refs, device_id: str, entry: chain.Entry) -> None:
    """A `shift.open` or `shift.close` entry back into its Shift / ShiftClose row."""
    p = entry.payload
    try:
        if entry.kind == shift_service.OPEN_KIND:
            origin = None
            if p["from_shift"] is not None:
                origin = s.scalar(select(Shift.id).where(Shift.uuid == p["from_shift"]))
                if origin is None:
                    raise DomainError(
                        "rebuild.unknown_ref", seq=entry.seq, what="shift", value=p["from_shift"]
                    )
            shift = Shift(
                uuid=str(p["shift"]),
                device_id=device_id,
                business_date=_entry_date(entry),
                cashier_id=refs.account(str(p["cashier"]), entry.seq),
                opened_at=entry.at,
                float_counts=chain.canonical(p["float"]),
                float_total=int(p["float_total"]),
                from_shift_id=origin,
                journal_seq=entry.seq,
            )
            s.add(shift)
            s.flush()
            _check(entry, shift_service.shift_open_payloads(s, [shift])[shift.id])
            return
        opened = s.scalar(select(Shift).where(Shift.uuid == p["shift"]))
        if opened is None:
            raise DomainError("rebuild.unknown_ref", seq=entry.seq, what="shift", value=p["shift"])
        close = ShiftClose(
            shift_id=opened.id,
            closed_at=entry.at,
            counted_by_id=refs.account(str(p["counted_by"]), entry.seq),
            counts=chain.canonical(p["counts"]),
            counted_total=int(p["counted_total"]),
            cash_sales=int(p["cash_sales"]),
            cash_voids=int(p["cash_voids"]),
            expected=int(p["expected"]),
            over_short=int(p["over_short"]),
            reason=str(p["reason"]),
            approved_by_id=refs.account(str(p["approved_by"]), entry.seq)
            if p["approved_by"] is not None
            else None,
            handover_to_id=refs.account(str(p["handover_to"]), entry.seq)
            if p["handover_to"] is not None
            else None,
            journal_seq=entry.seq,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError("rebuild.mismatch", seq=entry.seq, field=str(exc)[:60]) from None
    s.add(close)
    s.flush()
    _check(entry, shift_service.shift_close_payloads(s, [close])[close.id])


def _recreate_day_open(s: Session, refs: _Refs, device_id: str, entry: chain.Entry) -> None:
    try:
        opened = DayOpen(
            device_id=device_id,
            business_date=_entry_date(entry),
            opened_at=entry.at,
            opened_by_id=refs.account(str(entry.payload["actor"]), entry.seq),
            journal_seq=entry.seq,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError("rebuild.mismatch", seq=entry.seq, field=str(exc)[:60]) from None
    s.add(opened)
    s.flush()
    _check(entry, day_open_payload(opened.business_date, str(entry.payload["actor"])))


def _remarker(s: Session, old: JournalEntry, head: chain.Entry, after_seq: int) -> int:
    """The restore marker, moved after the office's head: the rebuilt database holds every
    entry up to it, so it skips nothing (backup_seq = resume_after_seq = head)."""
    payload = json.loads(old.payload)
    payload.update(
        backup_seq=head.seq,
        backup_hash=head.hash,
        resume_after_seq=head.seq,
        resume_after_hash=head.hash,
        rebuilt_from_central={"after_seq": after_seq, "up_to_seq": head.seq},
    )
    entry = chain.make_entry(
        head.hash, old.device_id, head.seq + 1, str(uuidlib.uuid4()), old.kind, old.at, payload
    )
    journal.store(s, entry)
    return entry.seq


def _put_floor(s: Session, floor: int) -> None:
    if RECEIPT_SEQ_FLOOR.get(s) < floor:
        RECEIPT_SEQ_FLOOR.put(s, floor)


def rebuild_from_central(
    ctx: Context, *, transport: Transport | None = None, actor_id: int | None = None
) -> RebuildResult:
    """Get back, from the central office's copy of this device's journal, every fact this
    database lacks (a new PC restored from the last backup and re-enrolled).

    Refusals (DomainError, nothing changed): 'rebuild.other_device' (the enrollment names
    another device than the database), 'rebuild.not_chained' (the office's entries do not
    continue this journal: a backup of another PC or history), 'rebuild.diverged' (an
    entry here differs from the office's: facts written here after the restore, or a
    forked copy), 'rebuild.unsupported' (a kind that cannot be re-created),
    'rebuild.unknown_ref', 'rebuild.duplicate', 'rebuild.mismatch', 'rebuild.chain';
    and the sync refusals ('sync.offline', 'sync.refused', 'sync.not_enrolled').
    """
    refuse_in_training(ctx, "training.no_sync")
    identity = sync_service.load_identity(ctx)
    if identity is None:
        raise DomainError("sync.not_enrolled")
    device_id = ctx.device_id
    if identity.device_id != device_id:
        raise DomainError("rebuild.other_device", device=identity.device_id[:8])
    with ctx.db.read() as s:
        local = _read_local(s, device_id)
    after = local.shared_up_to()
    try:
        fetched = sync_service.central_journal(ctx, after=after, transport=transport)
    except DomainError as exc:
        if exc.code == "sync.page_incomplete":
            raise DomainError(
                "rebuild.not_chained", seq=after + 1, detail=str(exc.params.get("detail", ""))
            ) from None
        raise

    with ctx.db.write() as s:
        # Re-read under the writer lock: a sale committed meanwhile is a divergence below.
        local = _read_local(s, device_id)
        new: list[chain.Entry] = []
        held = 0
        displaced: JournalEntry | None = None
        for entry in fetched:
            mine = local.hashes.get(entry.seq)
            if mine is None or displaced is not None:
                new.append(entry)
            elif mine == entry.hash:
                held += 1
            elif entry.seq == local.tail:
                # The office holds another entry under our restore marker's number, so it
                # never stored the marker (even if a pull moved acked_seq over it): the
                # office's entry takes the number and the marker moves after its head.
                displaced = s.scalars(
                    select(JournalEntry).where(
                        JournalEntry.device_id == device_id, JournalEntry.seq == entry.seq
                    )
                ).one()
                new.append(entry)
            else:
                raise DomainError("rebuild.diverged", seq=entry.seq)
        known = set(SALE_KINDS) | set(STOCK_KINDS) | PLAIN_KINDS | {"day.close"} | SHIFT_KINDS
        for entry in new:
            if entry.kind not in known:
                raise DomainError("rebuild.unsupported", seq=entry.seq, kind=entry.kind)

        recreated: dict[str, int] = {}
        receipts: list[str] = []
        marker_seq = local.tail
        floor = 0
        if new:
            refs = _Refs(s)
            if displaced is not None:
                s.delete(displaced)
                s.flush()
            for entry in new:
                journal.store(s, entry)
                if entry.kind in SALE_KINDS:
                    sale = _recreate_sale(s, refs, device_id, entry)
                    receipts.append(sale.receipt_no)
                    floor = max(floor, sale.receipt_seq)
                elif entry.kind in STOCK_KINDS:
                    _recreate_document(s, refs, device_id, entry)
                elif entry.kind == "day.close":
                    _recreate_close(s, refs, device_id, entry)
                elif entry.kind in (shift_service.OPEN_KIND, shift_service.CLOSE_KIND):
                    _recreate_shift(s, refs, device_id, entry)
                elif entry.kind == DAY_OPEN_KIND:
                    _recreate_day_open(s, refs, device_id, entry)
                recreated[entry.kind] = recreated.get(entry.kind, 0) + 1
            if displaced is not None:
                marker_seq = _remarker(s, displaced, fetched[-1], after)
            try:
                backup.verify_device_chain(s, device_id)
            except ValueError as exc:
                raise DomainError("rebuild.chain", reason=str(exc)[:200]) from None
            head = fetched[-1].seq
            # The office holds everything up to its head: the next push starts after it.
            s.execute(
                update(SyncState)
                .where(SyncState.device_id == device_id, SyncState.acked_seq < head)
                .values(acked_seq=head)
            )
            if s.get(SyncState, device_id) is None:
                s.add(SyncState(device_id=device_id, acked_seq=head))
            floor = max(
                floor,
                int(
                    s.scalar(select(func.max(Sale.receipt_seq)).where(Sale.device_id == device_id))
                    or 0
                ),
            )
            _put_floor(s, floor)
            audit(
                s,
                ctx.now_iso(),
                "backup.rebuild",
                account_id=actor_id,
                detail={
                    "after_seq": after,
                    "central_head": head,
                    "recreated": recreated,
                    "marker_seq": marker_seq,
                },
            )
        acked = int(
            s.scalar(select(SyncState.acked_seq).where(SyncState.device_id == device_id)) or 0
        )
        floor_now = RECEIPT_SEQ_FLOOR.get(s)
    head_seq = fetched[-1].seq if fetched else 0
    log.log(
        logging.WARNING if new else logging.INFO,
        "rebuilt from the central office: %d entries fetched after #%d, %d re-created, head #%d",
        len(fetched),
        after,
        len(new),
        head_seq,
    )
    return RebuildResult(
        device_id=device_id,
        after_seq=after,
        central_head=head_seq,
        fetched=len(fetched),
        already_held=held,
        recreated=recreated,
        sales=tuple(receipts),
        marker_seq=marker_seq,
        acked_seq=acked,
        receipt_seq_floor=floor_now,
    )
