"""The venue database as files on disk: keeping it aside and replacing it (for a restore)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from boostdesk.storage import database

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def keep_aside(path: Path) -> Path | None:
    """Copy the database ``path`` and its WAL, byte for byte, into ``backups/pre-restore-…/``.

    A raw copy (not an SQLite backup) so that even a damaged database is kept exactly as it was.
    Returns the folder, or None when there is no database.
    """
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    folder = path.parent / database.BACKUP_DIRNAME / f"pre-restore-{stamp}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = folder.with_name(f"pre-restore-{stamp}-{suffix}")
    folder.mkdir(parents=True, mode=0o700)
    for each in (path, *side_files(path)[:1]):
        if each.exists():
            target = folder / each.name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out, each.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
    return folder


def release(live: Path) -> None:
    """Fold the live database's WAL into its file and leave WAL mode, before it is replaced.

    SQLite would apply a stale WAL to the new file and damage it, so the WAL must be empty and
    gone. This needs the only connection, so it also tells whether BoostDesk has the venue open
    (then :class:`database.StorageError`, nothing changed). Not for a damaged database: that one
    is kept aside byte for byte and replaced, its WAL with it.
    """
    if not live.exists():
        return
    try:
        conn = sqlite3.connect(live, isolation_level=None, timeout=1)
        try:
            # SQLite-only: leaving WAL mode folds the WAL in and deletes it; it first takes the
            # exclusive lock, so with another connection open it fails having changed nothing.
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise database.StorageError(
                f"the venue in {live.parent} is open in BoostDesk: close it, then restore; "
                "nothing was changed"
            ) from exc
    except sqlite3.DatabaseError:
        pass


def replace(live: Path, new: Path) -> None:
    """Put the database file ``new`` in the place of ``live`` in one atomic rename (after
    :func:`release`; any side file left is a damaged database's and goes)."""
    for side in side_files(live):
        side.unlink(missing_ok=True)
    os.replace(new, live)
    fsync_folder(live.parent)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
