"""Where an import's visits wait for publishing: a staging file of their own, next to the
database (see :mod:`imports`). It has no journal, no index and no fsync while it is written — a
crash while staging leaves a file nobody publishes — and is flushed to disk as a whole before the
batch's commit point. Publishing attaches it to the database connection."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import peewee

from boostdesk.storage import database
from boostdesk.storage import store as store_module

STAGING_DIRNAME = "staging"
ROWS_PER_INSERT = 100
SCHEMA = "import_stage"  # the schema name a staging file is attached under


def _conn(store: store_module.Store) -> sqlite3.Connection:
    return database.raw_connection(store.database)


def _db(store: store_module.Store) -> peewee.Database:
    return store.database


def staging_path(store: store_module.Store, batch: int) -> Path:
    """Where the visits of ``batch`` are staged: a folder next to the database."""
    return Path(str(_db(store).database)).parent / STAGING_DIRNAME / f"import-{batch}.db"


class VisitStage:
    """The staging file of one visits import, being written. ``guest`` holds each guest once
    (card, else reference, the digest its idempotency keys start with, the time of its
    earliest visit and, for a reference, the search key of the guest it would enrol); ``row``
    the visits in publishing order (``seq`` from 0) — sorted by guest, then time, so a chunk of
    rows holds its guests' visits from the earliest on —, with ``dup``
    = n for the n-th identical visit (same guest, minute and amount) in the file; ``span`` the
    earliest and latest visit time of all rows and ``categories`` the basket categories they
    name (files of older versions have neither: publishing then reads the rows). Written
    without journal or fsync, then made durable as a whole by :meth:`close` before the batch's
    commit point."""

    def __init__(self, store: store_module.Store, batch: int) -> None:
        self.path = staging_path(store, batch)
        database.make_private_folder(self.path.parent)
        # private from the start: references may be names
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        self._conn = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -65536"):
            self._conn.execute(f"PRAGMA {pragma}")
        self._conn.execute(
            "CREATE TABLE guest (id INTEGER PRIMARY KEY, ref TEXT, card TEXT, "
            "digest TEXT NOT NULL, first_at INTEGER NOT NULL, search_key TEXT)"
        )
        self._conn.execute(
            "CREATE TABLE row (seq INTEGER PRIMARY KEY, guest INTEGER NOT NULL, "
            "visited_at INTEGER NOT NULL, amount_minor INTEGER NOT NULL, category_id INTEGER, "
            "dup INTEGER)"
        )
        self._conn.execute("BEGIN")

    def add_guests(
        self, guests: Iterable[tuple[int, str | None, str | None, str, int, str | None]]
    ) -> None:
        """(id, reference or None, card or None, digest, earliest visit, the search key of a
        guest enrolled by the reference, else None) per guest."""
        self._conn.executemany("INSERT INTO guest VALUES (?, ?, ?, ?, ?, ?)", guests)

    def add_rows(self, first_seq: int, columns: dict[str, Any]) -> int:
        """Rows (integer columns guest, visited_at, amount_minor, category_id, dup) from
        ``first_seq``; category 0 for none, dup as counted (publishing reads a category above 0
        and a dup above 1 only, as it reads older files' NULLs). Bound as one flat list of
        integers (a single conversion of the numbers, no Python object per row), :data:`
        ROWS_PER_INSERT` rows to a statement; ``seq`` given for the first row only, the others
        follow it (SQLite numbers a rowid table's rows on from the largest)."""
        names = list(columns)
        count = len(columns[names[0]])
        if not count:
            return 0
        grid = np.column_stack([np.asarray(columns[n], dtype=np.int64) for n in names])
        one = "(" + ", ".join("?" * len(names)) + ")"
        head = f"INSERT INTO row ({', '.join(names)}) VALUES "
        self._conn.execute(
            f"INSERT INTO row (seq, {', '.join(names)}) VALUES (?, {one[1:]}",
            (first_seq, *grid[0].tolist()),
        )
        flat = grid[1:].ravel().tolist()
        step = ROWS_PER_INSERT * len(names)
        whole = (count - 1) // ROWS_PER_INSERT * step
        self._conn.executemany(
            head + ", ".join([one] * ROWS_PER_INSERT),
            (flat[i : i + step] for i in range(0, whole, step)),
        )
        rest = (count - 1) % ROWS_PER_INSERT
        if rest:
            self._conn.execute(head + ", ".join([one] * rest), flat[whole:])
        last = self._conn.execute("SELECT MAX(seq) FROM row").fetchone()[0]
        if last != first_seq + count - 1:  # rows added out of order: they would be misnumbered
            raise database.StorageError(f"staged rows end at {last}, not {first_seq + count - 1}")
        return count

    def add_summary(self, first_at: int, last_at: int, categories: Iterable[int]) -> None:
        """The earliest and latest visit time of all rows and the basket categories they name:
        publishing reads these instead of scanning the rows (see :func:`summary`)."""
        self._conn.execute(
            "CREATE TABLE span (first_at INTEGER NOT NULL, last_at INTEGER NOT NULL)"
        )
        self._conn.execute("INSERT INTO span VALUES (?, ?)", (first_at, last_at))
        # not "category": unqualified, that is the venue's table
        self._conn.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY)")
        self._conn.executemany("INSERT INTO categories VALUES (?)", ((c,) for c in categories))

    def close(self) -> None:
        """Commit and flush the file to disk (the batch's commit point may follow)."""
        self._conn.execute("COMMIT")
        self._conn.close()
        with self.path.open("rb+") as handle:
            os.fsync(handle.fileno())
        _fsync_folder(self.path.parent)

    def discard(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self.path.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system lets a folder be opened
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def attach(conn: sqlite3.Connection, path: Path) -> bool:
    """Attach the staging file ``path`` (outside a transaction) unless it is; False if there is
    no such file (a batch staged by an older version, in ``import_row``)."""
    found = conn.execute(
        "SELECT file FROM pragma_database_list WHERE name = ?", (SCHEMA,)
    ).fetchone()
    # resolved: a venue opened by a relative path (``--data-dir venue``) lists its attached
    # file by the absolute one
    if found is not None and Path(found[0]).resolve() == path.resolve():
        return True
    if found is not None:
        conn.execute(f"DETACH DATABASE {SCHEMA}")
    if not path.exists():
        return False
    conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(path),))
    return True


def knows_first_visits(conn: sqlite3.Connection) -> bool:
    """Whether the attached staging file holds each guest's earliest visit (files staged by
    older versions do not)."""
    return _guest_has(conn, "first_at")


def knows_search_keys(conn: sqlite3.Connection) -> bool:
    """Whether the attached staging file holds the search key of each guest it names by a
    reference (files staged by older versions do not)."""
    return _guest_has(conn, "search_key")


def _guest_has(conn: sqlite3.Connection, column: str) -> bool:
    columns = conn.execute(f"PRAGMA {SCHEMA}.table_info(guest)").fetchall()
    return any(str(c[1]) == column for c in columns)


def summary(conn: sqlite3.Connection) -> tuple[int, int, list[int]] | None:
    """(earliest visit time, latest, basket categories named) of the attached staging file;
    None for a file staged by an older version (without them)."""
    tables = conn.execute(
        f"SELECT COUNT(*) FROM {SCHEMA}.sqlite_master WHERE name IN ('span', 'categories')"
    ).fetchone()[0]
    if tables != 2:
        return None
    row = conn.execute(f"SELECT first_at, last_at FROM {SCHEMA}.span").fetchone()
    if row is None:
        return None
    named = [int(r[0]) for r in conn.execute(f"SELECT id FROM {SCHEMA}.categories")]
    return int(row[0]), int(row[1]), named


def release(store: store_module.Store) -> None:
    """Detach a staging file attached for publishing (so it can be removed)."""
    conn = _conn(store)
    if conn.execute("SELECT 1 FROM pragma_database_list WHERE name = ?", (SCHEMA,)).fetchone():
        conn.execute(f"DETACH DATABASE {SCHEMA}")


def forget_in_staging(store: store_module.Store, keys: Sequence[str]) -> int:
    """Remove the staged visits of the guest known by ``keys`` (references, card numbers) from
    every staging file (erasure of a guest); return how many."""
    folder = staging_path(store, 0).parent
    if not keys or not folder.is_dir():
        return 0
    marks = ",".join("?" * len(keys))
    gone = 0
    for path in sorted(folder.glob("import-*.db")):
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("BEGIN")
            chosen = f"SELECT id FROM guest WHERE ref IN ({marks}) OR card IN ({marks})"
            params = (*keys, *keys)
            gone += conn.execute(f"DELETE FROM row WHERE guest IN ({chosen})", params).rowcount
            conn.execute(f"DELETE FROM guest WHERE id IN ({chosen})", params)
            conn.execute("COMMIT")
        finally:
            conn.close()
    return gone
