"""ESC/POS printing over a real TCP socket and a real pty, as a receipt printer sees it."""

from __future__ import annotations

import os
import socket
import threading
import tty

import pytest

from boostdesk.hardware import fake_printer, printers

CODE = "2800000047115"
TICKET = printers.Ticket(
    head=(
        printers.Line("Kahve Durağı Şişli", bold=True, large=True),
        printers.Line("Sevgili Ayşe,"),
        printers.Line("₺50,00", bold=True, large=True),
    ),
    code=CODE,
    foot=(printers.Line("Tek kullanımlıktır."),),
)
INIT = b"\x1b@"
PC857 = b"\x1bt\x0d"  # ESC t 13
CODE128 = b"\x1dkI"  # GS k 73
QR_STORE = b"\x1d(k"
CUT = b"\x1dV\x00"


def _code128_digits(job: bytes) -> str:
    """Read the Code128 data of a ``GS k 73 n`` command back into digits (sets B and C)."""
    start = job.index(CODE128) + len(CODE128)
    data = job[start + 1 : start + 1 + job[start]]
    digits, code_set, index = "", "", 0
    while index < len(data):
        if data[index : index + 1] == b"{":
            code_set = chr(data[index + 1])
            index += 2
            continue
        digits += f"{data[index]:02d}" if code_set == "C" else chr(data[index])
        index += 1
    return digits


def test_ticket_bytes_initialise_select_turkish_print_code_and_cut():
    job = printers.encode(TICKET)

    assert job.startswith(INIT + PC857)
    assert "Kahve Durağı Şişli".encode("cp857") in job
    assert b"TL50,00" in job and "₺".encode() not in job
    assert _code128_digits(job) == CODE
    assert QR_STORE in job and CODE.encode() in job
    assert job.endswith(CUT)


def test_network_printer_receives_the_whole_job():
    job = printers.encode(TICKET)
    with fake_printer.FakeNetworkPrinter() as printer:
        printers.send(printers.parse_url(printer.url), job, timeout_s=5)
    assert printer.jobs == [job]


def test_network_printer_off_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once closed
    with pytest.raises(printers.PrinterError) as caught:
        printers.send(printers.parse_url(f"tcp://127.0.0.1:{port}"), b"x", timeout_s=2)
    assert caught.value.reason == "unreachable"


def test_network_printer_hanging_up_mid_job_is_a_failure():
    # One small ticket fits the socket buffers whole: sendall succeeds, only the close tells.
    job = printers.encode(TICKET)
    with (
        fake_printer.FakeNetworkPrinter(hang_up_after=64) as printer,
        pytest.raises(printers.PrinterError) as caught,
    ):
        printers.send(printers.parse_url(printer.url), job, timeout_s=5)
    assert caught.value.reason == "interrupted"
    assert printer.jobs == [job[:64]]


def test_network_printer_that_never_confirms_times_out():
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True)
    thread.start()
    try:
        url = printers.parse_url(f"tcp://127.0.0.1:{server.getsockname()[1]}")
        with pytest.raises(printers.PrinterError) as caught:
            printers.send(url, b"\x1b@", timeout_s=0.5)
        assert caught.value.reason == "no_answer"
    finally:
        thread.join(2)
        for connection in accepted:
            connection.close()
        server.close()


class _PtyPrinter:
    """A serial printer on a pty: answers the paper-status query, keeps the rest."""

    def __init__(self, status: int | None) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.port = os.ttyname(slave)
        self._slave = slave
        self.received = bytearray()
        self.status = status

    def run(self) -> None:
        query = b""
        while len(query) < 3:
            query += os.read(self.master, 3 - len(query))
        assert query == b"\x10\x04\x04"
        if self.status is not None:
            os.write(self.master, bytes([self.status]))
        os.set_blocking(self.master, True)
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            if self.received.endswith(CUT):
                return

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


def _serial_print(status: int | None) -> tuple[_PtyPrinter, printers.PrinterError | None]:
    printer = _PtyPrinter(status)
    thread = threading.Thread(target=printer.run, daemon=True)
    thread.start()
    error = None
    try:
        printers.send(
            printers.parse_url(f"serial://{printer.port}?baudrate=19200"),
            printers.encode(TICKET),
            timeout_s=2,
        )
    except printers.PrinterError as caught:
        error = caught
    thread.join(3)
    printer.close()
    return printer, error


def test_serial_printer_with_paper_prints():
    printer, error = _serial_print(0x12)
    assert error is None
    assert bytes(printer.received) == printers.encode(TICKET)


def test_serial_printer_out_of_paper_gets_nothing():
    printer, error = _serial_print(0x12 | 0x60)
    assert error is not None and error.reason == "no_paper"
    assert bytes(printer.received) == b""


def test_serial_printer_switched_off_does_not_answer():
    printer, error = _serial_print(None)
    assert error is not None and error.reason == "no_answer"


def test_serial_port_missing_is_unreachable():
    with pytest.raises(printers.PrinterError) as caught:
        printers.send(printers.parse_url("serial:///dev/does-not-exist?baudrate=9600"), b"x")
    assert caught.value.reason == "unreachable"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tcp://192.168.1.50:9100", printers.PrinterUrl("tcp", "192.168.1.50", port=9100)),
        ("tcp://printer", printers.PrinterUrl("tcp", "printer", port=9100)),
        ("serial://COM3?baudrate=38400", printers.PrinterUrl("serial", "COM3", baudrate=38400)),
        ("serial:///dev/ttyUSB0", printers.PrinterUrl("serial", "/dev/ttyUSB0")),
        ("system://Kasa Yazıcısı", printers.PrinterUrl("system", "Kasa Yazıcısı")),
        ("file:///dev/usb/lp0", printers.PrinterUrl("file", "/dev/usb/lp0")),
    ],
)
def test_printer_urls(text, expected):
    assert printers.parse_url(text) == expected


@pytest.mark.parametrize(
    "text",
    ["lpt1", "http://x", "tcp://:9100", "tcp://h:port", "serial://COM3?baudrate=fast", "tcp://"],
)
def test_bad_printer_urls(text):
    with pytest.raises(printers.PrinterError) as caught:
        printers.parse_url(text)
    assert caught.value.reason == "url"
