"""Looking guests up (by card) and the venue overview shown on the dashboard."""

from __future__ import annotations

import time
from dataclasses import dataclass

import peewee

from boostdesk.domain import localtime, privacy
from boostdesk.storage import tables

DAY = 86_400


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
    def __init__(self, database: peewee.Database) -> None:
        self._db = database

    def find_by_card(self, number: str) -> GuestCard | None:
        """The guest holding card ``number`` with balance and visit count, or None if unknown."""
        card = (
            tables.Card.select(tables.Card, tables.Customer)
            .join(tables.Customer, peewee.JOIN.LEFT_OUTER)
            .where(tables.Card.number == number)
            .first()
        )
        if card is None or card.customer_id is None:
            return None
        customer = card.customer
        visits, last_at = self._db.execute_sql(
            "SELECT COUNT(*), MAX(visited_at) FROM visit "
            "WHERE customer_id = ? AND voided_at IS NULL",
            (customer.id,),
        ).fetchone()
        (balance,) = self._db.execute_sql(
            "SELECT COALESCE(SUM(points_minor), 0) FROM ledger_entry WHERE customer_id = ?",
            (customer.id,),
        ).fetchone()
        return GuestCard(
            customer_id=int(customer.id),
            card_number=str(card.number),
            card_status=str(card.status),
            first_name=str(customer.first_name),
            phone_masked=privacy.mask_phone(customer.phone),
            balance_minor=int(balance),
            visits=int(visits),
            last_visit_at=int(last_at) if last_at is not None else None,
        )

    def overview(self, zone: str, now: float | None = None) -> Overview:
        """Headline numbers for the back office: guests, visits and revenue of the last 30 days,
        and visits today (the venue's local day in ``zone``)."""
        now_i = int(now if now is not None else time.time())
        since = now_i - 30 * DAY
        local_midnight = localtime.day_start(localtime.local_day(now_i, zone), zone)
        (guests,) = self._db.execute_sql(
            "SELECT COUNT(*) FROM customer WHERE anonymised_at IS NULL"
        ).fetchone()
        visits, revenue, active, today = self._db.execute_sql(
            "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0), COUNT(DISTINCT customer_id), "
            "COALESCE(SUM(visited_at >= ?), 0) FROM visit "
            "WHERE visited_at >= ? AND visited_at <= ? AND voided_at IS NULL",
            (local_midnight, since, now_i),
        ).fetchone()
        return Overview(int(guests), int(visits), int(revenue), int(active), int(today))
