"""What a full recompute writes, checked against plain recounts: the stored codes and transitions
of :func:`segments.store_changes`, and the kept windows recounted by :func:`windows.move`.
Real SQLite files (the 600-guest demo venue)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from boostdesk.domain import localtime
from boostdesk.services import venue
from boostdesk.storage import database, tables, windows
from boostdesk.storage import segments as stored_segments

AS_OF = dt.date(2026, 11, 24)
FAMILIES = stored_segments.FAMILIES
NONE = stored_segments.NONE


def _codes(opened: venue.Venue, keys: dict[str, list[str]]) -> dict[str, list[str]]:
    with opened.store.transaction():
        return stored_segments.ensure_codes(opened.store, keys)


def _transitions(opened: venue.Venue) -> list[tuple[int, str, str | None, str, int]]:
    rows = opened.store.execute(
        "SELECT customer_id, family, from_segment, to_segment, at FROM segment_history "
        "ORDER BY at, customer_id, id"
    ).fetchall()
    return [(int(c), str(f), a, str(b), int(t)) for c, f, a, b, t in rows]


def _current(opened: venue.Venue) -> dict[int, tuple[tuple[int | None, ...], int]]:
    rows = opened.store.execute(
        f"SELECT customer_id, {', '.join(FAMILIES)}, since_at FROM segment_current"
    ).fetchall()
    return {int(r[0]): (tuple(r[1:-1]), int(r[-1])) for r in rows}


def _guests(count: int) -> list[int]:
    return [int(tables.Customer.create(first_name="A", created_at=0).id) for _ in range(count)]


def _seen(opened: venue.Venue, ids: list[int]) -> np.ndarray:
    table = stored_segments.all_fingerprints(opened.store)
    return table[np.searchsorted(table[:, 0], ids)]


def _store(
    opened: venue.Venue,
    ids: list[int],
    codes: np.ndarray,
    since: int,
    at: int,
    seen: np.ndarray | None = None,
) -> tuple[int, int]:
    seen = _seen(opened, ids) if seen is None else seen
    with opened.store.transaction():
        return stored_segments.store_changes(
            opened.store, np.array(ids, dtype=np.int64), codes.astype(np.int64), seen, since, at
        )


def test_first_codes_add_a_transition_from_none_per_guest_and_family(
    empty_venue: venue.Venue,
) -> None:
    keys = {f: [f"{f}-a", f"{f}-b", f"{f}-c"] for f in FAMILIES}
    table = _codes(empty_venue, keys)
    rng = np.random.default_rng(3)
    ids = _guests(25)[3::7]
    codes = rng.integers(0, 3, size=(len(ids), len(FAMILIES)))
    assert _store(empty_venue, ids, codes, 1000, 990) == (len(ids), len(ids) * len(FAMILIES))
    expected = [
        (guest, family, None, table[family][int(codes[i, j])], 990)
        for i, guest in enumerate(ids)
        for j, family in enumerate(FAMILIES)
    ]
    assert _transitions(empty_venue) == expected  # by guest, then family, in that order
    assert _current(empty_venue) == {
        guest: (tuple(int(c) for c in codes[i]), 1000) for i, guest in enumerate(ids)
    }


def test_only_the_families_that_change_get_a_transition(empty_venue: venue.Venue) -> None:
    table = _codes(empty_venue, {f: [f"{f}-a", f"{f}-b"] for f in FAMILIES})
    ids = _guests(3)
    assert ids == [1, 2, 3]
    first = np.zeros((3, len(FAMILIES)), dtype=np.int64)
    first[2, 5] = NONE  # guest 3 has no segment in one family
    _store(empty_venue, ids, first, 1000, 990)
    before = _transitions(empty_venue)
    assert len(before) == 3 * len(FAMILIES) - 1
    second = first.copy()
    second[0, 0] = 1  # guest 1 moves in the first family
    second[2, 5] = 1  # guest 3 gets a segment in the family it had none in
    second[2, 12] = 1  # ... and moves in the last one
    # guest 2 is unchanged: passed along, left as it is (its since_at too)
    assert _store(empty_venue, ids, second, 2000, 1990) == (2, 3)
    added = _transitions(empty_venue)[len(before) :]
    f0, f5, f12 = FAMILIES[0], FAMILIES[5], FAMILIES[12]
    assert added == [
        (1, f0, table[f0][0], table[f0][1], 1990),
        (3, f5, None, table[f5][1], 1990),
        (3, f12, table[f12][0], table[f12][1], 1990),
    ]
    current = _current(empty_venue)
    assert current[1] == (tuple(int(c) for c in second[0]), 2000)
    assert current[2] == (tuple(int(c) for c in first[1]), 1000)
    assert current[3] == (tuple(int(c) for c in second[2]), 2000)
    ids_read, codes_read = stored_segments.read_current(empty_venue.store)
    assert ids_read.tolist() == ids and codes_read.tolist() == second.tolist()


def test_writing_in_several_calls_of_one_connection_reuses_its_stage(
    empty_venue: venue.Venue,
) -> None:
    _codes(empty_venue, {f: ["x", "y"] for f in FAMILIES})
    guests = _guests(300)
    for start in (0, 100, 200):
        ids = guests[start : start + 100]
        assert _store(empty_venue, ids, np.ones((100, len(FAMILIES))), 5, 5) == (100, 100 * 13)
    assert len(_current(empty_venue)) == 300
    left = empty_venue.store.execute("SELECT COUNT(*) FROM temp.segment_stage").fetchone()[0]
    assert left == 0  # nothing of one chunk is left for the next


def test_a_guest_changed_since_the_codes_were_computed_is_left_alone(
    empty_venue: venue.Venue,
) -> None:
    _codes(empty_venue, {f: ["x", "y"] for f in FAMILIES})
    ids = _guests(4)
    seen = _seen(empty_venue, ids)
    seen[1, 1] += 1  # guest 2 had a visit more when computed (voided since)
    seen[2, 3] = 12345  # guest 3's last visit moved (a visit since)
    tables.Customer.update(anonymised_at=7).where(tables.Customer.id == ids[3]).execute()
    got = _store(empty_venue, ids, np.ones((4, len(FAMILIES))), 5, 5, seen)
    assert got == (1, len(FAMILIES))
    assert set(_current(empty_venue)) == {ids[0]}
    assert {t[0] for t in _transitions(empty_venue)} == {ids[0]}


# -- the kept windows ---------------------------------------------------------------------------


def _windows(opened: venue.Venue) -> dict[int, tuple[int, int, int, int]]:
    rows = opened.store.execute(
        "SELECT customer_id, month_visits, month_amount_minor, window_visits, "
        "window_amount_minor FROM customer_metrics"
    ).fetchall()
    return {int(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows}


def _recounted(opened: venue.Venue, day: int, month: int, window: int) -> dict[int, tuple]:
    """The windows ending on ``day`` counted plainly from every standing visit."""
    out = {guest: (0, 0, 0, 0) for guest in _windows(opened)}
    rows = opened.store.execute(
        "SELECT customer_id, "
        "SUM(local_day > ? - ?), SUM(CASE WHEN local_day > ? - ? THEN amount_minor ELSE 0 END), "
        "SUM(local_day > ? - ?), SUM(CASE WHEN local_day > ? - ? THEN amount_minor ELSE 0 END) "
        "FROM visit WHERE voided_at IS NULL AND local_day <= ? GROUP BY customer_id",
        (day, month, day, month, day, window, day, window, day),
    ).fetchall()
    for guest, *values in rows:
        out[int(guest)] = tuple(int(v) for v in values)
    return out


@pytest.mark.parametrize(
    ("days_back", "month", "window"),
    [
        (0, 30, 365),  # the demo's last day: windows anchored nowhere before
        (200, 30, 365),  # far back: buckets at both ends, guests whose windows empty
        (3, 45, 90),  # new lengths
        (17, 7, 31),  # windows shorter than a bucket
    ],
)
def test_a_long_move_recounts_every_guests_windows(
    demo_venue: venue.Venue, days_back: int, month: int, window: int
) -> None:
    zone = demo_venue.segmentation.timezone()
    day = localtime.local_day(demo_venue.segmentation.as_of_instant(AS_OF) - 1, zone) - days_back
    windows.move(demo_venue.store, day + 400, 30, 365)  # somewhere else first (values nonzero)
    assert windows.must_move(demo_venue.store, day, month, window)
    assert windows.move(demo_venue.store, day, month, window)
    assert not windows.must_move(demo_venue.store, day, month, window)
    assert _windows(demo_venue) == _recounted(demo_venue, day, month, window)
    conn = database.raw_connection(demo_venue.store)
    assert windows.anchor(conn) == (day, month, window)
    assert not windows.move(demo_venue.store, day, month, window)  # already there


def test_a_short_move_keeps_the_windows_exact(demo_venue: venue.Venue) -> None:
    zone = demo_venue.segmentation.timezone()
    day = localtime.local_day(demo_venue.segmentation.as_of_instant(AS_OF) - 1, zone)
    windows.move(demo_venue.store, day - 300, 30, 365)
    for step in (-300 + 40, -300 + 80, -5, 0):
        windows.move(demo_venue.store, day + step, 30, 365)
        assert _windows(demo_venue) == _recounted(demo_venue, day + step, 30, 365), step
