"""Receipt printers that speak ESC/POS, reached over the network, a serial port or a device file.

A printer is named by a URL:

* ``tcp://HOST:PORT`` — a network printer (raw port, usually 9100);
* ``serial://PORT?baudrate=N`` — a serial or USB-serial printer (``/dev/ttyUSB0``, ``COM3``);
* ``file://PATH`` — a printer device file such as ``/dev/usb/lp0``;
* ``system://NAME`` — a printer of the operating system; it prints PDFs through Qt, so it lives
  in ``ui`` (this package has no Qt) and :func:`send` refuses it.

The byte stream is made by python-escpos (printer initialisation, the Turkish code page PC857,
the printer's own Code128 and QR commands, a paper cut); delivery is ours (a socket, pyserial, a
file), because it must tell a job the printer took from one it lost. PC857 has no ``₺``: text
here says ``TL``. Sending either completes or raises :class:`PrinterError` with a reason the
caller can tell the user; nothing is ever reported printed that the printer did not take in.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import tempfile
import urllib.parse
from dataclasses import dataclass
from typing import Any

SCHEMES = ("tcp", "serial", "file", "system")
CODE_PAGE = "CP857"  # "PC857" in Epson's manuals: Turkish
DEFAULT_TIMEOUT_S = 10.0
# DLE EOT 4: real-time paper roll status. Answer bits 5 and 6 set = paper end.
_PAPER_STATUS = b"\x10\x04\x04"
_PAPER_END = 0x60


class PrinterError(Exception):
    """The printer could not take the job. ``reason`` is a stable word the UI translates:
    ``unreachable`` (off, unplugged, wrong address), ``interrupted`` (the connection broke
    during the job), ``no_answer`` (connected but silent), ``no_paper``, ``system`` (a system
    printer, which this package cannot drive) or ``url`` (not a printer URL)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PrinterUrl:
    scheme: str
    target: str  # host, serial port, device path or system printer name
    port: int = 9100
    baudrate: int = 9600

    def __str__(self) -> str:
        if self.scheme == "tcp":
            return f"tcp://{self.target}:{self.port}"
        if self.scheme == "serial":
            return f"serial://{self.target}?baudrate={self.baudrate}"
        return f"{self.scheme}://{self.target}"


def parse_url(text: str) -> PrinterUrl:
    """Read a printer URL; raise :class:`PrinterError` (``url``) saying what is wrong."""
    scheme, sep, rest = text.partition("://")
    if not sep or scheme not in SCHEMES or not rest:
        raise PrinterError(
            "url",
            f"not a printer URL: {text!r} (tcp://HOST:PORT, serial://PORT?baudrate=N, "
            "file://PATH or system://NAME)",
        )
    if scheme == "tcp":
        parts = urllib.parse.urlsplit(text)
        try:
            port = parts.port or 9100
        except ValueError:
            raise PrinterError("url", f"bad port in {text!r}") from None
        if not parts.hostname:
            raise PrinterError("url", f"no host in {text!r}")
        return PrinterUrl("tcp", parts.hostname, port=port)
    if scheme == "serial":
        port_name, _, query = rest.partition("?")
        values = urllib.parse.parse_qs(query)
        try:
            baudrate = int(values.get("baudrate", ["9600"])[0])
        except ValueError:
            raise PrinterError("url", f"bad baud rate in {text!r}") from None
        return PrinterUrl("serial", port_name, baudrate=baudrate)
    return PrinterUrl(scheme, urllib.parse.unquote(rest))


# -- the job ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    bold: bool = False
    large: bool = False  # double width and height
    align: str = "center"  # left | center | right


@dataclass(frozen=True, slots=True)
class Ticket:
    """A receipt: lines, the code as the printer's own Code128 and QR, more lines, a cut."""

    head: tuple[Line, ...]
    code: str
    foot: tuple[Line, ...] = ()


def printable(text: str) -> str:
    """``text`` as PC857 can print it: ``₺`` becomes ``TL``; other missing signs ``?``."""
    text = text.replace("₺", "TL")
    return text.encode("cp857", errors="replace").decode("cp857")


def _escpos() -> Any:
    """python-escpos, imported on first use: it parses a 100 KB printer database at import
    (cached as a pickle in a temp folder that it would otherwise create anew per process) and
    calls ``logging.basicConfig()``, which would send our log records to stderr."""
    import logging

    user = os.getuid() if hasattr(os, "getuid") else "user"
    cache = os.path.join(tempfile.gettempdir(), f"boostdesk-escpos-{user}")
    os.makedirs(cache, mode=0o700, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", cache)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        import escpos.printer
    finally:
        root.handlers[:] = handlers
    return escpos.printer


def encode(ticket: Ticket) -> bytes:
    """The ESC/POS bytes of ``ticket``: initialise, PC857, text, Code128, QR, feed and cut."""
    printer = _escpos().Dummy(profile="default")
    # python-escpos prints which barcode renderer it chose to stdout; the CLI's stdout is data.
    with contextlib.redirect_stdout(io.StringIO()):
        printer.hw("INIT")
        printer.charcode(CODE_PAGE)
        for line in ticket.head:
            _line(printer, line)
        printer.set_with_default(align="center")
        printer.ln()
        printer.barcode(
            code128_data(ticket.code),
            "CODE128",
            height=80,
            width=3,
            pos="BELOW",
            function_type="B",
        )
        printer.ln()
        printer.qr(ticket.code, native=True, size=7, center=False)
        for line in ticket.foot:
            _line(printer, line)
        printer.set_with_default()
        printer.cut()
    return bytes(printer.output)


def code128_data(code: str) -> str:
    """The data of an ESC/POS ``GS k`` Code128 for ``code``: pairs of digits in code set C (one
    byte 0-99 per pair, half the width of set B, so 13 digits fit a 58 mm head at 3 dots a
    module), an odd last digit in set B."""
    if not code.isdigit():
        return "{B" + code
    even = len(code) - len(code) % 2
    data = "{C" + "".join(chr(int(code[i : i + 2])) for i in range(0, even, 2))
    return data + ("{B" + code[even:] if even < len(code) else "")


def _line(printer: Any, line: Line) -> None:
    printer.set_with_default(
        align=line.align, bold=line.bold, double_width=line.large, double_height=line.large
    )
    printer.textln(printable(line.text))


# -- sending ---------------------------------------------------------------------------------


def send(url: PrinterUrl, job: bytes, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """Deliver ``job`` to the printer at ``url``; return only once it took all of it."""
    if url.scheme == "tcp":
        _send_tcp(url, job, timeout_s)
    elif url.scheme == "serial":
        _send_serial(url, job, timeout_s)
    elif url.scheme == "file":
        _send_file(url, job)
    else:
        raise PrinterError("system", f"{url} is a system printer: print it from the application")


def _send_tcp(url: PrinterUrl, job: bytes, timeout_s: float) -> None:
    """Connect, send, then half-close and wait for the printer to close its side.

    Bytes handed to ``sendall`` may still sit in our socket buffer when a printer hangs up, so
    success is the printer's orderly close after it read our end of data (a raw-port printer
    closes once the job is in); a reset, an error or silence until the timeout is a failure."""
    try:
        connection = socket.create_connection((url.target, url.port), timeout=timeout_s)
    except OSError:
        raise PrinterError(
            "unreachable", f"cannot reach the printer at {url} (is it on and connected?)"
        ) from None
    try:
        connection.sendall(job)
        connection.shutdown(socket.SHUT_WR)
        while connection.recv(4096):
            pass  # status bytes some printers send back are not needed
    except TimeoutError:
        raise PrinterError(
            "no_answer", f"the printer at {url} did not confirm the job in {timeout_s:g} s"
        ) from None
    except OSError:
        raise PrinterError(
            "interrupted", f"the printer at {url} closed the connection during the job"
        ) from None
    finally:
        connection.close()


def _send_serial(url: PrinterUrl, job: bytes, timeout_s: float) -> None:
    """Ask for the paper status first (an answer proves the printer is on), then write the job.

    A serial line has no connection to lose: without the status answer an unplugged or
    switched-off printer would swallow the job silently."""
    import serial

    try:
        port = serial.Serial(
            url.target, baudrate=url.baudrate, timeout=1.0, write_timeout=timeout_s
        )
    except (serial.SerialException, ValueError, OSError):
        raise PrinterError(
            "unreachable", f"cannot open the printer port {url.target} (plugged in?)"
        ) from None
    try:
        port.reset_input_buffer()
        port.write(_PAPER_STATUS)
        answer = port.read(1)
        if not answer:
            raise PrinterError(
                "no_answer", f"the printer on {url.target} does not answer (is it switched on?)"
            )
        if answer[0] & _PAPER_END:
            raise PrinterError("no_paper", f"the printer on {url.target} is out of paper")
        port.write(job)
        port.flush()
    except serial.SerialTimeoutException:
        raise PrinterError(
            "no_answer", f"the printer on {url.target} stopped taking data (paper, cover?)"
        ) from None
    except (serial.SerialException, OSError):
        raise PrinterError(
            "interrupted", f"the printer on {url.target} was disconnected during the job"
        ) from None
    finally:
        with contextlib.suppress(Exception):
            port.close()


def _send_file(url: PrinterUrl, job: bytes) -> None:
    try:
        with open(url.target, "wb", buffering=0) as device:
            device.write(job)
    except FileNotFoundError:
        raise PrinterError("unreachable", f"no printer at {url.target} (plugged in?)") from None
    except OSError as error:
        raise PrinterError(
            "interrupted", f"the printer at {url.target} failed: {error.strerror}"
        ) from None
