"""The office's roster import keeps the outlet's rules (issue 17 point 3, issue 14's last
point): a voucher is never set below what was redeemed; many NIK/KK changes need the count."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from ewarong_pos.central import admin
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import Family, Voucher
from ewarong_pos.cli import main
from tests.sync.harness import roster_csv

NOW = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)
IDS = [f"D{i}" for i in range(1, 9)]


@pytest.fixture
def office(tmp_path):
    url = f"sqlite:///{tmp_path / 'office.db'}"
    assert main(["central", "outlet", "register", "EW-1", "e-Warong Melati", "--db", url]) == 0
    central = CentralDB(url)
    with central.session() as s, s.begin():
        admin.set_category(s, "beras", "Beras", "Rice")
        admin.issue_vouchers(
            s, "2018-04", 110_000, ["beras"], dt.date(2018, 4, 1), dt.date(2018, 4, 30), NOW
        )
        admin.import_roster(s, roster_csv({"EW-1": IDS}, period="2018-04"), NOW)
        s.execute(update(Voucher).where(Voucher.code == "BPNT-2018-04-D2").values(redeemed=100_000))
    yield central
    central.close()


def state(central):
    with central.session() as s:
        return (
            sorted(s.execute(select(Voucher.code, Voucher.amount, Voucher.redeemed)).all()),
            sorted(s.execute(select(Family.dtks_id, Family.nik_hash, Family.kk_hash)).all()),
        )


def test_a_voucher_is_never_set_below_what_was_redeemed(office):
    before = state(office)
    with pytest.raises(Refused) as info, office.session() as s, s.begin():
        admin.import_roster(s, roster_csv({"EW-1": IDS}, period="2018-04", amount=1000), NOW)
    assert info.value.code == "roster.below_allocated"
    assert info.value.detail.startswith("line 3: amount 1000 is below the 100000 already")
    assert state(office) == before


def test_many_identifier_changes_need_the_count(office, tmp_path, capsys):
    shifted = roster_csv({"EW-1": ["X0", *IDS]}, period="2018-04")  # every NIK moves one row
    before = state(office)
    with pytest.raises(Refused) as info, office.session() as s, s.begin():
        admin.import_roster(s, shifted, NOW)
    assert info.value.code == "roster.identifier_changes"
    assert info.value.params == {"count": 8, "total": 8}
    assert state(office) == before
    path = tmp_path / "shifted.csv"
    path.write_bytes(shifted)
    url = str(office.engine.url)
    assert main(["central", "roster", "import", str(path), "--db", url]) == 2
    assert "--accept-identifier-changes 8" in capsys.readouterr().err
    argv = ["central", "roster", "import", str(path), "--db", url]
    assert main([*argv, "--accept-identifier-changes", "8"]) == 0
    assert "NIK/KK of 8 known families changed" in capsys.readouterr().out
