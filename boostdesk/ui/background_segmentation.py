"""Segments that move by themselves: the full recompute, run off the GUI thread by the app.

A guest who stops coming must become At risk, then Lost, without anyone running ``boostdesk
segment``. The full recompute therefore runs through the task runner (never on the GUI thread,
never with a progress dialog) as the system actor:

* at start, when the last stored full run is not as of today (the app was closed over night);
* at local midnight in the venue's time zone, while the app is open;
* after an operation that changed the visits of many guests at once (an import);
* after the owner saved segment rules or a custom segment (``Changes.rules``).

The day's first run (at start or midnight) is preceded by the personal-data retention job (KVKK:
guests inactive longer than ``privacy.retention_years`` are anonymised), also as the system actor.
After a stored run, the points that expired are booked and the retention scenarios run for
today (services/nightly.py), also as the system actor in the background.

The pages refresh from the run's ``Changes`` like after any other operation.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from boostdesk.services import nightly, ops, privacy_register, segmentation
from boostdesk.services import venue as venue_service
from boostdesk.ui import task_runner

log = logging.getLogger(__name__)

# Run a little after midnight, so the venue's clock is surely on the new day.
_AFTER_MIDNIGHT_MS = 5_000
# QTimer intervals are 32-bit milliseconds; a longer wait is taken in steps.
_MAX_WAIT_MS = 24 * 3600 * 1000


class BackgroundSegmentation(QObject):
    """Keeps the stored segments current while the app runs (see the module docstring)."""

    run_started = Signal()
    run_finished = Signal(object)  # segmentation.Recompute
    scenarios_finished = Signal(object)  # scenarios.RunReport

    def __init__(
        self,
        opened: venue_service.Venue,
        runner: task_runner.TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.venue = opened
        self.runner = runner
        self.running = False
        self.pending = False  # another run was asked for while one was running
        self.midnight = QTimer(self, singleShot=True)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.midnight.timeout.connect(self.on_midnight_timeout)
        self.runner.changes_applied.connect(self.on_runner_changes_applied)

    def start(self) -> None:
        """Check (off the GUI thread) whether today's run is missing, and plan the next one."""
        self.runner.run(
            task_runner.Op(self.venue.segmentation.needs_full_run)
            .in_background()
            .on_success(self.on_needs_full_run_checked)
            .on_failure(self.on_run_failed)
        )
        self._plan_midnight()

    def run_now(self) -> None:
        """Queue a full recompute for today (one at a time: a request meanwhile runs after)."""
        if self.running:
            self.pending = True
            return
        self.running = True
        self.run_started.emit()
        self.runner.run(
            task_runner.Op(self.venue.segmentation.recompute_all, actor=ops.SYSTEM)
            .in_background()
            .on_success(self.on_run_finished)
            .on_failure(self.on_run_failed)
        )

    def _plan_midnight(self) -> None:
        wait_ms = int(self.venue.segmentation.seconds_to_next_day() * 1000) + _AFTER_MIDNIGHT_MS
        self.midnight.start(min(wait_ms, _MAX_WAIT_MS))

    @Slot(object)
    def on_needs_full_run_checked(self, needed: bool) -> None:
        if needed:
            # Queued first on the one worker: the segments are then computed without them.
            self.runner.run(
                task_runner.Op(privacy_register.run_retention, self.venue, ops.SYSTEM)
                .in_background()
                .on_failure(self.on_retention_failed)
            )
            self.run_now()

    @Slot(object)
    def on_retention_failed(self, exc: Exception) -> None:
        # Logged by the runner; tried again with the next day's run.
        log.warning("retention job did not complete (%s)", type(exc).__name__)

    @Slot()
    def on_midnight_timeout(self) -> None:
        self._plan_midnight()
        # A step of a longer wait (see _MAX_WAIT_MS) finds today's run present and does nothing.
        self.runner.run(
            task_runner.Op(self.venue.segmentation.needs_full_run)
            .in_background()
            .on_success(self.on_needs_full_run_checked)
            .on_failure(self.on_run_failed)
        )

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        # many guests' visits at once (an import), or new rules: every guest's segments may move
        if (changes.visits and changes.all_guests) or changes.rules:
            self.run_now()

    @Slot(object)
    def on_run_finished(self, result: segmentation.Recompute) -> None:
        self.running = False
        log.info(
            "background segment run: %d guests changed, %d transitions, %.2f s",
            result.changed_guests,
            result.transitions,
            result.seconds,
        )
        self.run_finished.emit(result)
        if result.stored:
            self.runner.run(
                task_runner.Op(nightly.after_segments, self.venue)
                .in_background()
                .on_success(self.on_scenarios_finished)
                .on_failure(self.on_scenarios_failed)
            )
        if self.pending:
            self.pending = False
            self.run_now()

    @Slot(object)
    def on_scenarios_finished(self, result: ops.Result[object]) -> None:
        self.scenarios_finished.emit(result.value)

    @Slot(object)
    def on_scenarios_failed(self, exc: Exception) -> None:
        # Logged by the runner; the next run tries again and issues nothing twice.
        log.warning("scenario run after the segment run did not complete (%s)", type(exc).__name__)

    @Slot(object)
    def on_run_failed(self, exc: Exception) -> None:
        self.running = False
        self.pending = False
        # Logged by the runner with its type and place; the counter goes on with stale segments
        # and the next start or midnight tries again.
        log.warning("background segment run did not complete (%s)", type(exc).__name__)
