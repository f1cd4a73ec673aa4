"""The serial reader on real ptys and real TCP sockets: scans, garbage, unplug/replug, stop."""

from __future__ import annotations

import logging
import os
import queue
import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from boostdesk.domain import codes, scanframes
from boostdesk.hardware import reader, simulated
from boostdesk.hardware.reader import ReaderConfig, ReaderState, SerialReader

CARD = codes.card_number(1234)
VOUCHER = codes.voucher_code(99)
WAIT_S = 5.0  # generous: a loaded machine must not make these fail
RECONNECT_S = 2.0  # the acceptance criterion

needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")


class Recorder:
    """Collects what the reader reports, with the time each callback ran."""

    def __init__(self) -> None:
        self.scans: queue.Queue[tuple[scanframes.Scan, float, float]] = queue.Queue()
        self.states: queue.Queue[tuple[ReaderState, str, float]] = queue.Queue()
        self.seen_states: list[tuple[ReaderState, str]] = []

    def on_scan(self, scan: scanframes.Scan, received_at: float) -> None:
        self.scans.put((scan, received_at, time.monotonic()))

    def on_state(self, state: ReaderState, detail: str) -> None:
        self.states.put((state, detail, time.monotonic()))

    def wait_state(self, wanted: ReaderState, timeout: float = WAIT_S) -> tuple[str, float]:
        """Detail and time of the next report of ``wanted`` (other reports are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                state, detail, at = self.states.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"no {wanted} within {timeout} s: {self.seen_states}"
                ) from None
            self.seen_states.append((state, detail))
            if state is wanted:
                return detail, at

    def next_scan(self, timeout: float = WAIT_S) -> scanframes.Scan:
        return self.next_scan_timed(timeout)[0]

    def next_scan_timed(self, timeout: float = WAIT_S) -> tuple[scanframes.Scan, float, float]:
        try:
            return self.scans.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no scan within {timeout} s") from None

    def pending_states(self) -> list[ReaderState]:
        found = []
        while not self.states.empty():
            found.append(self.states.get_nowait()[0])
        return found


MakeReader = Callable[..., tuple[SerialReader, Recorder]]


@pytest.fixture
def make_reader() -> Iterator[MakeReader]:
    readers: list[SerialReader] = []

    def make(port: str, **options: Any) -> tuple[SerialReader, Recorder]:
        recorder = Recorder()
        serial_reader = SerialReader(
            ReaderConfig(port, **options), recorder.on_scan, recorder.on_state
        )
        readers.append(serial_reader)
        serial_reader.start()
        return serial_reader, recorder

    yield make
    for serial_reader in readers:
        serial_reader.stop()


@pytest.fixture
def scanner() -> Iterator[simulated.SimulatedScanner]:
    with simulated.SimulatedScanner() as fake:
        yield fake


def open_fds() -> set[str] | None:
    """The file descriptors of this process where the system lists them (Linux)."""
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None


def reader_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "boostdesk-serial-reader"]


@needs_pty
def test_card_scanned_on_a_pty_arrives_as_a_card(
    scanner: simulated.SimulatedScanner, make_reader: MakeReader
) -> None:
    assert scanner.transport == "pty" and scanner.port.startswith("/dev/")
    serial_reader, recorder = make_reader(scanner.port)
    recorder.wait_state(ReaderState.CONNECTED)
    assert serial_reader.state is ReaderState.CONNECTED

    before = time.monotonic()
    scanner.send(CARD, framing="\r\n", aim_prefix="]E0")
    scan, received_at, _ = recorder.next_scan_timed()
    assert scan == scanframes.Scan(b"]E0" + CARD.encode(), codes.parse(CARD), None)
    assert before <= received_at <= time.monotonic()

    scanner.send(VOUCHER, framing=scanframes.Framing.STX_ETX)
    assert recorder.next_scan().code == codes.Code(codes.CodeKind.VOUCHER, VOUCHER)


@needs_pty
def test_frames_are_delivered_promptly_not_after_a_read_timeout(
    scanner: simulated.SimulatedScanner, make_reader: MakeReader
) -> None:
    _, recorder = make_reader(scanner.port)
    recorder.wait_state(ReaderState.CONNECTED)
    delays = []
    for serial in range(20):
        sent_at = time.monotonic()
        scanner.send(codes.card_number(serial))
        scan, _, delivered_at = recorder.next_scan_timed()
        assert scan.code is not None and scan.code.value == codes.card_number(serial)
        delays.append(delivered_at - sent_at)
    # Waiting for the 50 ms read timeout after each terminator would put the median near 50 ms.
    assert statistics.median(delays) < 0.03, delays


@needs_pty
def test_garbage_never_kills_the_reader(
    scanner: simulated.SimulatedScanner, make_reader: MakeReader
) -> None:
    _, recorder = make_reader(scanner.port, framing=scanframes.Framing.CR)
    recorder.wait_state(ReaderState.CONNECTED)

    scanner.send_raw(bytes(range(256)) * 4)  # every byte value, terminators included
    scanner.send_raw(b"\xff\xfe\x00" + b"9" * 5000)  # a runaway frame with no end
    scanner.send_raw("ş€\r".encode())  # a wrong keyboard layout / encoding
    scanner.send(CARD, aim_prefix="]C0")

    rejected = []
    while (scan := recorder.next_scan()).code is None:
        rejected.append(scan.reason)
    assert scan.code == codes.parse(CARD)
    assert {"non_printable", "too_long"} <= set(rejected)
    assert None not in rejected
    assert ReaderState.DISCONNECTED not in recorder.pending_states()


@needs_pty
def test_failing_callbacks_are_logged_without_scan_data_and_do_not_kill_the_reader(
    scanner: simulated.SimulatedScanner, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    failures = iter([True, False])

    def on_scan(scan: scanframes.Scan, received_at: float) -> None:
        if next(failures):
            raise RuntimeError(f"consumer broke on {scan.raw!r}")
        recorder.on_scan(scan, received_at)

    def on_state(state: ReaderState, detail: str) -> None:
        recorder.on_state(state, detail)
        raise ValueError("state consumer broke too")

    serial_reader = SerialReader(ReaderConfig(scanner.port), on_scan, on_state)
    with caplog.at_level(logging.DEBUG, logger=reader.__name__):
        serial_reader.start()
        try:
            recorder.wait_state(ReaderState.CONNECTED)
            scanner.send(CARD)
            scanner.send(VOUCHER)
            assert recorder.next_scan().code == codes.parse(VOUCHER)
        finally:
            serial_reader.stop()
    assert "RuntimeError" in caplog.text and "ValueError" in caplog.text
    assert CARD not in caplog.text


@needs_pty
def test_unplugged_pty_is_reported_and_reconnects_within_two_seconds_of_coming_back(
    tmp_path: Path, make_reader: MakeReader
) -> None:
    """The port path is a symlink, like a udev /dev/boostdesk-reader name: it comes and goes."""
    link = tmp_path / "reader"
    serial_reader, recorder = make_reader(str(link))
    detail, _ = recorder.wait_state(ReaderState.DISCONNECTED)  # not plugged in yet
    assert detail

    with simulated.SimulatedScanner() as first:
        link.symlink_to(first.port)
        recorder.wait_state(ReaderState.CONNECTED)
        first.send(CARD)
        assert recorder.next_scan().code == codes.parse(CARD)
        link.unlink()  # first, so the reader cannot reopen a pty number the system hands out again
    detail, _ = recorder.wait_state(ReaderState.DISCONNECTED)
    assert detail
    assert serial_reader.state is ReaderState.DISCONNECTED

    with simulated.SimulatedScanner() as second:
        back_at = time.monotonic()
        link.symlink_to(second.port)
        _, connected_at = recorder.wait_state(ReaderState.CONNECTED)
        assert connected_at - back_at <= RECONNECT_S
        second.send(VOUCHER)
        assert recorder.next_scan().code == codes.parse(VOUCHER)


def test_tcp_device_going_away_long_enough_for_full_backoff_reconnects_within_two_seconds(
    make_reader: MakeReader,
) -> None:
    first = simulated.SimulatedScanner(transport="tcp")
    address = first.port
    tcp_port = int(address.rsplit(":", 1)[1])
    try:
        _, recorder = make_reader(address)
        recorder.wait_state(ReaderState.CONNECTED)
        first.send(CARD)
        assert recorder.next_scan().code == codes.parse(CARD)
    finally:
        first.close()  # the client connection and the listening socket
    detail, gone_at = recorder.wait_state(ReaderState.DISCONNECTED)
    assert detail

    # Stay away until the retries are 1 s apart (attempts at +0.1, 0.2, 0.4, 0.8, 1.6, 2.6 s) and
    # come back just after one: the slowest reconnect the default backoff allows.
    threading.Event().wait(max(0.0, gone_at + 1.7 - time.monotonic()))
    with simulated.SimulatedScanner(transport="tcp", tcp_port=tcp_port) as second:
        back_at = time.monotonic()
        _, connected_at = recorder.wait_state(ReaderState.CONNECTED)
        assert connected_at - back_at <= RECONNECT_S
        second.send(VOUCHER, aim_prefix="]E0")
        assert recorder.next_scan().code == codes.parse(VOUCHER)


@pytest.mark.parametrize(
    "port",
    ["/nonexistent/ttyBOOST0", "socket://127.0.0.1:1", "nosuchscheme://x", ""],
)
def test_unusable_port_is_a_disconnected_state_with_a_detail_not_an_exception(
    port: str, make_reader: MakeReader
) -> None:
    serial_reader, recorder = make_reader(port)
    detail, _ = recorder.wait_state(ReaderState.DISCONNECTED)
    assert detail and "\n" not in detail
    assert serial_reader.state is ReaderState.DISCONNECTED
    assert len(reader_threads()) == 1  # still there, retrying


@pytest.mark.parametrize("device", ["pty", "tcp", "missing"])
def test_stop_is_prompt_closes_the_port_and_reports_stopped(
    device: str, make_reader: MakeReader, tmp_path: Path
) -> None:
    if device == "pty" and not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    with simulated.SimulatedScanner(transport="tcp" if device == "tcp" else "pty") as fake:
        port = str(tmp_path / "absent") if device == "missing" else fake.port
        fds_before = open_fds()
        serial_reader, recorder = make_reader(port)
        expected = ReaderState.DISCONNECTED if device == "missing" else ReaderState.CONNECTED
        recorder.wait_state(expected)

        started = time.monotonic()
        serial_reader.stop()
        assert time.monotonic() - started < 1.0
        assert serial_reader.state is ReaderState.STOPPED
        assert recorder.pending_states() == [ReaderState.STOPPED]
        assert reader_threads() == []
        assert open_fds() == fds_before  # the port (and pyserial's wake-up pipe) closed

        serial_reader.stop()  # twice is fine and reports nothing new
        assert recorder.pending_states() == []


def test_stop_without_start_reports_nothing_and_start_twice_is_refused(
    make_reader: MakeReader,
) -> None:
    recorder = Recorder()
    idle = SerialReader(ReaderConfig("loop://"), recorder.on_scan, recorder.on_state)
    idle.stop()
    assert idle.state is ReaderState.STOPPED and recorder.pending_states() == []

    serial_reader, recorder = make_reader("loop://")
    recorder.wait_state(ReaderState.CONNECTED)
    with pytest.raises(RuntimeError):
        serial_reader.start()
    serial_reader.stop()
    serial_reader.start()  # a stopped reader can be started again (new settings, same object)
    recorder.wait_state(ReaderState.CONNECTED)


@needs_pty
def test_a_callback_may_stop_the_reader(scanner: simulated.SimulatedScanner) -> None:
    recorder = Recorder()
    stopped = threading.Event()

    def on_scan(scan: scanframes.Scan, received_at: float) -> None:
        serial_reader.stop()  # on the reader thread itself: must not try to join it
        stopped.set()

    serial_reader = SerialReader(ReaderConfig(scanner.port), on_scan, recorder.on_state)
    serial_reader.start()
    try:
        recorder.wait_state(ReaderState.CONNECTED)
        scanner.send(CARD)
        assert stopped.wait(WAIT_S)
        recorder.wait_state(ReaderState.STOPPED)
        deadline = time.monotonic() + WAIT_S
        while reader_threads() and time.monotonic() < deadline:
            threading.Event().wait(0.01)
        assert reader_threads() == []
    finally:
        serial_reader.stop()


def test_an_idle_reader_stays_connected(make_reader: MakeReader) -> None:
    """Reads that time out with nothing are normal, not a lost device."""
    serial_reader, recorder = make_reader("loop://")
    recorder.wait_state(ReaderState.CONNECTED)
    threading.Event().wait(0.3)  # many read timeouts
    assert recorder.pending_states() == []
    assert serial_reader.state is ReaderState.CONNECTED


def test_config_rejects_nonsense_backoff() -> None:
    with pytest.raises(ValueError):
        SerialReader(ReaderConfig("loop://", reconnect_min_s=0), print, print)


def test_list_ports_gives_device_and_description_strings() -> None:
    ports = reader.list_ports()
    assert ports == sorted(ports)
    assert all(isinstance(device, str) and isinstance(text, str) for device, text in ports)


def test_simulated_scanner_refuses_to_send_when_closed() -> None:
    fake = simulated.SimulatedScanner(transport="tcp")
    fake.close()
    fake.close()
    with pytest.raises(ValueError):
        fake.send(CARD)


def test_a_noise_burst_on_a_tcp_reader_does_not_delay_the_next_scan(
    make_reader: MakeReader,
) -> None:
    """A socket:// reader reads what is waiting, not one byte per call (256 KiB took 5 s)."""
    with simulated.SimulatedScanner(transport="tcp") as scanner:
        _, recorder = make_reader(scanner.port, framing=scanframes.Framing.CR)
        recorder.wait_state(ReaderState.CONNECTED)
        assert scanner.wait_for_client()
        # Every byte value, so terminators too; the CR at the end closes the last noise frame.
        scanner.send_raw(random.Random(9).randbytes(256 * 1024) + b"\r")
        sent_at = time.monotonic()
        scanner.send(CARD)
        while (scan := recorder.next_scan_timed())[0].code is None:
            pass
        assert scan[0].code == codes.parse(CARD)
        # Generous: a behavioural check that the backlog is read in blocks, not a benchmark.
        assert scan[2] - sent_at < 1.0, scan[2] - sent_at
