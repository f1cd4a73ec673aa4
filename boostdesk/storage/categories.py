"""Queries on the basket categories."""

from __future__ import annotations

import peewee


def active(db: peewee.Database) -> list[tuple[str, str]]:
    """``(code, stored name)`` of the active categories in their display order."""
    rows = db.execute_sql(
        "SELECT code, name FROM category WHERE active = 1 ORDER BY sort_order, id"
    ).fetchall()
    return [(str(code), str(name)) for code, name in rows]
