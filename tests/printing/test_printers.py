"""Printer URIs, real connections failing the way printers fail, and the fake's guard."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pytest

from ewarong_pos.printing.printers import PrinterError, open_printer, parse_uri


@pytest.mark.parametrize(
    ("uri", "scheme", "options"),
    [
        ("usb://04b8:0e15", "usb", {"vendor": str(0x04B8), "product": str(0x0E15)}),
        ("serial:///dev/ttyUSB0?baudrate=9600", "serial", {"device": "/dev/ttyUSB0"}),
        ("serial://COM3?baudrate=19200", "serial", {"device": "COM3", "baudrate": "19200"}),
        ("serial:///COM4", "serial", {"device": "COM4"}),
        ("tcp://192.168.1.50:9100", "tcp", {"host": "192.168.1.50", "port": "9100"}),
        ("tcp://printer.local", "tcp", {"port": "9100"}),
        ("cups://TM-T20II", "cups", {"name": "TM-T20II"}),
        ("win32://POS-58%20Printer", "win32", {"name": "POS-58 Printer"}),
        ("file:///dev/usb/lp0", "file", {"path": "/dev/usb/lp0"}),
    ],
)
def test_uris(uri, scheme, options):
    target = parse_uri(uri)
    assert target.scheme == scheme
    for key, value in options.items():
        assert target.options[key] == value


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        ("", "printer.bad_uri"),
        ("lpt1", "printer.bad_uri"),
        ("http://x", "printer.bad_uri"),
        ("usb://zz:1", "printer.bad_uri_part"),
        ("tcp://", "printer.bad_uri_part"),
        ("cups://", "printer.bad_uri_part"),
    ],
)
def test_bad_uris(uri, code):
    with pytest.raises(PrinterError) as err:
        parse_uri(uri)
    assert err.value.code == code


def test_network_printer_gets_the_bytes():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(4096):
                received.extend(chunk)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        open_printer(f"tcp://127.0.0.1:{port}").send(b"\x1b@hello\n")
    finally:
        thread.join(timeout=10)
        server.close()
    assert bytes(received) == b"\x1b@hello\n"


def test_network_printer_switched_off():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.close()  # nothing listens there now
    with pytest.raises(PrinterError) as err:
        open_printer(f"tcp://127.0.0.1:{port}?timeout=2").send(b"x")
    assert err.value.code in ("printer.not_found", "printer.offline")
    assert err.value.message("id")


def test_network_printer_timeout(monkeypatch):
    """A printer that never answers: the connect times out and says so."""

    def hang(address, timeout=None):
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", hang)
    with pytest.raises(PrinterError) as err:
        open_printer("tcp://10.255.255.1:9100").send(b"x")
    assert err.value.code == "printer.timeout"


def test_usb_printer_unplugged():
    with pytest.raises(PrinterError) as err:
        open_printer("usb://04b8:0e15").send(b"x")
    assert err.value.code in ("printer.not_found", "printer.unsupported")


def test_fake_printer_refuses_to_load_in_production():
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import ewarong_pos.printing.fake"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "fake printer is for tests only" in result.stderr


def test_network_printer_without_paper_is_told_before_the_job():
    """With ?status=1 the paper sensor is asked first (DLE EOT 4); no paper: no job sent."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            received.extend(conn.recv(3))
            conn.sendall(bytes([0x72]))  # paper-end sensors both set
            while chunk := conn.recv(4096):
                received.extend(chunk)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with pytest.raises(PrinterError) as err:
            open_printer(f"tcp://127.0.0.1:{port}?status=1&timeout=5").send(b"\x1b@job\n")
    finally:
        thread.join(timeout=10)
        server.close()
    assert err.value.code == "printer.no_paper"
    assert bytes(received) == b"\x10\x04\x04"  # the query only, never the job
