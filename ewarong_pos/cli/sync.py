"""`ewarong enroll URL CODE` and `ewarong sync [status|export FILE|import FILE]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ewarong_pos.cli.common import add_data_dir, open_context
from ewarong_pos.core.errors import DomainError
from ewarong_pos.services import sync


def register(sub: Any) -> None:
    enroll = sub.add_parser(
        "enroll",
        help="enroll this device with the central office; on an empty data folder, set "
        "the outlet up from the office (or from its set-up FILE)",
    )
    enroll.add_argument(
        "url",
        help="the central office service, e.g. https://dinsos.example.go.id, or the "
        "set-up file from the office (USB stick)",
    )
    enroll.add_argument("code", help="the one-time enrollment code from the office")
    enroll.add_argument(
        "--pin",
        default="",
        help="the office certificate's SHA-256 fingerprint (on the set-up sheet); pinned",
    )
    enroll.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="allow an unencrypted http:// office address on another PC (shown as such)",
    )
    enroll.add_argument("--device-code", default="K1", help="this till's code (new outlets)")
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


def _is_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _enroll(args: argparse.Namespace) -> int:
    from ewarong_pos.services import setup
    from ewarong_pos.services.context import open_outlet
    from ewarong_pos.services.outlet import is_set_up

    # The first start may create the outlet (db.datadir.outlet_folder's rule) in the
    # per-user data folder, or in a --data-dir folder that exists and is empty; a missing
    # --data-dir is a typo as for every other command, refused with nothing created. A
    # first start interrupted half-way (its device id kept) is taken up again.
    root: Path | None = args.data_dir
    content = None
    if _is_address(args.url):
        sync.check_office_address(args.url)  # a typo creates nothing
    else:
        # a set-up file that does not open creates nothing
        content = setup.open_setup_file(Path(args.url), args.code)
    if (
        root is None
        or (root.is_dir() and not any(root.iterdir()))
        or (root / "secrets" / setup.PENDING_DEVICE).is_file()
    ):
        ctx = open_outlet(root, create=True)
    else:
        ctx = open_context(args)
    try:
        if not is_set_up(ctx):
            if _is_address(args.url):
                result = setup.set_up_online(
                    ctx,
                    args.url,
                    args.code,
                    device_code=args.device_code,
                    tls_pin=args.pin,
                    allow_plain=args.allow_plain_http,
                    progress=_progress,
                )
            else:
                assert content is not None
                result = setup.set_up_from_file(ctx, content)
            print(
                f"outlet {result.outlet.code} ({result.outlet.name}) set up: device "
                f"{result.outlet.device_code} ({result.outlet.device_id}), "
                f"{result.rows} rows from the central office"
            )
            office = result.central_url or "-"
            print(f"central office: {office}{' (certificate pinned)' if result.pinned else ''}")
            return 0
        if content is not None:
            raise DomainError("setup.already")
        info = sync.enroll(
            ctx, args.url, args.code, tls_pin=args.pin, allow_plain=args.allow_plain_http
        )
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


def _progress(done: int, total: int) -> None:
    if total:
        print(f"  {done} of {total} rows", flush=True)
