"""Analytics storage: per-guest metrics for segmentation, stored segments and their transitions.

The metric readers live in :mod:`boostdesk.storage.guest_metrics` (fast: trigger-kept rows; exact:
the visits) and are re-exported here; this module stores segments, transitions and runs, and reads
what the CLV fit needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import peewee

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database, guest_metrics, visit_gaps, windows

load_metrics = guest_metrics.load_metrics
load_metrics_exact = guest_metrics.load_metrics_exact
move_windows = windows.move


def _columns(rows: Sequence[tuple[Any, ...]], count: int) -> list[list[Any]]:
    if not rows:
        return [[] for _ in range(count)]
    return [list(column) for column in zip(*rows, strict=True)]


def _ints(values: Sequence[Any] | IntArray) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def latest_visit_at(db: peewee.Database) -> int | None:
    row = database.raw_connection(db).execute("SELECT MAX(visited_at) FROM visit").fetchone()
    return int(row[0]) if row and row[0] is not None else None


# -------------------------------------------------------------------------------------------------
# Segments


def load_current(db: peewee.Database) -> tuple[IntArray, npt.NDArray[np.str_]]:
    """Customer ids (sorted) and their stored segments (JSON text of family -> segment)."""
    rows = (
        database.raw_connection(db)
        .execute("SELECT customer_id, segments FROM segment_current ORDER BY customer_id")
        .fetchall()
    )
    ids, segments = _columns(rows, 2)
    return _ints(ids), np.asarray(segments, dtype=str)


def save_changes(
    db: peewee.Database,
    changed_ids: Sequence[int],
    changed_segments: Sequence[str],
    transitions: Sequence[tuple[int, str, str | None, str, int]],
    at: int,
    run: tuple[int, int, str, int, int, float, str | None],
) -> None:
    """Store new segments of changed guests, their transitions and the run, in one transaction."""
    conn = database.raw_connection(db)
    with db.atomic():
        conn.executemany(
            "INSERT INTO segment_current (customer_id, segments, since_at) VALUES (?, ?, ?) "
            "ON CONFLICT (customer_id) DO UPDATE SET segments = excluded.segments, "
            "since_at = excluded.since_at",
            [(int(i), s, at) for i, s in zip(changed_ids, changed_segments, strict=True)],
        )
        conn.executemany(
            "INSERT INTO segment_transition (customer_id, family, from_segment, to_segment, at) "
            "VALUES (?, ?, ?, ?, ?)",
            transitions,
        )
        conn.execute(
            "INSERT INTO segment_run (started_at, as_of, kind, customers, changes, seconds, "
            "cutoffs) VALUES (?, ?, ?, ?, ?, ?, ?)",
            run,
        )


def last_cutoffs(db: peewee.Database) -> str | None:
    row = (
        database.raw_connection(db)
        .execute("SELECT cutoffs FROM segment_run WHERE kind = 'full' ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    return str(row[0]) if row and row[0] else None


def last_full_run_at(db: peewee.Database) -> int | None:
    row = (
        database.raw_connection(db)
        .execute("SELECT MAX(started_at) FROM segment_run WHERE kind = 'full'")
        .fetchone()
    )
    return int(row[0]) if row and row[0] is not None else None


def transition_matrix(
    db: peewee.Database, family: str, start: int, end: int
) -> list[tuple[str | None, str, int]]:
    """(from, to, guests) of the changes in ``family`` with start <= at < end."""
    rows = (
        database.raw_connection(db)
        .execute(
            "SELECT from_segment, to_segment, COUNT(DISTINCT customer_id) FROM segment_transition "
            "WHERE family = ? AND at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 3 DESC",
            (family, start, end),
        )
        .fetchall()
    )
    return [(r[0], str(r[1]), int(r[2])) for r in rows]


def segments_on(db: peewee.Database, family: str, at: int) -> dict[int, str]:
    """Every guest's segment in ``family`` as it stood at time ``at`` (the daily snapshot)."""
    rows = (
        database.raw_connection(db)
        .execute(
            "SELECT customer_id, to_segment FROM segment_transition t "
            "WHERE family = ? AND at <= ? AND id = (SELECT MAX(id) FROM segment_transition u "
            "WHERE u.customer_id = t.customer_id AND u.family = t.family AND u.at <= ?)",
            (family, at, at),
        )
        .fetchall()
    )
    return {int(c): str(s) for c, s in rows}


def load_current_one(db: peewee.Database, customer_id: int) -> tuple[int, str | None]:
    row = (
        database.raw_connection(db)
        .execute("SELECT segments FROM segment_current WHERE customer_id = ?", (customer_id,))
        .fetchone()
    )
    return customer_id, (str(row[0]) if row else None)


def visit_columns(db: peewee.Database, as_of: int) -> tuple[IntArray, IntArray, IntArray]:
    """(customer_id, visited_at, amount_minor) of every visit up to ``as_of`` (model fitting)."""
    rows = (
        database.raw_connection(db)
        .execute(
            "SELECT customer_id, visited_at, amount_minor FROM visit "
            "WHERE voided_at IS NULL AND visited_at <= ?",
            (as_of,),
        )
        .fetchall()
    )
    cust, at, amount = _columns(rows, 3)
    return _ints(cust), _ints(at), _ints(amount)


def last_run_id(db: peewee.Database) -> int:
    row = database.raw_connection(db).execute("SELECT MAX(id) FROM segment_run").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def clv_totals(db: peewee.Database) -> IntArray:
    """(visit days, spend, first-day spend, first visit, last visit) of every guest who visited."""
    return columns.fetch_ints(
        database.raw_connection(db),
        ("visit_days", "amount_minor", "first_day_amount_minor", "first_at", "last_at"),
        "FROM customer_metrics WHERE visits > 0",
    )


def median_gaps(
    db: peewee.Database, ids: IntArray, as_of: int, offset: int, only: int | None = None
) -> npt.NDArray[np.float64]:
    """Each guest's median days between visit days up to ``as_of`` (adaptive recency)."""
    return visit_gaps.median_gaps(database.raw_connection(db), ids, as_of, offset, only)
