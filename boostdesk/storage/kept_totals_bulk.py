"""Visits added on the bulk path (imports): their sums added to the guests' kept totals at once.

An import inserts its visits with the per-visit triggers aside; :func:`add_visits` then adds them
to ``customer_bucket``, ``customer_category`` and ``customer_metrics`` the way the triggers would
have, one visit at a time. It reads the new visits and their lines once each (a column per value,
parsed by numpy), sums them per guest, per guest and 32-day bucket, and per guest and category in
numpy, and writes the sums with multi-row statements, ordered as the tables' keys are. A million
visits are far too many for SQLite's sorter (each ``GROUP BY`` of them took about half a second)
or for a statement per row.

* Bucket and category sums are added to what is kept (upserts), for every guest.
* A guest with no standing visit before (every guest an import enrols) gets all of their metrics
  from the new visits alone: visit days are their distinct days, the first day's spend that of the
  earliest new visit's day.
* A guest who had visits already (a returning guest, or one whose visits span two chunks of an
  import) goes through the careful statements in SQL, which look at their older visits: a new day
  counts only if no older standing visit fell on it; the first day's spend is recounted when the
  new visits reach it. Only these guests' new visits are written to a temporary table for it.

SQLite-only: ``group_concat`` in column reads, ``UPDATE ... FROM``, ``json_each``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.storage import kept_totals

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

BUCKET_DAYS = kept_totals.BUCKET_DAYS
# Rows per multi-row INSERT: a statement per row costs more than the row's own work; about 200
# rows a statement measured fastest (a million-row write ran 2.7x faster than executemany).
_ROWS_PER_STATEMENT = 200
# Guests' kept rows are read by id range unless that range holds many more guests than asked for.
_RANGE_SLACK = 4
_RANGE_EXTRA = 1024

_METRIC_COLUMNS = (
    "visits",
    "visit_days",
    "amount_minor",
    "first_at",
    "last_at",
    "morning",
    "afternoon",
    "evening",
    "month_visits",
    "month_amount_minor",
    "window_visits",
    "window_amount_minor",
    "first_day_amount_minor",
)


def add_visits(conn: sqlite3.Connection, after_id: int) -> None:
    """Add the standing visits with ids above ``after_id`` (just inserted on the bulk path, with
    the per-visit triggers aside) and their lines to their guests' kept totals: afterwards the
    totals are what the triggers would have kept. The cost follows the visits added, not the
    guests' history. The caller holds the transaction. The stored segment snapshot is dropped
    (the next full recompute reads every guest again)."""
    kept_totals.drop_snapshot(conn)
    # SQLite-only: group_concat (column reads).
    cust, day_part, at, amount = _read_columns(
        conn,
        ("customer_id", "(local_day << 2) | day_part", "visited_at", "amount_minor"),
        "FROM visit WHERE id > ? AND voided_at IS NULL",
        (after_id,),
    )
    if not len(cust):
        return
    day, part = day_part >> 2, day_part & 3
    order = _lexicographic_order(cust, day)
    if order is not None:
        cust, day, part, at, amount = (a[order] for a in (cust, day, part, at, amount))
    guest_starts = _starts(cust)
    guests = cust[guest_starts]
    _add_buckets(conn, cust, day, amount, guest_starts)
    _add_categories(conn, after_id)
    standing = _standing_visits(conn, guests)
    fresh = standing == 0
    if fresh.any():
        _set_fresh_metrics(conn, cust, day, part, at, amount, guest_starts, fresh)
    if not fresh.all():
        returning = np.repeat(~fresh, np.diff(np.r_[guest_starts, len(cust)]))
        _add_returning_metrics(
            conn,
            after_id,
            [cust[returning], at[returning], amount[returning], day[returning], part[returning]],
        )


# -- reading and writing columns ----------------------------------------------------------------


def _read_columns(
    conn: sqlite3.Connection, exprs: Sequence[str], tail: str, params: Sequence[Any]
) -> list[IntArray]:
    """``SELECT exprs tail`` as int64 columns: each column travels as one text of its decimal
    values (``group_concat``, every column an aggregate of the same single pass, so in the same
    row order), which numpy parses in C; a Python int per value would cost four times as much.
    The expressions must never be NULL (a NULL would shift its column: refused)."""
    texts = ", ".join(f"group_concat({e})" for e in exprs)
    row = conn.execute(f"SELECT COUNT(*), {texts} {tail}", tuple(params)).fetchone()
    count = int(row[0])
    found = [np.fromstring(text or "", dtype=np.int64, sep=",") for text in row[1:]]
    for expr, values in zip(exprs, found, strict=True):
        if len(values) != count:
            raise sqlite3.IntegrityError(f"{expr}: {len(values)} values for {count} rows")
    return found


def _write_rows(
    conn: sqlite3.Connection, head: str, tail: str, columns: Sequence[IntArray]
) -> None:
    """``head VALUES (...), (...) tail`` for the rows of ``columns``, in their order, a few hundred
    rows per statement (one prepared statement for all full batches)."""
    width, count = len(columns), len(columns[0])
    if not count:
        return
    flat: list[int] = np.column_stack(columns).astype(np.int64).ravel().tolist()
    row = "(" + ",".join("?" * width) + ")"

    def statement(rows: int) -> str:
        return f"{head} VALUES {','.join([row] * rows)} {tail}"

    per = _ROWS_PER_STATEMENT * width
    full = (count // _ROWS_PER_STATEMENT) * per
    if full:
        batch = statement(_ROWS_PER_STATEMENT)
        conn.executemany(batch, (flat[i : i + per] for i in range(0, full, per)))
    if full < len(flat):
        conn.execute(statement((len(flat) - full) // width), flat[full:])


# -- grouping -------------------------------------------------------------------------------------


def _lexicographic_order(first: IntArray, second: IntArray) -> IntArray | None:
    """The permutation ordering rows by (``first``, ``second``), or None when they already are
    (an import stores each guest's visits together, in time order)."""
    if len(first) < 2:
        return None
    same = first[1:] == first[:-1]
    if bool(np.all((first[1:] > first[:-1]) | (same & (second[1:] >= second[:-1])))):
        return None
    return np.lexsort((second, first)).astype(np.int64)


def _starts(*keys: IntArray) -> IntArray:
    """Where each run of equal keys begins in rows ordered by them."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change).astype(np.int64)


def _sums(values: npt.NDArray[Any], starts: IntArray) -> IntArray:
    """Sum of ``values`` (ints or booleans) over each run."""
    return np.add.reduceat(values.astype(np.int64), starts) if len(starts) else starts


def _sql_div(values: IntArray, by: int) -> IntArray:
    """SQLite's integer division (truncated towards zero, as ``local_day / 32`` in SQL)."""
    return np.where(values >= 0, values // by, -(-values // by))


# -- buckets and categories (added for every guest) ---------------------------------------------


def _add_buckets(
    conn: sqlite3.Connection,
    cust: IntArray,
    day: IntArray,
    amount: IntArray,
    guest_starts: IntArray,
) -> None:
    """Visits and spend per guest and 32-day bucket of local days, added to ``customer_bucket``
    (rows ordered by (guest, day): each guest's buckets are runs)."""
    bucket = _sql_div(day, BUCKET_DAYS)
    starts = _starts(cust, bucket)
    counts = np.diff(np.r_[starts, len(cust)]).astype(np.int64)
    sums = _sums(amount, starts)
    b, c = bucket[starts], cust[starts]
    order = np.argsort(b, kind="stable")  # runs are in guest order: now by (bucket, guest)
    _write_rows(
        conn,
        "INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)",
        "ON CONFLICT (bucket, customer_id) DO UPDATE SET visits = visits + excluded.visits, "
        "amount_minor = amount_minor + excluded.amount_minor",
        [b[order], c[order], counts[order], sums[order]],
    )


def _add_categories(conn: sqlite3.Connection, after_id: int) -> None:
    """Spend per guest and category over the new standing visits' lines, added to
    ``customer_category``."""
    # SQLite-only: group_concat (column reads).
    cust, category, amount = _read_columns(
        conn,
        ("v.customer_id", "l.category_id", "l.amount_minor"),
        "FROM visit_line l JOIN visit v ON v.id = l.visit_id "
        "WHERE l.visit_id > ? AND v.voided_at IS NULL",
        (after_id,),
    )
    if not len(cust):
        return
    order = _lexicographic_order(cust, category)
    if order is not None:
        cust, category, amount = cust[order], category[order], amount[order]
    starts = _starts(cust, category)
    _write_rows(
        conn,
        "INSERT INTO customer_category (customer_id, category_id, amount_minor)",
        "ON CONFLICT (customer_id, category_id) DO UPDATE SET "
        "amount_minor = amount_minor + excluded.amount_minor",
        [cust[starts], category[starts], _sums(amount, starts)],
    )


# -- metrics ------------------------------------------------------------------------------------


def _standing_visits(conn: sqlite3.Connection, guests: IntArray) -> IntArray:
    """The kept visit count of each of ``guests`` (sorted ids; 0 without a kept row)."""
    low, high = int(guests[0]), int(guests[-1])
    params: tuple[int | str, ...] = (low, high)
    where = "customer_id BETWEEN ? AND ?"
    if high - low + 1 > _RANGE_SLACK * len(guests) + _RANGE_EXTRA:
        # SQLite-only: json_each turns one parameter into the guests' ids.
        where = "customer_id IN (SELECT value FROM json_each(?))"
        params = (json.dumps(guests.tolist()),)
    ids, visits = _read_columns(
        conn, ("customer_id", "visits"), f"FROM customer_metrics WHERE {where}", params
    )
    if not len(ids):
        return np.zeros(len(guests), dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    ids, visits = ids[order], visits[order]
    at = np.minimum(np.searchsorted(ids, guests), len(ids) - 1)
    return np.where(ids[at] == guests, visits[at], 0).astype(np.int64)


def _window(conn: sqlite3.Connection) -> tuple[int | None, int, int]:
    """The kept windows: the local day they end on (None: not kept) and their lengths."""
    row = conn.execute("SELECT day, month_days, window_days FROM metrics_window").fetchone()
    if row is None:
        return None, 0, 0
    return (None if row[0] is None else int(row[0])), int(row[1]), int(row[2])


def _set_fresh_metrics(
    conn: sqlite3.Connection,
    cust: IntArray,
    day: IntArray,
    part: IntArray,
    at: IntArray,
    amount: IntArray,
    guest_starts: IntArray,
    fresh: BoolArray,
) -> None:
    """Every metric of the guests without a standing visit before, from their new visits alone
    (rows ordered by (guest, local day))."""
    n_guests = len(guest_starts)
    lengths = np.diff(np.r_[guest_starts, len(cust)]).astype(np.int64)
    owner = np.repeat(np.arange(n_guests), lengths)
    first = np.minimum.reduceat(at, guest_starts)
    # the first visit's local day (every visit at that instant has the same one)
    first_day = np.zeros(n_guests, dtype=np.int64)
    earliest = at == first[owner]
    first_day[owner[earliest]] = day[earliest]
    anchor, month_days, window_days = _window(conn)

    def within(length: int) -> BoolArray:
        if anchor is None:
            return np.zeros(len(day), dtype=bool)
        return (day >= anchor - length + 1) & (day <= anchor)

    in_month, in_window = within(month_days), within(window_days)
    day_starts = _starts(cust, day)
    values = [
        cust[guest_starts],
        lengths,
        np.bincount(owner[day_starts], minlength=n_guests).astype(np.int64),
        _sums(amount, guest_starts),
        first,
        np.maximum.reduceat(at, guest_starts),
        _sums(part == 0, guest_starts),
        _sums(part == 1, guest_starts),
        _sums(part == 2, guest_starts),
        _sums(in_month, guest_starts),
        _sums(np.where(in_month, amount, 0), guest_starts),
        _sums(in_window, guest_starts),
        _sums(np.where(in_window, amount, 0), guest_starts),
        _sums(np.where(day == first_day[owner], amount, 0), guest_starts),
    ]
    names = ", ".join(_METRIC_COLUMNS)
    _write_rows(
        conn,
        f"INSERT INTO customer_metrics (customer_id, {names})",
        "ON CONFLICT (customer_id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in _METRIC_COLUMNS),
        [v[fresh] for v in values],
    )


def _add_returning_metrics(
    conn: sqlite3.Connection, after_id: int, new_visits: Sequence[IntArray]
) -> None:
    """Add the new visits of guests who had standing visits before to their metrics, in SQL:
    a new day counts only if none of their older standing visits fell on it, and the first day's
    spend is recounted when the new visits reach it."""
    conn.execute("DROP TABLE IF EXISTS temp.bulk_new")
    conn.execute(
        "CREATE TEMP TABLE bulk_new (customer_id INTEGER NOT NULL, visited_at INTEGER NOT NULL, "
        "amount_minor INTEGER NOT NULL, local_day INTEGER NOT NULL, day_part INTEGER NOT NULL)"
    )
    _write_rows(
        conn,
        "INSERT INTO temp.bulk_new (customer_id, visited_at, amount_minor, local_day, day_part)",
        "",
        new_visits,
    )
    # a new visit day: no standing visit of the guest from before on that local day
    older = (
        "SELECT 1 FROM visit v WHERE v.customer_id = d.customer_id AND v.id <= ? "
        f"AND {kept_totals.local_day_range('d.local_day', 'd.local_day', 'v')} "
        "AND v.voided_at IS NULL"
    )
    month, window = (
        f"(n.local_day BETWEEN w.day - w.{length} + 1 AND w.day)"
        for length in ("month_days", "window_days")
    )
    # SQLite-only: UPDATE ... FROM.
    conn.execute(
        f"""
    UPDATE customer_metrics SET
        visits = customer_metrics.visits + s.n_visits,
        amount_minor = customer_metrics.amount_minor + s.n_amount,
        visit_days = customer_metrics.visit_days + COALESCE(s_days.n_days, 0),
        first_at = MIN(COALESCE(customer_metrics.first_at, s.n_first), s.n_first),
        last_at = MAX(COALESCE(customer_metrics.last_at, s.n_last), s.n_last),
        morning = customer_metrics.morning + s.n_morning,
        afternoon = customer_metrics.afternoon + s.n_afternoon,
        evening = customer_metrics.evening + s.n_evening,
        month_visits = customer_metrics.month_visits + s.n_month_visits,
        month_amount_minor = customer_metrics.month_amount_minor + s.n_month_amount,
        window_visits = customer_metrics.window_visits + s.n_window_visits,
        window_amount_minor = customer_metrics.window_amount_minor + s.n_window_amount
    FROM (SELECT n.customer_id, COUNT(*) AS n_visits, SUM(n.amount_minor) AS n_amount,
                 MIN(n.visited_at) AS n_first, MAX(n.visited_at) AS n_last,
                 SUM(n.day_part = 0) AS n_morning, SUM(n.day_part = 1) AS n_afternoon,
                 SUM(n.day_part = 2) AS n_evening,
                 COALESCE(SUM({month}), 0) AS n_month_visits,
                 COALESCE(SUM({month} * n.amount_minor), 0) AS n_month_amount,
                 COALESCE(SUM({window}), 0) AS n_window_visits,
                 COALESCE(SUM({window} * n.amount_minor), 0) AS n_window_amount
          FROM temp.bulk_new n LEFT JOIN metrics_window w ON true
          GROUP BY n.customer_id) AS s
    LEFT JOIN (SELECT d.customer_id, COUNT(*) AS n_days
               FROM (SELECT DISTINCT customer_id, local_day FROM temp.bulk_new) AS d
               WHERE NOT EXISTS ({older}) GROUP BY d.customer_id) AS s_days
        ON s_days.customer_id = s.customer_id
    WHERE customer_metrics.customer_id = s.customer_id""",
        (after_id,),
    )
    # the first visit day's spend: recounted for the guests whose new visits reach it
    first_day = kept_totals.FIRST_DAY.format(guest="m.customer_id", first_at="m.first_at")
    conn.execute(
        f"""
    UPDATE customer_metrics SET first_day_amount_minor = f.amount
    FROM (SELECT m.customer_id, SUM(v.amount_minor) AS amount
          FROM customer_metrics m CROSS JOIN visit v ON v.customer_id = m.customer_id
          WHERE m.customer_id IN (SELECT n.customer_id FROM temp.bulk_new n
                                  JOIN customer_metrics k ON k.customer_id = n.customer_id
                                  WHERE n.visited_at < k.first_at + 172800)
          AND v.voided_at IS NULL AND v.visited_at BETWEEN m.first_at AND m.first_at + 172800
          AND v.local_day = {first_day}
          GROUP BY m.customer_id) AS f
    WHERE customer_metrics.customer_id = f.customer_id"""
    )
    conn.execute("DROP TABLE temp.bulk_new")
