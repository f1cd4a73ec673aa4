"""Basket categories (coffee, tea, dessert …): a setting of the venue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    code: str
    name: str
    active: bool


def listed(store: store_module.Store) -> list[CategoryRow]:
    """Every category, hidden ones too, in display order."""
    rows = store.execute(
        "SELECT id, code, name, active FROM category ORDER BY sort_order, id"
    ).fetchall()
    return [CategoryRow(int(i), str(c), str(n), bool(a)) for i, c, n, a in rows]


def code_taken(store: store_module.Store, code: str) -> bool:
    return store.one("SELECT 1 FROM category WHERE code = ?", (code,)) is not None


def insert(store: store_module.Store, code: str, name: str) -> int:
    """A new active category at the end of the display order."""
    cursor = store.execute(
        "INSERT INTO category (code, name, sort_order) "
        "VALUES (?, ?, (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM category))",
        (code, name),
    )
    return int(cursor.lastrowid or 0)


def rename(store: store_module.Store, category_id: int, name: str) -> bool:
    return (
        store.execute("UPDATE category SET name = ? WHERE id = ?", (name, category_id)).rowcount
        == 1
    )


def set_active(store: store_module.Store, category_id: int, active: bool) -> bool:
    return (
        store.execute(
            "UPDATE category SET active = ? WHERE id = ?", (int(active), category_id)
        ).rowcount
        == 1
    )


def set_order(store: store_module.Store, category_ids: Sequence[int]) -> None:
    """Number the categories 0, 1, 2 … in the order of ``category_ids``."""
    store.execute_many(
        "UPDATE category SET sort_order = ? WHERE id = ?",
        [(order, category_id) for order, category_id in enumerate(category_ids)],
    )
