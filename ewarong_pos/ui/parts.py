"""What app.py hands the UI: the outlet context and the outside world's adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ewarong_pos.printing.printers import Printer
from ewarong_pos.services.context import Context


@dataclass
class AppParts:
    """The wired parts of a running app; app.py builds it, tests build their own.

    `make_printer()` returns the receipt printer chosen in settings (None: a test
    without one); `sync_now()` runs one push-and-pull round with the central office (None:
    a test without one). Both are called on a worker thread.
    """

    ctx: Context
    lang: str = "id"
    demo: bool = False
    make_printer: Callable[[], Printer] | None = None
    sync_now: Callable[[], object] | None = None
    # Wires the same adapters to a reopened outlet (after a restore): app.make_parts.
    reopen: Callable[[Context], AppParts] | None = None
    # Training mode (services.training): `ctx` is the practice outlet; the main window
    # keeps the real outlet's parts aside until the cashier leaves training.
    training: bool = False
