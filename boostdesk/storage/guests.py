"""Guests (customers): their record, consents and the trigger-kept totals read at the counter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class NewGuest:
    first_name: str
    last_name: str | None
    phone: str | None
    email: str | None
    birth_date: str | None
    gender: str | None
    district: str | None
    city: str | None
    registration_source: str
    created_at: int


@dataclass(frozen=True, slots=True)
class Contact:
    first_name: str
    phone: str | None
    email: str | None
    birth_date: str | None


def insert(store: store_module.Store, guest: NewGuest) -> int:
    cursor = store.execute(
        "INSERT INTO customer (first_name, last_name, phone, email, birth_date, gender, district, "
        "city, registration_source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            guest.first_name,
            guest.last_name,
            guest.phone,
            guest.email,
            guest.birth_date,
            guest.gender,
            guest.district,
            guest.city,
            guest.registration_source,
            guest.created_at,
        ),
    )
    return int(cursor.lastrowid or 0)


def record_consents(
    store: store_module.Store,
    customer_id: int,
    granted: Sequence[tuple[str, bool]],
    at: int,
    source: str,
    text_version: str,
) -> None:
    """One consent row per (channel, granted)."""
    store.execute_many(
        "INSERT INTO consent (customer_id, channel, granted, recorded_at, source, text_version) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(customer_id, channel, int(yes), at, source, text_version) for channel, yes in granted],
    )


def contact(store: store_module.Store, customer_id: int) -> Contact:
    first_name, phone, email, birth_date = store.one(
        "SELECT first_name, phone, email, birth_date FROM customer WHERE id = ?", (customer_id,)
    )
    return Contact(str(first_name), phone, email, birth_date)


def kept_visits(store: store_module.Store, customer_id: int) -> int:
    """All-time standing visits from the trigger-kept totals."""
    row = store.one("SELECT visits FROM customer_metrics WHERE customer_id = ?", (customer_id,))
    return int(row[0]) if row else 0


def favourite_category(store: store_module.Store, customer_id: int) -> str | None:
    """The code of the category the guest spent most on."""
    row = store.one(
        "SELECT c.code FROM customer_category cc JOIN category c ON c.id = cc.category_id "
        "WHERE cc.customer_id = ? AND cc.amount_minor > 0 ORDER BY cc.amount_minor DESC LIMIT 1",
        (customer_id,),
    )
    return str(row[0]) if row else None
