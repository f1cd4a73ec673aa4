"""Users, roles and PIN sign-in with lockout. Role checks live here, not only in the UI."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from boostdesk.domain import pins
from boostdesk.storage import tables

MAX_FAILED_ATTEMPTS = 5
LOCKOUT_SECONDS = 300


class Role(enum.Enum):
    OWNER = "owner"
    CASHIER = "cashier"


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: int
    name: str
    role: Role


class AuthError(Exception):
    """Sign-in refused; ``reason`` is ``wrong_pin`` or ``locked`` (``retry_after`` seconds)."""

    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermissionDenied(Exception):
    pass


def require(user: SignedIn | None, role: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` holds ``role`` (owners may do everything)."""
    if user is None or (user.role is not role and user.role is not Role.OWNER):
        raise PermissionDenied(role.value)


class UserService:
    def __init__(self, database: peewee.Database, clock: Callable[[], float] = time.time) -> None:
        self._db = database
        self._clock = clock

    def create(self, name: str, role: Role, pin: str) -> int:
        with self._db.atomic():
            user = tables.User.create(
                name=name,
                role=role.value,
                pin_hash=pins.hash_pin(pin),
                created_at=int(self._clock()),
            )
        return int(user.id)

    def sign_in(self, pin: str, *, role: Role | None = None) -> SignedIn:
        """Find the active user whose PIN matches (optionally of ``role``); count failures.

        After :data:`MAX_FAILED_ATTEMPTS` wrong PINs in a row every account that could have
        matched is locked for :data:`LOCKOUT_SECONDS`, so guessing is throttled.
        """
        now = int(self._clock())
        query = tables.User.select().where(tables.User.active == True)  # noqa: E712
        if role is not None:
            query = query.where(tables.User.role == role.value)
        candidates = list(query)
        locked = [u for u in candidates if u.locked_until and u.locked_until > now]
        if candidates and len(locked) == len(candidates):
            until = min(int(u.locked_until or 0) for u in locked)
            raise AuthError("locked", retry_after=until - now)
        for user in candidates:
            if user in locked:
                continue
            if pins.verify_pin(pin, user.pin_hash):
                with self._db.atomic():
                    tables.User.update(failed_attempts=0, locked_until=None).where(
                        tables.User.id == user.id
                    ).execute()
                return SignedIn(int(user.id), str(user.name), Role(user.role))
        with self._db.atomic():
            for user in candidates:
                failures = user.failed_attempts + 1
                locked_until = now + LOCKOUT_SECONDS if failures >= MAX_FAILED_ATTEMPTS else None
                tables.User.update(
                    failed_attempts=0 if locked_until else failures, locked_until=locked_until
                ).where(tables.User.id == user.id).execute()
        raise AuthError("wrong_pin")

    def has_owner(self) -> bool:
        return bool(tables.User.select().where(tables.User.role == Role.OWNER.value).exists())
