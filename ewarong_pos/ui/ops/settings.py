"""The settings screen: outlet, printer, general settings, roster import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ewarong_pos.services import autolock, outlet, printing, roster
from ewarong_pos.services import settings as device_settings
from ewarong_pos.services.context import Context
from ewarong_pos.services.outlet import OutletInfo
from ewarong_pos.services.printing import PrinterSettings
from ewarong_pos.services.roster import RosterReport
from ewarong_pos.ui.ops.jobs import Change, DbJob, IoJob


@dataclass(frozen=True)
class SettingsData:
    outlet: OutletInfo
    printer: PrinterSettings
    central_url: str
    enrolled: bool
    autolock_minutes: int


def _settings_data(ctx: Context) -> SettingsData:
    from ewarong_pos.services import sync  # httpx, pydantic: on the worker (see ops.sync)

    return SettingsData(
        outlet.outlet_info(ctx),
        printing.printer_settings(ctx),
        sync.sync_status(ctx).central_url,
        outlet.overview(ctx).enrolled,
        autolock.autolock_minutes(ctx),
    )


def settings_data(ctx: Context) -> DbJob[SettingsData]:
    return DbJob("settings.load", partial(_settings_data, ctx))


def save_printer(
    ctx: Context, kind: str, uri: str, paper_mm: int, lang: str
) -> DbJob[PrinterSettings]:
    settings = PrinterSettings(kind=kind, uri=uri, paper_mm=paper_mm, lang=lang)
    return DbJob(
        "settings.printer",
        partial(printing.save_printer_settings, ctx, settings),
        frozenset({Change.SETTINGS}),
    )


def _test_print(ctx: Context, settings: PrinterSettings) -> None:
    printer = printing.printer_from_settings(settings)
    printing.test_page(printer, settings, printing.outlet_name(ctx))


def test_print(ctx: Context, kind: str, uri: str, paper_mm: int, lang: str) -> IoJob[None]:
    settings = PrinterSettings(kind=kind, uri=uri, paper_mm=paper_mm, lang=lang)
    return IoJob("settings.test_print", partial(_test_print, ctx, settings))


def _save_general(ctx: Context, actor_id: int | None, lang: str, minutes: int) -> None:
    with ctx.db.write() as s:
        device_settings.UI_LANGUAGE.put(s, lang)
    autolock.set_autolock_minutes(ctx, actor_id, minutes)


def save_general(
    ctx: Context, actor_id: int | None, lang: str, autolock_minutes: int
) -> DbJob[None]:
    return DbJob(
        "settings.general",
        partial(_save_general, ctx, actor_id, lang, autolock_minutes),
        frozenset({Change.SETTINGS}),
    )


def import_roster(
    ctx: Context, path: str, report: Callable[[int, int], None]
) -> DbJob[RosterReport]:
    """Apply a roster file (all or nothing, one write transaction); `report(done, total)`
    drives the progress bar."""
    fn = partial(roster.import_roster, ctx, path, lambda _stage, done, total: report(done, total))
    return DbJob("settings.roster", fn, frozenset({Change.FAMILIES, Change.CATALOG}))
