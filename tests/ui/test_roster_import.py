"""Importing the central office's roster from the settings screen: all or nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from ewarong_pos.db.models import Family
from tests.sync.harness import roster_csv
from tests.ui.conftest import MANAGER_PIN, idle, login


def _settings(qtbot, window, username="pengelola", pin=MANAGER_PIN):
    login(qtbot, window, username, pin)
    view = window.views["settings"]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    return view


def _families(ctx):
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(Family))


def test_a_manager_imports_a_roster(qtbot, window, ctx, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster_csv({"EW-3171-0001": ["R1", "R2", "R3"]}, period="2018-04"))
    before = _families(ctx)
    view = _settings(qtbot, window)
    view.roster_path.setText(str(path))
    with qtbot.waitSignal(view.roster_imported, timeout=30_000) as imported:
        view.import_button.click()
    idle(qtbot, window)
    assert imported.args[0].rows == 3
    assert "3 keluarga baru" in view.notice.text()
    assert _families(ctx) == before + 3


def test_a_bad_roster_is_refused_with_its_lines_and_changes_nothing(qtbot, window, ctx, tmp_path):
    path = tmp_path / "roster.csv"
    good = roster_csv({"EW-3171-0001": ["R1", "R2"]}, period="2018-04").decode()
    path.write_text(good.replace(",110000", ",seratus ribu", 1))
    before = _families(ctx)
    view = _settings(qtbot, window)
    view.roster_path.setText(str(path))
    with qtbot.waitSignal(view.roster_refused, timeout=30_000) as refused:
        view.import_button.click()
    assert "baris 2" in refused.args[0] and "seratus ribu" in refused.args[0]
    assert _families(ctx) == before


def test_a_cashier_may_not_import(qtbot, window, tmp_path):
    view = _settings(qtbot, window, "kasir1", "1234")
    view.roster_path.setText(str(tmp_path / "roster.csv"))
    view.import_button.click()
    assert view.notice.kind == "error" and "pengelola" in view.notice.text()
