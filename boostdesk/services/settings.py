"""Business settings stored in the database (they travel with backups)."""

from __future__ import annotations

import json
from typing import Any

import peewee

from boostdesk.domain import defaults
from boostdesk.storage import tables


class SettingsService:
    def __init__(self, database: peewee.Database) -> None:
        self._db = database

    def get(self, key: str) -> Any:
        """The stored value of ``key``, or its default for a new venue."""
        row = tables.Setting.get_or_none(tables.Setting.key == key)
        if row is None:
            return defaults.SETTINGS.get(key)
        return json.loads(row.value)

    def all(self) -> dict[str, Any]:
        values = dict(defaults.SETTINGS)
        values.update({row.key: json.loads(row.value) for row in tables.Setting.select()})
        return values

    def set_many(self, values: dict[str, Any]) -> None:
        with self._db.atomic():
            for key, value in values.items():
                tables.Setting.replace(
                    key=key, value=json.dumps(value, ensure_ascii=False)
                ).execute()

    def venue_name(self) -> str:
        return str(self.get("venue.name") or "")

    def is_demo(self) -> bool:
        return bool(self.get("venue.is_demo"))
