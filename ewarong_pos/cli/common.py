"""Helpers shared by the sub-command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ewarong_pos.core.errors import DomainError
from ewarong_pos.services.context import Context, open_existing_outlet


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the outlet's data folder (default: the per-user data folder)",
    )


def open_context(args: argparse.Namespace) -> Context:
    """Open the set-up outlet named by --data-dir; refuse any other path, creating nothing.

    The one rule for data folders (`db.datadir.outlet_folder`): only demo, restore and the
    first-start set-up create a folder; they call `open_outlet(create=True)` themselves.
    """
    return open_existing_outlet(args.data_dir)


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file; a missing folder or no permission is a clear refusal."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DomainError("cli.write_failed", path=str(path), detail=exc.strerror or exc) from None


def open_set_up_context(args: argparse.Namespace) -> Context:
    """Open an outlet that must already be set up (reports): refuse, creating nothing."""
    return open_context(args)
