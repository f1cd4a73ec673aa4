"""Visits and spend per guest over the "month" and the RFM window (SQLite-specific SQL).

``customer_metrics`` keeps both windows ending on one anchor day (``metrics_window.day``), kept
exact by the visit triggers. A window ending on another day ``a`` is the kept one plus the visits
of the days between the anchor and ``a`` and minus those that slid out (two short ranges on the
time index). When the anchor is far away or the window lengths changed, whole 32-day
``customer_bucket`` rows and the partial days at the window's ends are read instead.
:func:`move` re-anchors the kept windows (a stored full recompute does it for its as-of day,
before it reads): a short move by the same two ranges, a long one (or new lengths) by a recount
from the buckets and partial days.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from boostdesk.domain import localtime
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import database, kept_totals
from boostdesk.storage import store as store_module

BUCKET_DAYS = kept_totals.BUCKET_DAYS
MAX_SHIFT_DAYS = 62  # beyond this the bucket reader is cheaper than two ranges of visits
Pair = tuple[IntArray, IntArray]


def anchor(conn: sqlite3.Connection) -> tuple[int | None, int, int]:
    """(anchor day or None, month days, window days) of the kept windows."""
    row = conn.execute("SELECT day, month_days, window_days FROM metrics_window").fetchone()
    if row is None:
        return None, 0, 0
    return (None if row[0] is None else int(row[0])), int(row[1]), int(row[2])


# visits of the guests on local days first..last: a time-index range with slack, exact on local_day
_ON_DAYS = kept_totals.local_day_range("?", "?").replace("(?)", "?")


def _day_params(first: int, last: int) -> tuple[int, int, int, int]:
    return (first, last, first, last)


_BLOCK = 2_000


def _range(
    conn: sqlite3.Connection, ids: IntArray, first: int, last: int, only: int | None
) -> Pair:
    """Visits and spend per guest (aligned with ``ids``) on local days ``first..last``."""
    if last < first or len(ids) == 0:  # no guest to place rows on (e.g. created after as-of)
        return np.zeros(len(ids), np.int64), np.zeros(len(ids), np.int64)
    if only is not None:
        cursor = conn.execute(
            "SELECT customer_id, amount_minor FROM visit WHERE customer_id = ? "
            f"AND {_ON_DAYS} AND voided_at IS NULL",
            (only, *_day_params(first, last)),
        )
    else:
        cursor = conn.execute(
            f"SELECT customer_id, amount_minor FROM visit WHERE {_ON_DAYS} AND voided_at IS NULL",
            _day_params(first, last),
        )
    table = _in_blocks(cursor)
    idx = np.searchsorted(ids, table[:, 0])
    ok = (idx < len(ids)) & (ids[np.minimum(idx, max(len(ids) - 1, 0))] == table[:, 0])
    return (
        np.bincount(idx[ok], minlength=len(ids)).astype(np.int64),
        np.bincount(idx[ok], weights=table[ok, 1], minlength=len(ids)).astype(np.int64),
    )


def _in_blocks(cursor: sqlite3.Cursor) -> IntArray:
    """The cursor's (id, value) rows as an int64 matrix, converted a block at a time: one numpy
    conversion of a few hundred thousand rows holds the GIL long enough to freeze the GUI thread
    while the app segments in the background."""
    blocks = [np.array(rows, dtype=np.int64) for rows in iter(lambda: cursor.fetchmany(_BLOCK), [])]
    return np.concatenate(blocks).reshape(-1, 2) if blocks else np.zeros((0, 2), np.int64)


def _shifted(
    conn: sqlite3.Connection,
    ids: IntArray,
    kept: Pair,
    kept_day: int,
    day: int,
    length: int,
    only: int | None,
) -> Pair:
    """The window of ``length`` days ending on ``day`` from the one ending on ``kept_day``:
    days entering are added and days leaving subtracted (for either direction of the move)."""
    if day == kept_day:
        return kept
    low, high = min(day, kept_day), max(day, kept_day)
    sign = 1 if day > kept_day else -1
    entering = _range(conn, ids, low + 1, high, only)
    leaving = _range(conn, ids, low + 1 - length, high - length, only)
    return (
        kept[0] + sign * (entering[0] - leaving[0]),
        kept[1] + sign * (entering[1] - leaving[1]),
    )


def current(
    conn: sqlite3.Connection,
    ids: IntArray,
    kept: tuple[IntArray, IntArray, IntArray, IntArray],
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
    only: int | None,
) -> tuple[Pair, Pair]:
    """(visits, spend) of the month and of the RFM window ending on the as-of day, per guest.

    ``kept`` are the guests' kept columns (month visits, month spend, window visits, window spend)
    aligned with ``ids``.
    """
    day = localtime.local_day(as_of - 1, zone)
    kept_day, kept_month, kept_window = anchor(conn)
    usable = (
        kept_day is not None
        and (kept_month, kept_window) == (month_days, window_days)
        and abs(day - kept_day) <= MAX_SHIFT_DAYS
    )
    if kept_day is not None and usable:
        return (
            _shifted(conn, ids, kept[:2], kept_day, day, month_days, only),
            _shifted(conn, ids, kept[2:], kept_day, day, window_days, only),
        )
    return (
        _from_buckets(conn, ids, day, month_days, only),
        _from_buckets(conn, ids, day, window_days, only),
    )


def _from_buckets(
    conn: sqlite3.Connection, ids: IntArray, last_day: int, days: int, only: int | None
) -> Pair:
    """The window from whole 32-day buckets plus the partial days at both ends."""
    first_day = last_day - days + 1
    first_bucket = -(-first_day // BUCKET_DAYS)
    last_bucket = (last_day + 1) // BUCKET_DAYS - 1
    if only is not None or last_bucket < first_bucket:
        return _range(conn, ids, first_day, last_day, only)
    rows = conn.execute(
        "SELECT customer_id, SUM(visits), SUM(amount_minor) FROM customer_bucket "
        "WHERE bucket BETWEEN ? AND ? GROUP BY customer_id",
        (first_bucket, last_bucket),
    ).fetchall()
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    idx = np.searchsorted(ids, table[:, 0])
    ok = (idx < len(ids)) & (ids[np.minimum(idx, max(len(ids) - 1, 0))] == table[:, 0])
    head = _range(conn, ids, first_day, first_bucket * BUCKET_DAYS - 1, None)
    tail = _range(conn, ids, (last_bucket + 1) * BUCKET_DAYS, last_day, None)
    return (
        np.bincount(idx[ok], weights=table[ok, 1], minlength=len(ids)).astype(np.int64)
        + head[0]
        + tail[0],
        np.bincount(idx[ok], weights=table[ok, 2], minlength=len(ids)).astype(np.int64)
        + head[1]
        + tail[1],
    )


def must_move(db: store_module.Handle, day: int, month_days: int, window_days: int) -> bool:
    """True when the kept windows are not yet those of local ``day`` with these lengths."""
    return anchor(database.raw_connection(db)) != (day, month_days, window_days)


def move(db: store_module.Handle, day: int, month_days: int, window_days: int) -> bool:
    """Anchor the kept windows on local ``day`` (one transaction); True when they moved.

    A short move updates only the guests with visits on the days entering or leaving the
    windows; a long one, or new window lengths, recounts every guest from the visits.
    """
    conn = database.raw_connection(db)
    with store_module.database_of(db).atomic():
        kept_day, kept_month, kept_window = anchor(conn)
        if (kept_day, kept_month, kept_window) == (day, month_days, window_days):
            return False
        if (
            kept_day is None
            or (kept_month, kept_window) != (month_days, window_days)
            or abs(day - kept_day) > MAX_SHIFT_DAYS
        ):
            _recount(conn, day, month_days, window_days)
            return True
        low, high = min(day, kept_day), max(day, kept_day)
        sign = 1 if day > kept_day else -1
        for name, length in (("month", month_days), ("window", window_days)):
            for first, last, factor in (
                (low + 1, high, sign),
                (low + 1 - length, high - length, -sign),
            ):
                conn.execute(
                    f"UPDATE customer_metrics SET {name}_visits = {name}_visits + ? * d.visits, "
                    f"{name}_amount_minor = {name}_amount_minor + ? * d.amount "
                    "FROM (SELECT customer_id, COUNT(*) AS visits, SUM(amount_minor) AS amount "
                    f"FROM visit WHERE {_ON_DAYS} AND voided_at IS NULL "
                    "GROUP BY +customer_id) AS d "
                    "WHERE customer_metrics.customer_id = d.customer_id",
                    (factor, factor, *_day_params(first, last)),
                )
        conn.execute("UPDATE metrics_window SET day = ?", (day,))
    return True


def _pieces(last_day: int, days: int) -> list[tuple[str, int, int]]:
    """The window of ``days`` days ending on ``last_day`` as ("buckets", first, last) of whole
    32-day buckets and ("days", first, last) of the partial days at its ends."""
    first_day = last_day - days + 1
    first_bucket = -(-first_day // BUCKET_DAYS)
    last_bucket = (last_day + 1) // BUCKET_DAYS - 1
    if last_bucket < first_bucket:
        return [("days", first_day, last_day)]
    pieces = [
        ("days", first_day, first_bucket * BUCKET_DAYS - 1),
        ("buckets", first_bucket, last_bucket),
        ("days", (last_bucket + 1) * BUCKET_DAYS, last_day),
    ]
    return [p for p in pieces if p[1] <= p[2]]


def _recount(conn: sqlite3.Connection, day: int, month_days: int, window_days: int) -> None:
    """Anchor the kept windows on ``day`` with the given lengths and recount every guest's
    window totals: whole 32-day buckets from ``customer_bucket``, the partial days at the
    windows' ends from the visits, summed per guest once for both windows; each guest's row is
    written at most once, and only when it changes."""
    conn.execute(
        "UPDATE metrics_window SET day = ?, month_days = ?, window_days = ?",
        (day, month_days, window_days),
    )
    parts: list[str] = []
    params: list[int] = []
    for slot, length in enumerate((month_days, window_days)):
        for kind, first, last in _pieces(day, length):
            count, source = (
                ("visits", "customer_bucket WHERE bucket BETWEEN ? AND ?")
                if kind == "buckets"
                else ("1", f"visit WHERE {_ON_DAYS} AND voided_at IS NULL")
            )
            values = [count, "amount_minor"] if slot == 0 else ["0", "0"]
            values += [count, "amount_minor"] if slot == 1 else ["0", "0"]
            named = ", ".join(f"{v} AS {n}" for v, n in zip(values, _SUMS, strict=True))
            parts.append(f"SELECT customer_id, {named} FROM {source}")
            params += [first, last] if kind == "buckets" else _day_params(first, last)
    sums = ", ".join(f"SUM({n})" for n in _SUMS)
    # SQLite-only: a temporary table of this connection.
    conn.execute("DROP TABLE IF EXISTS temp.window_recount")
    conn.execute(
        "CREATE TEMP TABLE window_recount (customer_id INTEGER PRIMARY KEY, mv, ma, wv, wa)"
    )
    try:
        conn.execute(
            f"INSERT INTO temp.window_recount SELECT customer_id, {sums} "
            f"FROM ({' UNION ALL '.join(parts)}) GROUP BY customer_id",
            params,
        )
        kept = "month_visits, month_amount_minor, window_visits, window_amount_minor"
        conn.execute(
            "UPDATE customer_metrics SET month_visits = 0, month_amount_minor = 0, "
            "window_visits = 0, window_amount_minor = 0 "
            f"WHERE ({kept}) IS NOT (0, 0, 0, 0) "
            "AND customer_id NOT IN (SELECT customer_id FROM temp.window_recount)"
        )
        conn.execute(
            "UPDATE customer_metrics SET month_visits = r.mv, month_amount_minor = r.ma, "
            "window_visits = r.wv, window_amount_minor = r.wa FROM temp.window_recount r "
            f"WHERE customer_metrics.customer_id = r.customer_id "
            f"AND ({kept}) IS NOT (r.mv, r.ma, r.wv, r.wa)"
        )
    finally:
        conn.execute("DROP TABLE temp.window_recount")


_SUMS = ("mv", "ma", "wv", "wa")
