"""On Windows and macOS the key-file fallback must not land inside the data folder
(issue 17, point 9): platformdirs gives the same folder for config and data there."""

from __future__ import annotations


def test_the_key_file_folder_is_never_inside_the_data_folder(monkeypatch, tmp_path):
    import platformdirs

    from ewarong_pos.db import crypto

    # Windows/macOS: platformdirs gives one folder for config and data
    same = tmp_path / "AppData" / "Local"

    def folder(app, appauthor=False, roaming=False):
        return str((tmp_path / "Roaming" if roaming else same) / app)

    monkeypatch.setattr(platformdirs, "user_data_dir", folder)
    monkeypatch.setattr(platformdirs, "user_config_dir", folder)
    keys = crypto.key_file_folder()
    data = same / "ewarong-pos"
    assert data not in keys.parents and keys != data
    assert keys == tmp_path / "Roaming" / "ewarong-pos-keys"
