"""Training mode ("Latihan"): a practice outlet beside the real one, that never syncs.

A new cashier practises on a made-up outlet built like the demo (`services.demo`, the same
seed every time) in its own folder, `DATA_DIR/latihan/`: its own database, its own
secrets folder, its own print queue. The real outlet's database, journal, keys, secrets
and queue are never opened for writing from here (only its printer settings are read, so
practice receipts come out of the real printer: every one says LATIHAN - BUKAN STRUK
RESMI at top and bottom).

The practice outlet is marked twice, so either survives a copy: a `training.outlet`
setting in its database and a marker file in its folder. `refuse_in_training` is called
by every use case that reaches outside the outlet (sync and enrollment, USB transfer
files, backups, restore, the rebuild from the office): in training they refuse before
they read an identity, take a lock file or write a byte.

The practice database is a plain SQLite file (no SQLCipher): it holds only made-up
families, and opening it must not put a key of its own in the user's keystore next to
the real outlet's.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Device, Setting
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.settings import (
    DEMO_PINS,
    PRINTER_PREFIX,
    TRAINING_OUTLET,
    UI_LANGUAGE,
    upsert,
)

log = logging.getLogger(__name__)

FOLDER = "latihan"
MARKER = "LATIHAN-BUKAN-OUTLET-NYATA.txt"
MARKER_TEXT = (
    "Folder latihan e-Warong POS: outlet contoh untuk berlatih, data rekaan.\n"
    "Tidak pernah disinkronkan, dicadangkan, atau dipulihkan.\n"
    "e-Warong POS training folder: a practice outlet with made-up data.\n"
    "Never synced, backed up or restored.\n"
)
# Small enough to build in a few seconds on a cheap PC, big enough to practise on
# (name search finds several families, a few months of vouchers, sample sales).
# The practice till's code, which starts every practice receipt number: LATIHAN-0000012
# cannot be taken for a real outlet's K1-0000012, on paper, on screen or in a report. How
# receipt numbers are made (services.sales.commit.receipt_number) stays the same.
DEVICE_CODE = "LATIHAN"
KPM = 60
MONTHS = 3
SEED = 2018
# The real printer is used (practice receipts carry the LATIHAN lines); its cash drawer
# is not: a practice sale must not open the real drawer with real money in it.
NOT_COPIED = ("printer.cash_drawer",)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class TrainingOutlet:
    ctx: Context
    built: bool  # True when it was (re)built now, False when an earlier one was opened


def training_root(real_root: Path | str) -> Path:
    """Where the practice outlet of the outlet in `real_root` lives."""
    return Path(real_root) / FOLDER


def is_training_folder(root: Path | str | None) -> bool:
    return root is not None and (Path(root) / MARKER).is_file()


def is_training_session(s: Session) -> bool:
    return TRAINING_OUTLET.get(s)


def is_training(ctx: Context) -> bool:
    """Whether `ctx` is a practice outlet (its folder's marker or its database's setting)."""
    if is_training_folder(ctx.data_dir.root):
        return True
    with ctx.db.read() as s:
        return is_training_session(s)


def is_training_in(ctx: Context, s: Session) -> bool:
    """`is_training`, reading the setting in the caller's open session `s` (for a receipt or
    a report built inside its own read)."""
    return is_training_folder(ctx.data_dir.root) or is_training_session(s)


def refuse_in_training(ctx: Context, code: str) -> None:
    """Raise DomainError(`code`) when `ctx` is a practice outlet (a `training.*` code)."""
    if is_training(ctx):
        log.info("refused in training mode: %s", code)
        raise DomainError(code)


def refuse_training_folder(root: Path | str | None, code: str) -> None:
    """The same for use cases given a folder instead of an open outlet (restore)."""
    if is_training_folder(root):
        log.info("refused in training mode: %s", code)
        raise DomainError(code)


def open_training(
    real: Context, progress: Progress | None = None, *, kpm: int = KPM, months: int = MONTHS
) -> TrainingOutlet:
    """Open the practice outlet of `real`, building it first when there is none.

    The real outlet is only read (its printer settings and language). A folder called
    `latihan` that is not a practice outlet's is refused ('training.folder_taken').
    """
    if is_training(real):
        raise DomainError("training.nested")
    root = training_root(real.data_dir.root)
    _claim(root)
    ctx = open_outlet(root, clock=real.clock, encrypt=False, create=True)
    try:
        from ewarong_pos.services.outlet import is_set_up

        built = False
        if is_set_up(ctx) and _device_code(ctx) != DEVICE_CODE:
            # made by an earlier version, whose practice receipts looked like real ones
            # (K1-...): practice data are made up, so it is built again
            log.info("training outlet of an earlier version: built again")
            ctx.close()
            shutil.rmtree(root)
            _claim(root)
            ctx = open_outlet(root, clock=real.clock, encrypt=False, create=True)
        if not is_set_up(ctx):
            _build(ctx, progress, kpm, months)
            built = True
        _copy_device_settings(real, ctx)
    except BaseException:
        ctx.close()
        raise
    log.info("training outlet opened (%s)", "built" if built else "existing")
    return TrainingOutlet(ctx, built)


def reset_training(
    real: Context,
    current: Context | None = None,
    progress: Progress | None = None,
    *,
    kpm: int = KPM,
    months: int = MONTHS,
) -> TrainingOutlet:
    """Start the practice over: close `current` (the practice outlet, if open), remove
    the practice folder and build it again. Only a marked practice folder is removed."""
    root = training_root(real.data_dir.root)
    if current is not None:
        if not is_training(current) or current.data_dir.root != root:
            raise DomainError("training.not_training")
        current.close()
    if root.exists():
        if not is_training_folder(root):
            raise DomainError("training.folder_taken", path=str(root))
        shutil.rmtree(root)
    log.info("training outlet reset")
    return open_training(real, progress, kpm=kpm, months=months)


def _claim(root: Path) -> None:
    """The marker first: nothing else is written into a folder that is not marked."""
    taken = root.exists() and (not root.is_dir() or any(root.iterdir()))
    if taken and not is_training_folder(root):
        raise DomainError("training.folder_taken", path=str(root))
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _device_code(ctx: Context) -> str:
    with ctx.db.read() as s:
        return str(s.scalar(select(Device.code).where(Device.is_local.is_(True))) or "")


def _build(ctx: Context, progress: Progress | None, kpm: int, months: int) -> None:
    from ewarong_pos.services import demo

    info = demo.build_demo(
        ctx, kpm=kpm, months=months, seed=SEED, progress=progress, device_code=DEVICE_CODE
    )
    with ctx.db.write() as s:
        TRAINING_OUTLET.put(s, True)
        # the practice login shows its PINs, as the demo's does
        DEMO_PINS.put(s, tuple((a.display_name, a.pin) for a in info.accounts))


def _copy_device_settings(real: Context, ctx: Context) -> None:
    """The real till's printer and language, so practice feels (and prints) the same."""
    with real.db.read() as s:
        rows = s.scalars(select(Setting).where(Setting.key.startswith(PRINTER_PREFIX))).all()
        values = {row.key: row.value for row in rows if row.key not in NOT_COPIED}
        language = s.get(Setting, UI_LANGUAGE.key)
        if language is not None:
            values[UI_LANGUAGE.key] = language.value
    with ctx.db.write() as s:
        for key, value in values.items():
            upsert(s, key, value)
        for key in NOT_COPIED:
            upsert(s, key, "0")
