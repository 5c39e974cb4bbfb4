"""The office notes the app version each device runs (from its User-Agent at push and pull)
and the Outlets pages show it beside the last sync."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from ewarong_pos import __version__
from ewarong_pos.central.models import Device
from ewarong_pos.services import sync
from tests.sync.harness import enrollment_code, make_outlet, seed_central


def test_outlets_pages_show_each_devices_app_version(console, console_service, tmp_path, clock):
    central = console_service.central
    seed_central(central, tmp_path, {"EW-1": ["D1"], "EW-2": ["D2"]}, clock())
    till = make_outlet(tmp_path / "EW-1", "EW-1", clock, encrypt=False)
    try:
        sync.enroll(till, console_service.url, enrollment_code(central, "EW-1", clock()))
        sync.sync_now(till)  # the real client: push and pull
    finally:
        till.close()
    with central.session() as s:
        device = s.scalars(select(Device).where(Device.outlet_code == "EW-1")).one()
        assert device.app_version == __version__
        assert device.last_pull_at is not None
    admin = console("admin")
    listing = admin.get("/console/outlets").text
    row = listing.split('href="/console/outlets/EW-1"', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="version">{__version__}</td>' in row
    other = listing.split('href="/console/outlets/EW-2"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="version">-</td>' in other  # no device yet
    page = admin.get("/console/outlets/EW-1").text
    devices = page.split('id="devices-table"', 1)[1].split("</table>", 1)[0]
    assert f'<td class="version">{__version__}</td>' in devices
    api = admin.get("/api/v1/admin/outlets").json()
    assert [d["app_version"] for o in api if o["code"] == "EW-1" for d in o["devices"]] == [
        __version__
    ]


def test_another_user_agent_changes_no_version(console_service, tmp_path, clock):
    """A pull from something that is not the app (a script, an older outlet) leaves the
    version the office knows; a newer app's pull updates it."""
    central = console_service.central
    seed_central(central, tmp_path, {"EW-1": ["D1"]}, clock())
    till = make_outlet(tmp_path / "EW-1", "EW-1", clock, encrypt=False)
    try:
        sync.enroll(till, console_service.url, enrollment_code(central, "EW-1", clock()))
        sync.sync_now(till)
        identity = sync.load_identity(till)
        assert identity is not None
        token = identity.token
    finally:
        till.close()
    with central.session() as s:
        device_id = s.scalars(select(Device.id)).one()

    def pull(agent: str) -> str | None:
        answer = httpx.get(
            f"{console_service.url}/api/v1/pull",
            headers={"Authorization": f"Bearer {token}", "User-Agent": agent},
        )
        assert answer.status_code == 200, answer.text
        with central.session() as s:
            return s.get(Device, device_id).app_version

    assert pull("ewarong-pos-sync") == __version__
    assert pull("curl/8.5.0") == __version__
    assert pull("ewarong-pos/0.2.0") == "0.2.0"
    assert pull("ewarong-pos/<b>x</b>") == "0.2.0"  # not a version: nothing noted
