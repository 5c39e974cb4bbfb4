"""Printers behind one small protocol: `send(bytes)` the whole job, or raise PrinterError.

A printer is named by a URI stored in the settings:
`usb://04b8:0e15`, `serial:///dev/ttyUSB0?baudrate=9600`, `tcp://192.168.1.50:9100`,
`cups://QueueName`, `win32://Queue Name`, `file:///dev/usb/lp0` (or any file path).
USB, serial and network URIs take `?status=1` to check the paper sensor before each job
and the printer's real-time status (online, paper) after it.

`send` returning means the printer took the job: for a network printer the whole stream
was written, the printer answered our end-of-job (FIN) by closing its side cleanly, and
no reset came. Every failure (switched off, unplugged, no paper, network timeout, a
connection reset or closed mid-job) becomes a `PrinterError` whose code is in
`core.messages`; callers keep the job queued and print it again later.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

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


# options a URI may carry, per connection kind, with an example of a good value
_OPTIONS: dict[str, dict[str, str]] = {
    "usb": {"timeout": "10", "status": "1"},
    "serial": {"baudrate": "9600", "timeout": "1", "status": "1"},
    "tcp": {"timeout": "10", "status": "1"},
    "cups": {},
    "win32": {},
    "file": {},
}
_BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)


def _bad(uri: str, part: str, value: str, example: str) -> PrinterError:
    """A refusal naming the part of the URI that is wrong and what a good one looks like."""
    return PrinterError("printer.bad_uri_part", uri=uri, part=part, value=value, example=example)


def _check_options(uri: str, scheme: str, query: str) -> dict[str, str]:
    allowed = _OPTIONS[scheme]
    options: dict[str, str] = {}
    for pair in filter(None, query.split("&")):
        name, _, value = pair.partition("=")
        name = unquote(name)
        value = unquote(value)
        if name not in allowed:
            known = ", ".join(f"{k}={v}" for k, v in allowed.items()) or "-"
            raise PrinterError("printer.bad_uri_option", uri=uri, option=name, known=known)
        options[name] = value
    if "baudrate" in options:
        text = options["baudrate"]
        if not text.isdigit() or int(text) not in _BAUDRATES:
            raise _bad(uri, "baudrate", text, "baudrate=9600")
    if "timeout" in options:
        try:
            seconds = float(options["timeout"])
        except ValueError:
            seconds = -1.0
        if not 0 < seconds <= 300:  # NaN fails too
            raise _bad(uri, "timeout", options["timeout"], "timeout=10")
    if "status" in options and options["status"] not in ("0", "1"):
        raise _bad(uri, "status", options["status"], "status=1")
    return options


def parse_uri(uri: str) -> PrinterTarget:
    """Check a printer URI: PrinterError 'printer.bad_uri' for an unknown kind, else
    'printer.bad_uri_part' / 'printer.bad_uri_option' naming the part that is wrong."""
    text = uri.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise _bad(uri, "URI", repr(text)[1:-1], "tcp://192.168.1.50:9100")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "socket":
        scheme = "tcp"
    if scheme not in _OPTIONS:
        raise PrinterError("printer.bad_uri", uri=uri)
    options = _check_options(uri, scheme, parts.query)
    if scheme == "usb":
        ids = parts.netloc.split(":")
        if len(ids) != 2 or not all(1 <= len(x) <= 4 for x in ids):
            raise _bad(uri, "vendor:product", parts.netloc, "usb://04b8:0e15")
        try:
            vendor, product = (int(x, 16) for x in ids)
        except ValueError:
            raise _bad(uri, "vendor:product", parts.netloc, "usb://04b8:0e15") from None
        options.update(vendor=str(vendor), product=str(product))
    elif scheme == "serial":
        # serial:///dev/ttyUSB0 on Linux; serial://COM3 or serial:///COM3 on Windows
        device = unquote(parts.netloc + parts.path)
        if device.upper().lstrip("/").startswith("COM"):
            device = device.lstrip("/")
        if not device:
            raise _bad(uri, "device", "", "serial:///dev/ttyUSB0")
        options["device"] = device
    elif scheme == "tcp":
        if not parts.hostname:
            raise _bad(uri, "host", parts.netloc, "tcp://192.168.1.50:9100")
        host_port = parts.netloc.rpartition("@")[2]
        port_text = "" if host_port.endswith("]") else host_port.rpartition(":")[2]
        if ":" in host_port and not host_port.endswith("]"):
            if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
                raise _bad(uri, "port", port_text, "tcp://192.168.1.50:9100")
        else:
            port_text = "9100"
        options.update(host=parts.hostname, port=str(int(port_text)))
    elif scheme in ("cups", "win32"):
        name = unquote(parts.netloc + parts.path).strip("/")
        if not name:
            raise _bad(uri, "name", "", f"{scheme}://TM-T20II")
        options["name"] = name
    else:  # file
        if not parts.path:
            raise _bad(uri, "path", "", "file:///dev/usb/lp0")
        options["path"] = unquote(parts.path)
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


# ESC/POS real-time status (DLE EOT n): one byte whose fixed bits are 0xx1xx10
DLE_EOT_ONLINE = b"\x10\x04\x01"
DLE_EOT_PAPER = b"\x10\x04\x04"
_STATUS_FIXED_MASK, _STATUS_FIXED_BITS = 0x93, 0x12
_OFFLINE_BIT = 0x08  # DLE EOT 1, bit 3
_PAPER_END_BITS = 0x60  # DLE EOT 4, bits 5 and 6: paper end
_PAPER_NEAR_END_BITS = 0x0C  # DLE EOT 4, bits 2 and 3: near end (still prints)


def is_status_byte(value: int) -> bool:
    return value & _STATUS_FIXED_MASK == _STATUS_FIXED_BITS


def check_status(online: int | None, paper: int | None) -> None:
    """Raise the PrinterError that the answers to DLE EOT 1 and DLE EOT 4 call for.

    None means the printer did not answer: with `?status=1` asked for, a job the printer
    does not confirm is not counted as printed.
    """
    if online is None or paper is None:
        raise PrinterError("printer.no_status")
    if paper & _PAPER_END_BITS:
        raise PrinterError("printer.no_paper")
    if online & _OFFLINE_BIT:
        raise PrinterError("printer.offline")
    if paper & _PAPER_NEAR_END_BITS:
        log.info("printer paper near its end")


class NetworkPrinter:
    """A network printer on its raw port (9100), with delivery confirmation.

    python-escpos' `Network` writes the bytes and closes, ignoring what the printer does
    with them, so a printer that resets the connection or closes it half way looked
    printed. Here the job counts as delivered only when (1) every byte was written,
    (2) with `?status=1` the printer answered the real-time status queries sent after the
    job (online, paper present), (3) after our end-of-job (a TCP FIN) the printer closed
    its side cleanly within the timeout, and (4) no reset arrived. Raw-port printers
    (JetDirect-style, Epson UB-E0x, the common Xprinter boards) close the connection when
    they have taken the job; one that never does times out and the job stays queued.
    """

    def __init__(self, target: PrinterTarget) -> None:
        self.target = target
        opts = target.options
        self.host = opts["host"]
        self.port = int(opts["port"])
        self.timeout = float(opts.get("timeout", NETWORK_TIMEOUT_S))
        self.status = opts.get("status") == "1"

    def send(self, data: bytes) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except TimeoutError as exc:
            raise PrinterError("printer.timeout") from exc
        except ConnectionResetError as exc:  # accepted, then reset at once
            raise PrinterError("printer.interrupted") from exc
        except OSError as exc:  # refused, unreachable, unknown host name
            log.info("printer %s:%s: %r", self.host, self.port, exc)
            raise PrinterError("printer.not_found") from exc
        written = 0
        try:
            with sock:
                if self.status:
                    # before the job: a printer out of paper would swallow it
                    sock.sendall(DLE_EOT_PAPER)
                    paper = self._status_byte(sock)
                    if paper is not None and paper & _PAPER_END_BITS:
                        raise PrinterError("printer.no_paper")
                sock.sendall(data)
                written = len(data)
                if self.status:
                    sock.sendall(DLE_EOT_ONLINE)
                    online = self._status_byte(sock)
                    sock.sendall(DLE_EOT_PAPER)
                    check_status(online, self._status_byte(sock))
                self._finish(sock)
        except PrinterError:
            raise
        except TimeoutError as exc:
            raise PrinterError("printer.unconfirmed" if written else "printer.timeout") from exc
        except OSError as exc:  # reset, broken pipe, aborted
            log.info("printer %s:%s dropped the job: %r", self.host, self.port, exc)
            raise PrinterError("printer.interrupted") from exc

    def _status_byte(self, sock: socket.socket) -> int | None:
        """The next real-time status byte; other bytes (automatic status) are skipped."""
        deadline = time.monotonic() + self.timeout
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            try:
                chunk = sock.recv(1)
            except TimeoutError:
                return None
            if not chunk:  # closed before answering
                raise ConnectionResetError("closed by the printer")
            if is_status_byte(chunk[0]):
                return chunk[0]
        return None

    def _finish(self, sock: socket.socket) -> None:
        """End the job and wait for the printer to close its side cleanly."""
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no close from the printer")
            sock.settimeout(left)
            if not sock.recv(256):  # bytes the printer sends back (status) are dropped
                break
        # a reset that came after the printer's close (data it never read) shows here
        error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error:
            raise ConnectionResetError(error, os.strerror(error))


class EscposConnection:
    """A python-escpos connection (USB, serial, CUPS, Windows queue).

    The connection is opened per job and closed after it, so a printer switched off
    between jobs is found again without restarting the till. A USB or serial write
    returns when the printer's interface took the bytes; with `?status=1` the printer's
    real-time status is asked after the job too. CUPS and the Windows queue submit the
    job on close, so a failing close fails the job.
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
            "cups": [drivers.CupsPrinter, drivers.LP],  # pycups, else the `lp` command
            "win32": [drivers.Win32Raw],
        }
        usable = [cls for cls in candidates.get(scheme, []) if cls.is_usable()]
        if not usable:
            raise PrinterError("printer.unsupported", kind=scheme)
        cls = usable[0]
        if scheme == "usb":
            # milliseconds; 0 would let a jammed printer hold the print worker forever
            millis = int(float(opts.get("timeout", NETWORK_TIMEOUT_S)) * 1000)
            return cls(int(opts["vendor"]), int(opts["product"]), timeout=millis)
        if scheme == "serial":
            return cls(
                devfile=opts["device"],
                baudrate=int(opts.get("baudrate", "9600")),
                timeout=float(opts.get("timeout", "1")),
            )
        return cls(opts["name"])

    @staticmethod
    def _query(device: Any, query: bytes) -> int | None:
        try:
            answer = bytes(device.query_status(query))
        except (NotImplementedError, AttributeError):
            return None
        return next((b for b in answer if is_status_byte(b)), None)

    def send(self, data: bytes) -> None:
        from escpos.exceptions import DeviceNotFoundError

        device = self._make()
        status = self.target.options.get("status") == "1"
        failed = True
        try:
            device.open()
            if status:
                # before the job: a printer out of paper would swallow it
                paper = self._query(device, DLE_EOT_PAPER)
                if paper is not None and paper & _PAPER_END_BITS:
                    raise PrinterError("printer.no_paper")
            device._raw(data)
            if status:
                online = self._query(device, DLE_EOT_ONLINE)
                check_status(online, self._query(device, DLE_EOT_PAPER))
            failed = False
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
            log.info("printer %s failed: %r", self.target.scheme, exc)
            if type(exc).__name__ == "NoBackendError":  # pyusb without libusb installed
                raise PrinterError("printer.unsupported", kind=self.target.scheme) from exc
            raise PrinterError("printer.failed", detail=type(exc).__name__) from exc
        finally:
            try:
                device.close()  # CUPS and the Windows queue submit the job on close
            except Exception as exc:
                log.info("closing printer %s: %r", self.target.scheme, exc)
                if not failed:  # the job itself was not handed over
                    raise PrinterError("printer.failed", detail=type(exc).__name__) from exc


def open_printer(uri: str) -> Printer:
    """The printer a URI names. Fakes are not reachable from here (see `fake.py`)."""
    target = parse_uri(uri)
    if target.scheme == "file":
        return FilePrinter(target.options["path"])
    if target.scheme == "tcp":
        return NetworkPrinter(target)
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
