"""The outbox goes out by itself: queued e-mails are sent in the background while the app runs.

While an SMTP server is set up, a timer sends the due e-mails (``OutboxService.send_email`` as
the system actor) every :data:`INTERVAL_MS`, and soon (:data:`SOON_MS`) after any operation that
queued messages (``Changes.outbox``: a scenario run, with or without vouchers) or saved the
e-mail settings. The send runs on its own task runner (the "mail-worker" thread): never on the
GUI thread, and never on the database worker, so the nightly run and the counter do not wait on
the network. The service itself holds no transaction while it talks to the server (see
services/outbox.py), so this thread never holds the database either.

After a failed attempt (nothing answers, the server refuses, the password is wrong) the next one
waits :data:`RETRY_MS`, doubling with each failure up to :data:`MAX_BACKOFF_MS`; a success
resets it. Each message still goes at most once: the service marks it ``sending`` before the end
of the message and ``sent`` after, and never sends a ``sent`` or ``uncertain`` one again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boostdesk.services import ops, outbox
from boostdesk.services import venue as venue_service
from boostdesk.ui import task_runner

log = logging.getLogger(__name__)

INTERVAL_MS = 5 * 60_000
SOON_MS = 20_000
RETRY_MS = 60_000
MAX_BACKOFF_MS = 60 * 60_000


class OutboxSender(QObject):
    """Sends the outbox on a timer with backoff (see the module docstring)."""

    attempted = Signal(object)  # outbox.SendSummary, or None when no server is set up

    def __init__(
        self,
        opened: venue_service.Venue,
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
        soon_ms: int = SOON_MS,
        retry_ms: int = RETRY_MS,
        max_backoff_ms: int = MAX_BACKOFF_MS,
    ) -> None:
        super().__init__(parent)
        self.venue = opened
        self.interval_ms = interval_ms
        self.soon_ms = soon_ms
        self.retry_ms = retry_ms
        self.max_backoff_ms = max_backoff_ms
        self.failures = 0
        self.sending = False
        self.box = outbox.OutboxService(opened.store, opened.settings, opened.data_dir)
        # Its own worker: a slow or silent server must not hold up the database worker.
        self.runner = task_runner.TaskRunner(self, name="mail-worker")
        self.timer = QTimer(self, singleShot=True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self.on_timer_timeout)

    def start(self) -> None:
        """The first attempt soon after start (messages may have waited while the app was shut)."""
        self.timer.start(self.soon_ms)

    def stop(self) -> None:
        """No further attempts; an attempt under way finishes (the service keeps its states)."""
        self.timer.stop()
        # The worker's own SQLite connection is closed on its thread, not left to the collector.
        self.runner.run(task_runner.Op(self.venue.store.close).in_background())
        self.runner.stop()

    def next_delay_ms(self) -> int:
        """The regular interval, or after ``n`` failures in a row ``retry_ms × 2ⁿ⁻¹`` (capped)."""
        if self.failures == 0:
            return self.interval_ms
        return int(min(self.max_backoff_ms, self.retry_ms * 2 ** (self.failures - 1)))

    def soon(self) -> None:
        """Messages were queued: send them soon, unless an attempt is under way or the server is
        failing (then the backoff stands)."""
        if self.sending or self.failures:
            return
        if not self.timer.isActive() or self.timer.remainingTime() > self.soon_ms:
            self.timer.start(self.soon_ms)

    def _send_due(self) -> outbox.SendSummary | None:
        """Worker thread: send the due e-mails, when a server is set up."""
        server = self.box.server()
        if server is None:
            return None
        return self.box.send_email(ops.SYSTEM, server).value

    @Slot()
    def on_timer_timeout(self) -> None:
        self.sending = True
        self.runner.run(
            task_runner.Op(self._send_due)
            .in_background()
            .on_success(self.on_send_finished)
            .on_failure(self.on_send_failed)
        )

    def _plan_next(self) -> None:
        self.sending = False
        self.timer.start(self.next_delay_ms())

    @Slot(object)
    def on_send_finished(self, summary: outbox.SendSummary | None) -> None:
        if summary is not None and (summary.error or (summary.failed and not summary.sent)):
            self.failures += 1
            log.info(
                "outbox: attempt failed (%s), next in %d s",
                summary.error or "refused",
                self.next_delay_ms() // 1000,
            )
        else:
            self.failures = 0
        self._plan_next()
        self.attempted.emit(summary)

    @Slot(object)
    def on_send_failed(self, exc: Exception) -> None:
        # Logged by the runner; the queue is as the service left it, tried again later.
        self.failures += 1
        log.warning("outbox: attempt did not complete (%s)", type(exc).__name__)
        self._plan_next()
        self.attempted.emit(None)

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        # outbox: any run that queued messages (the nightly one, or one started by the owner),
        # with or without vouchers; settings: the e-mail server was set up
        if changes.outbox or changes.settings:
            self.soon()
