"""Helpers shared by the sub-command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ewarong_pos.services.context import Context, open_outlet


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the outlet's data folder (default: the per-user data folder)",
    )


def open_context(args: argparse.Namespace) -> Context:
    return open_outlet(args.data_dir)
