"""`ewarong central ...`: run and administer the central office service.

The database is `--db URL` (a SQLite file path or URL, or postgresql://...), default
$EWARONG_CENTRAL_DB or ./central.db. FastAPI and uvicorn are imported only here, when a
central command runs, so the outlet's commands start without them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ewarong_pos.core.dates import format_period, utcnow
from ewarong_pos.core.money import format_rupiah


def _db_url(args: argparse.Namespace) -> str:
    return str(args.db or os.environ.get("EWARONG_CENTRAL_DB") or "central.db")


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Any]:
    from ewarong_pos.central.core.db import CentralDB

    central = CentralDB(_db_url(args), key_file=args.key_file)
    try:
        with central.session() as s, s.begin():
            yield s
    finally:
        central.close()


def _refusals(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def wrapped(args: argparse.Namespace) -> int:
        from ewarong_pos.central.errors import Refused

        try:
            return func(args)
        except Refused as exc:
            print(f"refused ({exc.code}): {exc.detail}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
            return 2

    return wrapped


def register(sub: Any) -> None:
    central = sub.add_parser("central", help="the central office service and its administration")
    commands = central.add_subparsers(dest="central_command", metavar="COMMAND")
    commands.required = True

    def command(
        names: list[str],
        help_text: str,
        func: Callable[[argparse.Namespace], int],
        parent: Any = commands,
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(names[0], help=help_text)
        p.add_argument("--db", default=None, help="database URL or SQLite file")
        p.add_argument(
            "--key-file",
            type=Path,
            default=None,
            help="the office's sealing key (default $EWARONG_CENTRAL_KEY_FILE, a systemd "
            "credential ewarong-central.key, or the config folder's office.key)",
        )
        p.set_defaults(func=_refusals(func))
        return p

    p = command(["serve"], "run the HTTP(S) service", _serve)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--tls-cert", type=Path, default=None, help="serve HTTPS: certificate (PEM)")
    p.add_argument("--tls-key", type=Path, default=None, help="serve HTTPS: its private key (PEM)")
    p.add_argument(
        "--behind-proxy",
        default=None,
        metavar="PROXY_IPS",
        help="behind a TLS reverse proxy at these addresses (e.g. 127.0.0.1): trust its "
        "X-Forwarded-For for the client address",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="serve from N processes on one socket (the push path is CPU-bound: about one "
        "per core; rate limits are per process)",
    )

    roster = commands.add_parser("roster", help="the beneficiary roster")
    roster_sub = roster.add_subparsers(dest="roster_command", metavar="COMMAND")
    roster_sub.required = True
    p = command(["import"], "import a roster file (all or nothing)", _roster_import, roster_sub)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--accept-identifier-changes",
        type=int,
        default=None,
        metavar="COUNT",
        help="confirm that the file changes the NIK/KK of COUNT known families",
    )

    vouchers = commands.add_parser("vouchers", help="monthly tranches")
    vouchers_sub = vouchers.add_subparsers(dest="vouchers_command", metavar="COMMAND")
    vouchers_sub.required = True
    p = command(
        ["issue"],
        "configure a period and issue every active family's voucher",
        _vouchers_issue,
        vouchers_sub,
    )
    p.add_argument("--period", required=True, help="YYYY-MM")
    p.add_argument("--amount", type=int, required=True, help="rupiah per family")
    p.add_argument("--categories", required=True, help="eligible categories, e.g. beras,telur")
    p.add_argument("--valid-from", type=dt.date.fromisoformat, required=True)
    p.add_argument("--valid-until", type=dt.date.fromisoformat, required=True)

    products = commands.add_parser("products", help="products, prices and ceilings")
    products_sub = products.add_subparsers(dest="products_command", metavar="COMMAND")
    products_sub.required = True
    p = command(["set"], "load products from a CSV file", _products_set, products_sub)
    p.add_argument("file", type=Path)
    p = command(["price"], "set a product's price", _products_price, products_sub)
    p.add_argument("sku")
    p.add_argument("price", type=int)
    p = command(
        ["ceiling"], "set a product's ceiling (HET), or 'none'", _products_ceiling, products_sub
    )
    p.add_argument("sku")
    p.add_argument("ceiling")

    p = command(["category"], "set a category's names", _category)
    p.add_argument("code")
    p.add_argument("name_id")
    p.add_argument("name_en")

    outlet = commands.add_parser("outlet", help="outlets")
    outlet_sub = outlet.add_subparsers(dest="outlet_command", metavar="COMMAND")
    outlet_sub.required = True
    p = command(
        ["register"],
        "register an outlet and print a one-time enrollment code",
        _outlet_register,
        outlet_sub,
    )
    p.add_argument("code")
    p.add_argument("name")
    for name in ("address", "kelurahan", "kecamatan", "city", "phone", "complaints-line"):
        p.add_argument(f"--{name}", default=None, help="the outlet's identity, copied at set-up")
    p.add_argument("--price-zone", type=int, choices=[1, 2, 3], default=None)
    p.add_argument(
        "--url", default="", help="the office's address: also print the set-up QR for the outlet"
    )
    p.add_argument("--cert", type=Path, default=None, help="with --url: the office certificate")

    p = command(["account"], "create or update an outlet account (cashier, manager, ...)", _account)
    p.add_argument("outlet")
    p.add_argument("username")
    p.add_argument("display_name")
    p.add_argument("role", choices=["cashier", "manager", "supervisor"])
    p.add_argument("--pin", required=True)

    command(["outlets"], "list outlets, their devices, last sync and pending changes", _outlets)

    p = command(["revoke"], "revoke a device's token (a lost or stolen PC)", _revoke)
    p.add_argument("device")
    p.add_argument("--reason", default="")

    p = command(
        ["reconcile"], "redeemed amounts, disputes and gaps per outlet and period", _reconcile
    )
    p.add_argument("--period", default=None)

    p = command(["import"], "read an outlet's journal file (USB), checked like a push", _import)
    p.add_argument("file", type=Path)
    p = command(
        ["export"], "write an outlet's changes and acknowledgments to a file (USB)", _export
    )
    p.add_argument("file", type=Path, nargs="?", help="the changes file (not with --setup)")
    p.add_argument("--outlet", required=True)
    p.add_argument("--since", type=int, default=None, help="change cursor (default: last pull)")
    p.add_argument(
        "--setup",
        type=Path,
        default=None,
        metavar="FILE",
        help="instead: a sealed set-up file for a NEW PC of the outlet (prints its code)",
    )
    p.add_argument("--device-code", default="K1", help="with --setup: the new till's code")
    p.add_argument("--url", default="", help="with --setup: the office's address for later syncs")
    p.add_argument(
        "--cert", type=Path, default=None, help="with --setup: the office's TLS certificate (PEM)"
    )

    p = command(["openapi"], "write the service's OpenAPI description", _openapi)
    p.add_argument("file", type=Path)

    staff = commands.add_parser("staff", help="office staff accounts of the web console")
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="COMMAND")
    staff_sub.required = True
    p = command(
        ["add"],
        "create a staff account, or reset its role and password (the password is prompted)",
        _staff_add,
        staff_sub,
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["admin", "operator", "auditor"])
    p.add_argument("--name", default="", help="the person's name as shown in the console")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )
    command(["list"], "list staff accounts", _staff_list, staff_sub)
    p = command(
        ["disable"], "disable a staff account (ends its sessions)", _staff_disable, staff_sub
    )
    p.add_argument("username")
    p = command(
        ["token"], "make an API token for a staff account (shown once)", _staff_token, staff_sub
    )
    p.add_argument("username")
    p.add_argument("--label", default="")


def _serve(args: argparse.Namespace) -> int:
    from ewarong_pos.central.serve import make_server, serve_workers
    from ewarong_pos.protocol.tls import certificate_pin

    if (args.tls_cert is None) != (args.tls_key is None):
        print("--tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    options: dict[str, Any] = {
        "tls_cert": args.tls_cert,
        "tls_key": args.tls_key,
        "proxy_headers": args.behind_proxy is not None,
        "forwarded_allow_ips": args.behind_proxy,
        "key_file": args.key_file,
    }
    scheme = "https" if args.tls_cert else "http"
    print(
        f"central office service on {scheme}://{args.host}:{args.port} (database {_db_url(args)})",
        flush=True,
    )
    if args.tls_cert:
        pin = certificate_pin(args.tls_cert.read_text(encoding="ascii"))
        print(f"certificate fingerprint (SHA-256, for the outlets' set-up sheet): {pin}")
    elif args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            "WARNING: plain HTTP on a network address: outlets refuse it; serve HTTPS "
            "(--tls-cert/--tls-key) or put a TLS reverse proxy in front (docs/sync.md)",
            file=sys.stderr,
        )
    if args.workers > 1:
        print(f"{args.workers} worker processes", flush=True)
        serve_workers(_db_url(args), args.host, args.port, args.workers, **options)
    else:
        make_server(_db_url(args), args.host, args.port, **options).run()
    return 0


def _roster_import(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        result = admin.import_roster(
            s, args.file, utcnow(), accept_identifier_changes=args.accept_identifier_changes
        )
    print(
        f"{result.families} families ({result.moved} moved to another outlet), "
        f"{result.vouchers} vouchers, {result.flagged} flagged; NIK/KK of "
        f"{result.identifier_changes} known families changed"
    )
    if result.nik_conflicts:  # loudly, on stderr too
        for out in (sys.stdout, sys.stderr):
            print(
                f"ATTENTION: {len(result.nik_conflicts)} families carry a NIK another family "
                "(not in this file) already holds; check whether they are the same family:",
                file=out,
            )
            for line, dtks, other in result.nik_conflicts[:50]:
                print(f"  line {line}, DTKS id {dtks}: same NIK as DTKS id {other}", file=out)
    return 0


def _vouchers_issue(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    categories = [c.strip() for c in args.categories.split(",") if c.strip()]
    with _session(args) as s:
        issued = admin.issue_vouchers(
            s, args.period, args.amount, categories, args.valid_from, args.valid_until, utcnow()
        )
    print(
        f"{format_period(args.period, getattr(args, 'lang', 'id'))}: {issued} vouchers of "
        f"{format_rupiah(args.amount)} "
        f"issued ({', '.join(categories)})"
    )
    return 0


def _products_set(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        count = admin.set_products(s, args.file, utcnow())
    print(f"{count} products set")
    return 0


def _products_price(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        p = admin.set_price(s, args.sku, utcnow(), price=args.price)
    print(f"{p.sku}: price {format_rupiah(p.price)}")
    return 0


def _products_ceiling(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    clear = args.ceiling.lower() in ("none", "-", "")
    with _session(args) as s:
        p = admin.set_price(
            s, args.sku, utcnow(), ceiling=None if clear else int(args.ceiling), clear_ceiling=clear
        )
    ceiling = format_rupiah(p.ceiling) if p.ceiling is not None else "none"
    print(f"{p.sku}: ceiling {ceiling}")
    return 0


def _category(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        admin.set_category(s, args.code, args.name_id, args.name_en)
    print(f"category {args.code} set")
    return 0


def _outlet_register(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        identity = {
            name: getattr(args, name)
            for name in admin.OUTLET_FIELDS
            if getattr(args, name, None) is not None
        }
        code = admin.register_outlet(
            s, args.code, args.name, utcnow(), price_zone=args.price_zone, **identity
        )
    print(f"outlet {args.code} ({args.name}) registered")
    print(f"enrollment code (one time, 14 days): {code}")
    if args.url:
        _print_setup_qr(args.url, code, args.cert)
    return 0


def _print_setup_qr(url: str, code: str, cert: Path | None) -> None:
    """The set-up QR (address, code, certificate fingerprint) for the outlet's set-up
    screen, as text a terminal shows and a phone or scanner reads."""
    import qrcode

    from ewarong_pos.protocol.setupfile import setup_link
    from ewarong_pos.protocol.tls import certificate_pin

    pin = certificate_pin(cert.read_text(encoding="ascii")) if cert else ""
    link = setup_link(url, code, pin)
    if pin:
        print(f"certificate fingerprint: {pin}")
    print(f"set-up link: {link}")
    qr = qrcode.QRCode(border=1)
    qr.add_data(link)
    qr.print_ascii(out=sys.stdout)


def _account(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        admin.add_account(s, args.outlet, args.username, args.display_name, args.role, args.pin)
    print(f"account {args.username} ({args.role}) set for outlet {args.outlet}")
    return 0


def _outlets(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        states = admin.outlets(s)
    for o in states:
        print(f"{o.code}  {o.name}  families {o.families}  unused codes {o.open_codes}")
        if not o.devices:
            print("    no device enrolled")
        for d in o.devices:
            flag = f"  REVOKED {d.revoked_at}" if d.revoked_at else ""
            print(
                f"    device {d.code} {d.device_id}: stored up to {d.stored_up_to}, "
                f"last push {d.last_push_at or '-'}, last pull {d.last_pull_at or '-'}, "
                f"version {d.app_version or '-'}, "
                f"changes since last pull {d.pending_changes}, disputed {d.disputed}{flag}"
            )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        admin.revoke(s, args.device, utcnow(), args.reason)
    print(f"device {args.device} revoked")
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin

    with _session(args) as s:
        report = admin.reconcile(s, args.period)
    print(
        f"{'outlet':<16} {'period':<8} {'redeemed':>16} {'families':>9} {'disputed':>9} {'over':>5}"
    )
    for r in report.rows:
        print(
            f"{r.outlet_code:<16} {r.period:<8} {format_rupiah(r.redeemed):>16} "
            f"{r.families:>9} {r.disputed:>9} {r.over_redeemed:>5}"
        )
    if not report.rows:
        print("(no redemptions)")
    if report.days:
        print()
        print(
            f"{'outlet':<16} {'day':<10} {'shifts':>7} {'float':>12} {'expected':>14} "
            f"{'counted':>14} {'over/short':>12} {'closed':>8}"
        )
    for d in report.days:
        shifts = f"{d.shifts_closed}/{d.shifts_opened}"
        closed = "yes" if d.closed else "no"
        print(
            f"{d.outlet_code:<16} {d.business_date:<10} {shifts:>7} "
            f"{format_rupiah(d.float_total):>12} {format_rupiah(d.expected):>14} "
            f"{format_rupiah(d.counted):>14} {format_rupiah(d.over_short):>12} {closed:>8}"
        )
    for gap in report.receipt_gaps:
        print(f"receipt gap on device {gap.device_id}: after {gap.after}, next {gap.before}")
    for at, device, detail in report.tamper_refusals:
        print(f"tampering refused {at} device {device}: {detail}")
    for outlet_code, device_id, code, offset, seen in report.clock_drift:
        print(
            f"clock drift: outlet {outlet_code} device {code} ({device_id}) was {offset:+d} s "
            f"off the office's clock at {seen}: have its Windows clock fixed"
        )
    for c in report.clock_corrections:
        print(
            f"clock corrected: outlet {c.outlet_code} device {c.device_code} journal #{c.seq} "
            f"at {c.at} (the journal had reached {c.last_at}), approved by {c.approved_by}: "
            f"{c.reason}"
        )
    return 1 if report.receipt_gaps or report.tamper_refusals else 0


def _import(args: argparse.Namespace) -> int:
    from ewarong_pos.central import admin, transfer
    from ewarong_pos.central.errors import Refused

    file = transfer.read_push_file(args.file)
    from ewarong_pos.central.core.db import CentralDB

    central = CentralDB(_db_url(args), key_file=args.key_file)
    try:
        try:
            with central.session() as s, s.begin():
                ack = transfer.import_push(s, file, utcnow())
        except Refused as exc:
            with central.session() as s, s.begin():
                admin.log_refusal(
                    s,
                    exc,
                    device_id=file.batch.device_id,
                    outlet_code=file.batch.outlet_code,
                    path=f"file:{args.file}",
                )
            raise
    finally:
        central.close()
    print(
        f"device {ack.device_id}: stored {len(ack.stored)}, already held "
        f"{len(ack.duplicates)}, disputed {len(ack.disputed)}; stored up to {ack.stored_up_to}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from ewarong_pos.central import transfer

    if args.setup is not None:
        return _export_setup(args)
    if args.file is None:
        print("a FILE to write, or --setup FILE", file=sys.stderr)
        return 2
    with _session(args) as s:
        file = transfer.export_outlet(s, args.outlet, utcnow(), since=args.since)
    tmp = args.file.with_suffix(args.file.suffix + ".tmp")
    tmp.write_text(file.model_dump_json(), encoding="utf-8")
    tmp.replace(args.file)
    pages = sum(len(d.pages) for d in file.devices)
    print(
        f"outlet {args.outlet}: {len(file.devices)} devices, {pages} pages written to {args.file}"
    )
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from ewarong_pos.central.openapi import openapi_document

    args.file.write_text(
        json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"OpenAPI description written to {args.file}")
    return 0


def _export_setup(args: argparse.Namespace) -> int:
    from ewarong_pos.central import transfer
    from ewarong_pos.protocol.tls import certificate_pin

    pem = args.cert.read_text(encoding="ascii") if args.cert else ""
    with _session(args) as s:
        file, code = transfer.export_setup(
            s,
            args.outlet,
            utcnow(),
            device_code=args.device_code,
            central_url=args.url,
            tls_pin=certificate_pin(pem) if pem else "",
            tls_cert=pem,
        )
    tmp = args.setup.with_suffix(args.setup.suffix + ".tmp")
    tmp.write_text(file.model_dump_json(), encoding="utf-8")
    tmp.replace(args.setup)
    print(f"set-up file for a new PC of outlet {args.outlet} written to {args.setup}")
    print(f"code to open it (give it apart from the file): {code}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    """The new password: never on the command line (it would land in shell history and
    the process list); prompted twice without echo, or one line of standard input."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Kata sandi / password: ")
    second = getpass.getpass("Ulangi / repeat: ")
    if first != second:
        from ewarong_pos.central.errors import Refused

        raise Refused(422, "staff.password_mismatch", "the two passwords differ")
    return first


def _staff_add(args: argparse.Namespace) -> int:
    from ewarong_pos.central import staff

    password = _read_password(args)
    staff.check_password(password)
    with _session(args) as s:
        account = staff.add_staff(s, args.username, args.name, args.role, password, utcnow())
        staff.audit(
            s, "cli", "staff.add", utcnow(), target=account.username, detail=args.role, ip="cli"
        )
        name = account.username
    print(f"staff account {name} ({args.role}) set")
    return 0


def _staff_list(args: argparse.Namespace) -> int:
    from ewarong_pos.central import staff

    with _session(args) as s:
        for a in staff.list_staff(s):
            state = "active" if a.active else "disabled"
            print(f"{a.username:<20} {a.role:<9} {state:<9} {a.display_name}")
    return 0


def _staff_disable(args: argparse.Namespace) -> int:
    from ewarong_pos.central import staff

    with _session(args) as s:
        staff.set_active(s, args.username, False)
        staff.audit(s, "cli", "staff.disable", utcnow(), target=args.username, ip="cli")
    print(f"staff account {args.username} disabled")
    return 0


def _staff_token(args: argparse.Namespace) -> int:
    from ewarong_pos.central import staff

    with _session(args) as s:
        token = staff.new_api_token(s, args.username, args.label, utcnow())
        staff.audit(s, "cli", "staff.token", utcnow(), target=args.username, ip="cli")
    print(f"API token for {args.username} (shown once; send as 'Authorization: Bearer ...'):")
    print(token)
    return 0
