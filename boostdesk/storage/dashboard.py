"""The queries behind the owner's dashboard: a period's visits as integer columns (summed by the
service with numpy: one pass instead of an SQL aggregate per figure), guests' first visits and
stored segments, points and vouchers redeemed, and the kept transitions behind segment sizes.

Periods are ranges of the venue's local days (``first..last``, both included), read through the
visit time index (:func:`kept_totals.local_day_range`); ledger and voucher instants are UTC
seconds ``start <= at < end``. Nothing here reads the visits of more than the period asked for.
Integer columns travel through :mod:`boostdesk.storage.columns` (SQLite-specific SQL).
"""

from __future__ import annotations

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database, kept_totals
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

# Every UTC offset in use is a whole number of quarter hours: transitions grouped per quarter hour
# fall on one local day each, whatever the zone.
QUARTER_HOUR = 900


def period_visits(store: store_module.Store, first_day: int, last_day: int) -> IntArray:
    """(customer id, amount) of every visit (not voided) on local days ``first_day..last_day``,
    one row each, from the covering time index: the period's figures are summed with numpy, in
    one pass instead of an SQL aggregate per figure."""
    return columns.fetch_ints(
        database.raw_connection(store),
        ("v.customer_id", "v.amount_minor"),
        f"FROM visit v WHERE {kept_totals.local_day_range('?', '?', 'v')} AND v.voided_at IS NULL",
        (first_day, last_day, first_day, last_day),
    )


def visits_by_day_part(
    store: store_module.Store, first_day: int, last_day: int
) -> list[tuple[int, int, int]]:
    """(local day, day-part, visits) of the period's days that had visits."""
    rows = store.execute(
        "SELECT v.local_day, v.day_part, COUNT(*) FROM visit v "
        f"WHERE {kept_totals.local_day_range('?', '?', 'v')} AND v.voided_at IS NULL "
        "GROUP BY 1, 2",
        (first_day, last_day, first_day, last_day),
    ).fetchall()
    return [(int(d), int(p), int(n)) for d, p, n in rows]


def first_visits(store: store_module.Store) -> IntArray:
    """(customer id, first visit at) of every guest who visited, by id."""
    return columns.sorted_by_first(
        columns.fetch_ints(
            database.raw_connection(store),
            ("customer_id", "first_at"),
            "FROM customer_metrics WHERE first_at IS NOT NULL",
        )
    )


def redeemed(store: store_module.Store, start: int, end: int) -> tuple[int, int]:
    """(points spent, vouchers handed in) with ``start <= at < end``."""
    (points,) = store.one(
        "SELECT COALESCE(-SUM(points_minor), 0) FROM ledger_entry "
        "WHERE kind = 'redeem' AND created_at >= ? AND created_at < ?",
        (start, end),
    )
    (vouchers,) = store.one(
        "SELECT COUNT(*) FROM voucher WHERE redeemed_at >= ? AND redeemed_at < ?", (start, end)
    )
    return int(points), int(vouchers)


def current_codes(store: store_module.Store, family: str) -> tuple[IntArray, list[str]]:
    """(customer id, code) of every guest with a stored segment in ``family``, by id, and the
    family's segment keys indexed by code."""
    column = _family_column(family)
    table = columns.sorted_by_first(
        columns.fetch_ints(
            database.raw_connection(store),
            ("customer_id", column),
            f"FROM segment_current WHERE {column} IS NOT NULL",
        )
    )
    return table, stored_segments.code_table(store).get(family, [])


def transition_flows(
    store: store_module.Store, family: str, since: int
) -> list[tuple[int, str | None, str, int]]:
    """(quarter-hour start, from, to, guests) of the kept transitions in ``family`` at or after
    ``since``: what the segment sizes since then were built of."""
    rows = store.execute(
        f"SELECT at / {QUARTER_HOUR}, from_segment, to_segment, COUNT(*) FROM segment_history "
        "WHERE family = ? AND at >= ? GROUP BY 1, 2, 3",
        (family, since),
    ).fetchall()
    return [(int(q) * QUARTER_HOUR, f, str(t), int(n)) for q, f, t, n in rows]


def has_visits(store: store_module.Store) -> bool:
    return store.one("SELECT 1 FROM visit WHERE voided_at IS NULL LIMIT 1") is not None


def first_transition_at(store: store_module.Store, family: str) -> int | None:
    """When the oldest kept transition of ``family`` happened (None: segments never stored)."""
    # not through segment_history: MIN over each table alone uses the (family, at) index and
    # scans the entries once, instead of expanding every entry into its transitions
    found = [store.one("SELECT MIN(at) FROM segment_transition WHERE family = ?", (family,))]
    if family in stored_segments.FAMILIES:
        found.append(store.one(f"SELECT MIN(at) FROM segment_entry WHERE {family} IS NOT NULL"))
    times = [int(row[0]) for row in found if row is not None and row[0] is not None]
    return min(times) if times else None


def _family_column(family: str) -> str:
    if family not in stored_segments.FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    return family
