"""The messages of a run: in the guest's language (else the venue's), on a channel the guest
consents to now (e-mail first, then SMS), with the placeholders filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from boostdesk.documents import texts
from boostdesk.domain import scenarios as rules
from boostdesk.services import scenario_audience
from boostdesk.services import settings as settings_service
from boostdesk.storage import scenarios as scenario_rows
from boostdesk.storage import store as store_module

# English names of the shipped categories (the stored names are the venue's, in Turkish).
_CATEGORY_EN = {"coffee": "coffee", "tea": "tea", "dessert": "dessert", "food": "meal"}


class Messages:
    def __init__(
        self, store: store_module.Store, settings: settings_service.SettingsService
    ) -> None:
        self._store = store
        self._settings = settings

    def language(self) -> str:
        locale = str(self._settings.get("venue.locale") or "tr_TR")
        return "tr" if locale.lower().startswith("tr") else "en"

    def messages(
        self,
        scenario: rules.Scenario,
        given: Sequence[tuple[scenario_audience.Candidate, int]],
        day: dt.date,
        skipped: dict[str, int],
    ) -> dict[int, tuple[str, str, str, str]]:
        """customer -> (channel, language, subject, body) for the guests who may be messaged;
        those who consent to no channel they can be reached on are counted in
        ``skipped["consent"]``."""
        if not scenario.messages or not given:
            return {}
        ids = [c.customer_id for c, _ in given]
        contacts = scenario_rows.contacts(self._store, ids)
        consents = scenario_rows.consents(self._store, ids)
        favourites = scenario_rows.favourite_categories(self._store, ids)
        names = scenario_rows.category_names(self._store)
        venue_language = self.language()
        venue_name = str(self._settings.get("venue.name") or "")
        out: dict[int, tuple[str, str, str, str]] = {}
        for candidate, amount in given:
            contact = contacts.get(candidate.customer_id)
            allowed = consents.get(candidate.customer_id, set())
            channel = None
            if contact is not None and "email" in allowed and contact.email:
                channel = "email"
            elif contact is not None and "sms" in allowed and contact.phone:
                channel = "sms"
            if contact is None or channel is None:
                skipped["consent"] += 1
                continue
            language = contact.language if contact.language in rules.LANGUAGES else venue_language
            values = self._values(
                scenario, candidate, amount, day, language, contact.first_name, venue_name
            )
            code = favourites.get(candidate.customer_id)
            if code:
                values["favourite_category"] = (
                    _CATEGORY_EN.get(code, code) if language == "en" else names.get(code, code)
                ).lower()
            text = rules.message_for(scenario, language, values)
            if text is None:
                continue
            out[candidate.customer_id] = (channel, language, text[0], text[1])
        return out

    def _values(
        self,
        scenario: rules.Scenario,
        candidate: scenario_audience.Candidate,
        amount: int,
        day: dt.date,
        language: str,
        first_name: str,
        venue_name: str,
    ) -> dict[str, str]:
        expiry = candidate.expiry
        if scenario.gives_voucher:
            expiry = day + dt.timedelta(days=scenario.reward.valid_days)
        elif scenario.trigger in ("enrolled", "entered") and scenario.template in (
            "welcome",
            "second_visit",
        ):
            amount = int(self._settings.get("loyalty.welcome_bonus_minor") or 0)
            expiry = day + dt.timedelta(days=int(self._settings.get("loyalty.welcome_valid_days")))
        elif scenario.trigger == "points_expiry":
            amount = candidate.amount_hint
        return {
            "first_name": first_name,
            "amount": texts.money(amount, language) if amount else "",
            "expiry": texts.date(expiry, language) if expiry else "",
            "favourite_category": "kahve" if language == "tr" else "coffee",
            "venue": venue_name,
        }
