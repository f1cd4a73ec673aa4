"""The kept totals: rebuild, the venue zone they are counted in, and visits added in bulk.

``customer_metrics``, ``customer_bucket`` and ``customer_category`` are kept exact by the visit
triggers, which sum each visit's stored local day and day-part (``visit.local_day``,
``visit.day_part``, worked out once in the venue's zone when the visit was written). Visits are
never changed or deleted (the triggers refuse it); a correction is a void and a new visit.

* :func:`rebuild` recounts every total from the visits (after a bulk load, a zone change, or a
  mismatch).
* :mod:`boostdesk.storage.kept_totals_check` is their safety net: it recounts some guests (or all)
  from the raw visits, compares and rebuilds on a mismatch.
* :func:`change_zone` re-derives every visit's local fields in a new zone and rebuilds the totals.

SQLite-only: ``UPDATE ... FROM``, trigger DDL read from ``sqlite_master``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

import peewee

from boostdesk.domain import defaults, localtime
from boostdesk.storage import store as store_module

if TYPE_CHECKING:
    from boostdesk.storage.kept_totals_bulk import Added

log = logging.getLogger(__name__)

BUCKET_DAYS = 32
# The per-guest sums kept in customer_metrics (besides customer_id), in table order.
METRIC_FIELDS = (
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
FIRST_DAY = (
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
          AND v.local_day = {FIRST_DAY.format(guest="m.customer_id", first_at="m.first_at")}
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
    drop_snapshot(conn)
    for statement in REBUILD_TIMED if timed_only else REBUILD:
        conn.execute(statement)


def drop_snapshot(conn: sqlite3.Connection) -> None:
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


# -- on the open venue database -----------------------------------------------------------------


Handle = store_module.Handle
_database = store_module.database_of


def connection_of(db: peewee.Database) -> sqlite3.Connection:
    """The calling thread's sqlite3 connection of ``db`` (the kept totals work on it directly)."""
    conn = db.connection()
    assert isinstance(conn, sqlite3.Connection)
    return conn


def rebuild_venue(handle: Handle) -> None:
    """Rebuild every kept total from the visits, in one write transaction."""
    db = _database(handle)
    with db.atomic():
        rebuild(connection_of(db))


def change_venue_zone(handle: Handle, zone: str) -> int:
    """:func:`change_zone` on the open venue database (inside the caller's transaction, which
    also stores the new zone setting)."""
    db = _database(handle)
    with db.atomic():
        return change_zone(connection_of(db), zone)


# -- visits added on the bulk path (imports) ---------------------------------------------------


def add_visits(conn: sqlite3.Connection, after_id: int, added: Added | None = None) -> None:
    """Add the standing visits with ids above ``after_id`` (just inserted on the bulk path, with
    the per-visit triggers aside) to their guests' kept totals; see :mod:`kept_totals_bulk`
    (``added``: its ``Added``, the new visits' columns as the caller holds them). The caller
    holds the transaction; the stored segment snapshot is dropped."""
    # imported here: kept_totals_bulk builds on this module's helpers
    from boostdesk.storage import kept_totals_bulk

    kept_totals_bulk.add_visits(conn, after_id, added)
