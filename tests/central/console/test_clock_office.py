"""The office sees the outlets' clocks (issue 17, point 5): a device whose PC clock drifts is
listed in the console's reconciliation and by `ewarong central reconcile`, and a manager's
clock correction at the outlet (the one journal step back allowed) is listed with who
approved it and why, once the outlet has synced."""

from __future__ import annotations

import datetime as dt

import pytest

from ewarong_pos.central import admin
from ewarong_pos.cli import main
from ewarong_pos.services import sync
from ewarong_pos.services.accounts import create_account
from ewarong_pos.services.clock import correct_clock
from tests.services.sales_helpers import cheap_pins  # noqa: F401
from tests.sync.harness import append_sales, enrollment_code, make_outlet, seed_central


class ShiftedClock:
    """The outlet PC's clock: the office's plus an offset someone can set right."""

    def __init__(self, base, offset: dt.timedelta) -> None:
        self.base, self.offset = base, offset

    def __call__(self) -> dt.datetime:
        return self.base() + self.offset


@pytest.mark.usefixtures("cheap_pins")
@pytest.mark.expect_log("ewarong_pos.services.clock", r"^clock correction approved")
def test_drift_and_a_clock_correction_reach_the_office(console, console_service, tmp_path,
                                                        clock, capsys):  # fmt: skip
    central = console_service.central
    seed_central(central, tmp_path, {"EW-1": ["D1"]}, clock())
    pc_clock = ShiftedClock(clock, dt.timedelta(hours=7))  # the time zone set wrong
    till = make_outlet(tmp_path / "EW-1", "EW-1", pc_clock, encrypt=False)
    try:
        create_account(till, "bu.rina", "Rina Wati", "manager", "2468")
        sync.enroll(till, console_service.url, enrollment_code(central, "EW-1", clock()))
        append_sales(till, 2)  # dated 7 hours ahead
        sync.sync_now(till)
        auditor = console("auditor")
        page = auditor.get("/console/reconciliation").text
        drift = page.split('id="clock-drift"', 1)[1].split("</ul>", 1)[0]
        assert "EW-1 K1" in drift and "selisih 25200 detik dari jam kantor pusat" in drift
        assert 'id="clock-corrections"' not in page

        pc_clock.offset = dt.timedelta(0)  # set right: the counter is now refused...
        correct_clock(till, "bu.rina", "2468", "zona waktu PC salah, sudah dibetulkan")
        append_sales(till, 1, start=3)  # ...until the manager's correction
        sync.sync_now(till)
    finally:
        till.close()

    with central.session() as s:
        [done] = admin.clock_corrections(s)
        assert admin.drifting_devices(s) == []  # on time at the last sync
    assert (done.outlet_code, done.device_code, done.approved_by) == ("EW-1", "K1", "bu.rina")
    assert done.at < done.last_at and done.reason == "zona waktu PC salah, sudah dibetulkan"
    page = auditor.get("/console/reconciliation").text
    assert 'id="clock-drift"' not in page
    listed = page.split('id="clock-corrections"', 1)[1].split("</ul>", 1)[0]
    assert f"EW-1 K1 #{done.seq}" in listed and "bu.rina" in listed
    assert "zona waktu PC salah, sudah dibetulkan" in listed
    assert main(["central", "reconcile", "--db", central.url]) in (0, 1)
    out = capsys.readouterr().out
    assert f"clock corrected: outlet EW-1 device K1 journal #{done.seq}" in out
    assert "approved by bu.rina: zona waktu PC salah" in out
