"""Amounts the office believes: a correctly chained batch with negative or inconsistent
amounts is refused whole (422 push.amount), recorded like tampering, and changes no
balance; a dispute moves no voucher balance before a person resolves it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Device, Refusal, Voucher
from ewarong_pos.core import journal as chain
from ewarong_pos.protocol import schemas as w
from tests.sync.harness import seed_central

pytestmark = [
    pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused "),
    pytest.mark.expect_log("ewarong_pos.central.ingest", r"disputed: "),
]


class Till:
    """A device of an outlet that writes correctly chained entries of any content."""

    def __init__(self, service, outlet: str, clock) -> None:
        with service.central.session() as s, s.begin():
            code = admin.new_enrollment_code(s, outlet, clock())
            answer = admin.enroll(
                s,
                w.EnrollRequest(
                    code=code, device_id=str(uuid.uuid4()), device_code="K9", outlet_code=outlet
                ),
                clock(),
            )
        self.url, self.outlet, self.device, self.token = (
            service.url,
            outlet,
            answer.device_id,
            answer.token,
        )
        self.seq, self.prev = 0, chain.GENESIS
        self.receipt = 0

    def sale(self, kind: str, lines: list[tuple[int, int]], allocations: list[tuple[str, int]], *,
             total: int | None = None, voids: str | None = None) -> dict:  # fmt: skip
        self.receipt += 1
        line_rows = [
            {"sku": "BRS-M-5", "name": "Beras", "unit": "pack", "qty_milli": q,
             "unit_price": p, "ceiling": None, "total": q * p // 1000}
            for q, p in lines
        ]  # fmt: skip
        payload = {
            "sale": str(uuid.uuid4()),
            "receipt_no": f"K9-{self.receipt:06d}",
            "receipt_seq": self.receipt,
            "kind": kind.split(".")[1],
            "outlet": self.outlet,
            "business_date": "2018-04-12",
            "cashier": "kasir",
            "family": None,
            "lines": line_rows,
            "total": sum(r["total"] for r in line_rows) if total is None else total,
            "allocations": [
                {"voucher": v, "period": "2018-04", "amount": a} for v, a in allocations
            ],
            "cash_tendered": None,
            "change": None,
            "edc": None,
            "voids": {"sale": voids, "receipt_no": "K9-000001"} if voids else None,
            "reason": "salah input" if voids else None,
            "approved_by": "bu.rina" if voids else None,
        }
        e = chain.make_entry(
            self.prev, self.device, self.seq + 1, str(uuid.uuid4()), kind,
            "2018-04-12T02:00:00.000000Z", payload,
        )  # fmt: skip
        return w.WireEntry.of(e).model_dump(mode="json")

    def push(self, *entries: dict) -> httpx.Response:
        body = {"outlet_code": self.outlet, "device_id": self.device, "entries": list(entries)}
        r = httpx.post(
            f"{self.url}{w.API_PREFIX}/push",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        if r.status_code == 200:
            self.seq = entries[-1]["seq"]
            self.prev = entries[-1]["hash"]
        return r


def _redeemed(service, code: str) -> int:
    with service.central.session() as s:
        return s.get(Voucher, code).redeemed


def _refusals(service, code: str) -> list[Refusal]:
    with service.central.session() as s:
        return list(s.scalars(select(Refusal).where(Refusal.code == code)))


@pytest.fixture
def outlets(service, tmp_path, clock):
    seed_central(service.central, tmp_path, {"EW-A": ["A1"], "EW-B": ["B1"]}, clock())
    return Till(service, "EW-A", clock)


def test_negative_allocation_on_another_outlets_voucher_is_refused(service, outlets):
    a = outlets
    before = _redeemed(service, "BPNT-2018-04-B1")
    r = a.push(a.sale("sale.redemption", [(1000, 10_000)], [("BPNT-2018-04-B1", -50_000)]))
    assert r.status_code == 422
    assert r.json()["code"] == "push.amount"
    assert _redeemed(service, "BPNT-2018-04-B1") == before == 0
    kept = _refusals(service, "push.amount")
    assert len(kept) == 1 and kept[0].device_id == a.device and "-50000" in kept[0].detail
    with service.central.session() as s:
        assert s.get(Device, a.device).last_seq == 0  # nothing of the batch stored
        tamper = admin.reconcile(s).tamper_refusals
    assert [device for _at, device, _d in tamper] == [a.device]


@pytest.mark.parametrize(
    "lines, allocations, total, what",
    [
        ([(1000, 47_000)], [("BPNT-2018-04-A1", -47_000)], None, "negative allocation"),
        ([(1000, 47_000)], [("BPNT-2018-04-A1", 47_000)], 4_700, "total not the lines"),
        ([(-1000, 47_000)], [], None, "negative quantity"),
        ([(1000, 47_000)], [("BPNT-2018-04-A1", 94_000)], None, "allocation above total"),
        ([(1000, 47_000)], [("BPNT-2018-04-A1", 2**31)], None, "out of range"),
    ],
)
def test_inconsistent_amounts_are_refused_and_change_nothing(
    service, outlets, lines, allocations, total, what
):
    a = outlets
    ok = a.push(a.sale("sale.redemption", [(1000, 20_000)], [("BPNT-2018-04-A1", 20_000)]))
    assert ok.status_code == 200, ok.text
    r = a.push(a.sale("sale.redemption", lines, allocations, total=total))
    assert r.status_code == 422, what
    assert r.json()["code"] == "push.amount"
    assert _redeemed(service, "BPNT-2018-04-A1") == 20_000
    assert len(_refusals(service, "push.amount")) == 1


def test_a_void_gives_back_only_what_was_drawn(service, outlets):
    a = outlets
    sale = a.sale("sale.redemption", [(1000, 47_000)], [("BPNT-2018-04-A1", 47_000)])
    assert a.push(sale).status_code == 200
    # a "void" that gives back more than the device drew would un-redeem the voucher
    fake = a.sale(
        "sale.void", [(-2000, 47_000)], [("BPNT-2018-04-A1", -94_000)],
        voids=sale["payload"]["sale"],
    )  # fmt: skip
    r = a.push(fake)
    assert r.status_code == 422 and r.json()["code"] == "push.amount"
    assert _redeemed(service, "BPNT-2018-04-A1") == 47_000
    honest = a.sale(
        "sale.void", [(-1000, 47_000)], [("BPNT-2018-04-A1", -47_000)],
        voids=sale["payload"]["sale"],
    )  # fmt: skip
    assert a.push(honest).status_code == 200
    assert _redeemed(service, "BPNT-2018-04-A1") == 0


def test_a_disputed_redemption_moves_no_balance(service, outlets):
    """Outlet A serves outlet B's family: stored, disputed, B's voucher untouched."""
    a = outlets
    r = a.push(a.sale("sale.redemption", [(1000, 47_000)], [("BPNT-2018-04-B1", 47_000)]))
    assert r.status_code == 200
    assert [d["reason"] for d in r.json()["disputed"]] == ["voucher.other_outlet"]
    assert _redeemed(service, "BPNT-2018-04-B1") == 0
