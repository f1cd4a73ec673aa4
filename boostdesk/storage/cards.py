"""Loyalty cards: a number, the guest holding it (or nobody yet) and its status."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    number: str
    customer_id: int | None
    status: str  # active | blocked | lost


def by_number(store: store_module.Store, number: str) -> Card | None:
    row = store.one("SELECT id, customer_id, status FROM card WHERE number = ?", (number,))
    if row is None:
        return None
    return Card(int(row[0]), number, int(row[1]) if row[1] is not None else None, str(row[2]))


def status_of(store: store_module.Store, card_id: int) -> str | None:
    row = store.one("SELECT status FROM card WHERE id = ?", (card_id,))
    return str(row[0]) if row else None


def current_of_customer(store: store_module.Store, customer_id: int) -> Card | None:
    """The guest's active card if any, else the newest one."""
    row = store.one(
        "SELECT id, number, status FROM card WHERE customer_id = ? "
        "ORDER BY status = 'active' DESC, id DESC LIMIT 1",
        (customer_id,),
    )
    return Card(int(row[0]), str(row[1]), customer_id, str(row[2])) if row else None


def issue(store: store_module.Store, number: str, customer_id: int, at: int) -> int:
    cursor = store.execute(
        "INSERT INTO card (number, customer_id, status, issued_at) VALUES (?, ?, 'active', ?)",
        (number, customer_id, at),
    )
    return int(cursor.lastrowid or 0)


def assign(store: store_module.Store, card_id: int, customer_id: int) -> None:
    store.execute(
        "UPDATE card SET customer_id = ?, status = 'active' WHERE id = ?", (customer_id, card_id)
    )


def highest_number(store: store_module.Store) -> str | None:
    row = store.one("SELECT MAX(number) FROM card")
    return str(row[0]) if row and row[0] is not None else None


def random_recent_regular(store: store_module.Store, seen_after: int) -> str | None:
    """The active card of a random guest seen after ``seen_after`` (the demo's scanner)."""
    # SQLite-only: random() (PostgreSQL spells it random() too, but ORDER BY random() over a join
    # is worth revisiting there).
    row = store.one(
        "SELECT c.number FROM customer_metrics m JOIN card c ON c.customer_id = m.customer_id "
        "AND c.status = 'active' WHERE m.last_at > ? ORDER BY random() LIMIT 1",
        (seen_after,),
    )
    return str(row[0]) if row else None


def showcase(store: store_module.Store) -> str | None:
    """An active card worth showing in a screenshot: a loyal guest seen most recently first."""
    row = store.one(
        "SELECT c.number FROM card c JOIN customer_metrics m ON m.customer_id = c.customer_id "
        "LEFT JOIN segment_readable s ON s.customer_id = c.customer_id "
        "WHERE c.status = 'active' ORDER BY s.lifecycle = 'loyal' "
        "DESC, m.last_at DESC, c.id LIMIT 1"
    )
    return str(row[0]) if row else None
