"""Custom segments: the owner's specs (every version kept) and the members the recompute found.

A segment is named by its ``key`` ("c" + its id: stable when renamed). A deleted segment keeps its
row and versions (``deleted_at``) but loses its members and is no longer evaluated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database
from boostdesk.storage import store as store_module

_CHUNK = 2_000


@dataclass(frozen=True, slots=True)
class Stored:
    key: str
    name: str
    rule: str  # JSON spec
    version: int
    updated_at: int
    members: int


@dataclass(frozen=True, slots=True)
class Version:
    version: int
    name: str
    rule: str
    saved_at: int
    user_id: int | None
    deleted: bool


def _conn(db: store_module.Handle) -> sqlite3.Connection:
    return database.raw_connection(db)


def active(db: store_module.Handle) -> list[Stored]:
    """The segments in use, oldest first, with their stored member counts."""
    rows = _conn(db).execute(
        "SELECT s.key, s.name, s.rule, s.version, COALESCE(s.updated_at, s.created_at), "
        "(SELECT COUNT(*) FROM custom_segment_member m WHERE m.segment_id = s.id) "
        "FROM custom_segment s WHERE s.deleted_at IS NULL ORDER BY s.id"
    )
    return [Stored(str(k), str(n), str(r), int(v), int(u), int(c)) for k, n, r, v, u, c in rows]


def rules(db: store_module.Handle) -> list[tuple[str, str]]:
    """(key, rule JSON) of every segment in use."""
    rows = _conn(db).execute(
        "SELECT key, rule FROM custom_segment WHERE deleted_at IS NULL ORDER BY id"
    )
    return [(str(k), str(r)) for k, r in rows]


def find(db: store_module.Handle, key: str) -> Stored | None:
    return next((s for s in active(db) if s.key == key), None)


def name_taken(db: store_module.Handle, name: str, other_than: str | None) -> bool:
    row = (
        _conn(db)
        .execute(
            "SELECT 1 FROM custom_segment WHERE deleted_at IS NULL AND name = ? AND key IS NOT ?",
            (name, other_than),
        )
        .fetchone()
    )
    return row is not None


def create(db: store_module.Handle, name: str, rule: str, at: int, user_id: int | None) -> str:
    """A new segment (version 1); returns its key. In the caller's transaction."""
    conn = _conn(db)
    # names are unique only among segments in use: a deleted one keeps its name under a suffix
    conn.execute(
        "UPDATE custom_segment SET name = name || ' #' || id WHERE name = ? "
        "AND deleted_at IS NOT NULL",
        (name,),
    )
    cursor = conn.execute(
        "INSERT INTO custom_segment (name, rule, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, 1)",
        (name, rule, at, at),
    )
    segment_id = int(cursor.lastrowid or 0)
    key = f"c{segment_id}"
    conn.execute("UPDATE custom_segment SET key = ? WHERE id = ?", (key, segment_id))
    _add_version(conn, segment_id, at, user_id, deleted=False)
    return key


def update(
    db: store_module.Handle, key: str, name: str, rule: str, at: int, user_id: int | None
) -> int:
    """A new version of segment ``key``; returns its number. In the caller's transaction."""
    conn = _conn(db)
    conn.execute(
        "UPDATE custom_segment SET name = ?, rule = ?, updated_at = ?, version = version + 1 "
        "WHERE key = ? AND deleted_at IS NULL",
        (name, rule, at, key),
    )
    segment_id = _id(conn, key)
    return _add_version(conn, segment_id, at, user_id, deleted=False)


def delete(db: store_module.Handle, key: str, at: int, user_id: int | None) -> None:
    """Retire segment ``key`` (its versions stay; its members go)."""
    conn = _conn(db)
    segment_id = _id(conn, key)
    conn.execute(
        "UPDATE custom_segment SET deleted_at = ?, version = version + 1 WHERE id = ?",
        (at, segment_id),
    )
    conn.execute("DELETE FROM custom_segment_member WHERE segment_id = ?", (segment_id,))
    _add_version(conn, segment_id, at, user_id, deleted=True)


def _id(conn: sqlite3.Connection, key: str) -> int:
    row = conn.execute("SELECT id FROM custom_segment WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise KeyError(key)
    return int(row[0])


def _add_version(
    conn: sqlite3.Connection, segment_id: int, at: int, user_id: int | None, deleted: bool
) -> int:
    conn.execute(
        "INSERT INTO custom_segment_version (segment_id, version, name, rule, saved_at, user_id, "
        "deleted) SELECT id, version, name, rule, ?, ?, ? FROM custom_segment WHERE id = ?",
        (at, user_id, int(deleted), segment_id),
    )
    row = conn.execute("SELECT version FROM custom_segment WHERE id = ?", (segment_id,)).fetchone()
    return int(row[0])


def versions(db: store_module.Handle, key: str) -> list[Version]:
    """Every saved version of segment ``key``, newest first."""
    rows = _conn(db).execute(
        "SELECT v.version, v.name, v.rule, v.saved_at, v.user_id, v.deleted "
        "FROM custom_segment_version v JOIN custom_segment s ON s.id = v.segment_id "
        "WHERE s.key = ? ORDER BY v.version DESC",
        (key,),
    )
    return [
        Version(int(v), str(n), str(r), int(at), None if u is None else int(u), bool(d))
        for v, n, r, at, u, d in rows
    ]


def members(db: store_module.Handle, key: str) -> IntArray:
    """The customer ids the last recompute found in segment ``key`` (sorted)."""
    conn = _conn(db)
    found = columns.fetch_ints(
        conn,
        ("m.customer_id",),
        "FROM custom_segment_member m JOIN custom_segment s ON s.id = m.segment_id "
        "WHERE s.key = ? AND s.deleted_at IS NULL",
        (key,),
    )
    return np.sort(found[:, 0]) if len(found) else np.zeros(0, dtype=np.int64)


def store_members(db: store_module.Handle, key: str, ids: IntArray) -> int:
    """Make the stored members of ``key`` exactly ``ids``: only the difference is written, in
    short transactions (members are derived data: a chunk lost is written again next run).
    Returns how many rows changed."""
    conn = _conn(db)
    try:
        segment_id = _id(conn, key)
    except KeyError:
        return 0  # deleted while the recompute ran
    old = members(db, key)
    new = np.unique(ids)
    added = np.setdiff1d(new, old, assume_unique=True)
    removed = np.setdiff1d(old, new, assume_unique=True)
    for chunk in _chunks(added):
        with store_module.database_of(db).atomic():
            conn.executemany(
                "INSERT OR IGNORE INTO custom_segment_member (segment_id, customer_id) "
                "VALUES (?, ?)",
                ((segment_id, c) for c in chunk),
            )
    for chunk in _chunks(removed):
        with store_module.database_of(db).atomic():
            conn.executemany(
                "DELETE FROM custom_segment_member WHERE segment_id = ? AND customer_id = ?",
                ((segment_id, c) for c in chunk),
            )
    return len(added) + len(removed)


def _chunks(ids: IntArray) -> Iterator[list[int]]:
    values = ids.tolist()
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
