"""Business settings: one row per key, the value as JSON text."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Version:
    """One saved version of an area's settings: who saved it, when, what changed, the whole set."""

    number: int
    saved_at: int
    user_id: int | None
    user_name: str | None
    changed: tuple[str, ...]
    snapshot: dict[str, Any]


def add_version(
    store: store_module.Store,
    area: str,
    saved_at: int,
    user_id: int | None,
    changed: Sequence[str],
    snapshot: Mapping[str, Any],
) -> int:
    """Record a new version of ``area``'s settings; returns its number (1, 2, …)."""
    store.execute(
        "INSERT INTO settings_version (area, saved_at, user_id, changed, snapshot) "
        "VALUES (?, ?, ?, ?, ?)",
        (area, saved_at, user_id, ",".join(changed), json.dumps(dict(snapshot))),
    )
    row = store.one("SELECT COUNT(*) FROM settings_version WHERE area = ?", (area,))
    return int(row[0])


def versions(store: store_module.Store, area: str, limit: int = 50) -> list[Version]:
    """The newest versions of ``area``'s settings first."""
    rows = store.execute(
        "SELECT v.id, v.saved_at, v.user_id, u.name, v.changed, v.snapshot, "
        "(SELECT COUNT(*) FROM settings_version w WHERE w.area = v.area AND w.id <= v.id) "
        "FROM settings_version v LEFT JOIN user u ON u.id = v.user_id "
        "WHERE v.area = ? ORDER BY v.id DESC LIMIT ?",
        (area, limit),
    ).fetchall()
    return [
        Version(
            int(number),
            int(at),
            None if uid is None else int(uid),
            None if name is None else str(name),
            tuple(c for c in str(changed).split(",") if c),
            json.loads(snapshot),
        )
        for _id, at, uid, name, changed, snapshot, number in rows
    ]
