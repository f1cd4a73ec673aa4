"""Who a scenario's trigger meets on a run day: guests entering a segment (kept transitions),
enrolled, with a birthday, name day or family birthday N days ahead, or with points expiring N
days ahead — narrowed to the scenario's audience (a stored segment or a custom segment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boostdesk.domain import localtime
from boostdesk.domain import scenarios as rules
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import custom_segments as stored_custom
from boostdesk.storage import scenarios as scenario_rows
from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Candidate:
    customer_id: int
    occasion: str
    amount_hint: int = 0  # points expiring (points reminder)
    expiry: dt.date | None = None


def fold(name: str) -> str:
    """Turkish-aware case folding for matching first names (İ→i, I→ı)."""
    return name.strip().replace("İ", "i").replace("I", "ı").lower()


class Audience:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
    ) -> None:
        self._store = store
        self._settings = settings
        self._segmentation = segmentation

    def candidates(
        self, scenario: rules.Scenario, since: int, local: int, zone: str
    ) -> list[Candidate]:
        start = localtime.day_start(since + 1, zone)
        end = localtime.day_start(local + 1, zone)
        trigger = scenario.trigger
        if trigger == "entered":
            # full runs store transitions at the end of their day; a visit's at its time
            rows = scenario_rows.entered(self._store, scenario.family, scenario.segment, start, end)
            return [
                Candidate(c, f"{scenario.segment}:{localtime.local_day(a - 1, zone)}")
                for c, a in rows
            ]
        if trigger == "enrolled":
            return [
                Candidate(c, "enrolled") for c, _ in scenario_rows.enrolled(self._store, start, end)
            ]
        out: dict[int, Candidate] = {}
        for run_day in range(since + 1, local + 1):
            target = localtime.date_of(run_day) + dt.timedelta(days=scenario.days_before)
            for candidate in self._calendar(scenario, target, zone):
                out.setdefault(candidate.customer_id, candidate)
        return list(out.values())

    def _calendar(self, scenario: rules.Scenario, target: dt.date, zone: str) -> list[Candidate]:
        month_days = [target.strftime("%m-%d")]
        leap = target.year % 4 == 0 and (target.year % 100 != 0 or target.year % 400 == 0)
        if target.month == 2 and target.day == 28 and not leap:
            month_days.append("02-29")  # born on 29 February: celebrated on the 28th
        trigger = scenario.trigger
        if trigger == "birthday":
            ids = scenario_rows.birthdays_on(self._store, month_days)
            return [Candidate(c, f"birthday:{target.year}", expiry=target) for c in ids]
        if trigger == "family_birthday":
            ids = scenario_rows.family_birthdays_on(self._store, month_days)
            return [Candidate(c, f"family:{target.isoformat()}", expiry=target) for c in ids]
        if trigger == "name_day":
            calendar = dict(self._settings.get("segments.name_days") or {"Tatyana": "01-25"})
            names = {fold(n) for n, when in calendar.items() if when in month_days}
            if not names:
                return []
            return [
                Candidate(c, f"name_day:{target.year}", expiry=target)
                for c, name in scenario_rows.first_names(self._store)
                if fold(name) in names
            ]
        return self._expiring(target, zone)

    def _expiring(self, target: dt.date, zone: str) -> list[Candidate]:
        """Guests whose unspent points expire on local day ``target`` — at least the minimum
        balance that can pay (a reminder of a few kuruş is noise)."""
        first = localtime.day_start(localtime.day_of(target), zone)
        last = localtime.day_start(localtime.day_of(target) + 1, zone)
        floor = max(1, int(self._settings.get("loyalty.min_redeem_balance_minor") or 0))
        return [
            Candidate(customer_id, f"expiry:{target.isoformat()}", points, target)
            for customer_id, points in scenario_rows.expiring_unspent(
                self._store, first, last, floor
            )
            if points >= floor
        ]

    def in_audience(
        self, scenario: rules.Scenario, candidates: list[Candidate], at: int
    ) -> list[Candidate]:
        if not candidates:
            return candidates
        ids = [c.customer_id for c in candidates]
        keep = scenario_rows.active_guests(self._store, ids)
        audience = scenario.audience
        if audience.startswith("custom:"):
            keep &= self._custom_members(audience[7:], at)
        elif ":" in audience:
            family, segment = audience.split(":", 1)
            keep &= scenario_rows.in_segment(self._store, family, segment, ids)
        return [c for c in candidates if c.customer_id in keep]

    def _custom_members(self, key: str, at: int) -> set[int]:
        """The members of custom segment ``key`` as the last full recompute stored them (the
        owner's segments page; ``at`` is not used: members follow the nightly recompute)."""
        return {int(i) for i in stored_custom.members(self._store, key).tolist()}
