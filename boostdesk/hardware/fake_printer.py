"""A stand-in network receipt printer: a TCP server on 127.0.0.1 that keeps what it is sent.

It behaves like a raw-port (9100) printer: it reads until the sender's end of data, then
closes. ``hang_up_after=N`` makes it read N bytes and drop the connection (a printer switched
off or unplugged mid-job): the unread rest turns the close into a reset, as on a real network.
"""

from __future__ import annotations

import socket
import struct
import threading
from types import TracebackType


class FakeNetworkPrinter:
    def __init__(self, *, hang_up_after: int | None = None) -> None:
        self.hang_up_after = hang_up_after
        self.jobs: list[bytes] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = int(self._server.getsockname()[1])
        self.url = f"tcp://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                self.jobs.append(self._receive(connection))

    def _receive(self, connection: socket.socket) -> bytes:
        connection.settimeout(5)
        received = bytearray()
        while True:
            wanted = 4096
            if self.hang_up_after is not None:
                wanted = min(wanted, self.hang_up_after - len(received))
            if wanted <= 0:
                # Close at once with a reset, as a printer losing power would.
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return bytes(received)
            chunk = connection.recv(wanted)
            if not chunk:
                return bytes(received)
            received += chunk

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)

    def __enter__(self) -> FakeNetworkPrinter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
