"""Pull: scoped to the outlet, paged in counter order, each page all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Device as CentralDevice
from ewarong_pos.central.models import Product as CentralProduct
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Family, Product, SyncState, Voucher
from ewarong_pos.services import sync
from tests.sync.harness import enrollment_code, make_outlet, roster_csv, seed_central

FAMILIES = {"EW-1": [f"D{i}" for i in range(1, 8)], "EW-2": ["E1", "E2"]}


@pytest.fixture
def outlet(service, tmp_path, clock):
    seed_central(service.central, tmp_path, FAMILIES, clock(), periods=("2018-03", "2018-04"))
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
    yield ctx
    ctx.close()


def _count(ctx, model, *where):
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_small_pages_carry_what_they_refer_to(service, outlet, clock):
    # Renaming every family after the vouchers were issued gives the families later
    # versions than their vouchers: a voucher page must bring its family along.
    moved = dict(FAMILIES)
    with service.central.session() as s, s.begin():
        admin.import_roster(s, roster_csv(moved), clock())
    result = sync.sync_now(outlet, page_size=2)
    assert result.pages > 10
    assert _count(outlet, Family) == 7
    assert _count(outlet, Voucher) == 14
    assert _count(outlet, Product) == 4
    # a second sync has nothing new
    again = sync.sync_now(outlet, page_size=2)
    assert again.changes == 0 and again.pages == 1


def test_a_family_moved_to_another_outlet_is_told(service, outlet, clock):
    sync.sync_now(outlet)
    moved = {"EW-1": FAMILIES["EW-1"][:-1], "EW-2": [*FAMILIES["EW-2"], "D7"]}
    with service.central.session() as s, s.begin():
        result = admin.import_roster(s, roster_csv(moved), clock())
    assert result.moved == 1
    sync.sync_now(outlet)
    with outlet.db.read() as s:
        d7 = s.scalars(select(Family).where(Family.dtks_id == "D7")).one()
        assert d7.outlet_code == "EW-2"
    assert _count(outlet, Family, Family.outlet_code == "EW-1") == 6


def test_prices_and_ceilings_follow_the_office(service, outlet, clock):
    sync.sync_now(outlet)
    with service.central.session() as s, s.begin():
        admin.set_price(s, "BRS-M-5", clock(), price=46_000, ceiling=46_500)
    sync.sync_now(outlet)
    with outlet.db.read() as s:
        p = s.scalars(select(Product).where(Product.sku == "BRS-M-5")).one()
        assert (p.price, p.ceiling) == (46_000, 46_500)


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_a_page_the_outlet_cannot_apply_changes_nothing(service, outlet, clock):
    sync.sync_now(outlet)
    with outlet.db.read() as s:
        before = s.get(SyncState, outlet.device_id).pull_cursor
    # A product the outlet's catalogue refuses (sold by weight but counted in pieces),
    # written past the office's own checks, in the same page as a family change.
    with service.central.session() as s, s.begin():
        admin.import_roster(s, roster_csv({"EW-1": ["D1", "D8"]}), clock())
        bad = s.get(CentralProduct, "MNY-1")
        bad.fractional = True
        from ewarong_pos.central.changes import reserve

        bad.version = reserve(s, 1)
    with pytest.raises(DomainError):
        sync.sync_now(outlet)
    with outlet.db.read() as s:
        assert s.get(SyncState, outlet.device_id).pull_cursor == before
    assert _count(outlet, Family, Family.dtks_id == "D8") == 0
    status = sync.sync_status(outlet)
    assert status.state == "error" and "catalog" in status.last_error


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_fetching_ahead_never_confirms_a_page_that_was_not_applied(service, outlet, clock):
    # Small pages: page n+1 is fetched while page n is applied. A page in the middle that
    # the outlet refuses stops the pull there; the office must not count the page it had
    # already handed out ahead as applied (a USB export starts from what it counts).
    with service.central.session() as s, s.begin():
        admin.import_roster(s, roster_csv({"EW-1": ["D1", "D8"]}), clock())
        bad = s.get(CentralProduct, "MNY-1")
        bad.fractional = True
        from ewarong_pos.central.changes import reserve

        bad.version = reserve(s, 1)
        admin.import_roster(s, roster_csv(FAMILIES), clock())  # more pages after the bad one
    with pytest.raises(DomainError):
        sync.sync_now(outlet, page_size=2)
    with outlet.db.read() as s:
        applied = int(s.get(SyncState, outlet.device_id).pull_cursor or 0)
    assert applied > 0  # the pages before the bad one are in
    with service.central.session() as s:
        office = s.get(CentralDevice, outlet.device_id)
        assert office.pull_cursor <= applied < office.sent_cursor


def test_the_served_page_is_the_wire_models_json(service, outlet, clock):
    """The service sends plain values (changes.pull_payload); they are exactly the JSON of
    the validated page, row by row the same as the models' wire forms."""
    from ewarong_pos.central import changes
    from ewarong_pos.central.models import Family as CentralFamily
    from ewarong_pos.central.models import Voucher as CentralVoucher
    from ewarong_pos.protocol import schemas as w

    with service.central.session() as s, s.begin():
        device = s.get(CentralDevice, outlet.device_id)
        payload = changes.pull_payload(s, device, 0, 5000)
        page = w.PullPage.model_validate(payload)
        assert page.model_dump(mode="json") == payload
        # and as the outlet reads it (rows as dicts), the same page
        assert w.PulledPage.model_validate(payload).model_dump(mode="json") == payload
        assert w.PulledPage.of(page).model_dump(mode="json") == payload
        assert payload["families"] and payload["vouchers"] and payload["products"]
        for row in payload["families"]:
            family = s.scalars(
                select(CentralFamily).where(CentralFamily.dtks_id == row["dtks_id"])
            ).one()
            assert changes.wire_family(family).model_dump(mode="json") == row
        for row in payload["vouchers"]:
            voucher = s.get(CentralVoucher, row["code"])
            assert (
                changes.wire_voucher(voucher, row["redeemed_elsewhere"]).model_dump(mode="json")
                == row
            )
        for row in payload["products"]:
            product = s.get(CentralProduct, row["sku"])
            assert changes.wire_product(product).model_dump(mode="json") == row


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_a_row_the_outlet_refuses_is_a_page_conflict(service, outlet, clock):
    """A voucher the outlet's constraints refuse (a second voucher of the same family and
    month under another code) is a sync error naming the constraint; nothing applied."""
    sync.sync_now(outlet)
    with outlet.db.write() as s:  # this outlet's copy disagrees with the office
        voucher = s.scalars(select(Voucher).order_by(Voucher.id)).first()
        voucher.code = "LOCAL-ONLY"
    with service.central.session() as s, s.begin():
        admin.import_roster(s, roster_csv({"EW-1": [*FAMILIES["EW-1"], "D8"]}), clock())
        from ewarong_pos.central.changes import stamp
        from ewarong_pos.central.models import Voucher as CentralVoucher

        codes = s.scalars(select(CentralVoucher.code)).all()
        stamp(s, CentralVoucher, codes, ["EW-1"])
    with pytest.raises(DomainError) as refused:
        sync.sync_now(outlet)
    assert refused.value.code == "sync.page_conflict"
    assert refused.value.params["what"] == "voucher.family_id, voucher.period"
    assert _count(outlet, Family, Family.dtks_id == "D8") == 0


def test_pages_fetched_ahead_are_taken_together_and_an_error_after_them():
    """The fetching thread runs up to `ahead` pages in advance; the pages waiting are
    taken (and applied in one transaction) together, a fetch error only after them, and
    each request names the cursor committed at the outlet, never a fetched one."""
    import threading

    from ewarong_pos.protocol import schemas as w
    from ewarong_pos.sync.transport import Offline

    pages = [w.PullPage(since=i, cursor=i + 1, more=True) for i in range(4)]
    calls: list[tuple[int, int, int | None]] = []
    two_waiting = threading.Event()

    class Client:
        def pull(self, cursor, limit, *, applied=None):
            calls.append((cursor, limit, applied))
            if cursor == 2:
                two_waiting.set()  # pages 0 and 1 are in; this one waits for room
            if cursor == 3:
                raise Offline("connection cut")
            return pages[cursor]

    fetcher = sync._PageFetcher(Client(), 0, 50, ahead=2)
    try:
        assert two_waiting.wait(10)
        assert [p.cursor for p in fetcher.take(10_000)] == [1, 2]
        fetcher.applied = 2  # committed
        assert [p.cursor for p in fetcher.take(10_000)] == [3]
        with pytest.raises(Offline):
            fetcher.take(10_000)
    finally:
        fetcher.stop()
    # the first page small, then full ones; `applied` never ahead of what was committed
    assert calls[0] == (0, min(50, sync.FIRST_PULL_PAGE), None)
    assert all(limit == 50 for _c, limit, _a in calls[1:])
    assert all(applied is None or applied <= 2 for _c, _l, applied in calls)
    assert calls[-1][0] == 3


def test_the_pulled_rows_have_the_wire_models_keys_types_and_defaults():
    """`FamilyRow` / `VoucherRow` (the outlet's dict form of a pulled row) stay in step
    with `WireFamily` / `WireVoucher`: the same keys and types, a key may be absent where
    the model has a default and nowhere else; `PulledPage` has `PullPage`'s fields."""
    from typing import get_type_hints

    from pydantic import TypeAdapter, ValidationError

    from ewarong_pos.protocol import schemas as w

    family = {
        "dtks_id": "D1", "name": "N", "address": "", "rt_rw": "", "kelurahan": "",
        "kecamatan": "", "nik_hash": "h", "nik_last4": "1234", "kk_hash": "h",
        "kk_last4": "1234", "card_hash": None, "card_last4": "", "card_bank": "",
        "outlet_code": "EW-1", "status": "active", "status_reason": "", "flags": "",
        "updated_at": "t", "hash_version": 2,
    }  # fmt: skip
    voucher = {
        "code": "V", "family": "D1", "period": "2018-04", "amount": 1,
        "valid_from": "2018-04-01", "valid_until": "2018-06-30", "status": "open",
        "status_reason": "", "redeemed_elsewhere": 0, "updated_at": "t",
    }  # fmt: skip
    for row, model, full in (
        (w.FamilyRow, w.WireFamily, family),
        (w.VoucherRow, w.WireVoucher, voucher),
    ):
        assert get_type_hints(row) == {k: f.annotation for k, f in model.model_fields.items()}
        adapter = TypeAdapter(row)
        assert adapter.validate_python(full) == model.model_validate(full).model_dump()
        for key, field in model.model_fields.items():
            short = {k: v for k, v in full.items() if k != key}
            if field.is_required():
                with pytest.raises(ValidationError):
                    adapter.validate_python(short)
            else:
                assert adapter.validate_python(short) == short
        with pytest.raises(ValidationError):
            adapter.validate_python({**full, "typo": 1})
    assert list(w.PulledPage.model_fields) == list(w.PullPage.model_fields)
    for name, field in w.PullPage.model_fields.items():
        if name not in ("families", "vouchers"):
            assert w.PulledPage.model_fields[name].annotation == field.annotation
