"""Basket categories (coffee, tea, dessert …): a setting of the venue."""

from __future__ import annotations

from collections.abc import Sequence

from boostdesk.storage import store as store_module


def active(store: store_module.Store) -> list[tuple[str, str]]:
    """``(code, stored name)`` of the active categories in their display order."""
    rows = store.execute(
        "SELECT code, name FROM category WHERE active = 1 ORDER BY sort_order, id"
    ).fetchall()
    return [(str(code), str(name)) for code, name in rows]


def active_ids(store: store_module.Store) -> dict[str, int]:
    return {
        str(code): int(i)
        for code, i in store.execute("SELECT code, id FROM category WHERE active = 1")
    }


def add_missing(store: store_module.Store, categories: Sequence[tuple[str, str]]) -> None:
    """Add each (code, name) not stored yet, in the given order; existing codes stay as they are."""
    for order, (code, name) in enumerate(categories):
        store.execute(
            "INSERT INTO category (code, name, sort_order) VALUES (?, ?, ?) "
            "ON CONFLICT (code) DO NOTHING",
            (code, name, order),
        )
