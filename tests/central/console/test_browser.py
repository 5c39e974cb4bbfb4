"""The office console in a real browser (Playwright driving Debian's Chromium) against the
real service on a loopback port, SQLite and PostgreSQL, with the real outlet client:

sign in; register an outlet and read its one-time code; the outlet enrolls with it and
syncs; a roster with errors shows its problems and applies nothing, a good one applies;
vouchers are issued; the outlet's redemptions show on the dashboard and in reconciliation;
a dispute (one voucher redeemed by two tills offline) is resolved; a device is revoked and
its next sync is refused. Each page is photographed (1366x768); with
EWARONG_CONSOLE_SCREENSHOTS=docs/console the pictures of the SQLite run are kept there.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ewarong_pos.central import admin
from ewarong_pos.central.models import Family
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import sales, stock, sync
from tests.central.console.conftest import PASSWORDS, add_staff
from tests.sync.harness import (
    PRODUCTS_CSV,
    Service,
    env_postgres,
    make_outlet,
    nik,
    postgres_database,
    roster_csv,
)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed (apt-get install chromium; .ci/run does it)",
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS_ENV = "EWARONG_CONSOLE_SCREENSHOTS"


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """As the suite's own check, less Playwright's event-loop helper threads, which live as
    long as the module's one browser."""
    before = set(threading.enumerate())
    yield
    leftover = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.daemon and not t.name.startswith("asyncio")
    ]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request, tmp_path, clock):
    if request.param == "sqlite":
        svc = Service(f"sqlite:///{tmp_path / 'office.db'}", clock=clock)
        yield request.param, svc
        svc.stop()
        return
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    with postgres_database(base) as url:
        svc = Service(url, clock=clock)
        yield request.param, svc
        svc.stop()


BAD_ROSTER = (
    b"id_dtks,nama,nik,no_kk,no_kks,bank,alamat,kelurahan,kecamatan,kode_ewarong,status\n"
    b"D1,Keluarga Satu,3171011204850001,3171010101100001,,BNI,Jl. Melati 1,Kebon Melati,"
    b"Tanah Abang,EW-3171-0001,aktif\n"
    b",Tanpa ID,3171011204850002,3171010101100002,,BNI,Jl. Melati 2,Kebon Melati,"
    b"Tanah Abang,EW-3171-0001,active\n"
)
OUTLET = "EW-3171-0001"


def _good_roster() -> bytes:
    data = roster_csv({OUTLET: ["D1", "D2", "D3", "D4", "D5", "D6"]})
    return data.replace(b"Keluarga D6", b'"<script>alert(1)</script>"')


class Shots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str) -> None:
        page.screenshot(path=str(self.folder / f"{name}.png"))


def _ids(ctx):
    from ewarong_pos.db.models import Account, Family, Product

    with ctx.db.read() as s:
        accounts = dict(s.execute(select(Account.username, Account.id)).all())
        products = dict(s.execute(select(Product.sku, Product.id)).all())
        families = dict(s.execute(select(Family.dtks_id, Family.id)).all())
    return accounts, products, families


def _stock_up(ctx) -> None:
    accounts, products, _ = _ids(ctx)
    stock.receive_delivery(
        ctx,
        accounts["bu.rina"],
        "Bulog",
        "SJ-1",
        [stock.DeliveryLine(products["BRS-M-5"], 40_000, 45_000)],
    )


def _redeem(ctx, dtks: str, packs: int) -> int:
    accounts, products, families = _ids(ctx)
    sale = sales.redeem(
        ctx,
        accounts["kasir"],
        families[dtks],
        [sales.CartLine(products["BRS-M-5"], packs * 1000)],
    )
    return sale.total


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
@pytest.mark.expect_log("ewarong_pos.central.admin", r"revoked")
@pytest.mark.expect_log("ewarong_pos.central.ingest", r"disputed: ")
@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_the_office_day_in_a_browser(browser, office, tmp_path, clock):
    from playwright.sync_api import expect

    backend, service = office
    kept = os.environ.get(SHOTS_ENV)
    shots = Shots(Path(kept) if kept and backend == "sqlite" else tmp_path / "shots")
    add_staff(service.central, clock())
    products = tmp_path / "products.csv"
    products.write_text(PRODUCTS_CSV)
    with service.central.session() as s, s.begin():  # the CLI's own commands, as at set-up
        admin.set_category(s, "beras", "Beras", "Rice")
        admin.set_category(s, "telur", "Telur", "Eggs")
        admin.set_category(s, "minyak", "Minyak goreng", "Cooking oil")
        admin.set_products(s, products, clock())

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    outlets = []
    try:
        # --- sign in -------------------------------------------------------------------
        page.goto(f"{service.url}/console/")
        assert page.url.endswith("/console/signin")
        shots(page, "signin")
        page.fill("#username", "admin")
        page.fill("#password", "salah-sandi-sekali")
        page.click("button[type=submit]")
        assert "salah" in page.inner_text(".flash.err")
        page.fill("#username", "admin")
        page.fill("#password", PASSWORDS["admin"])
        page.click("button[type=submit]")
        assert page.url.endswith("/console/")
        cookie = next(c for c in context.cookies() if c["name"] == "ewarong_staff")
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        # --- register an outlet and read its code ---------------------------------------
        page.click('nav a[href="/console/outlets"]')
        page.fill("#outlet-code", OUTLET)
        page.fill("#outlet-name", "e-Warong Melati")
        form = page.locator("#register-form")
        form.locator("input[name=address]").fill("Jl. Melati No. 5, RT 003/RW 007")
        form.locator("input[name=kelurahan]").fill("Kebon Melati")
        form.locator("input[name=kecamatan]").fill("Tanah Abang")
        form.locator("input[name=city]").fill("Jakarta Pusat")
        form.locator("select[name=price_zone]").select_option("1")
        page.click("#register-form button[type=submit]")
        code = page.inner_text("#enrollment-code").strip()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert page.locator("img.qr").get_attribute("src").startswith("data:image/svg+xml")
        shots(page, "outlet-code")
        with service.central.session() as s:
            registered = s.get(admin.Outlet, OUTLET)
            assert (registered.kecamatan, registered.price_zone) == ("Tanah Abang", 1)

        # --- the real outlet client enrolls with it and syncs ------------------------------
        k1 = make_outlet(tmp_path / "k1", OUTLET, clock, "K1")
        outlets.append(k1)
        sync.enroll(k1, service.url, code)
        assert sync.sync_now(k1).pushed >= 1

        # --- a roster with errors: problems shown, nothing applied; then a good one -------
        page.click('nav a[href="/console/roster"]')
        bad = tmp_path / "roster-rusak.csv"
        bad.write_bytes(BAD_ROSTER)
        page.set_input_files("#roster-file", str(bad))
        page.click("#roster-form button[type=submit]")
        assert page.locator("#roster-refused").is_visible()
        problems = page.locator("#problems-table tbody tr")
        assert problems.count() >= 2
        table = page.inner_text("#problems-table")
        assert "status" in table and "id_dtks" in table
        shots(page, "roster-problems")
        with service.central.session() as s:
            assert s.scalar(select(func.count()).select_from(Family)) == 0
        good = tmp_path / "roster.csv"
        good.write_bytes(_good_roster())
        page.set_input_files("#roster-file", str(good))
        page.click("#roster-form button[type=submit]")
        assert "6 keluarga" in page.inner_text("#roster-ok")
        shots(page, "roster-check")
        with service.central.session() as s:  # checked, still nothing applied
            assert s.scalar(select(func.count()).select_from(Family)) == 0
        page.click("#roster-apply")
        assert "Diterapkan: 6 keluarga" in page.inner_text(".flash.ok")
        history = page.inner_text("#roster-history")
        assert "diterapkan" in history and "ditolak" in history
        shots(page, "roster")

        # --- issue vouchers --------------------------------------------------------------
        page.click('nav a[href="/console/periods"]')
        page.fill("#period", "2018-04")
        page.fill("#amount", "110000")
        page.fill("#categories", "beras,telur")
        page.fill("#valid-from", "2018-04-01")
        page.fill("#valid-until", "2018-04-30")
        page.click("#issue-form button[type=submit]")
        assert "6 voucher baru" in page.inner_text(".flash.ok")
        assert "Rp\u00a0660.000" in page.inner_text("#periods-table")  # never wraps inside
        shots(page, "periods")

        # --- products: a price change, with its history ------------------------------------
        page.click('nav a[href="/console/products"]')
        row = page.locator("#products-table tr", has_text="BRS-M-5")
        row.locator("input[name=price]").fill("46000")
        row.locator("button").click()
        assert "BRS-M-5" in page.inner_text(".flash.ok")
        assert "Rp\u00a046.000" in page.inner_text("#price-history")
        shots(page, "products")

        # --- a second till, by a new code from the outlet page --------------------------
        page.goto(f"{service.url}/console/outlets/{OUTLET}")
        page.click("text=Buat kode pendaftaran baru")
        code2 = page.inner_text("#enrollment-code").strip()
        k2 = make_outlet(tmp_path / "k2", OUTLET, clock, "K2")
        outlets.append(k2)
        sync.enroll(k2, service.url, code2)
        with service.central.session() as s, s.begin():
            admin.add_account(s, OUTLET, "kasir", "Siti", "cashier", "1357")
            admin.add_account(s, OUTLET, "bu.rina", "Rina", "manager", "2468")
        for ctx in (k1, k2):
            sync.sync_now(ctx)
            _stock_up(ctx)
        # redemptions: D1 at K1; D2 at both tills while offline (a double redemption)
        redeemed = _redeem(k1, "D1", 2) + _redeem(k1, "D2", 2) + _redeem(k2, "D2", 2)
        assert sync.sync_now(k1).disputed == 0
        assert sync.sync_now(k2).disputed == 1

        # --- the dashboard and reconciliation show them --------------------------------------
        page.click('nav a[href="/console/"]')
        assert page.inner_text("#redeemed-today") == f"Rp\u00a0{redeemed:,}".replace(",", ".")
        assert "Tanah Abang" in page.inner_text("#area-table")
        assert "2 / 6" in page.inner_text("#area-table")  # families collected / assigned
        shots(page, "dashboard")
        page.click('nav a[href="/console/reconciliation"]')
        recon = page.inner_text("#recon-table")
        assert OUTLET in recon and f"Rp\u00a0{redeemed:,}".replace(",", ".") in recon
        shots(page, "reconciliation")
        with page.expect_download() as pdf:
            page.click("text=Unduh PDF")
        from pypdf import PdfReader

        text = PdfReader(pdf.value.path()).pages[0].extract_text()
        assert "Rekonsiliasi" in text and OUTLET in text
        assert f"Rp {redeemed:,}".replace(",", ".") in text

        # --- families: a typed NIK finds the family, masked; markup shows as text ---------
        page.click('nav a[href="/console/families"]')
        page.fill("#q", "Keluarga")
        page.click("#family-search button[type=submit]")
        shots(page, "families")
        page.fill("#q", nik(1))
        page.click("#family-search button[type=submit]")
        # count() does not wait: the search's page may still be loading (seen on PostgreSQL)
        expect(page.locator("#families-table tbody tr")).to_have_count(1)
        shown = page.inner_text("#families-table")
        assert "D1" in shown and nik(1) not in shown and nik(1)[-4:] in shown
        assert nik(1) not in page.content()
        page.fill("#q", "script")
        page.click("#family-search button[type=submit]")
        assert page.inner_text(".family-name") == "<script>alert(1)</script>"
        page.fill("#q", "D2")
        page.click("#family-search button[type=submit]")
        page.click("#families-table >> text=D2")
        expect(page.locator("#family-redemptions tbody tr")).to_have_count(2)
        shots(page, "family")

        # --- resolve the dispute -------------------------------------------------------
        page.click('nav a[href="/console/disputes"]')
        assert "ditebus melebihi nominal" in page.inner_text("#disputes-table")
        page.fill("form.resolve input[name=note]", "Dicek dengan pendamping: K2 salah input")
        page.click("form.resolve button")
        assert "diselesaikan" in page.inner_text(".flash.ok")
        assert "K2 salah input" in page.inner_text("#disputes-table")
        shots(page, "disputes")

        # --- revoke the second till; its next sync is refused ------------------------------
        page.goto(f"{service.url}/console/outlets/{OUTLET}")
        device = page.locator("tr.device", has_text="K2")
        device.locator("input[name=reason]").fill("PC hilang dicuri")
        device.locator("button").click()
        assert "dicabut" in page.inner_text(".flash.ok")
        shots(page, "outlet")
        page.click('nav a[href="/console/outlets"]')
        assert "EW-3171-0001" in page.inner_text("#outlets-table")
        shots(page, "outlets")
        with pytest.raises(DomainError) as refused:
            sync.sync_now(k2)
        assert refused.value.params["reason"] == "device.revoked"
        assert sync.sync_now(k1).pushed == 0  # the other till goes on

        # --- the audit log names every action, who and from where --------------------------
        page.click('nav a[href="/console/audit"]')
        audit = page.inner_text("#audit-table")
        for action in (
            "device.revoke",
            "dispute.resolve",
            "vouchers.issue",
            "roster.apply",
            "outlet.register",
            "signin",
            "family.search",
        ):
            assert action in audit, action
        assert "127.0.0.1" in audit
        shots(page, "audit")
        page.click('nav a[href="/console/staff"]')
        shots(page, "staff")
        page.goto(f"{service.url}/console/lang/en")
        assert "Redemptions today" in page.inner_text("main")
        shots(page, "dashboard-en")

        # --- sign out ----------------------------------------------------------------------
        page.goto(f"{service.url}/console/lang/id")
        page.click("#signout")
        assert page.url.endswith("/console/signin")
        page.goto(f"{service.url}/console/disputes")
        assert page.url.endswith("/console/signin")
        assert dialogs == []  # no script from the roster ever ran
    finally:
        context.close()
        for ctx in outlets:
            ctx.close()
