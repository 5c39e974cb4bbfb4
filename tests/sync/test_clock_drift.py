"""The office notes each device's clock offset at sync and lists those that drift
(issue 17, point 5): an outlet whose PC clock is a day behind shows up in
`ewarong central reconcile`; one on time does not."""

from __future__ import annotations

import datetime as dt

from ewarong_pos.central import admin
from ewarong_pos.central.models import Device
from ewarong_pos.cli import main
from ewarong_pos.services import sync
from tests.sync.harness import enrollment_code, make_outlet, seed_central


class OffsetClock:
    def __init__(self, base, offset: dt.timedelta) -> None:
        self.base, self.offset = base, offset

    def __call__(self) -> dt.datetime:
        return self.base() + self.offset


def test_a_device_whose_clock_drifts_is_listed(service, tmp_path, clock, capsys):
    seed_central(service.central, tmp_path, {"EW-1": ["D1"]}, clock())
    ontime = make_outlet(tmp_path / "k1", "EW-1", clock, "K1")
    late = make_outlet(tmp_path / "k2", "EW-1", OffsetClock(clock, -dt.timedelta(days=1)), "K2")
    try:
        for ctx in (ontime, late):
            sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
            sync.sync_now(ctx)
        with service.central.session() as s:
            offsets = {d.code: d.clock_offset_s for d in s.query(Device)}
            drift = admin.drifting_devices(s)
        assert offsets == {"K1": 0, "K2": -86_400}
        assert [(o, c, off) for o, _, c, off, _ in drift] == [("EW-1", "K2", -86_400)]
    finally:
        ontime.close()
        late.close()
    assert main(["central", "reconcile", "--db", service.central.url]) in (0, 1)
    out = capsys.readouterr().out
    assert "clock drift: outlet EW-1 device K2" in out and "-86400 s" in out
    assert "device K1" not in out
