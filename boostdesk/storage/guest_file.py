"""What the guest page shows of one guest: profile, cards, consent history, visits with their
baskets, ledger entries, vouchers and segment history. Index lookups by guest only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Profile:
    id: int
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
class Visit:
    id: int
    visited_at: int
    amount_minor: int
    voided: bool
    lines: tuple[tuple[str, str, int], ...]  # (category code, stored name, amount)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    id: int
    kind: str
    points_minor: int
    created_at: int
    expires_at: int | None
    note: str | None


def profile(store: store_module.Store, customer_id: int) -> Profile | None:
    """The guest (None when unknown or anonymised)."""
    row = store.one(
        "SELECT id, first_name, last_name, phone, email, birth_date, gender, district, city, "
        "registration_source, created_at FROM customer WHERE id = ? AND anonymised_at IS NULL",
        (customer_id,),
    )
    if row is None:
        return None
    return Profile(
        int(row[0]),
        str(row[1]),
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        str(row[9]),
        int(row[10]),
    )


def cards_of(store: store_module.Store, customer_id: int) -> list[tuple[str, str, int]]:
    """(number, status, issued_at) of the guest's cards, newest first."""
    rows = store.execute(
        "SELECT number, status, issued_at FROM card WHERE customer_id = ? ORDER BY id DESC",
        (customer_id,),
    ).fetchall()
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


def consent_history(
    store: store_module.Store, customer_id: int
) -> list[tuple[str, bool, int, str]]:
    """(channel, granted, recorded_at, source) of every answer, newest first (the current
    answer of a channel is its first row: see ``guests.current_consents``)."""
    rows = store.execute(
        "SELECT channel, granted, recorded_at, source FROM consent WHERE customer_id = ? "
        "ORDER BY recorded_at DESC, granted, id DESC",
        (customer_id,),
    ).fetchall()
    return [(str(r[0]), bool(r[1]), int(r[2]), str(r[3])) for r in rows]


def visits_of(store: store_module.Store, customer_id: int, limit: int) -> list[Visit]:
    """The guest's latest ``limit`` visits (voided ones too) with their basket lines."""
    rows = store.execute(
        "SELECT id, visited_at, amount_minor, voided_at IS NOT NULL FROM visit "
        "WHERE customer_id = ? ORDER BY visited_at DESC, id DESC LIMIT ?",
        (customer_id, limit),
    ).fetchall()
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    lines: dict[int, list[tuple[str, str, int]]] = {}
    marks = ",".join("?" * len(ids))
    for visit_id, code, name, amount in store.execute(
        f"SELECT l.visit_id, c.code, c.name, l.amount_minor FROM visit_line l "
        f"JOIN category c ON c.id = l.category_id WHERE l.visit_id IN ({marks}) ORDER BY l.id",
        ids,
    ):
        lines.setdefault(int(visit_id), []).append((str(code), str(name), int(amount)))
    return [
        Visit(int(r[0]), int(r[1]), int(r[2]), bool(r[3]), tuple(lines.get(int(r[0]), ())))
        for r in rows
    ]


def ledger_of(store: store_module.Store, customer_id: int, limit: int) -> list[LedgerRow]:
    """The guest's latest ``limit`` ledger entries, newest first."""
    rows = store.execute(
        "SELECT id, kind, points_minor, created_at, expires_at, note FROM ledger_entry "
        "WHERE customer_id = ? ORDER BY id DESC LIMIT ?",
        (customer_id, limit),
    ).fetchall()
    return [LedgerRow(int(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4], r[5]) for r in rows]


def transitions_of(
    store: store_module.Store, customer_id: int
) -> list[tuple[str, str | None, str, int]]:
    """(family, from, to, at) of the guest's segment changes, newest first."""
    rows: list[Any] = store.execute(
        "SELECT family, from_segment, to_segment, at FROM segment_history "
        "WHERE customer_id = ? ORDER BY at DESC, id DESC",
        (customer_id,),
    ).fetchall()
    return [(str(r[0]), r[1], str(r[2]), int(r[3])) for r in rows]
