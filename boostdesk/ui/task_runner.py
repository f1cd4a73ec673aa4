"""The single database worker: every write and every slow read runs here, off the GUI thread.

Work is submitted as an :class:`Op` (a plain callable with its arguments and the GUI-side handlers
for its result and its failure)::

    runner.run(Op(venue.checkout.record_visit, actor, draft)
               .on_success(self.on_visit_recorded).on_failure(self.on_save_failed))

The runner, on the GUI thread:

* broadcasts what an operation changed (an ``ops.Changes``, or the ``changes`` of an
  ``ops.Result``) once through :attr:`TaskRunner.changes_applied`, so every page refreshes what
  it shows;
* logs every failure (the ``logging`` module; the application decides where the log goes) and,
  when the op has no failure handler, reports it through :attr:`TaskRunner.failed_unhandled` so
  the window shows it: a failure is never silently dropped;
* shows a progress dialog when an op runs longer than :data:`PROGRESS_DELAY_MS`, with a Cancel
  button for ops marked :meth:`Op.cancellable`.

Worker code never touches widgets.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from boostdesk.services import ops

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600


class Cancelled(Exception):
    """Raised by a cancellable op's work when its ``cancelled()`` check says so."""


class Op:
    """One piece of work for the runner: ``fn(*args, **kwargs)`` plus its handlers."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.name = getattr(fn, "__qualname__", None) or repr(fn)
        self.success: Callable[[Any], None] | None = None
        self.failure: Callable[[Exception], None] | None = None
        self.label = ""
        self.can_cancel = False
        self.background = False

    def on_success(self, handler: Callable[[Any], None]) -> Op:
        """``handler(result)`` on the GUI thread; ``result`` is what ``fn`` returned."""
        self.success = handler
        return self

    def on_failure(self, handler: Callable[[Exception], None]) -> Op:
        """``handler(error)`` on the GUI thread instead of the window's error message."""
        self.failure = handler
        return self

    def with_progress(self, label: str) -> Op:
        """The text of the progress dialog shown if the op takes long."""
        self.label = label
        return self

    def in_background(self) -> Op:
        """Work the app does by itself (the daily segment run): never a progress dialog."""
        self.background = True
        return self

    def cancellable(self) -> Op:
        """Offer Cancel while the op runs: ``fn`` gets a ``cancelled`` keyword, a callable to
        check now and then, and stops by raising :class:`Cancelled`. Not started yet, the op is
        dropped."""
        self.can_cancel = True
        return self


class Task(QObject):
    """Handle of one queued op; its signals arrive on the GUI thread."""

    started = Signal()
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, op: Op, runner: TaskRunner) -> None:
        super().__init__(runner)
        self.op = op
        self._runner = runner
        self._cancel = threading.Event()
        # Slots of this GUI-thread object: emitted on the worker, delivered on the GUI thread.
        self.started.connect(self.on_started)
        self.finished.connect(self.on_finished)
        self.failed.connect(self.on_failed)

    @Slot()
    def on_started(self) -> None:
        self._runner._on_task_started(self)

    @Slot(object)
    def on_finished(self, result: Any) -> None:
        self._runner._on_task_finished(self, result)

    @Slot(object)
    def on_failed(self, exc: Exception) -> None:
        self._runner._on_task_failed(self, exc)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def execute(self) -> Any:
        """Run the op's work (on the worker thread)."""
        op = self.op
        if self._cancel.is_set():
            raise Cancelled()
        if op.can_cancel:
            return op.fn(*op.args, cancelled=self._cancel.is_set, **op.kwargs)
        return op.fn(*op.args, **op.kwargs)


def changes_of(result: Any) -> ops.Changes | None:
    """What an op's result says it changed, if anything: an ``ops.Changes``, the ``changes`` of
    an ``ops.Result``, or of any other answer that carries them (a full segment run's
    ``segmentation.Recompute``: open pages must hear that every guest's segments moved)."""
    if not isinstance(result, ops.Changes):
        result = getattr(result, "changes", None)
    if isinstance(result, ops.Changes) and not result.empty:
        return result
    return None


class TaskRunner(QObject):
    """Runs ops one at a time, in order, on one worker thread (SQLite likes one writer)."""

    busy_changed = Signal(bool)
    changes_applied = Signal(object)  # ops.Changes, once per op that changed something
    # Every op queued so far has run and its handlers have been called (the ops those handlers
    # queued included): a page that waits for a burst of work to end reloads once, here.
    settled = Signal()
    failed_unhandled = Signal(str, object)  # (op name, exception) of an op with no handler

    def __init__(self, parent: QObject | None = None, name: str = "db-worker") -> None:
        super().__init__(parent)
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._window: QWidget | None = None
        self._progress: QProgressDialog | None = None
        self._running: Task | None = None
        self._undelivered = 0  # GUI thread only: ops queued whose handlers have not yet run
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self.on_progress_timer_timeout)
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    @property
    def progress(self) -> QProgressDialog | None:
        """The progress dialog of the running op, while one is shown."""
        return self._progress

    def is_busy(self) -> bool:
        """Whether an op is queued or running. Exact at the moment of the call, unlike
        ``busy_changed``, whose False (emitted by the worker) can arrive after a newer True."""
        with self._lock:
            return self._pending > 0

    def is_settled(self) -> bool:
        """Whether every op queued has run and its result or failure has been handed out (on
        the GUI thread; ``is_busy`` turns False as soon as the worker is done, before that)."""
        return self._undelivered == 0

    def set_window(self, window: QWidget | None) -> None:
        """The window progress dialogs belong to."""
        self._window = window

    def run(self, op: Op) -> Task:
        """Queue ``op``; results come back to the GUI thread as described in the module."""
        task = Task(op, self)
        self._undelivered += 1
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy_changed.emit(True)
        self._queue.put(task)
        return task

    def submit(
        self,
        job: Callable[[], Any],
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue a plain callable (a read); shorthand for ``run(Op(job)...)``."""
        op = Op(job)
        if on_finished is not None:
            op.on_success(on_finished)
        if on_failed is not None:
            op.on_failure(on_failed)
        return self.run(op)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish queued tasks and end the worker thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    # -- GUI thread ------------------------------------------------------------------------------

    def _on_task_started(self, task: Task) -> None:
        self._running = task
        self._progress_timer.start()

    def _done(self, task: Task) -> None:
        if self._running is task:
            self._running = None
            self._progress_timer.stop()
            if self._progress is not None:
                self._progress.close()
                self._progress.deleteLater()
                self._progress = None
        task.deleteLater()

    def _on_task_finished(self, task: Task, result: Any) -> None:
        self._done(task)
        changes = changes_of(result)
        if changes is not None:
            self.changes_applied.emit(changes)
        try:
            if task.op.success is not None:
                task.op.success(result)
        finally:
            self._delivered()

    def _delivered(self) -> None:
        self._undelivered -= 1
        if self._undelivered == 0:
            self.settled.emit()

    def _on_task_failed(self, task: Task, exc: Exception) -> None:
        self._done(task)
        try:
            self._report_failure(task, exc)
        finally:
            self._delivered()

    def _report_failure(self, task: Task, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            log.info("operation %s cancelled", task.op.name)
            return
        if isinstance(exc, ops.PermissionDenied):
            log.warning("operation %s refused: needs %s", task.op.name, exc.needed.value)
        elif isinstance(getattr(exc, "reason", None), str) or isinstance(exc, ValueError):
            # A refusal the user is told about (wrong PIN, bill too large …), not a fault.
            reason = getattr(exc, "reason", None)
            log.info("operation %s refused: %s", task.op.name, reason or type(exc).__name__)
        else:
            log.error("operation %s failed", task.op.name, exc_info=exc)
        if task.op.failure is not None:
            task.op.failure(exc)
        else:
            self.failed_unhandled.emit(task.op.name, exc)

    @Slot()
    def on_progress_timer_timeout(self) -> None:
        task = self._running
        if task is None or self._progress is not None or task.op.background:
            return
        label = task.op.label or QCoreApplication.translate("task_runner", "Working…")
        dialog = QProgressDialog(label, "", 0, 0, self._window)
        dialog.setObjectName("TaskProgress")
        dialog.setMinimumDuration(0)
        if task.op.can_cancel:
            dialog.setCancelButtonText(QCoreApplication.translate("task_runner", "Cancel"))
            dialog.canceled.connect(task.cancel)
        else:
            dialog.setCancelButton(None)
        self._progress = dialog
        dialog.show()

    # -- worker thread ---------------------------------------------------------------------------

    def _work(self) -> None:
        while (task := self._queue.get()) is not None:
            task.started.emit()
            try:
                result = task.execute()
            except Exception as exc:  # reported on the GUI thread: logged, then shown
                task.failed.emit(exc)
            else:
                task.finished.emit(result)
            with self._lock:
                self._pending -= 1
                idle = self._pending == 0
            if idle:
                self.busy_changed.emit(False)
