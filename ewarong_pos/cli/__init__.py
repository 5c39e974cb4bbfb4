"""`ewarong`: the headless command line (demo, roster, journal, report, sync, central, ...).

Each sub-command group lives in its own module under `ewarong_pos.cli` with a
`register(subparsers)` function; add the module's name to COMMAND_MODULES.
Exit codes: 0 done, 1 a check failed (e.g. a broken journal), 2 bad input or refusal
(including a full disk, a locked or damaged database: `db.failures`), 3 an unexpected error
(a message, never a traceback; `-v` shows the details).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from ewarong_pos import __version__
from ewarong_pos.core.errors import DomainError, ProblemList
from ewarong_pos.core.messages import render
from ewarong_pos.db.failures import as_domain_error

COMMAND_MODULES = [
    "demo",
    "roster",
    "backup",
    "rebuild",
    "sync",
    "central",
    "journal",
    "receipt",
    "report",
    "bench",
]

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ewarong", description="e-Warong POS: headless commands for the outlet and office"
    )
    parser.add_argument("--version", action="version", version=f"ewarong {__version__}")
    parser.add_argument(
        "--lang", choices=["id", "en"], default="id", help="language of messages (default id)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"ewarong_pos.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        result = args.func(args)
    except ProblemList as exc:
        print(exc.message(args.lang), file=sys.stderr)
        for problem in exc.problems:
            print("  " + problem.message(args.lang), file=sys.stderr)
        return 2
    except DomainError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # no traceback reaches a user (issue 17, point 9)
        known = as_domain_error(exc)
        log.debug("command failed", exc_info=True)
        if known is not None:
            print(known.message(args.lang), file=sys.stderr)
            return 2
        print(render("failure.unexpected", args.lang, kind=type(exc).__name__), file=sys.stderr)
        return 3
    return int(result or 0)
