"""The two kinds of background job, and the kinds of change a job announces.

Modelled on Anki's `CollectionOp`/`QueryOp`: an operation builder in `ui.ops.*` takes
the Context and plain values, and returns a job whose function the task runner calls on
a worker thread. The pool is a property of the job, never chosen at the call site:

- `DbJob`: database work, on the ONE database worker, in order. Every job that writes
  the outlet database through a use case is a `DbJob`, so two writes from the screens
  never race each other and a receipt is never queued before its sale.
- `IoJob`: work that waits on something outside (printer, network, USB disk, a file
  export), on the small I/O pool, so the counter's database work never queues behind it.
  An `IoJob` may read the database; what its service records after the wait (a print
  job's status, a backup's) goes through `Context.write_through` to the database worker.
  The sync round is the one I/O job that writes from its own thread (see `ui.tasks`).

`changes` names what a successful job changed; the runner announces it (`TaskRunner.changed`)
and the views that show it refresh themselves.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Change(enum.Enum):
    """What a mutating job changed, as the views that show it understand it."""

    JOURNAL = "journal"  # a new journal entry: the sync status's "waiting" count
    SALES = "sales"
    STOCK = "stock"
    CATALOG = "catalog"  # products, prices, periods
    FAMILIES = "families"
    ACCOUNTS = "accounts"
    SETTINGS = "settings"
    BACKUP = "backup"
    PRINT_QUEUE = "print_queue"
    DAY = "day"
    SYNC = "sync"  # sync state, disputes
    OUTLET = "outlet"  # enrollment, restore: everything may differ


EVERYTHING = frozenset(Change)
Changes = frozenset[Change]


@dataclass(frozen=True)
class DbJob(Generic[T]):
    """Runs `fn()` on the database worker."""

    name: str
    fn: Callable[[], T]
    changes: Changes = frozenset()


@dataclass(frozen=True)
class IoJob(Generic[T]):
    """Runs `fn()` on the I/O pool (printer, network, disk)."""

    name: str
    fn: Callable[[], T]
    changes: Changes = frozenset()


Job = DbJob[T] | IoJob[T]


def sale_changes() -> Changes:
    """What a committed sale changes: sales, stock, vouchers, the journal, the print queue."""
    return frozenset(
        {Change.SALES, Change.STOCK, Change.FAMILIES, Change.JOURNAL, Change.PRINT_QUEUE}
    )
