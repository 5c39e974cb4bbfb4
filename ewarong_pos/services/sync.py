"""Sync with the central office: enroll, push the journal, pull reference data, USB files.

Exactly-once upload: entries after `SyncState.acked_seq` are sent in ordered batches; the
position moves only in a transaction after the service acknowledged (`stored_up_to`), so
a lost answer means the batch is sent again and the service acknowledges it as a
duplicate. Pull: each page is applied in ONE transaction together with the new cursor, so a
crash leaves either the whole page or none of it. The central office wins on reference data.

The device token lives outside the database (`secrets/device.json`, mode 0600); the
central's identifier lookup key replaces the local one at enrollment so card scans hash to
what the pulled families hold.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import logging
import random
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ewarong_pos.core import journal as chain
from ewarong_pos.core.cart import MOVED_FLAG
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import HASH_VERSION, rehash_v1
from ewarong_pos.db import journal
from ewarong_pos.db.crypto import LOOKUP_FILE
from ewarong_pos.db.engine import INTEGRITY_ERRORS, dbapi
from ewarong_pos.db.models import (
    Account,
    Device,
    Family,
    JournalEntry,
    Product,
    SyncDispute,
    SyncState,
)
from ewarong_pos.protocol import schemas as w
from ewarong_pos.protocol.sealing import check_seal, seal, token_hash
from ewarong_pos.protocol.tls import certificate_pin, normalise_pin
from ewarong_pos.services import catalog
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import SYNC_SERVER_ERRORS
from ewarong_pos.services.training import refuse_in_training
from ewarong_pos.sync.backoff import backoff_delay
from ewarong_pos.sync.client import CentralClient, Refusal, ServerError
from ewarong_pos.sync.transport import (
    BadAddress,
    HttpTransport,
    Offline,
    PlainHttp,
    Transport,
    WrongCertificate,
    check_address,
    fetch_certificate,
    is_loopback,
)

log = logging.getLogger(__name__)

# Rows per pulled page: the most the office gives (each page is a request, an office-side
# commit of the device's cursors and an outlet transaction; a first sync of 21,000 rows is
# 5 pages instead of 11).
PULL_PAGE_SIZE = w.MAX_PAGE_SIZE

IDENTITY_FILE = "device.json"
PUSH_PURPOSE = "ewarong-push"  # the same purposes as ewarong_pos.central.transfer
PULL_PURPOSE = "ewarong-pull"
DEFAULT_BATCH = 200
RUN_MARK = "sync.lock"

TransportFactory = Callable[[str], Transport]


@dataclass(frozen=True)
class Identity:
    """What enrollment gave this device; kept in secrets/device.json, never in the DB."""

    device_id: str
    outlet_code: str
    central_url: str
    token: str
    tls_cert: str = ""  # the office certificate this outlet pinned (PEM), "" for none
    tls_pin: str = ""  # its SHA-256 fingerprint
    allow_plain: bool = False  # plain http:// to a non-loopback office, allowed by a person


@dataclass(frozen=True)
class EnrollInfo:
    device_id: str
    outlet_code: str
    outlet_name: str
    central_url: str
    enrolled_at: str


@dataclass(frozen=True)
class SyncResult:
    pushed: int  # entries newly stored by the service
    duplicates: int  # entries the service already held (a retry)
    disputed: int  # disputes reported in this run
    pages: int
    changes: int  # rows pulled
    acked_seq: int
    cursor: int

    @property
    def rows(self) -> int:
        """The rows pulled (the same as `changes`)."""
        return self.changes


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar: state is 'not_enrolled', 'offline', 'syncing', 'synced',
    'error' (the service refused something) or 'never' (enrolled, not synced yet)."""

    state: str
    central_url: str
    last_attempt_at: str | None
    last_success_at: str | None
    waiting: int  # journal entries not yet acknowledged
    disputed: int
    last_error: str
    acked_seq: int
    insecure: bool = False  # plain http:// to another PC, allowed by a person: show it


# --- identity -----------------------------------------------------------------------------


def load_identity(ctx: Context) -> Identity | None:
    raw = ctx.read_secret(IDENTITY_FILE)  # sealed by the data key
    if raw is None:
        return None
    data = json.loads(raw)
    return Identity(
        data["device_id"],
        data["outlet_code"],
        data["central_url"],
        data["token"],
        tls_cert=str(data.get("tls_cert") or ""),
        tls_pin=str(data.get("tls_pin") or ""),
        allow_plain=bool(data.get("allow_plain", False)),
    )


def write_identity(ctx: Context, identity: Identity) -> None:
    ctx.write_secret(  # sealed by the data key
        IDENTITY_FILE, json.dumps(dataclasses.asdict(identity), sort_keys=True).encode()
    )


def _require_identity(ctx: Context) -> Identity:
    identity = load_identity(ctx)
    if identity is None:
        raise DomainError("sync.not_enrolled")
    return identity


def _transport(
    url: str,
    transport: Transport | None,
    *,
    tls_cert: str = "",
    allow_plain: bool = False,
    clock: Callable[[], dt.datetime] | None = None,
) -> Transport:
    if transport is not None:
        return transport
    try:
        if clock is None:
            return HttpTransport(url, tls_cert=tls_cert, allow_plain=allow_plain)
        # the PC's clock rides along every request: the office notes its offset
        return HttpTransport(url, tls_cert=tls_cert, allow_plain=allow_plain, clock=clock)
    except PlainHttp:
        raise DomainError("sync.plain_http", url=url[:80]) from None
    except BadAddress:
        raise DomainError("sync.bad_address", url=url[:80]) from None


def check_office_address(url: str) -> None:
    """A typed office address that is not an http(s) URL with a host is refused as such
    (`sync.bad_address`), before anything is contacted or created."""
    try:
        check_address(url)
    except BadAddress:
        raise DomainError("sync.bad_address", url=url[:80]) from None


def _identity_transport(
    identity: Identity,
    transport: Transport | None,
    url: str | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> Transport:
    return _transport(
        url or identity.central_url,
        transport,
        tls_cert=identity.tls_cert,
        allow_plain=identity.allow_plain,
        clock=clock,
    )


def office_certificate(url: str, pin: str) -> str:
    """The office's certificate at `url` if its fingerprint is `pin` (from the set-up
    file or the office's QR); DomainError otherwise. Only a handshake is made: nothing is
    sent before the certificate is known to be the office's."""
    check_office_address(url)
    if not pin:
        return ""
    if not url.lower().startswith("https://"):
        raise DomainError("sync.pin_needs_https", url=url[:80])
    try:
        pem = fetch_certificate(url)
    except Offline as exc:
        raise DomainError("sync.offline", detail=str(exc)) from None
    found = certificate_pin(pem)
    if found != normalise_pin(pin):
        raise DomainError("sync.certificate", found=found[:16], expected=normalise_pin(pin)[:16])
    return pem


def enroll(
    ctx: Context,
    url: str,
    code: str,
    *,
    transport: Transport | None = None,
    tls_pin: str = "",
    allow_plain: bool = False,
) -> EnrollInfo:
    """Trade the office's one-time code for this device's token and the lookup key.

    `tls_pin`: the office certificate's fingerprint (set-up sheet or QR), pinned from now
    on; `allow_plain`: plain http:// to another PC (a person's explicit choice)."""
    refuse_in_training(ctx, "training.no_enroll")
    with ctx.db.read() as s:
        device = s.scalars(select(Device).where(Device.is_local.is_(True))).one_or_none()
        if device is None:
            raise DomainError("sync.not_set_up")
        outlet_code, device_id, device_code = device.outlet_code, device.id, device.code
    try:
        request = w.EnrollRequest(
            code=code.strip(), device_id=device_id, device_code=device_code,
            outlet_code=outlet_code,
        )  # fmt: skip
    except ValidationError:
        raise DomainError("sync.enroll_code", length=len(code.strip())) from None
    pem = office_certificate(url, tls_pin) if transport is None else ""
    answer = enroll_call(url, request, transport, pem, allow_plain)
    keep_enrollment(ctx, url, answer, pem, allow_plain)
    with ctx.db.write() as s:
        device_row = s.get(Device, device_id)
        assert device_row is not None
        device_row.enrolled_at = answer.enrolled_at
        state = s.get(SyncState, device_id)
        if state is None:
            state = SyncState(device_id=device_id)
            s.add(state)
        state.central_url = url
        state.last_error = ""
    log.info("device %s enrolled with %s for outlet %s", device_id, url, answer.outlet_code)
    return EnrollInfo(device_id, answer.outlet_code, answer.outlet_name, url, answer.enrolled_at)


def enroll_call(
    url: str,
    request: w.EnrollRequest,
    transport: Transport | None,
    pem: str,
    allow_plain: bool,
) -> w.EnrollResponse:
    client = CentralClient(_transport(url, transport, tls_cert=pem, allow_plain=allow_plain))
    try:
        return client.enroll(request)
    except WrongCertificate:
        raise DomainError("sync.certificate", found="?", expected="pinned") from None
    except Offline as exc:
        raise DomainError("sync.offline", detail=str(exc)) from None
    except Refusal as exc:
        raise DomainError("sync.enroll_refused", status=exc.status, reason=exc.error.code) from None
    finally:
        if transport is None:
            client.close()


def keep_enrollment(
    ctx: Context, url: str, answer: w.EnrollResponse, pem: str, allow_plain: bool
) -> Identity:
    """The token and the office's lookup key, in the secrets folder (not the database)."""
    identity = Identity(
        answer.device_id,
        answer.outlet_code,
        url,
        answer.token,
        tls_cert=pem,
        tls_pin=certificate_pin(pem) if pem else "",
        allow_plain=allow_plain and not url.lower().startswith("https://"),
    )
    write_identity(ctx, identity)
    key = bytes.fromhex(answer.lookup_key)
    ctx.write_secret(LOOKUP_FILE, key)  # sealed by the data key
    ctx.lookup_key = key
    return identity


# --- status -------------------------------------------------------------------------------


def _state_row(s: Session, device_id: str) -> SyncState:
    state = s.get(SyncState, device_id)
    if state is None:
        state = SyncState(device_id=device_id)
        s.add(state)
        s.flush()
    return state


def sync_status(ctx: Context) -> SyncStatus:
    identity = load_identity(ctx)
    device_id = ctx.device_id
    with ctx.db.read() as s:
        state = s.get(SyncState, device_id)
        acked = state.acked_seq if state else 0
        waiting = s.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.device_id == device_id, JournalEntry.seq > acked)
        )
        disputed = s.scalar(
            select(func.count()).select_from(SyncDispute).where(SyncDispute.device_id == device_id)
        )
        attempt = state.last_attempt_at if state else None
        success = state.last_success_at if state else None
        error = state.last_error if state else ""
        url = state.central_url if state else ""
    if identity is None:
        status = "not_enrolled"
    elif error.startswith("offline"):
        status = "offline"
    elif error:
        status = "error"
    elif attempt and (success is None or attempt > success):
        # a run that never finished (the app closed or the process killed mid-sync) is not
        # "syncing": only a live run holds the mark
        status = "syncing" if sync_running(ctx) else "offline"
    elif success:
        status = "synced"
    else:
        status = "never"
    return SyncStatus(
        status,
        url or (identity.central_url if identity else ""),
        attempt,
        success,
        int(waiting or 0),
        int(disputed or 0),
        error,
        acked,
        insecure=bool(
            identity
            and identity.central_url.lower().startswith("http://")
            and not is_loopback(identity.central_url)
        ),
    )


# --- push ---------------------------------------------------------------------------------


def _record_disputes(s: Session, device_id: str, disputes: list[w.DisputedEntry], now: str) -> int:
    if not disputes:
        return 0
    rows = [
        {
            "device_id": device_id,
            "seq": d.seq,
            "reason": d.reason,
            "detail": json.dumps(d.model_dump(mode="json"), sort_keys=True),
            "received_at": now,
        }
        for d in disputes
    ]
    result = s.execute(insert(SyncDispute).on_conflict_do_nothing(), rows)
    return int(getattr(result, "rowcount", 0) or 0)


def _pending(ctx: Context, device_id: str, after: int, limit: int) -> list[w.WireEntry]:
    with ctx.db.read() as s:
        rows = s.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device_id, JournalEntry.seq > after)
            .order_by(JournalEntry.seq)
            .limit(limit)
        ).all()
        return [w.WireEntry.of(journal.to_entry(r)) for r in rows]


def _acked(ctx: Context, device_id: str) -> int:
    with ctx.db.read() as s:
        state = s.get(SyncState, device_id)
        return state.acked_seq if state else 0


def _apply_ack(ctx: Context, device_id: str, ack: w.PushAck, last_sent: int) -> int:
    """Move the upload position to what the service says it holds (never past what we sent)."""
    with ctx.db.write() as s:
        state = _state_row(s, device_id)
        # never backwards here (two runs at once: the slower answer is the older one);
        # only the service's gap answer moves the position back (push_pending)
        state.acked_seq = max(state.acked_seq, min(ack.stored_up_to, last_sent))
        _record_disputes(s, device_id, ack.disputed, ctx.now_iso())
        return state.acked_seq


# The kind services.backup writes after a restore (a string: sync does not import backup).
RESTORED_KIND = "journal.restored"


def _refuse_unrebuilt_marker(
    ctx: Context, client: CentralClient, device_id: str, acked: int
) -> None:
    """A restored database's marker that was never pushed, under a number the office
    already holds with other content (a new PC restored from an older backup): pushing
    it would be refused as tampering. The office's entries must come back first
    (`ewarong rebuild`, services.rebuild), which moves the marker after them."""
    with ctx.db.read() as s:
        first = s.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device_id, JournalEntry.seq > acked)
            .order_by(JournalEntry.seq)
            .limit(1)
        ).first()
        if first is None or first.kind != RESTORED_KIND:
            return
        seq, digest = first.seq, first.hash
    page = client.journal(seq - 1, limit=1)
    if page.entries and page.entries[0].seq == seq and page.entries[0].hash != digest:
        raise DomainError("sync.rebuild_first", seq=seq)


def push_pending(
    ctx: Context, client: CentralClient, identity: Identity, *, batch_size: int = DEFAULT_BATCH
) -> tuple[int, int, int, int]:
    """Upload every entry after the acknowledged position: (stored, duplicates, disputed, acked)."""
    refuse_in_training(ctx, "training.no_sync")
    device_id = identity.device_id
    stored = duplicates = disputed = 0
    acked = _acked(ctx, device_id)
    _refuse_unrebuilt_marker(ctx, client, device_id, acked)
    rewinds = 0
    while True:
        entries = _pending(ctx, device_id, acked, min(batch_size, w.MAX_BATCH_ENTRIES))
        if not entries:
            return stored, duplicates, disputed, acked
        batch = w.PushRequest(
            outlet_code=identity.outlet_code, device_id=device_id, entries=entries
        )
        try:
            ack = client.push(batch)
        except Refusal as exc:
            position = exc.error.params.get("stored_up_to")
            if exc.error.code == "push.gap" and isinstance(position, int) and rewinds < 3:
                # The service holds less than we thought (its database was restored):
                # go back to where it stands and send from there.
                log.warning("service holds up to %d, we had %d acknowledged", position, acked)
                with ctx.db.write() as s:
                    _state_row(s, device_id).acked_seq = position
                acked, rewinds = position, rewinds + 1
                continue
            raise
        acked = _apply_ack(ctx, device_id, ack, entries[-1].seq)
        stored += len(ack.stored)
        duplicates += len(ack.duplicates)
        disputed += len(ack.disputed)


# --- pull ---------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def apply_page(
    s: Session,
    device_id: str,
    page: w.PulledPage | w.PullPage,
    now: str,
    *,
    data: bool = True,
    lookup_key: bytes = b"",
) -> int:
    """Apply one page of changes inside the caller's transaction; returns rows applied.

    A row this outlet cannot store is a DomainError naming it (the caller's transaction,
    and so the whole page, rolls back): a sync error for a person, not a traceback."""
    if isinstance(page, w.PullPage):  # a file's page: its rows as the pull reads them
        page = w.PulledPage.of(page)
    try:
        # No savepoint: the caller's transaction is the page's (every caller applies a page
        # in its own write transaction, rolled back on any error). Inside a savepoint SQLite
        # copies every page a statement first touches to a sub-journal: with the random
        # keys of the identifier hashes' indexes, that tripled a page of families.
        rows = _apply_page(s, device_id, page, now, data=data, lookup_key=lookup_key)
        s.flush()  # the ORM's part (cursor, acknowledgment) here, so its refusals are ours
        return rows
    except IntegrityError as exc:
        raise DomainError(
            "sync.page_conflict",
            what=_constraint(str(exc.orig)),
            detail=str(exc.orig)[:200],
        ) from None
    except INTEGRITY_ERRORS as exc:  # from the plain executemany's
        raise DomainError(
            "sync.page_conflict", what=_constraint(str(exc)), detail=str(exc)[:200]
        ) from None


def _constraint(message: str) -> str:
    # "UNIQUE constraint failed: product.barcode" -> "product.barcode"
    return message.rpartition(":")[2].strip()[:80] or "?"


def _apply_page(
    s: Session,
    device_id: str,
    page: w.PulledPage,
    now: str,
    *,
    data: bool = True,
    lookup_key: bytes = b"",
) -> int:
    _record_disputes(s, device_id, page.disputed, now)
    state = _state_row(s, device_id)
    # The page also says how far the service holds our journal: an acknowledgment too
    # (this is how a USB round trip moves the upload position).
    last_local = (
        s.scalar(select(func.max(JournalEntry.seq)).where(JournalEntry.device_id == device_id)) or 0
    )
    if state.acked_seq < page.stored_up_to <= last_local:
        state.acked_seq = page.stored_up_to
    if not data:
        return 0
    state.pull_cursor = str(page.cursor)
    catalog.put_categories(
        s, [catalog.CategorySpec(c.code, c.name_id, c.name_en) for c in page.categories]
    )
    if page.periods:  # (it reads the categories first: not for every page of vouchers)
        catalog.put_periods(
            s,
            [
                catalog.PeriodSpec(
                    p.code,
                    p.amount,
                    tuple(p.eligible_categories),
                    _date(p.valid_from),
                    _date(p.valid_until),
                )
                for p in page.periods
            ],
        )
    if page.products:
        # Low-stock marks are the outlet's own setting: keep them.
        low = dict(
            s.execute(
                select(Product.sku, Product.low_stock_milli).where(
                    Product.sku.in_([p.sku for p in page.products])
                )
            ).all()
        )
        catalog.put_products(
            s,
            [
                catalog.ProductSpec(
                    sku=p.sku,
                    name=p.name,
                    category=p.category,
                    unit=p.unit,
                    price=p.price,
                    fractional=p.fractional,
                    barcode=p.barcode,
                    ceiling=p.ceiling,
                    reference_price=p.reference_price,
                    low_stock_milli=low.get(p.sku, 0),
                    active=p.active,
                )
                for p in page.products
            ],
            now,
            office=True,
        )
    if page.families or page.vouchers:
        raw = dbapi(s)  # the page's transaction (its savepoint): plain executemany's
    if page.families:
        here = _local_outlet(s)
        frows = [_family_tuple(f, here, lookup_key) for f in page.families]
        _claim_cards(s, frows)
        raw.executemany(_UPSERT_FAMILY, frows)
    if page.vouchers:
        families = {v["family"] for v in page.vouchers}
        ids = _family_ids(raw, families)
        missing = families - set(ids)
        if missing:
            raise DomainError("sync.page_incomplete", detail=sorted(missing)[0])
        raw.executemany(
            _UPSERT_VOUCHER,
            [
                (v["code"], ids[v["family"]], v["period"], v["amount"], _day(v["valid_from"]),
                 _day(v["valid_until"]), v["status"], v.get("status_reason", ""),
                 v.get("redeemed_elsewhere", 0), v["updated_at"])
                for v in page.vouchers
            ],
        )  # fmt: skip
    if page.accounts:
        arows = [
            {
                "username": a.username,
                "display_name": a.display_name,
                "role": a.role,
                "pin_hash": a.pin_hash,
                "active": a.active,
                "failed_attempts": 0,
                "created_at": now,
            }
            for a in page.accounts
        ]
        astmt = insert(Account)
        s.execute(
            astmt.on_conflict_do_update(
                index_elements=["username"],
                set_={
                    k: getattr(astmt.excluded, k)
                    for k in ("display_name", "role", "pin_hash", "active")
                },
            ),
            arows,
        )
    return page_rows(page)


def _claim_cards(s: Session, families: list[tuple[Any, ...]]) -> None:
    """A KKS card the office now gives to another family (a card re-issued) is taken
    from the family that held it here: the office wins, and the page applies whole.
    `families` are `_FAMILY_COLUMNS` tuples."""
    claimed = {f[_CARD]: f[0] for f in families if f[_CARD]}
    if not claimed:
        return
    codes = sorted(claimed)
    for i in range(0, len(codes), 500):
        for family_id, dtks, card in s.execute(
            select(Family.id, Family.dtks_id, Family.card_hash).where(
                Family.card_hash.in_(codes[i : i + 500])
            )
        ):
            if card is not None and claimed[card] != dtks:
                s.execute(update(Family).where(Family.id == family_id).values(card_hash=None))


def _local_outlet(s: Session) -> str:
    return s.scalars(select(Device.outlet_code).where(Device.is_local.is_(True))).one()


# A pulled page is written with plain executemany's of tuples on the page transaction's
# DB-API connection (SQLAlchemy's per-row parameter work was half of applying a page).
_FAMILY_COLUMNS = (
    "dtks_id", "name", "address", "rt_rw", "kelurahan", "kecamatan", "nik_hash", "nik_last4",
    "kk_hash", "kk_last4", "card_hash", "card_last4", "card_bank", "outlet_code", "status",
    "status_reason", "flags", "updated_at",
)  # fmt: skip
_CARD = _FAMILY_COLUMNS.index("card_hash")
_VOUCHER_COLUMNS = (
    "code", "family_id", "period", "amount", "valid_from", "valid_until", "status",
    "status_reason", "redeemed_elsewhere", "updated_at",
)  # fmt: skip


def _upsert(table: str, columns: tuple[str, ...], key: str) -> str:
    """INSERT of `columns`, or UPDATE of every other column when `key` is taken."""
    marks = ", ".join("?" for _ in columns)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {sets}"
    )


_UPSERT_FAMILY = _upsert("family", _FAMILY_COLUMNS, "dtks_id")
_UPSERT_VOUCHER = _upsert("voucher", _VOUCHER_COLUMNS, "code")


@functools.lru_cache(maxsize=4096)  # a few dozen validity dates per city
def _day(text: str) -> str:
    """A wire date as the outlet stores it (ValueError when it is not one)."""
    return dt.date.fromisoformat(text).isoformat()


def _family_ids(raw: Any, dtks_ids: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    codes = sorted(dtks_ids)
    for i in range(0, len(codes), 500):
        chunk = codes[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            raw.execute(f"SELECT dtks_id, id FROM family WHERE dtks_id IN ({marks})", chunk)
        )
    return found


def _family_tuple(f: w.FamilyRow, here: str, key: bytes) -> tuple[Any, ...]:
    """The office sends this outlet its own families and those it moved away from here:
    one of another outlet is kept, flagged, to be shown read-only and refused at the
    counter ("pindah ke <outlet>"); its vouchers go to the new outlet. Hashes of an office
    not yet re-hashed (version 1) are re-hashed here, so look-ups match either way.
    An absent key is `WireFamily`'s default."""
    flags = f.get("flags", "")
    if f["outlet_code"] != here:
        flags = ",".join([*(x for x in flags.split(",") if x and x != MOVED_FLAG), MOVED_FLAG])
    nik, kk, card = f["nik_hash"], f["kk_hash"], f.get("card_hash")
    version = f.get("hash_version", 1)
    if version != HASH_VERSION:
        if version != 1 or not key:
            raise DomainError("safety.hash_version", found=version, expected=HASH_VERSION)
        nik, kk = (rehash_v1(key, h) if h else h for h in (nik, kk))
        card = rehash_v1(key, card) if card else card
    return (
        f["dtks_id"], f["name"], f.get("address", ""), f.get("rt_rw", ""),
        f.get("kelurahan", ""), f.get("kecamatan", ""), nik, f["nik_last4"], kk, f["kk_last4"],
        card, f.get("card_last4", ""), f.get("card_bank", ""), f["outlet_code"], f["status"],
        f.get("status_reason", ""), flags, f["updated_at"],
    )  # fmt: skip


def _cursor(ctx: Context, device_id: str) -> int:
    with ctx.db.read() as s:
        state = s.get(SyncState, device_id)
        return int(state.pull_cursor or 0) if state else 0


# Pages fetched ahead of the one being applied (each up to `w.MAX_PAGE_SIZE` rows), and
# the most rows applied in one outlet transaction when several fetched pages are waiting
# (a sale waits for that transaction: 40-100 ms per 5,000 vouchers, more for families).
PULL_AHEAD = 2
PULL_TRANSACTION_ROWS = 2 * w.MAX_PAGE_SIZE
# The first page is asked for this small: nothing overlaps its fetch (the office reads it,
# then this outlet parses it), so the outlet starts applying sooner while the office
# reads the next, full pages (from cursor 0 on a 20,000-family office: 250 rows in 4 ms,
# 1,000 in 11 ms, 5,000 in 30 ms).
FIRST_PULL_PAGE = 250


def page_rows(page: w.PulledPage | w.PullPage) -> int:
    """The rows a pulled page carries (what applying it counts)."""
    return (
        len(page.categories)
        + len(page.periods)
        + len(page.products)
        + len(page.families)
        + len(page.vouchers)
        + len(page.accounts)
    )


class _PageFetcher:
    """Fetches the pages after `cursor` in order on its own thread, up to `ahead` pages in
    advance of the ones taken; a fetch error is handed over in its place (after the pages
    fetched before it). Each request tells the office the cursor `applied` at the outlet
    (committed), so it never counts a fetched page as applied."""

    def __init__(self, client: CentralClient, cursor: int, page_size: int, ahead: int) -> None:
        self._client = client
        self._page_size = page_size
        self._ahead = max(1, ahead)
        self._ready: deque[w.PulledPage | BaseException] = deque()
        self._cond = threading.Condition()
        self._stopped = False
        self.applied = cursor  # set by the applying thread after each commit
        self._thread = threading.Thread(
            target=self._run, args=(cursor,), name="ewarong-pull", daemon=True
        )
        self._thread.start()

    def _run(self, cursor: int) -> None:
        size = min(self._page_size, FIRST_PULL_PAGE)
        try:
            while True:
                applied = self.applied
                page = self._client.pull(
                    cursor, size, applied=None if applied == cursor else applied
                )
                size = self._page_size
                if not self._put(page) or not page.more:
                    return
                cursor = page.cursor
        except BaseException as exc:  # handed to the applying thread, in order
            self._put(exc)

    def _put(self, item: w.PulledPage | BaseException) -> bool:
        with self._cond:
            while len(self._ready) >= self._ahead and not self._stopped:
                self._cond.wait()
            if self._stopped:
                return False
            self._ready.append(item)
            self._cond.notify_all()
            return True

    def take(self, max_rows: int) -> list[w.PulledPage]:
        """The next page (waiting for it), and the pages already fetched after it while
        they fit in `max_rows`; a fetch error is raised once the pages before it are taken."""
        with self._cond:
            while not self._ready:
                self._cond.wait()
            pages: list[w.PulledPage] = []
            rows = 0
            while self._ready:
                item = self._ready[0]
                if isinstance(item, BaseException):
                    if pages:
                        break  # those first; the error at the next take
                    self._ready.popleft()
                    raise item
                size = page_rows(item)
                if pages and rows + size > max_rows:
                    break
                self._ready.popleft()
                pages.append(item)
                rows += size
                if not item.more:
                    break
            self._cond.notify_all()
            return pages

    def stop(self) -> None:
        """Stop fetching; returns once the thread has ended (a request under way is waited
        for: the client is not closed under it)."""
        with self._cond:
            self._stopped = True
            self._ready.clear()
            self._cond.notify_all()
        self._thread.join()


def pull_changes(
    ctx: Context,
    client: CentralClient,
    identity: Identity,
    *,
    page_size: int = PULL_PAGE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, int]:
    """Pull every page after our cursor: (pages, rows, cursor).

    The pages are fetched (HTTP and parsing) on a second thread, up to `PULL_AHEAD` ahead
    of the one applied, so the office's work and ours overlap. They are applied in order,
    whole, each transaction with the cursor of its last page: one page, or the pages
    already fetched and waiting (up to `PULL_TRANSACTION_ROWS` rows: fewer commits when
    the outlet is the slower side). Each request tells the office which cursor is
    committed here (`applied`), so it never takes a fetched page for an applied one. The
    fetching thread ends before this returns or raises.
    """
    refuse_in_training(ctx, "training.no_sync")
    cursor = _cursor(ctx, identity.device_id)
    pages = rows = 0
    fetcher = _PageFetcher(client, cursor, page_size, PULL_AHEAD)
    try:
        while True:
            # the fetch's own error (offline, refused) is raised here, after the pages
            # fetched before it are applied
            batch = fetcher.take(PULL_TRANSACTION_ROWS)
            try:
                applied, cursor = _apply_pages(ctx, identity, batch, cursor)
            except Exception:
                if len(batch) == 1:
                    raise
                # Page by page: those before the one that fails stay applied (as when
                # each was fetched alone); that one raises again.
                applied = 0
                for page in batch:
                    done, cursor = _apply_pages(ctx, identity, [page], cursor)
                    applied += done
                    fetcher.applied = cursor
            rows += applied
            fetcher.applied = cursor  # committed
            pages += len(batch)
            if progress is not None:
                progress(rows)
            if not batch[-1].more:
                return pages, rows, cursor
    finally:
        fetcher.stop()


def _apply_pages(
    ctx: Context, identity: Identity, pages: list[w.PulledPage], cursor: int
) -> tuple[int, int]:
    """`pages` (in order, the first after `cursor`) in one transaction: (rows, cursor)."""
    rows = 0
    with ctx.db.write() as s:
        for page in pages:
            if page.since != cursor:
                raise Offline("answer for another cursor")
            rows += apply_page(
                s, identity.device_id, page, ctx.now_iso(), lookup_key=ctx.lookup_key
            )
            cursor = page.cursor
    return rows, cursor


# --- one round, with retries --------------------------------------------------------------


class RunMark:
    """ "A sync is running in this data folder": an OS lock on `sync.lock`, held for the
    run. The OS drops it when the process ends, however it ends, so a killed sync never
    leaves the status bar saying "syncing" (a timestamp alone cannot tell a long run from a
    dead one). Two runs at once are allowed as before; the second simply holds no mark."""

    def __init__(self, root: Path) -> None:
        self.path = root / RUN_MARK
        self._file: Any = None

    def take(self) -> bool:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 (held for the run)
        except OSError:
            return False
        try:
            _lock_file(handle)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                _unlock_file(self._file)
            self._file.close()
            self._file = None


def _lock_file(handle: Any) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(handle: Any) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def sync_running(ctx: Context) -> bool:
    """Whether a sync (this process or another) is running in this data folder now."""
    probe = RunMark(ctx.data_dir.root)
    if probe.take():
        probe.release()
        return False
    return (ctx.data_dir.root / RUN_MARK).exists()


def sync_now(
    ctx: Context,
    *,
    transport: Transport | None = None,
    url: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    page_size: int = PULL_PAGE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SyncResult:
    """Push then pull, once. Raises DomainError('sync.offline'|'sync.refused'|...).

    `progress(rows)`: called after each pulled page is applied (the set-up screen).
    A practice outlet (services.training) refuses before anything is read or written."""
    refuse_in_training(ctx, "training.no_sync")
    mark = RunMark(ctx.data_dir.root)
    mark.take()
    try:
        return _sync_once(
            ctx,
            transport=transport,
            url=url,
            batch_size=batch_size,
            page_size=page_size,
            progress=progress,
        )
    finally:
        mark.release()


def _sync_once(
    ctx: Context,
    *,
    transport: Transport | None,
    url: str | None,
    batch_size: int,
    page_size: int,
    progress: Callable[[int], None] | None,
) -> SyncResult:
    identity = _require_identity(ctx)
    device_id = identity.device_id
    with ctx.db.write() as s:
        state = _state_row(s, device_id)
        state.last_attempt_at = ctx.now_iso()
        state.last_error = ""
    try:
        client = CentralClient(
            _identity_transport(identity, transport, url, ctx.clock), identity.token
        )
    except DomainError as exc:
        _fail(ctx, device_id, f"{exc.code}: {url or identity.central_url}")
        raise
    try:
        stored, duplicates, disputed, acked = push_pending(
            ctx, client, identity, batch_size=batch_size
        )
        pages, rows, cursor = pull_changes(
            ctx, client, identity, page_size=page_size, progress=progress
        )
    except WrongCertificate:
        _fail(ctx, device_id, "sync.certificate: the office's certificate is not the pinned one")
        raise DomainError("sync.certificate", found="?", expected=identity.tls_pin[:16]) from None
    except ServerError as exc:
        failures = _server_failures(ctx, +1)
        if failures >= SERVER_ERRORS_FOR_A_PERSON:
            # not a passing failure: the office keeps answering with an error
            _fail(ctx, device_id, f"server {exc.status} {exc.error.code}: {exc.error.detail}")
            raise DomainError(
                "sync.server_error",
                status=exc.status,
                tries=failures,
                detail=exc.error.detail[:200] or exc.error.code,
            ) from None
        _fail(ctx, device_id, f"offline: {exc}")
        raise DomainError("sync.offline", detail=str(exc)) from None
    except Offline as exc:
        _fail(ctx, device_id, f"offline: {exc}")
        raise DomainError("sync.offline", detail=str(exc)) from None
    except Refusal as exc:
        _fail(ctx, device_id, f"{exc.error.code}: {exc.error.detail}"[:250])
        raise DomainError(
            "sync.refused", status=exc.status, reason=exc.error.code, detail=exc.error.detail
        ) from None
    except Exception as exc:
        # e.g. a page this outlet cannot apply: nothing of it was applied, say so
        _fail(ctx, device_id, f"{getattr(exc, 'code', type(exc).__name__)}: {exc}"[:250])
        raise
    finally:
        if transport is None:
            client.close()
    now = ctx.now_iso()
    _server_failures(ctx, 0)
    with ctx.db.write() as s:
        state = _state_row(s, device_id)
        state.last_success_at = now
        state.last_error = ""
        acked = state.acked_seq
    log.info(
        "sync: %d stored, %d duplicates, %d disputed, %d rows pulled",
        stored,
        duplicates,
        disputed,
        rows,
    )
    return SyncResult(stored, duplicates, disputed, pages, rows, acked, cursor)


SERVER_ERRORS_FOR_A_PERSON = 3


def _server_failures(ctx: Context, step: int) -> int:
    """Consecutive runs the office answered with a server error: +1, or 0 to reset."""
    with ctx.db.write() as s:
        count = SYNC_SERVER_ERRORS.get(s) + step if step else 0
        SYNC_SERVER_ERRORS.put(s, count)
        return count


def _fail(ctx: Context, device_id: str, error: str) -> None:
    log.warning("sync failed: %s", error)
    with ctx.db.write() as s:
        _state_row(s, device_id).last_error = error[:250]


def sync_with_retry(
    ctx: Context,
    *,
    attempts: int = 5,
    transport_factory: Callable[[], Transport] | None = None,
    url: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
    base: float = 2.0,
    cap: float = 300.0,
) -> SyncResult:
    """`sync_now` until it succeeds, waiting with exponential backoff and jitter between
    tries while offline; a refusal is not retried (it needs a person)."""
    failures = 0
    while True:
        transport = transport_factory() if transport_factory else None
        try:
            return sync_now(ctx, transport=transport, url=url)
        except DomainError as exc:
            if exc.code != "sync.offline":
                raise  # a refusal, or a server error that keeps coming back: a person
            failures += 1
            if failures >= attempts:
                raise
            sleep(backoff_delay(failures, base=base, cap=cap, rng=rng))
        finally:
            if transport is not None:
                transport.close()


def central_journal(
    ctx: Context, *, after: int = 0, transport: Transport | None = None
) -> list[chain.Entry]:
    """This device's journal entries after `after` as the central office holds them,
    verified as a chain continuing the local entry `after` (device loss: a PC rebuilt from
    an older backup gets back what it had uploaded since). Nothing is written here."""
    refuse_in_training(ctx, "training.no_sync")
    identity = _require_identity(ctx)
    start_hash = chain.GENESIS
    if after:
        with ctx.db.read() as s:
            found = s.scalar(
                select(JournalEntry.hash).where(
                    JournalEntry.device_id == identity.device_id, JournalEntry.seq == after
                )
            )
        if found is None:
            raise DomainError("sync.page_incomplete", detail=f"seq {after}")
        start_hash = found
    client = CentralClient(
        _identity_transport(identity, transport, clock=ctx.clock), identity.token
    )
    entries: list[chain.Entry] = []
    try:
        cursor = after
        while True:
            page = client.journal(cursor)
            entries.extend(e.to_entry() for e in page.entries)
            if not page.entries or not page.more:
                break
            cursor = page.entries[-1].seq
    except Offline as exc:
        raise DomainError("sync.offline", detail=str(exc)) from None
    except Refusal as exc:
        raise DomainError(
            "sync.refused", status=exc.status, reason=exc.error.code, detail=exc.error.detail
        ) from None
    finally:
        if transport is None:
            client.close()
    broken = chain.verify_chain(entries, start_seq=after + 1, start_hash=start_hash)
    if broken is not None:
        raise DomainError("sync.page_incomplete", detail=f"seq {broken.seq}: {broken.reason}")
    return entries


# --- USB transfer files -------------------------------------------------------------------


def export_pending(ctx: Context, path: Path | str) -> int:
    """Write every entry the service has not acknowledged to a sealed file; returns count.

    The upload position does not move: it moves when the office's answer file comes back
    (`import_changes`) or at the next online sync, which acknowledges them as duplicates.
    """
    refuse_in_training(ctx, "training.no_transfer")
    identity = _require_identity(ctx)
    entries: list[w.WireEntry] = []
    after = _acked(ctx, identity.device_id)
    while True:
        chunk = _pending(ctx, identity.device_id, after, 1000)
        if not chunk:
            break
        entries.extend(chunk)
        after = chunk[-1].seq
    # A file is one batch, checked like any upload; very long offline spells are split by
    # the service's batch limit, so a file carries at most MAX_BATCH_ENTRIES per batch.
    entries = entries[: w.MAX_BATCH_ENTRIES]
    batch = w.PushRequest(
        outlet_code=identity.outlet_code, device_id=identity.device_id, entries=entries
    )
    mac = seal(token_hash(identity.token), PUSH_PURPOSE, batch.model_dump(mode="json"))
    file = w.PushFile(created_at=ctx.now_iso(), batch=batch, mac=mac)
    target = Path(path)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(file.model_dump_json(), encoding="utf-8")
    tmp.replace(target)
    return len(entries)


def import_changes(ctx: Context, path: Path | str) -> int:
    """Apply the office's answer file (changes + acknowledgment), each page in one
    transaction, after checking its seal; returns rows applied."""
    refuse_in_training(ctx, "training.no_transfer")
    identity = _require_identity(ctx)
    try:
        file = w.PullFile.model_validate_json(Path(path).read_bytes())
    except ValueError:
        raise DomainError("sync.file_invalid") from None
    if file.outlet_code != identity.outlet_code:
        raise DomainError("sync.file_foreign", outlet=file.outlet_code)
    mine = [d for d in file.devices if d.device_id == identity.device_id]
    if not mine:
        raise DomainError("sync.file_foreign", outlet=file.outlet_code)
    transfer = mine[0]
    dumped = [p.model_dump(mode="json") for p in transfer.pages]
    if not check_seal(
        token_hash(identity.token),
        PULL_PURPOSE,
        {"device": transfer.device_id, "pages": dumped},
        transfer.mac,
    ):
        raise DomainError("sync.file_seal")
    rows = 0
    for page in transfer.pages:
        with ctx.db.write() as s:
            cursor = int(_state_row(s, identity.device_id).pull_cursor or 0)
            # A page we already hold (an older file, or one already pulled online) only
            # brings its acknowledgment and disputes: never roll reference data back.
            rows += apply_page(
                s, identity.device_id, page, ctx.now_iso(), data=page.cursor > cursor,
                lookup_key=ctx.lookup_key,
            )  # fmt: skip
            _state_row(s, identity.device_id).pull_cursor = str(max(page.cursor, cursor))
    with ctx.db.write() as s:
        _state_row(s, identity.device_id).last_success_at = ctx.now_iso()
    return rows


# --- disputes, for the screens -------------------------------------------------------------


@dataclass(frozen=True)
class DisputeRow:
    """An entry the central office accepted but marked disputed (or refused)."""

    seq: int
    reason: str
    detail: str
    received_at: str


def disputes(ctx: Context, limit: int = 200) -> list[DisputeRow]:
    """The disputed entries, newest first (the status bar's "Sengketa" list)."""
    with ctx.db.read() as s:
        rows = s.scalars(select(SyncDispute).order_by(SyncDispute.id.desc()).limit(limit)).all()
        return [DisputeRow(r.seq, r.reason, r.detail, r.received_at) for r in rows]
