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
