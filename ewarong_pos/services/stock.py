"""The stock ledger: deliveries, adjustments with a reason, stock counts (opname), levels, cards.

Stock is never stored, only moved: on-hand of a product is the sum of its movements
(`db.queries.on_hand`). Each document (a delivery note, an adjustment, a count) is one
transaction holding the StockDocument, its StockMovements and the journal entry
(`stock.delivery` / `stock.adjustment` / `stock.count`, payload shape in the team brief),
with the actor recorded. A count records what the shelf held against what the books said
and books the difference as a 'count' movement (zero when they agree, so the count shows
on the stock card). Adjustments and counts may not drive stock below zero.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import WIB, iso
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.money import QTY_SCALE
from ewarong_pos.db import journal
from ewarong_pos.db.models import (
    Account,
    JournalEntry,
    Product,
    Sale,
    StockDocument,
    StockMovement,
)
from ewarong_pos.db.queries import on_hand, usernames
from ewarong_pos.protocol.payloads import StockDocumentPayload, StockLine
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

REASONS = ("damaged", "lost", "correction")
REDUCING_REASONS = ("damaged", "lost")
MAX_LINES = 200
SUPPLIER_LIMIT = 120
DOCUMENT_NO_LIMIT = 60
NOTE_LIMIT = 250


# --- input -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryLine:
    product_id: int
    qty_milli: int  # received, > 0
    unit_cost: int  # rupiah per unit (per kg for kg products), >= 0


@dataclass(frozen=True)
class AdjustmentLine:
    product_id: int
    qty_milli: int  # signed change: damaged and lost take stock off (< 0)


@dataclass(frozen=True)
class CountLine:
    product_id: int
    counted_milli: int  # what the shelf holds, >= 0


# --- output ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StockDocLine:
    product_id: int
    sku: str
    name: str
    unit: str
    qty_milli: int  # the movement booked (signed)
    unit_cost: int | None
    counted_milli: int | None
    book_milli: int | None
    on_hand_after: int


@dataclass(frozen=True)
class StockDocResult:
    document_id: int
    uuid: str
    kind: str  # delivery | adjustment | count
    business_date: dt.date
    created_at: str
    actor: str
    supplier: str
    document_no: str
    reason: str
    note: str
    lines: tuple[StockDocLine, ...]
    journal_seq: int
    journal_hash: str
    replayed: bool = False  # an earlier commit with this doc_uuid was returned


@dataclass(frozen=True)
class StockLevel:
    product_id: int
    sku: str
    name: str
    category: str
    unit: str
    on_hand_milli: int
    low_stock_milli: int
    low: bool  # at or below the product's low-stock mark (out of stock included)
    active: bool


@dataclass(frozen=True)
class StockCardEntry:
    at: str  # ISO UTC
    kind: str  # delivery | sale | void | adjustment | count
    qty_milli: int
    balance_milli: int
    reference: str  # receipt number, or the document number / uuid
    actor: str
    unit_cost: int | None
    counted_milli: int | None
    reason: str
    note: str


@dataclass(frozen=True)
class StockCard:
    product_id: int
    sku: str
    name: str
    unit: str
    date_from: dt.date
    date_to: dt.date
    opening_milli: int
    entries: tuple[StockCardEntry, ...]
    total_in_milli: int
    total_out_milli: int
    closing_milli: int


# --- checks ----------------------------------------------------------------------------


def _actor(session: Session, actor_id: int) -> Account:
    actor = session.get(Account, actor_id)
    if actor is None or not actor.active:
        raise DomainError("auth.actor_unknown", actor_id=actor_id)
    return actor


def _text(value: str, field: str, limit: int) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > limit:
        raise DomainError("stock.text_too_long", field=field, length=len(cleaned), limit=limit)
    return cleaned


def _products(session: Session, product_ids: Sequence[int]) -> dict[int, Product]:
    """The products of the lines, refusing an unknown one or a product listed twice."""
    if not product_ids:
        raise DomainError("stock.no_lines")
    if len(product_ids) > MAX_LINES:
        raise DomainError("stock.too_many_lines", count=len(product_ids), limit=MAX_LINES)
    found = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(product_ids)))}
    first_line: dict[int, int] = {}
    for line_no, pid in enumerate(product_ids, start=1):
        product = found.get(pid)
        if product is None:
            raise DomainError("stock.unknown_product", line=line_no, product_id=pid)
        if pid in first_line:
            raise DomainError(
                "stock.duplicate_product",
                line=line_no,
                product=product.name,
                first_line=first_line[pid],
            )
        first_line[pid] = line_no
    return found


def _whole(product: Product, qty: int, line_no: int) -> None:
    if not product.fractional and qty % QTY_SCALE:
        raise DomainError("stock.whole_units", line=line_no, product=product.name)


def _replayed(session: Session, doc_uuid: str | None, kind: str) -> StockDocResult | None:
    """The document already committed under `doc_uuid` (a retry), if any; the same id on
    a document of another kind is a client bug, refused rather than answered with it."""
    if doc_uuid is None:
        return None
    doc = session.scalar(select(StockDocument).where(StockDocument.uuid == doc_uuid))
    if doc is None:
        return None
    if doc.kind != kind:
        raise DomainError("stock.uuid_conflict", uuid=doc_uuid, kind=doc.kind)
    return _result(session, doc, replayed=True)


# --- writing a document ----------------------------------------------------------------


def _write(
    session: Session,
    ctx: Context,
    *,
    kind: str,
    actor: Account,
    doc_uuid: str | None,
    supplier: str = "",
    document_no: str = "",
    reason: str = "",
    note: str = "",
    moves: list[tuple[Product, int, int | None, int | None, int | None]],
) -> StockDocResult:
    """Add the document, its movements and its journal entry in `session`.

    `moves` are (product, qty_milli, unit_cost, counted_milli, book_milli).
    """
    now = ctx.now_iso()
    business_date = ctx.business_date()
    uid = doc_uuid or str(uuidlib.uuid4())
    payload = StockDocumentPayload(
        doc=uid,
        kind=kind,
        business_date=business_date.isoformat(),
        actor=actor.username,
        supplier=supplier,
        document_no=document_no,
        reason=reason,
        note=note,
        lines=tuple(
            StockLine(product.sku, qty, cost, counted, book)
            for product, qty, cost, counted, book in moves
        ),
    )
    entry = journal.append(session, ctx.device_id, payload.entry_kind, payload.to_json(), now)
    doc = StockDocument(
        uuid=uid,
        device_id=ctx.device_id,
        kind=kind,
        created_at=now,
        business_date=business_date,
        actor_id=actor.id,
        supplier=supplier,
        document_no=document_no,
        reason=reason,
        note=note,
        journal_seq=entry.seq,
    )
    session.add(doc)
    session.flush()
    session.add_all(
        StockMovement(
            product_id=product.id,
            qty_milli=qty,
            kind=kind,
            document_id=doc.id,
            unit_cost=cost,
            counted_milli=counted,
            created_at=now,
        )
        for product, qty, cost, counted, _book in moves
    )
    session.flush()
    log.info("stock %s %s: %d lines by %s", kind, uid, len(moves), actor.username)
    return _result(session, doc, replayed=False)


def _result(session: Session, doc: StockDocument, *, replayed: bool) -> StockDocResult:
    moves = session.scalars(
        select(StockMovement).where(StockMovement.document_id == doc.id).order_by(StockMovement.id)
    ).all()
    products = {
        p.id: p
        for p in session.scalars(
            select(Product).where(Product.id.in_([m.product_id for m in moves]))
        )
    }
    # Balances right after this document: everything up to and including its movements.
    last_id = max((m.id for m in moves), default=0)
    after = dict(
        session.execute(
            select(StockMovement.product_id, func.sum(StockMovement.qty_milli))
            .where(
                StockMovement.product_id.in_(list(products)),
                StockMovement.id <= last_id,
            )
            .group_by(StockMovement.product_id)
        ).all()
    )
    entry = session.scalar(
        select(JournalEntry).where(
            JournalEntry.device_id == doc.device_id, JournalEntry.seq == doc.journal_seq
        )
    )
    actor = session.get(Account, doc.actor_id)
    lines = tuple(
        StockDocLine(
            product_id=m.product_id,
            sku=products[m.product_id].sku,
            name=products[m.product_id].name,
            unit=products[m.product_id].unit,
            qty_milli=m.qty_milli,
            unit_cost=m.unit_cost,
            counted_milli=m.counted_milli,
            book_milli=(m.counted_milli - m.qty_milli) if m.counted_milli is not None else None,
            on_hand_after=int(after.get(m.product_id) or 0),
        )
        for m in moves
    )
    return StockDocResult(
        document_id=doc.id,
        uuid=doc.uuid,
        kind=doc.kind,
        business_date=doc.business_date,
        created_at=doc.created_at,
        actor=actor.username if actor else "",
        supplier=doc.supplier,
        document_no=doc.document_no,
        reason=doc.reason,
        note=doc.note,
        lines=lines,
        journal_seq=doc.journal_seq,
        journal_hash=entry.hash if entry else "",
        replayed=replayed,
    )


# --- use cases -------------------------------------------------------------------------


def receive_delivery(
    ctx: Context,
    actor_id: int,
    supplier: str,
    document_no: str,
    lines: Sequence[DeliveryLine],
    *,
    note: str = "",
    doc_uuid: str | None = None,
) -> StockDocResult:
    """Book a delivery note: every line adds stock at a unit cost.

    Refusals: 'stock.supplier_required', 'stock.document_required', 'stock.no_lines',
    'stock.unknown_product', 'stock.duplicate_product', 'stock.qty_positive',
    'stock.whole_units', 'stock.cost_required', 'stock.text_too_long'.
    A repeated `doc_uuid` returns the document already committed.
    """
    supplier = _text(supplier, "supplier", SUPPLIER_LIMIT)
    document_no = _text(document_no, "document_no", DOCUMENT_NO_LIMIT)
    note = _text(note, "note", NOTE_LIMIT)
    with ctx.db.write() as s:
        earlier = _replayed(s, doc_uuid, "delivery")
        if earlier is not None:
            return earlier
        actor = _actor(s, actor_id)
        if not supplier:
            raise DomainError("stock.supplier_required")
        if not document_no:
            raise DomainError("stock.document_required")
        products = _products(s, [line.product_id for line in lines])
        moves: list[tuple[Product, int, int | None, int | None, int | None]] = []
        for line_no, line in enumerate(lines, start=1):
            product = products[line.product_id]
            if int(line.qty_milli) <= 0:
                raise DomainError("stock.qty_positive", line=line_no, product=product.name)
            _whole(product, line.qty_milli, line_no)
            if line.unit_cost is None or int(line.unit_cost) < 0:
                raise DomainError("stock.cost_required", line=line_no, product=product.name)
            moves.append((product, int(line.qty_milli), int(line.unit_cost), None, None))
        return _write(
            s,
            ctx,
            kind="delivery",
            actor=actor,
            doc_uuid=doc_uuid,
            supplier=supplier,
            document_no=document_no,
            note=note,
            moves=moves,
        )


def adjust_stock(
    ctx: Context,
    actor_id: int,
    reason: str,
    lines: Sequence[AdjustmentLine],
    *,
    note: str = "",
    doc_uuid: str | None = None,
) -> StockDocResult:
    """Book an adjustment: 'damaged' and 'lost' take stock off, 'correction' either way.

    Refusals: 'stock.bad_reason', 'stock.must_reduce', 'stock.qty_zero',
    'stock.negative' (the change would leave less than nothing), and the line checks.
    """
    note = _text(note, "note", NOTE_LIMIT)
    if reason not in REASONS:
        raise DomainError("stock.bad_reason", reason=reason)
    with ctx.db.write() as s:
        earlier = _replayed(s, doc_uuid, "adjustment")
        if earlier is not None:
            return earlier
        actor = _actor(s, actor_id)
        products = _products(s, [line.product_id for line in lines])
        stock = on_hand(s, list(products))
        moves: list[tuple[Product, int, int | None, int | None, int | None]] = []
        for line_no, line in enumerate(lines, start=1):
            product = products[line.product_id]
            change = int(line.qty_milli)
            if change == 0:
                raise DomainError("stock.qty_zero", line=line_no, product=product.name)
            if reason in REDUCING_REASONS and change > 0:
                raise DomainError(
                    "stock.must_reduce", line=line_no, reason=reason, product=product.name
                )
            _whole(product, change, line_no)
            current = stock.get(product.id, 0)
            if current + change < 0:
                raise DomainError(
                    "stock.negative",
                    line=line_no,
                    product=product.name,
                    on_hand=current,
                    change=-change,
                )
            moves.append((product, change, None, None, None))
        return _write(
            s,
            ctx,
            kind="adjustment",
            actor=actor,
            doc_uuid=doc_uuid,
            reason=reason,
            note=note,
            moves=moves,
        )


def count_stock(
    ctx: Context,
    actor_id: int,
    lines: Sequence[CountLine],
    *,
    note: str = "",
    doc_uuid: str | None = None,
) -> StockDocResult:
    """Book a stock count (opname): counted vs book per product, the difference moved.

    The book figure is read inside the same write transaction, so a sale cannot slip in
    between reading it and booking the difference. Refusals: 'stock.count_negative',
    'stock.whole_units' and the line checks.
    """
    note = _text(note, "note", NOTE_LIMIT)
    with ctx.db.write() as s:
        earlier = _replayed(s, doc_uuid, "count")
        if earlier is not None:
            return earlier
        actor = _actor(s, actor_id)
        products = _products(s, [line.product_id for line in lines])
        stock = on_hand(s, list(products))
        moves: list[tuple[Product, int, int | None, int | None, int | None]] = []
        for line_no, line in enumerate(lines, start=1):
            product = products[line.product_id]
            counted = int(line.counted_milli)
            if counted < 0:
                raise DomainError("stock.count_negative", line=line_no, product=product.name)
            _whole(product, counted, line_no)
            book = stock.get(product.id, 0)
            moves.append((product, counted - book, None, counted, book))
        return _write(s, ctx, kind="count", actor=actor, doc_uuid=doc_uuid, note=note, moves=moves)


def stock_levels(ctx: Context, *, include_inactive: bool = False) -> list[StockLevel]:
    """On hand per product (sum of movements), by name, with the low-stock mark."""
    with ctx.db.read() as s:
        query = select(Product).order_by(Product.name, Product.sku)
        if not include_inactive:
            query = query.where(Product.active.is_(True))
        products = s.scalars(query).all()
        stock = on_hand(s, [p.id for p in products])
        levels = []
        for p in products:
            qty = stock.get(p.id, 0)
            levels.append(
                StockLevel(
                    product_id=p.id,
                    sku=p.sku,
                    name=p.name,
                    category=p.category,
                    unit=p.unit,
                    on_hand_milli=qty,
                    low_stock_milli=p.low_stock_milli or 0,
                    low=qty <= (p.low_stock_milli or 0),
                    active=bool(p.active),
                )
            )
        return levels


def _day_start(day: dt.date) -> str:
    """The UTC instant local (WIB) midnight of `day` begins, as stored timestamps spell it."""
    return iso(dt.datetime.combine(day, dt.time(0, 0), tzinfo=WIB))


def stock_card(ctx: Context, product_id: int, date_from: dt.date, date_to: dt.date) -> StockCard:
    """One product's movements between two local dates (inclusive) with running balance.

    Opening balance = every movement before `date_from` (WIB midnight); closing = opening
    plus the movements listed. Refusals: 'stock.product_not_found', 'stock.bad_range'.
    """
    if date_from > date_to:
        raise DomainError(
            "stock.bad_range", date_from=date_from.isoformat(), date_to=date_to.isoformat()
        )
    start, end = _day_start(date_from), _day_start(date_to + dt.timedelta(days=1))
    with ctx.db.read() as s:
        product = s.get(Product, product_id)
        if product is None:
            raise DomainError("stock.product_not_found", product_id=product_id)
        opening = int(
            s.scalar(
                select(func.coalesce(func.sum(StockMovement.qty_milli), 0)).where(
                    StockMovement.product_id == product_id, StockMovement.created_at < start
                )
            )
            or 0
        )
        rows = s.execute(
            select(StockMovement, Sale, StockDocument)
            .outerjoin(Sale, Sale.id == StockMovement.sale_id)
            .outerjoin(StockDocument, StockDocument.id == StockMovement.document_id)
            .where(
                StockMovement.product_id == product_id,
                StockMovement.created_at >= start,
                StockMovement.created_at < end,
            )
            .order_by(StockMovement.created_at, StockMovement.id)
        ).all()
        account_ids = {sale.cashier_id for _, sale, _ in rows if sale is not None} | {
            doc.actor_id for _, _, doc in rows if doc is not None
        }
        names = usernames(s, account_ids)
        balance = opening
        total_in = total_out = 0
        entries = []
        for move, sale, doc in rows:
            balance += move.qty_milli
            if move.qty_milli >= 0:
                total_in += move.qty_milli
            else:
                total_out -= move.qty_milli
            if sale is not None:
                reference, actor_id, reason, note = sale.receipt_no, sale.cashier_id, "", ""
            else:
                reference = doc.document_no or doc.uuid
                actor_id, reason, note = doc.actor_id, doc.reason, doc.note
            entries.append(
                StockCardEntry(
                    at=move.created_at,
                    kind=move.kind,
                    qty_milli=move.qty_milli,
                    balance_milli=balance,
                    reference=reference,
                    actor=names.get(actor_id, ""),
                    unit_cost=move.unit_cost,
                    counted_milli=move.counted_milli,
                    reason=reason,
                    note=note,
                )
            )
        return StockCard(
            product_id=product.id,
            sku=product.sku,
            name=product.name,
            unit=product.unit,
            date_from=date_from,
            date_to=date_to,
            opening_milli=opening,
            entries=tuple(entries),
            total_in_milli=total_in,
            total_out_milli=total_out,
            closing_milli=balance,
        )
