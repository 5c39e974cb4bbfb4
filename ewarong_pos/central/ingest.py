"""Storing a pushed batch of journal entries exactly once (HTTP push and USB file alike).

Checks, in order, with the device row locked so two copies of one batch never interleave:
the batch belongs to the token's device and outlet; entries are in consecutive seq order;
entries the service already holds match what it holds (a retry is acknowledged, another
entry under a used seq is refused as tampering); the new ones continue the stored chain
without a gap and verify with `core.journal`, the same code the outlet wrote them with.
Nothing of a refused batch is stored. Sale entries are read into sales and voucher
redemptions; a voucher redeemed beyond its amount is stored as the fact it is and the
entry marked disputed.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from sqlalchemy import ColumnElement, String, Table, any_, bindparam, func, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ewarong_pos.central.changes import Versions, lock_streams
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import (
    Device,
    Dispute,
    JournalEntry,
    Redemption,
    Sale,
    Voucher,
)
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from ewarong_pos.protocol.payloads import SALE_ENTRY_KINDS, Allocation, SalePayload, Unreadable

log = logging.getLogger(__name__)

SALE_KINDS = tuple(SALE_ENTRY_KINDS.values())
# The office's columns are 32-bit integers on PostgreSQL: a bigger value is not an honest
# amount, and refused at the wire rather than failing in the database.
INT_MAX = 2**31 - 1
# disputes whose allocations move no voucher balance before a person resolves them
FROZEN_REASONS = ("voucher.other_outlet", "sale.outlet")


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _amount_problem(e: w.WireEntry) -> str | None:
    """What is wrong with a sale entry's amounts, or None (shape problems are left to the
    reader, which marks the entry `sale.unreadable`).

    Redemptions and cash sales: positive quantities, prices and line totals not negative,
    the total the sum of the lines, allocations positive and not above the total, a cash
    sale draws on no voucher. Voids mirror them: negative quantities and totals, negative
    allocations not beyond the total."""
    p = e.payload
    total = _int(p.get("total"))
    lines, allocations = p.get("lines"), p.get("allocations")
    if total is None or not isinstance(lines, list) or not isinstance(allocations, list):
        return None
    void = e.kind == "sale.void"
    sign = -1 if void else 1
    if abs(total) > INT_MAX:
        return f"total {total} out of range"
    receipt_seq = _int(p.get("receipt_seq"))
    if receipt_seq is not None and not 0 < receipt_seq <= INT_MAX:
        return f"receipt number {receipt_seq} out of range"
    line_sum = 0
    for i, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            return None
        qty, price, line_total = (_int(line.get(k)) for k in ("qty_milli", "unit_price", "total"))
        if qty is None or price is None or line_total is None:
            return f"line {i}: quantity, price and total must be whole numbers"
        if max(abs(qty), abs(price), abs(line_total)) > INT_MAX:
            return f"line {i}: a number out of range"
        if qty * sign <= 0 or price < 0 or line_total * sign < 0:
            return f"line {i}: quantity {qty}, price {price}, total {line_total}"
        line_sum += line_total
    if total != line_sum:
        return f"total {total} is not the sum of the lines {line_sum}"
    drawn = 0
    for a in allocations:
        if not isinstance(a, dict):
            return None
        amount = _int(a.get("amount"))
        if amount is None:
            return None
        if abs(amount) > INT_MAX:
            return f"allocation {amount} out of range"
        if amount * sign <= 0:
            return f"allocation of {amount} on voucher {str(a.get('voucher'))[:64]}"
        drawn += amount
    if e.kind == "sale.cash" and allocations:
        return "a cash sale draws on no voucher"
    if abs(drawn) > abs(total):
        return f"allocations {drawn} above the total {total}"
    return None


def check_amounts(session: Session, device_id: str, new: list[w.WireEntry]) -> None:
    """Refuse a batch whose amounts the office cannot believe (422 push.amount, kept in the
    refusal table like any tampering; nothing of the batch is stored). A void may give
    back only what this device drew on the voucher (net of earlier voids)."""
    sales = [e for e in new if e.kind in SALE_KINDS]
    for e in sales:
        problem = _amount_problem(e)
        if problem is not None:
            raise Refused(422, "push.amount", f"seq {e.seq}: {problem}", seq=e.seq)
    voids = [(e, _allocations(e)) for e in sales if e.kind == "sale.void"]
    codes = sorted({a.voucher for _e, allocs in voids for a in allocs})
    if not codes:
        return
    net: dict[str, int] = dict.fromkeys(codes, 0)
    for code, total in session.execute(
        select(Redemption.voucher_code, func.sum(Redemption.amount))
        .where(Redemption.device_id == device_id, Redemption.voucher_code.in_(codes))
        .group_by(Redemption.voucher_code)
    ):
        net[code] = int(total or 0)
    for frozen_code, total in session.execute(
        select(Dispute.voucher_code, func.sum(Dispute.amount))
        .where(
            Dispute.device_id == device_id,
            Dispute.voucher_code.in_(codes),
            Dispute.reason.in_(FROZEN_REASONS),
        )
        .group_by(Dispute.voucher_code)
    ):
        if frozen_code is not None:
            net[frozen_code] += int(total or 0)  # drawn but frozen by a dispute
    for e in sales:
        for a in _allocations(e):
            if a.voucher not in net:
                continue
            net[a.voucher] += a.amount
            if net[a.voucher] < 0:
                raise Refused(
                    422,
                    "push.amount",
                    f"seq {e.seq}: gives back {-a.amount} on voucher {a.voucher[:64]}, "
                    "more than this device drew on it",
                    seq=e.seq,
                )


def _allocations(e: w.WireEntry) -> tuple[Allocation, ...]:
    try:
        return SalePayload.parse(e.payload, e.kind, with_lines=False).allocations
    except Unreadable:
        return ()  # stored as `sale.unreadable`, drawing on nothing


def chained(batch: w.PushRequest) -> list[str] | None:
    """The payloads' canonical texts if the batch's entries form an unbroken chain among
    themselves, else None.

    The hashing is the CPU-bound part of the checks: done before the transaction (on SQLite,
    before the write lock every push waits for), it leaves `ingest` only the link from the
    stored chain's end to the batch's first new entry. Each payload is rendered once: the
    entry is hashed over `chain.body_text` around that text, and the text is what the
    journal row stores (the bytes that were verified). None changes nothing: `ingest` then
    checks the whole way, with the same refusals as ever.
    """
    entries = list(batch.entries)
    if not entries:
        return None
    texts: list[str] = []
    prev = entries[0].prev_hash
    try:
        for i, e in enumerate(entries):
            if e.seq != entries[0].seq + i or e.prev_hash != prev:
                return None
            text = chain.canonical(e.payload)
            body = chain.body_text(e.device, e.seq, e.uuid, e.kind, e.at, text)
            if chain.text_hash(e.prev_hash, body) != e.hash:
                return None
            texts.append(text)
            prev = e.hash
    except TypeError:
        return None
    return texts


def ingest(
    session: Session,
    device_id: str,
    batch: w.PushRequest,
    now: str,
    *,
    via: str = "http",
    verified: list[str] | None = None,
) -> w.PushAck:
    """Store `batch` for the authenticated `device_id`; raise Refused (nothing stored).

    `verified`: what `chained(batch)` gave before the transaction began (the payloads'
    canonical texts of a batch chained among itself).
    """
    if batch.device_id != device_id:
        raise Refused(403, "device.mismatch", "the batch names another device")
    device = session.scalars(
        select(Device).where(Device.id == device_id).with_for_update()
    ).one_or_none()
    if device is None:
        raise Refused(401, "auth.token", "unknown device")
    if device.revoked_at:
        raise Refused(403, "device.revoked", "this device has been revoked")
    if batch.outlet_code != device.outlet_code:
        raise Refused(403, "device.outlet", "the device does not belong to this outlet")

    entries = list(batch.entries)
    for i, e in enumerate(entries):
        if e.device != device.id:
            raise Refused(403, "device.mismatch", "entry of another device", seq=e.seq)
        if i and e.seq != entries[i - 1].seq + 1:
            raise Refused(422, "push.order", "entries are not in consecutive order", seq=e.seq)

    held = [e for e in entries if e.seq <= device.last_seq]
    new = [e for e in entries if e.seq > device.last_seq]
    if held:
        stored = {
            row.seq: row
            for row in session.scalars(
                select(JournalEntry).where(
                    JournalEntry.device_id == device.id,
                    JournalEntry.seq.in_([e.seq for e in held]),
                )
            )
        }
        for e in held:
            row = stored.get(e.seq)
            try:
                same = (
                    row is not None
                    and row.hash == e.hash
                    and row.prev_hash == e.prev_hash
                    and chain.entry_hash(e.prev_hash, e.to_entry().body()) == row.hash
                )
            except TypeError:
                same = False
            if not same:
                raise Refused(
                    409,
                    "push.tamper",
                    "another entry under a sequence number already stored",
                    seq=e.seq,
                )
    if new and new[0].seq != device.last_seq + 1:
        raise Refused(
            409,
            "push.gap",
            f"expected seq {device.last_seq + 1}, got {new[0].seq}",
            expected=device.last_seq + 1,
            stored_up_to=device.last_seq,
        )
    texts: dict[int, str] = {}
    if verified is not None and new and new[0].prev_hash == device.last_hash:
        # seq continuity was checked just above; the batch's own links and hashes before
        # the transaction: what is left of verify_chain(new, ...) is this first link
        broken = None
        texts = {e.seq: t for e, t in zip(entries, verified, strict=True)}
    else:
        try:
            broken = chain.verify_chain(
                (e.to_entry() for e in new),
                start_seq=device.last_seq + 1,
                start_hash=device.last_hash,
            )
        except TypeError as exc:
            raise Refused(422, "push.malformed", str(exc)) from None
    if broken is not None:
        raise Refused(422, "push.chain", f"{broken.reason}: {broken.detail}", seq=broken.seq)

    disputed: list[w.DisputedEntry] = []
    if new:
        check_amounts(session, device.id, new)
        disputed = _store(session, device, new, now, via, texts)
        device.last_seq = new[-1].seq
        device.last_hash = new[-1].hash
    device.last_push_at = now
    session.flush()
    log.info(
        "push from device %s: %d new, %d held, %d disputed, stored up to %d",
        device.id,
        len(new),
        len(held),
        len(disputed),
        device.last_seq,
    )
    return w.PushAck(
        device_id=device.id,
        stored_up_to=device.last_seq,
        stored=[e.seq for e in new],
        duplicates=[e.seq for e in held],
        disputed=disputed,
    )


def _store(
    session: Session,
    device: Device,
    new: list[w.WireEntry],
    now: str,
    via: str,
    texts: dict[int, str] | None = None,
) -> list[w.DisputedEntry]:
    """Write the new entries and what they mean (sales, redemptions, voucher balances,
    disputes). Plain rows through Core (COPY on PostgreSQL), no ORM objects: a batch is up
    to 500 entries, and ORM units of work cost several times the database's own work.
    `texts`: the payloads' canonical texts as hashed (else rendered here)."""
    texts = texts or {}
    sales = [e for e in new if e.kind in SALE_KINDS]
    rows: dict[int, dict[str, Any]] = {
        e.seq: {
            "device_id": device.id,
            "seq": e.seq,
            "uuid": e.uuid,
            "kind": e.kind,
            "at": e.at,
            "payload": texts.get(e.seq) or chain.canonical(e.payload),
            "prev_hash": e.prev_hash,
            "hash": e.hash,
            "received_at": now,
            "via": via,
            "disputed": False,
        }
        for e in new
    }
    sale_rows: list[dict[str, Any]] = []
    redemption_rows: list[dict[str, Any]] = []
    dispute_rows: list[dict[str, Any]] = []

    disputed: list[w.DisputedEntry] = []

    def dispute(
        e: w.WireEntry,
        reason: str,
        alloc: Allocation | None = None,
        redeemed: int = 0,
        limit: int = 0,
    ) -> None:
        rows[e.seq]["disputed"] = True
        dispute_rows.append(
            {
                "device_id": device.id,
                "seq": e.seq,
                "outlet_code": device.outlet_code,
                "reason": reason,
                "voucher_code": alloc.voucher if alloc else None,
                "period": alloc.period if alloc else "",
                "amount": alloc.amount if alloc else 0,
                "redeemed": redeemed,
                "limit_amount": limit,
                "created_at": now,
            }
        )
        disputed.append(
            w.DisputedEntry(
                seq=e.seq,
                reason=reason,
                voucher=alloc.voucher if alloc else None,
                amount=alloc.amount if alloc else 0,
                redeemed=redeemed,
                limit=limit,
            )
        )
        log.warning("device %s seq %d disputed: %s", device.id, e.seq, reason)

    readable: list[tuple[w.WireEntry, tuple[Allocation, ...]]] = []
    # entries whose allocations move no balance until a person resolves their dispute
    frozen_seqs: set[int] = set()
    for e in sales:
        try:
            p = SalePayload.parse(e.payload, e.kind, with_lines=False)
        except Unreadable:
            dispute(e, "sale.unreadable")
            continue
        if p.outlet != device.outlet_code:
            dispute(e, "sale.outlet")
            frozen_seqs.add(e.seq)
        readable.append((e, p.allocations))
        sale_rows.append(
            {
                "device_id": device.id,
                "seq": e.seq,
                "sale_uuid": p.sale[:64],
                "kind": p.kind[:16],
                "outlet_code": device.outlet_code,
                "business_date": p.business_date[:10],
                "receipt_no": p.receipt_no[:40],
                "receipt_seq": p.receipt_seq,
                "total": p.total,
            }
        )
        for a in p.allocations:
            redemption_rows.append(
                {
                    "device_id": device.id,
                    "seq": e.seq,
                    "outlet_code": device.outlet_code,
                    "voucher_code": a.voucher[:64],
                    "period": a.period[:7],
                    "amount": a.amount,
                }
            )
    # The batch's own rows first, without the stream locks: other devices' pushes insert
    # theirs at the same time (only this device's row is locked, which keeps one device's
    # batches apart). The journal rows' `disputed` flag is set below if a voucher says so.
    bulk_insert(session, JournalEntry.__table__, list(rows.values()))
    bulk_insert(session, Sale.__table__, sale_rows)

    # Then the voucher updates, the only part that must be serialised, and only per outlet:
    # the streams of the vouchers' outlets (held to the commit, so each outlet's numbers
    # commit in order), then the voucher rows in code order (the lock order everywhere:
    # device row, streams in code order, vouchers). Other outlets' pushes do not wait.
    # Balances and disputes are decided here, under the locks, so concurrent pushes never
    # both see a voucher unspent.
    touched = sorted({a.voucher for _e, allocs in readable for a in allocs})
    vouchers: dict[str, _Balance] = {}
    if touched:
        v = Voucher.__table__.c
        outlets = {
            o or device.outlet_code
            for o in session.scalars(select(v.outlet_code).where(_among(session, v.code, touched)))
        }
        lock_streams(session, outlets)
        for code, outlet, redeemed, amount, updated_at in session.execute(
            select(v.code, v.outlet_code, v.redeemed, v.amount, v.updated_at)
            .where(_among(session, v.code, touched))
            .order_by(v.code)
            .with_for_update()
        ):
            vouchers[code] = _Balance(outlet, redeemed, amount, updated_at)
        by_outlet: dict[str, list[_Balance]] = {}
        for code in sorted(vouchers):
            b = vouchers[code]
            by_outlet.setdefault(b.outlet_code or device.outlet_code, []).append(b)
        # A family moved between the read and the lock: its new outlet's stream too (out of
        # the lock order, so PostgreSQL may cancel one of two such pushes; it is retried).
        for outlet, held in sorted(by_outlet.items()):
            versions = Versions(session, len(held), [outlet])
            for b in held:
                b.version = versions()
    late: set[int] = set()
    frozen: set[tuple[int, str]] = set()
    for e, allocs in readable:
        for a in allocs:
            voucher = vouchers.get(a.voucher)
            if voucher is None:
                dispute(e, "voucher.unknown", a)
                late.add(e.seq)
                continue
            # the family's outlet, copied onto the voucher (migration c0002): a redemption
            # of another outlet's family is kept as the fact it is, disputed, and moves no
            # balance before a person resolves it (nor does one naming another outlet)
            if voucher.outlet_code not in (None, device.outlet_code):
                dispute(e, "voucher.other_outlet", a, voucher.redeemed, voucher.amount)
                late.add(e.seq)
                frozen.add((e.seq, a.voucher))
                continue
            if e.seq in frozen_seqs:
                frozen.add((e.seq, a.voucher))
                continue
            voucher.redeemed += a.amount
            voucher.updated_at = now
            if a.amount > 0 and voucher.redeemed > voucher.amount:
                # goods were handed out twice (two tills offline): the balance shows it
                dispute(e, "voucher.over_redeemed", a, voucher.redeemed, voucher.amount)
                late.add(e.seq)
    _update_vouchers(session, vouchers)
    counted = [r for r in redemption_rows if (r["seq"], r["voucher_code"]) not in frozen]
    bulk_insert(session, Redemption.__table__, counted)
    if late:
        session.execute(
            update(JournalEntry)
            .where(JournalEntry.device_id == device.id, JournalEntry.seq.in_(sorted(late)))
            .values(disputed=True)
        )
    if dispute_rows:
        # in entry order, as the outlet reads them back (a stable sort keeps an entry's own)
        dispute_rows.sort(key=lambda r: int(r["seq"]))
        bulk_insert(session, Dispute.__table__, dispute_rows)
    disputed.sort(key=lambda d: d.seq)
    return disputed


def _among(session: Session, column: Any, values: list[str]) -> ColumnElement[bool]:
    """`column IN (values)`: on PostgreSQL as `column = ANY(:array)`, one parameter instead
    of one per value (a batch's 500 voucher codes were 500 bind parameters for SQLAlchemy
    to render and psycopg to parse, twice per push; PostgreSQL plans the two alike)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(
            "ColumnElement[bool]",
            column == any_(bindparam(None, values, type_=postgresql.ARRAY(String))),
        )
    return cast("ColumnElement[bool]", column.in_(values))


class _Balance:
    """A locked voucher's figures while a batch is applied (written back in one go)."""

    __slots__ = ("amount", "outlet_code", "redeemed", "updated_at", "version")

    def __init__(self, outlet_code: str | None, redeemed: int, amount: int, updated_at: str):
        self.outlet_code = outlet_code
        self.redeemed = redeemed
        self.amount = amount
        self.updated_at = updated_at
        self.version = 0


def _update_vouchers(session: Session, vouchers: dict[str, _Balance]) -> None:
    """Write the locked vouchers' new balance, time and change number back: one
    `UPDATE ... FROM unnest(...)` on PostgreSQL, an executemany on SQLite."""
    if not vouchers:
        return
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Voucher) and obj.code in vouchers:
            session.expire(obj)  # a copy loaded earlier in this session reads them again
    codes = sorted(vouchers)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(
            sql_text(
                "UPDATE voucher AS v SET redeemed = u.redeemed, version = u.version, "
                "updated_at = u.updated_at "
                "FROM unnest(CAST(:codes AS text[]), CAST(:redeemed AS integer[]), "
                "CAST(:versions AS integer[]), CAST(:updated AS text[])) "
                "AS u(code, redeemed, version, updated_at) WHERE v.code = u.code"
            ),
            {
                "codes": codes,
                "redeemed": [vouchers[c].redeemed for c in codes],
                "versions": [vouchers[c].version for c in codes],
                "updated": [vouchers[c].updated_at for c in codes],
            },
        )
        return
    t = Voucher.__table__
    assert isinstance(t, Table)
    conn.execute(
        update(t)
        .where(t.c.code == bindparam("b_code"))
        .values(
            redeemed=bindparam("b_redeemed"),
            version=bindparam("b_version"),
            updated_at=bindparam("b_updated"),
        ),
        [
            {
                "b_code": c,
                "b_redeemed": vouchers[c].redeemed,
                "b_version": vouchers[c].version,
                "b_updated": vouchers[c].updated_at,
            }
            for c in codes
        ],
    )


def bulk_insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows into `table` in the session's transaction: `COPY` on PostgreSQL
    (the cheapest way in, for the service's CPU and the server's), else Core's
    executemany."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    raw = conn.connection.driver_connection
    assert raw is not None
    with (
        raw.cursor() as cur,
        cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[c] for c in columns])
