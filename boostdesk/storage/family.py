"""Queries on a guest's family members (spouse, children) kept for family birthdays."""

from __future__ import annotations

from collections.abc import Sequence

from boostdesk.storage import store as store_module


def add(
    store: store_module.Store,
    customer_id: int,
    members: Sequence[tuple[str, str | None, str | None]],
) -> None:
    """Store ``(relation, first name, birth date)`` rows for the guest."""
    for relation, first_name, birth_date in members:
        store.execute(
            "INSERT INTO family_member (customer_id, relation, first_name, birth_date) "
            "VALUES (?, ?, ?, ?)",
            (customer_id, relation, first_name, birth_date),
        )


def of(store: store_module.Store, customer_id: int) -> list[tuple[str, str | None, str | None]]:
    """The guest's ``(relation, first name, birth date)`` rows in the order they were added."""
    rows = store.execute(
        "SELECT relation, first_name, birth_date FROM family_member WHERE customer_id = ? "
        "ORDER BY id",
        (customer_id,),
    ).fetchall()
    return [(str(r[0]), r[1], r[2]) for r in rows]
