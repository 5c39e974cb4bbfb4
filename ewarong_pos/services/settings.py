"""The device's settings: one typed registry of every key the outlet keeps in `Setting`.

As Electrum's `ConfigVar`: each setting is declared once here with its key, its type (a
parser from the stored text and a writer back to it) and its default; the services read
and write them through it (`get`, `put`), so a key has one name, one default and one
upsert. A stored value the parser cannot read gives the default (and a log line).
`get_setting`/`get_settings`/`set_settings` are the plain text view the screens and the
command line use for free-form keys (the printer's `printer.*`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ewarong_pos.core.journal import canonical
from ewarong_pos.db.models import Setting

if TYPE_CHECKING:  # services.context reads the registry when it opens an outlet
    from ewarong_pos.services.context import Context

log = logging.getLogger(__name__)

T = TypeVar("T")


def read_text(s: Session, key: str) -> str | None:
    row = s.get(Setting, key)
    return row.value if row is not None else None


def upsert(s: Session, key: str, value: str) -> None:
    """Store one setting in the caller's transaction (the one upsert of the Setting table)."""
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True)
class SettingVar(Generic[T]):
    """A setting: its key, how its text reads (`parse`) and is written (`dump`), its default."""

    key: str
    default: T
    parse: Callable[[str], T]
    dump: Callable[[T], str]
    doc: str = ""

    def get(self, s: Session) -> T:
        text = read_text(s, self.key)
        if text is None:
            return self.default
        try:
            return self.parse(text)
        except (ValueError, TypeError):
            log.info("setting %s unreadable (%r): default used", self.key, text[:40])
            return self.default

    def put(self, s: Session, value: T) -> None:
        upsert(s, self.key, self.dump(value))

    def read(self, ctx: Context) -> T:
        with ctx.db.read() as s:
            return self.get(s)


def _int(text: str) -> int:
    return int(text.strip())


def _bool(text: str) -> bool:
    word = text.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a yes/no value: {text!r}")


def _dump_bool(value: bool) -> str:
    return "1" if value else "0"


def _pins(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(pin)) for name, pin in json.loads(text))


def _dump_pins(pins: tuple[tuple[str, str], ...]) -> str:
    return json.dumps([list(pair) for pair in pins])


def _object(text: str) -> dict[str, object]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


REGISTRY: dict[str, SettingVar[object]] = {}


def _declare(var: SettingVar[T]) -> SettingVar[T]:
    if var.key in REGISTRY:
        raise ValueError(f"setting {var.key} declared twice")
    REGISTRY[var.key] = var  # type: ignore[assignment]  # invariance: read-only use
    return var


def _text_var(key: str, default: str, doc: str) -> SettingVar[str]:
    return _declare(SettingVar(key, default, str, str, doc))


def _int_var(key: str, default: int, doc: str) -> SettingVar[int]:
    return _declare(SettingVar(key, default, _int, str, doc))


UI_LANGUAGE = _text_var("ui.language", "id", "the till's language: id or en")
DEMO_PINS = _declare(
    SettingVar[tuple[tuple[str, str], ...]](
        "demo.pins",
        (),
        _pins,
        _dump_pins,
        "a demo outlet's (name, PIN) pairs for its login screen; never set on a real outlet",
    )
)
TRAINING_OUTLET = _declare(
    SettingVar[bool](
        "training.outlet",
        False,
        lambda text: text.strip() == "1",
        lambda value: "1" if value else "0",
        "a practice outlet (services.training): never synced, backed up or restored, every "
        "receipt says LATIHAN; never set on a real outlet",
    )
)
AUTOLOCK_MINUTES = _int_var(
    "security.autolock_minutes", 5, "minutes of inactivity before the till locks (0: never)"
)
RECEIPT_SEQ_FLOOR = _int_var(
    "sales.receipt_seq_floor",
    0,
    "receipt numbers up to this were issued by a database a restore replaced: the next "
    "receipt is numbered above it (services.backup, services.rebuild, services.sales)",
)
BACKUP_FOLDER = _text_var("backup.folder", "", "where backups go (empty: DATA_DIR/backups)")
BACKUP_KEEP = _int_var("backup.keep", 14, "how many backups to keep")
BACKUP_INTERVAL_HOURS = _int_var("backup.interval_hours", 4, "hours between backups (0: off)")
BACKUP_LAST = _declare(
    SettingVar[dict[str, object]](
        "backup.last", {}, _object, canonical, "the last backup: {at, file, seq}"
    )
)
SYNC_SERVER_ERRORS = _int_var(
    "sync.server_errors", 0, "consecutive sync runs the office answered with a server error"
)
SHIFT_OVER_SHORT_LIMIT = _int_var(
    "shift.over_short_limit",
    20_000,
    "rupiah: a cash difference above it at a shift's close needs the manager's PIN",
)
IDENTIFIERS_HASH_VERSION = _int_var(
    "identifiers.hash_version",
    1,
    "the version of the NIK/KK/card hashes stored (no row in a database with families: 1)",
)
CUSTOMER_DISPLAY = _declare(
    SettingVar[bool](
        "display.customer",
        False,
        _bool,
        _dump_bool,
        "the customer display is on: a second window, for a monitor facing the family",
    )
)
CUSTOMER_DISPLAY_SCREEN = _text_var(
    "display.customer_screen",
    "",
    "where the customer display goes: '' the second screen if there is one, else a window; "
    "'window' always a normal window; else a screen's name (QScreen.name)",
)
PRINTER_PREFIX = "printer."  # printer.kind, .uri, .paper_mm, ...: services.printing


# --- the plain text view ---------------------------------------------------------------


def get_setting(ctx: Context, key: str, default: str | None = None) -> str | None:
    with ctx.db.read() as s:
        text = read_text(s, key)
        return text if text is not None else default


def get_settings(ctx: Context, prefix: str) -> dict[str, str]:
    """Every setting whose key starts with `prefix` (e.g. 'printer.')."""
    with ctx.db.read() as s:
        rows = s.scalars(select(Setting).where(Setting.key.startswith(prefix))).all()
        return {row.key: row.value for row in rows}


def set_settings(ctx: Context, values: dict[str, str]) -> None:
    """Store device settings in one transaction (UI language, printer, ...)."""
    with ctx.db.write() as s:
        for key, value in values.items():
            upsert(s, key, value)
