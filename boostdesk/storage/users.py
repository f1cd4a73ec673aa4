"""Users with their role, PIN hash and per-user lockout counters.

The counters change only through :func:`count_miss` and :func:`clear`, each one statement, run by
the caller inside a write (IMMEDIATE) transaction so that sign-ins in several processes are
counted one after another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    name: str
    role: str
    pin_hash: str
    failed_attempts: int
    locked_until: int | None
    active: bool

    def locked_at(self, now: int) -> bool:
        return self.locked_until is not None and self.locked_until > now


_COLUMNS = "id, name, role, pin_hash, failed_attempts, locked_until, active"


def _row(r: Sequence[object]) -> UserRow:
    return UserRow(
        int(r[0]),  # type: ignore[call-overload]
        str(r[1]),
        str(r[2]),
        str(r[3]),
        int(r[4]),  # type: ignore[call-overload]
        int(r[5]) if r[5] is not None else None,  # type: ignore[call-overload]
        bool(r[6]),
    )


def insert(store: store_module.Store, name: str, role: str, pin_hash: str, at: int) -> int:
    cursor = store.execute(
        "INSERT INTO user (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, role, pin_hash, at),
    )
    return int(cursor.lastrowid or 0)


def get(store: store_module.Store, user_id: int) -> UserRow | None:
    row = store.one(f"SELECT {_COLUMNS} FROM user WHERE id = ?", (user_id,))
    return _row(row) if row else None


def listed(store: store_module.Store) -> list[UserRow]:
    """Every user, active or not, in the order they were created."""
    return [_row(r) for r in store.execute(f"SELECT {_COLUMNS} FROM user ORDER BY id")]


def active(store: store_module.Store, role: str | None = None) -> list[UserRow]:
    """The active users (of ``role`` when given): the accounts a PIN may belong to."""
    if role is None:
        rows = store.execute(f"SELECT {_COLUMNS} FROM user WHERE active = 1 ORDER BY id")
    else:
        rows = store.execute(
            f"SELECT {_COLUMNS} FROM user WHERE active = 1 AND role = ? ORDER BY id", (role,)
        )
    return [_row(r) for r in rows]


def name_taken(store: store_module.Store, name: str) -> bool:
    return store.one("SELECT 1 FROM user WHERE name = ?", (name,)) is not None


def has_active_owner(store: store_module.Store, *, other_than: int | None = None) -> bool:
    row = store.one(
        "SELECT 1 FROM user WHERE role = 'owner' AND active = 1 AND id IS NOT ? LIMIT 1",
        (other_than,),
    )
    return row is not None


def count_miss(
    store: store_module.Store, user_ids: Sequence[int], now: int, limit: int, lock_s: int
) -> None:
    """One more failed attempt for each of ``user_ids`` that is not locked at ``now``; the attempt
    that reaches ``limit`` locks the user until ``now + lock_s`` and starts the count afresh."""
    if not user_ids:
        return
    marks = ", ".join("?" for _ in user_ids)
    # Counted in the database (not read, add, write back) so no attempt is ever lost.
    store.execute(
        "UPDATE user SET "
        "failed_attempts = CASE WHEN failed_attempts + 1 >= ? THEN 0 ELSE failed_attempts + 1 END, "
        "locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE NULL END "
        f"WHERE id IN ({marks}) AND (locked_until IS NULL OR locked_until <= ?)",
        (limit, limit, now + lock_s, *user_ids, now),
    )


def clear(store: store_module.Store, user_id: int) -> None:
    """No failed attempts and no lock for this one user."""
    store.execute(
        "UPDATE user SET failed_attempts = 0, locked_until = NULL WHERE id = ?", (user_id,)
    )


def set_active(store: store_module.Store, user_id: int, active: bool) -> None:
    store.execute("UPDATE user SET active = ? WHERE id = ?", (int(active), user_id))


def set_pin(store: store_module.Store, user_id: int, pin_hash: str) -> None:
    """A new PIN hash; the failed attempts and any lock go with the old PIN."""
    store.execute(
        "UPDATE user SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
        (pin_hash, user_id),
    )
