"""The HTTP admin API under /api/v1/admin: what the console's pages do, for scripts.

Authentication: a staff API token (`Authorization: Bearer ews_...`, made with `ewarong
central staff token USER` or on the Staff page), or the console's session cookie, in
which case a changing request must also send the session's CSRF token in `X-CSRF-Token`.
Without either: 401. A role that may not do something: 403. The same actions (role
check, service function, audit row) as the pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ewarong_pos.central import admin, staff
from ewarong_pos.central.console import actions, exports, office
from ewarong_pos.central.console.actions import Actor
from ewarong_pos.central.console.signals import cross_outlet_signals
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.staff import StaffIdentity
from ewarong_pos.protocol import schemas as w

_REFUSALS: dict[int | str, dict[str, Any]] = {
    s: {"model": w.ErrorBody} for s in (401, 403, 404, 409, 422)
}
router = APIRouter(prefix=w.API_PREFIX + "/admin", tags=["admin"], responses=_REFUSALS)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def api_staff(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> StaffIdentity:
    from ewarong_pos.central.console.web import COOKIE

    central: CentralDB = request.app.state.central
    now: dt.datetime = request.app.state.clock()
    who: StaffIdentity | None = None
    with central.session() as s, s.begin():
        if authorization and authorization.startswith("Bearer "):
            who = staff.token_identity(s, authorization[len("Bearer ") :].strip())
            if who is None:
                raise Refused(401, "staff.token", "unknown or revoked staff API token")
        elif request.cookies.get(COOKIE):
            who = staff.session_identity(s, request.cookies[COOKIE], now)
    if who is None:
        raise Refused(401, "staff.auth", "sign in, or send a staff API token")
    if (
        who.via == "session"
        and request.method not in SAFE_METHODS
        and (not x_csrf_token or not hmac.compare_digest(x_csrf_token, who.csrf))
    ):
        raise Refused(403, "staff.csrf", "send the session's CSRF token in X-CSRF-Token")
    return who


StaffDep = Annotated[StaffIdentity, Depends(api_staff)]


def _actor(request: Request, who: StaffIdentity) -> Actor:
    return Actor(who, request.client.host if request.client else "", request.app.state.clock())


def _central(request: Request) -> CentralDB:
    central: CentralDB = request.app.state.central
    return central


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


# --- request and answer bodies --------------------------------------------------------------


class OutletIn(BaseModel):
    code: str = Field(max_length=32)
    name: str = Field(max_length=120)
    address: str = Field(default="", max_length=200)
    kelurahan: str = Field(default="", max_length=80)
    kecamatan: str = Field(default="", max_length=80)
    city: str = Field(default="", max_length=80)
    phone: str = Field(default="", max_length=40)
    complaints_line: str = Field(default="", max_length=200)
    price_zone: int | None = Field(default=None, ge=1, le=3)


class EnrollmentCodeOut(BaseModel):
    outlet_code: str
    enrollment_code: str


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


class PeriodIn(BaseModel):
    period: str = Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$")
    amount: int = Field(gt=0, le=10_000_000)
    categories: list[str] = Field(min_length=1)
    valid_from: dt.date
    valid_until: dt.date


class IssuedOut(BaseModel):
    period: str
    issued: int


class PriceIn(BaseModel):
    price: int = Field(ge=0)
    ceiling: int | None = Field(default=None, ge=0)


class ResolveIn(BaseModel):
    note: str = Field(min_length=1, max_length=500)


class StaffIn(BaseModel):
    username: str = Field(max_length=40)
    name: str = Field(default="", max_length=80)
    role: str
    password: str = Field(max_length=200)


class Problem(BaseModel):
    line: int | None
    column: str | None
    message: str


class RosterOut(BaseModel):
    ok: bool
    sha256: str
    problems: list[Problem]
    families: int = 0
    vouchers: int = 0
    flagged: int = 0
    moved: int = 0
    # the file changes this many known families' NIK/KK: send it as
    # accept_identifier_changes once checked
    identifier_changes: int | None = None


class Done(BaseModel):
    ok: bool = True


# --- routes ---------------------------------------------------------------------------------


@router.get("/whoami")
def whoami(who: StaffDep) -> dict[str, str]:
    return {"username": who.username, "role": who.role, "via": who.via}


@router.get("/dashboard")
def dashboard(request: Request, who: StaffDep) -> dict[str, Any]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        board = office.dashboard(s, request.app.state.clock())
    out: dict[str, Any] = dataclasses.asdict(board)
    out["today"] = board.today.isoformat()
    return out


@router.get("/outlets")
def outlets(request: Request, who: StaffDep) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [dataclasses.asdict(o) for o in admin.outlets(s)]


@router.post("/outlets", response_model=EnrollmentCodeOut)
def register_outlet(body: OutletIn, request: Request, who: StaffDep) -> EnrollmentCodeOut:
    identity = body.model_dump(exclude={"code", "name", "price_zone"})
    code = actions.register_outlet(
        _central(request),
        _actor(request, who),
        body.code,
        body.name,
        price_zone=body.price_zone,
        identity=identity,
    )
    return EnrollmentCodeOut(outlet_code=body.code.strip(), enrollment_code=code)


@router.post("/outlets/{code}/enrollment-code", response_model=EnrollmentCodeOut)
def new_code(code: str, request: Request, who: StaffDep) -> EnrollmentCodeOut:
    enrollment = actions.new_enrollment_code(_central(request), _actor(request, who), code)
    return EnrollmentCodeOut(outlet_code=code, enrollment_code=enrollment)


@router.post("/devices/{device_id}/revoke", response_model=Done)
def revoke(device_id: str, body: RevokeIn, request: Request, who: StaffDep) -> Done:
    actions.revoke_device(_central(request), _actor(request, who), device_id, body.reason)
    return Done()


def _roster_out(checked: office.RosterCheck) -> RosterOut:
    r = checked.result
    return RosterOut(
        ok=checked.ok,
        sha256=checked.sha256,
        problems=[
            Problem(line=p.line, column=p.column, message=p.message) for p in checked.problems
        ],
        families=r.families if r else 0,
        vouchers=r.vouchers if r else 0,
        flagged=r.flagged if r else 0,
        moved=r.moved if r else 0,
        identifier_changes=checked.identifier_changes,
    )


AcceptDep = Annotated[
    int | None,
    Query(ge=0, description="the CLI's --accept-identifier-changes COUNT"),
]


@router.post("/roster/check", response_model=RosterOut)
def roster_check(
    request: Request,
    who: StaffDep,
    file: Annotated[UploadFile, File()],
    lang: str = "id",
    accept_identifier_changes: AcceptDep = None,
) -> RosterOut:
    """Every check of the import, nothing applied (the import runs and is rolled back)."""
    data = file.file.read()
    return _roster_out(
        actions.check_roster(
            _central(request),
            _actor(request, who),
            data,
            file.filename or "roster.csv",
            lang,
            accept_identifier_changes,
        )
    )


@router.post("/roster/apply", response_model=RosterOut)
def roster_apply(
    request: Request,
    who: StaffDep,
    file: Annotated[UploadFile, File()],
    lang: str = "id",
    accept_identifier_changes: AcceptDep = None,
) -> Response | RosterOut:
    """Check, then apply, all or nothing: a bad file answers 422 with every problem."""
    data = file.file.read()
    name = file.filename or "roster.csv"
    accept = accept_identifier_changes
    checked = actions.check_roster(
        _central(request), _actor(request, who), data, name, lang, accept
    )
    if not checked.ok:
        return Response(_roster_out(checked).model_dump_json(), 422, media_type="application/json")
    result = actions.apply_roster(_central(request), _actor(request, who), data, name, accept)
    return RosterOut(
        ok=True,
        sha256=checked.sha256,
        problems=[],
        families=result.families,
        vouchers=result.vouchers,
        flagged=result.flagged,
        moved=result.moved,
    )


@router.get("/roster/imports")
def roster_imports(request: Request, who: StaffDep) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [
            {
                "at": r.at,
                "username": r.username,
                "filename": r.filename,
                "sha256": r.sha256,
                "status": r.status,
                "families": r.families,
                "vouchers": r.vouchers,
                "flagged": r.flagged,
                "moved": r.moved,
                "problems": r.problems,
            }
            for r in office.roster_history(s)
        ]


@router.get("/periods")
def periods(request: Request, who: StaffDep) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [dataclasses.asdict(p) for p in office.periods(s)]


@router.post("/periods", response_model=IssuedOut)
def issue(body: PeriodIn, request: Request, who: StaffDep) -> IssuedOut:
    issued = actions.issue_vouchers(
        _central(request),
        _actor(request, who),
        body.period,
        body.amount,
        [c.strip().lower() for c in body.categories if c.strip()],
        body.valid_from,
        body.valid_until,
    )
    return IssuedOut(period=body.period, issued=issued)


@router.get("/products")
def products(request: Request, who: StaffDep) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [
            {
                "sku": p.sku,
                "name": p.name,
                "category": p.category,
                "unit": p.unit,
                "price": p.price,
                "ceiling": p.ceiling,
                "reference_price": p.reference_price,
                "active": p.active,
                "updated_at": p.updated_at,
            }
            for p in office.products(s)
        ]


@router.get("/products/history")
def price_history(request: Request, who: StaffDep, sku: str | None = None) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [
            {
                "sku": c.sku,
                "at": c.at,
                "username": c.username,
                "price": c.price,
                "ceiling": c.ceiling,
                "reference_price": c.reference_price,
            }
            for c in office.price_history(s, sku)
        ]


@router.post("/products/{sku}/price", response_model=w.WireProduct)
def set_price(sku: str, body: PriceIn, request: Request, who: StaffDep) -> w.WireProduct:
    return actions.set_price(_central(request), _actor(request, who), sku, body.price, body.ceiling)


@router.get("/families")
def families(
    request: Request, who: StaffDep, q: Annotated[str, Query(min_length=1, max_length=120)]
) -> list[dict[str, Any]]:
    """By ID DTKS, name, or a NIK / No. KK / card number hashed with the office key."""
    return [
        dataclasses.asdict(r)
        for r in actions.search_families(_central(request), _actor(request, who), q)
    ]


@router.get("/families/{dtks_id}")
def family(dtks_id: str, request: Request, who: StaffDep) -> dict[str, Any]:
    return dataclasses.asdict(
        actions.family_detail(_central(request), _actor(request, who), dtks_id)
    )


@router.get("/disputes")
def disputes(
    request: Request,
    who: StaffDep,
    reason: str | None = None,
    outlet: str | None = None,
    state: str | None = Query(None, pattern="^(open|resolved)$"),
) -> list[dict[str, Any]]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        return [
            dataclasses.asdict(d)
            for d in office.disputes(s, reason=reason, outlet=outlet, state=state)
        ]


@router.post("/disputes/{dispute_id}/resolve", response_model=Done)
def resolve(dispute_id: int, body: ResolveIn, request: Request, who: StaffDep) -> Done:
    actions.resolve_dispute(_central(request), _actor(request, who), dispute_id, body.note)
    return Done()


@router.get("/reconciliation")
def reconciliation(
    request: Request, who: StaffDep, period: str | None = Query(None, pattern=r"^\d{4}-\d{2}$")
) -> dict[str, Any]:
    actions.need(who, "read")
    with actions.reading(_central(request)) as s:
        report = admin.reconcile(s, period)
        signals = cross_outlet_signals(s, period)
    return {
        "rows": [dataclasses.asdict(r) for r in report.rows],
        "receipt_gaps": [dataclasses.asdict(g) for g in report.receipt_gaps],
        "tamper_refusals": [
            {"at": at, "device_id": d, "detail": detail} for at, d, detail in report.tamper_refusals
        ],
        "signals": [
            dict(dataclasses.asdict(sig), text=exports.signal_text(sig, "en")) for sig in signals
        ],
    }


@router.get("/audit")
def audit(
    request: Request, who: StaffDep, user: str | None = None, limit: int = Query(200, le=5000)
) -> list[dict[str, Any]]:
    if who.role not in ("admin", "auditor"):
        actions.need(who, "audit")
    with actions.reading(_central(request)) as s:
        return [
            {
                "at": a.at,
                "username": a.username,
                "action": a.action,
                "target": a.target,
                "detail": a.detail,
                "ip": a.ip,
                "ok": a.ok,
            }
            for a in staff.audit_log(s, username=user, limit=limit)
        ]


@router.get("/staff")
def staff_list(request: Request, who: StaffDep) -> list[dict[str, Any]]:
    actions.need(who, "administer")
    with actions.reading(_central(request)) as s:
        return [
            {"username": a.username, "name": a.display_name, "role": a.role, "active": a.active}
            for a in staff.list_staff(s)
        ]


@router.post("/staff", response_model=Done)
def staff_add(body: StaffIn, request: Request, who: StaffDep) -> Done:
    actions.add_staff(
        _central(request), _actor(request, who), body.username, body.name, body.role, body.password
    )
    return Done()
