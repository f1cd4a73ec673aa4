"""Is a database file sound? Quick and full SQLite checks, and a consistent copy of a live one.

A damaged database must never be written to: the app checks before it writes (``quick_check``,
a structural check that reads every page) and runs the full ``integrity_check`` (which also
matches every index against its table) after a restore and at night.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from boostdesk.storage import check_stamp, checkpoints, database, errors

_MAX_PROBLEMS = 20
_SQLITE_FULL = 13


class DamagedDatabaseError(errors.DamagedError):
    """The database file fails SQLite's integrity check; ``problems`` lists the first few."""

    def __init__(
        self, message: str, problems: tuple[str, ...] = (), newest_backup: str | None = None
    ) -> None:
        super().__init__(message, detail=f"{len(problems)} problems: {'; '.join(problems[:3])}")
        self.problems = problems
        self.newest_backup = newest_backup


@dataclass(frozen=True, slots=True)
class Facts:
    """What a (copied or restored) database file is: its schema version and venue."""

    schema_version: int
    is_boostdesk: bool
    venue: str


def problems(path: Path, *, full: bool = False) -> tuple[str, ...]:
    """SQLite's complaints about ``path`` (empty when sound), read without changing the file.

    ``full`` runs ``integrity_check`` (minutes on a very large venue) instead of ``quick_check``.
    A file SQLite cannot even open counts as damaged; a check the disk or the folder did not let
    run (full, unreadable, locked) raises that :class:`errors.StorageError` instead.
    """
    try:
        conn = database.open_read_only(path)
    except sqlite3.Error as exc:
        return _problem_or_raise(exc, path)
    try:
        return check_connection(conn, full=full, path=path)
    finally:
        conn.close()


def check_connection(
    conn: sqlite3.Connection, *, full: bool = False, path: Path | None = None
) -> tuple[str, ...]:
    pragma = "integrity_check" if full else "quick_check"
    try:
        # SQLite-only: PRAGMA quick_check / integrity_check.
        rows = conn.execute(f"PRAGMA {pragma}({_MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
        return _problem_or_raise(exc, path)
    found = tuple(str(row[0]) for row in rows)
    return () if found == ("ok",) else found


def _problem_or_raise(error: sqlite3.Error, path: Path | None) -> tuple[str, ...]:
    """A damaged file is a problem found; a full disk, a locked or unreadable file is not: the
    check could not run, and saying "damaged" would send the owner to restore a sound venue."""
    if path is None:
        return (str(error),)
    problem = errors.classify(error, path)
    if problem is None or isinstance(problem, errors.NotADatabaseError):
        return (str(error),)
    if isinstance(problem, errors.DiskFullError):
        raise errors.DiskFullError(
            f"the disk holding {path.parent} is full: SQLite could not check the database, so "
            "nothing was written to it; free some space and try again",
            detail=problem.detail,
        ) from error
    raise problem from error


def require_sound(
    path: Path,
    *,
    full: bool = False,
    newest_backup: str | None = None,
    write_back: bool = False,
) -> bool:
    """Raise :class:`DamagedDatabaseError` unless ``path`` (if it exists) passes the check;
    return whether SQLite's check ran now.

    ``write_back`` (for a venue the app has been writing to, e.g. at night) writes the WAL back
    first (``storage.checkpoints``) and checks the pinned file once it has been still for
    ``check_stamp.MARGIN_NS``, so that a passed check is remembered even while the tills save.

    The quick check is not run again when :func:`remembered_check_stands` for the file; the
    full one always runs. The message names ``newest_backup`` to restore when one is known.
    """
    if not path.exists() or path.stat().st_size == 0:
        return False
    if not full and remembered_check_stands(path):
        return False
    found = _problems_pinned(path, full=full, write_back=write_back)
    if not found:
        return True
    advice = (
        f"restore the newest verified backup: boostdesk restore {newest_backup}"
        if newest_backup
        else "restore a backup with 'boostdesk restore FILE'"
    )
    raise DamagedDatabaseError(
        f"the database {path} is damaged ({len(found)}{'+' if len(found) >= _MAX_PROBLEMS else ''}"
        f" problems found); nothing was written to it: {advice}",
        found,
        newest_backup,
    )


def remembered_check_stands(path: Path) -> bool:
    """Whether the start-up check may rest on the remembered one: only when the database is the
    main file alone (its WAL is absent or empty) and that file's remembered check still stands
    (``check_stamp.passed``: unchanged since, or changed only by BoostDesk's own checkpoints, in
    this boot), and never on Windows.

    Frames waiting in the WAL may have been committed by another program (the ``sqlite3`` shell
    leaves a small write there when it is not the last connection to close); the stamp says
    nothing about them, so the check runs through the WAL. On Windows ``st_ctime_ns`` is the
    file's creation time, not its change time, and a program can set the modification time back:
    the file's identity is too weak to skip the check the product requires before writing (a
    backup may still rely on it for the pages it copies).
    """
    if sys.platform == "win32":
        return False
    if checkpoints.wal_size(path) != 0:
        return False
    return check_stamp.passed(path) is not None


def _problems_pinned(path: Path, *, full: bool, write_back: bool = False) -> tuple[str, ...]:
    """:func:`problems`, several times faster on a venue whose WAL is empty (or written back:
    ``write_back``): its main file is pinned (no writer can change it meanwhile) and checked as
    an immutable file."""
    from boostdesk.storage import snapshot  # snapshot builds on this module

    with contextlib.ExitStack() as stack:
        try:
            snap = stack.enter_context(
                snapshot.pinned(path, checkpoint=write_back, busy_timeout=1.0)
            )
        except sqlite3.Error:
            snap = None  # cannot be pinned (read-only folder, unreadable header): plain check
        if snap is not None:
            if write_back:
                snap.settle()
            return snap.problems(full=full)
    return problems(path, full=full)


def consistent_copy(
    source: Path, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Copy the live database ``source`` (other processes may be writing) to ``target``.

    The copy is one state of the database (SQLite's online backup inside a read transaction: the
    tills go on writing meanwhile), in rollback-journal mode so it is a single file, readable by
    the OS user only. ``progress(copied_pages, total_pages)`` is called between steps.
    """
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    src = database.open_read_only(source)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins one snapshot

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        try:
            src.backup(dst, pages=8192, progress=step)
            # SQLite-only: the online backup keeps the source's WAL mode; one file is wanted.
            dst.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL:
                raise OSError(errno.ENOSPC, "disk full", str(target)) from exc
            raise
    finally:
        with contextlib.suppress(sqlite3.Error):
            src.rollback()
        src.close()
        dst.close()


@dataclass(frozen=True, slots=True)
class FileHeader:
    """What the first 100 bytes of an SQLite database file say about it."""

    page_size: int
    page_count: int
    schema_version: int  # PRAGMA user_version
    is_boostdesk: bool  # PRAGMA application_id


SQLITE_MAGIC = b"SQLite format 3\x00"


def read_file_header(data: bytes) -> FileHeader | None:
    """Parse an SQLite file header (the first 100 bytes); None when it is not one."""
    if len(data) < 100 or not data.startswith(SQLITE_MAGIC):
        return None
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return FileHeader(
        page_size=page_size,
        page_count=int.from_bytes(data[28:32], "big"),
        schema_version=int.from_bytes(data[60:64], "big", signed=True),
        is_boostdesk=int.from_bytes(data[68:72], "big", signed=True) == database.APPLICATION_ID,
    )


def facts(path: Path) -> Facts:
    """Schema version, whether it is a BoostDesk database, and the venue name of ``path``."""
    conn = database.open_read_only(path)
    try:
        return facts_of(conn, path)
    finally:
        conn.close()


def facts_of(conn: sqlite3.Connection, path: Path) -> Facts:
    """:func:`facts` read on an open connection (inside its current read transaction)."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        venue = ""
        with contextlib.suppress(sqlite3.Error):
            row = conn.execute("SELECT value FROM setting WHERE key = 'venue.name'").fetchone()
            if row:
                venue = str(json.loads(row[0]))
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"{path} cannot be read: {exc}") from exc
    return Facts(version, app_id == database.APPLICATION_ID, venue)
