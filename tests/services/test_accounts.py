"""Accounts: roles, argon2id PINs, lockout with the fake clock, audit rows, approvals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.messages import MESSAGES, render
from ewarong_pos.db.models import Account, AuditLog
from ewarong_pos.services import accounts
from ewarong_pos.services.accounts import (
    authenticate,
    change_pin,
    check_pin,
    create_account,
    list_accounts,
    reset_pin,
    set_active,
    verify_approval,
)


def _code(excinfo: pytest.ExceptionInfo[DomainError]) -> str:
    return excinfo.value.code


class _Row:
    def __init__(self, row: AuditLog) -> None:
        self.action, self.detail, self.account_id = row.action, row.detail, row.account_id


def _audit(ctx) -> list[_Row]:
    with ctx.db.read() as s:
        return [_Row(r) for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_create_and_authenticate(ctx):
    info = create_account(ctx, " Ani ", "Ani Kasir", "cashier", "1234")
    assert info.username == "ani" and info.role == "cashier"
    assert authenticate(ctx, "ANI", "1234") == info
    with ctx.db.read() as s:
        row = s.get(Account, info.id)
        assert row.pin_hash.startswith("$argon2id$")
        assert "1234" not in row.pin_hash
    actions = [a.action for a in _audit(ctx)]
    assert actions == ["account.create", "auth.login"]


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", " 1234", "12.4"])
def test_pin_format_refused(ctx, pin):
    with pytest.raises(DomainError) as exc:
        create_account(ctx, "ani", "Ani", "cashier", pin)
    assert _code(exc) == "auth.pin_format"
    assert exc.value.params == {"min": 4, "max": 8}


def test_eight_digit_pin_accepted(ctx):
    create_account(ctx, "budi", "Budi", "manager", "12345678")
    assert authenticate(ctx, "budi", "12345678").role == "manager"


@pytest.mark.parametrize(
    ("username", "display", "role", "code"),
    [
        ("a", "A", "cashier", "auth.username_format"),
        ("ani kasir", "A", "cashier", "auth.username_format"),
        ("ani", "  ", "cashier", "auth.display_name"),
        ("ani", "x" * 81, "cashier", "auth.display_name"),
        ("ani", "Ani", "owner", "auth.bad_role"),
    ],
)
def test_create_refusals(ctx, username, display, role, code):
    with pytest.raises(DomainError) as exc:
        create_account(ctx, username, display, role, "1234")
    assert _code(exc) == code


def test_username_taken(ctx):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    with pytest.raises(DomainError) as exc:
        create_account(ctx, "ANI", "Ani 2", "manager", "5678")
    assert _code(exc) == "auth.username_taken"


def test_unknown_user_is_audited_without_pin(ctx):
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "nobody", "4321")
    assert _code(exc) == "auth.unknown"
    rows = _audit(ctx)
    assert [r.action for r in rows] == ["auth.login.unknown"]
    assert "4321" not in rows[0].detail


@pytest.mark.expect_log("ewarong_pos.services.accounts", r"locked after \d+ wrong PINs")
def test_lockout_after_five_failures_and_expiry(ctx, clock):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    for remaining in (4, 3, 2, 1):
        with pytest.raises(DomainError) as exc:
            authenticate(ctx, "ani", "9999")
        assert _code(exc) == "auth.wrong_pin"
        assert exc.value.params == {"remaining": remaining}
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "ani", "9999")
    assert _code(exc) == "auth.locked"
    # 09:00 WIB + 5 minutes
    assert exc.value.params["until"] == "09:05"
    assert exc.value.params["minutes"] == 5
    # the right PIN does not open a locked account
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "ani", "1234")
    assert _code(exc) == "auth.locked"
    assert exc.value.params["minutes"] == 1
    status = {a.username: a for a in list_accounts(ctx)}["ani"]
    assert status.locked_until is not None
    clock.advance(seconds=1)
    assert authenticate(ctx, "ani", "1234").username == "ani"
    with ctx.db.read() as s:
        row = s.scalar(select(Account).where(Account.username == "ani"))
        assert row.failed_attempts == 0
        assert row.locked_until is None
    actions = [a.action for a in _audit(ctx)]
    assert actions == [
        "account.create",
        *["auth.login.failed"] * 4,
        "auth.login.lockout",
        "auth.login.refused_locked",
        "auth.login",
    ]
    assert all("9999" not in r.detail and "1234" not in r.detail for r in _audit(ctx))


def test_success_resets_the_failure_count(ctx):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    for _ in range(4):
        with pytest.raises(DomainError):
            authenticate(ctx, "ani", "0000")
    authenticate(ctx, "ani", "1234")
    for remaining in (4, 3, 2, 1):
        with pytest.raises(DomainError) as exc:
            authenticate(ctx, "ani", "0000")
        assert exc.value.params == {"remaining": remaining}


@pytest.mark.expect_log("ewarong_pos.services.accounts", r"locked after \d+ wrong PINs")
def test_expired_lock_starts_a_fresh_series(ctx, clock):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    for _ in range(5):
        with pytest.raises(DomainError):
            authenticate(ctx, "ani", "0000")
    clock.advance(minutes=6)
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "ani", "0000")
    assert _code(exc) == "auth.wrong_pin"
    assert exc.value.params == {"remaining": 4}


def test_malformed_pin_at_login_counts_as_wrong(ctx):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "ani", "12x4")
    assert _code(exc) == "auth.wrong_pin"


def test_inactive_account_refused(ctx):
    boss = create_account(ctx, "bos", "Bu Bos", "manager", "8888")
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    set_active(ctx, boss.id, "ani", False)
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "ani", "1234")
    assert _code(exc) == "auth.inactive"
    assert [a.username for a in list_accounts(ctx, include_inactive=False)] == ["bos"]
    set_active(ctx, boss.id, "ani", True)
    assert authenticate(ctx, "ani", "1234").username == "ani"


def test_only_a_manager_may_manage_accounts(ctx):
    cashier = create_account(ctx, "ani", "Ani", "cashier", "1234")
    create_account(ctx, "budi", "Budi", "cashier", "1234")
    with pytest.raises(DomainError) as exc:
        set_active(ctx, cashier.id, "budi", False)
    assert _code(exc) == "auth.not_allowed"
    with pytest.raises(DomainError) as exc:
        reset_pin(ctx, cashier.id, "budi", "5555")
    assert _code(exc) == "auth.not_allowed"
    with pytest.raises(DomainError) as exc:
        set_active(ctx, 999, "budi", False)
    assert _code(exc) == "auth.actor_unknown"


@pytest.mark.expect_log("ewarong_pos.services.accounts", r"locked after \d+ wrong PINs")
def test_reset_pin_lifts_a_lock(ctx):
    boss = create_account(ctx, "bos", "Bu Bos", "manager", "8888")
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    for _ in range(5):
        with pytest.raises(DomainError):
            authenticate(ctx, "ani", "0000")
    reset_pin(ctx, boss.id, "ani", "4567")
    assert authenticate(ctx, "ani", "4567").username == "ani"
    with pytest.raises(DomainError) as exc:
        reset_pin(ctx, boss.id, "ghost", "4567")
    assert _code(exc) == "auth.unknown"


def test_change_pin(ctx):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    with pytest.raises(DomainError) as exc:
        change_pin(ctx, "ani", "1234", "1234")
    assert _code(exc) == "auth.pin_same"
    with pytest.raises(DomainError) as exc:
        change_pin(ctx, "ani", "1234", "12")
    assert _code(exc) == "auth.pin_format"
    with pytest.raises(DomainError) as exc:
        change_pin(ctx, "ani", "9999", "5678")
    assert _code(exc) == "auth.wrong_pin"
    change_pin(ctx, "ani", "1234", "567890")
    assert authenticate(ctx, "ani", "567890").username == "ani"
    with pytest.raises(DomainError):
        authenticate(ctx, "ani", "1234")


def test_check_pin_inside_a_transaction(ctx, clock):
    create_account(ctx, "bos", "Bu Bos", "manager", "8888")
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    with ctx.db.write() as s:
        approver = check_pin(s, "bos", "8888", ("manager",), now=ctx.now())
        assert approver.username == "bos"
        with pytest.raises(DomainError) as exc:
            check_pin(s, "ani", "1234", ("manager",), now=ctx.now())
        assert _code(exc) == "auth.not_allowed"
        assert exc.value.params == {"username": "ani", "roles": "manager"}
        with pytest.raises(DomainError) as exc:
            check_pin(s, "bos", "0000", ("manager",), now=ctx.now())
        assert _code(exc) == "auth.wrong_pin"
        with pytest.raises(DomainError) as exc:
            check_pin(s, "ghost", "0000", ("manager",), now=ctx.now())
        assert _code(exc) == "auth.unknown"
    actions = [a.action for a in _audit(ctx)]
    assert actions[-4:] == [
        "auth.approval",
        "auth.approval.not_allowed",
        "auth.approval.failed",
        "auth.approval.unknown",
    ]


@pytest.mark.expect_log("ewarong_pos.services.accounts", r"locked after \d+ wrong PINs")
def test_check_pin_follows_the_lockout(ctx, clock):
    create_account(ctx, "bos", "Bu Bos", "manager", "8888")
    for _ in range(4):
        with pytest.raises(DomainError):
            verify_approval(ctx, "bos", "0000", ("manager",))
    with pytest.raises(DomainError) as exc:
        verify_approval(ctx, "bos", "0000", ("manager",))
    assert _code(exc) == "auth.locked"
    with ctx.db.write() as s, pytest.raises(DomainError) as exc:
        check_pin(s, "bos", "8888", ["manager"], now=ctx.now())
    assert _code(exc) == "auth.locked"
    # a login is refused too: one counter for both ways in
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "bos", "8888")
    assert _code(exc) == "auth.locked"
    clock.advance(minutes=5)
    assert verify_approval(ctx, "bos", "8888", ["manager", "supervisor"]).role == "manager"


def test_list_accounts_order_and_fields(ctx):
    create_account(ctx, "sup", "Pak Pendamping", "supervisor", "1111")
    create_account(ctx, "bos", "Bu Bos", "manager", "2222")
    create_account(ctx, "ani", "Ani", "cashier", "3333")
    listed = list_accounts(ctx)
    assert [(a.role, a.username) for a in listed] == [
        ("cashier", "ani"),
        ("manager", "bos"),
        ("supervisor", "sup"),
    ]
    assert all(a.active and a.locked_until is None for a in listed)


def test_every_auth_code_has_both_languages():
    for code in [
        "auth.unknown",
        "auth.wrong_pin",
        "auth.locked",
        "auth.inactive",
        "auth.pin_format",
        "auth.pin_same",
        "auth.bad_role",
        "auth.not_allowed",
        "auth.username_format",
        "auth.username_taken",
        "auth.display_name",
        "auth.actor_unknown",
    ]:
        assert set(MESSAGES[code]) == {"id", "en"}
    text = render("auth.locked", "id", username="ani", until="09:05", minutes=5, attempts=5)
    assert "09:05" in text


def test_audit_detail_is_json(ctx):
    create_account(ctx, "ani", "Ani", "cashier", "1234")
    with pytest.raises(DomainError):
        authenticate(ctx, "ani", "0000")
    for row in _audit(ctx):
        json.loads(row.detail)


def test_hasher_is_argon2id():
    assert accounts.hash_pin("1234").startswith("$argon2id$")


@pytest.mark.parametrize("typed", ["1234", "3171015201000001", "ani 1234", "kasir12345"])
def test_digits_typed_as_user_name_are_not_audited(ctx, typed):
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, typed, "1234")
    assert exc.value.code == "auth.unknown"
    assert exc.value.params == {"username": "?"}
    rows = _audit(ctx)
    assert json.loads(rows[-1].detail) == {"username": "?"}
    assert "1234" not in rows[-1].detail


def test_plain_unknown_user_name_is_kept(ctx):
    with pytest.raises(DomainError) as exc:
        authenticate(ctx, "kasir2", "1234")
    assert exc.value.params == {"username": "kasir2"}


def test_hash_from_the_central_office_is_verified_and_kept(ctx):
    """Accounts pulled from the office carry its argon2id parameters; login keeps them."""
    from argon2 import PasswordHasher

    office_hash = PasswordHasher().hash("2468")
    info = create_account(ctx, "rina", "Rina", "manager", "1357")
    with ctx.db.write() as s:
        s.get(Account, info.id).pin_hash = office_hash
    assert authenticate(ctx, "rina", "2468").id == info.id
    with ctx.db.read() as s:
        assert s.get(Account, info.id).pin_hash == office_hash


def test_a_nik_typed_in_groups_as_user_name_is_not_kept(ctx):
    from sqlalchemy import select

    from ewarong_pos.core.errors import DomainError
    from ewarong_pos.db.models import AuditLog
    from ewarong_pos.services.accounts import authenticate

    try:
        authenticate(ctx, "317-307-470-296-477-5", "1234")
    except DomainError:
        pass
    with ctx.db.read() as s:
        details = [row.detail for row in s.scalars(select(AuditLog))]
    assert details and not any("317" in d for d in details)
