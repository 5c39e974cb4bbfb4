"""LibreOffice Calc (headless) opening a CSV as a clerk would: the tests that check what a
spreadsheet makes of the app's CSV exports share this one way of opening them."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path


def open_in_calc(source: Path) -> str:
    """Open `source` (comma, double quote, UTF-8, from line 1) in LibreOffice, save it as
    .ods beside it and return the saved sheet's content.xml."""
    profile = source.parent / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76,1",  # comma, double quote, UTF-8, from line 1
            "--convert-to",
            "ods",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    ods = source.with_suffix(".ods")
    assert ods.exists(), result.stderr
    return zipfile.ZipFile(ods).read("content.xml").decode("utf-8")
