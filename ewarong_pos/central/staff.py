"""Office staff: accounts (admin, operator, auditor), sign-in with lockout, server-side
sessions, API tokens and the audit log of every staff action.

Used by the console and the admin API (`central.console`) and by `ewarong central staff`.
Every function takes a Session inside the caller's transaction and never commits, like
`central.admin`. Passwords are hashed with argon2id (argon2-cffi) and dropped; session and
API tokens are random and kept only as SHA-256 hashes, so a copy of the database opens
no session. Nothing here logs a password or a token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import Staff, StaffAudit, StaffSession, StaffToken
from ewarong_pos.core.dates import iso, parse_iso

log = logging.getLogger(__name__)

ROLES = ("admin", "operator", "auditor")
# What each role may do: admin (accounts, outlets, revocation) also operates; an operator
# changes the roster, vouchers, products and disputes; an auditor reads and exports only.
CAN = {
    "admin": frozenset({"read", "operate", "administer"}),
    "operator": frozenset({"read", "operate"}),
    "auditor": frozenset({"read"}),
}
MIN_PASSWORD = 10
MAX_PASSWORD = 200
LOCK_AFTER = 5  # failed sign-ins in a row ...
LOCK_MINUTES = 15  # ... lock the account this long
# One client address (whatever accounts it tries, known or not) gets this many failed
# sign-ins within the window; then it waits until the oldest of them leaves the window.
ADDRESS_FAILURES = 10
ADDRESS_WINDOW_MINUTES = 15
IDLE_MINUTES = 30  # a session unused this long is closed
MAX_SESSION_HOURS = 12  # and none lives longer than a working day
TOKEN_PREFIX = "ews_"  # staff API tokens, told apart from device tokens at a glance


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # An unknown user name costs the same time as a wrong password (no user enumeration).
    return _hasher().hash(secrets.token_hex(16))


def _digest(token: str) -> str:
    return hashlib.sha256(("staff:" + token).encode()).hexdigest()


@dataclass(frozen=True)
class StaffIdentity:
    """Who is asking (a frozen copy, no ORM object leaves the transaction)."""

    id: int
    username: str
    display_name: str
    role: str
    csrf: str = ""  # the session's CSRF token ('' for an API token)
    via: str = "session"  # 'session' or 'token'
    fresh: bool = True  # False: the session's last-seen time is due to be written

    def can(self, what: str) -> bool:
        return what in CAN.get(self.role, frozenset())


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username).strip().lower()


def check_password(password: str) -> None:
    if not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise Refused(
            422,
            "staff.password",
            f"the password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters",
            min=MIN_PASSWORD,
        )


def add_staff(
    session: Session,
    username: str,
    display_name: str,
    role: str,
    password: str,
    now: dt.datetime,
) -> Staff:
    """Create a staff account, or reset an existing one's role, name and password."""
    name = normalise_username(username)
    if not name or len(name) > 40 or not all(c.isalnum() or c in "._-" for c in name):
        raise Refused(422, "staff.username", "user names are letters, digits, '.', '_', '-'")
    if role not in ROLES:
        raise Refused(422, "staff.role", f"unknown role {role}")
    check_password(password)
    staff = session.scalars(select(Staff).where(Staff.username == name)).one_or_none()
    password_hash = _hasher().hash(password)
    if staff is None:
        staff = Staff(
            username=name,
            display_name=(display_name or name)[:80],
            role=role,
            password_hash=password_hash,
            active=True,
            failed_signins=0,
            created_at=iso(now),
        )
        session.add(staff)
    else:
        staff.display_name = (display_name or staff.display_name)[:80]
        staff.role, staff.password_hash, staff.active = role, password_hash, True
        staff.failed_signins, staff.locked_until = 0, None
        # a new password ends every open session of the account
        session.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
    session.flush()
    return staff


def set_active(session: Session, username: str, active: bool) -> None:
    staff = session.scalars(
        select(Staff).where(Staff.username == normalise_username(username))
    ).one_or_none()
    if staff is None:
        raise Refused(404, "staff.unknown", f"no staff account {username}")
    staff.active = active
    if not active:
        session.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))
        for token in session.scalars(select(StaffToken).where(StaffToken.staff_id == staff.id)):
            token.revoked_at = token.revoked_at or "disabled"
    session.flush()


def list_staff(session: Session) -> list[Staff]:
    return list(session.scalars(select(Staff).order_by(Staff.username)))


def count_admins(session: Session) -> int:
    return len(session.scalars(select(Staff.id).where(Staff.role == "admin", Staff.active)).all())


def check_address(session: Session, ip: str, now: dt.datetime) -> None:
    """Refuse (429 'staff.throttled', with `until`) a client address that had ADDRESS_FAILURES
    failed sign-ins within the last ADDRESS_WINDOW_MINUTES.

    The failures are the audit log's own sign-in rows (wrong password, unknown or locked
    account), so nothing new is stored and a restart forgets nothing. Throttled attempts do
    not count (the wait never grows while refused) and never reach an account: an address
    cannot keep accounts locked faster than this, nor try user names by the thousand.
    """
    if not ip:
        return
    window = dt.timedelta(minutes=ADDRESS_WINDOW_MINUTES)
    recent = session.scalars(
        select(StaffAudit.at)
        .where(
            StaffAudit.at > iso(now - window),
            StaffAudit.action == "signin",
            StaffAudit.ip == ip[:64],
            StaffAudit.ok.is_(False),
            StaffAudit.detail.in_(("staff.signin", "staff.locked")),
        )
        .order_by(StaffAudit.at.desc())
        .limit(ADDRESS_FAILURES)
    ).all()
    if len(recent) >= ADDRESS_FAILURES:
        until = iso(parse_iso(recent[-1]) + window)
        log.warning("sign-ins from %s refused until %s after failed sign-ins", ip, until)
        raise Refused(
            429, "staff.throttled", "too many failed sign-ins from this address", until=until
        )


def authenticate(
    session: Session, username: str, password: str, now: dt.datetime, ip: str = ""
) -> StaffIdentity:
    """The staff member for a user name and password, or a refusal (401; 423 when locked;
    429 when the client address `ip` is throttled, see `check_address`).

    After LOCK_AFTER wrong passwords in a row the account is locked for LOCK_MINUTES, even
    for the right password; the caller commits the failure count whatever the outcome and
    audits the attempt as action 'signin' with the refusal's code as detail and the address.
    """
    check_address(session, ip, now)
    name = normalise_username(username)
    staff = session.scalars(
        select(Staff).where(Staff.username == name).with_for_update()
    ).one_or_none()
    if staff is None or not staff.active:
        try:
            _hasher().verify(_dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            pass
        raise Refused(401, "staff.signin", "wrong user name or password")
    if staff.locked_until and parse_iso(staff.locked_until) > now:
        raise Refused(423, "staff.locked", "too many failed sign-ins", until=staff.locked_until)
    try:
        _hasher().verify(staff.password_hash, password)
    except (VerificationError, InvalidHashError):
        staff.failed_signins += 1
        if staff.failed_signins >= LOCK_AFTER:
            staff.locked_until = iso(now + dt.timedelta(minutes=LOCK_MINUTES))
            staff.failed_signins = 0
            session.flush()
            log.warning("staff account %s locked after failed sign-ins", staff.username)
            raise Refused(
                423, "staff.locked", "too many failed sign-ins", until=staff.locked_until
            ) from None
        session.flush()
        raise Refused(401, "staff.signin", "wrong user name or password") from None
    if _hasher().check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher().hash(password)
    staff.failed_signins, staff.locked_until = 0, None
    session.flush()
    return StaffIdentity(staff.id, staff.username, staff.display_name, staff.role)


def open_session(
    session: Session, who: StaffIdentity, now: dt.datetime, ip: str = ""
) -> tuple[str, StaffIdentity]:
    """A new session for `who`: the cookie token (shown once) and the identity with CSRF."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    stamp = iso(now)
    # sessions left idle (never signed out) are dropped here
    session.execute(
        delete(StaffSession).where(
            StaffSession.last_seen_at < iso(now - dt.timedelta(minutes=IDLE_MINUTES))
        )
    )
    session.add(
        StaffSession(
            token_hash=_digest(token),
            staff_id=who.id,
            csrf=csrf,
            created_at=stamp,
            last_seen_at=stamp,
            ip=ip[:64],
        )
    )
    session.flush()
    return token, StaffIdentity(who.id, who.username, who.display_name, who.role, csrf)


def session_identity(
    session: Session, token: str, now: dt.datetime, *, write: bool = True
) -> StaffIdentity | None:
    """The staff member of a live session cookie, or None (unknown, idle, too old, disabled).

    `last_seen_at` is written at most once a minute, so reading pages stays read-mostly:
    with `write=False` nothing is written and an identity whose last-seen time is due
    comes back with `fresh=False` (the caller asks again in a write transaction).
    """
    if not token or len(token) > 200:
        return None
    row = session.execute(
        select(StaffSession, Staff)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == _digest(token))
    ).one_or_none()
    if row is None:
        return None
    live, staff = row
    if (
        not staff.active
        or parse_iso(live.last_seen_at) + dt.timedelta(minutes=IDLE_MINUTES) < now
        or parse_iso(live.created_at) + dt.timedelta(hours=MAX_SESSION_HOURS) < now
    ):
        if write:
            session.delete(live)
            session.flush()
        return None
    due = parse_iso(live.last_seen_at) + dt.timedelta(minutes=1) < now
    if due and write:
        live.last_seen_at = iso(now)
        session.flush()
    return StaffIdentity(
        staff.id,
        staff.username,
        staff.display_name,
        staff.role,
        live.csrf,
        fresh=write or not due,
    )


def close_session(session: Session, token: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))
    session.flush()


def new_api_token(session: Session, username: str, label: str, now: dt.datetime) -> str:
    """A staff API token for scripts; it acts with the account's role. Shown once."""
    staff = session.scalars(
        select(Staff).where(Staff.username == normalise_username(username))
    ).one_or_none()
    if staff is None or not staff.active:
        raise Refused(404, "staff.unknown", f"no active staff account {username}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        StaffToken(
            token_hash=_digest(token), staff_id=staff.id, label=label[:80], created_at=iso(now)
        )
    )
    session.flush()
    return token


def list_tokens(session: Session) -> list[tuple[int, str, str, str, str | None]]:
    """(id, user name, label, created at, revoked at) of every staff API token."""
    return [
        (t.id, username, t.label, t.created_at, t.revoked_at)
        for t, username in session.execute(
            select(StaffToken, Staff.username)
            .join(Staff, Staff.id == StaffToken.staff_id)
            .order_by(StaffToken.id.desc())
        )
    ]


def revoke_token(session: Session, token_id: int, now: dt.datetime) -> str:
    """Refuse a staff API token from now on; returns its owner's user name."""
    row = session.execute(
        select(StaffToken, Staff.username)
        .join(Staff, Staff.id == StaffToken.staff_id)
        .where(StaffToken.id == token_id)
    ).one_or_none()
    if row is None:
        raise Refused(404, "staff.token_unknown", f"no staff API token {token_id}")
    token, username = row
    token.revoked_at = token.revoked_at or iso(now)
    session.flush()
    return str(username)


def token_identity(session: Session, token: str) -> StaffIdentity | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.execute(
        select(StaffToken, Staff)
        .join(Staff, Staff.id == StaffToken.staff_id)
        .where(StaffToken.token_hash == _digest(token))
    ).one_or_none()
    if row is None:
        return None
    api_token, staff = row
    if api_token.revoked_at or not staff.active:
        return None
    return StaffIdentity(staff.id, staff.username, staff.display_name, staff.role, via="token")


def audit(
    session: Session,
    username: str,
    action: str,
    now: dt.datetime,
    *,
    target: str = "",
    detail: str = "",
    ip: str = "",
    ok: bool = True,
) -> None:
    """Record a staff action (in the caller's transaction: it commits with the action)."""
    session.add(
        StaffAudit(
            at=iso(now),
            username=username[:40],
            action=action[:60],
            target=target[:120],
            detail=detail[:500],
            ip=ip[:64],
            ok=ok,
        )
    )
    session.flush()


def audit_log(
    session: Session, *, limit: int = 200, username: str | None = None, action: str | None = None
) -> list[StaffAudit]:
    query = select(StaffAudit).order_by(StaffAudit.id.desc()).limit(limit)
    if username:
        query = query.where(StaffAudit.username == normalise_username(username))
    if action:
        query = query.where(StaffAudit.action == action)
    return list(session.scalars(query))
