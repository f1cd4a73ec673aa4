"""First start: turning an empty data folder into a venue with an owner and a cashier."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from boostdesk.domain import defaults, pins
from boostdesk.services import ops
from boostdesk.storage import audit, categories
from boostdesk.storage import settings as settings_db
from boostdesk.storage import users as users_db

if TYPE_CHECKING:
    from boostdesk.services import venue


class SetupError(ValueError):
    """The set-up form is incomplete; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def set_up_venue(
    opened: venue.Venue, *, name: str, owner_pin: str, cashier_pin: str
) -> ops.Changes:
    """Store the venue name, default categories, an owner and a cashier, all or nothing.

    There is no actor yet: the operation is allowed only while the venue has no active owner,
    checked inside its own transaction, so it can never add a second owner to a set-up venue.
    Slow (two scrypt hashes): run it off the GUI thread.
    """
    name = name.strip()
    if not name:
        raise SetupError("name", "the venue needs a name")
    for field, pin in (("owner_pin", owner_pin), ("cashier_pin", cashier_pin)):
        try:
            pins.validate(pin)
        except pins.PinError as exc:
            raise SetupError(field, str(exc)) from exc
    if owner_pin == cashier_pin:
        raise SetupError("cashier_pin", "the cashier PIN must differ from the owner PIN")
    owner_hash, cashier_hash = pins.hash_pin(owner_pin), pins.hash_pin(cashier_pin)
    now = int(time.time())
    store = opened.store
    with store.transaction():
        if users_db.has_active_owner(store):
            raise SetupError("name", "this venue is already set up")
        settings_db.save(
            store,
            {
                "venue.name": name,
                "venue.is_demo": False,
                "venue.timezone": defaults.SETTINGS["venue.timezone"],
            },
        )
        categories.add_missing(store, defaults.DEFAULT_CATEGORIES)
        owner = users_db.insert(store, "Sahip", ops.Role.OWNER.value, owner_hash, now)
        users_db.insert(store, "Kasa", ops.Role.CASHIER.value, cashier_hash, now)
        audit.record(store, now, owner, "venue.set_up")
    return ops.Changes(settings=True, users=True)
