"""Vouchers partitioned by period on PostgreSQL (migration c0005, `central.partitions`).

A month's issue lands in a partition of its own, attached with its indexes and foreign
keys; the keys that must include the period still hold what they held (one voucher per
family and month, a code once); a month written another way stays in the default
partition until `split_default` moves it; downgrading and upgrading keep every voucher;
autogenerate, told to skip the partitions as env.py is, finds nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from ewarong_pos.central import admin, partitions
from ewarong_pos.central.core.db import CentralDB, alembic_config, current_revision, upgrade
from ewarong_pos.central.models import Base, Period, Voucher
from tests.sync.harness import env_postgres, postgres_database, seed_central

pytestmark = pytest.mark.postgres

NOW = dt.datetime(2018, 4, 12, 2, 0, tzinfo=dt.UTC)
FAMILIES = {"EW-1": ["D1", "D2"], "EW-2": ["E1"]}


@pytest.fixture
def central(tmp_path):
    base = env_postgres()
    if not base:
        pytest.skip("EWARONG_TEST_POSTGRES_URL not set")
    with postgres_database(base) as url:
        central = CentralDB(url)
        seed_central(central, tmp_path, FAMILIES, NOW, periods=("2018-04", "2018-05"))
        yield central
        central.close()


def _where(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {
            code: str(table)
            for table, code in conn.execute(text("SELECT tableoid::regclass, code FROM voucher"))
        }


def _amounts(conn) -> dict[str, tuple[int, int]]:
    rows = conn.execute(text("SELECT code, amount, version FROM voucher"))
    return {code: (amount, version) for code, amount, version in rows}


def test_a_months_issue_is_a_partition_with_its_keys(central):
    codes = {admin.voucher_code(p, d) for p in ("2018-04", "2018-05") for d in ("D1", "D2", "E1")}
    where = _where(central.engine)
    assert set(where) == codes
    assert {c: t for c, t in where.items()} == {
        c: "voucher_" + c[5:12].replace("-", "_") for c in codes
    }
    with central.engine.connect() as conn:
        assert partitions.partitioned(conn)
        indexes = set(
            conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE tablename = 'voucher_2018_05'")
            ).scalars()
        )
        foreign = set(
            conn.execute(
                text(
                    "SELECT conname FROM pg_constraint "
                    "WHERE conrelid = 'voucher_2018_05'::regclass AND contype = 'f'"
                )
            ).scalars()
        )
    assert {" ".join(i.split(" USING ")[1:]) for i in indexes} == {
        "btree (code, period)",
        "btree (family_dtks, period)",
        "btree (period)",
        "btree (outlet_code, version)",
    }
    assert foreign == {"fk_voucher_family_dtks_family", "fk_voucher_period_period"}
    # the re-issue of a month updates its partition's rows in place
    with central.session() as s, s.begin():
        admin.issue_vouchers(
            s, "2018-05", 120_000, ["beras"], dt.date(2018, 5, 1), dt.date(2018, 5, 30), NOW
        )
    with central.session() as s:
        amounts = s.execute(select(Voucher.amount).where(Voucher.period == "2018-05")).scalars()
        assert set(amounts) == {120_000}
    assert _where(central.engine) == where


def test_the_keys_that_include_the_period_still_refuse_a_second_voucher(central):
    row = {
        "code": "BPNT-2018-04-D1-again", "family_dtks": "D1", "period": "2018-04",
        "amount": 1, "valid_from": "2018-04-01", "valid_until": "2018-04-28",
        "status": "open", "status_reason": "", "redeemed": 0, "updated_at": "x", "version": 1,
    }  # fmt: skip
    with pytest.raises(IntegrityError), central.session() as s, s.begin():
        s.execute(insert(Voucher), [row])  # one voucher per family and month
    with pytest.raises(IntegrityError), central.session() as s, s.begin():
        s.execute(insert(Voucher), [{**row, "code": "BPNT-2018-04-D2", "family_dtks": "E1"}])
    with pytest.raises(IntegrityError), central.session() as s, s.begin():
        s.execute(insert(Voucher), [{**row, "family_dtks": "nobody"}])  # foreign key


def test_a_month_written_another_way_waits_in_the_default_partition(central):
    with central.session() as s, s.begin():
        s.add(
            Period(code="2019-01", amount=1, eligible_categories="beras",
                   valid_from="2019-01-01", valid_until="2019-01-31", version=1)
        )  # fmt: skip
        s.flush()
        s.execute(
            insert(Voucher),
            [
                {"code": admin.voucher_code("2019-01", "D1"), "family_dtks": "D1",
                 "period": "2019-01", "amount": 1, "valid_from": "2019-01-01",
                 "valid_until": "2019-01-31", "status": "open", "status_reason": "",
                 "redeemed": 0, "updated_at": "x", "version": 1}
            ],
        )  # fmt: skip
    assert _where(central.engine)["BPNT-2019-01-D1"] == "voucher_default"
    with central.engine.begin() as conn:
        assert partitions.split_default(conn) == ["2019-01"]
    where = _where(central.engine)
    assert where["BPNT-2019-01-D1"] == "voucher_2019_01"
    assert where["BPNT-2019-01-D1"] != "voucher_default" and len(where) == 7
    with central.session() as s:
        voucher = s.get(Voucher, "BPNT-2019-01-D1")
        assert voucher is not None and voucher.outlet_code == "EW-1"  # the trigger ran


def test_downgrade_and_upgrade_keep_every_voucher_and_autogenerate_finds_nothing(central):
    with central.engine.connect() as conn:
        before = _amounts(conn)
    config = alembic_config()
    with central.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "cv001")
    with central.engine.connect() as conn:
        assert not partitions.partitioned(conn)
        assert current_revision(central.engine) == "cv001"
        plain = dict(
            (
                (c, (a, v))
                for c, a, v in conn.execute(text("SELECT code, amount, version FROM voucher"))
            )
        )
    assert plain == before
    upgrade(central.engine)
    assert set(_where(central.engine).values()) == {"voucher_2018_04", "voucher_2018_05"}
    with central.engine.connect() as conn:
        after = dict(
            (
                (c, (a, v))
                for c, a, v in conn.execute(text("SELECT code, amount, version FROM voucher"))
            )
        )
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": partitions.include_name}
        )
        assert compare_metadata(context, Base.metadata) == []
    assert after == before
