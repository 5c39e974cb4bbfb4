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
from typing import Any

from sqlalchemy import insert, select, update
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


def chained(batch: w.PushRequest) -> bool:
    """Whether the batch's entries form an unbroken chain among themselves.

    The hashing is the CPU-bound part of the checks: done before the transaction (on SQLite,
    before the write lock every push waits for), it leaves `ingest` only the link from the
    stored chain's end to the batch's first new entry. A False answer changes nothing:
    `ingest` then checks the whole way, with the same refusals as ever.
    """
    entries = list(batch.entries)
    if not entries:
        return False
    try:
        broken = chain.verify_chain(
            (e.to_entry() for e in entries),
            start_seq=entries[0].seq,
            start_hash=entries[0].prev_hash,
        )
    except TypeError:
        return False
    return broken is None


def ingest(
    session: Session,
    device_id: str,
    batch: w.PushRequest,
    now: str,
    *,
    via: str = "http",
    verified: bool = False,
) -> w.PushAck:
    """Store `batch` for the authenticated `device_id`; raise Refused (nothing stored).

    `verified`: `chained(batch)` was true (checked before the transaction began).
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
    if verified and new and new[0].prev_hash == device.last_hash:
        # seq continuity was checked just above; the batch's own links and hashes before
        # the transaction: what is left of verify_chain(new, ...) is this first link
        broken = None
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
        disputed = _store(session, device, new, now, via)
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
    session: Session, device: Device, new: list[w.WireEntry], now: str, via: str
) -> list[w.DisputedEntry]:
    sales = [e for e in new if e.kind in SALE_KINDS]
    # Plain rows and bulk INSERTs: a batch is up to 500 entries, ORM objects cost 3x.
    rows: dict[int, dict[str, Any]] = {
        e.seq: {
            "device_id": device.id,
            "seq": e.seq,
            "uuid": e.uuid,
            "kind": e.kind,
            "at": e.at,
            "payload": chain.canonical(e.payload),
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
    for e in sales:
        try:
            p = SalePayload.parse(e.payload, e.kind)
        except Unreadable:
            dispute(e, "sale.unreadable")
            continue
        if p.outlet != device.outlet_code:
            dispute(e, "sale.outlet")
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
    # The batch's own rows first, without the counter lock: other devices' pushes insert
    # theirs at the same time (only this device's row is locked, which keeps one device's
    # batches apart). The journal rows' `disputed` flag is set below if a voucher says so.
    session.execute(insert(JournalEntry), list(rows.values()))
    for model, batch in ((Sale, sale_rows), (Redemption, redemption_rows)):
        if batch:
            session.execute(insert(model), batch)

    # Then the voucher updates, the only part that must be serialised, and only per outlet:
    # the streams of the vouchers' outlets (held to the commit, so each outlet's numbers
    # commit in order), then the voucher rows in code order (the lock order everywhere:
    # device row, streams in code order, vouchers). Other outlets' pushes do not wait.
    # Balances and disputes are decided here, under the locks, so concurrent pushes never
    # both see a voucher unspent.
    touched = sorted({a.voucher for _e, allocs in readable for a in allocs})
    vouchers: dict[str, Voucher] = {}
    if touched:
        outlets = {
            o or device.outlet_code
            for o in session.scalars(select(Voucher.outlet_code).where(Voucher.code.in_(touched)))
        }
        lock_streams(session, outlets)
        for v in session.scalars(
            select(Voucher)
            .where(Voucher.code.in_(touched))
            .order_by(Voucher.code)
            .with_for_update()
        ):
            vouchers[v.code] = v
        by_outlet: dict[str, list[Voucher]] = {}
        for code in sorted(vouchers):
            v = vouchers[code]
            by_outlet.setdefault(v.outlet_code or device.outlet_code, []).append(v)
        # A family moved between the read and the lock: its new outlet's stream too (out of
        # the lock order, so PostgreSQL may cancel one of two such pushes; it is retried).
        for outlet, held in sorted(by_outlet.items()):
            versions = Versions(session, len(held), [outlet])
            for v in held:
                v.version = versions()
    late: set[int] = set()
    for e, allocs in readable:
        for a in allocs:
            voucher = vouchers.get(a.voucher)
            if voucher is None:
                dispute(e, "voucher.unknown", a)
                late.add(e.seq)
                continue
            voucher.redeemed += a.amount
            voucher.updated_at = now
            if a.amount > 0 and voucher.redeemed > voucher.amount:
                dispute(e, "voucher.over_redeemed", a, voucher.redeemed, voucher.amount)
                late.add(e.seq)
            # the family's outlet, copied onto the voucher (migration c0002)
            if voucher.outlet_code not in (None, device.outlet_code):
                dispute(e, "voucher.other_outlet", a, voucher.redeemed, voucher.amount)
                late.add(e.seq)
    session.flush()
    if late:
        session.execute(
            update(JournalEntry)
            .where(JournalEntry.device_id == device.id, JournalEntry.seq.in_(sorted(late)))
            .values(disputed=True)
        )
    if dispute_rows:
        # in entry order, as the outlet reads them back (a stable sort keeps an entry's own)
        dispute_rows.sort(key=lambda r: int(r["seq"]))
        session.execute(insert(Dispute), dispute_rows)
    disputed.sort(key=lambda d: d.seq)
    return disputed
