"""Training mode: open, reset and close the practice outlet (services.training)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ewarong_pos.services import training
from ewarong_pos.services.context import Context
from ewarong_pos.services.training import TrainingOutlet
from ewarong_pos.ui.ops.jobs import EVERYTHING, DbJob

Report = Callable[[int, int], None]


def _progress(report: Report | None) -> training.Progress | None:
    if report is None:
        return None
    return lambda _stage, done, total: report(done, total)


def open_training(real: Context, report: Report | None = None) -> DbJob[TrainingOutlet]:
    """Open (building it the first time, a few seconds) the practice outlet of `real`.
    It reads the real outlet and writes only the practice one's folder."""
    return DbJob("training.open", partial(training.open_training, real, _progress(report)))


def reset_training(
    real: Context, current: Context, report: Report | None = None
) -> DbJob[TrainingOutlet]:
    """Close the practice outlet, remove its folder and build it again."""
    return DbJob(
        "training.reset",
        partial(training.reset_training, real, current, _progress(report)),
        EVERYTHING,
    )


def _close(ctx: Context) -> None:
    ctx.close()


def close_training(ctx: Context) -> DbJob[None]:
    """Close the practice outlet's database (on the database worker, after its jobs)."""
    return DbJob("training.close", partial(_close, ctx))
