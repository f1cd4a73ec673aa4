"""Reward rules as versioned settings, and the nightly expiry of points by ledger entries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from boostdesk.domain import reward_rules, rewards
from boostdesk.services import ops
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit, ledger
from boostdesk.storage import reward_rules as rule_rows
from boostdesk.storage import settings as settings_db
from boostdesk.storage import store as store_module

logger = logging.getLogger(__name__)

DAY = 86_400
EXPIRY_MARK = "loyalty.expiry_booked_until"
CATCH_UP_S = 400 * DAY  # the first run looks back over every lot a default rule could hold


class RewardRulesService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    def current(self) -> reward_rules.RewardRules:
        return reward_rules.RewardRules.from_settings(self._settings.all())

    def versions(self) -> list[tuple[int, int, reward_rules.RewardRules]]:
        """(version, valid from, rules) of every saved change, oldest first."""
        return [
            (v, f, reward_rules.RewardRules(**rules))
            for v, f, rules, _user in rule_rows.versions(self._store)
        ]

    def preview(self, new: reward_rules.RewardRules) -> reward_rules.ExpiryPreview:
        """What saving ``new`` would do to points: issued points keep their expiry."""
        now = int(self._clock())
        soon = 0
        for customer_id in rule_rows.guests_with_lots_expired(self._store, now, now + 30 * DAY):
            soon += self._balance(customer_id, now).expiring_soon_minor
        return reward_rules.ExpiryPreview(
            open_points_minor=rule_rows.open_points(self._store),
            expiring_30_days_minor=soon,
            old_days=self.current().points_expiry_days,
            new_days=new.points_expiry_days,
        )

    def change(self, actor: ops.Actor, new: reward_rules.RewardRules) -> ops.Result[int]:
        """Save ``new`` as the next version (owner only); the counter uses it from now on."""
        actor.require(ops.Role.OWNER, "change the reward rules")
        new.validate()
        now = int(self._clock())
        with self._store.transaction():
            if not rule_rows.versions(self._store):  # keep what was in force until now
                rule_rows.add_version(self._store, 0, self.current().as_json(), None)
            settings_db.save(self._store, new.as_settings())
            version = rule_rows.add_version(self._store, now, new.as_json(), actor.user_id)
            audit.record(self._store, now, actor.user_id, "rewards.change", f"version={version}")
        return ops.Result(version, ops.Changes(settings=True, all_guests=True))

    def _balance(self, customer_id: int, now: int) -> rewards.Balance:
        entries = [
            rewards.Entry(i, k, p, c, e, u, r)
            for i, k, p, c, e, u, r in ledger.of_customer(self._store, customer_id)
        ]
        return rewards.balance(entries, now)

    def expire_due(self, actor: ops.Actor = ops.SYSTEM) -> ops.Result[int]:
        """Book an ``expire`` entry for every guest whose points expired since the last run (FIFO
        by the lots' own expiry); returns the guests touched. The nightly job runs it."""
        actor.require(ops.Role.OWNER, "expire points")
        now = int(self._clock())
        found, mark = settings_db.load(self._store, EXPIRY_MARK)
        after = int(mark) if found else now - CATCH_UP_S
        touched: list[int] = []
        with self._store.transaction():
            for customer_id in rule_rows.guests_with_lots_expired(self._store, after, now):
                expired = self._balance(customer_id, now).expired_unbooked_minor
                if expired > 0:
                    ledger.add(
                        self._store,
                        ledger.NewEntry(customer_id, "expire", -expired, now, note="nightly"),
                    )
                    touched.append(customer_id)
            settings_db.save(self._store, {EXPIRY_MARK: now})
            audit.record(
                self._store, now, actor.user_id, "rewards.expire", f"guests={len(touched)}"
            )
        logger.info("points expired for %d guest(s)", len(touched))
        return ops.Result(len(touched), ops.Changes(ledger=bool(touched), guests=tuple(touched)))
