"""The office's sealing key: the identifier lookup key is kept in the central database only
sealed (AES-256-GCM) by a key that lives outside it (issue 17, point 1).

The lookup key (the key of the NIK / No. KK / card keyed hashes) is what a brute force of a
family's NIK needs besides the hashes; both in one database dump would hand it over. So the
database's `setting` table holds `lookup_key_sealed` (nonce, ciphertext, the sealing key's
id) and the sealing key is a 0600 file elsewhere:

  1. `--key-file` of `ewarong central ...` (or `CentralDB(key_file=...)`);
  2. `$EWARONG_CENTRAL_KEY_FILE`;
  3. a systemd credential: `$CREDENTIALS_DIRECTORY/ewarong-central.key`
     (`LoadCredential=ewarong-central.key:/etc/ewarong/central.key` in the unit), when the
     service runs under systemd and the credential exists;
  4. the per-user config folder: `platformdirs.user_config_dir("ewarong-central")/office.key`.

The file holds 64 hex digits (256 random bits) and a newline. It is created (0600, its
folder 0700) only when the database has no lookup key yet (a new office) or still holds the
older plain one (the sealing migration); a database whose key is sealed never gets a new
one: a missing or different key file is a refusal (`office_key.missing`,
`office_key.wrong`) that says where it looked, never a traceback and never a new key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path

import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ewarong_pos.central.errors import Refused

log = logging.getLogger(__name__)

KEY_FILE_ENV = "EWARONG_CENTRAL_KEY_FILE"
CREDENTIAL_NAME = "ewarong-central.key"
DEFAULT_FILE_NAME = "office.key"
_AAD = b"ewarong-central lookup_key v1"
_ID_LABEL = b"ewarong-central sealing key id v1"


def key_path(explicit: Path | str | None = None) -> Path:
    """Where the sealing key is (or would be created): see the module's order."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(KEY_FILE_ENV)
    if env:
        return Path(env).expanduser()
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / CREDENTIAL_NAME).is_file():
        return Path(credentials) / CREDENTIAL_NAME
    return Path(platformdirs.user_config_dir("ewarong-central", appauthor=False)) / (
        DEFAULT_FILE_NAME
    )


def key_id(sealing_key: bytes) -> str:
    """Names a sealing key without revealing it (kept beside the sealed lookup key)."""
    return hmac.new(sealing_key, _ID_LABEL, hashlib.sha256).hexdigest()[:16]


def _where(path: Path) -> str:
    return (
        f"{path} (set by --key-file, ${KEY_FILE_ENV}, a systemd credential "
        f"'{CREDENTIAL_NAME}', or the config folder's {DEFAULT_FILE_NAME})"
    )


def read_key(path: Path) -> bytes | None:
    """The sealing key in `path`, None if there is no such file; a file that is not one
    (unreadable, not 64 hex digits) is a refusal."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused(
            500,
            "office_key.unreadable",
            f"the office's sealing key file {path} cannot be read ({exc}): check its owner "
            "and permissions (the service's user must be able to read it)",
        ) from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise Refused(
            500,
            "office_key.unreadable",
            f"{path} is not an e-Warong office sealing key (64 hex digits expected)",
        )
    _warn_if_shared(path)
    return key


def _warn_if_shared(path: Path) -> None:
    """A key file other users can read defeats the sealing on a shared server: say so."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if os.name == "posix" and mode & 0o077:
        log.warning(
            "the office's sealing key file %s can be read by other users (mode %o): "
            "chmod 600 it",
            path, mode & 0o777,
        )  # fmt: skip


def create_key(path: Path) -> bytes:
    """A new sealing key in a new 0600 file (never overwrites one: O_EXCL; if another
    process made it first, its key is read)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        found = read_key(path)
        if found is None:  # pragma: no cover - removed between the two calls
            raise
        return found
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
        f.flush()
        os.fsync(f.fileno())
    return key


def seal(sealing_key: bytes, lookup_key: bytes) -> str:
    """The stored form of the lookup key (the `lookup_key_sealed` setting)."""
    nonce = secrets.token_bytes(12)
    data = AESGCM(sealing_key).encrypt(nonce, lookup_key, _AAD)
    return json.dumps(
        {"v": 1, "key_id": key_id(sealing_key), "nonce": nonce.hex(), "data": data.hex()},
        sort_keys=True,
    )


def unseal(sealing_key: bytes | None, stored: str, path: Path) -> bytes:
    """The lookup key, or a refusal that says what is wrong and what to do."""
    try:
        blob = json.loads(stored)
        wanted = str(blob["key_id"])
        nonce, data = bytes.fromhex(blob["nonce"]), bytes.fromhex(blob["data"])
    except (ValueError, KeyError, TypeError):
        raise Refused(
            500,
            "office_key.damaged",
            "the sealed identifier key in the central database is damaged: restore the "
            "database from its backup",
        ) from None
    if sealing_key is None:
        raise Refused(
            500,
            "office_key.missing",
            f"the office's sealing key (id {wanted}) is not found at {_where(path)}. The "
            "database's identifier key is sealed with it: put back the key file from the "
            "office's key backup (kept apart from the database backups) or point "
            f"${KEY_FILE_ENV} at it. A new key would not open this database.",
            key_id=wanted,
        )
    if key_id(sealing_key) != wanted:
        raise Refused(
            500,
            "office_key.wrong",
            f"the sealing key at {path} (id {key_id(sealing_key)}) is not the one this "
            f"database was sealed with (id {wanted}): use the office's own key file "
            f"(--key-file or ${KEY_FILE_ENV})",
            key_id=wanted,
        )
    try:
        return AESGCM(sealing_key).decrypt(nonce, data, _AAD)
    except InvalidTag:
        raise Refused(
            500,
            "office_key.damaged",
            "the sealed identifier key in the central database does not open with its "
            "sealing key (altered): restore the database from its backup",
        ) from None
