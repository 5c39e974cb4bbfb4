"""Staff actions: the role check, the change through the CLI's own service function, and the
audit row, in one transaction. The pages and the admin API both call these, so a change
made either way is checked and audited the same way. A refused action is audited too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ewarong_pos.central import admin, staff
from ewarong_pos.central.console import office
from ewarong_pos.central.core.db import CentralDB, read_only
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.staff import StaffIdentity
from ewarong_pos.protocol.schemas import WireProduct

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who acts, from where, at what time (the audit row's who / from where / when)."""

    who: StaffIdentity
    ip: str
    now: dt.datetime


def need(who: StaffIdentity, what: str) -> None:
    if not who.can(what):
        raise Refused(403, "staff.role", f"the role {who.role} may not {what}", role=who.role)


def permit(central: CentralDB, actor: Actor, what: str, action: str, target: str) -> None:
    """The role check alone, with the refusal audited (the action audits itself)."""
    try:
        need(actor.who, what)
    except Refused as exc:
        with central.session() as s, s.begin():
            staff.audit(
                s,
                actor.who.username,
                action,
                actor.now,
                target=target,
                detail=f"{exc.code}: {exc.detail}",
                ip=actor.ip,
                ok=False,
            )
        raise


@contextmanager
def reading(central: CentralDB) -> Iterator[Session]:
    with central.session() as s, s.begin():
        read_only(s)
        yield s


def act(
    central: CentralDB,
    actor: Actor,
    what: str,
    action: str,
    target: str,
    change: Callable[[Session], T],
    detail: Callable[[T], str] = lambda _r: "",
) -> T:
    """Check the role, run `change`, audit it; a refusal is audited as failed, re-raised."""
    try:
        need(actor.who, what)
        with central.session() as s, s.begin():
            result = change(s)
            staff.audit(
                s,
                actor.who.username,
                action,
                actor.now,
                target=target,
                detail=detail(result),
                ip=actor.ip,
            )
        return result
    except Refused as exc:
        with central.session() as s, s.begin():
            staff.audit(
                s,
                actor.who.username,
                action,
                actor.now,
                target=target,
                detail=f"{exc.code}: {exc.detail}",
                ip=actor.ip,
                ok=False,
            )
        raise


# --- outlets --------------------------------------------------------------------------------


def register_outlet(
    central: CentralDB,
    actor: Actor,
    code: str,
    name: str,
    *,
    price_zone: int | None = None,
    identity: dict[str, str] | None = None,
) -> str:
    """Register (or update) an outlet with its identity (`admin.OUTLET_FIELDS`, which a new
    outlet PC copies) and return a one-time enrollment code."""
    code, name = code.strip(), name.strip()
    given: dict[str, Any] = {
        k: v.strip()[:200]
        for k, v in (identity or {}).items()
        if k in admin.OUTLET_FIELDS and v.strip()
    }
    if not code or len(code) > 32 or not all(c.isalnum() or c in "-_." for c in code):
        raise Refused(422, "outlet.code", "outlet codes are letters, digits, '-', '_', '.'")
    if not name or len(name) > 120:
        raise Refused(422, "outlet.name", "the outlet needs a name (up to 120 characters)")
    return act(
        central,
        actor,
        "administer",
        "outlet.register",
        code,
        lambda s: admin.register_outlet(s, code, name, actor.now, price_zone=price_zone, **given),
        lambda _c: name,  # never the code itself: it is a credential
    )


def new_enrollment_code(central: CentralDB, actor: Actor, outlet: str) -> str:
    return act(
        central,
        actor,
        "administer",
        "outlet.enrollment_code",
        outlet,
        lambda s: admin.new_enrollment_code(s, outlet, actor.now),
    )


def revoke_device(central: CentralDB, actor: Actor, device_id: str, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise Refused(422, "revoke.reason", "say why the device is revoked")

    def change(s: Session) -> None:
        office.device_outlet(s, device_id)
        admin.revoke(s, device_id, actor.now, reason[:200])

    act(central, actor, "administer", "device.revoke", device_id, change, lambda _r: reason)


# --- roster, periods, products ------------------------------------------------------------


def check_roster(
    central: CentralDB,
    actor: Actor,
    data: bytes,
    filename: str,
    lang: str,
    accept: int | None = None,
) -> office.RosterCheck:
    permit(central, actor, "operate", "roster.check", filename[:120])
    with central.session() as s:
        checked = office.check_roster(s, data, filename, actor.now, lang, accept)
    with central.session() as s, s.begin():
        if not checked.ok:
            office.record_roster(
                s,
                filename,
                checked.sha256,
                actor.now,
                actor.who.username,
                None,
                len(checked.problems),
            )
        staff.audit(
            s,
            actor.who.username,
            "roster.check",
            actor.now,
            target=filename[:120],
            detail=f"sha256 {checked.sha256[:16]}, {len(checked.problems)} problems",
            ip=actor.ip,
            ok=checked.ok,
        )
    return checked


def apply_roster(
    central: CentralDB, actor: Actor, data: bytes, filename: str, accept: int | None = None
) -> admin.RosterResult:
    confirmed = f", {accept} identifier changes confirmed" if accept else ""
    return act(
        central,
        actor,
        "operate",
        "roster.apply",
        filename[:120],
        lambda s: office.apply_roster(s, data, filename, actor.now, actor.who.username, accept),
        lambda r: f"{r.families} families, {r.vouchers} vouchers, {r.moved} moved{confirmed}",
    )


def issue_vouchers(
    central: CentralDB,
    actor: Actor,
    period: str,
    amount: int,
    categories: list[str],
    valid_from: dt.date,
    valid_until: dt.date,
) -> int:
    import re

    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", period):
        raise Refused(422, "period.code", "the period must be YYYY-MM")
    if not categories:
        raise Refused(422, "period.categories", "name at least one eligible category")
    return act(
        central,
        actor,
        "operate",
        "vouchers.issue",
        period,
        lambda s: admin.issue_vouchers(
            s, period, amount, categories, valid_from, valid_until, actor.now
        ),
        lambda n: f"{n} vouchers of {amount} ({','.join(categories)})",
    )


def set_products(central: CentralDB, actor: Actor, data: bytes, filename: str) -> int:
    """A products CSV, every row checked before anything is written (`admin.set_products`,
    as `ewarong central products set FILE`)."""
    import tempfile
    from pathlib import Path

    permit(central, actor, "operate", "products.set", filename[:120])
    with tempfile.TemporaryDirectory(prefix="ewarong-products-") as folder:
        path = Path(folder) / "products.csv"
        path.write_bytes(data)
        return act(
            central,
            actor,
            "operate",
            "products.set",
            filename[:120],
            lambda s: admin.set_products(s, path, actor.now, by=actor.who.username),
            lambda n: f"{n} products",
        )


def set_price(
    central: CentralDB, actor: Actor, sku: str, price: int, ceiling: int | None
) -> WireProduct:
    return act(
        central,
        actor,
        "operate",
        "product.price",
        sku,
        lambda s: admin.set_price(
            s,
            sku,
            actor.now,
            price=price,
            ceiling=ceiling,
            clear_ceiling=ceiling is None,
            by=actor.who.username,
        ),
        lambda p: f"price {p.price}, ceiling {p.ceiling}",
    )


# --- families, disputes -----------------------------------------------------------------------


def search_families(central: CentralDB, actor: Actor, query: str) -> list[office.FamilyRow]:
    """A family look-up is an auditable act (DOMAIN.md): audited with the kind of search
    and the number of results, never the typed identifier."""
    need(actor.who, "read")
    with central.session() as s, s.begin():
        rows = office.search_families(s, query)
        kind = office.search_kind(query)
        shown = "(identifier)" if kind == "identifier" else query[:80]
        staff.audit(
            s,
            actor.who.username,
            "family.search",
            actor.now,
            target=shown,
            detail=f"{len(rows)} found",
            ip=actor.ip,
        )
    return rows


def family_detail(central: CentralDB, actor: Actor, dtks_id: str) -> office.FamilyDetail:
    need(actor.who, "read")
    with central.session() as s, s.begin():
        detail = office.family_detail(s, dtks_id)
        staff.audit(s, actor.who.username, "family.view", actor.now, target=dtks_id, ip=actor.ip)
    return detail


def resolve_dispute(central: CentralDB, actor: Actor, dispute_id: int, note: str) -> None:
    act(
        central,
        actor,
        "operate",
        "dispute.resolve",
        str(dispute_id),
        lambda s: office.resolve_dispute(s, dispute_id, note, actor.who.username, actor.now),
        lambda _r: note[:200],
    )


def exported(central: CentralDB, actor: Actor, what: str) -> None:
    """An export (CSV/PDF) is audited: it takes data out of the office."""
    need(actor.who, "read")
    with central.session() as s, s.begin():
        staff.audit(s, actor.who.username, "export", actor.now, target=what, ip=actor.ip)


# --- staff ----------------------------------------------------------------------------------


def add_staff(
    central: CentralDB, actor: Actor, username: str, name: str, role: str, password: str
) -> None:
    act(
        central,
        actor,
        "administer",
        "staff.add",
        username,
        lambda s: staff.add_staff(s, username, name, role, password, actor.now),
        lambda _r: role,
    )


def disable_staff(central: CentralDB, actor: Actor, username: str) -> None:
    def change(s: Session) -> None:
        target = staff.normalise_username(username)
        accounts = {a.username: a for a in staff.list_staff(s)}
        account = accounts.get(target)
        if account is not None and account.role == "admin" and staff.count_admins(s) <= 1:
            raise Refused(409, "staff.last_admin", "the last active admin cannot be disabled")
        staff.set_active(s, target, False)

    act(central, actor, "administer", "staff.disable", username, change)


def new_api_token(central: CentralDB, actor: Actor, username: str, label: str) -> str:
    return act(
        central,
        actor,
        "administer",
        "staff.token",
        username,
        lambda s: staff.new_api_token(s, username, label, actor.now),
        lambda _t: label,
    )


def revoke_api_token(central: CentralDB, actor: Actor, token_id: int) -> str:
    return act(
        central,
        actor,
        "administer",
        "staff.token_revoke",
        str(token_id),
        lambda s: staff.revoke_token(s, token_id, actor.now),
        lambda owner: owner,
    )
