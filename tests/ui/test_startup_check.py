"""The counter opens before the start-up check of the file is done; writes wait for it."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from boostdesk.services import backup, venue
from boostdesk.ui import application, task_runner


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


@pytest.fixture
def slow_check(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The real quick check, finishing only when the returned event is set (a large file)."""
    finish = threading.Event()
    real = backup.check_before_writing

    def check(data_dir: Path) -> None:
        real(data_dir)
        assert finish.wait(30)

    monkeypatch.setattr(backup, "check_before_writing", check)
    return finish


def test_the_counter_is_shown_while_the_check_runs_and_signing_in_waits_for_it(  # type: ignore[no-untyped-def]
    qtbot, demo_template: Path, data_dir: Path, runner, slow_check, sign_in_at_till
) -> None:
    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    window = application.build_window(data_dir, demo=False, runner=runner)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    check = application.started_check(window)
    assert check is not None and not check.done
    status = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "Checking the venue's data…" in status

    # Signing in writes the audit log: it waits for the check (the counter still answers).
    signed_in: list[bool] = []
    window.counter.signed_in.connect(lambda *_: signed_in.append(True))
    qtbot.keyClicks(window.counter.gate.pin_edit, "0000")
    qtbot.keyClick(window.counter.gate.pin_edit, Qt.Key.Key_Return)
    qtbot.wait(500)
    assert signed_in == []
    slow_check.set()
    qtbot.waitUntil(lambda: signed_in == [True], timeout=10_000)
    assert check.done and not window.venue.writes_held
    window.venue.close()
