"""Roles are enforced in the services: a cashier is refused every owner-only operation and
nothing changes; the counter's operations record who did them (PRODUCT §9, issue 8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, import_customers, importer, ops, setup, users, venue
from boostdesk.storage import audit

OWNER = ops.Actor(1, "Sahip", ops.Role.OWNER)
CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
T0 = 1_790_000_000


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    setup.set_up_venue(empty_venue, name="Kafe", owner_pin="2468", cashier_pin="1357")
    return empty_venue


def snapshot(shop: venue.Venue) -> list[tuple[object, ...]]:
    """Every row of the tables an owner-only operation could touch."""
    rows: list[tuple[object, ...]] = []
    for table in ("user", "setting", "audit_log", "customer", "visit", "import_batch"):
        rows += [(table, *r) for r in shop.store.execute(f"SELECT * FROM {table} ORDER BY 1")]
    return rows


def import_a_visit(shop: venue.Venue, actor: ops.Actor) -> object:
    path = shop.data_dir / "pos.csv"
    path.write_text("customer_ref,card,visited_at,amount,category\nA1,,2026-09-20,45.50,\n")
    return importer.import_visits(shop, path, actor=actor)


def import_a_guest(shop: venue.Venue, actor: ops.Actor) -> object:
    path = shop.data_dir / "guests.csv"
    path.write_text("customer_ref,name\nA1,Ada\n")
    return import_customers.import_customers(shop, path, actor=actor)


OWNER_ONLY: dict[str, Callable[[venue.Venue, ops.Actor], object]] = {
    "import visits": import_a_visit,
    "import customers": import_a_guest,
    "create a user": lambda shop, actor: shop.users.create(actor, "Yeni", ops.Role.OWNER, "8642"),
    "deactivate a user": lambda shop, actor: shop.users.deactivate(actor, 1),
    "reset a lock": lambda shop, actor: shop.users.reset_lock(actor, 1),
    "list users": lambda shop, actor: shop.users.listed(actor),
    "change settings": lambda shop, actor: shop.settings.change(
        actor, {"loyalty.cashback_bp": 10_000}
    ),
}


@pytest.mark.parametrize("operation", sorted(OWNER_ONLY))
def test_a_cashier_is_refused_owner_only_operations_and_nothing_changes(
    shop: venue.Venue, operation: str
) -> None:
    before = snapshot(shop)
    with pytest.raises(ops.PermissionDenied) as refused:
        OWNER_ONLY[operation](shop, CASHIER)
    assert refused.value.needed is ops.Role.OWNER
    assert operation in str(refused.value)
    assert snapshot(shop) == before


def test_owner_operations_work_for_the_owner_and_are_audited(shop: venue.Venue) -> None:
    created = shop.users.create(OWNER, "Ece", ops.Role.CASHIER, "8642")
    assert created.changes.users
    assert shop.settings.change(OWNER, {"loyalty.cashback_bp": 600}).settings
    assert shop.settings.get("loyalty.cashback_bp") == 600
    shop.users.deactivate(OWNER, created.value)
    assert [u.name for u in shop.users.listed(OWNER) if u.active] == ["Sahip", "Kasa"]
    logged = [(e.user_id, e.action, e.detail) for e in reversed(audit.latest(shop.store))]
    assert logged[-3:] == [
        (1, "user.create", f"user={created.value}"),
        (1, "settings.change", "loyalty.cashback_bp"),
        (1, "user.deactivate", f"user={created.value}"),
    ]


def test_a_pin_another_user_has_is_refused(shop: venue.Venue) -> None:
    with pytest.raises(users.UserError, match="pin_taken"):
        shop.users.create(OWNER, "Ece", ops.Role.CASHIER, "1357")


def test_the_last_owner_cannot_be_deactivated(shop: venue.Venue) -> None:
    with pytest.raises(users.UserError, match="last_owner"):
        shop.users.deactivate(OWNER, 1)


def test_visits_voids_enrolments_and_redemptions_carry_the_signed_in_user(
    shop: venue.Venue,
) -> None:
    card = codes.card_number(77)
    form = checkout.Enrolment(first_name="Deniz")
    customer_id = shop.checkout.enrol(CASHIER, card, form, now=T0).value
    shop.checkout.record_visit(
        OWNER, checkout.VisitDraft(customer_id, None, 40_000, "first"), now=T0 + 60
    )
    draft = checkout.VisitDraft(customer_id, None, 20_000, "second", redeem_points_minor=1_000)
    saved = shop.checkout.record_visit(CASHIER, draft, now=T0 + 120)
    assert saved.changes.touches_guest(customer_id) and saved.changes.visits
    voided = shop.checkout.void_last_visit(CASHIER, customer_id, "typo", now=T0 + 180)
    assert voided.value == saved.value.visit_id
    visits = shop.store.execute("SELECT idempotency_key, user_id FROM visit ORDER BY id")
    assert visits.fetchall() == [("first", 1), ("second", 2)]
    ledger = shop.store.execute("SELECT kind, user_id FROM ledger_entry ORDER BY id").fetchall()
    assert ledger == [
        ("welcome", 2),
        ("earn", 1),
        ("redeem", 2),
        ("earn", 2),
        ("reverse", 2),  # the void takes back the redemption and the earn
        ("reverse", 2),
    ]
    logged = {(e.action, e.user_id) for e in audit.latest(shop.store)}
    assert {("customer.enrol", 2), ("visit.redeem", 2), ("visit.void", 2)} <= logged


def test_the_system_actor_is_an_owner_but_no_person() -> None:
    assert ops.SYSTEM.is_owner and ops.SYSTEM.user_id is None
