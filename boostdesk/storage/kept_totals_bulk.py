"""Visits added on the bulk path (imports): their sums added to the guests' kept totals at once.

An import inserts its visits with the per-visit triggers aside; :func:`add_visits` then adds them
to ``customer_bucket``, ``customer_category`` and ``customer_metrics`` so that the totals are what
the triggers would have kept, one visit at a time. It reads the new visits and their lines once
each (a column per value, parsed by numpy), sums them per guest, per guest and 32-day bucket and
per guest and category in numpy, and adds the sums with multi-row upserts in the tables' key
order. A million visits are far too many for SQLite's sorter (each ``GROUP BY`` of them took about
half a second) or for a statement per row.

Two metrics depend on a guest's older visits. For a guest without a standing visit before (every
guest an import enrols) they come from the new visits alone: the visit days are their distinct
days, the first day's spend that of the earliest new visit's local day. For a guest who had visits
(a returning guest, or one whose visits span two chunks of an import), a new day counts only when
no older standing visit fell on it (one index probe per new guest and day, in SQL), and the first
day's spend is recounted from the visits when the new ones reach that day.

SQLite-only: ``group_concat`` in column reads, ``NOT INDEXED``, ``UPDATE ... FROM``, ``json_each``,
trigger DDL read from ``sqlite_master``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
_STATEMENTS_PER_BLOCK = 50  # rows turned into Python ints a block at a time (peak memory)
# Guests' kept rows are read by id range unless that range holds many more guests than asked for.
_RANGE_SLACK = 4
_RANGE_EXTRA = 1024
# The segment snapshot's change-logging triggers on the kept tables log nothing once the snapshot
# is dropped, but each still runs per row written (a tenth of a second a million visits); a large
# addition sets them aside meanwhile (a schema change: not for the short steps tills wait for).
SNAPSHOT_TRIGGERS = (
    "customer_metrics_snapshot_insert",
    "customer_metrics_snapshot_update",
    "customer_category_snapshot_insert",
    "customer_category_snapshot_update",
)
_TRIGGERS_ASIDE_VISITS = 50_000
_SAMPLE_ROWS = 512  # visits of a chunk compared with what its writer holds (Added)

# How each kept metric takes the new visits' value (``excluded``): added, except the first and
# last visit; the first day's spend only for a guest without standing visits (recounted after
# for the others when the new visits reach their first day).
_METRIC_UPDATES = {
    **{name: f"{name} + excluded.{name}" for name in kept_totals.METRIC_FIELDS},
    "first_at": "MIN(COALESCE(first_at, excluded.first_at), excluded.first_at)",
    "last_at": "MAX(COALESCE(last_at, excluded.last_at), excluded.last_at)",
    "first_day_amount_minor": "CASE WHEN visits = 0 THEN excluded.first_day_amount_minor "
    "ELSE first_day_amount_minor END",
}


@dataclass(frozen=True)
class Added:
    """The columns of visits just stored, as their writer holds them: one entry per visit, in id
    order (the ids consecutive from ``after_id`` + 1), with the visit's guest, local day,
    day-part, time and amount, and the category of its one basket line for its whole amount (0:
    no line). An import publishing a chunk knows all of it: the kept totals then need not read
    the visits back."""

    cust: IntArray
    day: IntArray
    part: IntArray
    at: IntArray
    amount: IntArray
    category: IntArray


def add_visits(conn: sqlite3.Connection, after_id: int, added: Added | None = None) -> None:
    """Add the standing visits with ids above ``after_id`` (just inserted on the bulk path, with
    the per-visit triggers aside) and their lines to their guests' kept totals: afterwards the
    totals are what the triggers would have kept. The cost follows the visits added, not the
    guests' history. The caller holds the transaction. The stored segment snapshot is dropped
    (the next full recompute reads every guest again). ``added``: the new visits' columns as the
    caller holds them (used when they are every visit above ``after_id``; else read back)."""
    kept_totals.drop_snapshot(conn)
    (top,) = conn.execute("SELECT MAX(id) FROM visit").fetchone()
    if top is None:
        return
    if (
        added is not None
        and int(top) - after_id == len(added.cust)
        and agrees(conn, after_id, added)
    ):
        visits = NewVisits(added.cust, added.day, added.part, added.at, added.amount)
        lined = added.category > 0
        with snapshot_triggers_aside(conn, len(added.cust) >= _TRIGGERS_ASIDE_VISITS):
            _add_buckets(conn, visits)
            _write_categories(conn, added.cust[lined], added.category[lined], added.amount[lined])
            _add_metrics(conn, after_id, visits)
        return
    # SQLite-only: group_concat (column reads); NOT INDEXED: the new rows by id range, in id
    # order (never a scan of a covering index of every visit).
    cust, day_part, at, amount = _read_columns(
        conn,
        ("customer_id", "(local_day << 2) | day_part", "visited_at", "amount_minor"),
        "FROM visit NOT INDEXED WHERE id > ? AND voided_at IS NULL",
        (after_id,),
    )
    if not len(cust):
        return
    # the rows came in id order: when every id above after_id is a standing new visit (no gap,
    # no void), a line's visit is found by its place (the ids are distinct, so counting them
    # proves it: no MIN/MAX per row)
    dense = int(top) - after_id == len(cust)
    visits = NewVisits(cust, day_part >> 2, day_part & 3, at, amount)
    with snapshot_triggers_aside(conn, len(cust) >= _TRIGGERS_ASIDE_VISITS):
        _add_buckets(conn, visits)
        _add_categories(conn, after_id, (after_id + 1, cust) if dense else None)
        _add_metrics(conn, after_id, visits)


def sample_places(count: int) -> IntArray:
    """Where :func:`agrees` looks among ``count`` new visits: a spread of :data:`_SAMPLE_ROWS`
    of them, the first and the last included."""
    return np.unique(np.linspace(0, count - 1, min(count, _SAMPLE_ROWS)).astype(np.int64))


def agrees(
    conn: sqlite3.Connection, after_id: int, added: Added, places: IntArray | None = None
) -> bool:
    """Whether the stored visits above ``after_id`` and their lines are those ``added`` holds, on
    a spread of them (:func:`sample_places`; their rows looked up by id, so the check costs the
    same for any number of visits): a writer whose columns are not what it stored (a wrong local
    day or guest, a shifted row) is read back instead. ``places``: ``added`` holds the visits at
    these places only (the writer's sample), else every new visit."""
    if places is None:
        places = sample_places(len(added.cust))
        added = Added(*(getattr(added, f.name)[places] for f in dataclasses.fields(added)))
    ids = json.dumps((places + after_id + 1).tolist())
    # SQLite-only: json_each turns one parameter into the visits' ids.
    visits = conn.execute(
        "SELECT id, customer_id, local_day, day_part, visited_at, amount_minor, voided_at "
        "FROM visit WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids,),
    ).fetchall()
    lines = conn.execute(
        "SELECT visit_id, category_id, amount_minor FROM visit_line "
        "WHERE visit_id IN (SELECT value FROM json_each(?)) ORDER BY visit_id, id",
        (ids,),
    ).fetchall()
    held = [
        (
            after_id + 1 + p,
            *(int(c[i]) for c in (added.cust, added.day, added.part)),
            int(added.at[i]),
            int(added.amount[i]),
            None,
        )
        for i, p in enumerate(places.tolist())
    ]
    lined = [
        (after_id + 1 + p, int(added.category[i]), int(added.amount[i]))
        for i, p in enumerate(places.tolist())
        if added.category[i] > 0
    ]
    return [tuple(r) for r in visits] == held and [tuple(r) for r in lines] == lined


class NewVisits:
    """The new standing visits' columns ordered by (guest, local day), with where each guest's
    and each guest's day's rows begin."""

    def __init__(
        self, cust: IntArray, day: IntArray, part: IntArray, at: IntArray, amount: IntArray
    ) -> None:
        order = _lexicographic_order(cust, day)
        if order is not None:
            cust, day, part, at, amount = (a[order] for a in (cust, day, part, at, amount))
        self.cust, self.day, self.part, self.at, self.amount = cust, day, part, at, amount
        self.guest_starts = _starts(cust)
        self.guests = cust[self.guest_starts]
        self.lengths = np.diff(np.r_[self.guest_starts, len(cust)]).astype(np.int64)
        self.owner = np.repeat(np.arange(len(self.guests)), self.lengths)  # guest index per row
        self.day_starts = _starts(cust, day)


@contextlib.contextmanager
def snapshot_triggers_aside(conn: sqlite3.Connection, aside: bool) -> Iterator[None]:
    """Drop the snapshot's change-logging triggers on the kept tables for the block (when
    ``aside``) and put them back however it ends, inside the caller's transaction."""
    if not aside:
        yield
        return
    marks = ",".join("?" * len(SNAPSHOT_TRIGGERS))
    found = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        SNAPSHOT_TRIGGERS,
    ).fetchall()
    for name, _ in found:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        # only those still missing: a failed statement may have rolled the transaction back
        left = {
            str(r[0])
            for r in conn.execute(
                f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
                SNAPSHOT_TRIGGERS,
            )
        }
        for name, sql in found:
            if name not in left:
                conn.execute(str(sql))


# -- reading and writing columns ----------------------------------------------------------------


def _read_columns(
    conn: sqlite3.Connection, exprs: Sequence[str], tail: str, params: Sequence[Any]
) -> list[IntArray]:
    """``SELECT exprs tail`` as int64 columns: each column travels as one text of its decimal
    values (``group_concat``, every column an aggregate of the same single pass, so in the same
    row order), which numpy parses in C; a Python int per value would cost four times as much.
    The expressions must never be NULL (a NULL would shift its column: refused)."""
    texts = "".join(f", group_concat({e})" for e in exprs)
    row = conn.execute(f"SELECT COUNT(*){texts} {tail}", tuple(params)).fetchone()
    count = int(row[0])
    found = [np.fromstring(text or "", dtype=np.int64, sep=",") for text in row[1:]]
    for expr, values in zip(exprs, found, strict=True):
        if len(values) != count:
            raise sqlite3.IntegrityError(f"{expr}: {len(values)} values for {count} rows")
    return found


def write_rows(conn: sqlite3.Connection, head: str, tail: str, columns: Sequence[IntArray]) -> None:
    """``head VALUES (...), (...) tail`` for the rows of ``columns``, in their order, a few hundred
    rows per statement (one prepared statement for all full batches)."""
    width, count = len(columns), len(columns[0])
    table = np.column_stack(columns).astype(np.int64)
    row = "(" + ",".join("?" * width) + ")"

    def statement(rows: int) -> str:
        return f"{head} VALUES {','.join([row] * rows)} {tail}"

    per = _ROWS_PER_STATEMENT
    full = count - count % per
    if full:
        batch = statement(per)
        for start in range(0, full, per * _STATEMENTS_PER_BLOCK):
            flat: list[int] = (
                table[start : min(start + per * _STATEMENTS_PER_BLOCK, full)].ravel().tolist()
            )
            conn.executemany(
                batch, (flat[i : i + per * width] for i in range(0, len(flat), per * width))
            )
    if full < count:
        conn.execute(statement(count - full), table[full:].ravel().tolist())


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


def _stable_order(values: IntArray) -> IntArray:
    """The stable sorting permutation of ``values``: a radix sort when they span fewer than
    2**15 (a bucket's few hundred values; numpy sorts 16-bit keys by radix), else a merge
    sort."""
    if len(values) and int(values.max()) - int(values.min()) < 2**15:
        narrow = (values - values.min()).astype(np.int16)
        return np.argsort(narrow, kind="stable").astype(np.int64)
    return np.argsort(values, kind="stable").astype(np.int64)


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


BUCKET_UPSERT = (
    "ON CONFLICT (bucket, customer_id) DO UPDATE SET visits = visits + excluded.visits, "
    "amount_minor = amount_minor + excluded.amount_minor"
)
CATEGORY_UPSERT = (
    "ON CONFLICT (customer_id, category_id) DO UPDATE SET "
    "amount_minor = amount_minor + excluded.amount_minor"
)
METRIC_UPSERT = "ON CONFLICT (customer_id) DO UPDATE SET " + ", ".join(
    f"{name} = {_METRIC_UPDATES[name]}" for name in kept_totals.METRIC_FIELDS
)


def _add_buckets(conn: sqlite3.Connection, visits: NewVisits) -> None:
    """Visits and spend per guest and 32-day bucket of local days, added to ``customer_bucket``."""
    write_rows(
        conn,
        "INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)",
        BUCKET_UPSERT,
        bucket_rows(visits),
    )


def bucket_rows(visits: NewVisits) -> list[IntArray]:
    """Columns (bucket, guest, visits, amount) of the visits' sums per guest and 32-day bucket of
    local days, in that key order (each guest's buckets are runs of their rows, ordered by local
    day)."""
    bucket = _sql_div(visits.day, BUCKET_DAYS)
    starts = _starts(visits.cust, bucket)
    counts = np.diff(np.r_[starts, len(bucket)]).astype(np.int64)
    sums = _sums(visits.amount, starts)
    b, c = bucket[starts], visits.cust[starts]
    order = _stable_order(b)  # runs are in guest order: now by (bucket, guest)
    return [b[order], c[order], counts[order], sums[order]]


def _add_categories(
    conn: sqlite3.Connection, after_id: int, owners: tuple[int, IntArray] | None
) -> None:
    """Spend per guest and category over the new standing visits' lines, added to
    ``customer_category``. ``owners``: the guest of each visit from the first id on, when the
    standing new visits' ids have no gap (then no visit is looked up per line)."""
    # SQLite-only: group_concat (column reads).
    if owners is not None:
        low, owner = owners
        visit, category, amount = _read_columns(
            conn,
            ("visit_id", "category_id", "amount_minor"),
            "FROM visit_line WHERE visit_id BETWEEN ? AND ?",
            (low, low + len(owner) - 1),
        )
        cust = owner[visit - low]
    else:
        cust, category, amount = _read_columns(
            conn,
            ("v.customer_id", "l.category_id", "l.amount_minor"),
            "FROM visit_line l JOIN visit v ON v.id = l.visit_id "
            "WHERE l.visit_id > ? AND v.voided_at IS NULL",
            (after_id,),
        )
    _write_categories(conn, cust, category, amount)


def _write_categories(
    conn: sqlite3.Connection, cust: IntArray, category: IntArray, amount: IntArray
) -> None:
    """Spend per guest and category of the lines (guest, category, amount) added to
    ``customer_category``."""
    if not len(cust):
        return
    write_rows(
        conn,
        "INSERT INTO customer_category (customer_id, category_id, amount_minor)",
        CATEGORY_UPSERT,
        category_rows(cust, category, amount),
    )


def category_rows(cust: IntArray, category: IntArray, amount: IntArray) -> list[IntArray]:
    """Columns (guest, category, amount) of the lines' spend per guest and category, in that key
    order."""
    order = _lexicographic_order(cust, category)
    if order is not None:
        cust, category, amount = cust[order], category[order], amount[order]
    starts = _starts(cust, category)
    return [cust[starts], category[starts], _sums(amount, starts)]


# -- metrics ------------------------------------------------------------------------------------


def _add_metrics(conn: sqlite3.Connection, after_id: int, visits: NewVisits) -> None:
    """The new visits' sums per guest added to ``customer_metrics`` (see the module's note on
    visit days and the first day's spend)."""
    kept_visits, kept_first = _kept_metrics(conn, visits.guests)
    returning = kept_visits > 0
    new_days = None
    if returning.any():
        new_days = np.bincount(visits.owner[visits.day_starts], minlength=len(visits.guests))
        new_days = new_days.astype(np.int64)
        new_days[returning] = _days_without_older_visits(conn, after_id, visits, returning)
    names = ", ".join(kept_totals.METRIC_FIELDS)
    rows = metric_rows(visits, window(conn), new_days)
    write_rows(conn, f"INSERT INTO customer_metrics (customer_id, {names})", METRIC_UPSERT, rows)
    # a local day lasts at most 26 hours: new visits from two days after the first one on
    first = rows[1 + kept_totals.METRIC_FIELDS.index("first_at")]
    reach = returning & ((kept_first < 0) | (first < kept_first + 172_800))
    if reach.any():
        _recount_first_day(conn, visits.guests[reach])


def metric_rows(
    visits: NewVisits, kept_window: tuple[int | None, int, int], new_days: IntArray | None = None
) -> list[IntArray]:
    """Columns (guest, then :data:`kept_totals.METRIC_FIELDS`) of the visits' sums per guest as
    ``customer_metrics`` adds them, with the kept windows ``kept_window`` (:func:`window`).
    ``new_days``: how many of each guest's visit days are new (None: all of them, as for a guest
    without older visits)."""
    guests, starts, owner, day = visits.guests, visits.guest_starts, visits.owner, visits.day
    first = np.minimum.reduceat(visits.at, starts)
    # the first visit's local day (every visit at that instant has the same one)
    first_day = np.zeros(len(guests), dtype=np.int64)
    earliest = visits.at == first[owner]
    first_day[owner[earliest]] = day[earliest]
    if new_days is None:
        new_days = np.bincount(owner[visits.day_starts], minlength=len(guests)).astype(np.int64)
    anchor, month_days, window_days = kept_window

    def within(length: int) -> BoolArray:
        if anchor is None:
            return np.zeros(len(day), dtype=bool)
        return (day >= anchor - length + 1) & (day <= anchor)

    in_month, in_window = within(month_days), within(window_days)
    amount, part = visits.amount, visits.part
    return [
        guests,
        visits.lengths,
        new_days,
        _sums(amount, starts),
        first,
        np.maximum.reduceat(visits.at, starts),
        _sums(part == 0, starts),
        _sums(part == 1, starts),
        _sums(part == 2, starts),
        _sums(in_month, starts),
        _sums(np.where(in_month, amount, 0), starts),
        _sums(in_window, starts),
        _sums(np.where(in_window, amount, 0), starts),
        _sums(np.where(day == first_day[owner], amount, 0), starts),
    ]


def _kept_metrics(conn: sqlite3.Connection, guests: IntArray) -> tuple[IntArray, IntArray]:
    """The kept visit count and first visit time of each of ``guests`` (sorted ids; 0 and -1
    without a kept row or visit)."""
    low, high = int(guests[0]), int(guests[-1])
    params: tuple[int | str, ...] = (low, high)
    where = "customer_id BETWEEN ? AND ?"
    if high - low + 1 > _RANGE_SLACK * len(guests) + _RANGE_EXTRA:
        # SQLite-only: json_each turns one parameter into the guests' ids.
        where = "customer_id IN (SELECT value FROM json_each(?))"
        params = (json.dumps(guests.tolist()),)
    ids, visits, first = _read_columns(
        conn,
        ("customer_id", "visits", "COALESCE(first_at, -1)"),
        f"FROM customer_metrics WHERE {where}",
        params,
    )
    if not len(ids):
        return np.zeros(len(guests), dtype=np.int64), np.full(len(guests), -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    ids, visits, first = ids[order], visits[order], first[order]
    at = np.minimum(np.searchsorted(ids, guests), len(ids) - 1)
    known = ids[at] == guests
    return np.where(known, visits[at], 0), np.where(known, first[at], -1)


def window(conn: sqlite3.Connection) -> tuple[int | None, int, int]:
    """The kept windows: the local day they end on (None: not kept) and their lengths."""
    row = conn.execute("SELECT day, month_days, window_days FROM metrics_window").fetchone()
    if row is None:
        return None, 0, 0
    return (None if row[0] is None else int(row[0])), int(row[1]), int(row[2])


def _days_without_older_visits(
    conn: sqlite3.Connection, after_id: int, visits: NewVisits, returning: BoolArray
) -> IntArray:
    """For each ``returning`` guest, how many of their new visits' local days none of their
    older standing visits fell on (an index probe per guest and day)."""
    starts = visits.day_starts[returning[visits.owner[visits.day_starts]]]
    conn.execute("DROP TABLE IF EXISTS temp.bulk_days")
    conn.execute(
        "CREATE TEMP TABLE bulk_days (customer_id INTEGER NOT NULL, local_day INTEGER NOT NULL, "
        "PRIMARY KEY (customer_id, local_day)) WITHOUT ROWID"
    )
    write_rows(
        conn,
        "INSERT INTO temp.bulk_days (customer_id, local_day)",
        "",
        [visits.cust[starts], visits.day[starts]],
    )
    older = (
        "SELECT 1 FROM visit v WHERE v.customer_id = d.customer_id AND v.id <= ? "
        f"AND {kept_totals.local_day_range('d.local_day', 'd.local_day', 'v')} "
        "AND v.voided_at IS NULL"
    )
    # SQLite-only: group_concat (column reads).
    cust, new = _read_columns(
        conn, ("d.customer_id", f"NOT EXISTS ({older})"), "FROM temp.bulk_days d", (after_id,)
    )
    conn.execute("DROP TABLE temp.bulk_days")
    index = np.searchsorted(visits.guests, cust)
    counts = np.bincount(index, weights=new, minlength=len(visits.guests))
    return counts.astype(np.int64)[returning]


def _recount_first_day(conn: sqlite3.Connection, guests: IntArray) -> None:
    """Recount the first visit day's spend of ``guests`` from their visits."""
    first_day = kept_totals.FIRST_DAY.format(guest="m.customer_id", first_at="m.first_at")
    # SQLite-only: UPDATE ... FROM, json_each.
    conn.execute(
        f"""
    UPDATE customer_metrics SET first_day_amount_minor = f.amount
    FROM (SELECT m.customer_id, SUM(v.amount_minor) AS amount
          FROM customer_metrics m CROSS JOIN visit v ON v.customer_id = m.customer_id
          WHERE m.customer_id IN (SELECT value FROM json_each(?))
          AND v.voided_at IS NULL AND v.visited_at BETWEEN m.first_at AND m.first_at + 172800
          AND v.local_day = {first_day}
          GROUP BY m.customer_id) AS f
    WHERE customer_metrics.customer_id = f.customer_id""",
        (json.dumps(guests.tolist()),),
    )
