"""A guest's first stored segments kept as one ``segment_entry`` row, read everywhere as one
transition from no segment per family (``segment_history``); venues migrated with their old
transitions; the kept windows of a new venue anchored from the start. Real SQLite files."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest

from boostdesk.domain import localtime
from boostdesk.services import importer, venue
from boostdesk.storage import (
    browse,
    dashboard,
    database,
    guest_file,
    migrations,
    movements,
    tables,
    windows,
)
from boostdesk.storage import segments as stored_segments

FAMILIES = stored_segments.FAMILIES


def _guests(count: int) -> list[int]:
    return [int(tables.Customer.create(first_name="A", created_at=0).id) for _ in range(count)]


def _store(opened: venue.Venue, ids: list[int], codes: np.ndarray, at: int) -> tuple[int, int]:
    table = stored_segments.all_fingerprints(opened.store)
    seen = table[np.searchsorted(table[:, 0], ids)]
    with opened.store.transaction():
        return stored_segments.store_changes(
            opened.store, np.array(ids, dtype=np.int64), codes.astype(np.int64), seen, at, at
        )


def _count(opened: venue.Venue, table: str) -> int:
    return int(opened.store.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_first_segments_are_one_row_read_as_a_transition_per_family(
    empty_venue: venue.Venue,
) -> None:
    with empty_venue.store.transaction():
        keys = stored_segments.ensure_codes(
            empty_venue.store, {f: [f"{f}-a", f"{f}-b"] for f in FAMILIES}
        )
    ids = _guests(3)
    first = np.zeros((3, len(FAMILIES)), dtype=np.int64)
    first[2, 3] = stored_segments.NONE  # guest 3 has no segment in one family
    assert _store(empty_venue, ids, first, 1000) == (3, 3 * len(FAMILIES) - 1)
    assert _count(empty_venue, "segment_entry") == 3
    assert _count(empty_venue, "segment_transition") == 0
    # guest 1 moves in the first family in a run at the same second, then in another later
    second = first.copy()
    second[0, 0] = 1
    assert _store(empty_venue, ids, second, 1000) == (1, 1)
    third = second.copy()
    third[0, 1] = 1
    assert _store(empty_venue, ids, third, 2000) == (1, 1)
    f0, f1 = FAMILIES[0], FAMILIES[1]
    entries = [(f, None, keys[f][0], 1000) for f in reversed(FAMILIES)]
    assert guest_file.transitions_of(empty_venue.store, ids[0]) == [
        (f1, keys[f1][0], keys[f1][1], 2000),
        (f0, keys[f0][0], keys[f0][1], 1000),  # after the entries, as it was stored
        *entries,
    ]
    assert guest_file.transitions_of(empty_venue.store, ids[2]) == [
        e for e in entries if e[0] != FAMILIES[3]
    ]
    # the movements read the entries as moves from no segment
    assert sorted(movements.matrix(empty_venue.store, f0, 0, 3000), key=str) == [
        (keys[f0][0], keys[f0][1], 1),
        (None, keys[f0][0], 3),
    ]
    assert movements.matrix(empty_venue.store, f0, 1001, 3000) == []
    assert movements.moved_guests(empty_venue.store, f1, None, keys[f1][0], 0, 3000) == ids
    moved = browse.Moved(FAMILIES[3], None, keys[FAMILIES[3]][0], 0, 3000)
    assert browse.ids(empty_venue.store, browse.Filter(moved=moved)) == ids[:2]
    assert movements.families_with_history(empty_venue.store) == sorted(FAMILIES)
    assert dashboard.first_transition_at(empty_venue.store, f1) == 1000
    assert stored_segments.segments_on(empty_venue.store, f0, 1500) == {
        ids[0]: keys[f0][1],
        ids[1]: keys[f0][0],
        ids[2]: keys[f0][0],
    }
    assert stored_segments.transition_matrix(empty_venue.store, f1, 1500, 3000) == [
        (keys[f1][0], keys[f1][1], 1)
    ]


def test_anonymised_and_forgotten_guests_keep_no_first_segments(
    empty_venue: venue.Venue,
) -> None:
    with empty_venue.store.transaction():
        stored_segments.ensure_codes(empty_venue.store, {f: ["x"] for f in FAMILIES})
    ids = _guests(3)
    _store(empty_venue, ids, np.zeros((3, len(FAMILIES)), dtype=np.int64), 1000)
    tables.Customer.update(anonymised_at=5).where(tables.Customer.id == ids[0]).execute()
    with empty_venue.store.transaction():
        stored_segments.forget(empty_venue.store, [ids[1]])
    assert guest_file.transitions_of(empty_venue.store, ids[0]) == []
    assert guest_file.transitions_of(empty_venue.store, ids[1]) == []
    assert len(guest_file.transitions_of(empty_venue.store, ids[2])) == len(FAMILIES)
    assert movements.moved_guests(empty_venue.store, FAMILIES[0], None, "x", 0, 3000) == ids[2:]


def _venue_at_version(path: Path, version: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for each in range(version):
        migrations.apply(conn, each)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    return conn


def test_a_migrated_venue_keeps_its_first_segments_stored_as_transitions(tmp_path: Path) -> None:
    version = migrations.MIGRATIONS.index(tuple(migrations._SEGMENT_ENTRIES))
    conn = _venue_at_version(venue.database_path(tmp_path), version)
    conn.execute("INSERT INTO customer (id, first_name, created_at) VALUES (1, 'A', 0)")
    conn.execute("INSERT INTO segment_code VALUES ('lifecycle', 0, 'new'), ('lifecycle', 1, 'vip')")
    conn.execute("INSERT INTO segment_current (customer_id, lifecycle, since_at) VALUES (1, 0, 9)")
    conn.execute(
        "INSERT INTO segment_transition (customer_id, family, from_segment, to_segment, at) "
        "VALUES (1, 'lifecycle', NULL, 'new', 9)"
    )
    conn.close()
    opened = venue.open_venue(tmp_path)
    try:
        assert guest_file.transitions_of(opened.store, 1) == [("lifecycle", None, "new", 9)]
        codes = np.full((1, len(FAMILIES)), stored_segments.NONE, dtype=np.int64)
        codes[0, FAMILIES.index("lifecycle")] = 1
        assert _store(opened, [1], codes, 20) == (1, 1)  # a move, not a new entry
        assert _count(opened, "segment_entry") == 0
        assert guest_file.transitions_of(opened.store, 1) == [
            ("lifecycle", "new", "vip", 20),
            ("lifecycle", None, "new", 9),
        ]
        assert sorted(movements.matrix(opened.store, "lifecycle", 0, 30), key=str) == [
            ("new", "vip", 1),
            (None, "new", 1),
        ]
    finally:
        opened.close()


def test_a_new_venues_windows_are_kept_from_the_start(
    empty_venue: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first import needs no recount of every guest's windows: they were anchored on the day
    the venue was made and the import counted its visits into them."""
    zone = empty_venue.segmentation.timezone()
    conn = database.raw_connection(empty_venue.store)
    today = localtime.local_day(int(time.time()), zone)
    assert windows.anchor(conn)[0] == today
    now = time.time() - 14_400  # hours ago whatever the zone: none after the as-of day
    when = [
        time.strftime("%Y-%m-%d %H:%M", time.gmtime(now - n * 7919 % 40_000_000))
        for n in range(3000)
    ]
    rows = [f"R-{n % 300},,{when[n]},{5 + n % 90}," for n in range(3000)]
    path = tmp_path / "pos.csv"
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")

    def no_recount(*args: object) -> None:
        raise AssertionError("every guest's windows recounted")

    monkeypatch.setattr(windows, "_recount", no_recount)
    report = importer.import_visits(empty_venue, path)
    assert report.visits == 3000
    kept = {
        int(r[0]): tuple(int(v) for v in r[1:])
        for r in conn.execute(
            "SELECT customer_id, month_visits, month_amount_minor, window_visits, "
            "window_amount_minor FROM customer_metrics WHERE visits > 0"
        )
    }
    day, month, window = windows.anchor(conn)
    assert day is not None and day >= today
    counted = {  # every guest has visits up to the anchor day (hours ago)
        int(r[0]): tuple(int(v) for v in r[1:])
        for r in conn.execute(
            "SELECT customer_id, "
            "SUM(local_day > ? - ?), SUM(IIF(local_day > ? - ?, amount_minor, 0)), "
            "SUM(local_day > ? - ?), SUM(IIF(local_day > ? - ?, amount_minor, 0)) "
            "FROM visit WHERE voided_at IS NULL AND local_day <= ? GROUP BY customer_id",
            (day, month, day, month, day, window, day, window, day),
        )
    }
    assert len(kept) == 300 and kept == counted


def test_a_guest_whose_stored_segments_went_gets_transitions_from_none_again(
    empty_venue: venue.Venue,
) -> None:
    with empty_venue.store.transaction():
        stored_segments.ensure_codes(empty_venue.store, {f: ["x"] for f in FAMILIES})
    ids = _guests(2)
    codes = np.zeros((2, len(FAMILIES)), dtype=np.int64)
    _store(empty_venue, ids, codes, 1000)
    empty_venue.store.execute("DELETE FROM segment_current WHERE customer_id = ?", (ids[0],))
    assert _store(empty_venue, ids, codes, 2000) == (1, len(FAMILIES))
    history = guest_file.transitions_of(empty_venue.store, ids[0])
    assert history == [
        *((f, None, "x", 2000) for f in reversed(FAMILIES)),
        *((f, None, "x", 1000) for f in reversed(FAMILIES)),
    ]
    assert movements.matrix(empty_venue.store, FAMILIES[0], 1500, 3000) == [(None, "x", 1)]
