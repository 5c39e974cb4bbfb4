"""A printer for tests that takes part of a job and then fails, like a printer losing power.

Refuses to load outside tests and development (EWARONG_DEV=1 or under pytest), so a
production till can never "print" into memory.
"""

from __future__ import annotations

from ewarong_pos.printing.printers import PrinterError, fake_allowed

if not fake_allowed():
    raise ImportError(PrinterError("printer.fake_refused").message("en"))


class FakePrinter:
    """Collects jobs; `fail_after` bytes into the next `failures` jobs it raises `error`."""

    def __init__(
        self, *, fail_after: int | None = None, failures: int = 0, error: str = "printer.no_paper"
    ) -> None:
        if not fake_allowed():
            raise RuntimeError(PrinterError("printer.fake_refused").message("en"))
        self.jobs: list[bytes] = []
        self.partial: list[bytes] = []  # what reached the paper of failed jobs
        self.fail_after = fail_after
        self.failures = failures
        self.error = error

    def send(self, data: bytes) -> None:
        if self.failures > 0 and self.fail_after is not None:
            self.failures -= 1
            self.partial.append(data[: self.fail_after])
            raise PrinterError(self.error)
        self.jobs.append(data)
