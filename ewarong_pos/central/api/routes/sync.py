"""Push (journal upload) and pull (scoped reference data) for an enrolled device."""

from __future__ import annotations

import datetime as dt
import json
import re

from fastapi import APIRouter, Query, Request, Response
from pydantic_core import to_json
from sqlalchemy import select

from ewarong_pos.central.api.deps import DeviceDep, SessionDep
from ewarong_pos.central.changes import pull_payload
from ewarong_pos.central.core.db import non_durable
from ewarong_pos.central.ingest import chained, ingest
from ewarong_pos.central.models import Device, JournalEntry
from ewarong_pos.core.dates import iso, parse_iso
from ewarong_pos.protocol import schemas as w

router = APIRouter(tags=["sync"])


def note_clock(row: Device, header: str | None, now: dt.datetime) -> None:
    """The device's clock offset (its clock minus the office's), from the request header;
    an absent or malformed header changes nothing (an older outlet)."""
    if not header:
        return
    try:
        device_now = parse_iso(header.strip())
    except ValueError:
        return
    row.clock_offset_s = round((device_now - now).total_seconds())
    row.clock_seen_at = iso(now)


_USER_AGENT = re.compile(r"ewarong-pos/([0-9A-Za-z][0-9A-Za-z.+-]{0,31})(?:\s|$)")


def note_version(row: Device, user_agent: str | None) -> None:
    """The app version the device names in its User-Agent (`ewarong-pos/<version>`); any
    other User-Agent (an older outlet, a script) changes nothing."""
    found = _USER_AGENT.match((user_agent or "").strip())
    if found and row.app_version != found[1]:
        row.app_version = found[1]


_REFUSALS = {s: {"model": w.ErrorBody} for s in (401, 403, 409, 413, 422, 429)}


@router.post("/push", response_model=w.PushAck, responses=_REFUSALS)  # type: ignore[arg-type]
def push(
    body: w.PushRequest, device: DeviceDep, request: Request, session: SessionDep
) -> w.PushAck:
    verified = chained(body)  # the hashing, before the transaction (and its locks)
    with session.begin():
        ack = ingest(session, device.id, body, iso(request.app.state.clock()), verified=verified)
        row = session.get(Device, device.id)
        if row is not None:
            note_clock(row, request.headers.get(w.CLOCK_HEADER), request.app.state.clock())
            note_version(row, request.headers.get("user-agent"))
        return ack


@router.get("/pull", response_model=w.PullPage, responses=_REFUSALS)  # type: ignore[arg-type]
def pull(
    device: DeviceDep,
    request: Request,
    session: SessionDep,
    cursor: int = Query(0, ge=0, le=w.INT_MAX),
    limit: int = Query(w.DEFAULT_PAGE_SIZE, ge=1, le=w.MAX_PAGE_SIZE),
    applied: int | None = Query(
        None,
        ge=0,
        le=w.INT_MAX,
        description="the cursor applied at the outlet when it fetches ahead",
    ),
) -> Response:
    with session.begin():
        # The pull writes only bookkeeping (cursors, time): no wait for the disk. A crash
        # may lose the last ones, so an export re-sends a page, never skips one.
        non_durable(session)
        row = session.scalars(select(Device).where(Device.id == device.id)).one()
        page = pull_payload(session, row, cursor, limit)
        # Asking from `cursor` confirms everything up to it is applied at the outlet, unless
        # it fetches ahead and says what is applied (the USB export starts there; a page is
        # re-sent rather than missed).
        row.pull_cursor = cursor if applied is None else min(applied, cursor)
        row.sent_cursor = page["cursor"]
        row.last_pull_at = iso(request.app.state.clock())
        note_clock(row, request.headers.get(w.CLOCK_HEADER), request.app.state.clock())
        note_version(row, request.headers.get("user-agent"))
    # Serialised once here, from plain values (changes.pull_payload: the PullPage's JSON);
    # `response_model` still documents the shape in OpenAPI.
    # pydantic-core's encoder: the same compact UTF-8 text as `json.dumps(page,
    # ensure_ascii=False, separators=(",", ":"))`, several times faster.
    return Response(to_json(page), media_type="application/json")


@router.get("/journal", response_model=w.JournalPage, responses=_REFUSALS)  # type: ignore[arg-type]
def journal(
    device: DeviceDep,
    session: SessionDep,
    after: int = Query(0, ge=0, le=w.INT_MAX),
    limit: int = Query(w.MAX_BATCH_ENTRIES, ge=1, le=w.MAX_BATCH_ENTRIES),
) -> Response:
    """The device's own stored entries after `after`, in order: what a PC rebuilt from an
    older backup needs to catch up (the chain verifies them on arrival)."""
    with session.begin():
        row = session.scalars(select(Device).where(Device.id == device.id)).one()
        stored = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.device_id == device.id, JournalEntry.seq > after)
            .order_by(JournalEntry.seq)
            .limit(limit + 1)
        ).all()
        entries = [
            w.WireEntry(
                device=e.device_id,
                seq=e.seq,
                uuid=e.uuid,
                kind=e.kind,
                at=e.at,
                payload=json.loads(e.payload),
                prev_hash=e.prev_hash,
                hash=e.hash,
            )
            for e in stored[:limit]
        ]
        page = w.JournalPage(
            device_id=device.id,
            entries=entries,
            more=len(stored) > limit,
            stored_up_to=row.last_seq,
        )
    return Response(page.model_dump_json(), media_type="application/json")
