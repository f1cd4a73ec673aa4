"""The kept totals and their safety net: rebuild, verify, and the venue zone they are counted in.

``customer_metrics``, ``customer_bucket`` and ``customer_category`` are kept exact by the visit
triggers, which sum each visit's stored local day and day-part (``visit.local_day``,
``visit.day_part``, worked out once in the venue's zone when the visit was written). Visits are
never changed or deleted (the triggers refuse it); a correction is a void and a new visit.

* :func:`rebuild` recounts every total from the visits (after a bulk load, a zone change, or a
  mismatch).
* :func:`verify` recounts the totals of some guests (or all) from the raw visits, compares them with
  the kept ones and rebuilds on a mismatch, logging ids and counts only.
* :func:`change_zone` re-derives every visit's local fields in a new zone and rebuilds the totals.

SQLite-only: ``UPDATE ... FROM``, ``random()``, trigger DDL read from ``sqlite_master``.
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
import peewee

from boostdesk.domain import defaults, localtime
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns
from boostdesk.storage import store as store_module

log = logging.getLogger(__name__)

BUCKET_DAYS = 32
# Guests whose totals the nightly run recounts: each is a few hundred index look-ups (its visits and
# their lines), so 500 took a fifth of a full recompute's time. 200 a night still finds a drift
# that touches 1 % of the guests with 87 % odds on the first night (and 99.9 % within a week).
SAMPLE_GUESTS = 200
_FILL_CHUNK = 500_000
GUARD_TRIGGER = "visit_no_change"
# Every instant of local day d lies in [d * 86400 - 14 h, (d + 1) * 86400 + 12 h): a range on the
# time index with this slack, filtered on the stored local day, reads one local-day range exactly.
_AHEAD, _BEHIND = localtime.MAX_AHEAD_S, localtime.MAX_BEHIND_S


def local_day_range(first: str, last: str, alias: str = "") -> str:
    """SQL condition: the visit's stored local day is in ``first..last`` (SQL expressions),
    written so the time index serves it."""
    p = f"{alias}." if alias else ""
    return (
        f"{p}visited_at >= ({first}) * 86400 - {_AHEAD} "
        f"AND {p}visited_at < (({last}) + 1) * 86400 + {_BEHIND} "
        f"AND {p}local_day BETWEEN ({first}) AND ({last})"
    )


def window_statements(day: str, month_days: str, window_days: str) -> tuple[str, ...]:
    """Anchor the kept windows on local ``day`` with the given lengths (SQL expressions) and
    recount every guest's window totals from the visits' stored local days."""
    statements = [
        f"UPDATE metrics_window SET day = ({day}), month_days = ({month_days}), "
        f"window_days = ({window_days})",
        "UPDATE customer_metrics SET month_visits = 0, month_amount_minor = 0, window_visits = 0, "
        "window_amount_minor = 0 WHERE month_visits != 0 OR month_amount_minor != 0 "
        "OR window_visits != 0 OR window_amount_minor != 0",
    ]
    for name, length in (("month", "month_days"), ("window", "window_days")):
        first = f"(SELECT day - {length} + 1 FROM metrics_window)"
        last = "(SELECT day FROM metrics_window)"
        statements.append(
            f"""
    UPDATE customer_metrics SET {name}_visits = w.visits, {name}_amount_minor = w.amount
    FROM (SELECT customer_id, COUNT(*) AS visits, SUM(amount_minor) AS amount FROM visit
          WHERE {local_day_range(first, last)} AND voided_at IS NULL
          GROUP BY +customer_id) AS w
    WHERE customer_metrics.customer_id = w.customer_id"""
        )
    return tuple(statements)


# The local day of the guest's earliest standing visit (the "first visit day").
_FIRST_DAY = (
    "(SELECT y.local_day FROM visit y WHERE y.customer_id = {guest} AND y.voided_at IS NULL "
    "AND y.visited_at = {first_at} LIMIT 1)"
)

# The totals that depend on the visits' local fields (a zone change recounts only these).
REBUILD_TIMED: tuple[str, ...] = (
    "DELETE FROM customer_metrics",
    "DELETE FROM customer_bucket",
    """
    INSERT INTO customer_metrics (customer_id, visits, visit_days, amount_minor, first_at, last_at,
                                  morning, afternoon, evening)
    SELECT c.id, COUNT(v.id), COUNT(DISTINCT v.local_day), COALESCE(SUM(v.amount_minor), 0),
           MIN(v.visited_at), MAX(v.visited_at), COALESCE(SUM(v.day_part = 0), 0),
           COALESCE(SUM(v.day_part = 1), 0), COALESCE(SUM(v.day_part = 2), 0)
    FROM customer c LEFT JOIN visit v ON v.customer_id = c.id AND v.voided_at IS NULL
    GROUP BY c.id""",
    f"""
    INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)
    SELECT local_day / {BUCKET_DAYS}, customer_id, COUNT(*), SUM(amount_minor)
    FROM visit WHERE voided_at IS NULL GROUP BY 1, 2""",
    # the windows stay on their anchor; a venue never anchored ends them on its latest visit day
    *window_statements(
        "COALESCE((SELECT day FROM metrics_window), (SELECT local_day FROM visit "
        "WHERE voided_at IS NULL ORDER BY visited_at DESC LIMIT 1))",
        "(SELECT month_days FROM metrics_window)",
        "(SELECT window_days FROM metrics_window)",
    ),
    f"""
    UPDATE customer_metrics SET first_day_amount_minor = f.amount
    FROM (SELECT m.customer_id, SUM(v.amount_minor) AS amount
          FROM customer_metrics m JOIN visit v ON v.customer_id = m.customer_id
          -- a local day lasts at most 26 hours: its visits lie within two days of its first
          WHERE v.voided_at IS NULL AND v.visited_at BETWEEN m.first_at AND m.first_at + 172800
          AND v.local_day = {_FIRST_DAY.format(guest="m.customer_id", first_at="m.first_at")}
          GROUP BY m.customer_id) AS f
    WHERE customer_metrics.customer_id = f.customer_id""",
)

REBUILD: tuple[str, ...] = (
    *REBUILD_TIMED,
    "DELETE FROM customer_category",
    """
    INSERT INTO customer_category (customer_id, category_id, amount_minor)
    SELECT v.customer_id, l.category_id, SUM(l.amount_minor)
    FROM visit_line l JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL
    GROUP BY 1, 2""",
)
"""Recount every kept total from the visits (run inside one transaction)."""


def rebuild(conn: sqlite3.Connection, *, timed_only: bool = False) -> None:
    """Recount every kept total from the visits (``timed_only``: those that depend on the local
    fields); the caller holds the transaction. The stored segment snapshot is dropped first: a
    change logged per guest for every row rewritten would cost more than reading them again."""
    _drop_snapshot(conn)
    for statement in REBUILD_TIMED if timed_only else REBUILD:
        conn.execute(statement)


def _drop_snapshot(conn: sqlite3.Connection) -> None:
    from boostdesk.storage import metric_snapshot  # it reads the stored segments: imported late

    metric_snapshot.invalidate(conn)


# -- local fields -------------------------------------------------------------------------------


def venue_zone(conn: sqlite3.Connection) -> str:
    """The venue's IANA zone as stored in its settings (the default for a new venue)."""
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'venue.timezone'").fetchone()
    except sqlite3.OperationalError:  # no setting table yet
        row = None
    if row is None:
        return str(defaults.SETTINGS["venue.timezone"])
    return str(json.loads(row[0]))


def local_fields_sql(zone: str, first: int, last: int) -> tuple[str, str]:
    """SQL expressions for the local day and the day-part in ``zone`` of a row's ``visited_at``
    (UTC seconds, for rows between ``first`` and ``last``): what :mod:`localtime` works out,
    computed by SQLite where the rows are."""
    starts, offsets = localtime.offset_spans(zone, first, last)
    local = _local_case(starts.tolist(), offsets.tolist())
    day = f"{local} / 86400"
    part = (
        f"({local} % 86400 >= {localtime.AFTERNOON_FROM_S}) "
        f"+ ({local} % 86400 >= {localtime.EVENING_FROM_S})"
    )
    return day, part


def _local_case(starts: Sequence[int], offsets: Sequence[int]) -> str:
    """SQL: the visit's local wall-clock seconds (UTC time plus the offset of its span)."""
    if len(set(offsets)) == 1:
        return f"(visited_at + {int(offsets[0])})"
    whens = " ".join(
        f"WHEN visited_at < {int(start)} THEN {int(offset)}"
        for start, offset in zip(starts[1:], offsets[:-1], strict=True)
    )
    return f"(visited_at + CASE {whens} ELSE {int(offsets[-1])} END)"


def fill_local(conn: sqlite3.Connection, zone: str, table: str = "visit") -> int:
    """Work out every visit's stored local day and day-part in ``zone`` (chunks of visit ids, one
    SQL pass each); return the number of visits. The caller holds the transaction and has lifted
    the guard trigger when visits already carry local fields. ``table`` import_row: the staged
    rows of an import (one pass)."""
    key = "id" if table == "visit" else "seq"
    low, high, first, last = conn.execute(
        f"SELECT MIN({key}), MAX({key}), MIN(visited_at), MAX(visited_at) FROM {table}"
    ).fetchone()
    if low is None:
        return 0
    day, part = local_fields_sql(zone, int(first), int(last))
    statement = (
        f"UPDATE {table} SET local_day = {day}, day_part = {part} WHERE {key} BETWEEN ? AND ?"
    )
    count = 0
    for start in range(int(low), int(high) + 1, _FILL_CHUNK):
        count += conn.execute(statement, (start, start + _FILL_CHUNK - 1)).rowcount
    return count


def change_zone(conn: sqlite3.Connection, zone: str) -> int:
    """Re-derive every visit's local fields in ``zone`` and rebuild the totals; return the number
    of visits. The guard trigger is lifted for this one statement set and put back (the caller
    holds the transaction, so nobody sees the visits without it)."""
    localtime.zone_of(zone)  # refuse an unknown zone before touching anything
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (GUARD_TRIGGER,)
    ).fetchone()
    if row is not None:
        conn.execute(f"DROP TRIGGER {GUARD_TRIGGER}")
    count = fill_local(conn, zone)
    fill_local(conn, zone, table="import_row")  # staged rows of an import not yet published
    if row is not None:
        conn.execute(str(row[0]))
    rebuild(conn, timed_only=True)
    log.info("venue zone changed: local fields of %d visits re-derived, totals rebuilt", count)
    return count


# -- verify -------------------------------------------------------------------------------------

_METRIC_FIELDS = (
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
        for name in _METRIC_FIELDS
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
            (
                "customer_id",
                *(f"COALESCE({n}, -1)" if n.endswith("_at") else n for n in _METRIC_FIELDS),
            ),
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
    kept_buckets = columns.fetch_ints(
        conn,
        (f"(customer_id << {_KEY_BITS}) | bucket", "visits", "amount_minor"),
        "FROM customer_bucket WHERE (visits != 0 OR amount_minor != 0)" + only,
        params,
    )
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


# -- on the open venue database -----------------------------------------------------------------


Handle = store_module.Handle
_database = store_module.database_of


def _conn(db: peewee.Database) -> sqlite3.Connection:
    conn = db.connection()
    assert isinstance(conn, sqlite3.Connection)
    return conn


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


def rebuild_venue(handle: Handle) -> None:
    """Rebuild every kept total from the visits, in one write transaction."""
    db = _database(handle)
    with db.atomic():
        rebuild(_conn(db))


def mismatched_guests(handle: Handle, guests: Sequence[int]) -> tuple[int, ...]:
    """The guests among ``guests`` whose kept totals differ from a recount of their visits, read
    in the caller's transaction (an operation checks the guests it changed before committing)."""
    return tuple(sorted(_mismatched(_conn(_database(handle)), list(guests))))


def change_venue_zone(handle: Handle, zone: str) -> int:
    """:func:`change_zone` on the open venue database (inside the caller's transaction, which
    also stores the new zone setting)."""
    db = _database(handle)
    with db.atomic():
        return change_zone(_conn(db), zone)


# -- visits added on the bulk path (imports) ---------------------------------------------------


def add_visits(conn: sqlite3.Connection, after_id: int) -> None:
    """Add the standing visits with ids above ``after_id`` (just inserted on the bulk path, with
    the per-visit triggers aside) to their guests' kept totals, set-based: the same sums the
    triggers keep, computed once per statement from the new visits only, so the cost follows
    the visits added, not the guests' history. The caller holds the transaction. The stored
    segment snapshot is dropped (the next full recompute reads every guest again)."""
    _drop_snapshot(conn)
    conn.execute("DROP TABLE IF EXISTS temp.bulk_new")
    conn.execute(
        "CREATE TEMP TABLE bulk_new AS SELECT id, customer_id, visited_at, amount_minor, "
        "local_day, day_part FROM visit WHERE id > ? AND voided_at IS NULL",
        (after_id,),
    )
    conn.execute(
        "INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor) "
        f"SELECT local_day / {BUCKET_DAYS}, customer_id, COUNT(*), SUM(amount_minor) "
        "FROM temp.bulk_new WHERE true GROUP BY 1, 2 "
        "ON CONFLICT (bucket, customer_id) DO UPDATE SET visits = visits + excluded.visits, "
        "amount_minor = amount_minor + excluded.amount_minor"
    )
    conn.execute(
        "INSERT INTO customer_category (customer_id, category_id, amount_minor) "
        "SELECT n.customer_id, l.category_id, SUM(l.amount_minor) FROM temp.bulk_new n "
        "JOIN visit_line l ON l.visit_id = n.id WHERE true GROUP BY 1, 2 "
        "ON CONFLICT (customer_id, category_id) DO UPDATE SET "
        "amount_minor = amount_minor + excluded.amount_minor"
    )
    conn.execute(
        "INSERT INTO customer_metrics (customer_id) SELECT DISTINCT customer_id "
        "FROM temp.bulk_new WHERE true ON CONFLICT (customer_id) DO NOTHING"
    )
    # a new visit day: no standing visit of the guest from before on that local day
    older = (
        "SELECT 1 FROM visit v WHERE v.customer_id = d.customer_id AND v.id <= ? "
        f"AND {local_day_range('d.local_day', 'd.local_day', 'v')} AND v.voided_at IS NULL"
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
          FROM temp.bulk_new n, metrics_window w GROUP BY n.customer_id) AS s
    LEFT JOIN (SELECT d.customer_id, COUNT(*) AS n_days
               FROM (SELECT DISTINCT customer_id, local_day FROM temp.bulk_new) AS d
               WHERE NOT EXISTS ({older}) GROUP BY d.customer_id) AS s_days
        ON s_days.customer_id = s.customer_id
    WHERE customer_metrics.customer_id = s.customer_id""",
        (after_id,),
    )
    # the first visit day's spend: recounted for the guests whose new visits reach it
    first_day = _FIRST_DAY.format(guest="m.customer_id", first_at="m.first_at")
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
