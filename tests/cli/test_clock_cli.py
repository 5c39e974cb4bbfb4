"""`ewarong journal clock-correct`: the manager's clock correction from the command line
(issue 17, point 5): the PC clock had been 7 hours ahead, sales were dated by it, and the
clock is right now (the real one of this run)."""

from __future__ import annotations

import datetime as dt

import pytest

from ewarong_pos.cli import main
from ewarong_pos.core.dates import utcnow
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import sales
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from ewarong_pos.services.sales import CartLine
from tests.services.sales_helpers import MANAGER_PIN, cheap_pins, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("cheap_pins")


@pytest.mark.expect_log("ewarong_pos.services.clock", r"^clock correction approved")
def test_clock_correct_command(tmp_path, capsys):
    root = tmp_path / "data"
    ahead = open_outlet(root, clock=lambda: utcnow() + dt.timedelta(hours=7))
    setup_outlet(ahead, "EW-3171-0001", "e-Warong Melati")
    data = seed(ahead)
    sales.sell_cash(ahead, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    ahead.close()
    base = ["--lang", "en", "journal", "clock-correct", "--data-dir", str(root)]
    assert main([*base, "--manager", "bu.rina", "--pin", "0000", "--reason", "zona waktu"]) == 2
    assert "PIN" in capsys.readouterr().err
    assert main([*base, "--manager", "bu.rina", "--pin", MANAGER_PIN, "--reason", "tz"]) == 0
    out = capsys.readouterr().out
    assert "Clock correction recorded" in out and "approved by bu.rina" in out
    ctx = open_outlet(root)  # the real clock
    try:
        sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    finally:
        ctx.close()
    assert main(["--lang", "en", "journal", "verify", "--data-dir", str(root)]) == 0
    assert main([*base, "--manager", "bu.rina", "--pin", MANAGER_PIN, "--reason", "tz"]) == 2
    assert "is not behind the last record" in capsys.readouterr().err


def test_without_the_correction_the_counter_is_refused(tmp_path):
    root = tmp_path / "data"
    ahead = open_outlet(root, clock=lambda: utcnow() + dt.timedelta(hours=7))
    setup_outlet(ahead, "EW-3171-0001", "e-Warong Melati")
    data = seed(ahead)
    sales.sell_cash(ahead, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
    ahead.close()
    ctx = open_outlet(root)
    try:
        with pytest.raises(DomainError) as info:
            sales.sell_cash(ctx, data.cashier_id, [CartLine(data.products["TLR"], 1000)], 30_000)
        assert info.value.code == "clock.backwards"
    finally:
        ctx.close()
