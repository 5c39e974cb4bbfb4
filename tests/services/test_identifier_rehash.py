"""The re-hash migration (issue 17, point 1): hashes written by the version-1 app become
version 2 in place, at the outlet and at the office, without any identifier; a family
pulled in version 1 is re-hashed on arrival; look-ups find them all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, update

from ewarong_pos.central import admin
from ewarong_pos.central.core.db import CentralDB
from ewarong_pos.central.models import Family as CentralFamily
from ewarong_pos.central.models import Setting as CentralSetting
from ewarong_pos.core.identifiers import HASH_VERSION, keyed_hash, keyed_hash_v1
from ewarong_pos.db.models import Family, Setting
from ewarong_pos.protocol import schemas as w
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.families import _search
from ewarong_pos.services.settings import IDENTIFIERS_HASH_VERSION
from ewarong_pos.services.sync import apply_page
from tests.services.test_roster_import import configure
from tests.services.test_roster_safety import card, csv_text, nik, row
from tests.sync.harness import roster_csv

NOW = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)


@pytest.mark.expect_log("ewarong_pos.services.context", r"re-hashed to version")
def test_an_outlet_written_by_version_1_is_rehashed_at_its_next_start(ctx, tmp_path, clock):
    from ewarong_pos.services.roster import import_roster

    configure(ctx, "2018-04")
    path = tmp_path / "r.csv"
    path.write_text(csv_text([row(i) for i in range(1, 6)]), "utf-8")
    import_roster(ctx, path)
    key = ctx.lookup_key
    with ctx.db.write() as s:  # the database as the version-1 app left it
        for i in range(1, 6):
            s.execute(
                update(Family)
                .where(Family.dtks_id == f"JKT-{i:08d}")
                .values(nik_hash=keyed_hash_v1(key, "nik", nik(i)),
                        card_hash=keyed_hash_v1(key, "card", card(i)))
            )  # fmt: skip
        s.execute(delete(Setting).where(Setting.key == IDENTIFIERS_HASH_VERSION.key))
    root = ctx.data_dir.root
    ctx.close()
    again = open_outlet(root, clock=clock)
    try:
        with again.db.read() as s:
            assert s.get(Setting, IDENTIFIERS_HASH_VERSION.key).value == str(HASH_VERSION)
            fam = s.scalars(select(Family).where(Family.dtks_id == "JKT-00000003")).one()
            assert fam.nik_hash == keyed_hash(key, "nik", nik(3))
        with again.db.lookup() as conn:  # the counter's look-up (without its audit row)
            assert [h.dtks_id for h in _search(conn, key, card(4), 5, None)[1]] == ["JKT-00000004"]
            assert [h.dtks_id for h in _search(conn, key, nik(2), 5, None)[1]] == ["JKT-00000002"]
    finally:
        again.close()


@pytest.mark.expect_log("ewarong_pos.central.admin", r"re-hashed to version")
def test_the_office_rehashes_once_and_keeps_change_numbers(tmp_path):
    from tests.sync.harness import card as h_card
    from tests.sync.harness import nik as h_nik

    url = f"sqlite:///{tmp_path / 'office.db'}"
    central = CentralDB(url)
    columns = (CentralFamily.dtks_id, CentralFamily.nik_hash, CentralFamily.kk_hash,
               CentralFamily.card_hash, CentralFamily.version)  # fmt: skip
    with central.session() as s, s.begin():
        admin.import_roster(s, roster_csv({"EW-1": ["D1", "D2"]}), NOW)
        key = admin.lookup_key(s)
        current = sorted(s.execute(select(*columns)).all())
        for i, dtks in enumerate(("D1", "D2"), start=1):  # as the version-1 office left it
            s.execute(
                update(CentralFamily)
                .where(CentralFamily.dtks_id == dtks)
                .values(nik_hash=keyed_hash_v1(key, "nik", h_nik(i)),
                        kk_hash=keyed_hash_v1(key, "kk", h_nik(i + 5000)),
                        card_hash=keyed_hash_v1(key, "card", h_card(i)))
            )  # fmt: skip
        s.execute(delete(CentralSetting).where(CentralSetting.key == admin.HASH_VERSION_KEY))
    central.close()
    central = CentralDB(url)  # the first start after the upgrade
    try:
        with central.session() as s:
            # the same values the version-2 import wrote, and the same change numbers:
            # outlets re-hash their own copies, nothing to pull again
            assert sorted(s.execute(select(*columns)).all()) == current
            assert current[0][1] == keyed_hash(key, "nik", h_nik(1))
            setting = s.get(CentralSetting, admin.HASH_VERSION_KEY)
            assert setting is not None and setting.value == str(HASH_VERSION)
    finally:
        central.close()


def test_a_family_pulled_in_version_1_is_rehashed_on_arrival(ctx):
    key = ctx.lookup_key
    family = w.WireFamily(
        dtks_id="D9", name="Keluarga D9", nik_hash=keyed_hash_v1(key, "nik", nik(9)),
        nik_last4=nik(9)[-4:], kk_hash="", kk_last4="",
        card_hash=keyed_hash_v1(key, "card", card(9)), card_last4=card(9)[-4:],
        outlet_code="EW-3171-0001", status="active",
        updated_at="2018-04-12T02:00:00.000000Z",
    )  # fmt: skip
    page = w.PullPage(since=0, cursor=1, more=False, families=[family])
    with ctx.db.write() as s:
        apply_page(s, ctx.device_id, page, ctx.now_iso(), lookup_key=key)
    with ctx.db.lookup() as conn:
        assert [h.dtks_id for h in _search(conn, key, card(9), 5, None)[1]] == ["D9"]
        assert [h.dtks_id for h in _search(conn, key, nik(9), 5, None)[1]] == ["D9"]
