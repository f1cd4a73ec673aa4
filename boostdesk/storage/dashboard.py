"""The queries behind the owner's dashboard: a period's key figures, revenue by segment, visits
per day and day-part, and segment sizes over time from the kept transitions.

Periods are ranges of the venue's local days (``first..last``, both included), read through the
visit time index (:func:`kept_totals.local_day_range`); ledger and voucher instants are UTC
seconds ``start <= at < end``. Nothing here reads the visits of more than the period asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.storage import kept_totals
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

# Every UTC offset in use is a whole number of quarter hours: transitions grouped per quarter hour
# fall on one local day each, whatever the zone.
QUARTER_HOUR = 900


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """What happened in one period (voided visits left out)."""

    visits: int
    revenue_minor: int
    active_guests: int  # distinct guests with a visit
    returning_guests: int  # of those, guests whose first visit was before the period
    points_redeemed_minor: int
    vouchers_redeemed: int


def period_totals(
    store: store_module.Store, first_day: int, last_day: int, start: int, end: int
) -> PeriodTotals:
    """The totals of local days ``first_day..last_day``; ``start``/``end`` are the same period
    as UTC seconds (for the ledger and the vouchers, which store no local day)."""
    in_period = kept_totals.local_day_range("?", "?", "v")
    days = (first_day, last_day, first_day, last_day)
    visits, revenue, active = store.one(
        "SELECT COUNT(*), COALESCE(SUM(v.amount_minor), 0), COUNT(DISTINCT v.customer_id) "
        f"FROM visit v WHERE {in_period} AND v.voided_at IS NULL",
        days,
    )
    (returning,) = store.one(
        "SELECT COUNT(*) FROM customer_metrics m WHERE m.first_at < ? AND m.customer_id IN ("
        f"SELECT v.customer_id FROM visit v WHERE {in_period} AND v.voided_at IS NULL)",
        (start, *days),
    )
    (points,) = store.one(
        "SELECT COALESCE(-SUM(points_minor), 0) FROM ledger_entry "
        "WHERE kind = 'redeem' AND created_at >= ? AND created_at < ?",
        (start, end),
    )
    (vouchers,) = store.one(
        "SELECT COUNT(*) FROM voucher WHERE redeemed_at >= ? AND redeemed_at < ?", (start, end)
    )
    return PeriodTotals(
        int(visits), int(revenue), int(active), int(returning), int(points), int(vouchers)
    )


def revenue_by_segment(
    store: store_module.Store, family: str, first_day: int, last_day: int
) -> list[tuple[str, int, int]]:
    """(segment key, guests, revenue) of the period's visits by the guest's *current* segment in
    ``family``, biggest revenue first; guests with no stored segment are left out. Grouped by the
    stored small-integer code and named afterwards (cheaper than grouping by a joined text)."""
    column = _family_column(family)
    names = dict(
        store.execute("SELECT code, segment FROM segment_code WHERE family = ?", (family,))
    )
    rows = store.execute(
        f"SELECT s.{column}, COUNT(DISTINCT v.customer_id), SUM(v.amount_minor) FROM visit v "
        "JOIN segment_current s ON s.customer_id = v.customer_id "
        f"WHERE {kept_totals.local_day_range('?', '?', 'v')} AND v.voided_at IS NULL "
        f"AND s.{column} IS NOT NULL GROUP BY 1",
        (first_day, last_day, first_day, last_day),
    ).fetchall()
    named = [(str(names[code]), int(n), int(amount)) for code, n, amount in rows if code in names]
    return sorted(named, key=lambda row: (-row[2], row[0]))


def visits_by_day_part(
    store: store_module.Store, first_day: int, last_day: int
) -> list[tuple[int, int, int]]:
    """(local day, day-part, visits) of the period's days that had visits."""
    rows = store.execute(
        "SELECT v.local_day, v.day_part, COUNT(*) FROM visit v "
        f"WHERE {kept_totals.local_day_range('?', '?', 'v')} AND v.voided_at IS NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        (first_day, last_day, first_day, last_day),
    ).fetchall()
    return [(int(d), int(p), int(n)) for d, p, n in rows]


def current_sizes(store: store_module.Store, family: str) -> dict[str, int]:
    """Guests per stored segment of ``family`` now."""
    return stored_segments.counts(store, family)


def transition_flows(
    store: store_module.Store, family: str, since: int
) -> list[tuple[int, str | None, str, int]]:
    """(quarter-hour start, from, to, guests) of the kept transitions in ``family`` at or after
    ``since``: what the segment sizes since then were built of."""
    rows = store.execute(
        f"SELECT at / {QUARTER_HOUR}, from_segment, to_segment, COUNT(*) FROM segment_transition "
        "WHERE family = ? AND at >= ? GROUP BY 1, 2, 3",
        (family, since),
    ).fetchall()
    return [(int(q) * QUARTER_HOUR, f, str(t), int(n)) for q, f, t, n in rows]


def has_visits(store: store_module.Store) -> bool:
    return store.one("SELECT 1 FROM visit WHERE voided_at IS NULL LIMIT 1") is not None


def first_transition_at(store: store_module.Store, family: str) -> int | None:
    """When the oldest kept transition of ``family`` happened (None: segments never stored)."""
    row = store.one("SELECT MIN(at) FROM segment_transition WHERE family = ?", (family,))
    return None if row is None or row[0] is None else int(row[0])


def _family_column(family: str) -> str:
    if family not in stored_segments.FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    return family
