"""The outlet's data folder: database file, secrets kept outside it, logs.

Layout of DATA_DIR:
    outlet.db            the SQLite database (plus -wal/-shm while open)
    secrets/lookup.key   key of the keyed hashes of NIK, No. KK and card numbers (0600)
    secrets/device.json  the device identity and token from enrollment (0600)
    logs/                rotating log files
The default DATA_DIR is the per-user data folder (platformdirs), never the program folder.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

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

    def lookup_key(self) -> bytes:
        """The key of the identifier hashes; made on first use, replaced at enrollment."""
        key = self.read_secret("lookup.key")
        if key is None:
            key = secrets.token_bytes(32)
            self.write_secret("lookup.key", key)
        return key
