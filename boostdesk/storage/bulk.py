"""Bulk loading of a fresh database file (demo venues, large imports into an empty venue).

A new database is built under a temporary name with journaling off, its secondary indexes dropped
during the load and rebuilt afterwards, then switched to WAL and moved into place atomically; the
live database is never half-written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from boostdesk.storage import database, metric_snapshot, migrations

_CHUNK = 200_000


class BulkLoader:
    """A new, migrated database file being filled; :meth:`publish` moves it to its real name."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.part = target.with_name(target.name + ".part")
        for stale in _side_files(self.part):
            stale.unlink(missing_ok=True)
        database.prepare(self.part)
        self.conn = sqlite3.connect(self.part, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -262144")
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self._dropped: list[str] = []
        self._dropped_triggers: list[str] = []

    def drop_secondary_indexes(self, table_names: Sequence[str]) -> None:
        """Drop the non-unique indexes of ``table_names`` until :meth:`finish` rebuilds them."""
        marks = ",".join("?" * len(table_names))
        rows = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})",
            tuple(table_names),
        ).fetchall()
        for name, sql in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
            self._dropped.append(sql)

    def drop_triggers(self) -> None:
        """Drop every trigger until :meth:`publish`; the totals they keep are rebuilt there."""
        rows = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, sql in rows:
            self.conn.execute(f'DROP TRIGGER "{name}"')
            self._dropped_triggers.append(sql)

    def insert(self, table: str, columns: dict[str, Any]) -> int:
        """Insert column-wise data (numpy arrays or lists of equal length); return the row count."""
        self.conn.execute("BEGIN")
        count = insert_columns(self.conn, table, columns)
        self.conn.execute("COMMIT")
        return count

    def publish(self) -> None:
        """Rebuild indexes, check, switch to WAL and atomically replace ``target``."""
        for sql in self._dropped:
            self.conn.execute(sql)
        self._dropped.clear()
        if self._dropped_triggers:
            self.conn.execute("BEGIN")
            metric_snapshot.invalidate(self.conn)  # rows written with the triggers aside
            for statement in migrations.REBUILD_ANALYTICS:
                self.conn.execute(statement)
            self.conn.execute(migrations.FILL_SEARCH_KEYS)
            for sql in self._dropped_triggers:
                self.conn.execute(sql)
            self.conn.execute("COMMIT")
            self._dropped_triggers.clear()
        self.conn.execute("ANALYZE")
        problems = self.conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise database.StorageError(f"bulk load broke foreign keys: {problems}")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.close()
        with self.part.open("rb+") as handle:
            os.fsync(handle.fileno())
        for stale in _side_files(self.target):
            stale.unlink(missing_ok=True)
        os.replace(self.part, self.target)

    def discard(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        for path in (self.part, *_side_files(self.part)):
            path.unlink(missing_ok=True)


def insert_columns(conn: sqlite3.Connection, table: str, columns: dict[str, Any]) -> int:
    """Insert column-wise data (numpy arrays, ranges or lists of equal length) in the caller's
    transaction, with one prepared statement; return the row count. The fast path of the demo
    builder and of staging imports."""
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    for start in range(0, count, _CHUNK):
        chunk = [_as_list(columns[name][start : start + _CHUNK]) for name in names]
        conn.executemany(sql, zip(*chunk, strict=True))
    return count


def _as_list(values: Any) -> list[Any]:
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _side_files(path: Path) -> Iterator[Path]:
    for suffix in ("-wal", "-shm", "-journal"):
        yield path.with_name(path.name + suffix)


def keep_copy(path: Path, reason: str) -> Path | None:
    """Snapshot an existing database into ``backups/`` before it is replaced; return the copy."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.parent / database.BACKUP_DIRNAME / f"{reason}-{stamp}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        database.snapshot(conn, target)
    finally:
        conn.close()
    return target
