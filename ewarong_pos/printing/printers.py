"""Printers behind one small protocol: `send(bytes)` the whole job, or raise PrinterError.

A printer is named by a URI stored in the settings:
`usb://04b8:0e15`, `serial:///dev/ttyUSB0?baudrate=9600`, `tcp://192.168.1.50:9100`,
`cups://QueueName`, `win32://Queue Name`, `file:///dev/usb/lp0` (or any file path).
USB, serial and network URIs take `?status=1` to check the paper sensor before each job.
Every failure (switched off, unplugged, no paper, network timeout) becomes a
`PrinterError` whose code is in `core.messages`; callers keep the job queued.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

NETWORK_TIMEOUT_S = 10.0


class PrinterError(Exception):
    """A printer failure as a message code (`printer.*`) with its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)

    def message(self, lang: str = "id") -> str:
        from ewarong_pos.core.messages import render

        return render(self.code, lang, **self.params)


class Printer(Protocol):
    """Where receipt bytes go. `send` delivers all of them or raises PrinterError."""

    def send(self, data: bytes) -> None: ...


@dataclass(frozen=True)
class PrinterTarget:
    """A parsed printer URI."""

    scheme: str  # usb | serial | tcp | cups | win32 | file
    uri: str
    options: dict[str, str]


def parse_uri(uri: str) -> PrinterTarget:
    """Check a printer URI (PrinterError 'printer.bad_uri' if it is not one we know)."""
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    options: dict[str, str] = dict(query)
    if scheme == "usb":
        ids = parts.netloc.split(":")
        try:
            vendor, product = (int(x, 16) for x in ids)
        except ValueError:
            raise PrinterError("printer.bad_uri", uri=uri) from None
        options.update(vendor=str(vendor), product=str(product))
    elif scheme == "serial":
        # serial:///dev/ttyUSB0 on Linux; serial://COM3 or serial:///COM3 on Windows
        device = unquote(parts.netloc + parts.path)
        if device.upper().lstrip("/").startswith("COM"):
            device = device.lstrip("/")
        if not device:
            raise PrinterError("printer.bad_uri", uri=uri)
        options["device"] = device
    elif scheme in ("tcp", "socket"):
        if not parts.hostname:
            raise PrinterError("printer.bad_uri", uri=uri)
        scheme = "tcp"
        options.update(host=parts.hostname, port=str(parts.port or 9100))
    elif scheme in ("cups", "win32"):
        name = unquote(parts.netloc + parts.path).strip("/")
        if not name:
            raise PrinterError("printer.bad_uri", uri=uri)
        options["name"] = name
    elif scheme == "file":
        if not parts.path:
            raise PrinterError("printer.bad_uri", uri=uri)
        options["path"] = unquote(parts.path)
    else:
        raise PrinterError("printer.bad_uri", uri=uri)
    return PrinterTarget(scheme, uri, options)


class FilePrinter:
    """Appends the job to a file or device node (`/dev/usb/lp0`, or a file for a check)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def send(self, data: bytes) -> None:
        try:
            with open(self.path, "ab") as handle:
                handle.write(data)
                handle.flush()
        except FileNotFoundError:
            raise PrinterError("printer.not_found") from None
        except OSError as exc:
            raise PrinterError("printer.failed", detail=exc.strerror or str(exc)) from exc


class EscposConnection:
    """A python-escpos connection (USB, serial, network, CUPS, Windows queue).

    The connection is opened per job and closed after it, so a printer switched off
    between jobs is found again without restarting the till.
    """

    def __init__(self, target: PrinterTarget) -> None:
        self.target = target

    def _make(self) -> Any:
        """The python-escpos printer object, or PrinterError 'printer.unsupported'.

        Each driver needs its own library (pyusb + libusb, pyserial, pycups or the `lp`
        command, pywin32); usability is checked before the object exists, because a
        half-made driver object raises again when it is garbage-collected.
        """
        opts = self.target.options
        scheme = self.target.scheme
        from escpos import printer as drivers

        candidates: dict[str, list[Any]] = {
            "usb": [drivers.Usb],
            "serial": [drivers.Serial],
            "tcp": [drivers.Network],
            "cups": [drivers.CupsPrinter, drivers.LP],  # pycups, else the `lp` command
            "win32": [drivers.Win32Raw],
        }
        usable = [cls for cls in candidates.get(scheme, []) if cls.is_usable()]
        if not usable:
            raise PrinterError("printer.unsupported", kind=scheme)
        cls = usable[0]
        if scheme == "usb":
            return cls(int(opts["vendor"]), int(opts["product"]), timeout=0)
        if scheme == "serial":
            return cls(
                devfile=opts["device"],
                baudrate=int(opts.get("baudrate", "9600")),
                timeout=float(opts.get("timeout", "1")),
            )
        if scheme == "tcp":
            return cls(
                opts["host"],
                port=int(opts["port"]),
                timeout=float(opts.get("timeout", NETWORK_TIMEOUT_S)),
            )
        return cls(opts["name"])

    @staticmethod
    def _check_paper(device: Any) -> None:
        """Ask the printer for its paper sensor (DLE EOT 4) before a job, when enabled.

        Opt-in with `?status=1` on the URI: printers that never answer the query would
        make every job wait for the read timeout. Plain USB and network printers accept
        a job without paper and drop it, so where the printer answers, ask.
        """
        if _paper_state(device) == 0:
            raise PrinterError("printer.no_paper")

    def send(self, data: bytes) -> None:
        from escpos.exceptions import DeviceNotFoundError

        device = self._make()
        try:
            device.open()
            if self.target.options.get("status") == "1":
                self._check_paper(device)
            device._raw(data)
        except PrinterError:
            raise
        except DeviceNotFoundError as exc:
            raise PrinterError("printer.not_found") from exc
        except TimeoutError as exc:
            raise PrinterError("printer.timeout") from exc
        except ConnectionError as exc:
            raise PrinterError("printer.offline") from exc
        except OSError as exc:
            raise PrinterError("printer.failed", detail=exc.strerror or str(exc)) from exc
        except Exception as exc:  # driver libraries raise their own types (usb.core.USBError)
            log.warning("printer %s failed: %r", self.target.scheme, exc)
            if type(exc).__name__ == "NoBackendError":  # pyusb without libusb installed
                raise PrinterError("printer.unsupported", kind=self.target.scheme) from exc
            raise PrinterError("printer.failed", detail=type(exc).__name__) from exc
        finally:
            try:
                device.close()  # CUPS and the Windows queue submit the job on close
            except Exception as exc:
                log.warning("closing printer %s: %r", self.target.scheme, exc)


def _paper_state(device: Any) -> int | None:
    """2 paper, 1 near end, 0 none; None when the printer does not answer the query."""
    try:
        return int(device.paper_status())
    except (NotImplementedError, AttributeError):
        return None


def open_printer(uri: str) -> Printer:
    """The printer a URI names. Fakes are not reachable from here (see `fake.py`)."""
    target = parse_uri(uri)
    if target.scheme == "file":
        return FilePrinter(target.options["path"])
    return EscposConnection(target)


def fake_allowed() -> bool:
    """Test and development fakes load only when EWARONG_DEV=1 or under pytest.

    pytest is never part of the frozen build, so its presence means a test run.
    """
    return os.environ.get("EWARONG_DEV") == "1" or "pytest" in sys.modules


class FolderPrinter:
    """For outlets without a thermal printer: each job becomes a new PDF file in a folder."""

    def __init__(self, folder: str, suffix: str = ".pdf") -> None:
        self.folder = folder
        self.suffix = suffix

    def send(self, data: bytes) -> None:
        import datetime as dt
        from pathlib import Path

        try:
            target = Path(self.folder)
            target.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            (target / f"struk-{stamp}{self.suffix}").write_bytes(data)
        except OSError as exc:
            raise PrinterError("printer.failed", detail=exc.strerror or str(exc)) from exc
