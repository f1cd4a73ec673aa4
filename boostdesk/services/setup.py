"""First start: turning an empty data folder into a venue with an owner and a cashier."""

from __future__ import annotations

import time

from boostdesk.domain import defaults, pins
from boostdesk.services import users, venue
from boostdesk.storage import tables


class SetupError(ValueError):
    """The set-up form is incomplete; ``field`` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def set_up_venue(opened: venue.Venue, *, name: str, owner_pin: str, cashier_pin: str) -> None:
    """Store the venue name, default categories, an owner and a cashier, all or nothing."""
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
    if opened.users.has_owner():
        raise SetupError("name", "this venue is already set up")
    with opened.db.atomic():
        opened.settings.set_many(
            {
                "venue.name": name,
                "venue.is_demo": False,
                "venue.utc_offset_s": defaults.SETTINGS["venue.utc_offset_s"],
            }
        )
        for order, (code, label) in enumerate(defaults.DEFAULT_CATEGORIES):
            tables.Category.get_or_create(code=code, defaults={"name": label, "sort_order": order})
        opened.users.create("Sahip", users.Role.OWNER, owner_pin)
        opened.users.create("Kasa", users.Role.CASHIER, cashier_pin)
        tables.AuditLog.create(at=int(time.time()), action="venue.set_up", detail=None)
