"""Analytics storage: per-guest metrics for segmentation and what the CLV fit reads.

The metric readers live in :mod:`boostdesk.storage.guest_metrics` (fast: trigger-kept rows; exact:
the visits) and are re-exported here; stored segments, transitions and runs are in
:mod:`boostdesk.storage.segments`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database, guest_metrics, segments, visit_gaps, windows
from boostdesk.storage import store as store_module

load_metrics = guest_metrics.load_metrics
load_metrics_exact = guest_metrics.load_metrics_exact
load_metrics_from = guest_metrics.load_metrics_from
move_windows = windows.move
# stored segments moved to storage.segments; these names stay for callers of the history
last_full_run_at = segments.last_full_run_at
transition_matrix = segments.transition_matrix
segments_on = segments.segments_on


def _columns(rows: Sequence[tuple[Any, ...]], count: int) -> list[list[Any]]:
    if not rows:
        return [[] for _ in range(count)]
    return [list(column) for column in zip(*rows, strict=True)]


def _ints(values: Sequence[Any] | IntArray) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def latest_visit_at(db: store_module.Handle) -> int | None:
    row = database.raw_connection(db).execute("SELECT MAX(visited_at) FROM visit").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def visit_columns(db: store_module.Handle, as_of: int) -> tuple[IntArray, IntArray, IntArray]:
    """(customer_id, local day, amount_minor) of every visit up to ``as_of`` (model fitting)."""
    rows = (
        database.raw_connection(db)
        .execute(
            "SELECT customer_id, local_day, amount_minor FROM visit "
            "WHERE voided_at IS NULL AND visited_at <= ?",
            (as_of,),
        )
        .fetchall()
    )
    cust, day, amount = _columns(rows, 3)
    return _ints(cust), _ints(day), _ints(amount)


def clv_totals(db: store_module.Handle) -> IntArray:
    """(visit days, spend, first-day spend, first visit, last visit) of every guest who visited."""
    return columns.fetch_ints(
        database.raw_connection(db),
        ("visit_days", "amount_minor", "first_day_amount_minor", "first_at", "last_at"),
        "FROM customer_metrics WHERE visits > 0",
    )


def median_gaps(
    db: store_module.Handle, ids: IntArray, as_of: int, only: int | None = None
) -> npt.NDArray[np.float64]:
    """Each guest's median days between visit days up to ``as_of`` (adaptive recency)."""
    return visit_gaps.median_gaps(database.raw_connection(db), ids, as_of, only)
