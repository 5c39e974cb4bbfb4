"""What app.py hands the UI: the outlet context and the outside world's adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ewarong_pos.services.context import Context


@dataclass
class AppParts:
    """The wired parts of a running app; app.py builds it, tests build their own.

    `make_printer()` returns the receipt printer chosen in settings (or None when the
    printing service is not available); `sync_now()` runs one push-and-pull round with
    the central office. Both are called on a worker thread.
    """

    ctx: Context
    lang: str = "id"
    demo: bool = False
    make_printer: Callable[[], Any] | None = None
    sync_now: Callable[[], Any] | None = None
    # Wires the same adapters to a reopened outlet (after a restore): app.make_parts.
    reopen: Callable[[Context], AppParts] | None = None
    options: dict[str, Any] = field(default_factory=dict)
