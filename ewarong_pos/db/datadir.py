"""The outlet's data folder: database file, secrets kept outside it, logs.

Layout of DATA_DIR:
    outlet.db            the SQLite database (plus -wal/-shm while open)
    secrets/lookup.key   key of the keyed hashes of NIK, No. KK and card numbers (0600)
    secrets/device.json  the device identity and token from enrollment (0600)
    logs/                rotating log files
The default DATA_DIR is the per-user data folder (platformdirs), never the program folder.

One rule for data folders (`outlet_folder`): only `ewarong demo`, `ewarong restore` and the
first-start set-up (the set-up screen, `ewarong enroll` on an empty folder) may create one
(`create=True`); every other command and the app's normal start refuse a path that is not an
outlet's data folder, creating nothing (no folder, no database, no key, no secrets), so a
mistyped `--data-dir` never becomes a new, empty outlet.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

from ewarong_pos.core.errors import DomainError

APP_NAME = "ewarong-pos"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read, atomically (no half-written secret)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


class DataDir:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_data_dir()

    @property
    def db_path(self) -> Path:
        return self.root / "outlet.db"

    @property
    def secrets_dir(self) -> Path:
        return self.root / "secrets"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> DataDir:
        self.root.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(exist_ok=True)
        return self

    def read_secret(self, name: str) -> bytes | None:
        path = self.secrets_dir / name
        return path.read_bytes() if path.exists() else None

    def write_secret(self, name: str, data: bytes) -> None:
        _write_private(self.secrets_dir / name, data)

    def lookup_key(self, *, create: bool = True) -> bytes:
        """The key of the identifier hashes of a PLAIN outlet (no data key: tools, benches).

        An encrypted outlet keeps it sealed: `db.crypto.load_lookup_key`. With
        `create=False` (an existing outlet) a missing key is refused: a new random key
        would silently make every stored NIK/KK/card hash unfindable.
        """
        key = self.read_secret("lookup.key")
        if key is None:
            if not create:
                raise DomainError("datadir.lookup_key_missing", path=str(self.root))
            key = secrets.token_bytes(32)
            self.write_secret("lookup.key", key)
        return key


def outlet_folder(root: Path | str | None, *, create: bool, restore: bool = False) -> DataDir:
    """THE rule for data folders: check `root` before anything is opened or written.

    `create=True` only for `demo`, `restore` and the first-start set-up/enroll: the folder
    is made if missing (a path naming a file is still refused). `create=False` (every other
    command, the app's normal start): the folder must exist and hold `outlet.db`; otherwise
    a `DomainError` says what is wrong and what to do, and nothing is created. Whether the
    database holds a set-up outlet is checked after opening (`open_outlet(create=False)`).

    Even with `create=True`, a folder whose `outlet.db` is gone while its key or a restore's
    leftovers are there is refused (never an empty new database in place of a lost one);
    only `restore=True` (the restore itself) goes on.
    """
    data_dir = DataDir(root)
    path = data_dir.root
    if path.exists() and not path.is_dir():
        raise DomainError("datadir.is_file", path=str(path))
    if path.is_dir() and not restore:
        _refuse_lost_database(data_dir)
    if create:
        try:
            data_dir.ensure()
        except OSError as exc:
            raise DomainError(
                "datadir.cannot_create", path=str(path), detail=exc.strerror or exc
            ) from None
        return data_dir
    if not path.exists():
        raise DomainError("datadir.missing", path=str(path))
    if not data_dir.db_path.exists() or data_dir.db_path.is_dir():
        raise DomainError("datadir.not_outlet", path=str(path))
    return data_dir


def _refuse_lost_database(data_dir: DataDir) -> None:
    """outlet.db missing while its key file or a restore's leftovers are in the folder."""
    if data_dir.db_path.exists():
        return
    path = data_dir.root
    if data_dir.db_path.with_name("outlet.db.restoring").exists() or any(
        path.glob("outlet-before-restore-*.db")
    ):
        raise DomainError("datadir.restore_interrupted", path=str(path))
    if (data_dir.secrets_dir / "db.key.json").exists():
        raise DomainError("datadir.db_missing", path=str(path))
