"""Opening, checking, migrating and copying the venue database.

The only module that knows SQLite specifics (pragmas, ``user_version``, ``VACUUM INTO``); everything
else goes through peewee so that the storage layer can move to another database later.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from boostdesk.storage import (
    check_stamp,
    checkpoints,
    errors,
    kept_totals_check,
    migrations,
    presence,
)
from boostdesk.storage import store as store_module

APPLICATION_ID = 0x42444B31  # "BDK1": marks a file as a BoostDesk database
DATABASE_FILENAME = "boostdesk.db"
BACKUP_DIRNAME = check_stamp.BACKUP_DIRNAME  # "backups"
_SQLITE_MAGIC = b"SQLite format 3\x00"

# SQLite-only: PRAGMA soft_heap_limit (process-wide).
SOFT_HEAP_LIMIT = 32 * 1024 * 1024

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: a visit is on disk before the cashier sees "saved"
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -64 * 1024,  # 64 MiB
    # SQLite's memory in the whole process, however many connections (the app has one per
    # thread: the worker, the customer list's reader, …): past it, page caches recycle their
    # pages instead of each growing to cache_size (the pages stay in the OS's file cache).
    "soft_heap_limit": SOFT_HEAP_LIMIT,
    "temp_store": "memory",
    # Deleted data is overwritten with zeros, not just unlinked (KVKK erasure); Debian's SQLite
    # has it on by default, most others do not.
    "secure_delete": 1,
    # SQLite never writes the WAL back into the database file by itself: storage.checkpoints
    # does, after commits and before a connection closes, so that the remembered check of the
    # file is carried over BoostDesk's own checkpoints (see check_stamp).
    "wal_autocheckpoint": 0,
    # A WAL that was written back in full starts over no larger than this, so its size tells
    # how much is waiting to be written back (checkpoints.WAL_LIMIT).
    "journal_size_limit": checkpoints.WAL_LIMIT // 4,
}


# Read-only opens: no journal mode change, and a guard against any write.
READ_ONLY_PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -64 * 1024,
    "soft_heap_limit": SOFT_HEAP_LIMIT,
    "temp_store": "memory",
    "query_only": 1,
}
PRIVATE_FILE = 0o600  # venue data is personal data: readable by the OS user only
PRIVATE_FOLDER = 0o700
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

#: The open database handle (only ``storage`` looks inside it).
Database = peewee.SqliteDatabase

StorageError = errors.StorageError
NotADatabaseError = errors.NotADatabaseError
NewerSchemaError = errors.NewerSchemaError


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
        raise errors.damaged(path, f"{type(exc).__name__}: {exc}") from exc
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
    return sqlite3.connect(_read_only_uri(path), uri=True)


def _read_only_uri(path: Path) -> str:
    # SQLite cannot open a WAL database read-only in a read-only folder unless its -shm exists or
    # the file is declared immutable; immutable is right only when no -wal holds newer pages.
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{options}"


def snapshot(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database ``conn`` to ``target`` atomically.

    ``VACUUM INTO`` gives a compact copy in rollback-journal mode (no WAL side files), written to a
    temporary name first so a crash never leaves a half-written backup under the real name.
    """
    make_private_folder(target.parent)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        _create_private(tmp)  # VACUUM INTO fills an empty file and keeps its permissions
        conn.execute("VACUUM INTO ?", (str(tmp),))
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_without_writing(path: Path, target: Path) -> None:
    """A consistent copy of the database at ``path`` (with the pages of its -wal) at ``target``;
    nothing is written beside ``path``."""
    conn = open_read_only(path)
    try:
        snapshot(conn, target)
    except sqlite3.Error as exc:
        raise errors.classify(exc, path) or StorageError(f"Could not copy {path}: {exc}") from exc
    finally:
        conn.close()


def _migrate(conn: sqlite3.Connection, path: Path, current: int) -> None:
    if 0 < current < migrations.LATEST_VERSION:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        snapshot(conn, path.parent / BACKUP_DIRNAME / f"pre-migration-v{current}-{stamp}.db")
    for version in range(current, migrations.LATEST_VERSION):
        with _transaction(conn):
            migrations.apply(conn, version)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if 0 < current < migrations.LATEST_VERSION:
        # the migrated totals are checked against the visits once, completely
        with _transaction(conn):
            kept_totals_check.verify(conn)


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
    make_private_folder(path.parent)
    if not found.exists:
        _create_private(path)  # SQLite gives its -wal and -shm files the database's permissions
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn, path, found.schema_version)
    except sqlite3.Error as exc:
        raise errors.classify(exc, path) or StorageError(
            f"Could not prepare the database {path}: {exc}"
        ) from exc
    finally:
        conn.close()


class WriteGate:
    """Writes wait here while the file's start-up check runs (the GUI shows the counter at once
    and checks a large file in the background); a failed check refuses them for good.

    Open unless :meth:`hold` was called. Thread-safe: the check's thread opens or refuses it.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open = True
        self._refusal: BaseException | None = None

    @property
    def is_open(self) -> bool:
        return self._open

    def hold(self) -> None:
        with self._changed:
            self._open = False

    def release(self) -> None:
        with self._changed:
            if self._refusal is None:
                self._open = True
            self._changed.notify_all()

    def refuse(self, error: BaseException) -> None:
        """From now on every write fails with ``error`` (the file is damaged)."""
        with self._changed:
            self._open = False
            self._refusal = error
            self._changed.notify_all()

    def wait(self) -> None:
        """Return when writes may go ahead; raise the refusal if the check failed."""
        if self._open:
            return
        with self._changed:
            self._changed.wait_for(lambda: self._open or self._refusal is not None)
            if self._refusal is not None:
                raise self._refusal


# Authorizer actions that change the database file (sqlite3 has no names for all of them).
_WRITE_ACTIONS = frozenset(
    getattr(sqlite3, name)
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_ALTER"))
    or (name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_")) and "TEMP" not in name)
)


class _Database(peewee.SqliteDatabase):
    """peewee's SQLite database, except that a failed statement's own error always surfaces,
    and that writes pass its :class:`WriteGate`.

    On a full disk or an I/O error SQLite rolls the transaction back by itself; peewee's rollback
    then fails with "cannot rollback - no transaction is active" and that error replaced the real
    one. Rolling back a transaction that is no longer open is skipped instead.

    While the gate is held, a transaction waits before it begins, and a statement that would
    change the main database outside a transaction is refused by SQLite's authorizer (so nothing
    is ever written to a file whose check has not passed).

    A writable one (``live``: the database file) checkpoints through ``storage.checkpoints``
    after commits and before each of its connections closes (SQLite's own are switched off).
    """

    def __init__(self, path: str, *, live: Path | None = None, **options: Any) -> None:
        self.write_gate = WriteGate()
        self.live = live
        self._changes_seen = threading.local()  # per connection, like peewee's own state
        self._behind = threading.local()  # per connection: see checkpoints_behind
        self.presence: presence.Presence | None = None  # a writable opening's (see connect)
        self.serves_counter = False  # the app's opening (see serve_counter)
        super().__init__(path, **options)

    def commit(self) -> None:
        super().commit()
        if self.live is not None:
            checkpoints.after_write(self._raw(), self.live, self.behind())

    def behind(self) -> checkpoints.Behind | None:
        """Where this thread's connection checkpoints after its commits (None: in place)."""
        found = getattr(self._behind, "value", None)
        return found if isinstance(found, checkpoints.Behind) else None

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        cursor = super().execute_sql(sql, params)
        if self.live is not None:
            conn = self._raw()
            # A write outside a transaction committed by itself (a read changes no count).
            seen = getattr(self._changes_seen, "count", 0)
            # Not while the statement still has rows to give (a checkpoint would find the
            # connection busy); a later write's commit checkpoints then.
            reading = cursor.description is not None
            if not conn.in_transaction and not reading and conn.total_changes != seen:
                self._changes_seen.count = conn.total_changes
                checkpoints.after_write(conn, self.live, self.behind())
        return cursor

    def _close(self, conn: sqlite3.Connection) -> None:
        if self.live is not None:
            checkpoints.before_close(conn, self.live)
        super()._close(conn)  # type: ignore[misc]  # peewee's stubs omit this hook

    def _raw(self) -> sqlite3.Connection:
        conn = self.connection()
        assert isinstance(conn, sqlite3.Connection)
        return conn

    def rollback(self) -> None:
        if not self.is_closed() and not self.connection().in_transaction:
            return
        super().rollback()

    def begin(self, lock_type: str | None = None) -> None:
        self.write_gate.wait()
        super().begin(lock_type)

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]  # peewee's stubs omit this hook
        conn.set_authorizer(self._authorize)

    def _authorize(
        self, action: int, first: str | None, second: str | None, name: str | None, _: object
    ) -> int:
        if self.write_gate.is_open or action not in _WRITE_ACTIONS or name != "main":
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY


def check_data_folder(folder: Path, *, create: bool = True) -> bool:
    """Make sure ``folder`` can hold a venue; return whether BoostDesk may write there.

    A missing folder is created (readable by the OS user only) when ``create``; a folder that is a
    file, cannot be created or cannot be read raises :class:`errors.DataFolderError`, whose
    message says so in one line. A folder or database file that is not writable returns False
    (the venue is then opened read-only).
    """
    if folder.exists() and not folder.is_dir():
        raise errors.FolderIsFileError(
            f"the data folder {folder} is a file, not a folder: choose a folder with --data-dir",
            detail=f"{folder}: not a directory",
        )
    if not folder.exists():
        if not create:
            return False
        try:
            make_private_folder(folder)
        except OSError as exc:
            raise errors.FolderUncreatableError(
                f"the data folder {folder} cannot be created ({exc.strerror or exc}): "
                "choose another folder with --data-dir",
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc
    if not os.access(folder, os.R_OK | os.X_OK):
        raise errors.FolderUnreadableError(
            f"the data folder {folder} cannot be read: fix its permissions or choose another "
            "folder with --data-dir",
            detail=f"{folder}: permission denied",
        )
    path = folder / DATABASE_FILENAME
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def connect(
    path: Path, *, read_only: bool = False, hold_writes: bool = False
) -> peewee.SqliteDatabase:
    """Prepare (create/migrate) and open the database with the product's pragmas.

    ``read_only`` opens an existing, current database without writing a byte to its folder (for a
    folder or file that is not writable); every write then fails as :class:`errors.ReadOnlyError`.
    ``hold_writes`` opens a current database with its write gate held (see :class:`_Database`):
    nothing is migrated or written until the caller releases it.
    """
    if read_only:
        database = _open_read_only(path)
    else:
        if hold_writes:
            if not is_current(path):
                raise StorageError(f"{path}: writes can be held only on a current database")
        else:
            prepare(path)
        make_private(path)
        # Transactions begin IMMEDIATE: ours read before they write, and a deferred transaction
        # whose read snapshot went stale (another connection committed meanwhile) fails at once
        # with "database is locked" instead of waiting out the busy timeout.
        database = _Database(
            str(path), live=path, pragmas=PRAGMAS, autoconnect=True, lock_type="IMMEDIATE"
        )
        if hold_writes:
            database.write_gate.hold()
    try:
        database.connect(reuse_if_open=True)
    except peewee.DatabaseError as exc:
        raise errors.classify(exc, path) or StorageError(
            f"Could not open the database {path}: {exc}"
        ) from exc
    if isinstance(database, _Database) and not read_only:
        database.presence = presence.Presence(path)
    return database


def is_current(path: Path) -> bool:
    """True when ``path`` holds a BoostDesk database that needs no migration (read only)."""
    found = inspect(path)
    return found.exists and found.is_boostdesk and found.schema_version == migrations.LATEST_VERSION


def write_gate(handle: store_module.Handle) -> WriteGate:
    """The write gate of an open database (one that is always open for other databases)."""
    gate = getattr(store_module.database_of(handle), "write_gate", None)
    return gate if isinstance(gate, WriteGate) else WriteGate()


def _open_read_only(path: Path) -> peewee.SqliteDatabase:
    found = inspect(path)
    if not found.exists:
        raise errors.read_only(path.parent, f"{path}: no database, and the folder is read-only")
    if found.schema_version != migrations.LATEST_VERSION:
        if found.schema_version > migrations.LATEST_VERSION:
            prepare(path)  # raises the clear "newer BoostDesk" error without writing
        raise errors.read_only(
            path.parent, f"{path}: schema {found.schema_version} needs an update to write"
        )
    return _Database(_read_only_uri(path), uri=True, pragmas=READ_ONLY_PRAGMAS, autoconnect=True)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; the folder itself is the OS user's only."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if folder.stat().st_mode & 0o777 != PRIVATE_FOLDER:
        os.chmod(folder, PRIVATE_FOLDER)


def make_private(path: Path) -> None:
    """Make a database file and its side files readable by the OS user only (older versions
    created them world-readable)."""
    for each in (path, *(path.with_name(path.name + s) for s in _SIDE_SUFFIXES)):
        try:
            if each.stat().st_mode & 0o777 != PRIVATE_FILE:
                os.chmod(each, PRIVATE_FILE)
        except OSError:  # gone meanwhile, or another user's file: nothing this process can do
            continue


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)  # O_CREAT's mode is cut by the umask and ignored if it existed


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
def read_snapshot(handle: store_module.Handle) -> Iterator[None]:
    """Reads inside see one state of the database without holding the write lock.

    A deferred transaction in WAL mode: writers (the tills) go on committing meanwhile. Inside an
    open transaction (a visit's re-evaluation) it does nothing: that one already reads one state.
    """
    database = store_module.database_of(handle)
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


SCAN_CACHE_KIB = 8 * 1024


@contextlib.contextmanager
def scanning(handle: store_module.Handle) -> Iterator[None]:
    """This connection's page cache kept small while it reads whole tables once (a full
    recompute): a cache cannot help a single pass, and the default 64 MiB one would only grow the
    process by that much (the pages stay in the OS's file cache either way)."""
    with pragmas_while(raw_connection(handle), cache_size=-SCAN_CACHE_KIB):
        yield


@contextlib.contextmanager
def pragmas_while(conn: sqlite3.Connection, **values: int) -> Iterator[None]:
    """This connection's integer pragmas set to ``values`` while the block runs, each put back
    to what it was however the block ends."""
    # SQLite-only: PRAGMA (names and values are the caller's constants, never user input).
    previous = {name: int(conn.execute(f"PRAGMA {name}").fetchone()[0]) for name in values}
    for name, value in values.items():
        conn.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        for name, value in previous.items():
            conn.execute(f"PRAGMA {name} = {value}")


BACKGROUND_BUSY_TIMEOUT_MS = 60_000


@contextlib.contextmanager
def background_writer(handle: store_module.Handle) -> Iterator[None]:
    """Settings of this connection for back-office work cut into short chunks that can be redone
    (publishing an import, storing recomputed segments); the tills' connections keep theirs.

    * Commits do not wait for an fsync (``synchronous = NORMAL``): in WAL mode a power cut may
      lose the last such commits, never corrupt the file.
    * It waits up to a minute for the write lock (the tills come first), not 5 s.
    """
    # SQLite-only: synchronous 1 is NORMAL.
    with pragmas_while(
        raw_connection(handle), synchronous=1, busy_timeout=BACKGROUND_BUSY_TIMEOUT_MS
    ):
        yield


def others_committed(handle: store_module.Handle) -> int:
    """A number that changes whenever another connection commits (``PRAGMA data_version``): how a
    chunked writer tells whether the tills are saving meanwhile."""
    # SQLite-only: PRAGMA data_version.
    return int(raw_connection(handle).execute("PRAGMA data_version").fetchone()[0])


def checkpoint(handle: store_module.Handle, mode: str = "PASSIVE") -> tuple[int, int, int]:
    """Write the WAL back into the database file (``PRAGMA wal_checkpoint(mode)``: busy, frames in
    the WAL, frames written back) the way BoostDesk always does, carrying the remembered check
    of the file over it (``storage.checkpoints``)."""
    conn = raw_connection(handle)
    live = getattr(store_module.database_of(handle), "live", None)
    if isinstance(live, Path):
        return checkpoints.checkpoint(conn, live, mode)
    if mode not in checkpoints.MODES:
        raise ValueError(mode)
    # SQLite-only: PRAGMA wal_checkpoint (a database that is not a venue's: no stamp to carry).
    busy, frames, written = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    return int(busy), int(frames), int(written)


@contextlib.contextmanager
def checkpoints_behind(handle: store_module.Handle) -> Iterator[None]:
    """While the block runs, the checkpoints this thread's commits call for run in a thread of
    their own (``checkpoints.Behind``), overlapping the block's next work, as long as nobody else
    has the venue open (:func:`alone`; else in place as always); when it ends (also on
    failure) that thread is waited for and the rest is written back here, so the WAL is left as
    after an ordinary commit. For a database that is not a venue's, nothing changes."""
    db = store_module.database_of(handle)
    if not isinstance(db, _Database) or db.live is None or db.behind() is not None:
        yield
        return
    behind = checkpoints.Behind(db.live, lambda: alone(handle))
    db._behind.value = behind
    try:
        yield
    finally:
        db._behind.value = None
        behind.finish(None if db.is_closed() else raw_connection(handle))


@contextlib.contextmanager
def sorting_in_files(handle: store_module.Handle) -> Iterator[None]:
    """While the block runs, this connection keeps its large sorts and temporary tables the way
    SQLite does by default (``temp_store = FILE``) instead of the product's ``MEMORY``.

    Why: with temporary storage in memory, SQLite's sorter allocates every entry on its own and
    sorts a linked list of them, and the journal a savepoint keeps of the pages its statements
    change (to undo them) grows in pieces of 1 KiB. With files, a sort gathers its entries in
    one growing block (spilling sorted runs to a temporary file only past ``cache_size``) and
    that journal moves to a temporary file after its first 64 KiB. Publishing a million visits
    in one transaction (its steps are savepoints) and building their time index after it took
    about 1.3 s less CPU here. The temporary files are SQLite's own (in the system's temporary
    folder): private, removed from the folder as soon as they are opened, gone when the
    connection closes or the process dies; they hold what the database and its WAL hold.

    Changing the setting drops this connection's temporary tables (every user of one makes it
    again when it is missing); SQLite refuses to change it inside a transaction, and then it is
    left as it is."""
    conn = raw_connection(handle)
    # SQLite-only: PRAGMA temp_store.
    previous = int(conn.execute("PRAGMA temp_store").fetchone()[0])
    changed = _set_temp_store(conn, "FILE")
    try:
        yield
    finally:
        if changed:
            _set_temp_store(conn, str(previous))


def _set_temp_store(conn: sqlite3.Connection, value: str) -> bool:
    if conn.in_transaction:
        return False
    try:
        conn.execute(f"PRAGMA temp_store = {value}")
    except sqlite3.OperationalError:  # a statement of this connection still reading
        return False
    return True


def alone(handle: store_module.Handle) -> bool:
    """True when no other opening of the venue (another process, or another one in this
    process) holds it right now (see :mod:`presence`) and this one does not serve a counter;
    never waits."""
    db = store_module.database_of(handle)
    found = getattr(db, "presence", None)
    if getattr(db, "serves_counter", False) or not isinstance(found, presence.Presence):
        return False
    return found.alone()


def serve_counter(handle: store_module.Handle) -> None:
    """Mark this opening as the app's (its counter may save at any moment, on another
    connection of this process): it is never :func:`alone`, so its own long writes take turns."""
    db = store_module.database_of(handle)
    if isinstance(db, _Database):
        db.serves_counter = True


def release_presence(handle: store_module.Handle) -> None:
    """Give up this opening's hold on the venue's presence file (it is being closed)."""
    found = getattr(store_module.database_of(handle), "presence", None)
    if isinstance(found, presence.Presence):
        found.close()


def raw_connection(handle: store_module.Handle) -> sqlite3.Connection:
    """The sqlite3 connection of the calling thread (for bulk work and backups)."""
    conn = store_module.database_of(handle).connection()
    assert isinstance(conn, sqlite3.Connection)
    return conn
