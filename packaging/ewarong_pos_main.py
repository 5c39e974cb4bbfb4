"""Entry script of the frozen desktop app: PyInstaller starts here (see build.spec)."""

from __future__ import annotations

import sys

from ewarong_pos.app import main

if __name__ == "__main__":
    sys.exit(main())
