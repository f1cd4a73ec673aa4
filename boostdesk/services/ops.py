"""The operation boundary: who acts, what they may do, and what an operation changed.

Every use case that changes data is one service call in one transaction that takes an
:class:`Actor` and returns a :class:`Changes` value (in the spirit of Anki's ``OpChanges``).
Roles are checked here, in the service layer, whatever the UI shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

T = TypeVar("T")


class Role(enum.Enum):
    OWNER = "owner"
    CASHIER = "cashier"


class PermissionDenied(Exception):
    """The actor's role does not allow the operation; ``needed`` is the role it takes."""

    def __init__(self, needed: Role, action: str = "") -> None:
        super().__init__(f"{action or 'operation'} needs the {needed.value} role")
        self.needed = needed
        self.action = action


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user an operation runs for (``user_id`` None only for the system itself)."""

    user_id: int | None
    name: str
    role: Role

    def require(self, role: Role, action: str = "") -> None:
        """Raise :class:`PermissionDenied` unless this actor holds ``role`` (owners may do all)."""
        if self.role is not role and self.role is not Role.OWNER:
            raise PermissionDenied(role, action)

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER


#: The application itself: nightly recompute, start-up checks, scheduled backups. Never a person.
SYSTEM = Actor(user_id=None, name="system", role=Role.OWNER)


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation changed, so each screen refreshes only what it shows.

    ``guests`` lists the guests whose data changed (empty with ``all_guests`` for bulk work).
    Combine two with ``|``.
    """

    visits: bool = False
    ledger: bool = False
    vouchers: bool = False
    segments: bool = False
    settings: bool = False
    users: bool = False
    scans: bool = False
    rules: bool = False  # segment rules or custom segments changed: a full recompute is due
    outbox: bool = False  # messages were queued: the app's sender sends them soon
    all_guests: bool = False
    guests: tuple[int, ...] = field(default=())

    def __or__(self, other: Changes) -> Changes:
        values: dict[str, object] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "guests":
                values[f.name] = tuple(dict.fromkeys((*mine, *theirs)))
            else:
                values[f.name] = mine or theirs
        return Changes(**values)  # type: ignore[arg-type]

    def touches_guest(self, customer_id: int) -> bool:
        return self.all_guests or customer_id in self.guests

    @property
    def empty(self) -> bool:
        return self == Changes()


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """An operation's own answer (``value``) together with what it changed."""

    value: T
    changes: Changes
