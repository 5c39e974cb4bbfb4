"""The office's catalogue wins, whole: a barcode moves between SKUs, a local product of
another SKU loses the office's barcode, and a page that cannot apply is a sync error
naming the products (no traceback, nothing half-applied), which the next sync clears once
the office corrects it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ewarong_pos.central import admin
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Product
from ewarong_pos.services import catalog, sync
from tests.sync.harness import enrollment_code, make_outlet, seed_central

HEAD = "sku,barcode,name,category,unit,fractional,price,ceiling,reference_price\n"


def _products(service, tmp_path, clock, rows: str) -> None:
    path = tmp_path / "office-products.csv"
    path.write_text(HEAD + rows)
    with service.central.session() as s, s.begin():
        admin.set_products(s, path, clock())


def _barcodes(ctx) -> dict[str, str | None]:
    with ctx.db.read() as s:
        return dict(s.execute(select(Product.sku, Product.barcode)).all())


@pytest.fixture
def outlet(service, tmp_path, clock):
    seed_central(service.central, tmp_path, {"EW-1": ["D1"]}, clock())
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
    yield ctx
    ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.catalog", r"^barcode \S+ moves from")
def test_a_local_product_loses_the_offices_barcode(service, tmp_path, clock, outlet):
    # the demo's own SKU carries the barcode the office gives to its SKU
    catalog.upsert_categories(outlet, [catalog.CategorySpec("beras", "Beras", "Rice")])
    catalog.upsert_products(
        outlet,
        [
            catalog.ProductSpec(
                "BRS-MED-10", "Beras medium 10 kg", "beras", "pack", 94_000, barcode="8991001000101"
            )
        ],
    )
    _products(service, tmp_path, clock, "BRS10,8991001000101,Beras 10 kg,beras,pack,0,94000,,\n")
    result = sync.sync_now(outlet)
    assert result.changes > 0
    held = _barcodes(outlet)
    assert held["BRS10"] == "8991001000101" and held["BRS-MED-10"] is None
    assert sync.sync_status(outlet).state == "synced"


@pytest.mark.expect_log("ewarong_pos.services.catalog", r"^barcode \S+ moves from")
def test_barcodes_swapped_between_skus_move(service, tmp_path, clock, outlet):
    _products(
        service,
        tmp_path,
        clock,
        "A1,1111,Gula 1 kg,beras,pcs,0,14000,,\nB1,2222,Gula 2 kg,beras,pcs,0,28000,,\n",
    )
    sync.sync_now(outlet)
    _products(
        service,
        tmp_path,
        clock,
        "A1,2222,Gula 1 kg,beras,pcs,0,14000,,\nB1,1111,Gula 2 kg,beras,pcs,0,28000,,\n",
    )
    sync.sync_now(outlet)
    held = _barcodes(outlet)
    assert (held["A1"], held["B1"]) == ("2222", "1111")


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_a_page_that_cannot_apply_names_the_products(service, tmp_path, clock, outlet):
    sync.sync_now(outlet)
    before = _barcodes(outlet)
    # the office's own list gives one barcode to two SKUs (its table does not forbid it)
    _products(
        service,
        tmp_path,
        clock,
        "C1,3333,Kecap,beras,pcs,0,9000,,\nC2,3333,Kecap manis,beras,pcs,0,9500,,\n",
    )
    with pytest.raises(DomainError) as refused:
        sync.sync_now(outlet)
    assert refused.value.code == "sync.barcode_conflict"
    assert {refused.value.params["sku"], refused.value.params["other"]} == {"C1", "C2"}
    status = sync.sync_status(outlet)
    assert status.state == "error" and "C1" in status.last_error and "C2" in status.last_error
    assert _barcodes(outlet) == before  # nothing of the page applied
    with pytest.raises(DomainError):  # the same answer again, not a retry loop
        sync.sync_with_retry(outlet, attempts=3, sleep=lambda _s: None)
    # the office corrects it: the next sync applies the page
    _products(service, tmp_path, clock, "C2,4444,Kecap manis,beras,pcs,0,9500,,\n")
    sync.sync_now(outlet)
    held = _barcodes(outlet)
    assert (held["C1"], held["C2"]) == ("3333", "4444")
    assert sync.sync_status(outlet).state == "synced"
