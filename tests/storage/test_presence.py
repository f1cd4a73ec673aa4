"""Who has the venue open: a long writer learns whether anyone else holds the venue (another
opening in this process, or another process), without waiting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from boostdesk.services import venue
from boostdesk.storage import database

HOLD = """
import sys
from pathlib import Path
from boostdesk.services import venue
opened = venue.open_venue(Path(sys.argv[1]))
print("open", flush=True)
sys.stdin.readline()
"""


def test_a_second_opening_in_the_same_process_is_someone_else(data_dir: Path) -> None:
    first = venue.open_venue(data_dir)
    try:
        assert database.alone(first.store)
        second = venue.open_venue(data_dir)
        assert not database.alone(first.store) and not database.alone(second.store)
        second.close()
        assert database.alone(first.store)
        assert database.alone(first.store)  # asking does not give up the hold
    finally:
        first.close()


def test_another_process_holds_the_venue_until_it_ends_however_it_ends(data_dir: Path) -> None:
    opened = venue.open_venue(data_dir)
    try:
        with subprocess.Popen(
            [sys.executable, "-c", HOLD, str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as till:
            assert till.stdout is not None and till.stdout.readline().strip() == "open"
            assert not database.alone(opened.store)
            till.kill()  # no close: the operating system drops its hold
            till.wait(timeout=30)
        assert database.alone(opened.store)
    finally:
        opened.close()


def test_a_closed_venue_is_never_alone(data_dir: Path) -> None:
    opened = venue.open_venue(data_dir)
    opened.close()
    assert not database.alone(opened.store)


def test_the_apps_own_opening_is_never_alone(data_dir: Path) -> None:
    """The app's counter may save at any moment: its process's long writes always take turns."""
    opened = venue.open_venue(data_dir, counter=True)
    try:
        assert not database.alone(opened.store)
    finally:
        opened.close()
