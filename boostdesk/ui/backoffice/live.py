"""Live previews: a pure function of (loaded base, current edit) run on a thread of its own.

The rules editor and the segment builder recompute a preview on every edit. The database worker
may be busy (a full recompute runs for seconds), and the preview needs no database: it works on
arrays loaded once. So edits are debounced, the newest edit is computed on this helper's thread,
and a result that an even newer edit has overtaken is dropped (never shown).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

DEBOUNCE_MS = 120


class LivePreview(QObject):
    """``computed(seq, result)`` / ``failed(seq, error)`` arrive on the GUI thread for the newest
    request only; ``seq`` numbers requests in order."""

    computed = Signal(int, object)
    failed = Signal(int, object)
    _done = Signal(int, object, bool)  # seq, result or error, ok (from the helper thread)

    def __init__(
        self,
        fn: Callable[[Any, Any], Any],
        parent: QObject | None = None,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._base: Any = None
        self._edit: Any = None
        self.seq = 0
        self._wanted: tuple[int, Any, Any] | None = None
        self._wake = threading.Condition()
        self._stopped = False
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._done.connect(self.on_done)
        self._thread = threading.Thread(target=self._work, name="live-preview", daemon=True)
        self._thread.start()
        self.destroyed.connect(self._stop_now)

    @property
    def base(self) -> Any:
        return self._base

    def set_base(self, base: Any) -> None:
        """The loaded data previews run on; the current edit is previewed again."""
        self._base = base
        if self._edit is not None:
            self.request_now(self._edit)

    def request(self, edit: Any) -> None:
        """Preview ``edit`` once the user pauses (debounced)."""
        self._edit = edit
        self.seq += 1  # anything computing now is stale already
        self._timer.start()

    def request_now(self, edit: Any) -> None:
        self._edit = edit
        self._timer.stop()
        self._submit()

    def pending(self) -> bool:
        """True while the newest edit has no result yet."""
        return self._timer.isActive() or self._wanted is not None or self._running == self.seq

    _running = -1

    @Slot()
    def on_timer_timeout(self) -> None:
        self._submit()

    def _submit(self) -> None:
        if self._base is None:
            return
        self.seq += 1
        with self._wake:
            self._wanted = (self.seq, self._base, self._edit)
            self._wake.notify()

    def stop(self) -> None:
        self._stop_now()
        self._thread.join(2.0)

    def _stop_now(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def _work(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                assert self._wanted is not None
                seq, base, edit = self._wanted
                self._wanted = None
                self._running = seq
            try:
                outcome, ok = self._fn(base, edit), True
            except Exception as exc:  # shown to the user as the preview's message
                outcome, ok = exc, False
            try:
                self._done.emit(seq, outcome, ok)
            except RuntimeError:  # the page was closed meanwhile
                return
            # not held while waiting: a page out of sight gives its base back (tens of MB)
            base = edit = outcome = None

    @Slot(int, object, bool)
    def on_done(self, seq: int, outcome: Any, ok: bool) -> None:
        if self._running == seq:
            self._running = -1
        if seq != self.seq:
            return  # overtaken by a newer edit
        if ok:
            self.computed.emit(seq, outcome)
        else:
            if not isinstance(outcome, ValueError):
                log.error("preview failed", exc_info=outcome)
            self.failed.emit(seq, outcome)
