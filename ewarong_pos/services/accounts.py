"""Accounts of the till: cashier (kasir), manager (pengelola), supervisor (pendamping).

PINs are 4-8 digits and are kept only as argon2id hashes. Five wrong PINs in a row lock
the account for five minutes (`ctx.clock` time), a right PIN resets the count. Every
login, failure, lockout and approval is written to the audit log, never the PIN.

A failed attempt must survive the refusal, so `authenticate` records it in its own
transaction and raises only after that commits. `check_pin` works inside the caller's
transaction (a manager approving a void): it records failures in that session, so a caller
that wants them kept must commit before raising (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core.dates import WIB, iso, parse_iso, utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.journal import canonical
from ewarong_pos.db.models import Account, AuditLog
from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

ROLES = ("cashier", "manager", "supervisor")
PIN_MIN, PIN_MAX = 4, 8
MAX_FAILURES = 5
LOCK_MINUTES = 5
DISPLAY_NAME_LIMIT = 80
_USERNAME = re.compile(r"[a-z0-9._-]{2,40}")

# argon2id at the OWASP minimum (19 MiB, 2 passes): a counter PC answers in a few tens
# of milliseconds. A 4-8 digit PIN cannot resist an offline search whatever the cost;
# the lockout guards the till, the device's disk protection guards the file.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verified against for unknown users so a wrong user name costs as long as a wrong
    PIN; made on first use, not at import (an argon2 hash would delay the app's start)."""
    return _HASHER.hash("00000000")


@dataclass(frozen=True)
class AccountInfo:
    id: int
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class AccountStatus:
    """An account as the manager's account list shows it."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: str | None  # ISO UTC while locked, else None
    failed_attempts: int
    created_at: str


def _info(account: Account) -> AccountInfo:
    return AccountInfo(account.id, account.username, account.display_name, account.role)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_pin_format(pin: str) -> None:
    """Refuse anything but 4-8 ASCII digits ('auth.pin_format')."""
    if not (
        isinstance(pin, str) and pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX
    ):
        raise DomainError("auth.pin_format", min=PIN_MIN, max=PIN_MAX)


def hash_pin(pin: str) -> str:
    check_pin_format(pin)
    return _HASHER.hash(pin)


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def audit(
    session: Session,
    at: str,
    action: str,
    *,
    account_id: int | None = None,
    family_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add one audit row in the caller's transaction (never a PIN, NIK or card number)."""
    session.add(
        AuditLog(
            at=at,
            account_id=account_id,
            action=action,
            family_id=family_id,
            detail=canonical(detail or {}),
        )
    )


def _loggable(name: str) -> str:
    """The typed user name as the audit log may keep it: a PIN, NIK or card number typed
    into the wrong field (four digits or more in a row, or six or more in all, as in a NIK
    typed in groups) is never kept."""
    digits = sum(ch.isdigit() for ch in name)
    if _USERNAME.fullmatch(name) and not re.search(r"\d{4}", name) and digits < 6:
        return name
    return "?"


def _locked(account: Account, now: dt.datetime) -> bool:
    return account.locked_until is not None and parse_iso(account.locked_until) > now


def _locked_error(account: Account, now: dt.datetime) -> DomainError:
    until = parse_iso(account.locked_until or iso(now))
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return DomainError(
        "auth.locked",
        username=account.username,
        until=f"{until.astimezone(WIB):%H:%M}",
        minutes=minutes,
        attempts=MAX_FAILURES,
    )


def _attempt(
    session: Session, username: str, pin: str, now: dt.datetime, action: str
) -> tuple[Account | None, DomainError | None]:
    """Check a PIN and do the bookkeeping in `session`; never raises a refusal.

    Returns the account and None on success, or the refusal to raise once the
    bookkeeping (failure count, lockout, audit row) is safely written.
    """
    at = iso(now)
    name = normalise_username(username)
    account = session.scalar(select(Account).where(Account.username == name))
    if account is None:
        _verify(_dummy_hash(), pin if isinstance(pin, str) else "")
        audit(session, at, f"{action}.unknown", detail={"username": _loggable(name)})
        return None, DomainError("auth.unknown", username=_loggable(name))
    if not account.active:
        audit(session, at, f"{action}.inactive", account_id=account.id)
        return account, DomainError("auth.inactive", username=account.username)
    if _locked(account, now):
        audit(session, at, f"{action}.refused_locked", account_id=account.id)
        return account, _locked_error(account, now)
    if account.locked_until is not None:
        # The lock has run out: a fresh series of attempts starts.
        account.locked_until = None
        account.failed_attempts = 0
    well_formed = isinstance(pin, str) and pin.isascii() and pin.isdigit()
    if well_formed and _verify(account.pin_hash, pin):
        # No rehash to this module's parameters: accounts are reference data from the
        # central office (its own argon2id cost), and the central office wins on sync.
        account.failed_attempts = 0
        audit(session, at, action, account_id=account.id)
        return account, None
    account.failed_attempts = (account.failed_attempts or 0) + 1
    if account.failed_attempts >= MAX_FAILURES:
        account.locked_until = iso(now + dt.timedelta(minutes=LOCK_MINUTES))
        audit(
            session,
            at,
            f"{action}.lockout",
            account_id=account.id,
            detail={"failures": account.failed_attempts, "until": account.locked_until},
        )
        log.warning("account %s locked after %d wrong PINs", account.username, MAX_FAILURES)
        return account, _locked_error(account, now)
    audit(
        session,
        at,
        f"{action}.failed",
        account_id=account.id,
        detail={"failures": account.failed_attempts},
    )
    return account, DomainError("auth.wrong_pin", remaining=MAX_FAILURES - account.failed_attempts)


def create_account(
    ctx: Context, username: str, display_name: str, role: str, pin: str
) -> AccountInfo:
    """Add an account ('auth.username_format', 'auth.username_taken', 'auth.bad_role', ...)."""
    name = normalise_username(username)
    if not _USERNAME.fullmatch(name):
        raise DomainError("auth.username_format")
    shown = display_name.strip()
    if not shown or len(shown) > DISPLAY_NAME_LIMIT:
        raise DomainError("auth.display_name", limit=DISPLAY_NAME_LIMIT)
    if role not in ROLES:
        raise DomainError("auth.bad_role", role=role)
    pin_hash = hash_pin(pin)
    now = ctx.now_iso()
    with ctx.db.write() as s:
        if s.scalar(select(Account.id).where(Account.username == name)) is not None:
            raise DomainError("auth.username_taken", username=name)
        account = Account(
            username=name,
            display_name=shown,
            role=role,
            pin_hash=pin_hash,
            active=True,
            failed_attempts=0,
            locked_until=None,
            created_at=now,
        )
        s.add(account)
        s.flush()
        audit(s, now, "account.create", account_id=account.id, detail={"role": role})
        return _info(account)


def authenticate(ctx: Context, username: str, pin: str) -> AccountInfo:
    """Log in: the account, or 'auth.unknown' / 'auth.wrong_pin' / 'auth.locked' /
    'auth.inactive'. The failure count and audit row are committed before raising."""
    with ctx.db.write() as s:
        account, error = _attempt(s, username, pin, ctx.now(), "auth.login")
        info = _info(account) if account is not None else None
    if error is not None:
        raise error
    assert info is not None
    return info


def check_pin(
    session: Session,
    username: str,
    pin: str,
    roles: Iterable[str],
    *,
    now: dt.datetime | None = None,
) -> Account:
    """Approve an act inside the caller's transaction: the account if the PIN is right and
    its role is one of `roles`, else a DomainError ('auth.unknown', 'auth.wrong_pin',
    'auth.locked', 'auth.inactive', 'auth.not_allowed').

    Pass `now=ctx.now()` so the lockout follows the context's clock. The failure count and
    audit row are added to `session`: a caller that raises and rolls back loses them, so
    to keep the lockout effective catch the DomainError, let the block commit, then raise.
    A wrong role is refused before the PIN is checked and does not count as a failure.
    """
    allowed = tuple(roles)
    moment = now or utcnow()
    name = normalise_username(username)
    account = session.scalar(select(Account).where(Account.username == name))
    if account is not None and account.role not in allowed:
        audit(
            session,
            iso(moment),
            "auth.approval.not_allowed",
            account_id=account.id,
            detail={"roles": list(allowed)},
        )
        raise DomainError("auth.not_allowed", username=account.username, roles=", ".join(allowed))
    found, error = _attempt(session, username, pin, moment, "auth.approval")
    session.flush()
    if error is not None:
        raise error
    assert found is not None
    return found


def verify_approval(ctx: Context, username: str, pin: str, roles: Iterable[str]) -> AccountInfo:
    """`check_pin` in its own transaction, so failures are kept even when refused."""
    allowed = tuple(roles)
    error: DomainError | None = None
    with ctx.db.write() as s:
        try:
            account = check_pin(s, username, pin, allowed, now=ctx.now())
            info: AccountInfo | None = _info(account)
        except DomainError as exc:
            error, info = exc, None
    if error is not None:
        raise error
    assert info is not None
    return info


def change_pin(ctx: Context, username: str, current_pin: str, new_pin: str) -> AccountInfo:
    """Change one's own PIN; the current PIN is checked like a login (counts failures)."""
    check_pin_format(new_pin)
    if new_pin == current_pin:
        raise DomainError("auth.pin_same")
    new_hash = _HASHER.hash(new_pin)
    with ctx.db.write() as s:
        account, error = _attempt(s, username, current_pin, ctx.now(), "account.pin_change")
        if error is None and account is not None:
            account.pin_hash = new_hash
        info = _info(account) if account is not None else None
    if error is not None:
        raise error
    assert info is not None
    return info


def _manager(session: Session, actor_id: int) -> Account:
    actor = session.get(Account, actor_id)
    if actor is None or not actor.active:
        raise DomainError("auth.actor_unknown", actor_id=actor_id)
    if actor.role != "manager":
        raise DomainError("auth.not_allowed", username=actor.username, roles="manager")
    return actor


def reset_pin(ctx: Context, actor_id: int, username: str, new_pin: str) -> AccountInfo:
    """A manager sets someone's PIN (forgotten PIN); also lifts a lockout."""
    new_hash = hash_pin(new_pin)
    now = ctx.now_iso()
    with ctx.db.write() as s:
        _manager(s, actor_id)
        name = normalise_username(username)
        account = s.scalar(select(Account).where(Account.username == name))
        if account is None:
            raise DomainError("auth.unknown", username=name)
        account.pin_hash = new_hash
        account.failed_attempts = 0
        account.locked_until = None
        audit(s, now, "account.pin_reset", account_id=actor_id, detail={"target": account.id})
        return _info(account)


def set_active(ctx: Context, actor_id: int, username: str, active: bool) -> AccountInfo:
    """A manager enables or disables an account (never deleted: facts point to it)."""
    now = ctx.now_iso()
    with ctx.db.write() as s:
        _manager(s, actor_id)
        name = normalise_username(username)
        account = s.scalar(select(Account).where(Account.username == name))
        if account is None:
            raise DomainError("auth.unknown", username=name)
        account.active = bool(active)
        audit(
            s,
            now,
            "account.activate" if active else "account.deactivate",
            account_id=actor_id,
            detail={"target": account.id},
        )
        return _info(account)


def list_accounts(ctx: Context, *, include_inactive: bool = True) -> list[AccountStatus]:
    """Every account, by role then user name, with its lock state at `ctx.now()`."""
    now = ctx.now()
    with ctx.db.read() as s:
        query = select(Account).order_by(Account.role, Account.username)
        if not include_inactive:
            query = query.where(Account.active.is_(True))
        return [
            AccountStatus(
                id=a.id,
                username=a.username,
                display_name=a.display_name,
                role=a.role,
                active=bool(a.active),
                locked_until=a.locked_until if _locked(a, now) else None,
                failed_attempts=a.failed_attempts or 0,
                created_at=a.created_at,
            )
            for a in s.scalars(query)
        ]


def get_account(ctx: Context, account_id: int) -> AccountInfo:
    with ctx.db.read() as s:
        account = s.get(Account, account_id)
        if account is None:
            raise DomainError("auth.actor_unknown", actor_id=account_id)
        return _info(account)
