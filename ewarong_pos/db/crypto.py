"""Protection at rest: the outlet database's data key, where it is kept, the SQLCipher driver.

Design (docs/data-safety.md has the reasons):
- The database (and every backup of it) is a SQLCipher 4 file encrypted with a random
  256-bit *data key*, given to SQLCipher as a raw key (no per-connection PBKDF2 cost).
- The data key never lies beside the database in the clear. `secrets/db.key.json` in the
  data folder holds it sealed (AES-256-GCM) by a *key-encryption key* (KEK) that lives
  in the OS user keystore where one is usable (Windows Credential Manager / DPAPI, macOS
  Keychain, Secret Service) and otherwise in a 0600 file in the per-user *config* folder,
  a different folder from the data folder. A copy of the data folder or of a backup
  stick is therefore useless without this user's keystore or config folder.
- For a lost or dead PC, `secrets/recovery.json` holds the data key sealed by a key
  derived (scrypt) from a random recovery code that is shown once to the manager; every
  backup manifest carries a copy of that sealed blob, so a backup plus the printed code
  opens on a new PC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import uuid
from pathlib import Path
from typing import Any, Protocol

import platformdirs
import sqlcipher3
import sqlcipher3.dbapi2
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.datadir import APP_NAME, DataDir, _write_private
from ewarong_pos.db.engine import ConnectFn, Database

log = logging.getLogger(__name__)

KEY_FILE = "db.key.json"
RECOVERY_FILE = "recovery.json"
KEY_DIR_ENV = "EWARONG_KEY_DIR"
KEYRING_SERVICE = "ewarong-pos"
PLAIN_HEADER = b"SQLite format 3\x00"
_WRAP_AAD = b"ewarong-pos data key v1"
_LOOKUP_AAD = b"ewarong-pos lookup key v1"
# scrypt for the recovery code: the code already has 160 random bits, this only adds
# margin; 2**15 * 8 * 128 bytes = 32 MiB, about 0.1 s on a cheap PC, once per restore.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


# --- where key-encryption keys live ---------------------------------------------------


class KeyStore(Protocol):
    """Holds key-encryption keys by reference; never the data key itself."""

    name: str

    def get(self, ref: str) -> bytes | None: ...

    def put(self, ref: str, secret: bytes) -> None: ...


class FileKeyStore:
    """KEKs as 0600 files in a 0700 folder of the user's config folder (not the data folder)."""

    name = "file"

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def _path(self, ref: str) -> Path:
        if not ref.replace("-", "").isalnum():
            raise ValueError("bad key reference")
        return self.folder / f"{ref}.key"

    def get(self, ref: str) -> bytes | None:
        path = self._path(ref)
        return path.read_bytes() if path.exists() else None

    def put(self, ref: str, secret: bytes) -> None:
        _write_private(self._path(ref), secret)


class KeyringKeyStore:
    """KEKs in the OS user keystore through `keyring` (DPAPI-backed on Windows)."""

    name = "keyring"

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        import keyring

        self._keyring = keyring
        self.service = service

    def get(self, ref: str) -> bytes | None:
        value = self._keyring.get_password(self.service, ref)
        return bytes.fromhex(value) if value else None

    def put(self, ref: str, secret: bytes) -> None:
        self._keyring.set_password(self.service, ref, secret.hex())


def default_key_store() -> KeyStore:
    """$EWARONG_KEY_DIR if set (tests, kiosks); else a usable OS keystore; else a key file
    in the per-user config folder."""
    folder = os.environ.get(KEY_DIR_ENV)
    if folder:
        return FileKeyStore(folder)
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        usable = not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) >= 1
        if usable and "plaintext" not in type(backend).__module__.lower():
            return KeyringKeyStore()
    except Exception:  # no keyring package, or no keystore on this desktop
        log.debug("no usable OS keystore; using a key file", exc_info=True)
    return FileKeyStore(key_file_folder())


def key_file_folder() -> Path:
    """Where key files go without an OS keystore: never inside the data folder.

    On Linux the per-user config folder is another tree (~/.config vs ~/.local/share); on
    Windows and macOS platformdirs gives the same folder for config and data, so the keys
    would sit inside the default data folder and a copy of it would carry them. There they
    go to a sibling folder of their own (Windows: the roaming profile)."""
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()
    config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)).resolve()
    folder = config / "keys"
    if folder == data or data in folder.parents:
        folder = Path(
            platformdirs.user_config_dir(f"{APP_NAME}-keys", appauthor=False, roaming=True)
        )
    return folder


# --- sealing --------------------------------------------------------------------------


def _hex(data: bytes) -> str:
    return data.hex()


def seal(key: bytes, plaintext: bytes, aad: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _hex(nonce), "data": _hex(AESGCM(key).encrypt(nonce, plaintext, aad))}


def unseal(key: bytes, blob: dict[str, Any], aad: bytes) -> bytes:
    """The plaintext, or InvalidTag/ValueError if the key is wrong or the blob altered."""
    return AESGCM(key).decrypt(bytes.fromhex(blob["nonce"]), bytes.fromhex(blob["data"]), aad)


def key_id(data_key: bytes) -> str:
    """A fingerprint that names a data key without revealing it (in manifests, messages)."""
    return hmac.new(data_key, b"ewarong-pos key id v1", hashlib.sha256).hexdigest()[:16]


def seal_lookup_key(data_key: bytes, lookup_key: bytes) -> dict[str, str]:
    return seal(data_key, lookup_key, _LOOKUP_AAD)


def unseal_lookup_key(data_key: bytes, blob: dict[str, Any]) -> bytes:
    return unseal(data_key, blob, _LOOKUP_AAD)


# --- the data key ---------------------------------------------------------------------


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, dict) else None


def load_data_key(data_dir: DataDir, store: KeyStore) -> bytes | None:
    """The data key of this data folder; None if it has none yet.

    DomainError 'safety.key_missing' when the folder has a sealed key but this user's
    keystore no longer holds its KEK (another Windows user, a wiped profile).
    """
    info = _read_json(data_dir.secrets_dir / KEY_FILE)
    if info is None:
        return None
    kek = store.get(info["ref"])
    if kek is None:
        raise DomainError("safety.key_missing", key=info.get("key_id", "?"))
    try:
        data_key = unseal(kek, info["sealed"], _WRAP_AAD + info["ref"].encode())
    except (InvalidTag, ValueError, KeyError) as exc:
        raise DomainError("safety.key_missing", key=info.get("key_id", "?")) from exc
    return data_key


def install_data_key(data_dir: DataDir, store: KeyStore, data_key: bytes) -> None:
    """Seal `data_key` under a fresh KEK in `store` and record it in the data folder."""
    ref = str(uuid.uuid4())
    kek = secrets.token_bytes(32)
    store.put(ref, kek)
    info = {
        "version": 1,
        "key_id": key_id(data_key),
        "store": store.name,
        "ref": ref,
        "sealed": seal(kek, data_key, _WRAP_AAD + ref.encode()),
    }
    data_dir.write_secret(KEY_FILE, json.dumps(info, indent=1).encode())


def create_data_key(data_dir: DataDir, store: KeyStore) -> bytes:
    data_key = secrets.token_bytes(32)
    install_data_key(data_dir, store, data_key)
    log.info("new data key %s kept in the %s key store", key_id(data_key), store.name)
    return data_key


# --- secrets sealed like the data key (lookup key, office token) ----------------------
#
# `secrets/lookup.key` (the key of the NIK/KK/card hashes) and `secrets/device.json` (the
# office token) were plain files: a copy of the data folder gave the key and the means to
# pull every family's hash. They are now sealed (AES-256-GCM) by the data key, which itself
# opens only with the KEK kept outside the folder. A plain file left by an older version is
# read once and rewritten sealed (the old blocks may survive on an SSD, as for the plain
# database). Without a data key (`encrypt=False`: tools, benchmarks) they stay plain.

LOOKUP_FILE = "lookup.key"
SEALED_SECRET_FORMAT = "ewarong-sealed-secret-1"


def _secret_aad(name: str) -> bytes:
    return b"ewarong-pos secret v1 " + name.encode()


def _sealed_blob(raw: bytes) -> dict[str, Any] | None:
    if not raw.startswith(b"{"):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("format") == SEALED_SECRET_FORMAT:
        return data
    return None


def write_sealed_secret(data_dir: DataDir, name: str, data: bytes, data_key: bytes | None) -> None:
    """Write secrets/NAME sealed by the data key (plain without one)."""
    if data_key is None:
        data_dir.write_secret(name, data)
        return
    blob = {"format": SEALED_SECRET_FORMAT, "sealed": seal(data_key, data, _secret_aad(name))}
    data_dir.write_secret(name, json.dumps(blob).encode())


def read_sealed_secret(data_dir: DataDir, name: str, data_key: bytes | None) -> bytes | None:
    """secrets/NAME unsealed; a legacy plain file is returned and rewritten sealed.

    DomainError 'safety.secret_sealed' when the file is sealed and no data key is given,
    'safety.secret_damaged' when it does not open with this data key.
    """
    raw = data_dir.read_secret(name)
    if raw is None:
        return None
    blob = _sealed_blob(raw)
    if blob is None:
        if data_key is not None:
            write_sealed_secret(data_dir, name, raw, data_key)
            log.info("secrets/%s was a plain file: now sealed by the data key", name)
        return raw
    if data_key is None:
        raise DomainError("safety.secret_sealed", name=name)
    try:
        return unseal(data_key, blob["sealed"], _secret_aad(name))
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise DomainError("safety.secret_damaged", name=name) from exc


def load_lookup_key(data_dir: DataDir, data_key: bytes | None, *, create: bool) -> bytes:
    """The identifier hash key, sealed; made on first use only when `create` (new outlet)."""
    key = read_sealed_secret(data_dir, LOOKUP_FILE, data_key)
    if key is None:
        if not create:
            raise DomainError("datadir.lookup_key_missing", path=str(data_dir.root))
        key = secrets.token_bytes(32)
        write_sealed_secret(data_dir, LOOKUP_FILE, key, data_key)
    return key


# --- the recovery code ----------------------------------------------------------------


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_key(code: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hashlib.scrypt(
        _normalise_code(code).encode(),
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=128 * 1024 * 1024,
        dklen=32,
    )


def new_recovery_code(data_dir: DataDir, data_key: bytes) -> str:
    """Make a new recovery code (160 random bits, shown once) and seal the data key by it.

    Replaces the previous code: backups made before keep the old sealed blob, so the old
    code still opens them (write both down, or make a fresh backup after this).
    """
    raw = secrets.token_bytes(20)
    code = base64.b32encode(raw).decode()  # 32 letters and digits, no padding for 20 bytes
    salt = secrets.token_bytes(16)
    blob = {
        "version": 1,
        "key_id": key_id(data_key),
        "kdf": {"name": "scrypt", "salt": _hex(salt), **_SCRYPT},
        "sealed": seal(_code_key(code, salt, _SCRYPT), data_key, _WRAP_AAD + b" recovery"),
    }
    data_dir.write_secret(RECOVERY_FILE, json.dumps(blob, indent=1).encode())
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def recovery_blob(data_dir: DataDir) -> dict[str, Any] | None:
    return _read_json(data_dir.secrets_dir / RECOVERY_FILE)


def recover_data_key(blob: dict[str, Any], code: str) -> bytes:
    """The data key sealed in a recovery blob; DomainError 'safety.wrong_recovery_code'."""
    try:
        kdf = blob["kdf"]
        params = {"n": int(kdf["n"]), "r": int(kdf["r"]), "p": int(kdf["p"])}
        key = _code_key(code, bytes.fromhex(kdf["salt"]), params)
        return unseal(key, blob["sealed"], _WRAP_AAD + b" recovery")
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise DomainError("safety.wrong_recovery_code") from exc


# --- the driver -----------------------------------------------------------------------


def file_kind(path: Path) -> str:
    """'missing', 'empty', 'plain' (an unencrypted SQLite file) or 'other' (encrypted or
    not a database at all: only the key can tell)."""
    if not path.exists():
        return "missing"
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head:
        return "empty"
    return "plain" if head == PLAIN_HEADER else "other"


def _raw_key(data_key: bytes) -> str:
    return f"x'{data_key.hex()}'"


def open_raw(path: Path | str, data_key: bytes | None) -> Any:
    """A DB-API connection on `path`: SQLCipher with `data_key`, or plain SQLite if None.

    DomainError 'safety.wrong_key' if the key does not open the file (wrong key, a
    plain file, or not a database).
    """
    if data_key is None:
        conn: Any = sqlite3.connect(str(path), check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), check_same_thread=False)
        # A wrong key would otherwise print SQLCipher's own error lines on stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{_raw_key(data_key)}"')
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlcipher3.dbapi2.DatabaseError, sqlite3.DatabaseError) as exc:
        conn.close()
        raise DomainError("safety.wrong_key", file=Path(path).name) from exc
    return conn


def sqlcipher_connect(data_key: bytes) -> ConnectFn:
    """The engine's `connect` hook for an encrypted file."""

    def connect(path: str) -> Any:
        return open_raw(path, data_key)

    return connect


def encrypted_database(path: Path | str, data_key: bytes) -> Database:
    """A Database on a SQLCipher file, with SQLCipher's exceptions seen as SQLAlchemy's."""
    db = Database(path, sqlcipher_connect(data_key))
    # The engine is made for the stdlib driver ("sqlite://"); SQLAlchemy only wraps
    # exceptions that derive from its dialect's DB-API module, so point the dialect at
    # sqlcipher3's (same API) before first use: an IntegrityError then stays an
    # sqlalchemy.exc.IntegrityError for the services that catch it.
    dialect: Any = db.engine.dialect
    dialect.dbapi = sqlcipher3.dbapi2
    dialect.__dict__["loaded_dbapi"] = sqlcipher3.dbapi2
    return db


def encrypt_plain_file(path: Path, data_key: bytes) -> None:
    """Turn an unencrypted outlet database into an encrypted one in place (sqlcipher_export).

    Written to a temporary file, checked, then swapped in; the plaintext file and its
    -wal/-shm are removed (the old disk blocks may survive: see docs/data-safety.md).
    """
    tmp = path.with_name(path.name + ".encrypting")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    src = sqlcipher3.connect(str(path))  # no key: reads the plaintext file (and its WAL)
    try:
        src.isolation_level = None
        src.execute("ATTACH DATABASE ? AS enc KEY ?", (str(tmp), _raw_key(data_key)))
        src.execute("SELECT sqlcipher_export('enc')")
        src.execute("DETACH DATABASE enc")
        expected = src.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        src.close()
    check = open_raw(tmp, data_key)
    try:
        result = check.execute("PRAGMA integrity_check").fetchall()
        found = check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        check.close()
    if result != [("ok",)] or found != expected:
        tmp.unlink(missing_ok=True)
        raise DomainError("safety.migration_failed", file=path.name)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    log.warning("the unencrypted database %s was encrypted in place", path.name)


def open_encrypted(
    data_dir: DataDir, store: KeyStore, *, migrate_plain: bool = True
) -> tuple[Database, bytes]:
    """Open (or create) the outlet's encrypted database with the key from `store`.

    A plaintext legacy file is encrypted in place when `migrate_plain` (the default),
    otherwise refused with 'safety.plain_database'.
    """
    path = data_dir.db_path
    kind = file_kind(path)
    data_key = load_data_key(data_dir, store)
    if kind in ("missing", "empty"):
        data_key = data_key or create_data_key(data_dir, store)
    elif kind == "plain":
        if not migrate_plain:
            raise DomainError("safety.plain_database", file=path.name)
        data_key = data_key or create_data_key(data_dir, store)
        encrypt_plain_file(path, data_key)
    elif data_key is None:
        raise DomainError("safety.key_missing", key="?")
    return encrypted_database(path, data_key), data_key


# --- damage ---------------------------------------------------------------------------


def damage_report(path: Path, data_key: bytes | None, limit: int = 20) -> list[str]:
    """What SQLite/SQLCipher find wrong in the file, page by page or table by table
    (empty when nothing is found): `PRAGMA cipher_integrity_check` (every page's HMAC) for
    an encrypted file, then `PRAGMA quick_check`. A file that does not open at all is one
    line saying so."""
    lines: list[str] = []
    try:
        conn = open_raw(path, data_key)
    except DomainError as exc:
        return [f"{path.name}: {exc.message('en')}"]
    try:
        for pragma in ("cipher_integrity_check", "quick_check") if data_key else ("quick_check",):
            try:
                found = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
            except (sqlcipher3.dbapi2.DatabaseError, sqlite3.DatabaseError) as exc:
                lines.append(f"{pragma}: {exc}")
                continue
            lines += [f for f in found if f.lower() != "ok"]
            if len(lines) >= limit:
                break
    finally:
        conn.close()
    return lines[:limit]
