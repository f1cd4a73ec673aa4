"""The kept totals' safety net: recount some guests (or all) from the raw visits and compare.

:func:`verify` recounts the kept totals of a sample of guests (the nightly run, before a full
recompute reads them) or of every guest (after a migration, a restore or an import) and rebuilds
them all on a difference, logging ids and counts only. The recount is column-wise: the guests'
visits, their lines and the kept rows are read once each and compared with numpy (SQL set
differences would sort millions of visits several times over). :func:`mismatched_guests` is the
SQL recount of a few guests, inside an operation's transaction (a merge checks its two guests).

SQLite-only: ``random()``, ``json_each``.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, kept_totals, metric_inputs
from boostdesk.storage import store as store_module

log = logging.getLogger(__name__)

BUCKET_DAYS = kept_totals.BUCKET_DAYS
_FIRST_DAY = kept_totals.FIRST_DAY
rebuild = kept_totals.rebuild
rebuild_venue = kept_totals.rebuild_venue

# Guests whose totals the nightly run recounts: each is a few hundred index look-ups (its visits and
# their lines), so 500 took a fifth of a full recompute's time. 200 a night still finds a drift
# that touches 1 % of the guests with 87 % odds on the first night (and 99.9 % within a week).
SAMPLE_GUESTS = 200


def _in_month(length: str) -> str:
    return f"(v.local_day BETWEEN w.day - w.{length} + 1 AND w.day)"


def _recount_sql(where: str) -> str:
    """SQL: the kept ``customer_metrics`` columns recounted from the visits, per guest."""
    month, window = _in_month("month_days"), _in_month("window_days")
    return f"""
    SELECT v.customer_id AS customer_id, COUNT(*) AS visits,
           COUNT(DISTINCT v.local_day) AS visit_days, SUM(v.amount_minor) AS amount_minor,
           MIN(v.visited_at) AS first_at, MAX(v.visited_at) AS last_at,
           SUM(v.day_part = 0) AS morning, SUM(v.day_part = 1) AS afternoon,
           SUM(v.day_part = 2) AS evening,
           COALESCE(SUM({month}), 0) AS month_visits,
           COALESCE(SUM({month} * v.amount_minor), 0) AS month_amount_minor,
           COALESCE(SUM({window}), 0) AS window_visits,
           COALESCE(SUM({window} * v.amount_minor), 0) AS window_amount_minor
    FROM visit v, metrics_window w
    WHERE v.voided_at IS NULL {where}
    GROUP BY v.customer_id"""


def _mismatched_metrics(conn: sqlite3.Connection, where: str, params: Sequence[int]) -> set[int]:
    differs = " OR ".join(
        f"m.{name} IS NOT COALESCE(r.{name}, {'NULL' if name.endswith('_at') else 0})"
        for name in kept_totals.METRIC_FIELDS
        if name != "first_day_amount_minor"
    )
    first_day_sum = (
        "COALESCE((SELECT SUM(x.amount_minor) FROM visit x WHERE x.customer_id = m.customer_id "
        "AND x.voided_at IS NULL AND x.local_day = "
        + _FIRST_DAY.format(guest="m.customer_id", first_at="r.first_at")
        + "), 0)"
    )
    kept_where = where.replace("v.customer_id", "m.customer_id")
    rows = conn.execute(
        f"WITH r AS ({_recount_sql(where)}) "
        "SELECT m.customer_id FROM customer_metrics m LEFT JOIN r ON r.customer_id = m.customer_id "
        f"WHERE ({differs} OR m.first_day_amount_minor IS NOT {first_day_sum}) {kept_where} "
        "UNION SELECT r.customer_id FROM r WHERE NOT EXISTS "
        "(SELECT 1 FROM customer_metrics m WHERE m.customer_id = r.customer_id)",
        (*params, *params),
    ).fetchall()
    return {int(r[0]) for r in rows}


def _mismatched_rows(
    conn: sqlite3.Connection, kept: str, recount: str, params: Sequence[int], guest: int
) -> set[int]:
    """Guests (column ``guest`` of both queries) whose non-zero kept rows differ from the
    recount, either way round. Both sides are read once (a few guests' rows) and compared here:
    a set difference in SQL recounted the visits twice."""
    kept_rows = set(conn.execute(kept, tuple(params)).fetchall())
    recount_rows = set(conn.execute(recount, tuple(params)).fetchall())
    return {int(row[guest]) for row in kept_rows ^ recount_rows}


def _mismatched(conn: sqlite3.Connection, guests: Sequence[int] | None) -> set[int]:
    params: tuple[int, ...] = ()
    if guests is None:
        where = ""
    else:
        where = f"AND v.customer_id IN ({','.join('?' * len(guests))})"
        params = tuple(int(g) for g in guests)
    kept_where = where.replace("v.customer_id", "customer_id")
    found = _mismatched_metrics(conn, where, params)
    found |= _mismatched_rows(
        conn,
        "SELECT bucket, customer_id, visits, amount_minor FROM customer_bucket "
        f"WHERE (visits != 0 OR amount_minor != 0) {kept_where}",
        f"SELECT v.local_day / {BUCKET_DAYS}, v.customer_id, COUNT(*), SUM(v.amount_minor) "
        f"FROM visit v WHERE v.voided_at IS NULL {where} GROUP BY 1, 2",
        params,
        guest=1,
    )
    found |= _mismatched_rows(
        conn,
        "SELECT customer_id, category_id, amount_minor FROM customer_category "
        f"WHERE amount_minor != 0 {kept_where}",
        "SELECT v.customer_id, l.category_id, SUM(l.amount_minor) FROM visit_line l "
        f"JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL {where} GROUP BY 1, 2 "
        "HAVING SUM(l.amount_minor) != 0",
        params,
        guest=0,
    )
    return found


# -- the complete recount, column-wise (millions of visits: SQL set differences would sort them
# several times over; here each table is read once, in visit id chunks)

_CHUNK_IDS = 400_000
_KEY_BITS = 22  # (customer << 22 | local day or category): local days stay below 2^22 until 13453


def _chunks(
    conn: sqlite3.Connection, exprs: Sequence[str], table: str, where: str, id_column: str
) -> IntArray:
    (top,) = conn.execute(f"SELECT COALESCE(MAX({id_column}), 0) FROM {table}").fetchone()
    parts = [
        columns.fetch_ints(
            conn,
            exprs,
            f"FROM {table} WHERE {id_column} BETWEEN ? AND ? {where}",
            (s, s + _CHUNK_IDS - 1),
        )
        for s in range(0, int(top) + 1, _CHUNK_IDS)
    ]
    return np.concatenate(parts) if parts else np.zeros((0, len(exprs)), np.int64)


def _sums(keys: IntArray, values: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Distinct keys (sorted), how often each occurs and the sum of ``values`` per key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else order
    counts = np.diff(np.r_[starts, len(keys)]).astype(np.int64)
    sums = np.add.reduceat(values[order], starts) if len(keys) else values[:0]
    return ordered[starts], counts, sums.astype(np.int64)


def _differing_keys(kept: IntArray, recount: IntArray) -> IntArray:
    """Keys (first column; unique on each side) of rows on one side only or valued differently."""
    _, in_kept, in_recount = np.intersect1d(
        kept[:, 0], recount[:, 0], assume_unique=True, return_indices=True
    )
    alone_kept = np.ones(len(kept), dtype=bool)
    alone_kept[in_kept] = False
    alone_recount = np.ones(len(recount), dtype=bool)
    alone_recount[in_recount] = False
    differ = np.any(kept[in_kept] != recount[in_recount], axis=1)
    return np.concatenate(
        [kept[alone_kept, 0], recount[alone_recount, 0], kept[in_kept][differ, 0]]
    )


def _mismatched_all(conn: sqlite3.Connection, guests: Sequence[int] | None = None) -> set[int]:
    """Every guest (of ``guests``, or all) whose kept totals differ from a recount of their
    visits."""
    anchor, month_days, window_days = conn.execute(
        "SELECT day, month_days, window_days FROM metrics_window"
    ).fetchone()
    visit_columns = ("id", "customer_id", "visited_at", "amount_minor", "local_day", "day_part")
    # SQLite-only: json_each turns one parameter into the guests' ids.
    only = ""
    params: tuple[str, ...] = ()
    if guests is not None:
        only = " AND customer_id IN (SELECT value FROM json_each(?))"
        params = (json.dumps([int(g) for g in guests]),)
        visits = columns.fetch_ints(
            conn, visit_columns, "FROM visit WHERE voided_at IS NULL" + only, params
        )
    else:
        visits = _chunks(conn, visit_columns, "visit", "AND voided_at IS NULL", "id")
    vid, cust, at, amount, day, part = (visits[:, i] for i in range(6))
    kept = columns.sorted_by_first(
        columns.fetch_ints(
            conn,
            metric_inputs.METRIC_COLUMNS,
            "FROM customer_metrics WHERE 1" + only,
            params,
        )
    )
    ids = kept[:, 0]
    idx, known = columns.placer(ids, cust)
    found = {int(c) for c in cust[~known].tolist()}
    idx, at, amount, day, part = idx[known], at[known], amount[known], day[known], part[known]
    n = len(ids)

    def count(mask: Any = True) -> IntArray:
        return np.bincount(idx, weights=np.broadcast_to(mask, idx.shape), minlength=n).astype(
            np.int64
        )

    def spend(mask: Any = True) -> IntArray:
        return np.bincount(idx, weights=amount * mask, minlength=n).astype(np.int64)

    visits_n = count()
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, -1)
    np.minimum.at(first, idx, at)
    np.maximum.at(last, idx, at)
    first = np.where(visits_n > 0, first, -1)
    order = np.lexsort((at, idx))
    first_day = np.full(n, -1)
    if len(idx):
        starts = np.flatnonzero(np.r_[True, idx[order][1:] != idx[order][:-1]])
        first_day[idx[order][starts]] = day[order][starts]
    in_month = (day > anchor - month_days) & (day <= anchor) if anchor is not None else False
    in_window = (day > anchor - window_days) & (day <= anchor) if anchor is not None else False
    recount = np.column_stack(
        [
            ids,
            visits_n,
            np.bincount(_sums((idx << _KEY_BITS) | day, day)[0] >> _KEY_BITS, minlength=n),
            spend(),
            first,
            last,
            count(part == 0),
            count(part == 1),
            count(part == 2),
            count(in_month),
            spend(in_month),
            count(in_window),
            spend(in_window),
            spend(day == first_day[idx]),
        ]
    ).astype(np.int64)
    found |= {int(c) for c in ids[np.any(recount != kept, axis=1)]}
    # customer_bucket: visits and spend per guest and 32-day bucket of local days
    keys, counts, sums = _sums((cust[known] << _KEY_BITS) | (day // BUCKET_DAYS), amount)
    kept_buckets = _kept_buckets(conn, guests, only, params)
    diff = _differing_keys(kept_buckets, np.column_stack([keys, counts, sums]))
    found |= {int(c) for c in diff >> _KEY_BITS}
    # customer_category: spend per guest and category over the standing visits' lines
    line_columns = ("visit_id", "category_id", "amount_minor")
    if guests is not None:
        lines = columns.fetch_ints(
            conn,
            line_columns,
            "FROM visit_line WHERE visit_id IN (SELECT id FROM visit WHERE voided_at IS NULL"
            + only
            + ")",
            params,
        )
        by_id = np.argsort(vid, kind="stable")
        where, ok = columns.placer(vid[by_id], lines[:, 0])
        line_owner = np.where(ok, cust[by_id][np.where(ok, where, 0)], -1)
        standing = ok
    else:
        owner = np.full(int(vid.max()) + 1 if len(vid) else 1, -1, dtype=np.int64)
        owner[vid] = cust
        lines = _chunks(conn, line_columns, "visit_line", "", "visit_id")
        line_owner = owner[np.minimum(lines[:, 0], len(owner) - 1)]
        standing = (lines[:, 0] < len(owner)) & (line_owner >= 0)
    keys, _, sums = _sums(
        (line_owner[standing] << _KEY_BITS) | lines[standing, 1], lines[standing, 2]
    )
    kept_lines = columns.fetch_ints(
        conn,
        (f"(customer_id << {_KEY_BITS}) | category_id", "amount_minor"),
        "FROM customer_category WHERE amount_minor != 0" + only,
        params,
    )
    recount_lines = np.column_stack([keys, sums])[sums != 0]
    found |= {int(c) for c in _differing_keys(kept_lines, recount_lines) >> _KEY_BITS}
    return found


_BUCKET_SEEKS = 1_000_000  # above this many (bucket, guest) look-ups the table is read through


def _kept_buckets(
    conn: sqlite3.Connection, guests: Sequence[int] | None, only: str, params: tuple[str, ...]
) -> IntArray:
    """The kept buckets (guest << 22 | bucket, visits, spend) of ``guests`` (all when None).
    The table's key is (bucket, guest): a few guests' rows are looked up in every bucket from the
    first to the last (a few dozen: 32-day buckets), not found by reading the whole table."""
    exprs = (f"(customer_id << {_KEY_BITS}) | bucket", "visits", "amount_minor")
    standing = "FROM customer_bucket WHERE (visits != 0 OR amount_minor != 0)"
    if guests is not None:
        # one aggregate per SELECT: each is then one look-up at an end of the key
        low, high = conn.execute(
            "SELECT (SELECT MIN(bucket) FROM customer_bucket), "
            "(SELECT MAX(bucket) FROM customer_bucket)"
        ).fetchone()
        if low is None:
            return columns.fetch_ints(conn, exprs, standing + " AND 0", ())
        if (int(high) - int(low) + 1) * len(guests) <= _BUCKET_SEEKS:
            # SQLite-only: json_each turns one parameter into the buckets' numbers.
            buckets = json.dumps(list(range(int(low), int(high) + 1)))
            return columns.fetch_ints(
                conn,
                exprs,
                f"{standing} AND bucket IN (SELECT value FROM json_each(?)){only}",
                (buckets, *params),
            )
    return columns.fetch_ints(conn, exprs, standing + only, params)


def _sample_guests(conn: sqlite3.Connection, size: int) -> list[int]:
    """``size`` guests with kept totals drawn uniformly at random (all when there are fewer).

    Random ids up to the largest are looked up and those that exist kept, in a few rounds: each
    guest is as likely as any other, and it costs a few hundred index look-ups instead of ordering
    every row randomly (7-14 ms of every full recompute at 50 000-100 000 guests). Sparse ids fall
    back to that ordering."""
    (top,) = conn.execute("SELECT MAX(customer_id) FROM customer_metrics").fetchone()
    if top is None or size <= 0:
        return []
    draw = random.Random()
    chosen: set[int] = set()
    for _ in range(4):
        left = size - len(chosen)
        pool = int(top) - len(chosen)
        if pool <= 0:
            break
        candidates = [
            c
            for c in draw.sample(range(1, int(top) + 1), min(2 * left + 16, int(top)))
            if c not in chosen
        ]
        # SQLite-only: json_each turns one parameter into the id list.
        found = [
            int(r[0])
            for r in conn.execute(
                "SELECT customer_id FROM customer_metrics "
                "WHERE customer_id IN (SELECT value FROM json_each(?))",
                (json.dumps(candidates),),
            )
        ]
        chosen.update(draw.sample(found, min(left, len(found))))
        if len(chosen) >= size:
            return sorted(chosen)
    # SQLite-only: random()
    rows = conn.execute(
        "SELECT customer_id FROM customer_metrics ORDER BY random() LIMIT ?", (size,)
    )
    return [int(r[0]) for r in rows]


@dataclass(frozen=True, slots=True)
class Verification:
    """What :func:`verify` found: guests checked, those whose totals differed, and whether the
    totals were rebuilt."""

    checked: int
    mismatched: tuple[int, ...]
    rebuilt: bool


def verify(
    conn: sqlite3.Connection, *, sample: int | None = None, rebuild_on_mismatch: bool = True
) -> Verification:
    """Compare the kept totals of ``sample`` random guests (all guests when None) with a recount
    from the raw visits; on any difference rebuild every total (unless told not to). The caller
    holds the transaction (a rebuild must not be seen half done)."""
    if sample is None:
        guests: Sequence[int] | None = None
        (checked,) = conn.execute("SELECT COUNT(*) FROM customer_metrics").fetchone()
    else:
        guests = _sample_guests(conn, sample)
        checked = len(guests)
    if guests == []:
        return Verification(0, (), False)
    found = _mismatched_all(conn, guests)
    mismatched = tuple(sorted(found))
    if not mismatched:
        log.info("kept totals verified: %d guests checked, all equal", checked)
        return Verification(int(checked), (), False)
    log.warning(
        "kept totals differed from the visits for %d of %d guests checked (ids %s); rebuilding",
        len(mismatched),
        checked,
        ",".join(str(i) for i in mismatched[:50]),
    )
    if rebuild_on_mismatch:
        rebuild(conn)
    return Verification(int(checked), mismatched, rebuild_on_mismatch)


# -- on the open venue database ------------------------------------------------------------------


Handle = store_module.Handle
_database = store_module.database_of
_conn = kept_totals.connection_of


def verify_venue(
    handle: Handle, *, sample: int | None = None, rebuild_on_mismatch: bool = True
) -> Verification:
    """:func:`verify` on the open venue database (for the nightly run, and complete after an
    import or a restore). The comparison reads one snapshot without the write lock, so the tills
    go on saving; only a rebuild takes it (``rebuild_on_mismatch`` False: the caller rebuilds
    with :func:`rebuild_venue` once it may write)."""
    db = _database(handle)
    conn = _conn(db)
    if db.in_transaction() or conn.in_transaction:
        return verify(conn, sample=sample, rebuild_on_mismatch=rebuild_on_mismatch)
    conn.execute("BEGIN DEFERRED")
    try:
        found = verify(conn, sample=sample, rebuild_on_mismatch=False)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the snapshot
    if found.mismatched and rebuild_on_mismatch:
        rebuild_venue(handle)
        return Verification(found.checked, found.mismatched, True)
    return found


def mismatched_guests(handle: Handle, guests: Sequence[int]) -> tuple[int, ...]:
    """The guests among ``guests`` whose kept totals differ from a recount of their visits, read
    in the caller's transaction (an operation checks the guests it changed before committing)."""
    return tuple(sorted(_mismatched(_conn(_database(handle)), list(guests))))
