"""Personal-data rights as services: owner only, audited by ids, aggregates kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boostdesk.services import ops, privacy, venue
from boostdesk.storage import database

OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
CASHIER = ops.Actor(user_id=2, name="Cashier", role=ops.Role.CASHIER)


def _card(opened: venue.Venue) -> tuple[str, int]:
    number, customer_id = opened.store.one(
        "SELECT number, customer_id FROM card WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1"
    )
    return str(number), int(customer_id)


def test_the_app_overwrites_deleted_data_whatever_sqlite_was_built_with(
    demo_venue: venue.Venue,
) -> None:
    conn = database.raw_connection(demo_venue.store)
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_a_cashier_can_neither_export_nor_erase(demo_venue: venue.Venue, tmp_path: Path) -> None:
    card, _ = _card(demo_venue)
    with pytest.raises(ops.PermissionDenied):
        privacy.export_person(demo_venue, CASHIER, card, tmp_path / "x.json")
    with pytest.raises(ops.PermissionDenied):
        privacy.erase(demo_venue, CASHIER, card)
    assert not (tmp_path / "x.json").exists()


def test_erasure_keeps_the_venue_totals_and_blocks_the_card(demo_venue: venue.Venue) -> None:
    card, customer_id = _card(demo_venue)
    totals = demo_venue.store.one("SELECT COUNT(*), SUM(amount_minor) FROM visit")
    points = demo_venue.store.one("SELECT SUM(points_minor) FROM ledger_entry")
    erased = privacy.erase(demo_venue, OWNER, card)
    assert erased.value.customer_id == customer_id and erased.changes.touches_guest(customer_id)
    assert demo_venue.store.one("SELECT COUNT(*), SUM(amount_minor) FROM visit") == totals
    assert demo_venue.store.one("SELECT SUM(points_minor) FROM ledger_entry") == points
    assert demo_venue.store.one(
        "SELECT customer_id, status FROM card WHERE number = ?", (card,)
    ) == (
        None,
        "blocked",
    )
    row = demo_venue.store.one(
        "SELECT first_name, last_name, phone, email, birth_date, anonymised_at FROM customer "
        "WHERE id = ?",
        (customer_id,),
    )
    assert row[:5] == ("", None, None, None, None) and row[5] is not None
    with pytest.raises(privacy.UnknownCardError):
        privacy.erase(demo_venue, OWNER, card)


def test_the_export_holds_the_guest_and_only_the_guest(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    card, customer_id = _card(demo_venue)
    out = tmp_path / "guest.json"
    privacy.export_person(demo_venue, OWNER, card, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["guest"]["id"] == customer_id
    visits = demo_venue.store.one(
        "SELECT COUNT(*) FROM visit WHERE customer_id = ?", (customer_id,)
    )[0]
    assert len(document["visits"]) == visits > 0
    assert out.stat().st_mode & 0o777 == 0o600
    logged = demo_venue.store.one("SELECT action, detail, user_id FROM audit_log ORDER BY id DESC")
    assert logged == ("person.export", f"customer={customer_id}", 1)
