"""Looking guests up (by card)."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.domain import privacy
from boostdesk.storage import cards
from boostdesk.storage import guests as guests_db
from boostdesk.storage import store as store_module


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
