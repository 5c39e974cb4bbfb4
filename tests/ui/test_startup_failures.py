"""A clear window for every start-up failure (issue 17, point 7): the real `app.main` on a
truncated database, a lost key, a read-only folder, `--data-dir` naming a file and flipped
bits shows one window that says what is wrong and what to do, returns 2, creates nothing,
and never lets a traceback out. (QMessageBox.critical is captured instead of blocking.)"""

from __future__ import annotations

import os

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


def start(root, windows) -> str:
    assert app.main(["--lang", "en", "--data-dir", str(root)]) == 2
    assert len(windows) == 1
    return windows[0]


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_truncated_database(outlet_dir, windows):
    path = outlet_dir / "outlet.db"
    path.write_bytes(path.read_bytes()[: 4096 * 3 + 1000])
    text = start(outlet_dir, windows)
    assert "is truncated" in text and "the key is not wrong" in text
    assert "restores the latest backup" in text


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_lost_key(outlet_dir, windows, monkeypatch, tmp_path):
    monkeypatch.setenv(crypto.KEY_DIR_ENV, str(tmp_path / "another-users-keys"))
    text = start(outlet_dir, windows)
    assert "is not in this user's key store" in text and "recovery code" in text


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder(outlet_dir, windows):
    os.chmod(outlet_dir, 0o500)
    try:
        text = start(outlet_dir, windows)
    finally:
        os.chmod(outlet_dir, 0o700)
    assert "No permission to read or write" in text and "wrong key" not in text


@pytest.mark.expect_log("ewarong_pos.app", r"^start-up failed")
def test_read_only_folder_as_root_too(outlet_dir, windows, monkeypatch):
    # root can write anywhere: stand in for the OS saying no, at the same call
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    text = start(outlet_dir, windows)
    assert "No permission to read or write" in text and "wrong key" not in text


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
    text = start(outlet_dir, windows)
    assert "do not sell on this PC yet" in text
    assert "Traceback" not in text


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
