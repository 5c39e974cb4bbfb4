"""`ewarong enroll URL CODE` and `ewarong sync [status|export FILE|import FILE]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ewarong_pos.cli.common import add_data_dir, open_context
from ewarong_pos.services import sync


def register(sub: Any) -> None:
    enroll = sub.add_parser("enroll", help="enroll this device with the central office")
    enroll.add_argument("url", help="the central office service, e.g. http://10.0.0.5:8000")
    enroll.add_argument("code", help="the one-time enrollment code from the office")
    add_data_dir(enroll)
    enroll.set_defaults(func=_enroll)

    parser = sub.add_parser(
        "sync", help="push the journal to the central office, then pull its changes"
    )
    add_data_dir(parser)
    parser.add_argument("--attempts", type=int, default=1, help="retries with backoff")
    parser.set_defaults(func=_sync)
    actions = parser.add_subparsers(dest="sync_action", metavar="ACTION")

    def child(name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        # SUPPRESS: `ewarong sync --data-dir D status` keeps the parent's value
        p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
        return p

    status = child("status", "show the sync state")
    status.set_defaults(func=_status)
    export = child("export", "write the journal not yet acknowledged to a file (USB)")
    export.add_argument("file", type=Path)
    export.set_defaults(func=_export)
    imp = child("import", "apply the central office's answer file (USB)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=_import)


def _enroll(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        info = sync.enroll(ctx, args.url, args.code)
    finally:
        ctx.close()
    print(f"enrolled: device {info.device_id} of outlet {info.outlet_code} ({info.outlet_name})")
    print(f"central office: {info.central_url}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        result = sync.sync_with_retry(ctx, attempts=max(1, args.attempts))
        status = sync.sync_status(ctx)
    finally:
        ctx.close()
    print(
        f"pushed {result.pushed} (already held {result.duplicates}), "
        f"disputed {result.disputed}; pulled {result.changes} changes in {result.pages} pages"
    )
    print(
        f"acknowledged up to {result.acked_seq}; waiting {status.waiting}; "
        f"disputed entries {status.disputed}"
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        status = sync.sync_status(ctx)
    finally:
        ctx.close()
    print(f"state: {status.state}")
    print(f"central office: {status.central_url or '-'}")
    print(
        f"last attempt: {status.last_attempt_at or '-'}; last success: "
        f"{status.last_success_at or '-'}"
    )
    print(
        f"waiting: {status.waiting}; disputed: {status.disputed}; "
        f"acknowledged up to: {status.acked_seq}"
    )
    if status.last_error:
        print(f"last error: {status.last_error}")
    return 0


def _export(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        count = sync.export_pending(ctx, args.file)
    finally:
        ctx.close()
    print(f"{count} journal entries written to {args.file}")
    return 0


def _import(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        rows = sync.import_changes(ctx, args.file)
        status = sync.sync_status(ctx)
    finally:
        ctx.close()
    print(
        f"{rows} changes applied; acknowledged up to {status.acked_seq}; "
        f"waiting {status.waiting}; disputed {status.disputed}"
    )
    return 0
