"""GUI test fixtures: a main window on a demo venue, and its back office opened by the owner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from boostdesk.services import venue
from boostdesk.ui import main_window, task_runner
from boostdesk.ui.backoffice import shell

DEMO_OWNER_PIN = "1234"


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


@pytest.fixture
def window(  # type: ignore[no-untyped-def]
    qtbot, demo_venue: venue.Venue, runner, turkish, sign_in_at_till
) -> main_window.MainWindow:
    """The main window on a demo venue, in Turkish, with the cashier signed in at the till."""
    shown = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(shown)
    shown.show()
    sign_in_at_till(shown)
    return shown


@pytest.fixture
def office(qtbot, window: main_window.MainWindow) -> shell.BackOfficePage:  # type: ignore[no-untyped-def]
    """The back office after the owner typed the PIN (F2, PIN, Enter), first section shown."""
    qtbot.keyClick(window, Qt.Key.Key_F2)
    page = window.backoffice
    qtbot.keyClicks(page.pin_edit, DEMO_OWNER_PIN)
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.currentWidget() is page.workplace, timeout=10_000)
    return page
