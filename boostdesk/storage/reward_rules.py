"""Versions of the reward rules, and the ledger reads of the nightly expiry."""

from __future__ import annotations

import json
from typing import Any

from boostdesk.storage import store as store_module


def versions(store: store_module.Store) -> list[tuple[int, int, dict[str, Any], int | None]]:
    """(version, valid from, rules, user) oldest first."""
    rows = store.execute(
        "SELECT version, valid_from, rules, user_id FROM reward_rules ORDER BY version"
    ).fetchall()
    return [(int(v), int(f), json.loads(r), None if u is None else int(u)) for v, f, r, u in rows]


def add_version(
    store: store_module.Store, valid_from: int, rules: dict[str, Any], user_id: int | None
) -> int:
    row = store.one("SELECT COALESCE(MAX(version), 0) + 1 FROM reward_rules")
    version = int(row[0])
    store.execute(
        "INSERT INTO reward_rules (version, valid_from, rules, user_id) VALUES (?, ?, ?, ?)",
        (version, valid_from, json.dumps(rules), user_id),
    )
    return version


def guests_with_lots_expired(store: store_module.Store, after: int, until: int) -> list[int]:
    """Guests holding a credit lot whose expiry passed with after < expires_at <= until."""
    rows = store.execute(
        # "+kind": compare without the kind index, so the expiry-day index is the one used
        "SELECT DISTINCT customer_id FROM ledger_entry "
        "WHERE +kind IN ('earn', 'welcome', 'adjust') AND expires_at > ? AND expires_at <= ?",
        (after, until),
    ).fetchall()
    return [int(r[0]) for r in rows]


def open_points(store: store_module.Store) -> int:
    """The sum of all ledger entries (what guests hold, usable or pending)."""
    row = store.one("SELECT COALESCE(SUM(points_minor), 0) FROM ledger_entry")
    return int(row[0])
