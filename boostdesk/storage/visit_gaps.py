"""Each guest's median gap between visit days, read from the visits (SQLite-specific SQL).

Only the adaptive recency rule needs it, so it is read only when that rule is on: one pass over the
(customer, time) covering index, the gaps and their medians in numpy.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from boostdesk.domain.segments.metrics import FloatArray, IntArray
from boostdesk.storage import columns


def median_gaps(
    conn: sqlite3.Connection, ids: IntArray, as_of: int, only: int | None = None
) -> FloatArray:
    """Median days between consecutive distinct local visit days up to ``as_of``, aligned with
    ``ids``; 0 for guests with fewer than two visit days."""
    one = " AND customer_id = ?" if only is not None else ""
    rows = columns.fetch_ints(
        conn,
        ("customer_id", "local_day"),
        "FROM visit WHERE voided_at IS NULL AND visited_at <= ?" + one,
        (as_of, *((only,) if only is not None else ())),
    )
    out = np.zeros(len(ids))
    if len(rows) == 0 or len(ids) == 0:
        return out
    pairs = np.unique(np.column_stack([rows[:, 0], rows[:, 1]]), axis=0)
    same = pairs[1:, 0] == pairs[:-1, 0]
    guest, gap = pairs[1:, 0][same], (pairs[1:, 1] - pairs[:-1, 1])[same]
    order = np.lexsort((gap, guest))
    guest, gap = guest[order], gap[order]
    owners, starts, counts = np.unique(guest, return_index=True, return_counts=True)
    median = (gap[starts + (counts - 1) // 2] + gap[starts + counts // 2]) / 2
    idx = np.searchsorted(ids, owners)
    ok = (idx < len(ids)) & (ids[np.minimum(idx, len(ids) - 1)] == owners)
    out[idx[ok]] = median[ok]
    return out
