"""The start-up check of the venue's file, run beside the open counter.

SQLite's quick check reads every page: seconds to tens of seconds on a large venue. The counter is
shown at once; the check runs in a thread of its own (with its own read-only connection, so card
look-ups on the database worker go on), while every write waits at the venue's write gate. A
sound file opens the gate; a damaged one closes it for good, so nothing is ever written to it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow

from boostdesk.services import venue as venue_service

log = logging.getLogger(__name__)

_PENDING = object()


class StartupCheck(QObject):
    """Checks ``opened`` (opened with its writes held) and opens or refuses its writes.

    :meth:`when_done` calls back on the GUI thread with None (sound) or the error (damaged).
    """

    finished = Signal(object)

    def __init__(self, opened: venue_service.Venue, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setObjectName("StartupCheck")
        self._opened = opened
        self._result: object = _PENDING
        self._callbacks: list[Callable[[BaseException | None], None]] = []
        self.label = QLabel(
            QCoreApplication.translate("application", "Checking the venue's data…"),
            objectName="StartupCheckLabel",
        )
        parent.statusBar().addPermanentWidget(self.label)
        self.finished.connect(self.on_finished)
        # from the event loop, once the window is built: the check takes a core for seconds, and
        # building the counter should not share it
        QTimer.singleShot(0, self.start)

    @Slot()
    def start(self) -> None:
        threading.Thread(target=self._check, name="startup-check", daemon=True).start()

    def _check(self) -> None:
        """On the check's own thread: the gate opens (or closes) here, not via the GUI thread,
        so a save already waiting goes ahead as soon as the check is done."""
        from boostdesk.services import backup as backup_service  # cryptography: off the GUI thread

        try:
            backup_service.check_before_writing(self._opened.data_dir)
        except Exception as exc:  # noqa: BLE001 - damaged, or cannot even be read: no writes
            self._opened.store.refuse_writes(exc)
            log.error("start-up check failed: %s", type(exc).__name__)
            self.finished.emit(exc)
            return
        self._opened.store.release_writes()
        log.info("start-up check passed")
        self.finished.emit(None)

    @property
    def done(self) -> bool:
        return self._result is not _PENDING

    @Slot(object)
    def on_finished(self, error: BaseException | None) -> None:
        self._result = error
        self.label.hide()
        self.label.deleteLater()
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(error)

    def when_done(self, callback: Callable[[BaseException | None], None]) -> None:
        """``callback(None | error)`` once the check is done (at once if it already is)."""
        if self._result is _PENDING:
            self._callbacks.append(callback)
        else:
            callback(self._result if isinstance(self._result, BaseException) else None)
