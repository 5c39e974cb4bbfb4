"""The console's pages under /console: staff sign-in, sessions, CSRF, and one handler per page.

Sessions are server-side (`central.staff`): the browser holds only a random token in a
`Secure; HttpOnly; SameSite=Strict` cookie (browsers keep Secure cookies on http://localhost
and 127.0.0.1 too, so a loopback test works without TLS). Every form carries the session's
CSRF token (the sign-in form a double-submit token), checked with a constant-time compare;
a cross-site Origin is refused as well. Pages are Jinja2 templates with autoescaping on:
whatever a roster or an outlet put in a name shows as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import inspect
import io
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ewarong_pos.central import admin, staff
from ewarong_pos.central.console import actions, exports, i18n, office
from ewarong_pos.central.console.actions import Actor
from ewarong_pos.central.console.signals import cross_outlet_signals
from ewarong_pos.central.core.db import CentralDB, read_only
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.staff import StaffIdentity
from ewarong_pos.core.dates import iso, parse_iso

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
COOKIE = "ewarong_staff"
SIGNIN_COOKIE = "ewarong_signin"
LANG_COOKIE = "ewarong_lang"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # no-referrer would send Origin: null on forms
    "Cache-Control": "no-store",
}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class SignInNeeded(Exception):
    pass


class PageRefused(Exception):
    """A refusal shown as a page (403 role, 403 CSRF, 404)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _central(request: Request) -> CentralDB:
    central: CentralDB = request.app.state.central
    return central


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.clock()
    return now


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def lang_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "id")
    return lang if lang in i18n.LANGS else "id"


def identity(request: Request) -> StaffIdentity | None:
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    central, now = _central(request), _now(request)
    with central.session() as s, s.begin():
        read_only(s)  # reading a page does not queue behind the outlets' pushes
        who = staff.session_identity(s, token, now, write=False)
    if who is not None and not who.fresh:
        with central.session() as s, s.begin():
            who = staff.session_identity(s, token, now)
    return who


def page_staff(request: Request) -> StaffIdentity:
    who = identity(request)
    if who is None:
        raise SignInNeeded()
    return who


StaffDep = Annotated[StaffIdentity, Depends(page_staff)]


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin != "null"
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def check_csrf(request: Request, who: StaffIdentity, token: str, what: str = "read") -> None:
    """A posted form: its CSRF token and origin, then the role (before any value is read,
    so a role that may not act gets 403 whatever it sent)."""
    lang = lang_of(request)
    if not same_origin(request) or not token or not hmac.compare_digest(token, who.csrf):
        log.warning("console: form without a valid CSRF token refused (%s)", who.username)
        _audit_refusal(request, who, "csrf.refused")
        raise PageRefused(403, i18n.text("signin.expired", lang))
    if not who.can(what):
        _audit_refusal(request, who, "role.refused")
        raise PageRefused(403, i18n.text("denied", lang, role=i18n.text("role." + who.role, lang)))


def _audit_refusal(request: Request, who: StaffIdentity, action: str) -> None:
    with _central(request).session() as s, s.begin():
        staff.audit(
            s,
            who.username,
            action,
            _now(request),
            target=request.url.path[:120],
            ip=client_ip(request),
            ok=False,
        )


def actor(request: Request, who: StaffIdentity) -> Actor:
    return Actor(who, client_ip(request), _now(request))


def render(
    request: Request,
    who: StaffIdentity | None,
    template: str,
    *,
    status: int = 200,
    nav: str = "",
    **context: Any,
) -> HTMLResponse:
    lang = lang_of(request)
    page = _env.get_template(template).render(
        t=lambda key, **kw: i18n.text(key, lang, **kw),
        rupiah=i18n.rupiah_screen,
        when=lambda stamp: i18n.when(stamp, lang),
        day=lambda value: i18n.day(value, lang),
        period=lambda code: i18n.period(code, lang),
        lang=lang,
        who=who,
        csrf=who.csrf if who else "",
        nav=nav,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(page, status_code=status)


def refused_text(request: Request, exc: Refused) -> str:
    lang = lang_of(request)
    if exc.status == 403 and exc.code == "staff.role":
        return i18n.text("denied", lang, role=exc.params.get("role", ""))
    return i18n.text("refused", lang, detail=exc.detail or exc.code)


def _int(value: str, field: str, lang: str) -> int:
    text = value.strip().replace(".", "").replace(",", "").replace(" ", "")
    if text.lower().startswith("rp"):
        text = text[2:]
    if not text.isdigit():
        raise Refused(422, "form.number", i18n.text("bad_number", lang, field=field))
    return int(text)


def _date(value: str, field: str, lang: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(422, "form.date", i18n.text("bad_date", lang, field=field)) from None


def qr_data_url(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


router = APIRouter(prefix="/console", include_in_schema=False)


# --- sign-in --------------------------------------------------------------------------------


def _signin_page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, None, "signin.html", status=status, signin_csrf=token, error=error)
    response.set_cookie(
        SIGNIN_COOKIE,
        token,
        max_age=900,
        httponly=True,
        secure=True,
        samesite="strict",
        path="/console",
    )
    return response


@router.get("/signin")
def signin_form(request: Request) -> Response:
    if identity(request) is not None:
        return RedirectResponse("/console/", status_code=303)
    return _signin_page(request)


@router.post("/signin")
def signin(
    request: Request,
    username: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=400)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    lang = lang_of(request)
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not same_origin(request) or not expected or not hmac.compare_digest(expected, csrf_token):
        return _signin_page(request, i18n.text("signin.expired", lang), 403)
    now, ip = _now(request), client_ip(request)
    failure: Refused | None = None
    with _central(request).session() as s, s.begin():
        try:
            who = staff.authenticate(s, username, password, now, ip)
            token, who = staff.open_session(s, who, now, ip)
        except Refused as exc:
            failure = exc
        staff.audit(
            s,
            staff.normalise_username(username)[:40] or "-",
            "signin",
            now,
            detail="" if failure is None else failure.code,
            ip=ip,
            ok=failure is None,
        )
    if failure is not None:
        if failure.code == "staff.locked":
            message = i18n.text(
                "signin.locked", lang, until=i18n.when(str(failure.params["until"]), lang)
            )
            return _signin_page(request, message, 423)
        if failure.code == "staff.throttled":
            until = str(failure.params["until"])
            message = i18n.text("signin.throttled", lang, until=i18n.when(until, lang))
            page = _signin_page(request, message, 429)
            wait = (parse_iso(until) - now).total_seconds()
            page.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
            return page
        return _signin_page(request, i18n.text("signin.wrong", lang), 401)
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        secure=True,
        samesite="strict",
        path="/",
        max_age=staff.MAX_SESSION_HOURS * 3600,
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/console")
    return response


@router.post("/signout")
def signout(
    request: Request, who: StaffDep, csrf_token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    check_csrf(request, who, csrf_token)
    with _central(request).session() as s, s.begin():
        staff.close_session(s, request.cookies.get(COOKIE, ""))
        staff.audit(s, who.username, "signout", _now(request), ip=client_ip(request))
    response = RedirectResponse("/console/signin", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("/lang/{lang}")
def set_lang(request: Request, lang: str) -> Response:
    response = RedirectResponse("/console/", status_code=303)
    if lang in i18n.LANGS:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=365 * 86400, secure=True, httponly=True, samesite="strict"
        )
    return response


# --- dashboard ------------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request, who: StaffDep) -> Response:
    with actions.reading(_central(request)) as s:
        board = office.dashboard(s, _now(request))
    return render(request, who, "dashboard.html", nav="dashboard", board=board)


# --- outlets --------------------------------------------------------------------------------


def _outlets_page(request: Request, who: StaffIdentity, **extra: Any) -> HTMLResponse:
    with actions.reading(_central(request)) as s:
        rows = office.outlet_sync(s, _now(request))
        states = {o.code: o for o in admin.outlets(s)}
    return render(
        request,
        who,
        "outlets.html",
        nav="outlets",
        rows=rows,
        states=states,
        status=extra.pop("status", 200),
        **extra,
    )


@router.get("/outlets")
def outlets(request: Request, who: StaffDep) -> Response:
    return _outlets_page(request, who, error="")


def _code_page(request: Request, who: StaffIdentity, outlet: str, code: str) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    days = request.app.state.settings.enrollment_code_days
    return render(
        request,
        who,
        "code.html",
        nav="outlets",
        outlet=outlet,
        code=code,
        days=days,
        base_url=base,
        qr=qr_data_url(code),
    )


@router.post("/outlets")
def register_outlet(
    request: Request,
    who: StaffDep,
    code: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    address: Annotated[str, Form(max_length=200)] = "",
    kelurahan: Annotated[str, Form(max_length=80)] = "",
    kecamatan: Annotated[str, Form(max_length=80)] = "",
    city: Annotated[str, Form(max_length=80)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    complaints_line: Annotated[str, Form(max_length=200)] = "",
    price_zone: Annotated[str, Form(max_length=2)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    identity = {
        "address": address, "kelurahan": kelurahan, "kecamatan": kecamatan, "city": city,
        "phone": phone, "complaints_line": complaints_line,
    }  # fmt: skip
    try:
        zone = int(price_zone) if price_zone.strip() else None
    except ValueError:
        zone = 0  # refused below with the service's own message
    try:
        enrollment = actions.register_outlet(
            _central(request), actor(request, who), code, name, price_zone=zone, identity=identity
        )
    except Refused as exc:
        return _outlets_page(request, who, error=refused_text(request, exc), status=exc.status)
    return _code_page(request, who, code.strip(), enrollment)


@router.get("/outlets/{code}")
def outlet(request: Request, who: StaffDep, code: str) -> Response:
    return _outlet_page(request, who, code)


def _outlet_states(request: Request) -> list[admin.OutletState]:
    with actions.reading(_central(request)) as s:
        return admin.outlets(s)


def _outlet_page(
    request: Request,
    who: StaffIdentity,
    code: str,
    *,
    message: str = "",
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    with actions.reading(_central(request)) as s:
        try:
            detail = office.outlet_detail(s, code)
        except Refused as exc:
            raise PageRefused(404, refused_text(request, exc)) from None
    return render(
        request,
        who,
        "outlet.html",
        nav="outlets",
        detail=detail,
        message=message,
        error=error,
        status=status,
    )


@router.post("/outlets/{code}/code")
def outlet_new_code(
    request: Request,
    who: StaffDep,
    code: str,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    try:
        enrollment = actions.new_enrollment_code(_central(request), actor(request, who), code)
    except Refused as exc:
        return _outlet_page(request, who, code, error=refused_text(request, exc), status=exc.status)
    return _code_page(request, who, code, enrollment)


@router.post("/devices/{device_id}/revoke")
def revoke(
    request: Request,
    who: StaffDep,
    device_id: str,
    reason: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    with actions.reading(_central(request)) as s:
        try:
            outlet_code = office.device_outlet(s, device_id)
        except Refused as exc:
            raise PageRefused(404, refused_text(request, exc)) from None
    try:
        actions.revoke_device(_central(request), actor(request, who), device_id, reason)
    except Refused as exc:
        return _outlet_page(
            request, who, outlet_code, error=refused_text(request, exc), status=exc.status
        )
    codes = {d.device_id: d.code for o in _outlet_states(request) for d in o.devices}
    message = i18n.text("revoke.done", lang_of(request), device=codes.get(device_id, device_id))
    return _outlet_page(request, who, outlet_code, message=message)


# --- roster ---------------------------------------------------------------------------------


def _roster_page(
    request: Request, who: StaffIdentity, status: int = 200, **extra: Any
) -> HTMLResponse:
    with actions.reading(_central(request)) as s:
        history = office.roster_history(s)
    context: dict[str, Any] = {"checked": None, "message": "", "error": ""}
    context.update(extra)
    return render(
        request, who, "roster.html", nav="roster", history=history, status=status, **context
    )


@router.get("/roster")
def roster(request: Request, who: StaffDep) -> Response:
    return _roster_page(request, who)


@router.post("/roster/check")
def roster_check(
    request: Request,
    who: StaffDep,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    if file is None or not file.filename:
        return _roster_page(request, who, 422, error=i18n.text("roster.empty_upload", lang))
    data = file.file.read(request.app.state.settings.max_upload_bytes + 1)
    name = Path(file.filename).name[:200]
    try:
        checked = actions.check_roster(_central(request), actor(request, who), data, name, lang)
    except Refused as exc:
        return _roster_page(request, who, exc.status, error=refused_text(request, exc))
    if checked.ok or checked.identifier_changes:
        pending: office.PendingRosters = request.app.state.pending_rosters
        pending.put(who.id, name, data)
    return _roster_page(request, who, 200 if checked.ok else 422, checked=checked)


@router.post("/roster/confirm")
def roster_confirm(
    request: Request,
    who: StaffDep,
    sha256: Annotated[str, Form(max_length=64)] = "",
    accept: Annotated[int, Form(ge=0)] = 0,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The clerk confirms that the file's NIK/KK changes are right (the CLI's
    --accept-identifier-changes COUNT): checked again with the count, still not applied."""
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    pending: office.PendingRosters = request.app.state.pending_rosters
    held = pending.peek(who.id, sha256)
    if held is None:
        return _roster_page(request, who, 409, error=i18n.text("roster.expired", lang))
    name, data, _accept = held
    try:
        checked = actions.check_roster(
            _central(request), actor(request, who), data, name, lang, accept
        )
    except Refused as exc:
        return _roster_page(request, who, exc.status, error=refused_text(request, exc))
    if checked.ok:
        pending.put(who.id, name, data, accept)
    return _roster_page(request, who, 200 if checked.ok else 422, checked=checked)


@router.post("/roster/apply")
def roster_apply(
    request: Request,
    who: StaffDep,
    sha256: Annotated[str, Form(max_length=64)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    pending: office.PendingRosters = request.app.state.pending_rosters
    held = pending.take(who.id, sha256)
    if held is None:
        return _roster_page(request, who, 409, error=i18n.text("roster.expired", lang))
    name, data, accept = held
    try:
        result = actions.apply_roster(_central(request), actor(request, who), data, name, accept)
    except Refused as exc:
        return _roster_page(request, who, exc.status, error=refused_text(request, exc))
    except Exception as exc:  # a rule the check did not see (the file changed meanwhile)
        from ewarong_pos.core.errors import DomainError

        if not isinstance(exc, DomainError):
            raise
        return _roster_page(request, who, 422, error=exc.message(lang))
    message = i18n.text("roster.applied", lang, families=result.families, vouchers=result.vouchers)
    return _roster_page(request, who, message=message)


# --- periods --------------------------------------------------------------------------------


def _periods_page(
    request: Request, who: StaffIdentity, status: int = 200, **extra: Any
) -> HTMLResponse:
    with actions.reading(_central(request)) as s:
        rows = office.periods(s)
        categories = sorted({p.category for p in office.products(s)})
    context: dict[str, Any] = {"message": "", "error": "", "form": {}}
    context.update(extra)
    return render(
        request,
        who,
        "periods.html",
        nav="periods",
        rows=rows,
        categories=categories,
        status=status,
        **context,
    )


@router.get("/periods")
def periods(request: Request, who: StaffDep) -> Response:
    return _periods_page(request, who)


@router.post("/periods")
def issue(
    request: Request,
    who: StaffDep,
    period: Annotated[str, Form(max_length=7)] = "",
    amount: Annotated[str, Form(max_length=20)] = "",
    categories: Annotated[str, Form(max_length=400)] = "",
    valid_from: Annotated[str, Form(max_length=10)] = "",
    valid_until: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    form = {
        "period": period,
        "amount": amount,
        "categories": categories,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    try:
        rupiah = _int(amount, i18n.text("amount", lang), lang)
        first = _date(valid_from, i18n.text("valid_from", lang), lang)
        last = _date(valid_until, i18n.text("valid_until", lang), lang)
        names = [c.strip().lower() for c in categories.split(",") if c.strip()]
        issued = actions.issue_vouchers(
            _central(request), actor(request, who), period.strip(), rupiah, names, first, last
        )
    except Refused as exc:
        return _periods_page(request, who, exc.status, error=refused_text(request, exc), form=form)
    message = i18n.text(
        "periods.issued",
        lang,
        period=i18n.period(period.strip(), lang),
        n=issued,
        amount=i18n.rupiah_screen(rupiah),
    )
    return _periods_page(request, who, message=message)


# --- products -------------------------------------------------------------------------------


def _products_page(
    request: Request, who: StaffIdentity, status: int = 200, **extra: Any
) -> HTMLResponse:
    sku = request.query_params.get("sku") or None
    with actions.reading(_central(request)) as s:
        rows = office.products(s)
        history = office.price_history(s, sku)
    context: dict[str, Any] = {"message": "", "error": "", "problems": []}
    context.update(extra)
    return render(
        request,
        who,
        "products.html",
        nav="products",
        rows=rows,
        history=history,
        sku=sku,
        status=status,
        **context,
    )


@router.get("/products")
def products(request: Request, who: StaffDep) -> Response:
    return _products_page(request, who)


@router.post("/products")
def products_upload(
    request: Request,
    who: StaffDep,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    if file is None or not file.filename:
        return _products_page(request, who, 422, error=i18n.text("roster.empty_upload", lang))
    data = file.file.read(8 * 1024 * 1024)
    try:
        count = actions.set_products(
            _central(request), actor(request, who), data, Path(file.filename).name
        )
    except Refused as exc:
        problems = exc.detail.split("; ") if exc.code == "products.rejected" else []
        return _products_page(
            request,
            who,
            exc.status,
            error=refused_text(request, exc)
            if not problems
            else i18n.text("products.rejected", lang, n=len(problems)),
            problems=problems,
        )
    except UnicodeDecodeError:
        return _products_page(request, who, 422, error=i18n.text("products.encoding", lang))
    return _products_page(request, who, message=i18n.text("products.loaded", lang, n=count))


@router.post("/products/{sku}")
def set_price(
    request: Request,
    who: StaffDep,
    sku: str,
    price: Annotated[str, Form(max_length=20)] = "",
    ceiling: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    lang = lang_of(request)
    try:
        new_price = _int(price, i18n.text("price", lang), lang)
        new_ceiling = _int(ceiling, i18n.text("ceiling", lang), lang) if ceiling.strip() else None
        p = actions.set_price(_central(request), actor(request, who), sku, new_price, new_ceiling)
    except Refused as exc:
        return _products_page(request, who, exc.status, error=refused_text(request, exc))
    message = i18n.text(
        "products.set_done",
        lang,
        sku=p.sku,
        price=i18n.rupiah_screen(p.price),
        ceiling=i18n.rupiah_screen(p.ceiling),
    )
    return _products_page(request, who, message=message)


# --- families -------------------------------------------------------------------------------


@router.get("/families")
def families(
    request: Request, who: StaffDep, q: Annotated[str, Query(max_length=120)] = ""
) -> Response:
    rows = actions.search_families(_central(request), actor(request, who), q) if q.strip() else None
    # the typed text is not echoed back into the page when it was an identifier
    shown = "" if office.search_kind(q) == "identifier" else q
    return render(request, who, "families.html", nav="families", rows=rows, q=shown)


@router.get("/families/{dtks_id}")
def family(request: Request, who: StaffDep, dtks_id: str) -> Response:
    try:
        detail = actions.family_detail(_central(request), actor(request, who), dtks_id)
    except Refused as exc:
        raise PageRefused(404, refused_text(request, exc)) from None
    return render(request, who, "family.html", nav="families", detail=detail)


# --- disputes -------------------------------------------------------------------------------


def _dispute_filters(request: Request) -> dict[str, str | None]:
    q = request.query_params
    reason = q.get("reason") or None
    state = q.get("state") or None
    return {
        "reason": reason if reason in office.DISPUTE_REASONS else None,
        "outlet": (q.get("outlet") or None),
        "state": state if state in ("open", "resolved") else None,
    }


def _disputes_page(
    request: Request, who: StaffIdentity, status: int = 200, **extra: Any
) -> HTMLResponse:
    filters = _dispute_filters(request)
    with actions.reading(_central(request)) as s:
        rows = office.disputes(s, limit=500, **filters)
        outlets = office.outlet_codes(s)
    context: dict[str, Any] = {"message": "", "error": ""}
    context.update(extra)
    query = "&".join(f"{k}={quote(v)}" for k, v in filters.items() if v)
    return render(
        request,
        who,
        "disputes.html",
        nav="disputes",
        rows=rows,
        filters=filters,
        reasons=office.DISPUTE_REASONS,
        outlets=outlets,
        query=query,
        status=status,
        **context,
    )


@router.get("/disputes")
def disputes(request: Request, who: StaffDep) -> Response:
    return _disputes_page(request, who)


@router.get("/disputes.csv")
def disputes_csv(request: Request, who: StaffDep) -> Response:
    filters = _dispute_filters(request)
    actions.exported(_central(request), actor(request, who), "disputes.csv")
    with actions.reading(_central(request)) as s:
        rows = office.disputes(s, limit=100_000, **filters)
    return Response(
        exports.disputes_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="sengketa.csv"'},
    )


@router.post("/disputes/{dispute_id}/resolve")
def resolve(
    request: Request,
    who: StaffDep,
    dispute_id: int,
    note: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "operate")
    try:
        actions.resolve_dispute(_central(request), actor(request, who), dispute_id, note)
    except Refused as exc:
        return _disputes_page(request, who, exc.status, error=refused_text(request, exc))
    message = i18n.text("resolve.done", lang_of(request), id=dispute_id)
    return _disputes_page(request, who, message=message)


# --- reconciliation -------------------------------------------------------------------------


def _period_param(request: Request) -> str | None:
    value = request.query_params.get("period") or None
    return value if value and len(value) == 7 else None


@router.get("/reconciliation")
def reconciliation(request: Request, who: StaffDep) -> Response:
    period = _period_param(request)
    with actions.reading(_central(request)) as s:
        report = admin.reconcile(s, period)
        signals = cross_outlet_signals(s, period)
        codes = [p.code for p in office.periods(s)]
    lang = lang_of(request)
    return render(
        request,
        who,
        "reconciliation.html",
        nav="reconciliation",
        report=report,
        signals=[(sig, exports.signal_text(sig, lang)) for sig in signals],
        period_code=period,
        periods=codes,
    )


def _report(request: Request) -> tuple[Any, Any, str | None]:
    period = _period_param(request)
    with actions.reading(_central(request)) as s:
        return admin.reconcile(s, period), cross_outlet_signals(s, period), period


@router.get("/reconciliation.csv")
def reconciliation_csv(request: Request, who: StaffDep) -> Response:
    actions.exported(_central(request), actor(request, who), "reconciliation.csv")
    report, signals, period = _report(request)
    return Response(
        exports.reconciliation_csv(report, signals, lang_of(request)),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="rekonsiliasi-{period or "semua"}.csv"'
        },
    )


@router.get("/reconciliation.pdf")
def reconciliation_pdf(request: Request, who: StaffDep) -> Response:
    actions.exported(_central(request), actor(request, who), "reconciliation.pdf")
    report, signals, period = _report(request)
    lang = lang_of(request)
    pdf = exports.reconciliation_pdf(
        report, signals, period, lang, i18n.when(iso(_now(request)), lang), who.display_name
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="rekonsiliasi-{period or "semua"}.pdf"'
        },
    )


# --- staff and audit --------------------------------------------------------------------------


def _staff_page(
    request: Request, who: StaffIdentity, status: int = 200, **extra: Any
) -> HTMLResponse:
    actions.need(who, "administer")
    with actions.reading(_central(request)) as s:
        rows = [
            (a.username, a.display_name, a.role, a.active, a.locked_until)
            for a in staff.list_staff(s)
        ]
        tokens = staff.list_tokens(s)
    context: dict[str, Any] = {"message": "", "error": "", "token": None}
    context.update(extra)
    return render(
        request,
        who,
        "staff.html",
        nav="staff",
        rows=rows,
        tokens=tokens,
        status=status,
        **context,
    )


@router.get("/staff")
def staff_page(request: Request, who: StaffDep) -> Response:
    return _staff_page(request, who)


@router.post("/staff")
def staff_add(
    request: Request,
    who: StaffDep,
    username: Annotated[str, Form(max_length=80)] = "",
    name: Annotated[str, Form(max_length=80)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=400)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    try:
        actions.add_staff(_central(request), actor(request, who), username, name, role, password)
    except Refused as exc:
        return _staff_page(request, who, exc.status, error=refused_text(request, exc))
    return _staff_page(request, who, message=i18n.text("done", lang_of(request)))


@router.post("/staff/{username}/disable")
def staff_disable(
    request: Request,
    who: StaffDep,
    username: str,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    try:
        actions.disable_staff(_central(request), actor(request, who), username)
    except Refused as exc:
        text = (
            i18n.text("staff.last_admin", lang_of(request))
            if exc.code == "staff.last_admin"
            else refused_text(request, exc)
        )
        return _staff_page(request, who, exc.status, error=text)
    return _staff_page(request, who, message=i18n.text("done", lang_of(request)))


@router.post("/staff/{username}/token")
def staff_token(
    request: Request,
    who: StaffDep,
    username: str,
    label: Annotated[str, Form(max_length=80)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    try:
        token = actions.new_api_token(_central(request), actor(request, who), username, label)
    except Refused as exc:
        return _staff_page(request, who, exc.status, error=refused_text(request, exc))
    return _staff_page(request, who, token=(username, token))


@router.post("/tokens/{token_id}/revoke")
def token_revoke(
    request: Request,
    who: StaffDep,
    token_id: int,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, who, csrf_token, "administer")
    try:
        actions.revoke_api_token(_central(request), actor(request, who), token_id)
    except Refused as exc:
        return _staff_page(request, who, exc.status, error=refused_text(request, exc))
    return _staff_page(request, who, message=i18n.text("done", lang_of(request)))


@router.get("/audit")
def audit(request: Request, who: StaffDep) -> Response:
    if who.role not in ("admin", "auditor"):
        actions.need(who, "audit")
    user = request.query_params.get("user") or None
    with actions.reading(_central(request)) as s:
        rows = staff.audit_log(s, username=user, limit=300)
    return render(request, who, "audit.html", nav="audit", rows=rows, user=user or "")


# --- installation -----------------------------------------------------------------------------


def install(app: FastAPI) -> None:
    from ewarong_pos.central.console.api import router as api_router

    app.state.pending_rosters = office.PendingRosters()
    app.include_router(router)
    app.include_router(api_router)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")

    @app.get("/", include_in_schema=False)
    def _root() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=303)

    json_refusal = app.exception_handlers.get(Refused)

    @app.exception_handler(Refused)
    async def _on_refused(request: Request, exc: Refused) -> Response:
        # a page answers with a page; the API (and the outlets' sync) with JSON as before
        if request.url.path.startswith("/console") or json_refusal is None:
            return render(
                request,
                identity_or_none(request),
                "error.html",
                status=exc.status,
                message=refused_text(request, exc),
            )
        answer = json_refusal(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    @app.exception_handler(SignInNeeded)
    async def _on_signin(request: Request, _exc: SignInNeeded) -> Response:
        return RedirectResponse("/console/signin", status_code=303)

    @app.exception_handler(PageRefused)
    async def _on_page_refused(request: Request, exc: PageRefused) -> Response:
        return render(
            request, identity_or_none(request), "error.html", status=exc.status, message=exc.message
        )

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        if request.url.path.startswith(("/console", "/api/v1/admin")):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response


def identity_or_none(request: Request) -> StaffIdentity | None:
    try:
        return identity(request)
    except Exception:  # an error page must render even when the database does not answer
        return None
