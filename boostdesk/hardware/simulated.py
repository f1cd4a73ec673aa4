"""A stand-in for a physical card reader that sends real bytes into the real reader code.

On POSIX it is a pseudo-terminal: :attr:`SimulatedScanner.port` is the path of the pty's slave
side (``/dev/pts/N``), exactly what a USB-CDC reader looks like to pyserial. Where there are no
ptys (Windows), or when asked with ``transport="tcp"``, it is a one-client TCP server on
127.0.0.1 and ``port`` is ``socket://127.0.0.1:N``. Either way :class:`reader.SerialReader` reads
it through pyserial like any device; closing the simulator is the reader being unplugged.

Opening a port flushes what was waiting in it (pyserial does), so send only once the reader
reports ``CONNECTED``.
"""

from __future__ import annotations

import os
import select
import socket
import time
from types import TracebackType

from boostdesk.domain import scanframes

SEND_TIMEOUT_S = 2.0

_FRAMING_BYTES: dict[scanframes.Framing, tuple[bytes, bytes]] = {
    scanframes.Framing.AUTO: (b"", b"\r"),
    scanframes.Framing.CR: (b"", b"\r"),
    scanframes.Framing.LF: (b"", b"\n"),
    scanframes.Framing.CRLF: (b"", b"\r\n"),
    scanframes.Framing.STX_ETX: (b"\x02", b"\x03"),
}


class SimulatedScanner:
    """A fake reader on a real pty (POSIX) or a real TCP socket (``transport="tcp"``, Windows).

    ``tcp_port`` (TCP only, 0 = any free port) lets a test bring a "device" back on the same
    address after closing it.
    """

    def __init__(self, *, transport: str | None = None, tcp_port: int = 0) -> None:
        if transport is None:
            transport = "pty" if hasattr(os, "openpty") else "tcp"
        if transport not in ("pty", "tcp"):
            raise ValueError(f"unknown transport {transport!r} (pty or tcp)")
        self.transport = transport
        self._master: int | None = None
        self._slave: int | None = None
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        if transport == "pty":
            self.port = self._open_pty()
        else:
            self._server = socket.create_server(("127.0.0.1", tcp_port))
            self._server.setblocking(False)
            self.port = f"socket://127.0.0.1:{self._server.getsockname()[1]}"

    def _open_pty(self) -> str:
        import tty  # POSIX only

        self._master, self._slave = os.openpty()
        try:
            tty.setraw(self._slave)  # no echo, no line editing, no CR/LF translation
            os.set_blocking(self._master, False)
            return os.ttyname(self._slave)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SimulatedScanner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(
        self,
        code: str,
        *,
        framing: str | scanframes.Framing = "\r",
        aim_prefix: str = "",
    ) -> None:
        """Send one scan: ``aim_prefix + code`` then the terminator ``framing``.

        ``framing`` is either the terminator text itself or a :class:`scanframes.Framing`
        (``STX_ETX`` encloses the code in STX … ETX, ``AUTO`` ends it with CR).
        """
        body = (aim_prefix + code).encode("ascii")
        if isinstance(framing, scanframes.Framing):
            head, tail = _FRAMING_BYTES[framing]
        else:
            head, tail = b"", framing.encode("ascii")
        self.send_raw(head + body + tail)

    def send_raw(self, data: bytes) -> None:
        """Write bytes as they are; raise ``TimeoutError`` if they cannot go within 2 s."""
        deadline = time.monotonic() + SEND_TIMEOUT_S
        if self._master is not None:
            self._write_pty(self._master, data, deadline)
        elif self._server is not None:
            self._write_tcp(data, deadline)
        else:
            raise ValueError("the simulated scanner is closed")

    def wait_for_client(self, timeout: float = SEND_TIMEOUT_S) -> bool:
        """TCP only: wait until a reader is connected (the newest connection wins)."""
        deadline = time.monotonic() + timeout
        self._accept_pending()
        while self._client is None:
            left = deadline - time.monotonic()
            if left <= 0 or self._server is None:
                return False
            select.select([self._server], [], [], left)
            self._accept_pending()
        return True

    def close(self) -> None:
        """Unplug: close everything (the reader sees its port fail). Safe to call twice."""
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None
        for sock in (self._client, self._server):
            if sock is not None:
                sock.close()
        self._client = self._server = None

    def _write_pty(self, fd: int, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([], [fd], [], left)[1]:
                    raise TimeoutError("nobody is reading the simulated scanner") from None

    def _write_tcp(self, data: bytes, deadline: float) -> None:
        if not self.wait_for_client(max(0.0, deadline - time.monotonic())):
            raise TimeoutError("no reader connected to the simulated scanner")
        assert self._client is not None
        self._client.settimeout(max(0.01, deadline - time.monotonic()))
        self._client.sendall(data)

    def _accept_pending(self) -> None:
        # A reader that reconnected left its old connection behind: keep only the newest one.
        server = self._server
        while server is not None and select.select([server], [], [], 0)[0]:
            try:
                client, _ = server.accept()
            except BlockingIOError:
                return
            if self._client is not None:
                self._client.close()
            self._client = client
