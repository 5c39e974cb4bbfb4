"""First start of a real outlet: an empty data folder set up from the central office.

Online (`ewarong enroll URL CODE` on an empty folder, or the app's set-up screen): the
one-time code alone names the outlet; the office answers with the token, its identifier
lookup key and the outlet's identity (code, name, address, kelurahan, phone), then the
first sync brings accounts, products, families and vouchers, with progress. Without
network: the office's sealed set-up file (`ewarong central export --outlet CODE --setup
FILE`) opened with the code printed beside it does the same.

Crash-safety: the device id is chosen once and kept in `secrets/setup-device` until the
outlet row exists, so a retry after a lost answer presents the same id, which the office
accepts with the same code; the identity is written before the outlet row, and a folder
with an outlet row is never set up again (`ewarong sync` continues the first pull).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Device, SyncState
from ewarong_pos.protocol import schemas as w
from ewarong_pos.protocol.setupfile import SetupFileError, open_setup, read_setup_file
from ewarong_pos.protocol.tls import certificate_pin
from ewarong_pos.services import sync
from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import OutletInfo, is_set_up, setup_outlet
from ewarong_pos.sync.transport import Transport

log = logging.getLogger(__name__)

PENDING_DEVICE = "setup-device"

# (rows done, rows expected); expected may be 0 (unknown) or be passed
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SetupResult:
    outlet: OutletInfo
    central_url: str
    rows: int  # reference rows applied (accounts, products, families, vouchers, ...)
    pinned: bool  # the office certificate is pinned


def _no_progress(done: int, total: int) -> None:
    return None


def _refuse_if_set_up(ctx: Context) -> None:
    if is_set_up(ctx):
        raise DomainError("setup.already")


def _pending_device_id(ctx: Context) -> str:
    raw = ctx.data_dir.read_secret(PENDING_DEVICE)
    if raw:
        return raw.decode("ascii").strip()
    device_id = str(uuid.uuid4())
    ctx.data_dir.write_secret(PENDING_DEVICE, device_id.encode("ascii"))
    return device_id


def _clear_pending(ctx: Context) -> None:
    (ctx.data_dir.secrets_dir / PENDING_DEVICE).unlink(missing_ok=True)


def _create_outlet(ctx: Context, answer: w.EnrollResponse, device_code: str) -> OutletInfo:
    outlet = answer.outlet or w.WireOutlet(code=answer.outlet_code, name=answer.outlet_name)
    info = setup_outlet(
        ctx,
        outlet.code,
        outlet.name,
        address=outlet.address,
        kelurahan=outlet.kelurahan,
        kecamatan=outlet.kecamatan,
        city=outlet.city,
        phone=outlet.phone,
        price_zone=outlet.price_zone,
        complaints_line=outlet.complaints_line,
        device_code=device_code,
        device_id=answer.device_id,
    )
    return info


def _mark_enrolled(ctx: Context, answer: w.EnrollResponse, url: str) -> None:
    with ctx.db.write() as s:
        device = s.get(Device, answer.device_id)
        assert device is not None
        device.enrolled_at = answer.enrolled_at
        state = s.get(SyncState, answer.device_id) or SyncState(device_id=answer.device_id)
        state.central_url = url
        state.last_error = ""
        s.add(state)


def set_up_online(
    ctx: Context,
    url: str,
    code: str,
    *,
    device_code: str = "K1",
    tls_pin: str = "",
    allow_plain: bool = False,
    transport: Transport | None = None,
    progress: Progress | None = None,
) -> SetupResult:
    """Enroll this empty data folder with the office and pull everything it needs."""
    report = progress or _no_progress
    _refuse_if_set_up(ctx)
    code = code.strip()
    device_id = _pending_device_id(ctx)
    try:
        request = w.EnrollRequest(code=code, device_id=device_id, device_code=device_code)
    except ValidationError:
        raise DomainError("sync.enroll_code", length=len(code)) from None
    pem = sync.office_certificate(url, tls_pin) if transport is None else ""
    answer = sync.enroll_call(url, request, transport, pem, allow_plain)
    sync.keep_enrollment(ctx, url, answer, pem, allow_plain)
    info = _create_outlet(ctx, answer, device_code)
    _mark_enrolled(ctx, answer, url)
    _clear_pending(ctx)
    log.info("outlet %s set up from %s (device %s)", info.code, url, info.device_id)
    total = answer.pending
    report(0, total)
    result = sync.sync_now(
        ctx, transport=transport, progress=lambda done: report(done, max(total, done))
    )
    return SetupResult(info, url, result.changes, bool(pem))


def open_setup_file(path: Path | str, code: str) -> w.SetupContent:
    """The content of the office's set-up file, or a DomainError (unreadable, not a
    set-up file, wrong code or altered); nothing is written."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DomainError("setup.file_unreadable", path=str(path), detail=exc.strerror) from None
    try:
        return open_setup(read_setup_file(raw), code)
    except SetupFileError as exc:
        raise DomainError(
            "setup.file_code" if exc.reason == "code" else "sync.file_invalid"
        ) from None


def set_up_from_file(
    ctx: Context,
    source: Path | str | w.SetupContent,
    code: str = "",
    *,
    progress: Progress | None = None,
) -> SetupResult:
    """Set up this empty data folder from the office's sealed set-up file (no network);
    `source` is its path (opened with `code`) or its content already opened."""
    report = progress or _no_progress
    _refuse_if_set_up(ctx)
    content = source if isinstance(source, w.SetupContent) else open_setup_file(source, code)
    answer = content.enrollment
    if content.tls_cert and certificate_pin(content.tls_cert) != content.tls_pin:
        raise DomainError("sync.file_invalid")
    sync.keep_enrollment(ctx, content.central_url, answer, content.tls_cert, False)
    device_code = _device_code(content)
    info = _create_outlet(ctx, answer, device_code)
    _mark_enrolled(ctx, answer, content.central_url)
    total = sum(sync.page_rows(p) for p in content.pages)
    report(0, total)
    rows = 0
    for page in content.pages:
        with ctx.db.write() as s:
            rows += sync.apply_page(
                s, answer.device_id, page, ctx.now_iso(), lookup_key=ctx.lookup_key
            )
        report(rows, max(total, rows))
    with ctx.db.write() as s:
        state = s.get(SyncState, answer.device_id)
        assert state is not None
        state.last_success_at = ctx.now_iso()
    log.info("outlet %s set up from a set-up file (device %s)", info.code, info.device_id)
    return SetupResult(info, content.central_url, rows, bool(content.tls_cert))


def _device_code(content: w.SetupContent) -> str:
    # the office chose the till's code when it made the file (`--device-code`)
    return content.device_code or "K1"
