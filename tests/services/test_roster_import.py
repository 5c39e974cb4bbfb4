"""Roster import at the outlet: all or nothing, hashes only, re-import keeps history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from ewarong_pos.core.errors import ProblemList
from ewarong_pos.core.identifiers import keyed_hash, luhn_complete
from ewarong_pos.core.roster import COLUMNS
from ewarong_pos.db.models import Family, RosterImport, Voucher, VoucherAllocation
from ewarong_pos.services import catalog
from ewarong_pos.services.roster import import_roster

NIKS = ["3171014506800001", "3173020101750002", "3174031512620003", "3175042208900004"]
KKS = ["3171011203150001", "3173020405120002", "3174031112100003", "3175040101090004"]


def card(n: int) -> str:
    return luhn_complete(f"603298{n:09d}")


def line(i: int, **over: str) -> str:
    values = {
        "id_dtks": f"3171-{i:06d}",
        "nama": f"Keluarga {i}",
        "nik": NIKS[i % 4],
        "no_kk": KKS[i % 4],
        "no_kks": card(i),
        "bank": "BNI",
        "alamat": f"Jl. Melati No. {i}",
        "rt_rw": "003/007",
        "kelurahan": "Kebon Melati",
        "kecamatan": "Tanah Abang",
        "kode_ewarong": "EW-3171-0001",
        "status": "active",
        "alasan_status": "",
        "periode": "2018-04",
        "nominal": "110000",
    }
    values.update(over)
    return ",".join(values[c] for c in COLUMNS)


def write(tmp_path, name: str, *rows: str) -> str:
    path = tmp_path / name
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return str(path)


def configure(ctx, *periods: str) -> None:
    catalog.upsert_categories(
        ctx,
        [
            catalog.CategorySpec("beras", "Beras", "Rice"),
            catalog.CategorySpec("telur", "Telur", "Eggs"),
        ],
    )
    specs = []
    for code in periods:
        year, month = map(int, code.split("-"))
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        specs.append(catalog.PeriodSpec(code, 110000, ("beras", "telur"), start, end))
    catalog.upsert_periods(ctx, specs)


def dump(ctx) -> dict[str, list[tuple]]:
    """Every row of every table (and the FTS index), for before/after comparisons."""
    with ctx.db.read() as s:
        tables = [
            r[0]
            for r in s.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            )
        ]
        return {t: sorted(map(tuple, s.execute(text(f'SELECT * FROM "{t}"')))) for t in tables}


@pytest.fixture
def rostered(ctx, tmp_path):
    configure(ctx, "2018-03", "2018-04")
    path = write(tmp_path, "r1.csv", *(line(i) for i in range(1, 5)))
    report = import_roster(ctx, path)
    return ctx, report


def test_import_creates_families_with_hashes_only(rostered):
    ctx, report = rostered
    assert (report.rows, report.families_created, report.vouchers_created) == (4, 4, 4)
    assert report.own_outlet == 4 and report.flagged == 0
    with ctx.db.read() as s:
        fam = s.scalars(select(Family).where(Family.dtks_id == "3171-000001")).one()
        assert fam.nik_hash == keyed_hash(ctx.lookup_key, "nik", NIKS[1])
        assert fam.nik_last4 == NIKS[1][-4:]
        assert fam.card_hash == keyed_hash(ctx.lookup_key, "card", card(1))
        assert fam.card_last4 == card(1)[-4:]
        voucher = s.scalars(select(Voucher).where(Voucher.family_id == fam.id)).one()
        assert voucher.code == "BPNT-2018-04-3171-000001"
        assert (voucher.valid_from, voucher.valid_until) == (
            dt.date(2018, 4, 1),
            dt.date(2018, 4, 30),
        )
        assert s.scalar(select(RosterImport.families)) == 4
    # no full identifier anywhere in the database
    everything = repr(dump(ctx))
    for value in [*NIKS, *KKS, card(1), card(2)]:
        assert value not in everything


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([line(9), line(9)], id="duplicate-dtks"),
        pytest.param([line(9), line(10, no_kks=card(9))], id="duplicate-card"),
        pytest.param([line(9, nominal="11O000")], id="bad-amount"),
        pytest.param([line(9, status="aktif")], id="bad-status"),
        pytest.param([line(9, periode="2018-05")], id="unknown-period"),
        pytest.param([line(9).replace(",", ";")], id="field-count"),
    ],
)
def test_bad_file_leaves_database_unchanged(rostered, tmp_path, rows):
    ctx, _ = rostered
    before = dump(ctx)
    # a valid change first, so a partial apply would be visible
    path = write(tmp_path, "bad.csv", line(1, nama="Ganti Nama"), *rows)
    with pytest.raises(ProblemList) as info:
        import_roster(ctx, path)
    assert info.value.problems and all(p.line >= 2 for p in info.value.problems)
    assert dump(ctx) == before


def test_non_utf8_and_empty_files_leave_database_unchanged(rostered, tmp_path):
    ctx, _ = rostered
    before = dump(ctx)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(COLUMNS).encode() + b"\n" + line(1, nama="J\xf6").encode("latin-1"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path in (latin, empty):
        with pytest.raises(ProblemList):
            import_roster(ctx, path)
    assert dump(ctx) == before


def test_flags_are_stored_and_reported(ctx, tmp_path):
    configure(ctx, "2018-04")
    path = write(
        tmp_path,
        "f.csv",
        line(1),
        line(2, nik=NIKS[1]),  # same NIK as family 1
        line(3, nik="3171014506800000", no_kks=""),
    )
    report = import_roster(ctx, path)
    assert report.flagged == 3
    assert {(f.id_dtks, f.code) for f in report.flags} == {
        ("3171-000001", "flag.nik_shared"),
        ("3171-000002", "flag.nik_shared"),
        ("3171-000003", "flag.nik_malformed"),
        ("3171-000003", "flag.no_card"),
    }
    with ctx.db.read() as s:
        fam = s.scalars(select(Family).where(Family.dtks_id == "3171-000003")).one()
        assert fam.flags == "flag.nik_malformed,flag.no_card"
        assert fam.card_hash is None


def _allocate(ctx, family_dtks: str, period: str, amount: int) -> None:
    """Stand-in history: the allocation rows a redemption leaves (tested with sales too)."""
    from ewarong_pos.db.models import Account, Sale

    with ctx.db.write() as s:
        fam = s.scalars(select(Family).where(Family.dtks_id == family_dtks)).one()
        voucher = s.scalars(
            select(Voucher).where(Voucher.family_id == fam.id, Voucher.period == period)
        ).one()
        account = Account(
            username="kasir", display_name="Kasir", role="cashier", pin_hash="x", created_at="t"
        )
        s.add(account)
        s.flush()
        sale = Sale(
            uuid="00000000-0000-4000-8000-000000000001",
            device_id=ctx.device_id,
            receipt_seq=1,
            receipt_no="K1-000001",
            kind="redemption",
            created_at="2018-04-12T02:00:00.000000Z",
            business_date=dt.date(2018, 4, 12),
            cashier_id=account.id,
            family_id=fam.id,
            total=amount,
            journal_seq=2,
        )
        s.add(sale)
        s.flush()
        s.add(VoucherAllocation(sale_id=sale.id, voucher_id=voucher.id, amount=amount))


def test_reimport_updates_families_and_keeps_vouchers_and_history(rostered, tmp_path, clock):
    ctx, _ = rostered
    _allocate(ctx, "3171-000001", "2018-04", 94500)
    with ctx.db.read() as s:
        old_id = s.scalar(select(Family.id).where(Family.dtks_id == "3171-000001"))
    clock.advance(days=1)
    path = write(
        tmp_path,
        "r2.csv",
        line(1, nama="Siti Baru", periode="2018-03", alamat="Jl. Mawar 2"),
        line(2, status="suspended", alasan_status="tidak bertransaksi 3 bulan"),
        # cards 3 and 4 swap owners (re-issued cards)
        line(3, no_kks=card(4)),
        line(4, no_kks=card(3)),
        line(5),
    )
    report = import_roster(ctx, path)
    assert report.families_created == 1
    assert report.families_updated == 4
    assert report.vouchers_created == 2  # 2018-03 for family 1, 2018-04 for family 5
    with ctx.db.read() as s:
        fam = s.scalars(select(Family).where(Family.dtks_id == "3171-000001")).one()
        assert fam.id == old_id and fam.name == "Siti Baru" and fam.address == "Jl. Mawar 2"
        periods = sorted(s.scalars(select(Voucher.period).where(Voucher.family_id == fam.id)))
        assert periods == ["2018-03", "2018-04"]
        assert s.scalar(select(VoucherAllocation.amount)) == 94500
        two = s.scalars(select(Family).where(Family.dtks_id == "3171-000002")).one()
        assert (two.status, two.status_reason) == ("suspended", "tidak bertransaksi 3 bulan")
        three = s.scalars(select(Family).where(Family.dtks_id == "3171-000003")).one()
        assert three.card_hash == keyed_hash(ctx.lookup_key, "card", card(4))
        # the name index follows the update
        hits = s.execute(text("SELECT rowid FROM family_fts WHERE family_fts MATCH 'baru'"))
        assert [r[0] for r in hits] == [old_id]
        assert s.scalar(select(text("count(*)")).select_from(RosterImport)) == 2


def test_reimport_of_same_file_changes_nothing_but_the_log(rostered, tmp_path):
    ctx, _ = rostered
    path = write(tmp_path, "r1.csv", *(line(i) for i in range(1, 5)))
    report = import_roster(ctx, path)
    assert (report.families_created, report.families_updated, report.families_unchanged) == (
        0,
        0,
        4,
    )
    assert report.vouchers_created == 0 and report.vouchers_updated == 0
