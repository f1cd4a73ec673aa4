"""Business settings stored in the database (they travel with backups)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from boostdesk.domain import defaults, localtime, reward_rules
from boostdesk.services import ops
from boostdesk.storage import audit, kept_totals
from boostdesk.storage import reward_rules as reward_rule_rows
from boostdesk.storage import settings as settings_db
from boostdesk.storage import store as store_module


class SettingsService:
    def __init__(self, store: store_module.Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._clock = clock

    def get(self, key: str) -> Any:
        """The stored value of ``key``, or its default for a new venue."""
        found, value = settings_db.load(self._store, key)
        return value if found else defaults.SETTINGS.get(key)

    def all(self) -> dict[str, Any]:
        values = dict(defaults.SETTINGS)
        values.update(settings_db.load_all(self._store))
        return values

    def change(self, actor: ops.Actor, values: Mapping[str, Any]) -> ops.Changes:
        """Store ``values`` (owner only: settings decide cashback, limits and rules); audited with
        the keys changed, never the values. A new venue zone re-derives every visit's local day
        and day-part and rebuilds the kept totals in the same transaction; a changed reward rule
        (``loyalty.*``) is validated and kept as a new reward-rules version, like
        ``RewardRulesService.change`` does."""
        actor.require(ops.Role.OWNER, "change settings")
        zone = values.get("venue.timezone")
        moved = zone is not None and zone != self.get("venue.timezone")
        if moved:
            localtime.zone_of(str(zone))  # an unknown zone is refused before anything changes
        rules = self._reward_rules_after(values)
        with self._store.transaction():
            if rules is not None:  # a reward rule changed here too: it is a new version as well
                if not reward_rule_rows.versions(self._store):
                    current = reward_rules.RewardRules.from_settings(self.all())
                    reward_rule_rows.add_version(self._store, 0, current.as_json(), None)
                reward_rule_rows.add_version(
                    self._store, int(self._clock()), rules.as_json(), actor.user_id
                )
            settings_db.save(self._store, values)
            if moved:
                kept_totals.change_venue_zone(self._store, str(zone))
            audit.record(
                self._store,
                int(self._clock()),
                actor.user_id,
                "settings.change",
                ",".join(sorted(values)),
            )
        return ops.Changes(settings=True, all_guests=True, visits=moved, segments=moved)

    def _reward_rules_after(self, values: Mapping[str, Any]) -> reward_rules.RewardRules | None:
        """The reward rules ``values`` would put in force (validated), or None when they change
        none of them."""
        keys = set(reward_rules.SETTING_KEYS.values())
        current = self.all()
        if not any(k in keys and current.get(k) != v for k, v in values.items()):
            return None
        rules = reward_rules.RewardRules.from_settings({**current, **values})
        rules.validate()
        return rules

    def save_version(
        self,
        actor: ops.Actor,
        area: str,
        values: Mapping[str, Any],
        snapshot: Mapping[str, Any],
    ) -> ops.Result[int]:
        """Store ``values`` as a new version of ``area``'s settings (owner only), keeping
        ``snapshot`` (the whole set after the save) with who saved it and when; audited with the
        area, the version number and the keys changed, never the values. The result is the
        version number; the changes ask for a recompute (``rules``)."""
        actor.require(ops.Role.OWNER, f"change the {area} settings")
        at = int(self._clock())
        with self._store.transaction():
            settings_db.save(self._store, values)
            number = settings_db.add_version(
                self._store, area, at, actor.user_id, sorted(values), snapshot
            )
            audit.record(
                self._store,
                at,
                actor.user_id,
                "settings.version",
                f"{area} v{number}: {','.join(sorted(values))}",
            )
        return ops.Result(number, ops.Changes(settings=True, rules=True))

    def versions(self, area: str, limit: int = 50) -> list[settings_db.Version]:
        """The saved versions of ``area``'s settings, newest first."""
        return settings_db.versions(self._store, area, limit)

    def venue_name(self) -> str:
        return str(self.get("venue.name") or "")

    def is_demo(self) -> bool:
        return bool(self.get("venue.is_demo"))
