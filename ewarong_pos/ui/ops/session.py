"""Login, the outlet's overview and the auto-lock minutes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ewarong_pos.services import accounts, autolock, outlet
from ewarong_pos.services import settings as device_settings
from ewarong_pos.services.accounts import AccountInfo, AccountStatus
from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import Overview
from ewarong_pos.ui.ops.jobs import DbJob


@dataclass(frozen=True)
class LoginScreen:
    outlet_name: str
    accounts: tuple[AccountStatus, ...]
    demo_pins: tuple[tuple[str, str], ...]


def _login_screen(ctx: Context, demo: bool) -> LoginScreen:
    ov = outlet.overview(ctx)
    active = tuple(accounts.list_accounts(ctx, include_inactive=False))
    pins: tuple[tuple[str, str], ...] = ()
    if demo:
        pins = device_settings.DEMO_PINS.read(ctx)
    return LoginScreen(ov.outlet.name, active, pins)


def login_screen(ctx: Context, demo: bool) -> DbJob[LoginScreen]:
    """Accounts to choose from, and (in a demo outlet only) the PINs to try."""
    return DbJob("login.accounts", partial(_login_screen, ctx, demo))


def authenticate(ctx: Context, username: str, pin: str) -> DbJob[AccountInfo]:
    return DbJob("login.authenticate", partial(accounts.authenticate, ctx, username, pin))


def outlet_overview(ctx: Context) -> DbJob[Overview]:
    return DbJob("overview", partial(outlet.overview, ctx))


def autolock_minutes(ctx: Context) -> DbJob[int]:
    return DbJob("autolock.load", partial(autolock.autolock_minutes, ctx))
