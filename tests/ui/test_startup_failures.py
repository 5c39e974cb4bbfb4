"""A clear window for every start-up failure (issue 17, point 7): the real `app.main` on a
truncated database, a lost key, a read-only folder, `--data-dir` naming a file and flipped
bits shows one window that says what is wrong and what to do, returns 2, creates nothing,
and never lets a traceback out. (QMessageBox.critical is captured instead of blocking.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ewarong_pos import app
from ewarong_pos.db import crypto
from ewarong_pos.services.context import open_outlet
from ewarong_pos.services.outlet import setup_outlet
from tests.services.sales_helpers import cheap_pins, seed  # noqa: F401

pytestmark = pytest.mark.usefixtures("cheap_pins")


@pytest.fixture
def windows(monkeypatch, qapp):
    shown: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def outlet_dir(tmp_path, clock):
    ctx = open_outlet(tmp_path / "data", clock=clock)
    setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
    seed(ctx)
    ctx.close()
    return tmp_path / "data"


def _tree(root: Path, skip: str | None = None) -> dict[str, tuple[int, bytes]]:
    """Every path under `root` with its mode and bytes (what 'nothing changed' compares)."""
    return _tree_without(
        {
            str(p.relative_to(root)): (p.stat().st_mode, p.read_bytes() if p.is_file() else b"")
            for p in sorted(root.rglob("*"))
        },
        skip,
    )


def _tree_without(tree: dict[str, tuple[int, bytes]], top: str | None) -> dict:
    """`tree` without the folder `top` (the log folder, where the failure is written)."""
    if top is None:
        return tree
    return {k: v for k, v in tree.items() if k != top and not k.startswith(top + os.sep)}


def start(root, windows) -> str:
    assert app.main(["--lang", "en", "--data-dir", str(root)]) == 2
    assert len(windows) == 1
    return windows[0]


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_truncated_database(outlet_dir, windows):
    path = outlet_dir / "outlet.db"
    path.write_bytes(path.read_bytes()[: 4096 * 3 + 1000])
    before = _tree(outlet_dir)
    text = start(outlet_dir, windows)
    assert "is truncated" in text and "the key is not wrong" in text
    assert "restores the latest backup" in text
    assert _tree(outlet_dir, skip="logs") == _tree_without(before, "logs")  # nothing changed


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_lost_key(outlet_dir, windows, monkeypatch, tmp_path):
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "another-users-keys"))
    before = _tree(outlet_dir)
    text = start(outlet_dir, windows)
    assert "is not in this user's key store" in text and "recovery code" in text
    assert _tree(outlet_dir, skip="logs") == _tree_without(before, "logs")  # no new key
    assert not (tmp_path / "another-users-keys").exists()


# The app in a child process, its window's text printed instead of shown (the only stand-in).
WINDOW_RUNNER = """
import json, sys
from PySide6.QtWidgets import QMessageBox
QMessageBox.critical = lambda parent, title, text: print("WINDOW:" + json.dumps(text), flush=True)
from ewarong_pos import app
sys.exit(app.main(["--lang", "en", "--data-dir", sys.argv[1]]))
"""


def test_read_only_folder(clock, monkeypatch):
    """A real read-only folder, also when the tests run as root (CI does): the app starts
    in a child process on an outlet folder whose folders are 0555 and files 0444
    (readable, nothing writable), like a folder copied from a CD or whose permissions an
    administrator took away. As root the child runs without the capabilities that let
    root ignore permissions (`setpriv` drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and
    CAP_FOWNER from its bounding set), so the kernel refuses its writes as it would a
    cashier's Windows account; switching to `nobody` cannot work here, as the interpreter
    lives under the 0700 /root."""
    base = Path(tempfile.mkdtemp(prefix="ewarong-readonly-"))
    try:
        base.chmod(0o755)
        keys, home, root = base / "keys", base / "home", base / "data"
        monkeypatch.setenv(crypto.KEY_DIR_ENV, str(keys))  # its key readable by the child
        ctx = open_outlet(root, clock=clock)
        setup_outlet(ctx, "EW-3171-0001", "e-Warong Melati")
        seed(ctx)
        ctx.close()
        home.mkdir()
        for folder in (keys, root):
            for path in [folder, *folder.rglob("*")]:
                path.chmod(0o555 if path.is_dir() else 0o444)
        before = _tree(root)
        env = {**os.environ, "HOME": str(home), crypto.KEY_DIR_ENV: str(keys)}
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env.pop(name, None)
        unprivileged = (
            [shutil.which("setpriv") or "setpriv", "--inh-caps=-all",
             "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
            if os.geteuid() == 0 else []
        )  # fmt: skip
        done = subprocess.run(
            [*unprivileged, sys.executable, "-c", WINDOW_RUNNER, str(root)],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            cwd=home,
        )
        windows = [json.loads(line[len("WINDOW:") :]) for line in done.stdout.splitlines()
                   if line.startswith("WINDOW:")]  # fmt: skip
        assert done.returncode == 2, done.stderr[-2000:]
        assert len(windows) == 1, done.stdout
        assert "No permission to read or write" in windows[0]
        assert "wrong key" not in windows[0]
        assert "Traceback" not in done.stdout + windows[0]
        assert _tree(root) == before  # nothing created, nothing changed
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir():
                path.chmod(0o700)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_data_dir_naming_a_file(tmp_path, windows):
    blocker = tmp_path / "outlet.db"
    blocker.write_text("not a folder")
    text = start(blocker, windows)
    assert "is a file, not an outlet's data folder" in text
    assert blocker.read_text() == "not a folder"


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_flipped_bits(outlet_dir, windows):
    path = outlet_dir / "outlet.db"
    raw = bytearray(path.read_bytes())
    for offset in range(4096 * 2 + 200, 4096 * 2 + 260):
        raw[offset] ^= 0xFF
    path.write_bytes(bytes(raw))
    before = _tree(outlet_dir)
    text = start(outlet_dir, windows)
    assert "do not sell on this PC yet" in text
    assert "Traceback" not in text
    assert _tree(outlet_dir, skip="logs") == _tree_without(before, "logs")


@pytest.mark.expect_log("ewarong_pos.services.startup", r"integrity check failed")
def test_a_healthy_outlet_passes_the_start_up_check_and_an_edited_entry_does_not(outlet_dir):
    from ewarong_pos.core.errors import DomainError
    from ewarong_pos.services import startup

    ctx = startup.open_for_counter(outlet_dir)
    ctx.close()
    conn = crypto.open_raw(outlet_dir / "outlet.db", ctx.data_key)
    conn.execute("UPDATE journal SET payload = replace(payload, 'a', 'b') WHERE seq = 2")
    conn.commit()
    conn.close()
    with pytest.raises(DomainError) as info:
        startup.open_for_counter(outlet_dir)
    assert info.value.code == "startup.damaged" and "journal #2" in info.value.message("en")
