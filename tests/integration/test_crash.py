"""A few real crashes and a real full disk (the 100-kill runs are tests/benchmarks/crash.py):
a till or an import SIGKILLed at random moments loses no acknowledged visit, stores none twice,
leaves SQLite's check and the kept totals sound, and an import all or nothing; an import onto a
full disk says so in one line and leaves the venue as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import crash_harness as harness
import pytest

from boostdesk.services import venue


@pytest.fixture
def folder(demo_template: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "venue"
    data_dir.mkdir()
    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    return data_dir


def test_a_till_killed_at_random_moments_loses_no_acknowledged_visit(folder: Path) -> None:
    outcome = harness.crash_recording(folder, kills=4, seed=11, longest=1.5, log=lambda _: None)
    assert outcome.problems == []
    assert outcome.acknowledged > 0  # half the kills come while it is saving


def test_an_import_killed_at_random_moments_leaves_all_or_nothing(
    folder: Path, tmp_path: Path
) -> None:
    file = tmp_path / "visits.csv"
    harness.write_visits_file(venue.database_path(folder), file, 2_000)
    outcome = harness.crash_importing(
        folder, tmp_path / "work", file, 2_000, kills=3, seed=5, longest=4.0, log=lambda _: None
    )
    assert outcome.problems == []


def test_an_import_onto_a_full_disk_says_so_and_leaves_the_venue_as_it_was(
    folder: Path, tmp_path: Path
) -> None:
    file = tmp_path / "visits.csv"
    harness.write_visits_file(venue.database_path(folder), file, 20_000)
    size = venue.database_path(folder).stat().st_size
    with harness.small_disk(tmp_path / "disk", f"{size + 600 * 1024}") as disk:
        live = disk / "venue"
        live.mkdir()
        shutil.copy(venue.database_path(folder), venue.database_path(live))
        before = harness.visit_count(venue.database_path(live))
        result = subprocess.run(
            harness.import_command(live, file),
            capture_output=True,
            text=True,
            env=harness.env(),
            timeout=600,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert lines[0].startswith(f"boostdesk: the disk holding {live} is full")
        assert harness.visit_count(venue.database_path(live)) == before
        assert harness.sound(venue.database_path(live)) == []
