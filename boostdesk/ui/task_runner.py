"""The single database worker: every write and every slow read runs here, off the GUI thread.

A task is a plain callable; its result (or exception) comes back to the GUI thread through the
``finished``/``failed`` signals of the :class:`Task` handle. Worker code never touches widgets.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class Task(QObject):
    """Handle of one queued job; connect to its signals before the event loop runs again."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job


class TaskRunner(QObject):
    """Runs tasks one at a time, in order, on one worker thread (SQLite likes one writer)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="db-worker", daemon=True)
        self._thread.start()

    def submit(
        self,
        job: Callable[[], Any],
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue ``job``; its result goes to ``on_finished`` (or error to ``on_failed``) on the GUI
        thread."""
        task = Task(job, self)
        if on_finished is not None:
            task.finished.connect(on_finished)
        if on_failed is not None:
            task.failed.connect(on_failed)
        task.finished.connect(task.deleteLater)
        task.failed.connect(task.deleteLater)
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy_changed.emit(True)
        self._queue.put(task)
        return task

    def stop(self, timeout: float = 5.0) -> None:
        """Finish queued tasks and end the worker thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _work(self) -> None:
        while (task := self._queue.get()) is not None:
            try:
                result = task.job()
            except Exception as exc:  # reported to the GUI, which shows a clear message
                task.failed.emit(exc)
            else:
                task.finished.emit(result)
            with self._lock:
                self._pending -= 1
                idle = self._pending == 0
            if idle:
                self.busy_changed.emit(False)
