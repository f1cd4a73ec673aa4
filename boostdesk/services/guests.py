"""Looking guests up (by card) and the venue overview shown on the dashboard."""

from __future__ import annotations

import time
from dataclasses import dataclass

from boostdesk.domain import localtime, privacy
from boostdesk.storage import cards
from boostdesk.storage import guests as guests_db
from boostdesk.storage import store as store_module

DAY = 86_400
OVERVIEW_DAYS = 30


@dataclass(frozen=True, slots=True)
class GuestCard:
    customer_id: int
    card_number: str
    card_status: str
    first_name: str
    phone_masked: str
    balance_minor: int
    visits: int
    last_visit_at: int | None


@dataclass(frozen=True, slots=True)
class Overview:
    guests: int
    visits_30d: int
    revenue_30d_minor: int
    active_guests_30d: int
    visits_today: int


class GuestService:
    def __init__(self, store: store_module.Store) -> None:
        self._store = store

    def find_by_card(self, number: str) -> GuestCard | None:
        """The guest holding card ``number`` with balance and visit count, or None if unknown."""
        holder = guests_db.card_holder(self._store, number)
        if holder is None:
            return None
        return GuestCard(
            customer_id=holder.customer_id,
            card_number=holder.card_number,
            card_status=holder.card_status,
            first_name=holder.first_name,
            phone_masked=privacy.mask_phone(holder.phone),
            balance_minor=holder.balance_minor,
            visits=holder.visits,
            last_visit_at=holder.last_visit_at,
        )

    def showcase_card(self) -> str | None:
        """An active card worth showing (screenshots): a loyal guest seen most recently."""
        return cards.showcase(self._store)

    def overview(self, zone: str, now: float | None = None) -> Overview:
        """Headline numbers for the back office: guests, and visits, revenue and visiting guests
        of the last 30 local days (today included) and of today, in the venue zone ``zone``."""
        now_i = int(now if now is not None else time.time())
        today = localtime.local_day(now_i, zone)
        return Overview(
            *guests_db.venue_overview(self._store, today - OVERVIEW_DAYS + 1, today, now_i)
        )
