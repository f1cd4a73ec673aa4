"""The kept segment transitions read as movements: the from × to matrix of a period and the guests
behind one of its cells.

A guest counts once per (from, to) cell however many times they made that move in the period;
"from" is None for a guest's first stored segment in the family. Instants are UTC seconds,
``start <= at < end``. They read ``segment_history`` (the kept transitions and the guests' first
segments, see :mod:`boostdesk.storage.segments`).
"""

from __future__ import annotations

from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module


def matrix(
    store: store_module.Store, family: str, start: int, end: int
) -> list[tuple[str | None, str, int]]:
    """(from, to, guests) of the moves in ``family`` with ``start <= at < end``."""
    rows = store.execute(
        "SELECT from_segment, to_segment, COUNT(DISTINCT customer_id) FROM segment_history "
        "WHERE family = ? AND at >= ? AND at < ? GROUP BY 1, 2",
        (family, start, end),
    ).fetchall()
    return [(None if f is None else str(f), str(t), int(n)) for f, t, n in rows]


def moved_guests(
    store: store_module.Store,
    family: str,
    from_segment: str | None,
    to_segment: str,
    start: int,
    end: int,
) -> list[int]:
    """Ids of the guests who moved ``from_segment`` → ``to_segment`` in ``family`` with
    ``start <= at < end`` (ascending; anonymised guests keep no history, so none is here)."""
    rows = store.execute(
        "SELECT DISTINCT customer_id FROM segment_history "
        "WHERE family = ? AND at >= ? AND at < ? AND from_segment IS ? AND to_segment = ? "
        "ORDER BY customer_id",
        (family, start, end, from_segment, to_segment),
    ).fetchall()
    return [int(row[0]) for row in rows]


def families_with_history(store: store_module.Store) -> list[str]:
    """The families that have kept transitions."""
    # not through segment_history: each first-segments entry would become a row per family
    found = {str(row[0]) for row in store.execute("SELECT DISTINCT family FROM segment_transition")}
    for family in stored_segments.FAMILIES:
        if family not in found and store.one(
            f"SELECT 1 FROM segment_entry WHERE {family} IS NOT NULL LIMIT 1"
        ):
            found.add(family)
    return sorted(found)
