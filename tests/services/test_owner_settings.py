"""The owner's settings operations (venue, categories, reward rates, users) on a real venue file:
each is one audited transaction and each refuses a cashier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from boostdesk.services import categories, ops, setup, users, venue
from boostdesk.storage import audit
from boostdesk.storage import users as users_db

OWNER_PIN, CASHIER_PIN = "2468", "1357"


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    setup.set_up_venue(empty_venue, name="Kafe", owner_pin=OWNER_PIN, cashier_pin=CASHIER_PIN)
    return empty_venue


@pytest.fixture
def owner(shop: venue.Venue) -> ops.Actor:
    return shop.users.sign_in(OWNER_PIN)


@pytest.fixture
def cashier(shop: venue.Venue) -> ops.Actor:
    return shop.users.sign_in(CASHIER_PIN)


def last_action(shop: venue.Venue) -> str:
    return audit.latest(shop.store, 1)[0].action


def user_id(shop: venue.Venue, name: str) -> int:
    return next(u.id for u in users_db.listed(shop.store) if u.name == name)


def owner_operations(shop: venue.Venue) -> dict[str, Callable[[ops.Actor], Any]]:
    coffee = shop.categories.listed()[0].id
    ids = [row.id for row in shop.categories.listed()]
    cashier_id = user_id(shop, "Kasa")
    return {
        "settings": lambda a: shop.settings.change(a, {"venue.name": "Başka"}),
        "zone": lambda a: shop.settings.change(a, {"venue.timezone": "Europe/Berlin"}),
        "rates": lambda a: shop.settings.change(a, {"loyalty.cashback_vip_bp": 1500}),
        "add category": lambda a: shop.categories.add(a, "Soğuk içecek"),
        "rename category": lambda a: shop.categories.rename(a, coffee, "Espresso"),
        "hide category": lambda a: shop.categories.set_hidden(a, coffee, True),
        "reorder categories": lambda a: shop.categories.reorder(a, ids[::-1]),
        "list users": lambda a: shop.users.listed(a),
        "add user": lambda a: shop.users.create(a, "Ayşe", ops.Role.CASHIER, "8642"),
        "disable user": lambda a: shop.users.deactivate(a, cashier_id),
        "enable user": lambda a: shop.users.activate(a, cashier_id, "9753"),
        "reset PIN": lambda a: shop.users.reset_pin(a, cashier_id, "9753"),
        "clear lockout": lambda a: shop.users.reset_lock(a, cashier_id),
    }


@pytest.mark.parametrize(
    "name",
    [
        "settings",
        "zone",
        "rates",
        "add category",
        "rename category",
        "hide category",
        "reorder categories",
        "list users",
        "add user",
        "disable user",
        "enable user",
        "reset PIN",
        "clear lockout",
    ],
)
def test_a_cashier_is_refused_every_owner_operation(
    shop: venue.Venue, cashier: ops.Actor, name: str
) -> None:
    before_settings = shop.settings.all()
    before_categories = shop.categories.listed()
    before_users = users_db.listed(shop.store)
    before_audit = audit.latest(shop.store, 1)
    with pytest.raises(ops.PermissionDenied):
        owner_operations(shop)[name](cashier)
    assert shop.settings.all() == before_settings
    assert shop.categories.listed() == before_categories
    assert users_db.listed(shop.store) == before_users
    assert audit.latest(shop.store, 1) == before_audit


def test_venue_settings_and_reward_rates_are_stored_and_audited(
    shop: venue.Venue, owner: ops.Actor
) -> None:
    changes = shop.settings.change(
        owner, {"venue.name": "Köşe Kahvecisi", "loyalty.cashback_loyal_bp": 850}
    )
    assert changes.settings
    assert shop.settings.venue_name() == "Köşe Kahvecisi"
    assert shop.settings.get("loyalty.cashback_loyal_bp") == 850
    entry = audit.latest(shop.store, 1)[0]
    assert (entry.action, entry.user_id, entry.detail) == (
        "settings.change",
        owner.user_id,
        "loyalty.cashback_loyal_bp,venue.name",
    )


def test_categories_added_renamed_reordered_and_hidden(shop: venue.Venue, owner: ops.Actor) -> None:
    added = shop.categories.add(owner, "  Soğuk   İçecek ").value
    assert last_action(shop) == "category.add"
    rows = {row.id: row for row in shop.categories.listed()}
    assert (rows[added].code, rows[added].name) == ("soguk_icecek", "Soğuk İçecek")
    with pytest.raises(categories.CategoryError) as taken:
        shop.categories.add(owner, "SOĞUK İÇECEK")
    assert taken.value.reason == "name_taken"

    coffee = next(row for row in shop.categories.listed() if row.code == "coffee")
    shop.categories.rename(owner, coffee.id, "Kahveler")
    ids = [row.id for row in shop.categories.listed()]
    shop.categories.reorder(owner, [added, *[i for i in ids if i != added]])
    assert shop.categories.listed()[0].id == added
    with pytest.raises(categories.CategoryError):
        shop.categories.reorder(owner, ids[:-1])

    shop.categories.set_hidden(owner, coffee.id, True)
    counter = shop.counter.categories()
    assert ("coffee", "Kahveler") not in counter
    assert counter[0] == ("soguk_icecek", "Soğuk İçecek")
    shown = [row for row in shop.categories.listed() if row.active]
    for row in shown[:-1]:
        shop.categories.set_hidden(owner, row.id, True)
    with pytest.raises(categories.CategoryError) as last:
        shop.categories.set_hidden(owner, shown[-1].id, True)
    assert last.value.reason == "last_shown"


def test_a_new_pin_clears_the_lockout_and_the_old_pin(shop: venue.Venue, owner: ops.Actor) -> None:
    cashier_id = user_id(shop, "Kasa")
    for _ in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users.AuthError):
            shop.users.sign_in("5555", role=ops.Role.CASHIER)
    listed = {u.id: u for u in shop.users.listed(owner)}
    assert listed[cashier_id].locked_until is not None

    with pytest.raises(users.UserError) as taken:
        shop.users.reset_pin(owner, cashier_id, OWNER_PIN)
    assert taken.value.reason == "pin_taken"
    shop.users.reset_pin(owner, cashier_id, "7531")
    assert last_action(shop) == "user.reset_pin"
    assert {u.id: u for u in shop.users.listed(owner)}[cashier_id].locked_until is None
    assert shop.users.sign_in("7531").user_id == cashier_id
    with pytest.raises(users.AuthError):
        shop.users.sign_in(CASHIER_PIN)


def test_a_disabled_user_comes_back_only_with_a_new_pin(
    shop: venue.Venue, owner: ops.Actor
) -> None:
    cashier_id = user_id(shop, "Kasa")
    shop.users.deactivate(owner, cashier_id)
    with pytest.raises(users.AuthError):
        shop.users.sign_in(CASHIER_PIN)
    # Meanwhile a new cashier gets the old PIN: the returning one cannot keep it.
    shop.users.create(owner, "Ayşe", ops.Role.CASHIER, CASHIER_PIN)
    with pytest.raises(users.UserError) as taken:
        shop.users.activate(owner, cashier_id, CASHIER_PIN)
    assert taken.value.reason == "pin_taken"
    shop.users.activate(owner, cashier_id, "8080")
    assert last_action(shop) == "user.activate"
    assert shop.users.sign_in("8080").user_id == cashier_id


def test_the_last_active_owner_cannot_be_disabled(shop: venue.Venue, owner: ops.Actor) -> None:
    with pytest.raises(users.UserError) as last:
        shop.users.deactivate(owner, owner.user_id or 0)
    assert last.value.reason == "last_owner"
    second = shop.users.create(owner, "Ortak", ops.Role.OWNER, "1122").value
    shop.users.deactivate(owner, owner.user_id or 0)
    with pytest.raises(users.UserError):
        shop.users.deactivate(owner, second)
