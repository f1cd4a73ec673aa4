"""Users, roles and PIN sign-in with a per-user lockout. Role checks live in the services
(:meth:`ops.Actor.require`), not only in the UI.

Sign-in is by PIN alone (the till has no user list to pick from), so a PIN is tried against every
active account that may sign in here. The lockout follows from that:

* a wrong PIN is one failed attempt for every account it was tried against;
* a right PIN clears only the failed attempts of the account it opened, never another's;
* the attempt that makes :data:`MAX_FAILED_ATTEMPTS` locks that account for
  :data:`LOCKOUT_SECONDS`; a locked account is not tried at all, and only time or an owner's
  :meth:`UserService.reset_lock` opens it again.

The slow hash is checked outside any transaction; the verdict is decided in one write transaction
that re-reads the accounts, so sign-ins in several processes are counted one after another and a
guess checked against an account that locked meanwhile is never answered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from boostdesk.domain import pins
from boostdesk.services import ops
from boostdesk.storage import audit
from boostdesk.storage import store as store_module
from boostdesk.storage import users as users_db

MAX_FAILED_ATTEMPTS = 5
LOCKOUT_SECONDS = 300

Role = ops.Role


class AuthError(Exception):
    """Sign-in refused; ``reason`` is ``wrong_pin`` or ``locked`` (``retry_after`` seconds)."""

    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class UserError(ValueError):
    """A user change that cannot be made; ``reason`` is a stable word the UI translates."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as the back office lists it (never the PIN hash)."""

    id: int
    name: str
    role: ops.Role
    active: bool
    locked_until: int | None  # UTC seconds while locked out, else None


class UserService:
    def __init__(self, store: store_module.Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._clock = clock

    def _now(self) -> int:
        return int(self._clock())

    # -- sign-in ---------------------------------------------------------------------------------

    def sign_in(self, pin: str, *, role: ops.Role | None = None) -> ops.Actor:
        """The actor whose PIN this is (among the active users, of ``role`` when given).

        Raises :class:`AuthError` ``wrong_pin`` (counted as described in the module docstring) or
        ``locked`` when every account the PIN could open is locked. Every outcome is audited.
        """
        return self.begin_sign_in(pin, role=role).actor()

    def begin_sign_in(self, pin: str, *, role: ops.Role | None = None) -> PendingSignIn:
        """:meth:`sign_in` with the slow PIN check started on a thread: the caller may read
        meanwhile (scrypt and SQLite both let other threads run) and must call
        :meth:`PendingSignIn.actor` before it writes anything for the user."""
        role_name = role.value if role is not None else None
        tried = [u for u in users_db.active(self._store, role_name) if not u.locked_at(self._now())]
        return PendingSignIn(self, pin, role_name, tried)

    def _decide(
        self, role_name: str | None, tried: list[users_db.UserRow], matched: users_db.UserRow | None
    ) -> ops.Actor:
        store = self._store
        with store.transaction():
            now = self._now()
            current = users_db.active(store, role_name)
            still_open = {u.id for u in current if not u.locked_at(now)}
            if matched is not None and matched.id in still_open:
                users_db.clear(store, matched.id)
                audit.record(store, now, matched.id, "user.sign_in")
                return ops.Actor(matched.id, matched.name, ops.Role(matched.role))
            counted = [u.id for u in tried if u.id in still_open]
            users_db.count_miss(store, counted, now, MAX_FAILED_ATTEMPTS, LOCKOUT_SECONDS)
            if counted or not current:  # no account at all: simply a wrong PIN
                audit.record(store, now, None, "user.sign_in_failed", f"accounts={len(counted)}")
                failure = AuthError("wrong_pin")
            else:
                until = [u.locked_until for u in current if u.locked_until and u.locked_until > now]
                audit.record(store, now, None, "user.sign_in_locked", f"accounts={len(current)}")
                failure = AuthError("locked", retry_after=min(until) - now if until else 0)
        raise failure

    # -- owner operations ------------------------------------------------------------------------

    def create(self, actor: ops.Actor, name: str, role: ops.Role, pin: str) -> ops.Result[int]:
        """Add a user (owner only). The PIN must be valid and differ from every active user's,
        since sign-in is by PIN alone."""
        actor.require(ops.Role.OWNER, "create a user")
        name = " ".join(name.split())
        if not name:
            raise UserError("name_missing")
        try:
            pins.validate(pin)
        except pins.PinError as exc:
            raise UserError("pin_invalid") from exc
        # The slow hashing happens before the write transaction, which stays short.
        if any(pins.verify_pin(pin, u.pin_hash) for u in users_db.active(self._store)):
            raise UserError("pin_taken")
        pin_hash = pins.hash_pin(pin)
        with self._store.transaction():
            if users_db.name_taken(self._store, name):
                raise UserError("name_taken")
            now = self._now()
            user_id = users_db.insert(self._store, name, role.value, pin_hash, now)
            audit.record(self._store, now, actor.user_id, "user.create", f"user={user_id}")
        return ops.Result(user_id, ops.Changes(users=True))

    def deactivate(self, actor: ops.Actor, user_id: int) -> ops.Changes:
        """Stop a user from signing in (owner only); the last active owner stays."""
        actor.require(ops.Role.OWNER, "deactivate a user")
        with self._store.transaction():
            user = users_db.get(self._store, user_id)
            if user is None:
                raise UserError("user_unknown")
            if user.role == ops.Role.OWNER.value and not users_db.has_active_owner(
                self._store, other_than=user_id
            ):
                raise UserError("last_owner")
            users_db.set_active(self._store, user_id, False)
            audit.record(
                self._store, self._now(), actor.user_id, "user.deactivate", f"user={user_id}"
            )
        return ops.Changes(users=True)

    def activate(self, actor: ops.Actor, user_id: int, pin: str) -> ops.Changes:
        """Let a disabled user sign in again, with a new PIN (owner only).

        A new PIN, because sign-in is by PIN alone: while the user was disabled another user may
        have been given the same PIN, and salted hashes cannot tell. The PIN must be valid and
        differ from every active user's."""
        actor.require(ops.Role.OWNER, "activate a user")
        pin_hash = self._new_pin_hash(user_id, pin)
        with self._store.transaction():
            if users_db.get(self._store, user_id) is None:
                raise UserError("user_unknown")
            users_db.set_pin(self._store, user_id, pin_hash)
            users_db.set_active(self._store, user_id, True)
            audit.record(
                self._store, self._now(), actor.user_id, "user.activate", f"user={user_id}"
            )
        return ops.Changes(users=True)

    def reset_pin(self, actor: ops.Actor, user_id: int, pin: str) -> ops.Changes:
        """Give a user a new PIN (owner only); it must be valid and differ from every other
        active user's. The user's failed attempts and lock are cleared with the old PIN."""
        actor.require(ops.Role.OWNER, "reset a PIN")
        pin_hash = self._new_pin_hash(user_id, pin)
        with self._store.transaction():
            if users_db.get(self._store, user_id) is None:
                raise UserError("user_unknown")
            users_db.set_pin(self._store, user_id, pin_hash)
            audit.record(
                self._store, self._now(), actor.user_id, "user.reset_pin", f"user={user_id}"
            )
        return ops.Changes(users=True)

    def _new_pin_hash(self, user_id: int, pin: str) -> str:
        """The hash of ``pin`` as user ``user_id``'s new PIN, checked first (slow hashing outside
        the write transaction, which stays short)."""
        try:
            pins.validate(pin)
        except pins.PinError as exc:
            raise UserError("pin_invalid") from exc
        if users_db.get(self._store, user_id) is None:
            raise UserError("user_unknown")
        others = [u for u in users_db.active(self._store) if u.id != user_id]
        if any(pins.verify_pin(pin, u.pin_hash) for u in others):
            raise UserError("pin_taken")
        return pins.hash_pin(pin)

    def reset_lock(self, actor: ops.Actor, user_id: int) -> ops.Changes:
        """Clear a user's failed attempts and lock (owner only)."""
        actor.require(ops.Role.OWNER, "reset a lock")
        with self._store.transaction():
            if users_db.get(self._store, user_id) is None:
                raise UserError("user_unknown")
            users_db.clear(self._store, user_id)
            audit.record(
                self._store, self._now(), actor.user_id, "user.reset_lock", f"user={user_id}"
            )
        return ops.Changes(users=True)

    # -- reads -----------------------------------------------------------------------------------

    def listed(self, actor: ops.Actor) -> list[UserInfo]:
        """Every user for the back office (owner only)."""
        actor.require(ops.Role.OWNER, "list users")
        now = self._now()
        return [
            UserInfo(
                u.id,
                u.name,
                ops.Role(u.role),
                u.active,
                u.locked_until if u.locked_at(now) else None,
            )
            for u in users_db.listed(self._store)
        ]

    def has_owner(self) -> bool:
        return users_db.has_active_owner(self._store)


class PendingSignIn:
    """A sign-in whose PIN check runs on its own thread (see :meth:`UserService.begin_sign_in`).
    The verdict (lock counting, audit) is decided by :meth:`actor`, in the caller's thread."""

    def __init__(
        self, service: UserService, pin: str, role_name: str | None, tried: list[users_db.UserRow]
    ) -> None:
        self._service = service
        self._role_name = role_name
        self._tried = tried
        self._matched: users_db.UserRow | None = None
        self._verdict: ops.Actor | AuthError | None = None
        self._thread = threading.Thread(
            target=self._check, args=(pin,), name="pin-check", daemon=True
        )
        self._thread.start()

    def _check(self, pin: str) -> None:
        self._matched = next((u for u in self._tried if pins.verify_pin(pin, u.pin_hash)), None)

    def actor(self) -> ops.Actor:
        """The signed-in actor; raises :class:`AuthError` like :meth:`UserService.sign_in`.
        The verdict is decided (and audited) once, however often this is asked."""
        if self._verdict is None:
            self._thread.join()
            try:
                self._verdict = self._service._decide(self._role_name, self._tried, self._matched)
            except AuthError as exc:
                self._verdict = exc
        if isinstance(self._verdict, AuthError):
            raise self._verdict
        return self._verdict
