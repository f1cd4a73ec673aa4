"""Visits and their basket lines.

A visit row is written by :func:`insert` only (one place to add stored columns); the kept totals
follow it through triggers. Visits are never updated except to void them, never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class NewVisit:
    customer_id: int
    card_id: int | None
    visited_at: int
    amount_minor: int
    receipt_no: str | None
    idempotency_key: str
    user_id: int | None
    local_day: int  # venue time, worked out once when the visit is written (domain.localtime)
    day_part: int


@dataclass(frozen=True, slots=True)
class Standing:
    """A visit that is not voided."""

    visit_id: int
    visited_at: int
    amount_minor: int


def insert(store: store_module.Store, visit: NewVisit) -> int:
    """Store one visit; returns its id."""
    cursor = store.execute(
        "INSERT INTO visit (customer_id, card_id, visited_at, amount_minor, receipt_no, "
        "idempotency_key, user_id, local_day, day_part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            visit.customer_id,
            visit.card_id,
            visit.visited_at,
            visit.amount_minor,
            visit.receipt_no,
            visit.idempotency_key,
            visit.user_id,
            visit.local_day,
            visit.day_part,
        ),
    )
    return int(cursor.lastrowid or 0)


def insert_lines(
    store: store_module.Store, visit_id: int, lines: Sequence[tuple[int, int]]
) -> None:
    """The basket: (category id, amount) per line."""
    store.execute_many(
        "INSERT INTO visit_line (visit_id, category_id, amount_minor) VALUES (?, ?, ?)",
        [(visit_id, category_id, amount) for category_id, amount in lines],
    )


def by_key(store: store_module.Store, idempotency_key: str) -> tuple[int, int] | None:
    """(visit id, amount) of the visit saved under ``idempotency_key``, if any."""
    row = store.one(
        "SELECT id, amount_minor FROM visit WHERE idempotency_key = ?", (idempotency_key,)
    )
    return (int(row[0]), int(row[1])) if row else None


def void(store: store_module.Store, visit_id: int, at: int, reason: str) -> None:
    store.execute(
        "UPDATE visit SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL",
        (at, reason, visit_id),
    )


def last_standing(store: store_module.Store, customer_id: int) -> Standing | None:
    """The guest's last saved visit that is not voided: by id (the order they were saved in),
    never by time, which a wrong PC clock may have put anywhere."""
    row = store.one(
        "SELECT id, visited_at, amount_minor FROM visit "
        "WHERE customer_id = ? AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
        (customer_id,),
    )
    return Standing(int(row[0]), int(row[1]), int(row[2])) if row else None


def standing(store: store_module.Store, customer_id: int, visit_id: int) -> Standing | None:
    """Visit ``visit_id`` of the guest if it is not voided."""
    row = store.one(
        "SELECT id, visited_at, amount_minor FROM visit "
        "WHERE id = ? AND customer_id = ? AND voided_at IS NULL",
        (visit_id, customer_id),
    )
    return Standing(int(row[0]), int(row[1]), int(row[2])) if row else None


def totals_between(
    store: store_module.Store, customer_id: int, after: int, until: int
) -> tuple[int, int]:
    """(visits, amount) of the guest's standing visits with after < visited_at <= until."""
    row = store.one(
        "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit "
        "WHERE customer_id = ? AND visited_at > ? AND visited_at <= ? AND voided_at IS NULL",
        (customer_id, after, until),
    )
    return int(row[0]), int(row[1])


def seen_since(store: store_module.Store, customer_id: int, since: int) -> bool:
    """True when the guest has a standing visit at or after ``since``."""
    row = store.one(
        "SELECT 1 FROM visit WHERE customer_id = ? AND visited_at >= ? AND voided_at IS NULL "
        "LIMIT 1",
        (customer_id, since),
    )
    return row is not None


def venue_day(
    store: store_module.Store, start: int, until: int, limit: int
) -> tuple[int, int, list[tuple[int, str, int, bool]]]:
    """Standing visits and revenue with start <= visited_at <= until, and the latest ``limit``
    visits of that span (voided ones too) as (visited_at, first name, amount, voided)."""
    count, revenue = store.one(
        "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit "
        "WHERE visited_at >= ? AND visited_at <= ? AND voided_at IS NULL",
        (start, until),
    )
    rows = store.execute(
        "SELECT v.visited_at, c.first_name, v.amount_minor, v.voided_at IS NOT NULL "
        "FROM visit v JOIN customer c ON c.id = v.customer_id "
        "WHERE v.visited_at >= ? AND v.visited_at <= ? ORDER BY v.visited_at DESC, v.id DESC "
        "LIMIT ?",
        (start, until, limit),
    ).fetchall()
    latest = [(int(r[0]), str(r[1]), int(r[2]), bool(r[3])) for r in rows]
    return int(count), int(revenue), latest
