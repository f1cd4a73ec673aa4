"""The task runner as pages use it: results and failures come back on the GUI thread, every
failure is logged and none is lost, long work shows progress and can be cancelled, and what an
operation changed is broadcast once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from boostdesk.services import ops
from boostdesk.ui import task_runner


@pytest.fixture
def runner(qapp) -> Iterator[task_runner.TaskRunner]:  # type: ignore[no-untyped-def]
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


def fail() -> None:
    raise RuntimeError("boom")


def progress_dialog(runner: task_runner.TaskRunner) -> QProgressDialog | None:
    dialog = runner.progress
    return dialog if dialog is not None and dialog.isVisible() else None


def test_a_result_comes_back_to_its_handler(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    got: list[object] = []
    runner.run(task_runner.Op(lambda a, b: a + b, 2, b=3).on_success(got.append))
    qtbot.waitUntil(lambda: got == [5], timeout=3000)


def test_a_failure_without_a_handler_is_logged_and_reported_not_dropped(
    qtbot, runner, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.ERROR, logger="boostdesk.ui.task_runner")
    with qtbot.waitSignal(runner.failed_unhandled, timeout=3000) as reported:
        runner.run(task_runner.Op(fail))
    name, exc = reported.args
    assert name == "fail" and isinstance(exc, RuntimeError)
    assert any("operation fail failed" in r.getMessage() for r in caplog.records)


def test_a_failure_with_a_handler_goes_to_it_and_is_still_logged(qtbot, runner, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.ERROR, logger="boostdesk.ui.task_runner")
    handled: list[Exception] = []
    unhandled: list[object] = []
    runner.failed_unhandled.connect(lambda *args: unhandled.append(args))
    runner.run(task_runner.Op(fail).on_failure(handled.append))
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=3000)
    assert unhandled == []
    assert [r.levelno for r in caplog.records] == [logging.ERROR]


def test_changes_are_broadcast_once_and_empty_ones_not_at_all(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    seen: list[ops.Changes] = []
    runner.changes_applied.connect(seen.append)
    done: list[object] = []
    changed = ops.Changes(visits=True, guests=(7,))
    runner.run(task_runner.Op(lambda: ops.Result(1, changed)).on_success(done.append))
    runner.run(task_runner.Op(lambda: ops.Changes()).on_success(done.append))
    runner.run(task_runner.Op(lambda: "a read").on_success(done.append))
    qtbot.waitUntil(lambda: len(done) == 3, timeout=3000)
    assert seen == [changed]


def test_long_work_shows_progress_and_can_be_cancelled(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    outcome: list[str] = []

    def long_work(*, cancelled) -> str:  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise task_runner.Cancelled()

    never_ran: list[str] = []
    op = (
        task_runner.Op(long_work)
        .with_progress("Importing…")
        .cancellable()
        .on_success(outcome.append)
        .on_failure(lambda exc: outcome.append("failed"))
    )
    runner.run(op)
    queued = runner.run(task_runner.Op(lambda: never_ran.append("ran")).cancellable())
    qtbot.waitUntil(started.is_set, timeout=3000)
    qtbot.waitUntil(lambda: progress_dialog(runner) is not None, timeout=3000)
    dialog = progress_dialog(runner)
    assert dialog is not None and dialog.labelText() == "Importing…"
    queued.cancel()  # not started yet: it is dropped
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: progress_dialog(runner) is None, timeout=3000)
    done: list[object] = []
    runner.run(task_runner.Op(lambda: None).on_success(done.append))
    qtbot.waitUntil(lambda: done == [None], timeout=3000)
    assert outcome == [] and never_ran == []


def test_settled_comes_once_after_the_work_that_handlers_queue(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    """A page waiting for a burst (an op whose handler queues the next, a failure among them)
    hears ``settled`` once, after the last handler, never between two ops of the chain."""
    seen: list[str] = []
    settled: list[bool] = []
    runner.settled.connect(lambda: settled.append(True))

    def second(_result: object) -> None:
        seen.append("first handled")
        runner.run(task_runner.Op(fail).on_failure(lambda _exc: seen.append("second failed")))

    runner.run(task_runner.Op(lambda: ops.Changes(segments=True)).on_success(second))
    assert not runner.is_settled()
    qtbot.waitUntil(lambda: bool(settled), timeout=3000)
    assert seen == ["first handled", "second failed"] and runner.is_settled()
    qtbot.wait(100)
    assert settled == [True]
