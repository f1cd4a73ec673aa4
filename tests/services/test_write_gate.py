"""A venue opened with its writes held (the GUI's start-up check runs meanwhile): reads go on,
writes wait for the check and then go ahead, or fail for good when the file is damaged."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from boostdesk.services import venue
from boostdesk.storage import integrity

_STRAY_WRITE = "INSERT INTO scan_log (at, raw, outcome) VALUES (1, 'x', 'rejected')"


@pytest.fixture
def held(demo_template: Path, data_dir: Path) -> Iterator[venue.Venue]:
    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    assert venue.is_current(data_dir)
    opened = venue.open_venue(data_dir, hold_writes=True)
    yield opened
    opened.close()


def _scans(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM scan_log").fetchone()[0])
    finally:
        conn.close()


def _log_scan_in_thread(opened: venue.Venue) -> tuple[threading.Event, list[BaseException]]:
    done, errors = threading.Event(), []

    def log() -> None:
        try:
            opened.counter.log_scan("2700000000014", None, "unknown_card", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            errors.append(exc)
        done.set()

    threading.Thread(target=log, daemon=True).start()
    return done, errors


def test_a_held_write_waits_for_the_check_and_then_is_stored(held: venue.Venue) -> None:
    before = _scans(held.db_path)
    assert held.writes_held
    card = held.guests.showcase_card()
    assert card is not None and held.counter.find(card) is not None  # reads go on meanwhile
    done, errors = _log_scan_in_thread(held)
    assert not done.wait(0.5)
    assert _scans(held.db_path) == before
    held.store.release_writes()
    assert done.wait(10) and errors == []
    assert not held.writes_held
    assert _scans(held.db_path) == before + 1


def test_a_write_outside_a_transaction_is_refused_while_held(held: venue.Venue) -> None:
    before = _scans(held.db_path)
    with pytest.raises(peewee.DatabaseError, match="not authorized"):
        held.store.execute(_STRAY_WRITE)
    assert _scans(held.db_path) == before
    held.store.release_writes()
    held.store.execute(_STRAY_WRITE)
    assert _scans(held.db_path) == before + 1


def test_after_a_failed_check_every_write_fails_and_nothing_is_written(held: venue.Venue) -> None:
    before = held.db_path.read_bytes()
    done, errors = _log_scan_in_thread(held)
    damaged = integrity.DamagedDatabaseError("The venue's database file is damaged.")
    held.store.refuse_writes(damaged)
    assert done.wait(10) and errors == [damaged]
    with pytest.raises(integrity.DamagedDatabaseError):
        held.counter.log_scan("2700000000014", None, "unknown_card", None)
    held.close()
    assert held.db_path.read_bytes() == before
