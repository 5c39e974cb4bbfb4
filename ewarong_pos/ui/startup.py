"""Long jobs before the main window exists (building the demo outlet), with a progress bar.

The job runs on a task runner's database worker (it writes the outlet) and reports
`(stage, done, total)`; the dialog follows by queued signal, so the screen keeps painting
while the job works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog

from ewarong_pos.ui.ops.jobs import DbJob
from ewarong_pos.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def run_with_progress(title: str, job: Callable[[Callable[[str, int, int], None]], Any]) -> Any:
    """Run `job(progress)` off the GUI thread behind a progress dialog; return its result."""
    runner = TaskRunner()
    dialog = QProgressDialog(title, "", 0, 0)
    dialog.setWindowTitle("e-Warong POS")
    dialog.setCancelButton(None)  # the demo build cannot be stopped halfway
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    report = runner.reporter("startup")

    def on_progress(_name: str, done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    runner.progress.connect(on_progress)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finished(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    def progress(stage: str, done: int, total: int) -> None:
        report(done, total)

    runner.run(
        DbJob("startup", partial(job, progress)),
        on_done=lambda result: finished("result", result),
        on_error=lambda error: finished("error", error),
    )
    dialog.show()
    if not outcome:
        loop.exec()
    dialog.close()
    runner.shutdown()
    QCoreApplication.processEvents()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
