"""PIN sign-in, roles, the per-user lockout and the audit log, on a real venue file."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boostdesk.domain import pins
from boostdesk.services import ops, setup, users, venue
from boostdesk.storage import audit
from boostdesk.storage import users as users_db

OWNER_PIN, CASHIER_PIN, WRONG_PIN = "2468", "1357", "9999"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    setup.set_up_venue(empty_venue, name="Kafe", owner_pin=OWNER_PIN, cashier_pin=CASHIER_PIN)
    return empty_venue


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def service(shop: venue.Venue, clock: FakeClock) -> users.UserService:
    return users.UserService(shop.store, clock=clock)


def lock_state(shop: venue.Venue) -> dict[str, tuple[int, int | None]]:
    return {u.name: (u.failed_attempts, u.locked_until) for u in users_db.listed(shop.store)}


def actions(shop: venue.Venue) -> list[str]:
    return [entry.action for entry in reversed(audit.latest(shop.store))]


def test_owner_and_cashier_sign_in_with_their_pins(service: users.UserService) -> None:
    owner = service.sign_in(OWNER_PIN)
    cashier = service.sign_in(CASHIER_PIN)
    assert (owner.name, owner.role) == ("Sahip", ops.Role.OWNER)
    assert (cashier.name, cashier.role) == ("Kasa", ops.Role.CASHIER)
    with pytest.raises(users.AuthError):
        service.sign_in(CASHIER_PIN, role=ops.Role.OWNER)


def test_pins_are_stored_as_salted_slow_hashes(shop: venue.Venue) -> None:
    stored = [row[0] for row in shop.store.execute("SELECT pin_hash FROM user")]
    for encoded in stored:
        scheme, cost, _r, _p, salt_hex, digest_hex = encoded.split("$")
        assert scheme == "scrypt" and int(cost) >= 2**14  # slow on purpose
        # The PIN itself is no field of the stored value (hex digits may contain "1234" by chance).
        assert OWNER_PIN not in encoded.split("$") and CASHIER_PIN not in encoded.split("$")
        assert len(bytes.fromhex(salt_hex)) == 16 and len(bytes.fromhex(digest_hex)) == 32
    # Salted: the same PIN never hashes to the same text twice.
    assert pins.hash_pin(OWNER_PIN) != pins.hash_pin(OWNER_PIN)
    assert all(pins.verify_pin(OWNER_PIN, h) or pins.verify_pin(CASHIER_PIN, h) for h in stored)


def test_five_wrong_pins_lock_the_account_until_the_time_is_up(
    shop: venue.Venue, service: users.UserService, clock: FakeClock
) -> None:
    for _ in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users.AuthError, match="wrong_pin"):
            service.sign_in(WRONG_PIN, role=ops.Role.OWNER)
    with pytest.raises(users.AuthError) as locked:
        service.sign_in(OWNER_PIN, role=ops.Role.OWNER)  # even the right PIN waits
    assert locked.value.reason == "locked"
    assert locked.value.retry_after == users.LOCKOUT_SECONDS
    clock.now += users.LOCKOUT_SECONDS - 1
    with pytest.raises(users.AuthError, match="locked"):
        service.sign_in(OWNER_PIN, role=ops.Role.OWNER)
    clock.now += 2
    assert service.sign_in(OWNER_PIN, role=ops.Role.OWNER).name == "Sahip"
    log = actions(shop)
    assert log.count("user.sign_in_failed") == 5
    assert log.count("user.sign_in_locked") == 2
    assert log[-1] == "user.sign_in"


def test_a_wrong_pin_counts_against_every_account_it_was_tried_on(
    shop: venue.Venue, service: users.UserService
) -> None:
    with pytest.raises(users.AuthError):
        service.sign_in(WRONG_PIN)  # the till: any user's PIN
    assert lock_state(shop) == {"Sahip": (1, None), "Kasa": (1, None)}
    with pytest.raises(users.AuthError):
        service.sign_in(WRONG_PIN, role=ops.Role.OWNER)  # the back office: owners only
    assert lock_state(shop) == {"Sahip": (2, None), "Kasa": (1, None)}
    service.sign_in(CASHIER_PIN)
    assert lock_state(shop) == {"Sahip": (2, None), "Kasa": (0, None)}


def test_no_sign_in_of_another_user_resets_a_lock_or_a_count(
    shop: venue.Venue, service: users.UserService, clock: FakeClock
) -> None:
    for _ in range(users.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(users.AuthError):
            service.sign_in(WRONG_PIN, role=ops.Role.OWNER)
    # Every kind of sign-in that is not the owner's own: none clears the owner's four misses.
    service.sign_in(CASHIER_PIN)
    service.sign_in(CASHIER_PIN, role=ops.Role.CASHIER)
    with pytest.raises(users.AuthError):
        service.sign_in(OWNER_PIN, role=ops.Role.CASHIER)
    assert lock_state(shop)["Sahip"] == (4, None)
    with pytest.raises(users.AuthError, match="wrong_pin"):
        service.sign_in(WRONG_PIN, role=ops.Role.OWNER)
    owner_locked = lock_state(shop)["Sahip"]
    assert owner_locked == (0, int(clock.now) + users.LOCKOUT_SECONDS)
    # While locked: the cashier keeps working, wrong PINs and right ones alike leave the lock.
    for pin, role in [
        (CASHIER_PIN, None),
        (CASHIER_PIN, ops.Role.CASHIER),
        (WRONG_PIN, None),
        (WRONG_PIN, ops.Role.CASHIER),
        (OWNER_PIN, ops.Role.CASHIER),
        (WRONG_PIN, ops.Role.OWNER),
        (OWNER_PIN, None),
    ]:
        with contextlib.suppress(users.AuthError):
            service.sign_in(pin, role=role)
        assert lock_state(shop)["Sahip"] == owner_locked, (pin, role)
    with pytest.raises(users.AuthError, match="locked"):
        service.sign_in(OWNER_PIN, role=ops.Role.OWNER)


def test_only_an_owner_resets_a_lock_and_it_is_audited(
    shop: venue.Venue, service: users.UserService
) -> None:
    for _ in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users.AuthError):
            service.sign_in(WRONG_PIN, role=ops.Role.CASHIER)
    cashier = users_db.active(shop.store, "cashier")[0]
    owner = service.sign_in(OWNER_PIN)
    with pytest.raises(ops.PermissionDenied):
        service.reset_lock(ops.Actor(cashier.id, "Kasa", ops.Role.CASHIER), cashier.id)
    assert lock_state(shop)["Kasa"][1] is not None
    assert service.reset_lock(owner, cashier.id).users
    assert service.sign_in(CASHIER_PIN).name == "Kasa"
    entries = audit.latest(shop.store)
    reset = next(e for e in entries if e.action == "user.reset_lock")
    assert (reset.user_id, reset.detail) == (owner.user_id, f"user={cashier.id}")


_GUESSER = """
import json, sys, time
from pathlib import Path
from boostdesk.services import ops, users, venue
opened = venue.open_venue(Path(sys.argv[1]))
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
answers = []
for _ in range(int(sys.argv[3])):
    try:
        opened.users.sign_in(sys.argv[4], role=ops.Role.OWNER)
        answers.append("signed_in")
    except users.AuthError as exc:
        answers.append(exc.reason)
opened.close()
print(json.dumps(answers))
"""


def test_parallel_wrong_pins_from_several_processes_never_exceed_the_limit(
    shop: venue.Venue, data_dir: Path
) -> None:
    shop.close()
    start = time.time() + 2.0  # every process is up and waiting by then
    guessers = [
        subprocess.Popen(
            [sys.executable, "-c", _GUESSER, str(data_dir), str(start), "4", f"{1000 + n}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    answers = [json.loads(p.communicate(timeout=120)[0]) for p in guessers]
    flat = [a for one in answers for a in one]
    assert len(flat) == 16
    assert flat.count("wrong_pin") == users.MAX_FAILED_ATTEMPTS
    assert flat.count("locked") == 16 - users.MAX_FAILED_ATTEMPTS
    reopened = venue.open_venue(data_dir)
    try:
        with pytest.raises(users.AuthError, match="locked"):
            reopened.users.sign_in(OWNER_PIN, role=ops.Role.OWNER)
        log = actions(reopened)
        assert log.count("user.sign_in_failed") == users.MAX_FAILED_ATTEMPTS
    finally:
        reopened.close()


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


def test_a_set_up_venue_cannot_be_set_up_again(shop: venue.Venue) -> None:
    with pytest.raises(setup.SetupError):
        setup.set_up_venue(shop, name="Other", owner_pin="1111", cashier_pin="2222")
    assert [u.name for u in users_db.listed(shop.store)] == ["Sahip", "Kasa"]


def test_a_pin_on_a_venue_without_users_is_simply_wrong(empty_venue: venue.Venue) -> None:
    with pytest.raises(users.AuthError, match="wrong_pin"):
        empty_venue.users.sign_in(OWNER_PIN)
