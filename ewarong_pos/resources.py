"""Find packaged resources (icons, styles, translations, samples), frozen or from source."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """`resources/` beside the package in a source tree, or inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
