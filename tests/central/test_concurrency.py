"""50 outlets push at once to one service: nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Device, Sale, Voucher
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from ewarong_pos.sync.client import CentralClient
from ewarong_pos.sync.transport import HttpTransport
from tests.sync.harness import seed_central

OUTLETS = 50
BATCHES = 3
PER_BATCH = 15


def _journal(device: str, outlet: str, voucher: str) -> list[w.WireEntry]:
    prev = chain.GENESIS
    out = []
    for seq in range(1, BATCHES * PER_BATCH + 1):
        payload = {
            "sale": str(uuid.uuid4()),
            "receipt_no": f"K1-{seq:06d}",
            "receipt_seq": seq,
            "kind": "redemption",
            "outlet": outlet,
            "business_date": "2018-04-12",
            "total": 1000,
            "allocations": [{"voucher": voucher, "period": "2018-04", "amount": 1000}],
        }
        e = chain.make_entry(
            prev,
            device,
            seq,
            str(uuid.uuid4()),
            "sale.redemption",
            "2018-04-12T02:00:00.000000Z",
            payload,
        )
        out.append(w.WireEntry.of(e))
        prev = e.hash
    return out


def test_fifty_outlets_push_at_once(service, tmp_path, clock):
    outlets = [f"EW-{i:02d}" for i in range(OUTLETS)]
    seed_central(service.central, tmp_path, {o: [f"D-{o}"] for o in outlets}, clock())
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

    start = threading.Barrier(OUTLETS)
    errors: list[BaseException] = []

    def outlet_pushes(outlet: str, device: str, token: str) -> None:
        entries = _journal(device, outlet, f"BPNT-2018-04-D-{outlet}")
        batches = [
            w.PushRequest(outlet_code=outlet, device_id=device, entries=entries[i : i + PER_BATCH])
            for i in range(0, len(entries), PER_BATCH)
        ]
        client = CentralClient(HttpTransport(service.url, timeout=120), token)
        try:
            start.wait(60)
            for i, batch in enumerate(batches):
                ack = client.push(batch)
                assert ack.stored_up_to == (i + 1) * PER_BATCH
                if i == 1:  # a retry of a batch already stored
                    assert client.push(batches[0]).duplicates == [e.seq for e in batches[0].entries]
        except BaseException as exc:
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=outlet_pushes, args=d) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors[:3]

    total = OUTLETS * BATCHES * PER_BATCH
    with service.central.session() as s:
        assert admin.journal_count(s) == total
        assert s.scalar(select(func.count()).select_from(Sale)) == total
        assert s.scalar(select(func.count(func.distinct(Sale.sale_uuid)))) == total
        assert s.scalar(select(func.sum(Sale.total))) == total * 1000
        assert set(s.scalars(select(Device.last_seq))) == {BATCHES * PER_BATCH}
        redeemed = s.scalars(select(Voucher.redeemed).where(Voucher.period == "2018-04")).all()
        assert redeemed == [BATCHES * PER_BATCH * 1000] * OUTLETS
