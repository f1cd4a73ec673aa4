"""Reading per-guest metric columns for segmentation, and storing segments and their transitions.

Two readers build the same :class:`~boostdesk.domain.segments.metrics.Metrics`:

* :func:`load_metrics` (fast) reads the trigger-kept totals (``customer_metrics``, 32-day
  ``customer_bucket`` rows, ``customer_category``) plus two small range scans on the time index; it
  is exact when no visit lies after the as-of time (the normal "now" case).
* :func:`load_metrics_exact` reads the visits themselves; it serves past as-of dates and is the
  reference the tests hold the fast reader to.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import peewee

from boostdesk.domain.segments.metrics import DAY, NO_TIME, IntArray, Metrics
from boostdesk.storage import database

BUCKET_DAYS = 32

_CUSTOMERS = """
    SELECT c.id, c.created_at,
           COALESCE(CAST(substr(c.birth_date, 1, 4) AS INTEGER), 0),
           COALESCE(CAST(substr(c.birth_date, 6, 2) AS INTEGER), 0),
           COALESCE(CAST(substr(c.birth_date, 9, 2) AS INTEGER), 0),
           COALESCE(c.gender, ''), c.first_name, COALESCE(c.district, ''), c.registration_source
           {metrics}
    FROM customer c {join}
    WHERE c.anonymised_at IS NULL AND c.created_at <= ?
    ORDER BY c.id"""
_METRIC_COLUMNS = (
    ", m.visits, m.visit_days, m.amount_minor, COALESCE(m.first_at, -1), COALESCE(m.last_at, -1),"
    " m.morning, m.afternoon, m.evening"
)


def _columns(rows: Sequence[tuple[Any, ...]], count: int) -> list[list[Any]]:
    if not rows:
        return [[] for _ in range(count)]
    return [list(column) for column in zip(*rows, strict=True)]


def _int_columns(rows: Sequence[tuple[Any, ...]], count: int) -> list[IntArray]:
    """Integer result rows as columns, converted in C (no per-row Python lists)."""
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=len(rows) * count)
    table = flat.reshape(len(rows), count)
    return [table[:, i] for i in range(count)]


def _ints(values: Sequence[Any] | IntArray) -> IntArray:
    return np.asarray(values, dtype=np.int64)


class _Frame:
    """Guest ids and a way to place (customer_id, value) rows into aligned arrays."""

    def __init__(self, customer_ids: IntArray) -> None:
        self.ids = customer_ids

    def place(self, ids: Sequence[int] | IntArray, values: Sequence[int] | IntArray) -> IntArray:
        out = np.zeros(len(self.ids), dtype=np.int64)
        if len(ids):
            idx = np.searchsorted(self.ids, _ints(ids))
            wanted = _ints(ids)
            ok = (idx < len(self.ids)) & (self.ids[np.minimum(idx, len(self.ids) - 1)] == wanted)
            np.add.at(out, idx[ok], _ints(values)[ok])
        return out


def _window_scan(conn: sqlite3.Connection, start: int, end: int) -> list[tuple[int, int, int]]:
    """Visits and spend per guest with start < visited_at <= end (time index, covering)."""
    return conn.execute(
        "SELECT customer_id, COUNT(*), SUM(amount_minor) FROM visit "
        "WHERE visited_at > ? AND visited_at <= ? AND voided_at IS NULL GROUP BY customer_id",
        (start, end),
    ).fetchall()


def _window(
    conn: sqlite3.Connection, frame: _Frame, as_of: int, offset: int, days: int, only: int | None
) -> tuple[IntArray, IntArray]:
    """Visits and spend per guest over the ``days`` local days ending on the as-of day.

    Whole 32-day buckets inside the window come from ``customer_bucket``; the days at the window's
    start that only fill part of a bucket come from the visits.
    """
    last_day = (as_of - 1 + offset) // DAY
    first_day = last_day - days + 1
    start = first_day * DAY - offset  # window: start <= visited_at < as_of, i.e. (start - 1, as_of]
    first_bucket = -(-first_day // BUCKET_DAYS)
    last_bucket = (last_day + 1) // BUCKET_DAYS - 1
    rows: list[tuple[int, int, int]] = []
    if only is not None:  # one guest: a short range on the (customer, time) index
        rows += conn.execute(
            "SELECT customer_id, COUNT(*), SUM(amount_minor) FROM visit WHERE customer_id = ? "
            "AND visited_at > ? AND visited_at <= ? AND voided_at IS NULL",
            (only, start - 1, as_of),
        ).fetchall()
        rows = [r for r in rows if r[0] is not None]
    elif last_bucket < first_bucket:
        rows += _window_scan(conn, start - 1, as_of)
    else:
        rows += conn.execute(
            "SELECT customer_id, SUM(visits), SUM(amount_minor) FROM customer_bucket "
            "WHERE bucket BETWEEN ? AND ? GROUP BY customer_id",
            (first_bucket, last_bucket),
        ).fetchall()
        rows += _window_scan(conn, start - 1, first_bucket * BUCKET_DAYS * DAY - offset - 1)
        rows += _window_scan(conn, (last_bucket + 1) * BUCKET_DAYS * DAY - offset - 1, as_of)
    ids, visits, amount = _int_columns(rows, 3)
    return frame.place(ids, visits), frame.place(ids, amount)


def latest_visit_at(db: peewee.Database) -> int | None:
    row = database.raw_connection(db).execute("SELECT MAX(visited_at) FROM visit").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def load_metrics(
    db: peewee.Database,
    *,
    as_of: int,
    offset: int,
    month_days: int,
    window_days: int,
    only: int | None = None,
) -> Metrics:
    """Metrics from the trigger-kept totals; exact when no visit lies after ``as_of``.

    ``only`` restricts the read to one guest (re-evaluation after a visit, a few index lookups).
    """
    conn = database.raw_connection(db)
    where, params = ("AND c.id = ?", (as_of, only)) if only is not None else ("", (as_of,))
    rows = conn.execute(
        _CUSTOMERS.format(
            metrics=_METRIC_COLUMNS, join="JOIN customer_metrics m ON m.customer_id = c.id"
        ).replace("ORDER BY", where + " ORDER BY"),
        params,
    ).fetchall()
    cols = _columns(rows, 17)
    frame = _Frame(_ints(cols[0]))
    month = _window(conn, frame, as_of, offset, month_days, only)
    window = _window(conn, frame, as_of, offset, window_days, only)
    category_sql = "SELECT customer_id, category_id, amount_minor FROM customer_category"
    categories, amounts = _categories(
        conn,
        frame,
        category_sql + (" WHERE customer_id = ?" if only is not None else ""),
        (only,) if only is not None else (),
    )
    return _assemble(
        conn,
        frame,
        cols,
        as_of,
        offset,
        month_days,
        window_days,
        month,
        window,
        categories,
        amounts,
        visits=[_ints(c) for c in cols[9:17]],
        only=only,
    )


def load_metrics_exact(
    db: peewee.Database, *, as_of: int, offset: int, month_days: int, window_days: int
) -> Metrics:
    """Metrics computed from the visits up to ``as_of`` (any past date; slower)."""
    conn = database.raw_connection(db)
    rows = conn.execute(_CUSTOMERS.format(metrics="", join=""), (as_of,)).fetchall()
    cols = _columns(rows, 9)
    frame = _Frame(_ints(cols[0]))
    visits = conn.execute(
        "SELECT customer_id, visited_at, amount_minor FROM visit "
        "WHERE voided_at IS NULL AND visited_at <= ?",
        (as_of,),
    ).fetchall()
    cust, at, amount = (_ints(c) for c in _columns(visits, 3))
    idx = np.searchsorted(frame.ids, cust)
    known = (idx < len(frame.ids)) & (frame.ids[np.minimum(idx, len(frame.ids) - 1)] == cust)
    idx, at, amount = idx[known], at[known], amount[known]
    n = len(frame.ids)
    local = at + offset
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, NO_TIME)
    np.minimum.at(first, idx, at)
    np.maximum.at(last, idx, at)
    count = np.bincount(idx, minlength=n)
    days = np.unique(idx * 1_000_000 + local // DAY)
    second = local % DAY
    per_part = [
        np.bincount(idx, weights=mask, minlength=n).astype(np.int64)
        for mask in (second < 39_600, (second >= 39_600) & (second < 57_600), second >= 57_600)
    ]
    totals = [
        count,
        np.bincount(days // 1_000_000, minlength=n),
        np.bincount(idx, weights=amount, minlength=n).astype(np.int64),
        np.where(count > 0, first, NO_TIME),
        last,
        *per_part,
    ]
    last_day = (as_of - 1 + offset) // DAY

    def window(length: int) -> tuple[IntArray, IntArray]:
        inside = local // DAY > last_day - length
        return (
            np.bincount(idx[inside], minlength=n).astype(np.int64),
            np.bincount(idx[inside], weights=amount[inside], minlength=n).astype(np.int64),
        )

    categories, amounts = _categories(
        conn,
        frame,
        "SELECT v.customer_id, l.category_id, SUM(l.amount_minor) FROM visit_line l "
        "JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL AND v.visited_at <= ? "
        "GROUP BY 1, 2",
        (as_of,),
    )
    return _assemble(
        conn,
        frame,
        cols,
        as_of,
        offset,
        month_days,
        window_days,
        window(month_days),
        window(window_days),
        categories,
        amounts,
        visits=[np.asarray(t, np.int64) for t in totals],
    )


def _categories(
    conn: sqlite3.Connection, frame: _Frame, sql: str, params: tuple[Any, ...]
) -> tuple[tuple[str, ...], IntArray]:
    category_rows = conn.execute("SELECT id, code FROM category ORDER BY sort_order, id").fetchall()
    codes = tuple(str(code) for _, code in category_rows)
    position = {int(cid): i for i, (cid, _) in enumerate(category_rows)}
    amounts = np.zeros((len(frame.ids), len(codes)), dtype=np.int64)
    cust, category, amount = _int_columns(conn.execute(sql, params).fetchall(), 3)
    if len(cust) and len(frame.ids):
        idx = np.searchsorted(frame.ids, cust)
        ok = (idx < len(frame.ids)) & (frame.ids[np.minimum(idx, len(frame.ids) - 1)] == cust)
        lookup = np.full(max(position, default=0) + 1, -1, dtype=np.int64)
        for cid, col_index in position.items():
            lookup[cid] = col_index
        col = np.where(category < len(lookup), lookup[np.minimum(category, len(lookup) - 1)], -1)
        ok &= col >= 0
        np.add.at(amounts, (idx[ok], col[ok]), amount[ok])
    return codes, amounts


def _assemble(
    conn: sqlite3.Connection,
    frame: _Frame,
    cols: list[list[Any]],
    as_of: int,
    offset: int,
    month_days: int,
    window_days: int,
    month: tuple[IntArray, IntArray],
    window: tuple[IntArray, IntArray],
    categories: tuple[str, ...],
    amounts: IntArray,
    *,
    visits: list[IntArray],
    only: int | None = None,
) -> Metrics:
    one = " AND customer_id = ?" if only is not None else ""
    one_params: tuple[int, ...] = (only,) if only is not None else ()
    family = conn.execute(
        "SELECT customer_id, relation, COALESCE(CAST(substr(birth_date, 6, 2) AS INTEGER), 0), "
        "COALESCE(CAST(substr(birth_date, 9, 2) AS INTEGER), 0) FROM family_member WHERE 1" + one,
        one_params,
    ).fetchall()
    f_cust, f_relation, f_month, f_day = _columns(family, 4)
    f_idx = np.searchsorted(frame.ids, _ints(f_cust))
    f_ok = (
        (f_idx < len(frame.ids))
        & (frame.ids[np.minimum(f_idx, max(len(frame.ids) - 1, 0))] == _ints(f_cust))
        if len(frame.ids)
        else np.zeros(len(f_cust), dtype=bool)
    )
    relation = np.asarray(f_relation, dtype=object)
    vouchers = conn.execute(
        "SELECT customer_id, COUNT(*), COUNT(redeemed_at) FROM voucher "
        "WHERE customer_id IS NOT NULL AND issued_at <= ?" + one + " GROUP BY customer_id",
        (as_of, *one_params),
    ).fetchall()
    v_ids, v_issued, v_redeemed = _columns(vouchers, 3)
    text = np.asarray
    return Metrics(
        as_of=as_of,
        utc_offset_s=offset,
        month_days=month_days,
        window_days=window_days,
        customer_id=frame.ids,
        visits=visits[0],
        visit_days=visits[1],
        amount_minor=visits[2],
        first_at=visits[3],
        last_at=visits[4],
        visits_month=month[0],
        amount_month=month[1],
        visits_window=window[0],
        amount_window=window[1],
        morning=visits[5],
        afternoon=visits[6],
        evening=visits[7],
        categories=categories,
        category_amount=amounts,
        created_at=_ints(cols[1]),
        birth_year=_ints(cols[2]),
        birth_month=_ints(cols[3]),
        birth_day=_ints(cols[4]),
        gender=text(cols[5], dtype=str),
        first_name=text(cols[6], dtype=str),
        district=text(cols[7], dtype=str),
        registration_source=text(cols[8], dtype=str),
        spouses=frame.place(f_cust, list((relation == "spouse").astype(int))),
        children=frame.place(f_cust, list((relation == "child").astype(int))),
        vouchers_issued=frame.place(v_ids, v_issued),
        vouchers_redeemed=frame.place(v_ids, v_redeemed),
        family_owner=f_idx[f_ok].astype(np.int64),
        family_birth_month=_ints(f_month)[f_ok] if len(f_month) else _ints([]),
        family_birth_day=_ints(f_day)[f_ok] if len(f_day) else _ints([]),
    )


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
