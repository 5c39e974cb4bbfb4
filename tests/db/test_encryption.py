"""Protection at rest: the outlet database is a SQLCipher file whose key is kept elsewhere."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from ewarong_pos.core.errors import DomainError
from ewarong_pos.core.identifiers import keyed_hash
from ewarong_pos.db import crypto
from ewarong_pos.db.models import Family, Outlet
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet

NAME = "Sumiati Binti Karta"
CARD = "5264221234567890"


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, monkeypatch):
    # Never touch the real user's key store from a test.
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "default-keys"))


@pytest.fixture
def store(tmp_path):
    return crypto.FileKeyStore(tmp_path / "config" / "keys")


def _add_family(ctx) -> str:
    card_hash = keyed_hash(ctx.lookup_key, "card", CARD)
    with ctx.db.write() as s:
        s.add(
            Family(
                dtks_id="DTKS-9",
                name=NAME,
                address="Jl. Kenari 2",
                kelurahan="Kenari",
                nik_hash="a" * 64,
                nik_last4="0001",
                kk_hash="b" * 64,
                kk_last4="0002",
                card_hash=card_hash,
                card_last4=CARD[-4:],
                outlet_code="EW-1",
                updated_at=ctx.now_iso(),
            )
        )
    return card_hash


def _raw(path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def test_new_outlet_is_encrypted_and_holds_no_personal_data_in_the_clear(tmp_path, store, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    setup_outlet(ctx, "EW-1", "e-Warong Melati")
    card_hash = _add_family(ctx)
    db_path = ctx.data_dir.db_path
    wal = db_path.with_name(db_path.name + "-wal")
    # While open: the committed family sits in the WAL; both files are ciphertext.
    assert wal.exists() and wal.stat().st_size > 0
    for blob in (_raw(db_path), _raw(wal)):
        assert not blob.startswith(crypto.PLAIN_HEADER)
        assert NAME.encode() not in blob and b"Sumiati" not in blob
        assert card_hash.encode() not in blob and CARD[-4:].encode() + b"\x00" not in blob
    # The FTS5 name index works in the encrypted file.
    with ctx.db.read() as s:
        hits = s.execute(text("SELECT rowid FROM family_fts WHERE family_fts MATCH 'sumi*'"))
        assert len(hits.all()) == 1
    ctx.close()
    assert NAME.encode() not in _raw(db_path)
    # The plain stdlib driver cannot read it.
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT * FROM family").fetchall()


def test_the_key_is_not_beside_the_file(tmp_path, store, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    setup_outlet(ctx, "EW-1", "e-Warong Melati")
    key_hex = ctx.data_key.hex()
    ctx.close()
    data = tmp_path / "data"
    for path in data.rglob("*"):
        if path.is_file():
            assert key_hex.encode() not in path.read_bytes(), path
    sealed = json.loads((data / "secrets" / crypto.KEY_FILE).read_text())
    assert sealed["store"] == "file" and "sealed" in sealed
    # The key-encryption key lives in the key store's folder, outside the data folder.
    kek_files = list((tmp_path / "config" / "keys").glob("*.key"))
    assert len(kek_files) == 1
    assert oct(kek_files[0].stat().st_mode & 0o777) == "0o600"
    # A thief who copies the whole data folder, without this user's key store, gets nothing.
    stolen = tmp_path / "stolen"
    shutil.copytree(data, stolen)
    with pytest.raises(DomainError) as caught:
        open_outlet(stolen, clock=clock, key_store=crypto.FileKeyStore(tmp_path / "thief"))
    assert caught.value.code == "safety.key_missing"
    assert "recovery" in caught.value.message("en")
    # With the key store, the same folder opens.
    again = open_outlet(data, clock=clock, key_store=store)
    with again.db.read() as s:
        assert s.get(Outlet, "EW-1") is not None
    again.close()


def test_wrong_key_is_refused_clearly(tmp_path, store, clock):
    ctx = open_outlet(tmp_path / "a", clock=clock, key_store=store)
    ctx.close()
    other = open_outlet(tmp_path / "b", clock=clock, key_store=store)
    other.close()
    # Swap in the other outlet's (valid) sealed key: it unseals, but does not open this file.
    shutil.copy(tmp_path / "b" / "secrets" / crypto.KEY_FILE, tmp_path / "a" / "secrets")
    with pytest.raises(DomainError) as caught:
        open_outlet(tmp_path / "a", clock=clock, key_store=store)
    assert caught.value.code == "safety.wrong_key"
    assert "wrong key" in caught.value.message("en")


@pytest.mark.expect_log("ewarong_pos.db.crypto", r"encrypted in place")
def test_an_unencrypted_legacy_file_is_encrypted_in_place(tmp_path, store, clock):
    plain = open_outlet(tmp_path / "data", clock=clock, encrypt=False)
    setup_outlet(plain, "EW-1", "e-Warong Melati")
    _add_family(plain)
    assert plain.data_key is None
    plain.close()
    db_path = tmp_path / "data" / "outlet.db"
    assert NAME.encode() in db_path.read_bytes() or NAME.encode() in _raw(
        db_path.with_name("outlet.db-wal")
    )
    with pytest.raises(DomainError) as refused:
        open_outlet(tmp_path / "data", clock=clock, key_store=store, migrate_plain=False)
    assert refused.value.code == "safety.plain_database"

    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    with ctx.db.read() as s:
        assert s.query(Family).one().name == NAME
    ctx.close()
    assert crypto.file_kind(db_path) == "other"
    assert NAME.encode() not in db_path.read_bytes()
    assert not list((tmp_path / "data").glob("*.encrypting*"))
    # ... and the plain driver is refused clearly on the encrypted file.
    with pytest.raises(DomainError) as caught:
        open_outlet(tmp_path / "data", clock=clock, encrypt=False)
    assert caught.value.code == "safety.encrypted_database"


def test_sqlcipher_errors_are_sqlalchemy_errors(tmp_path, store, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    setup_outlet(ctx, "EW-1", "e-Warong Melati")
    with pytest.raises(sqlalchemy.exc.IntegrityError), ctx.db.write() as s:
        s.add(Outlet(code="EW-1", name="again", created_at=ctx.now_iso()))
    ctx.close()


def test_recovery_code_opens_the_key_and_a_wrong_code_is_refused(tmp_path, store, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock, key_store=store)
    code = crypto.new_recovery_code(ctx.data_dir, ctx.data_key)
    blob = crypto.recovery_blob(ctx.data_dir)
    assert blob is not None and ctx.data_key.hex() not in json.dumps(blob)
    assert len(code.replace("-", "")) == 32
    assert crypto.recover_data_key(blob, code.lower().replace("-", " ")) == ctx.data_key
    with pytest.raises(DomainError) as caught:
        crypto.recover_data_key(blob, "AAAA-" + code[5:])
    assert caught.value.code == "safety.wrong_recovery_code"
    ctx.close()
