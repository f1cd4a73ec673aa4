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


@dataclass(frozen=True, slots=True)
class CardHolder:
    """A card with its guest's first name, phone, standing visits and points."""

    customer_id: int
    card_number: str
    card_status: str
    first_name: str
    phone: str | None
    visits: int
    last_visit_at: int | None
    balance_minor: int


def card_holder(store: store_module.Store, number: str) -> CardHolder | None:
    """The guest holding card ``number`` (None for an unknown card or one nobody holds)."""
    row = store.one(
        "SELECT c.id, k.number, k.status, c.first_name, c.phone, "
        "(SELECT COUNT(*) FROM visit WHERE customer_id = c.id AND voided_at IS NULL), "
        "(SELECT MAX(visited_at) FROM visit WHERE customer_id = c.id AND voided_at IS NULL), "
        "(SELECT COALESCE(SUM(points_minor), 0) FROM ledger_entry WHERE customer_id = c.id) "
        "FROM card k JOIN customer c ON c.id = k.customer_id WHERE k.number = ?",
        (number,),
    )
    if row is None:
        return None
    return CardHolder(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        row[4],
        int(row[5]),
        None if row[6] is None else int(row[6]),
        int(row[7]),
    )


def update_profile(
    store: store_module.Store,
    customer_id: int,
    fields: tuple[
        str, str | None, str | None, str | None, str | None, str | None, str | None, str | None
    ],
) -> None:
    """Replace (first name, last name, phone, e-mail, birth date, gender, district, city)."""
    store.execute(
        "UPDATE customer SET first_name = ?, last_name = ?, phone = ?, email = ?, "
        "birth_date = ?, gender = ?, district = ?, city = ? WHERE id = ?",
        (*fields, customer_id),
    )


def current_consents(store: store_module.Store, customer_id: int) -> dict[str, bool]:
    """Channel -> the guest's latest answer (of two given at the same second, the no: two
    records of one person merged may disagree, and a refusal is the safe reading)."""
    found: dict[str, bool] = {}
    for channel, granted in store.execute(
        "SELECT channel, granted FROM consent WHERE customer_id = ? "
        "ORDER BY recorded_at DESC, granted, id DESC",
        (customer_id,),
    ):
        found.setdefault(str(channel), bool(granted))
    return found
