"""The card reader seen from Qt: the reader thread's callbacks re-emitted as queued signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from boostdesk.domain import scanframes
from boostdesk.hardware import reader, simulated

log = logging.getLogger(__name__)


class ReaderBridge(QObject):
    """Owns the serial reader (and, in the demo, the simulated scanner feeding it).

    ``scanned(scan, monotonic_time)`` and ``state_changed(state_word, detail)`` arrive on the GUI
    thread; the reader's own thread never touches a widget."""

    scanned = Signal(object, float)
    state_changed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader: reader.SerialReader | None = None
        self.simulator: simulated.SimulatedScanner | None = None
        self.port: str | None = None
        # The latest state word and detail, as the status bar shows them (GUI thread only).
        self.state = "none"
        self.detail = ""
        self.state_changed.connect(self._remember_state)

    @Slot(str, str)
    def _remember_state(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail

    def start(
        self,
        port: str,
        baudrate: int = 9600,
        *,
        framing: scanframes.Framing = scanframes.Framing.AUTO,
        strip_aim: bool = True,
    ) -> None:
        """Read from ``port`` (any pyserial port or URL); replaces a running reader."""
        self._stop_reader()
        self.port = port
        config = reader.ReaderConfig(
            port=port, baudrate=baudrate, framing=framing, strip_aim=strip_aim
        )
        self._reader = reader.SerialReader(config, self._on_scan, self._on_state)
        self.state_changed.emit("connecting", "")
        self._reader.start()

    def start_simulated(self) -> None:
        """The demo's scanner: real bytes through a pty (or a loopback socket) into the reader."""
        self.stop()
        self.simulator = simulated.SimulatedScanner()
        self.start(self.simulator.port)

    def send_simulated(self, code: str) -> None:
        if self.simulator is not None:
            self.simulator.send(code)

    def send_simulated_raw(self, data: bytes) -> None:
        if self.simulator is not None:
            self.simulator.send_raw(data)

    def _stop_reader(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def stop(self) -> None:
        self._stop_reader()
        self.port = None
        if self.simulator is not None:
            self.simulator.close()
            self.simulator = None

    # Called on the reader thread: only emit (Qt queues the call to the GUI thread).
    def _on_scan(self, scan: scanframes.Scan, at: float) -> None:
        self.scanned.emit(scan, at)

    def _on_state(self, state: reader.ReaderState, detail: str) -> None:
        words = {
            reader.ReaderState.CONNECTED: "connected",
            reader.ReaderState.CONNECTING: "connecting",
            reader.ReaderState.DISCONNECTED: "disconnected",
            reader.ReaderState.STOPPED: "none",
        }
        self.state_changed.emit(words.get(state, "disconnected"), detail)
