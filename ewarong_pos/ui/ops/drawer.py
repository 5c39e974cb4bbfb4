"""The cash drawer wired to the receipt printer: opened after a cash sale (I/O pool)."""

from __future__ import annotations

import logging
from functools import partial

from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import printing
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import get_setting, set_settings
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob
from ewarong_pos.ui.ops.printing import PrinterFactory

log = logging.getLogger(__name__)

CASH_DRAWER_SETTING = "printer.cash_drawer"


def drawer_enabled(ctx: Context) -> bool:
    return get_setting(ctx, CASH_DRAWER_SETTING, "0") == "1"


def _kick(ctx: Context, make_printer: PrinterFactory | None) -> bool:
    if make_printer is None or not drawer_enabled(ctx):
        return False
    if printing.printer_settings(ctx).kind != "escpos":
        return False  # a PDF folder or no printer: no drawer port to pulse
    # imported here, on the I/O worker: the window starts without the printer libraries
    from escpos.constants import CD_KICK_2

    try:
        # python-escpos' drawer pulse on pin 2 (ESC p 0 ...), the usual RJ-11 drawer port
        make_printer().send(CD_KICK_2)
    except DomainError as exc:
        log.info("cash drawer not opened: %s", exc.code)
        return False
    except Exception:  # a printer that fails must not take the till down: the sale is saved
        log.warning("cash drawer not opened", exc_info=True)
        return False
    return True


def kick_drawer(ctx: Context, make_printer: PrinterFactory | None) -> IoJob[bool]:
    """Open the cash drawer when Settings say there is one (False when not opened)."""
    return IoJob("drawer.kick", partial(_kick, ctx, make_printer))


def _save(ctx: Context, enabled: bool) -> bool:
    set_settings(ctx, {CASH_DRAWER_SETTING: "1" if enabled else "0"})
    return enabled


def save_drawer(ctx: Context, enabled: bool) -> DbJob[bool]:
    return DbJob("drawer.save", partial(_save, ctx, enabled), frozenset({Change.SETTINGS}))


def load_drawer(ctx: Context) -> DbJob[bool]:
    return DbJob("drawer.load", partial(drawer_enabled, ctx))
