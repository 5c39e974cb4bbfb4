"""USB transfer at the office: read an outlet's push file, write an outlet's pull file.

A push file goes through `ingest` exactly like an HTTP push (same checks, same exactly-
once storage), after its seal is checked with the device's token hash. A pull file holds,
per device of the outlet, every change since the device's last pull (HTTP or file), sealed
the same way so the outlet can tell it came from the office.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.central.changes import pull_page
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.ingest import ingest
from ewarong_pos.central.models import Device, Outlet
from ewarong_pos.core.dates import iso
from ewarong_pos.protocol import schemas as w
from ewarong_pos.protocol.sealing import check_seal, seal
from ewarong_pos.protocol.setupfile import seal_setup

PUSH_PURPOSE = "ewarong-push"
PULL_PURPOSE = "ewarong-pull"
MAX_FILE_BYTES = 256 * 1024 * 1024


def read_push_file(path: Path | str) -> w.PushFile:
    data = Path(path).read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise Refused(413, "request.too_large", "file too large")
    try:
        return w.PushFile.model_validate_json(data)
    except ValueError as exc:
        raise Refused(422, "request.malformed", str(exc).splitlines()[0]) from None


def import_push(session: Session, file: w.PushFile, now: dt.datetime) -> w.PushAck:
    device = session.get(Device, file.batch.device_id)
    if device is None:
        raise Refused(401, "auth.token", "unknown device")
    if not check_seal(
        device.token_hash, PUSH_PURPOSE, file.batch.model_dump(mode="json"), file.mac
    ):
        raise Refused(401, "file.seal", "the file's seal does not match this device")
    return ingest(session, device.id, file.batch, iso(now), via="file")


def export_outlet(
    session: Session, outlet_code: str, now: dt.datetime, *, since: int | None = None
) -> w.PullFile:
    """Changes for every active device of the outlet since its last pull (or `since`)."""
    if session.get(Outlet, outlet_code) is None:
        raise Refused(404, "outlet.unknown", f"no outlet {outlet_code}")
    devices = session.scalars(
        select(Device)
        .where(Device.outlet_code == outlet_code, Device.revoked_at.is_(None))
        .order_by(Device.code)
    ).all()
    transfers = []
    for device in devices:
        cursor = device.pull_cursor if since is None else since
        pages = []
        while True:
            page = pull_page(session, device, cursor, w.MAX_PAGE_SIZE)
            pages.append(page)
            cursor = page.cursor
            if not page.more:
                break
        device.sent_cursor = max(device.sent_cursor, cursor)
        dumped = [p.model_dump(mode="json") for p in pages]
        transfers.append(
            w.DeviceTransfer(
                device_id=device.id,
                pages=pages,
                mac=seal(device.token_hash, PULL_PURPOSE, {"device": device.id, "pages": dumped}),
            )
        )
    return w.PullFile(created_at=iso(now), outlet_code=outlet_code, devices=transfers)


def export_setup(
    session: Session,
    outlet_code: str,
    now: dt.datetime,
    *,
    device_code: str = "K1",
    central_url: str = "",
    tls_pin: str = "",
    tls_cert: str = "",
) -> tuple[w.SetupFile, str]:
    """A new device of the outlet, enrolled here, and everything it needs, as a sealed
    set-up file; returns the file and the one-time code that opens it (printed apart).

    The device id is made here (the PC has none yet); the code is marked used by it, so
    it cannot also enroll another PC online."""
    from ewarong_pos.central import admin

    if session.get(Outlet, outlet_code) is None:
        raise Refused(404, "outlet.unknown", f"no outlet {outlet_code}")
    code = admin.new_enrollment_code(session, outlet_code, now)
    device_id = str(uuid.uuid4())
    enrollment = admin.enroll(
        session,
        w.EnrollRequest(
            code=code, device_id=device_id, device_code=device_code, outlet_code=outlet_code
        ),
        now,
    )
    device = session.get(Device, device_id)
    assert device is not None
    pages: list[w.PullPage] = []
    cursor = 0
    while True:
        page = pull_page(session, device, cursor, w.MAX_PAGE_SIZE)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            break
    device.sent_cursor = cursor
    content = w.SetupContent(
        enrollment=enrollment,
        device_code=device_code,
        central_url=central_url,
        tls_pin=tls_pin,
        tls_cert=tls_cert,
        pages=pages,
    )
    return seal_setup(content, code, iso(now)), code
