"""The office's identifier lookup key is sealed outside its database (issue 17, point 1):
a copy of the office database gives the family hashes but not the key to test NIK guesses
against; an older office's plain key is sealed at the first start; a missing or wrong
sealing key is a clear refusal at start (service and admin commands), never a traceback
and never a new key; enrollment still hands the outlet the same lookup key.

SQLite and PostgreSQL (`central_url`)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, select, text

from ewarong_pos.central import admin
from ewarong_pos.central.core import officekey
from ewarong_pos.central.core.db import CentralDB, normalise_url
from ewarong_pos.central.errors import Refused
from ewarong_pos.central.models import Family, Setting
from ewarong_pos.cli import main
from ewarong_pos.core.identifiers import keyed_hash
from ewarong_pos.services import sync
from tests.sync.harness import (
    Service,
    enrollment_code,
    make_outlet,
    nik,
    roster_csv,
    seed_central,
)


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    """This test's own sealing key file (not the run's shared one), not made yet."""
    path = tmp_path / "office-config" / "office.key"
    monkeypatch.setenv(officekey.KEY_FILE_ENV, str(path))
    return path


def settings(url: str) -> dict[str, str]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text("SELECT key, value FROM setting")).all())
    finally:
        engine.dispose()


def write_settings(url: str, statements: list[tuple[str, dict[str, str]]]) -> None:
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            for sql, params in statements:
                conn.execute(text(sql), params)
    finally:
        engine.dispose()


def test_a_new_office_keeps_its_lookup_key_only_sealed(central_url, key_file, tmp_path, clock):
    central = CentralDB(central_url)
    try:
        with central.session() as s, s.begin():
            admin.import_roster(s, roster_csv({"EW-1": ["D1", "D2"]}), clock())
            key = admin.lookup_key(s)
            stored = s.scalars(select(Family.nik_hash).where(Family.dtks_id == "D1")).one()
    finally:
        central.close()
    assert stored == keyed_hash(key, "nik", nik(1))
    # the key file: 64 hex digits, 0600, in a 0700 folder
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    sealing = bytes.fromhex(key_file.read_text().strip())
    # what a copy of the database holds: no plain key, a sealed one naming its sealing key
    rows = settings(central_url)
    assert admin.LOOKUP_KEY not in rows
    assert key.hex() not in " ".join(rows.values())
    assert officekey.key_id(sealing) in rows[admin.SEALED_LOOKUP_KEY]
    if central_url.startswith("sqlite"):
        raw = (tmp_path / "central.db").read_bytes()
        assert key not in raw and key.hex().encode() not in raw
    # the next start opens it with the same key file, and hashes the same
    again = CentralDB(central_url)
    try:
        with again.session() as s:
            assert admin.lookup_key(s) == key
    finally:
        again.close()


def test_enrollment_hands_the_outlet_the_same_lookup_key(central_url, key_file, tmp_path, clock):
    service = Service(central_url, clock=clock)
    try:
        seed_central(service.central, tmp_path, {"EW-1": ["D1", "D2"]}, clock())
        with service.central.session() as s:
            office_key = admin.lookup_key(s)
        ctx = make_outlet(tmp_path / "outlet", "EW-1", clock)
        try:
            sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
            sync.sync_now(ctx)
            assert ctx.lookup_key == office_key
            from ewarong_pos.services.families import _search

            with ctx.db.lookup() as conn:  # a typed NIK finds the family the office hashed
                hits = _search(conn, ctx.lookup_key, nik(2), 5, None)[1]
            assert [h.dtks_id for h in hits] == ["D2"]
        finally:
            ctx.close()
    finally:
        service.stop()


@pytest.mark.expect_log("ewarong_pos.central.admin", r"now sealed by the office's sealing key")
def test_an_older_offices_plain_key_is_sealed_at_the_first_start(
    central_url, key_file, tmp_path, clock
):
    central = CentralDB(central_url)
    try:
        with central.session() as s, s.begin():
            admin.import_roster(s, roster_csv({"EW-1": ["D1", "D2"]}), clock())
            key = admin.lookup_key(s)
    finally:
        central.close()
    # as the previous version left it: the plain key in `setting`, no sealed one, and no
    # sealing key file anywhere
    write_settings(
        central_url,
        [
            ("DELETE FROM setting WHERE key = :k", {"k": admin.SEALED_LOOKUP_KEY}),
            ("INSERT INTO setting (key, value) VALUES (:k, :v)",
             {"k": admin.LOOKUP_KEY, "v": key.hex()}),
        ],
    )  # fmt: skip
    key_file.unlink()
    assert settings(central_url)[admin.LOOKUP_KEY] == key.hex()

    central = CentralDB(central_url)  # the first start after the upgrade
    try:
        with central.session() as s:
            assert admin.lookup_key(s) == key
            stored = s.scalars(select(Family.nik_hash).where(Family.dtks_id == "D2")).one()
            assert stored == keyed_hash(key, "nik", nik(2))  # nothing re-hashed, same key
            assert s.get(Setting, admin.LOOKUP_KEY) is None
    finally:
        central.close()
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    rows = settings(central_url)
    assert admin.LOOKUP_KEY not in rows and admin.SEALED_LOOKUP_KEY in rows
    assert key.hex() not in " ".join(rows.values())
    if central_url.startswith("sqlite"):
        # secure_delete zeroed the deleted row's bytes in the file
        raw = (tmp_path / "central.db").read_bytes()
        assert key.hex().encode() not in raw


def test_a_missing_or_wrong_sealing_key_is_refused_and_nothing_is_made(
    central_url, key_file, tmp_path, capsys
):
    CentralDB(central_url).close()
    before = settings(central_url)
    real = key_file.read_text()
    key_file.unlink()
    with pytest.raises(Refused) as info:
        CentralDB(central_url)
    assert info.value.code == "office_key.missing"
    assert str(key_file) in info.value.detail and "key backup" in info.value.detail
    assert not key_file.exists()  # no new key was made for a sealed database
    # the admin commands and the service say the same, exit 2, no traceback
    for command in (["central", "outlets"], ["central", "serve", "--port", "0"]):
        assert main([*command, "--db", central_url]) == 2
        err = capsys.readouterr().err
        assert "refused (office_key.missing)" in err and "Traceback" not in err
        assert not key_file.exists()
    # another office's key: wrong, named by its id
    other = tmp_path / "other.key"
    assert main(["central", "outlets", "--db", central_url, "--key-file", str(other)]) == 2
    assert "office_key.missing" in capsys.readouterr().err and not other.exists()
    other.write_text(os.urandom(32).hex() + "\n")
    other.chmod(0o600)
    assert main(["central", "outlets", "--db", central_url, "--key-file", str(other)]) == 2
    err = capsys.readouterr().err
    assert "refused (office_key.wrong)" in err and "Traceback" not in err
    # not a key file at all
    other.write_text("hello\n")
    assert main(["central", "outlets", "--db", central_url, "--key-file", str(other)]) == 2
    assert "refused (office_key.unreadable)" in capsys.readouterr().err
    assert settings(central_url) == before  # nothing changed in the database
    # the right key given on the command line opens it
    right = tmp_path / "right.key"
    right.write_text(real)
    right.chmod(0o600)
    assert main(["central", "outlets", "--db", central_url, "--key-file", str(right)]) == 0


def test_the_service_refuses_to_start_without_its_key(central_url, key_file, tmp_path):
    """`python -m ewarong_pos.central.serve` (how the benchmarks and a systemd unit may run
    it) exits 2 with the message, not a traceback."""
    CentralDB(central_url).close()
    key_file.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "ewarong_pos.central.serve", "--db", central_url, "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, officekey.KEY_FILE_ENV: str(key_file)},
    )
    assert done.returncode == 2
    assert "refused (office_key.missing)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_systemd_credential_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(officekey.KEY_FILE_ENV, raising=False)
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    assert officekey.key_path() != credentials / officekey.CREDENTIAL_NAME  # not there yet
    (credentials / officekey.CREDENTIAL_NAME).write_text(os.urandom(32).hex())
    assert officekey.key_path() == credentials / officekey.CREDENTIAL_NAME
    assert officekey.key_path(tmp_path / "x.key") == tmp_path / "x.key"


@pytest.mark.expect_log("ewarong_pos.central.core.officekey", r"can be read by other users")
def test_a_key_file_others_can_read_is_named_in_the_log(sqlite_url, key_file, caplog):
    CentralDB(sqlite_url).close()
    key_file.chmod(0o644)
    CentralDB(sqlite_url).close()  # still opens: the office must not stop for this
    assert any("chmod 600" in r.getMessage() for r in caplog.records)
