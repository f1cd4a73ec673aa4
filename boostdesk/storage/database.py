"""Opening, checking, migrating and copying the venue database.

The only module that knows SQLite specifics (pragmas, ``user_version``, ``VACUUM INTO``); everything
else goes through peewee so that the storage layer can move to another database later.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee

from boostdesk.storage import migrations

APPLICATION_ID = 0x42444B31  # "BDK1": marks a file as a BoostDesk database
DATABASE_FILENAME = "boostdesk.db"
BACKUP_DIRNAME = "backups"
_SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: a visit is on disk before the cashier sees "saved"
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -64 * 1024,  # 64 MiB
    "temp_store": "memory",
}


class StorageError(Exception):
    """A database problem with a message fit for the user (no traceback needed)."""


class NotADatabaseError(StorageError):
    pass


class NewerSchemaError(StorageError):
    pass


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a database file holds, read without changing a byte of it."""

    exists: bool
    schema_version: int
    is_boostdesk: bool


def inspect(path: Path) -> Inspection:
    """Classify ``path`` without changing it; raise :class:`NotADatabaseError` if it is unusable."""
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(exists=path.exists(), schema_version=0, is_boostdesk=True)
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_MAGIC))
    if header != _SQLITE_MAGIC:
        raise NotADatabaseError(f"{path} is not a BoostDesk database (not an SQLite file).")
    try:
        conn = open_read_only(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabaseError(f"{path} is damaged or not a database ({exc}).") from exc
    if app_id != APPLICATION_ID and tables:
        raise NotADatabaseError(f"{path} is an SQLite file of another program, not BoostDesk's.")
    return Inspection(
        exists=True, schema_version=int(version), is_boostdesk=app_id == APPLICATION_ID
    )


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` for reading without writing a byte to its folder.

    Without a ``-wal`` file beside it the main file holds everything, so it is opened immutable (no
    lock or side files are created); with one, a plain read-only open sees the WAL's pages too.
    """
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)


def snapshot(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database ``conn`` to ``target`` atomically.

    ``VACUUM INTO`` gives a compact copy in rollback-journal mode (no WAL side files), written to a
    temporary name first so a crash never leaves a half-written backup under the real name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _migrate(conn: sqlite3.Connection, path: Path, current: int) -> None:
    if 0 < current < migrations.LATEST_VERSION:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        snapshot(conn, path.parent / BACKUP_DIRNAME / f"pre-migration-v{current}-{stamp}.db")
    for version in range(current, migrations.LATEST_VERSION):
        with _transaction(conn):
            for statement in migrations.MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def prepare(path: Path) -> None:
    """Create or migrate the database at ``path``; refuse files that are not ours or are newer."""
    found = inspect(path)
    if found.schema_version > migrations.LATEST_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer BoostDesk (schema {found.schema_version}, this version "
            f"knows up to {migrations.LATEST_VERSION}). Update BoostDesk; the file was not changed."
        )
    if found.schema_version == migrations.LATEST_VERSION:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn, path, found.schema_version)
    except sqlite3.Error as exc:
        raise StorageError(f"Could not prepare the database {path}: {exc}") from exc
    finally:
        conn.close()


def connect(path: Path) -> peewee.SqliteDatabase:
    """Prepare (create/migrate) and open the database with the product's pragmas."""
    prepare(path)
    # Transactions begin IMMEDIATE: ours read before they write, and a deferred transaction whose
    # read snapshot went stale (another connection committed meanwhile) fails at once with
    # "database is locked" instead of waiting out the busy timeout.
    database = peewee.SqliteDatabase(
        str(path), pragmas=PRAGMAS, autoconnect=True, lock_type="IMMEDIATE"
    )
    try:
        database.connect(reuse_if_open=True)
    except peewee.DatabaseError as exc:
        raise StorageError(f"Could not open the database {path}: {exc}") from exc
    return database


def holds_data(path: Path) -> bool:
    """True when the database at ``path`` holds guests, visits or users (real or demo data)."""
    found = inspect(path)
    if not found.exists or found.schema_version == 0:
        return False
    conn = open_read_only(path)
    try:
        for table in ("customer", "visit", "user"):
            with contextlib.suppress(sqlite3.OperationalError):
                if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                    return True
        return False
    finally:
        conn.close()


def read_setting(path: Path, key: str) -> object:
    """One business setting read from a closed database file, or None; the file is not changed."""
    conn = open_read_only(path)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error as exc:
        raise NotADatabaseError(f"{path} cannot be read: {exc}") from exc
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


@contextlib.contextmanager
def read_snapshot(database: peewee.Database) -> Iterator[None]:
    """Reads inside see one state of the database without holding the write lock.

    A deferred transaction in WAL mode: writers (the tills) go on committing meanwhile. Inside an
    open transaction (a visit's re-evaluation) it does nothing: that one already reads one state.
    """
    conn = raw_connection(database)
    if conn.in_transaction or database.in_transaction():
        yield
        return
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the snapshot


def raw_connection(database: peewee.Database) -> sqlite3.Connection:
    """The sqlite3 connection of the calling thread (for bulk work and backups)."""
    conn = database.connection()
    assert isinstance(conn, sqlite3.Connection)
    return conn
