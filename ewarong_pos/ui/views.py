"""The workspace's tabs, in order, with their shortcut keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def workspace_views(window: Any) -> list[tuple[str, str, str, type]]:
    """(key, title, shortcut, class) of every tab; titles translated in context 'Views'."""
    from ewarong_pos.ui.home import HomeView

    tr = QCoreApplication.translate
    return [
        ("home", tr("Views", "Ringkasan"), "F2", HomeView),
    ]
