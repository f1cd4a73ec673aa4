"""PIN sign-in, roles and lockout."""

from __future__ import annotations

import pytest

from boostdesk.services import setup, users, venue


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_owner_and_cashier_sign_in_with_their_pins(empty_venue: venue.Venue) -> None:
    setup.set_up_venue(empty_venue, name="Kafe", owner_pin="2468", cashier_pin="1357")
    assert empty_venue.users.sign_in("2468").role is users.Role.OWNER
    assert empty_venue.users.sign_in("1357").role is users.Role.CASHIER
    with pytest.raises(users.AuthError):
        empty_venue.users.sign_in("1357", role=users.Role.OWNER)


def test_pins_are_stored_as_salted_slow_hashes(empty_venue: venue.Venue) -> None:
    setup.set_up_venue(empty_venue, name="Kafe", owner_pin="2468", cashier_pin="1357")
    stored = [row[0] for row in empty_venue.db.execute_sql("SELECT pin_hash FROM user")]
    assert all(h.startswith("scrypt$") and "2468" not in h and "1357" not in h for h in stored)


def test_five_wrong_pins_lock_the_account(empty_venue: venue.Venue) -> None:
    clock = FakeClock()
    service = users.UserService(empty_venue.db, clock=clock)
    service.create("Sahip", users.Role.OWNER, "2468")
    for _ in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users.AuthError, match="wrong_pin"):
            service.sign_in("0000", role=users.Role.OWNER)
    with pytest.raises(users.AuthError) as locked:
        service.sign_in("2468", role=users.Role.OWNER)  # even the right PIN waits
    assert locked.value.reason == "locked" and locked.value.retry_after > 0
    clock.now += users.LOCKOUT_SECONDS + 1
    assert service.sign_in("2468", role=users.Role.OWNER).name == "Sahip"


def test_owner_only_actions_are_enforced_in_the_service_layer() -> None:
    cashier = users.SignedIn(2, "Kasa", users.Role.CASHIER)
    owner = users.SignedIn(1, "Sahip", users.Role.OWNER)
    with pytest.raises(users.PermissionDenied):
        users.require(cashier, users.Role.OWNER)
    with pytest.raises(users.PermissionDenied):
        users.require(None, users.Role.CASHIER)
    users.require(owner, users.Role.CASHIER)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " ", "owner_pin": "2468", "cashier_pin": "1357"}, "name"),
        ({"name": "Kafe", "owner_pin": "12", "cashier_pin": "1357"}, "owner_pin"),
        ({"name": "Kafe", "owner_pin": "2468", "cashier_pin": "2468"}, "cashier_pin"),
        ({"name": "Kafe", "owner_pin": "24a8", "cashier_pin": "1357"}, "owner_pin"),
    ],
)
def test_set_up_form_errors_name_the_field(
    empty_venue: venue.Venue, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(setup.SetupError) as caught:
        setup.set_up_venue(empty_venue, **fields)
    assert caught.value.field == field
    assert not empty_venue.users.has_owner()
