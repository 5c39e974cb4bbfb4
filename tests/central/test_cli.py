"""`ewarong central ...` administers the office database; `ewarong enroll`/`sync` use it."""

from __future__ import annotations

import re

import pytest

from ewarong_pos.cli import main
from tests.sync.harness import PRODUCTS_CSV, roster_csv


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
@pytest.mark.expect_log("ewarong_pos.central.admin", r"revoked")
def test_office_commands_and_outlet_enrollment(tmp_path, capsys, clock):
    from tests.sync.harness import Service

    db = f"sqlite:///{tmp_path / 'office.db'}"
    products = tmp_path / "products.csv"
    products.write_text(PRODUCTS_CSV)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(roster_csv({"EW-1": ["D1", "D2"], "EW-2": ["D3"]}))

    assert main(["central", "outlet", "register", "EW-1", "e-Warong Melati", "--db", db]) == 0
    code = re.search(r"code .*: (\S+)", capsys.readouterr().out).group(1)
    assert main(["central", "products", "set", str(products), "--db", db]) == 0
    assert main(["central", "roster", "import", str(roster), "--db", db]) == 0
    assert "3 families" in capsys.readouterr().out
    assert (
        main(
            [
                "central",
                "vouchers",
                "issue",
                "--period",
                "2018-04",
                "--amount",
                "110000",
                "--categories",
                "beras,telur",
                "--valid-from",
                "2018-04-01",
                "--valid-until",
                "2018-04-30",
                "--db",
                db,
            ]
        )
        == 0
    )
    assert "3 vouchers of Rp 110.000" in capsys.readouterr().out
    assert main(["central", "products", "price", "BRS-M-5", "46500", "--db", db]) == 0
    assert main(["central", "products", "ceiling", "BRS-M-5", "46000", "--db", db]) == 2
    assert "product.price" in capsys.readouterr().err
    assert (
        main(
            ["central", "account", "EW-1", "kasir", "Siti", "cashier", "--pin", "1357", "--db", db]
        )
        == 0
    )

    service = Service(db)
    try:
        data_dir = tmp_path / "outlet"
        from ewarong_pos.services.context import open_outlet
        from ewarong_pos.services.outlet import setup_outlet

        ctx = open_outlet(data_dir)
        setup_outlet(ctx, "EW-1", "e-Warong Melati")
        ctx.close()
        capsys.readouterr()
        assert main(["enroll", service.url, code, "--data-dir", str(data_dir)]) == 0
        assert "outlet EW-1" in capsys.readouterr().out
        assert main(["sync", "--data-dir", str(data_dir)]) == 0
        out = capsys.readouterr().out
        assert "pushed 1" in out and "waiting 0" in out
        assert main(["sync", "status", "--data-dir", str(data_dir)]) == 0
        assert "state: synced" in capsys.readouterr().out
        # the code works once: another PC cannot take it (the same PC may ask again
        # while it is valid, its answer having been lost: tests/sync/test_first_start.py)
        other = tmp_path / "other"
        ctx = open_outlet(other)
        setup_outlet(ctx, "EW-1", "e-Warong Melati")
        ctx.close()
        assert main(["enroll", service.url, code, "--data-dir", str(other)]) == 2
    finally:
        service.stop()

    assert main(["central", "outlets", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "EW-1" in listing and "stored up to 1" in listing
    assert "changes since last pull 0" in listing
    device = re.search(r"device K1 (\S+):", listing).group(1)
    assert main(["central", "reconcile", "--db", db]) == 0
    assert main(["central", "revoke", device, "--reason", "stolen", "--db", db]) == 0
    assert main(["central", "outlets", "--db", db]) == 0
    assert "REVOKED" in capsys.readouterr().out


def test_a_bad_roster_changes_nothing_at_the_office(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    good = tmp_path / "roster.csv"
    good.write_bytes(roster_csv({"EW-1": ["D1", "D2"]}))
    assert main(["central", "roster", "import", str(good), "--db", db]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(roster_csv({"EW-1": ["D1", "D3"]}) + b"D4,Budi\n")
    capsys.readouterr()
    assert main(["--lang", "en", "central", "roster", "import", str(bad), "--db", db]) == 2
    assert "rejected" in capsys.readouterr().err
    from ewarong_pos.central.core.db import CentralDB
    from ewarong_pos.central.models import Family

    central = CentralDB(db)
    try:
        with central.session() as s:
            assert sorted(f.dtks_id for f in s.query(Family)) == ["D1", "D2"]
    finally:
        central.close()


def test_month_names_follow_lang(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    issue = ["central", "vouchers", "issue", "--period", "2026-12", "--amount", "110000",
             "--categories", "beras", "--valid-from", "2026-12-01", "--valid-until",
             "2026-12-31", "--db", db]  # fmt: skip
    assert main(["--lang", "en", *issue]) == 0
    assert "December 2026: 0 vouchers" in capsys.readouterr().out
    assert main(["--lang", "id", *issue]) == 0
    assert "Desember 2026: 0 vouchers" in capsys.readouterr().out
