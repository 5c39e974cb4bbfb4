"""Helpers shared by the sub-command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ewarong_pos.core.errors import DomainError
from ewarong_pos.db.datadir import DataDir
from ewarong_pos.services.context import Context, open_outlet
from ewarong_pos.services.outlet import is_set_up


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the outlet's data folder (default: the per-user data folder)",
    )


def open_context(args: argparse.Namespace) -> Context:
    return open_outlet(args.data_dir)


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file; a missing folder or no permission is a clear refusal."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DomainError("cli.write_failed", path=str(path), detail=exc.strerror or exc) from None


def open_set_up_context(args: argparse.Namespace) -> Context:
    """Open an outlet that must already be set up (reports): refuse, creating nothing."""
    if not DataDir(args.data_dir).db_path.exists():
        # Never create an empty database just to report that it is empty.
        raise DomainError("verify.not_set_up")
    ctx = open_context(args)
    if not is_set_up(ctx):
        ctx.close()
        raise DomainError("verify.not_set_up")
    return ctx
