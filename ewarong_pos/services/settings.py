"""The device's settings (key-value rows in the outlet database): UI language, printer, ..."""

from __future__ import annotations

from ewarong_pos.db.models import Setting
from ewarong_pos.services.context import Context


def get_setting(ctx: Context, key: str, default: str | None = None) -> str | None:
    with ctx.db.read() as s:
        row = s.get(Setting, key)
        return row.value if row is not None else default


def get_settings(ctx: Context, prefix: str) -> dict[str, str]:
    """Every setting whose key starts with `prefix` (e.g. 'printer.')."""
    with ctx.db.read() as s:
        rows = s.query(Setting).filter(Setting.key.startswith(prefix)).all()
        return {row.key: row.value for row in rows}


def set_settings(ctx: Context, values: dict[str, str]) -> None:
    """Store device settings in one transaction (UI language, printer, ...)."""
    with ctx.db.write() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
