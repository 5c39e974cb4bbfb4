"""Delivery confirmation against a real TCP listener on 127.0.0.1 behaving like bad printers.

A job is printed only when the printer took the whole stream and closed the connection
cleanly (and, with `?status=1`, answered the status queries after the job). A printer
that resets at once, after N bytes, closes after N bytes or never reads fails the job,
which stays queued; the next good attempt prints exactly one original, every later print
is a SALINAN, from the service and from `ewarong receipt NO --printer`.
"""

from __future__ import annotations

import socket
import struct
import threading

import pytest
from sqlalchemy import select

from ewarong_pos.cli import main
from ewarong_pos.db.models import PrintJob
from ewarong_pos.printing.printers import PrinterError, open_printer, parse_uri
from ewarong_pos.services import printing as printing_service
from tests.printing.escpos_decode import text_lines

STATUS_ONLINE = 0x12  # DLE EOT 1 answer: fixed bits only, online
STATUS_PAPER = 0x12  # DLE EOT 4 answer: paper present
STATUS_NO_PAPER = 0x72  # paper-end bits set


class Listener:
    """A one-connection-at-a-time TCP 'printer' with a chosen misbehaviour.

    mode: 'good' reads to the end and closes; 'reset' resets at once; 'reset_after'
    reads `n` bytes and resets; 'close_after' reads `n` bytes and closes normally
    (with the rest unread); 'never_read' accepts and does nothing until told to stop;
    'status' reads the job and answers DLE EOT queries with `answers`.
    """

    def __init__(self, mode: str = "good", n: int = 100, answers: dict[int, int] | None = None):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)  # so the thread sees `stop` soon
        self.port = self.server.getsockname()[1]
        self.mode = mode
        self.n = n
        self.answers = answers or {}
        self.jobs: list[bytes] = []  # what each connection delivered in full
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def uri(self, query: str = "timeout=2") -> str:
        return f"tcp://127.0.0.1:{self.port}?{query}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._handle(conn)

    @staticmethod
    def _reset(conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        if self.mode == "reset":
            self._reset(conn)
            return
        if self.mode == "never_read":
            self.stop.wait(20)
            conn.close()
            return
        received = bytearray()
        if self.mode in ("reset_after", "close_after"):
            while len(received) < self.n:
                chunk = conn.recv(self.n - len(received))
                if not chunk:
                    break
                received.extend(chunk)
            if self.mode == "reset_after":
                self._reset(conn)
            else:
                conn.close()
            return
        with conn:
            while chunk := conn.recv(4096):
                received.extend(chunk)
                if self.mode == "status":
                    for query, answer in self.answers.items():
                        marker = b"\x10\x04" + bytes([query])
                        count = chunk.count(marker)
                        if count:
                            conn.sendall(bytes([answer]) * count)
            self.jobs.append(bytes(received))

    def close(self) -> None:
        self.stop.set()
        self.server.close()
        self.thread.join(timeout=15)


@pytest.fixture
def listener_factory():
    made: list[Listener] = []

    def make(*args, **kwargs) -> Listener:
        made.append(Listener(*args, **kwargs))
        return made[-1]

    yield make
    for listener in made:
        listener.close()


def _jobs(ctx, sale_id):
    with ctx.db.read() as s:
        return [
            (j.status, j.copy, j.last_error)
            for j in s.scalars(select(PrintJob).where(PrintJob.sale_id == sale_id)).all()
        ]


BAD = [
    ("reset", 0, ("printer.interrupted",)),
    ("reset_after", 100, ("printer.interrupted",)),
    ("close_after", 100, ("printer.interrupted",)),
    ("never_read", 0, ("printer.unconfirmed",)),
]


@pytest.mark.parametrize(("mode", "n", "codes"), BAD)
def test_a_printer_that_drops_the_job_fails_it(listener_factory, mode, n, codes):
    listener = listener_factory(mode, n)
    job = bytes(range(256)) * 40  # 10 kB, like a receipt with its QR image
    with pytest.raises(PrinterError) as err:
        open_printer(listener.uri("timeout=1")).send(job)
    assert err.value.code in codes
    assert err.value.message("id") and err.value.message("en")


def test_a_printer_that_takes_the_job_and_closes_confirms_it(listener_factory):
    listener = listener_factory("good")
    open_printer(listener.uri()).send(b"\x1b@hello\n" * 1000)
    listener.close()
    assert listener.jobs == [b"\x1b@hello\n" * 1000]


def test_status_is_asked_after_the_job(listener_factory):
    listener = listener_factory("status", answers={1: STATUS_ONLINE, 4: STATUS_PAPER})
    open_printer(listener.uri("status=1&timeout=2")).send(b"\x1b@job\n")
    listener.close()
    # paper before the job, then online and paper after it
    assert listener.jobs == [b"\x10\x04\x04" + b"\x1b@job\n" + b"\x10\x04\x01\x10\x04\x04"]


def test_status_after_the_job_out_of_paper_fails_it(listener_factory):
    """Paper ran out during the job: the first query says paper, the last says none."""
    answers = iter([STATUS_PAPER, STATUS_NO_PAPER])

    class RunsOut(Listener):
        def _handle(self, conn: socket.socket) -> None:
            with conn:
                while chunk := conn.recv(4096):
                    for _ in range(chunk.count(b"\x10\x04\x04")):
                        conn.sendall(bytes([next(answers)]))
                    if b"\x10\x04\x01" in chunk:
                        conn.sendall(bytes([STATUS_ONLINE]))

    listener = RunsOut()
    try:
        with pytest.raises(PrinterError) as err:
            open_printer(listener.uri("status=1&timeout=2")).send(b"\x1b@job\n")
    finally:
        listener.close()
    assert err.value.code == "printer.no_paper"


def test_status_unanswered_does_not_count_as_printed(listener_factory):
    listener = listener_factory("good")  # reads everything, answers nothing
    with pytest.raises(PrinterError) as err:
        open_printer(listener.uri("status=1&timeout=1")).send(b"\x1b@job\n")
    assert err.value.code == "printer.no_status"


def test_queue_keeps_the_job_through_every_failure_then_prints_one_original(
    ctx, sales, listener_factory
):
    """From the service: four kinds of failure, then a good printer, then a reprint."""
    sale_id = sales.cash
    settings = printing_service.PrinterSettings(kind="escpos", paper_mm=58)
    printing_service.queue_receipt(ctx, sale_id)
    for mode, n, codes in BAD:
        listener = listener_factory(mode, n)
        outcome = printing_service.print_pending(
            ctx, open_printer(listener.uri("timeout=1")), settings
        )
        assert not outcome.ok and outcome.error in codes and outcome.pending == 1
        # asking again (the cashier pressing print) does not add a job
        printing_service.queue_receipt(ctx, sale_id)
        assert _jobs(ctx, sale_id) == [("failed", False, outcome.error)]

    good = listener_factory("good")
    outcome = printing_service.print_pending(ctx, open_printer(good.uri()), settings)
    assert outcome.ok and len(outcome.printed) == 1 and outcome.pending == 0
    outcome = printing_service.reprint(ctx, sale_id, open_printer(good.uri()))
    assert outcome.ok
    good.close()
    assert len(good.jobs) == 2
    original, copy = ("\n".join(text_lines(job)) for job in good.jobs)
    assert "SALINAN" not in original
    assert "SALINAN" in copy and "cetak ke-2" in copy


def test_cli_never_queues_a_second_original(ctx, sales, listener_factory, capsys):
    """`ewarong receipt NO --printer` four times against a bad printer, then a good one:
    one original; asking again after it printed gives a SALINAN."""
    data_dir = str(ctx.data_dir.root)
    args = ["receipt", "K1-0000002", "--data-dir", data_dir, "--printer"]
    for mode, n, _codes in BAD:
        listener = listener_factory(mode, n)
        assert main([*args, listener.uri("timeout=1")]) == 2
        err = capsys.readouterr().err
        assert "antrean" in err
        assert err.splitlines()[0].startswith(("Printer", "Sambungan")), err  # no log line first
    assert _jobs(ctx, sales.cash)[0][0] == "failed" and len(_jobs(ctx, sales.cash)) == 1

    good = listener_factory("good")
    assert main([*args, good.uri()]) == 0
    assert "dicetak" in capsys.readouterr().out
    assert main([*args, good.uri()]) == 0
    good.close()
    texts = ["\n".join(text_lines(job)) for job in good.jobs]
    assert len(texts) == 2
    assert "SALINAN" not in texts[0]
    assert "SALINAN" in texts[1] and "cetak ke-2" in texts[1]
    assert [status for status, _, _ in _jobs(ctx, sales.cash)] == ["printed", "printed"]


@pytest.mark.parametrize(
    ("uri", "part"),
    [
        ("tcp://127.0.0.1:notaport", "port"),
        ("tcp://127.0.0.1:99999", "port"),
        ("tcp://127.0.0.1:0", "port"),
        ("serial:///dev/ttyUSB0?baudrate=abc", "baudrate"),
        ("serial:///dev/ttyUSB0?baudrate=12345", "baudrate"),
        ("tcp://127.0.0.1:9100?timeout=-3", "timeout"),
        ("tcp://127.0.0.1:9100?timeout=nan", "timeout"),
        ("tcp://127.0.0.1:9100?status=yes", "status"),
        ("usb://04b8", "vendor:product"),
        ("usb://04b8:0e15:1", "vendor:product"),
        ("usb://zz:1", "vendor:product"),
        ("tcp://:9100", "host"),
    ],
)
def test_bad_uri_names_the_wrong_part(uri, part):
    with pytest.raises(PrinterError) as err:
        parse_uri(uri)
    assert err.value.code == "printer.bad_uri_part"
    assert err.value.params["part"] == part
    message = err.value.message("en")
    assert part in message and "for example" in message


def test_unknown_option_is_named():
    with pytest.raises(PrinterError) as err:
        parse_uri("tcp://127.0.0.1:9100?baudrate=9600")
    assert err.value.code == "printer.bad_uri_option"
    assert "'baudrate'" in err.value.message("en") and "timeout=10" in err.value.message("en")


@pytest.mark.parametrize(
    "uri",
    ["tcp://127.0.0.1:notaport", "tcp://127.0.0.1:99999", "serial:///dev/ttyS0?baudrate=abc"],
)
def test_cli_bad_uri_is_a_message_and_leaves_nothing_pending(ctx, sales, capsys, uri):
    data_dir = str(ctx.data_dir.root)
    assert main(["receipt", "K1-0000001", "--printer", uri, "--data-dir", data_dir]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith("Alamat printer")
    assert _jobs(ctx, sales.redemption) == []


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("paper_answers", "online", "code"),
    [
        ([STATUS_PAPER, STATUS_PAPER], STATUS_ONLINE, None),
        ([STATUS_PAPER, STATUS_NO_PAPER], STATUS_ONLINE, "printer.no_paper"),
        ([STATUS_PAPER, STATUS_PAPER], STATUS_ONLINE | 0x08, "printer.offline"),
        ([STATUS_PAPER], None, "printer.no_status"),
    ],
)
def test_serial_printer_status_after_the_job(paper_answers, online, code):
    """A serial printer (a pseudo-terminal through pyserial and python-escpos): the
    real-time status is asked after the job too, and a bad or missing answer fails it."""
    import os
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)
    answers = iter(paper_answers)
    received = bytearray()

    def serve() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            received.extend(chunk)
            for _ in range(chunk.count(b"\x10\x04\x04")):
                if (answer := next(answers, None)) is not None:
                    os.write(master, bytes([answer]))
            if b"\x10\x04\x01" in chunk and online is not None:
                os.write(master, bytes([online]))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    printer = open_printer(f"serial://{os.ttyname(slave)}?status=1&timeout=0.5")
    try:
        if code is None:
            printer.send(b"\x1b@job\n")
        else:
            with pytest.raises(PrinterError) as err:
                printer.send(b"\x1b@job\n")
            assert err.value.code == code
    finally:
        os.close(slave)
        os.close(master)
        thread.join(timeout=5)
    assert b"\x1b@job\n" in received
