"""The append-only points ledger: earn, welcome, redeem, expire, adjust, reverse."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class NewEntry:
    customer_id: int
    kind: str
    points_minor: int
    created_at: int
    expires_at: int | None = None
    visit_id: int | None = None
    reverses_id: int | None = None
    user_id: int | None = None
    note: str | None = None


def add(store: store_module.Store, entry: NewEntry) -> int:
    cursor = store.execute(
        "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, expires_at, "
        "visit_id, reverses_id, user_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.customer_id,
            entry.kind,
            entry.points_minor,
            entry.created_at,
            entry.expires_at,
            entry.visit_id,
            entry.reverses_id,
            entry.user_id,
            entry.note,
        ),
    )
    return int(cursor.lastrowid or 0)


def of_customer(
    store: store_module.Store, customer_id: int
) -> list[tuple[int, str, int, int, int | None, int | None, int | None]]:
    """(id, kind, points, created_at, expires_at, usable_from, reverses_id), oldest first."""
    return list(
        store.execute(
            "SELECT id, kind, points_minor, created_at, expires_at, usable_from, reverses_id "
            "FROM ledger_entry WHERE customer_id = ? ORDER BY id",
            (customer_id,),
        ).fetchall()
    )


def sums_of_visit(store: store_module.Store, visit_id: int) -> dict[str, int]:
    """Points per entry kind booked with ``visit_id``."""
    rows = store.execute(
        "SELECT kind, SUM(points_minor) FROM ledger_entry WHERE visit_id = ? GROUP BY kind",
        (visit_id,),
    ).fetchall()
    return {str(kind): int(points) for kind, points in rows}


def reversible_of_visit(store: store_module.Store, visit_id: int) -> list[tuple[int, int]]:
    """(entry id, points) of the visit's earn and redeem entries (what a void takes back)."""
    rows = store.execute(
        "SELECT id, points_minor FROM ledger_entry WHERE visit_id = ? "
        "AND kind IN ('earn', 'redeem')",
        (visit_id,),
    ).fetchall()
    return [(int(i), int(p)) for i, p in rows]
