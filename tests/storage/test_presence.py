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


PROBE = """
import sys, time
from pathlib import Path
from boostdesk.storage import presence
held = presence.Presence(Path(sys.argv[1]))
assert held.held
print("ready", flush=True)
sys.stdin.readline()
probes = alone = 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    probes += 1
    alone += held.alone()
print(probes, alone, flush=True)
"""


def test_two_openings_asking_at_once_never_both_find_themselves_alone(tmp_path: Path) -> None:
    """Both hold the venue all along, so neither may ever be told it is alone — also while the
    other is in the middle of asking (a refused upgrade drops the asker's lock for a moment)."""
    path = tmp_path / "boostdesk.db"
    askers = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE, str(path), "2"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for asker in askers:
            assert asker.stdout is not None and asker.stdout.readline().strip() == "ready"
        for asker in askers:
            assert asker.stdin is not None
            asker.stdin.write("go\n")
            asker.stdin.flush()
        answers = [asker.communicate(timeout=60)[0].split() for asker in askers]
    finally:
        for asker in askers:
            asker.kill()
            asker.wait(timeout=30)
    assert all(int(probes) > 1_000 for probes, _ in answers)  # they did ask, many times over
    assert [int(alone) for _, alone in answers] == [0, 0]
