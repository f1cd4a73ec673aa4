"""Business settings: one row per key, the value as JSON text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from boostdesk.storage import store as store_module


def load(store: store_module.Store, key: str) -> tuple[bool, Any]:
    """(found, value) of one stored setting."""
    row = store.one("SELECT value FROM setting WHERE key = ?", (key,))
    return (True, json.loads(row[0])) if row else (False, None)


def load_all(store: store_module.Store) -> dict[str, Any]:
    return {str(k): json.loads(v) for k, v in store.execute("SELECT key, value FROM setting")}


def save(store: store_module.Store, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        store.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )
