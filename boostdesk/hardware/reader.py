"""The serial card reader: one thread owns the port and reports through two callbacks.

Any pyserial port or URL works (``COM3``, ``/dev/ttyACM0``, a pty path, ``socket://host:port``,
``loop://``), so the demo and the tests run the very code the counter runs. The thread:

* opens the port, cuts what arrives into frames and calls ``on_scan(scan, t)`` for every frame,
  valid or not (``t`` is ``time.monotonic()`` when the frame's last byte was read);
* on any port error (device unplugged, pty or socket closed, driver error) closes the port,
  reports ``DISCONNECTED`` with the error text and keeps reopening it with exponential backoff
  between ``reconnect_min_s`` and ``reconnect_max_s`` until it works again;
* never dies of an exception: port errors are states, callback errors are logged (without the
  scanned data) and ignored.

The callbacks run on the reader thread; the UI re-emits them as Qt signals. State reports are
deduplicated: a port that keeps failing the same way is reported once, not on every retry.
"""

from __future__ import annotations

import enum
import logging
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import serial
import serial.tools.list_ports
from serial.urlhandler import protocol_socket

from boostdesk.domain import scanframes

logger = logging.getLogger(__name__)

# Short enough that stop() is prompt; reading returns as soon as a byte arrives anyway.
READ_TIMEOUT_S = 0.05
# The most taken in one read: a burst of line noise is consumed in blocks, not byte by byte.
READ_CHUNK = 65536
_DETAIL_MAX = 200
_MAX_INSTANT_EMPTY_READS = 50


class ReaderState(enum.Enum):
    STOPPED = "stopped"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class ReaderConfig:
    """Where the reader is and how it frames its codes (a per-machine setting)."""

    port: str
    baudrate: int = 9600
    framing: scanframes.Framing = scanframes.Framing.AUTO
    strip_aim: bool = True  # remove a leading AIM symbology identifier (]E0, ]C0 …)
    max_length: int = scanframes.DEFAULT_MAX_LENGTH
    reconnect_min_s: float = 0.1
    reconnect_max_s: float = 1.0


ScanCallback = Callable[[scanframes.Scan, float], None]
StateCallback = Callable[[ReaderState, str], None]


class _Port(Protocol):
    """The part of a pyserial port object the reader uses."""

    @property
    def in_waiting(self) -> int: ...

    @property
    def timeout(self) -> float | None: ...

    @timeout.setter
    def timeout(self, value: float | None) -> None: ...

    def read(self, size: int = 1) -> bytes: ...

    def close(self) -> None: ...


class SerialReader:
    """Reads card numbers from one serial port on one daemon thread (see the module docstring).

    ``start()`` starts the thread, ``stop()`` ends it and reports ``STOPPED``; both are safe to
    call from any thread, ``stop()`` also twice or without ``start()``.
    """

    def __init__(
        self, config: ReaderConfig, on_scan: ScanCallback, on_state: StateCallback
    ) -> None:
        if not 0 < config.reconnect_min_s <= config.reconnect_max_s:
            raise ValueError("need 0 < reconnect_min_s <= reconnect_max_s")
        self._config = config
        self._on_scan = on_scan
        self._on_state = on_state
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._state = ReaderState.STOPPED
        self._last_report: tuple[ReaderState, str] | None = (ReaderState.STOPPED, "")

    @property
    def config(self) -> ReaderConfig:
        return self._config

    @property
    def state(self) -> ReaderState:
        return self._state

    def start(self) -> None:
        """Start the reader thread; raise ``RuntimeError`` if it is already running."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                raise RuntimeError("the reader is already started")
            # Each thread gets its own event, so a thread that outlived stop()'s join stays stopped.
            self._stopping = threading.Event()
            self._state = ReaderState.CONNECTING
            self._last_report = None
            self._thread = threading.Thread(
                target=self._run,
                args=(self._stopping,),
                name="boostdesk-serial-reader",
                daemon=True,
            )
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """End the thread (it closes the port), wait up to ``timeout`` s, report ``STOPPED``.

        No callback runs after ``stop()`` returns, unless the thread was stuck (for instance in
        the operating system's open call) for longer than ``timeout``; that is logged.
        """
        with self._lock:
            thread, self._thread = self._thread, None
            self._stopping.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("serial reader thread did not end within %.1f s", timeout)
        with self._lock:
            was_stopped = self._state is ReaderState.STOPPED
            self._state = ReaderState.STOPPED
            self._last_report = (ReaderState.STOPPED, "")
        if not was_stopped:
            _call_safely("on_state", self._on_state, ReaderState.STOPPED, "")

    # -- the reader thread ------------------------------------------------------------------

    def _run(self, stopping: threading.Event) -> None:
        config = self._config
        delay = config.reconnect_min_s
        self._report(stopping, ReaderState.CONNECTING, "")
        while not stopping.is_set():
            port, detail = self._open()
            if port is None:
                self._report(stopping, ReaderState.DISCONNECTED, detail)
                stopping.wait(delay)
                delay = min(delay * 2, config.reconnect_max_s)
                continue
            delay = config.reconnect_min_s
            self._report(stopping, ReaderState.CONNECTED, "")
            try:
                failure = self._pump(port, stopping)
            finally:
                _close(port)
            if failure is not None:
                self._report(stopping, ReaderState.DISCONNECTED, failure)
                stopping.wait(delay)

    def _open(self) -> tuple[_Port | None, str]:
        config = self._config
        try:
            port: _Port = serial.serial_for_url(
                config.port, baudrate=config.baudrate, timeout=READ_TIMEOUT_S, do_not_open=False
            )
        except Exception as error:  # noqa: BLE001 - whatever the driver raises means "not there"
            return None, _detail(error)
        return port, ""

    def _pump(self, port: _Port, stopping: threading.Event) -> str | None:
        """Read until the port fails (return why) or the reader is stopped (return None)."""
        decoder = scanframes.FrameDecoder(self._config.framing, self._config.max_length)
        instant_empty_reads = 0
        while not stopping.is_set():
            asked_at = time.monotonic()
            try:
                data = _read_waiting(port)
            except Exception as error:  # noqa: BLE001 - any port error is a disconnect
                return _detail(error)
            if not data:
                # An empty read should have waited for the timeout; a driver that keeps returning
                # nothing at once has lost its device, and looping on it would burn a CPU core.
                quick = time.monotonic() - asked_at < READ_TIMEOUT_S / 5
                instant_empty_reads = instant_empty_reads + 1 if quick else 0
                if instant_empty_reads >= _MAX_INSTANT_EMPTY_READS:
                    return "the port returns no data (device disconnected?)"
                continue
            instant_empty_reads = 0
            received_at = time.monotonic()
            for frame in decoder.feed(data):
                scan = scanframes.decode(
                    frame, self._config.max_length, strip_aim=self._config.strip_aim
                )
                if stopping.is_set():
                    return None
                _call_safely("on_scan", self._on_scan, scan, received_at)
        return None

    def _report(self, stopping: threading.Event, state: ReaderState, detail: str) -> None:
        with self._lock:
            if stopping.is_set() or self._last_report == (state, detail):
                return
            self._state = state
            self._last_report = (state, detail)
        logger.info("serial reader %s", state.value)  # the port name may hold a user's name
        _call_safely("on_state", self._on_state, state, detail)


def _read_waiting(port: _Port) -> bytes:
    """Everything the port holds now, or else the first byte to arrive within the read timeout.

    A frame is therefore delivered as soon as its terminator arrives, never after a read timeout,
    and a backlog (a burst of line noise) is taken in blocks of up to ``READ_CHUNK`` bytes.
    """
    waiting = port.in_waiting
    if not waiting:
        return port.read(1)
    if not _counts_waiting_bytes(port):
        # socket:// reports only "something is waiting" (1): read what is there without waiting
        # for more. Its handler ignores port settings, so switching the timeout costs nothing.
        port.timeout = 0
        try:
            return port.read(READ_CHUNK)
        finally:
            port.timeout = READ_TIMEOUT_S
    return port.read(min(waiting, READ_CHUNK))


def _counts_waiting_bytes(port: _Port) -> bool:
    """Whether ``in_waiting`` is a byte count; pyserial's socket:// handler gives only 0 or 1."""
    return not isinstance(port, protocol_socket.Serial)


def list_ports() -> list[tuple[str, str]]:
    """The serial ports of this machine as ``(device, description)``, sorted by device."""
    found: list[tuple[str, str]] = []
    for info in serial.tools.list_ports.comports():
        device: str = info.device
        description: str = info.description
        found.append((device, description))
    return sorted(found)


def _call_safely(name: str, callback: Callable[..., None], *args: Any) -> None:
    """Run a callback; log a failure by type and place only (its message may hold scanned data)."""
    try:
        callback(*args)
    except Exception as error:  # noqa: BLE001 - a faulty consumer must not kill the reader
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        logger.error("serial reader %s callback raised %s at %s", name, type(error).__name__, where)


def _close(port: _Port) -> None:
    # pyserial's socket:// handler skips closing its socket when shutdown() fails (the peer is
    # already gone), which would leak the socket; close it ourselves after pyserial is done.
    sock = getattr(port, "_socket", None)
    try:
        port.close()
    except Exception as error:  # noqa: BLE001 - closing a dead port may fail; it is closed anyway
        logger.debug("closing the serial port failed: %s", type(error).__name__)
    if isinstance(sock, socket.socket):
        sock.close()


def _detail(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:_DETAIL_MAX]
