"""Visits added on the bulk path (an import: the per-visit triggers aside, then
``kept_totals.add_visits``) leave exactly the kept totals the triggers would have kept, visit by
visit: for fresh and returning guests, voided visits, several visits the same local day, across
Berlin's clock changes and the kept windows' edges, with baskets, in one call or in chunks.

Each example runs the same visits on two copies of one migrated venue database: one through the
triggers, one through the bulk path; every kept row must be the same, and the product's own recount
(``kept_totals_check``) must find nothing to mend. Real SQLite files throughout.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boostdesk.domain import localtime
from boostdesk.services import venue
from boostdesk.storage import kept_totals, kept_totals_bulk, kept_totals_check

ZONES = ("Europe/Istanbul", "Europe/Berlin")
# Berlin's clocks change at 01:00 UTC on these days; the visits fall within 3 days either side.
CLOCK_CHANGES = (
    int(dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC).timestamp()),
    int(dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC).timestamp()),
)
GUESTS = 4
CATEGORIES = 3


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated venue database with guests and categories (copied for every example)."""
    folder = tmp_path_factory.mktemp("bulk-template")
    opened = venue.open_venue(folder)
    opened.close()
    path = venue.database_path(folder)
    conn = sqlite3.connect(path, isolation_level=None)
    for n in range(1, CATEGORIES + 1):
        conn.execute("INSERT INTO category (code, name) VALUES (?, ?)", (f"c{n}", f"c{n}"))
    for n in range(GUESTS):
        conn.execute("INSERT INTO customer (first_name, created_at) VALUES (?, 0)", (f"g{n}",))
    conn.close()
    yield path


def _open(template: Path, folder: Path, name: str, zone: str) -> sqlite3.Connection:
    path = folder / name
    shutil.copy(template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = 1")
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('venue.timezone', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (f'"{zone}"',),
    )
    return conn


def _insert(
    conn: sqlite3.Connection, zone: str, visit: tuple[int, int, int, int, list[int], bool]
) -> int:
    guest, change, minutes, amount, categories, voided = visit
    at = change + minutes * 60
    cursor = conn.execute(
        "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key, local_day, "
        "day_part, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            guest + 1,
            at,
            amount,
            uuid.uuid4().hex,
            localtime.local_day(at, zone),
            localtime.day_part(at, zone),
            at + 60 if voided else None,
        ),
    )
    visit_id = int(cursor.lastrowid or 0)
    for n, category in enumerate(categories):
        conn.execute(
            "INSERT INTO visit_line (visit_id, category_id, amount_minor) VALUES (?, ?, ?)",
            (visit_id, category, amount // (n + 2)),
        )
    return visit_id


def _kept(conn: sqlite3.Connection) -> dict[str, list[tuple[int | None, ...]]]:
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("customer_metrics", "customer_bucket", "customer_category")
    }


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ZONES),
    # the windows' edges fall among the visits' days
    window=st.none() | st.tuples(st.integers(-4, 4), st.integers(1, 6), st.integers(1, 9)),
    history=st.lists(
        st.tuples(
            st.integers(0, GUESTS - 1),
            st.sampled_from(CLOCK_CHANGES),
            st.integers(-48, 48).map(lambda steps: steps * 90),
            st.integers(0, 90_000),
            st.lists(st.integers(1, CATEGORIES), max_size=2, unique=True),
            st.booleans(),
        ),
        max_size=12,
    ),
    voids=st.lists(st.integers(0, 100), max_size=3),
    bulk=st.lists(
        st.tuples(
            st.integers(0, GUESTS - 1),
            st.sampled_from(CLOCK_CHANGES),
            # a coarse grid: several visits fall on the same local day, some at the same instant
            st.integers(-48, 48).map(lambda steps: steps * 90),
            st.integers(0, 90_000),
            st.lists(st.integers(1, CATEGORIES), max_size=2, unique=True),
            st.integers(0, 9).map(lambda n: n == 0),  # now and then inserted voided
        ),
        min_size=1,
        max_size=30,
    ),
    cuts=st.lists(st.integers(1, 29), max_size=3),
    by_guest=st.booleans(),
)
def test_bulk_added_visits_keep_what_the_triggers_keep(
    template: Path,
    zone: str,
    window: tuple[int, int, int] | None,
    history: list[tuple[int, int, int, int, list[int], bool]],
    voids: list[int],
    bulk: list[tuple[int, int, int, int, list[int], bool]],
    cuts: list[int],
    by_guest: bool,
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kept-bulk-"))
    try:
        twin = _open(template, folder, "triggers.db", zone)
        bulky = _open(template, folder, "bulk.db", zone)
        if by_guest:  # an import stores each guest's visits together, in time order
            bulk = sorted(bulk, key=lambda v: (v[0], v[1] + v[2] * 60))
        anchor = None
        if window is not None:
            anchor = localtime.local_day(CLOCK_CHANGES[0], zone) + window[0]
        for conn in (twin, bulky):
            conn.execute("BEGIN")
            conn.execute(
                "UPDATE metrics_window SET day = ?, month_days = ?, window_days = ?",
                (anchor, *(window[1:] if window else (30, 365))),
            )
            # the guests' history, through the triggers (a till), some of it voided later
            ids = [_insert(conn, zone, (*visit[:5], False)) for visit in history]
            for pick in voids:
                if ids:
                    conn.execute(
                        "UPDATE visit SET voided_at = 1 WHERE id = ? AND voided_at IS NULL",
                        (ids[pick % len(ids)],),
                    )
        for visit in bulk:
            _insert(twin, zone, visit)
        bounds = sorted({0, len(bulk), *(c for c in cuts if c < len(bulk))})
        bulky.execute("INSERT INTO bulk_publish (one) VALUES (1)")
        for start, end in zip(bounds, bounds[1:], strict=False):
            (before,) = bulky.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()
            for visit in bulk[start:end]:
                _insert(bulky, zone, visit)
            kept_totals.add_visits(bulky, int(before))
        bulky.execute("DELETE FROM bulk_publish")
        assert _kept(bulky) == _kept(twin)
        found = kept_totals_check.verify(bulky, rebuild_on_mismatch=False)
        assert found.mismatched == ()
        for conn in (twin, bulky):
            conn.execute("COMMIT")
            conn.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


@pytest.mark.parametrize("large", [False, True])
def test_a_bulk_import_into_guests_with_history_counts_only_their_new_days(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """A returning guest's new visit on a day they already visited adds a visit, not a day; one
    before their first visit on the same local day adds to the first day's spend. As a large
    import does it too: the guests' kept rows read by their ids (as on a large venue) and the
    snapshot's triggers set aside meanwhile, back afterwards."""
    if large:
        monkeypatch.setattr(kept_totals_bulk, "_RANGE_SLACK", 0)
        monkeypatch.setattr(kept_totals_bulk, "_RANGE_EXTRA", 0)
        monkeypatch.setattr(kept_totals_bulk, "_TRIGGERS_ASIDE_VISITS", 1)
    zone = "Europe/Berlin"
    conn = _open(template, tmp_path, "venue.db", zone)
    schema = _schema(conn)
    change = CLOCK_CHANGES[1]
    conn.execute("BEGIN")
    _insert(conn, zone, (0, change, 600, 1_000, [], False))  # Sunday 12:00 local
    conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
    (before,) = conn.execute("SELECT MAX(id) FROM visit").fetchone()
    _insert(conn, zone, (0, change, 300, 200, [1], False))  # the same day, 07:00 (earlier)
    _insert(conn, zone, (0, change, 600 + 3 * 1440, 30, [2], False))  # three days later
    _insert(conn, zone, (1, change, 0, 5, [], False))  # a guest's first visit
    kept_totals.add_visits(conn, int(before))
    conn.execute("DELETE FROM bulk_publish")
    rows = conn.execute(
        "SELECT customer_id, visits, visit_days, amount_minor, first_day_amount_minor "
        "FROM customer_metrics WHERE visits > 0 ORDER BY 1"
    ).fetchall()
    assert rows == [(1, 3, 2, 1_230, 1_200), (2, 1, 1, 5, 5)]
    assert kept_totals_check.verify(conn, rebuild_on_mismatch=False).mismatched == ()
    conn.execute("COMMIT")
    assert _schema(conn) == schema
    conn.close()


def test_the_snapshot_triggers_come_back_when_adding_fails(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set aside for a large addition, the triggers are back in the transaction even when the
    addition fails halfway (the caller decides whether to roll back)."""
    monkeypatch.setattr(kept_totals_bulk, "_TRIGGERS_ASIDE_VISITS", 1)

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(kept_totals_bulk, "_add_categories", fail)
    zone = "Europe/Istanbul"
    conn = _open(template, tmp_path, "venue.db", zone)
    schema = _schema(conn)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
    _insert(conn, zone, (0, CLOCK_CHANGES[0], 0, 500, [1], False))
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        kept_totals.add_visits(conn, 0)
    assert _schema(conn) == schema
    conn.execute("ROLLBACK")
    conn.close()
