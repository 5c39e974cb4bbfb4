"""A voucher redeemed from many devices at once: the total is exact and the entries that
went beyond the amount, and only those, are disputed."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.models import Dispute, Voucher
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from tests.sync.harness import roster_csv, seed_central

DEVICES = 10

pytestmark = [
    pytest.mark.expect_log("ewarong_pos.central.ingest", r"disputed: "),
]

AMOUNT = 20_000  # 5 of them fit in Rp 110.000, the other 5 do not


def _entry(device, outlet, voucher):
    payload = {
        "sale": str(uuid.uuid4()),
        "receipt_no": "K1-000001",
        "receipt_seq": 1,
        "kind": "redemption",
        "outlet": outlet,
        "business_date": "2018-04-12",
        "total": AMOUNT,
        "allocations": [{"voucher": voucher, "period": "2018-04", "amount": AMOUNT}],
    }
    e = chain.make_entry(
        chain.GENESIS,
        device,
        1,
        str(uuid.uuid4()),
        "sale.redemption",
        "2018-04-12T02:00:00.000000Z",
        payload,
    )
    return w.WireEntry.of(e).model_dump(mode="json")


def test_one_voucher_many_devices_at_once(service, tmp_path, clock):
    # ten tills of the family's own outlet (a redemption at ANOTHER outlet moves no
    # balance before a person resolves it: tests/central/test_amounts.py)
    outlets = ["EW-0"] * DEVICES
    seed_central(service.central, tmp_path, {"EW-0": ["D1"]}, clock())
    voucher = "BPNT-2018-04-D1"
    devices = []
    with service.central.session() as s, s.begin():
        for o in outlets:
            code = admin.new_enrollment_code(s, o, clock())
            answer = admin.enroll(
                s,
                w.EnrollRequest(
                    code=code, device_id=str(uuid.uuid4()), device_code="K1", outlet_code=o
                ),
                clock(),
            )
            devices.append((o, answer.device_id, answer.token))
    start = threading.Barrier(DEVICES)
    answers: list[dict] = []
    lock = threading.Lock()

    def push(outlet, device, token):
        body = {
            "outlet_code": outlet,
            "device_id": device,
            "entries": [_entry(device, outlet, voucher)],
        }
        with httpx.Client(base_url=service.url, timeout=60) as http:
            start.wait(30)
            r = http.post(
                f"{w.API_PREFIX}/push", json=body, headers={"Authorization": f"Bearer {token}"}
            )
        with lock:
            answers.append(r.json())

    threads = [threading.Thread(target=push, args=d) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(a["stored"] == [1] for a in answers)
    over = [d for a in answers for d in a["disputed"] if d["reason"] == "voucher.over_redeemed"]
    assert len(over) == DEVICES - 5
    assert sorted(d["redeemed"] for d in over) == [AMOUNT * n for n in range(6, DEVICES + 1)]
    assert all(d["reason"] == "voucher.over_redeemed" for a in answers for d in a["disputed"])
    with service.central.session() as s:
        assert s.get(Voucher, voucher).redeemed == AMOUNT * DEVICES
        reasons = sorted(s.scalars(select(Dispute.reason)))
    assert reasons.count("voucher.over_redeemed") == DEVICES - 5


def test_a_voucher_carries_its_familys_outlet_also_after_a_move(central_url, tmp_path, clock):
    central = CentralDB(central_url)
    try:
        seed_central(central, tmp_path, {"EW-1": ["D1", "D2"], "EW-2": ["E1"]}, clock())
        with central.session() as s, s.begin():
            admin.import_roster(s, roster_csv({"EW-1": ["D1"], "EW-2": ["E1", "D2"]}), clock())
        with central.session() as s:
            held = dict(s.execute(select(Voucher.family_dtks, Voucher.outlet_code)).all())
        assert held == {"D1": "EW-1", "D2": "EW-2", "E1": "EW-2"}
    finally:
        central.close()
