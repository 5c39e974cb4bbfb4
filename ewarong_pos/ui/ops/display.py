"""The customer display's device setting (on or off, which screen) and the outlet's name
it greets with: read and written on the database worker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ewarong_pos.services import printing
from ewarong_pos.services.context import Context
from ewarong_pos.services.settings import CUSTOMER_DISPLAY, CUSTOMER_DISPLAY_SCREEN
from ewarong_pos.ui.ops.jobs import Change, DbJob

# CUSTOMER_DISPLAY_SCREEN's two words; any other value is a screen's name
AUTO_SCREEN = ""
WINDOW_SCREEN = "window"


@dataclass(frozen=True)
class DisplaySetting:
    enabled: bool
    screen: str  # AUTO_SCREEN, WINDOW_SCREEN or a QScreen's name


@dataclass(frozen=True)
class DisplayStart:
    setting: DisplaySetting
    outlet_name: str


def _load(ctx: Context) -> DisplayStart:
    with ctx.db.read() as s:
        setting = DisplaySetting(CUSTOMER_DISPLAY.get(s), CUSTOMER_DISPLAY_SCREEN.get(s))
    return DisplayStart(setting, printing.outlet_name(ctx))


def load_display(ctx: Context) -> DbJob[DisplayStart]:
    """The setting and the outlet's name (the idle screen greets with it)."""
    return DbJob("display.load", partial(_load, ctx))


def _save(ctx: Context, setting: DisplaySetting) -> DisplaySetting:
    with ctx.db.write() as s:
        CUSTOMER_DISPLAY.put(s, setting.enabled)
        CUSTOMER_DISPLAY_SCREEN.put(s, setting.screen)
    return setting


def save_display(ctx: Context, enabled: bool, screen: str) -> DbJob[DisplaySetting]:
    return DbJob(
        "display.save",
        partial(_save, ctx, DisplaySetting(enabled, screen)),
        frozenset({Change.SETTINGS}),
    )
