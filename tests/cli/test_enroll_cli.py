"""`ewarong enroll` with a malformed code refuses clearly and contacts nobody."""

from __future__ import annotations

from ewarong_pos.cli import main
from ewarong_pos.db.datadir import DataDir


def test_a_too_short_enrollment_code_is_refused_with_a_message(ctx, capsys):
    root = ctx.data_dir.root
    ctx.close()
    # port 9 (discard): had the client tried to connect, the refusal would be "offline"
    code = main(["--lang", "en", "enroll", "http://127.0.0.1:9", "abc", "--data-dir", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Invalid enrollment code (3 characters" in err
    assert "Traceback" not in err
    assert DataDir(root).read_secret("device.json") is None


BAD_ADDRESSES = [
    "https://",  # no host: was "office unreachable, data safe"
    "https://exa mple.go.id",  # a space
    "https://[::1",  # was an unexpected ValueError
    "https://kantor.go.id:99999",  # no such port
    "https://kasir@kantor.go.id",
]


def test_a_malformed_office_address_is_a_message_and_contacts_nobody(ctx, capsys):
    """Issue 17, point 9: a mistyped address is not 'office unreachable, data safe'."""
    root = ctx.data_dir.root
    ctx.close()
    for url in BAD_ADDRESSES:
        code = main(["--lang", "en", "enroll", url, "ABCD-EFGH-JKLM", "--data-dir", str(root)])
        err = capsys.readouterr().err
        assert code == 2, url
        assert "Not a valid central office address" in err, (url, err)
        assert "cannot be reached" not in err and "Traceback" not in err, url
    assert DataDir(root).read_secret("device.json") is None


def test_a_malformed_address_on_a_first_start_creates_nothing(tmp_path, capsys):
    empty = tmp_path / "new-outlet"
    empty.mkdir()
    code = main(["--lang", "id", "enroll", "https://", "ABCD-EFGH-JKLM", "--data-dir", str(empty)])
    assert code == 2
    assert "Alamat kantor pusat tidak sah" in capsys.readouterr().err
    assert list(empty.iterdir()) == []
