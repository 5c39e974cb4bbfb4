"""`Shell`: what a view may ask of the main window, and nothing else.

The views and dialogs receive a `Shell` (the `MainWindow` is the one implementation;
tests may give a stand-in): the outlet's parts, the task runner, the language, who is
logged in, and a few requests (show a message, print a receipt, switch language,
restore a backup). A view never reaches into another view or into the window's layout.
A view that shows data other jobs change declares it in `shows` (see `ui.ops.jobs.Change`):
the window calls its `activate()` again after such a job, instead of a hand-written
refresh call at the job's end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ewarong_pos.services.accounts import AccountInfo

if TYPE_CHECKING:
    from ewarong_pos.services.backup import BackupResult
    from ewarong_pos.ui.i18n import Language
    from ewarong_pos.ui.ops.backup import RestoreOutcome
    from ewarong_pos.ui.ops.jobs import Changes
    from ewarong_pos.ui.ops.printing import Committed
    from ewarong_pos.ui.parts import AppParts
    from ewarong_pos.ui.tasks import TaskRunner


class Shell(Protocol):
    """The main window as the views see it."""

    parts: AppParts
    runner: TaskRunner
    lang: Language
    account: AccountInfo | None

    def actor(self) -> AccountInfo:
        """The logged-in account; RuntimeError when nobody is (a view's bug)."""
        ...

    def show_message(self, text: str, kind: str = "info") -> None: ...

    def print_receipt(self, sale_id: int, copy: bool = False) -> None: ...

    def print_committed(self, done: Committed, cash: bool = False) -> None: ...

    def show_keys(self) -> None:
        """The on-screen list of keys."""
        ...

    def set_language(self, lang: str) -> None: ...

    def enter_training(self) -> None:
        """Open the practice outlet (training mode) from the login screen."""
        ...

    def apply_autolock(self, minutes: int) -> None: ...

    def backup_finished(self, result: BackupResult | None, error: BaseException | None) -> None:
        """A backup some view started has ended (the status bar shows it)."""
        ...

    def restore_backup(
        self, path: str, manager: str, pin: str, on_done: Callable[[RestoreOutcome], None]
    ) -> None: ...


class RefreshingView(Protocol):
    """A view that shows what some jobs change (`shows`) and reloads in `activate()`."""

    shows: Changes

    def activate(self) -> None: ...
