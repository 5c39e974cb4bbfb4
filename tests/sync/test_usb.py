"""No network for days: the journal goes to the office on a USB stick and the office's
changes come back the same way, checked like any upload."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ewarong_pos.cli import main
from ewarong_pos.db.models import Family
from ewarong_pos.services import sync
from tests.sync.harness import (
    append_sales,
    assert_exactly_once,
    enrollment_code,
    make_outlet,
    seed_central,
)


@pytest.fixture
def outlet(service, tmp_path, clock):
    seed_central(service.central, tmp_path, {"EW-1": ["D1", "D2", "D3"]}, clock())
    ctx = make_outlet(tmp_path / "k1", "EW-1", clock)
    sync.enroll(ctx, service.url, enrollment_code(service.central, "EW-1", clock()))
    yield ctx
    ctx.close()


def test_usb_round_trip_through_the_command_line(service, outlet, central_url, tmp_path, capsys):
    data_dir = str(outlet.data_dir.root)
    append_sales(outlet, 4)
    stick = tmp_path / "stick"
    stick.mkdir()
    out_file, back_file = stick / "ew1-journal.json", stick / "ew1-changes.json"

    assert main(["sync", "export", str(out_file), "--data-dir", data_dir]) == 0
    assert "5 journal entries" in capsys.readouterr().out
    assert main(["central", "import", str(out_file), "--db", central_url]) == 0
    assert "stored 5, already held 0" in capsys.readouterr().out
    # the same stick read twice: acknowledged, not stored again
    assert main(["central", "import", str(out_file), "--db", central_url]) == 0
    assert "stored 0, already held 5" in capsys.readouterr().out

    assert sync.sync_status(outlet).waiting == 5  # not acknowledged until the answer is back
    assert main(["central", "export", str(back_file), "--outlet", "EW-1", "--db", central_url]) == 0
    capsys.readouterr()
    assert main(["sync", "import", str(back_file), "--data-dir", data_dir]) == 0
    assert "waiting 0" in capsys.readouterr().out
    with outlet.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Family)) == 3
    assert_exactly_once(outlet, service.central)

    # back online: nothing left to send, nothing doubled
    result = sync.sync_now(outlet)
    assert result.pushed == 0 and result.duplicates == 0
    assert_exactly_once(outlet, service.central)


@pytest.mark.expect_log("ewarong_pos.central.admin", r"^refused ")
def test_altered_or_foreign_files_are_refused(service, outlet, central_url, tmp_path, capsys):
    data_dir = str(outlet.data_dir.root)
    append_sales(outlet, 2)
    out_file = tmp_path / "journal.json"
    assert main(["sync", "export", str(out_file), "--data-dir", data_dir]) == 0
    document = json.loads(out_file.read_text())
    document["batch"]["entries"][1]["payload"]["total"] = 1
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document))
    assert main(["central", "import", str(forged), "--db", central_url]) == 2
    assert "file.seal" in capsys.readouterr().err
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{]")
    assert main(["central", "import", str(garbage), "--db", central_url]) == 2
    with service.central.session() as s:
        from ewarong_pos.central import admin

        assert admin.journal_count(s) == 0

    back = tmp_path / "changes.json"
    assert main(["central", "export", str(back), "--outlet", "EW-1", "--db", central_url]) == 0
    document = json.loads(back.read_text())
    document["devices"][0]["pages"][0]["families"][0]["name"] = "Someone else"
    back.write_text(json.dumps(document))
    capsys.readouterr()
    assert main(["--lang", "en", "sync", "import", str(back), "--data-dir", data_dir]) == 2
    assert "seal" in capsys.readouterr().err
    document["outlet_code"] = "EW-9"
    back.write_text(json.dumps(document))
    assert main(["--lang", "en", "sync", "import", str(back), "--data-dir", data_dir]) == 2
    assert "another outlet" in capsys.readouterr().err
    with outlet.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Family)) == 0


def test_a_folder_named_as_the_usb_file_is_a_message(outlet, tmp_path, capsys):
    """Issue 17, point 9: a folder given as the sync file (export or import) is refused
    with a message, no traceback, and the sync state stays as it was."""
    data_dir = str(outlet.data_dir.root)
    append_sales(outlet, 2)
    before = sync.sync_status(outlet)
    folder = tmp_path / "ew1-journal.json"
    folder.mkdir()
    for action in ("export", "import"):
        code = main(["--lang", "en", "sync", action, str(folder), "--data-dir", data_dir])
        err = capsys.readouterr().err
        assert code == 2, (action, err)
        assert "is a folder, not a file" in err and "Traceback" not in err, action
    assert list(folder.iterdir()) == []
    after = sync.sync_status(outlet)
    assert (after.waiting, after.acked_seq) == (before.waiting, before.acked_seq)
