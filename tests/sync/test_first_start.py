"""A real outlet from its first start: an empty data folder set up from the office.

The office is administered with the real commands; the outlet is set up with `ewarong
enroll URL CODE --data-dir EMPTY` against the real service on loopback, and again with
the office's sealed set-up file (USB stick, no network). Each then logs in with an
account the office made, redeems a family's voucher and uploads the sale exactly once.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from ewarong_pos.central.models import Voucher as CentralVoucher
from ewarong_pos.cli import main
from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.models import Account, Family, Outlet, Product, Voucher
from ewarong_pos.services import accounts, sales, setup, stock, sync
from ewarong_pos.services.context import open_outlet
from tests.sync.harness import PRODUCTS_CSV, Service, assert_exactly_once, roster_csv

OUTLET = "EW-3173-0002"
OTHER = "EW-3173-0001"


@pytest.fixture(autouse=True)
def _commands_on_the_test_clock(monkeypatch, clock):
    """The commands run in-process open the outlet on the same (2018) clock as the rest of
    the test: the journal refuses a fact dated before its last entry (clock.backwards)."""
    import ewarong_pos.services.context as context

    monkeypatch.setitem(context.open_outlet.__kwdefaults__, "clock", clock)


def _office(tmp_path, capsys, db: str) -> str:
    """The office's data through its commands; returns the outlet's one-time code."""
    products = tmp_path / "products.csv"
    products.write_text(PRODUCTS_CSV)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(roster_csv({OUTLET: ["D1", "D2", "D3"], OTHER: ["D9"]}))
    assert main(["central", "outlet", "register", OTHER, "e-Warong Melati", "--db", db]) == 0
    capsys.readouterr()
    register = [
        "central", "outlet", "register", OUTLET, "e-Warong Mawar Jaya",
        "--address", "Jl. Mawar No. 7, RT 002/RW 004", "--kelurahan", "Tanjung Duren Utara",
        "--kecamatan", "Grogol Petamburan", "--city", "Jakarta Barat",
        "--phone", "021-5600 7788", "--db", db,
    ]  # fmt: skip
    assert main(register) == 0
    code = re.search(r"code .*: (\S+)", capsys.readouterr().out).group(1)
    assert main(["central", "products", "set", str(products), "--db", db]) == 0
    assert main(["central", "roster", "import", str(roster), "--db", db]) == 0
    issue = [
        "central", "vouchers", "issue", "--period", "2018-04", "--amount", "110000",
        "--categories", "beras,telur", "--valid-from", "2018-04-01",
        "--valid-until", "2018-04-30", "--db", db,
    ]  # fmt: skip
    assert main(issue) == 0
    for user, name, role, pin in (("siti", "Siti Aminah", "cashier", "1357"),
                                  ("bu.rina", "Rina", "manager", "2468")):  # fmt: skip
        assert main(["central", "account", OUTLET, user, name, role, "--pin", pin, "--db", db]) == 0
    capsys.readouterr()
    return code


def _serve_and_redeem(data_dir, clock) -> None:
    """Log in with the office's accounts, receive goods, redeem D1's voucher."""
    ctx = open_outlet(data_dir, clock=clock)
    try:
        cashier = accounts.authenticate(ctx, "siti", "1357")
        manager = accounts.authenticate(ctx, "bu.rina", "2468")
        assert cashier.role == "cashier" and manager.role == "manager"
        with ctx.db.read() as s:
            products = dict(s.execute(select(Product.sku, Product.id)).all())
            d1 = s.scalars(select(Family.id).where(Family.dtks_id == "D1")).one()
        stock.receive_delivery(
            ctx, manager.id, "Bulog", "SJ-1",
            [stock.DeliveryLine(products["BRS-M-5"], 10_000, 45_000)],
        )  # fmt: skip
        sale = sales.redeem(ctx, cashier.id, d1, [sales.CartLine(products["BRS-M-5"], 2000)])
        assert sale.total == 94_000
    finally:
        ctx.close()


def _check_outlet(data_dir) -> None:
    ctx = open_outlet(data_dir)
    try:
        with ctx.db.read() as s:
            outlet = s.scalars(select(Outlet)).one()
            assert (outlet.code, outlet.name) == (OUTLET, "e-Warong Mawar Jaya")
            assert outlet.kelurahan == "Tanjung Duren Utara"
            assert outlet.phone == "021-5600 7788" and outlet.city == "Jakarta Barat"
            assert s.scalar(select(func.count()).select_from(Family)) == 3  # not EW-3173-0001's
            assert s.scalar(select(func.count()).select_from(Voucher)) == 3
            assert s.scalar(select(func.count()).select_from(Product)) == 4
            assert set(s.scalars(select(Account.username))) == {"siti", "bu.rina"}
    finally:
        ctx.close()


def test_empty_folder_enrolls_online_logs_in_and_redeems(tmp_path, capsys, clock):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    code = _office(tmp_path, capsys, db)
    service = Service(db)
    try:
        data_dir = tmp_path / "outlet"
        data_dir.mkdir()
        assert main(["enroll", service.url, code, "--data-dir", str(data_dir)]) == 0
        out = capsys.readouterr().out
        assert f"outlet {OUTLET} (e-Warong Mawar Jaya) set up" in out
        assert "16 of 16 rows" in out  # 3 families, 3 vouchers, 4 products, 2 accounts, ...
        _check_outlet(data_dir)
        # a set-up folder is never set up again
        ctx = open_outlet(data_dir)
        try:
            with pytest.raises(DomainError) as refused:
                setup.set_up_online(ctx, service.url, code)
            assert refused.value.code == "setup.already"
        finally:
            ctx.close()

        _serve_and_redeem(data_dir, clock)
        assert main(["sync", "--data-dir", str(data_dir)]) == 0
        assert "waiting 0" in capsys.readouterr().out
        ctx = open_outlet(data_dir)
        try:
            assert_exactly_once(ctx, service.central)
        finally:
            ctx.close()
        with service.central.session() as s:
            assert s.get(CentralVoucher, "BPNT-2018-04-D1").redeemed == 94_000
    finally:
        service.stop()


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
def test_lost_enroll_answer_is_retried_with_the_same_code(tmp_path, capsys, clock):
    """The office stored the enrollment but the answer never arrived: the PC asks again
    with the same code and the same device id, and is set up."""
    db = f"sqlite:///{tmp_path / 'office.db'}"
    code = _office(tmp_path, capsys, db)
    service = Service(db)
    try:
        data_dir = tmp_path / "outlet"
        data_dir.mkdir()
        ctx = open_outlet(data_dir)
        try:
            from ewarong_pos.protocol import schemas as w
            from ewarong_pos.sync.client import CentralClient
            from ewarong_pos.sync.transport import HttpTransport

            device_id = setup._pending_device_id(ctx)
            client = CentralClient(HttpTransport(service.url))
            client.enroll(w.EnrollRequest(code=code, device_id=device_id, device_code="K1"))
            client.close()  # ... and the answer is lost
        finally:
            ctx.close()
        assert main(["enroll", service.url, code, "--data-dir", str(data_dir)]) == 0
        _check_outlet(data_dir)
        # another PC cannot take the used code
        other = tmp_path / "other"
        other.mkdir()
        assert main(["enroll", service.url, code, "--data-dir", str(other)]) == 2
        assert "enroll.code" in capsys.readouterr().err
    finally:
        service.stop()


def test_empty_folder_from_the_usb_set_up_file(tmp_path, capsys, clock):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    _office(tmp_path, capsys, db)
    setup_file = tmp_path / "usb" / "ew-0002-setup.json"
    setup_file.parent.mkdir()
    assert (
        main(["central", "export", "--outlet", OUTLET, "--setup", str(setup_file), "--db", db]) == 0
    )
    code = re.search(r"code to open it .*: (\S+)", capsys.readouterr().out).group(1)
    raw = setup_file.read_text()
    for clear in ("Siti Aminah", "$argon2id", "Keluarga D1", "BPNT-2018-04"):
        assert clear not in raw  # sealed

    data_dir = tmp_path / "outlet"
    data_dir.mkdir()
    # a wrong code opens nothing and sets nothing up
    assert main(["enroll", str(setup_file), "AAAA-BBBB-CCCC", "--data-dir", str(data_dir)]) == 2
    assert "Kode tidak membuka berkas" in capsys.readouterr().err
    altered = tmp_path / "altered.json"
    body = json.loads(raw)
    body["outlet_code"] = OTHER
    altered.write_text(json.dumps(body))
    assert main(["enroll", str(altered), code, "--data-dir", str(data_dir)]) == 2
    capsys.readouterr()

    assert main(["enroll", str(setup_file), code, "--data-dir", str(data_dir)]) == 0
    assert f"outlet {OUTLET}" in capsys.readouterr().out
    _check_outlet(data_dir)
    _serve_and_redeem(data_dir, clock)

    # the journal goes back on the stick, and the office takes it like a push
    journal_file = tmp_path / "usb" / "journal.json"
    assert main(["sync", "export", str(journal_file), "--data-dir", str(data_dir)]) == 0
    assert main(["central", "import", str(journal_file), "--db", db]) == 0
    capsys.readouterr()
    from ewarong_pos.central.core.db import CentralDB

    central = CentralDB(db)
    try:
        with central.session() as s:
            assert s.get(CentralVoucher, "BPNT-2018-04-D1").redeemed == 94_000
    finally:
        central.close()
    ctx = open_outlet(data_dir)
    try:
        assert sync.load_identity(ctx).outlet_code == OUTLET
    finally:
        ctx.close()
