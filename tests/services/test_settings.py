"""The settings registry: one declaration per key, typed reads with their default, one upsert."""

from __future__ import annotations

import re
from pathlib import Path

from ewarong_pos.db.models import Setting
from ewarong_pos.services import settings
from ewarong_pos.services.settings import (
    AUTOLOCK_MINUTES,
    BACKUP_LAST,
    DEMO_PINS,
    RECEIPT_SEQ_FLOOR,
    REGISTRY,
)

ROOT = Path(settings.__file__).resolve().parents[1]


def test_values_round_trip_through_their_type(ctx):
    with ctx.db.write() as s:
        RECEIPT_SEQ_FLOOR.put(s, 41)
        DEMO_PINS.put(s, (("Siti", "1357"),))
        BACKUP_LAST.put(s, {"at": "2018-04-12T02:00:00.000000Z", "seq": 9})
    with ctx.db.read() as s:
        assert RECEIPT_SEQ_FLOOR.get(s) == 41
        assert DEMO_PINS.get(s) == (("Siti", "1357"),)
        assert BACKUP_LAST.get(s)["seq"] == 9
        assert s.get(Setting, RECEIPT_SEQ_FLOOR.key).value == "41"  # stored as text
    assert settings.get_setting(ctx, "sales.receipt_seq_floor") == "41"


def test_a_missing_or_unreadable_value_is_the_default(ctx):
    assert AUTOLOCK_MINUTES.read(ctx) == AUTOLOCK_MINUTES.default == 5
    settings.set_settings(ctx, {AUTOLOCK_MINUTES.key: "five", BACKUP_LAST.key: "[1]"})
    assert AUTOLOCK_MINUTES.read(ctx) == 5
    assert BACKUP_LAST.read(ctx) == {}


def test_each_key_is_declared_once_and_written_by_one_upsert():
    assert len(REGISTRY) == len({var.key for var in REGISTRY.values()})
    writers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "central" not in path.parts and re.search(r"\bSetting\(key=", path.read_text())
    )
    assert writers == ["services/settings.py"]
    literal_keys = sorted(
        f"{path.relative_to(ROOT)}: {key}"
        for path in ROOT.rglob("*.py")
        if path.name != "settings.py" or path.parent.name != "services"
        for key in REGISTRY
        if f'"{key}"' in path.read_text()
    )
    assert literal_keys == []
