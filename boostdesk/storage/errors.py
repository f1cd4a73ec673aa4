"""Storage problems a person can act on, recognised from SQLite's error codes and the file system.

Each problem is a :class:`StorageError` subclass with a stable ``reason`` word (the UI turns it into
a translated sentence), a one-line English message saying what to do (the command line prints it)
and the technical ``detail`` (shown folded in the GUI, written to the diagnostic log).
:func:`classify` recognises them in whatever SQLite, peewee or the OS raised.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the
# low byte.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class StorageError(Exception):
    """A database or data-folder problem with a message fit for the user (no traceback needed)."""

    reason: ClassVar[str] = "storage"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail or message


class NotADatabaseError(StorageError):
    reason = "not_a_database"


class NewerSchemaError(StorageError):
    reason = "newer_schema"


class DamagedError(NotADatabaseError):
    """The file is an SQLite database whose pages are broken (or not a database at all)."""

    reason = "damaged"


class DiskFullError(StorageError):
    reason = "disk_full"


class LockedError(StorageError):
    """Another program holds the database's write lock longer than the busy timeout."""

    reason = "locked"


class ReadOnlyError(StorageError):
    reason = "read_only"


class CannotOpenError(StorageError):
    reason = "cannot_open"


class DiskError(StorageError):
    """The operating system reported an input/output error."""

    reason = "disk_error"


class DataFolderError(StorageError):
    """The data folder cannot be used (see the subclasses)."""

    reason = "data_folder"


class FolderIsFileError(DataFolderError):
    reason = "folder_is_file"


class FolderUncreatableError(DataFolderError):
    reason = "folder_uncreatable"


class FolderUnreadableError(DataFolderError):
    reason = "folder_unreadable"


def disk_full(folder: Path, detail: str) -> DiskFullError:
    return DiskFullError(
        f"the disk holding {folder} is full: free some space and try again "
        "(the change was not saved)",
        detail=detail,
    )


def locked(path: Path, detail: str) -> LockedError:
    return LockedError(
        f"the database {path} is in use by another program (another BoostDesk, a backup or "
        "sync tool): close it and try again",
        detail=detail,
    )


def read_only(folder: Path, detail: str) -> ReadOnlyError:
    return ReadOnlyError(
        f"the data folder {folder} is read-only: BoostDesk can only show its data; fix the "
        "folder's permissions or choose another folder with --data-dir",
        detail=detail,
    )


def damaged(path: Path, detail: str) -> DamagedError:
    return DamagedError(
        f"the database {path} is damaged: restore it from a backup (the file was not changed)",
        detail=detail,
    )


def classify(error: BaseException, path: Path) -> StorageError | None:
    """The storage problem behind ``error`` (raised while using the database at ``path``).

    Looks through the whole chain (peewee wraps sqlite3's errors; a failed rollback hides the
    error that caused it), so a full disk is reported as such and not as "cannot rollback".
    Returns None for anything that is not a recognised storage problem.
    """
    if isinstance(error, StorageError):
        return error
    for found in _chain(error):
        if isinstance(found, StorageError):
            return found
        problem = _from_sqlite(found, path) if isinstance(found, sqlite3.Error) else None
        problem = problem or (_from_os(found, path) if isinstance(found, OSError) else None)
        if problem is not None:
            return problem
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it wraps (args, cause, context), each once."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _from_sqlite(error: sqlite3.Error, path: Path) -> StorageError | None:
    code = getattr(error, "sqlite_errorcode", None)
    name = getattr(error, "sqlite_errorname", "") or type(error).__name__
    detail = f"{name}: {error}"
    text = str(error).lower()
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or "disk is full" in text:
        return disk_full(path.parent, detail)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return locked(path, detail)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly database" in text:
        return read_only(path.parent, detail)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return damaged(path, detail)
    if primary == _SQLITE_IOERR and _no_room(path.parent):
        # SQLite reports a side file (-shm, -wal) it cannot grow as an I/O error.
        return disk_full(path.parent, detail)
    if primary == _SQLITE_IOERR:
        return DiskError(
            f"the disk holding {path} could not be read or written: check the disk and try again",
            detail=detail,
        )
    if primary == _SQLITE_CANTOPEN:
        return CannotOpenError(
            f"the database {path} cannot be opened: check that the data folder can be read and "
            "written",
            detail=detail,
        )
    return None


def _no_room(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _from_os(error: OSError, path: Path) -> StorageError | None:
    detail = f"{type(error).__name__}: {error}"
    if error.errno == errno.ENOSPC:
        return disk_full(path.parent, detail)
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path.parent, detail)
    return None
