"""The last SQLite check of the live database file, remembered beside it.

SQLite's ``quick_check`` of a large venue takes several times as long as copying its file. A
backup need not repeat it when the very bytes it is about to read already passed a check: the
stamp records the check together with the identity of the main file it read (device, inode,
size, modification and change times to the nanosecond) and the machine's boot.

The file is only identified, never trusted by its content: any later write to it, by SQLite or
by anything else, gives it a new change time (``ctime`` cannot be set back by a program), so
the stamp no longer matches and the caller checks again. On Windows ``st_ctime_ns`` is the
creation time and the modification time can be set back, so the identity is weaker there: only
a backup relies on it, never the start-up check (``integrity.remembered_check_stands``). Two
rules close the gaps:

* the stamp is written only when the file was last changed well before the check began
  (:data:`MARGIN_NS`): file times come from a coarse clock, and a write in the same tick as the
  one the check saw could otherwise leave the same times behind;
* it holds only within one boot of the machine: after a power cut a disk may have torn pages
  whose new times never reached it.

A failed check replaces the stamp with one that matches nothing.

**The chain.** BoostDesk's own connections never let SQLite checkpoint by itself
(``wal_autocheckpoint = 0``); ``storage.checkpoints`` writes the WAL back into the main file, and
under this module's file lock it carries the stamp over such a checkpoint (:func:`carry`) only
when the stamp matched the file just before it: the pages a checkpoint writes are copies of WAL
frames SQLite appended for committed transactions, so a file that was sound stays sound. Anything
else that writes the main file itself (another program writing it, another tool's checkpoint, a
crash in the middle of a checkpoint, a copy) leaves the stamp behind and the next check runs in
full.

What the carry trusts: every committed frame in the WAL, whoever committed it. Another SQLite
program's small write stays in the WAL when that program does not checkpoint it itself (below its
automatic checkpoint, not the last connection to close); BoostDesk's next checkpoint then writes
it into the main file and carries the stamp over it. So the start-up check rests on the stamp
only while the WAL is empty (``integrity.remembered_check_stands``): frames waiting there are
checked through the WAL. Frames another program leaves in the WAL and BoostDesk writes back before
any start-up check are trusted like BoostDesk's own until the next full check (a backup's header
then says "changed since only by BoostDesk's own checkpoints").
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

BACKUP_DIRNAME = "backups"  # the folder beside the database (database.BACKUP_DIRNAME)
STAMP_FILE = "last-check.json"
LOCK_FILE = "last-check.lock"
MARGIN_NS = 2_000_000_000
"""The file must have been last changed this long before the check began (2 s)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """A check of the file whose identity is ``file``: passed (``ok``) or not."""

    ok: bool
    kind: str  # "quick_check" or "integrity_check"
    checked_at: str  # ISO 8601 UTC, when the check began
    boot: str
    file: tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns
    carried: int = 0  # BoostDesk's own checkpoints the stamp was carried over since the check

    def describe(self) -> str:
        """What the pages of the file passed, in words (a backup's header says it)."""
        if self.carried == 0:
            return f"{self.kind} at {self.checked_at}, unchanged since"
        return (
            f"{self.kind} at {self.checked_at}, changed since only by BoostDesk's own "
            f"checkpoints of SQLite's WAL ({self.carried})"
        )


def stamp_path(database_path: Path) -> Path:
    return database_path.parent / BACKUP_DIRNAME / STAMP_FILE


def identity(database_path: Path) -> tuple[int, int, int, int, int]:
    info = database_path.stat()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def record(database_path: Path, *, ok: bool, full: bool, began_ns: int) -> None:
    """Remember a check of ``database_path`` that began at ``began_ns`` (``time.time_ns()``)
    while no writer could change the file. A passed check is remembered only when the file
    was last changed at least :data:`MARGIN_NS` before; a failed one always (it matches
    nothing, so the next backup checks for itself)."""
    with locked(database_path):
        _record(database_path, ok=ok, full=full, began_ns=began_ns)


def _record(database_path: Path, *, ok: bool, full: bool, began_ns: int) -> None:
    try:
        file = identity(database_path)
    except OSError:
        return
    if ok and max(file[3], file[4]) > began_ns - MARGIN_NS:
        _forget(database_path)  # changed too recently to be told apart from a later write
        return
    _write(
        database_path,
        Stamp(
            ok=ok,
            kind="integrity_check" if full else "quick_check",
            checked_at=dt.datetime.fromtimestamp(began_ns / 1e9, dt.UTC)
            .replace(microsecond=0)
            .isoformat(),
            boot=boot_id(),
            file=file if ok else (0, 0, 0, 0, 0),
        ),
    )


def carry(database_path: Path, before: Stamp) -> None:
    """Carry ``before`` (which matched the file just before BoostDesk's own checkpoint) over
    that checkpoint: the same check, now of the file as the checkpoint left it. Call with
    :func:`locked` held since ``before`` was read."""
    try:
        file = identity(database_path)
    except OSError:
        return
    if file != before.file:  # the checkpoint wrote something
        _write(database_path, dataclasses.replace(before, file=file, carried=before.carried + 1))


def _write(database_path: Path, stamp: Stamp) -> None:
    path = stamp_path(database_path)
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(stamp), out)
        os.replace(part, path)
    except OSError:  # a read-only folder: the next backup simply checks for itself
        part.unlink(missing_ok=True)
        _forget(database_path)


def passed(database_path: Path) -> Stamp | None:
    """The passed check of exactly the bytes ``database_path`` holds now, in this boot, or None.

    The caller must hold the file still (a pinned snapshot) while it relies on the answer.
    """
    try:
        raw = json.loads(stamp_path(database_path).read_text(encoding="utf-8"))
        stamp = Stamp(
            ok=bool(raw["ok"]),
            kind=str(raw["kind"]),
            checked_at=str(raw["checked_at"]),
            boot=str(raw["boot"]),
            file=tuple(int(v) for v in raw["file"]),  # type: ignore[arg-type]
            carried=int(raw.get("carried", 0)),
        )
        file = identity(database_path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not stamp.ok or stamp.boot != boot_id() or stamp.file != file:
        return None
    return stamp


_THREADS = threading.Lock()


@contextlib.contextmanager
def locked(database_path: Path) -> Iterator[bool]:
    """Hold the stamp's lock (between the threads of this process and between processes) while
    the block runs; yields False when the lock file cannot be had (a read-only folder): the caller
    must then not carry the stamp. Not re-entrant."""
    path = stamp_path(database_path).with_name(LOCK_FILE)
    with _THREADS:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield False
            return
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            yield False
            return
        try:
            yield True
        finally:
            _unlock(fd)
            os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: lock the first byte (retries for 10 s, then OSError)
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
    else:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _forget(database_path: Path) -> None:
    with contextlib.suppress(OSError):
        stamp_path(database_path).unlink(missing_ok=True)


def boot_id() -> str:
    """This boot of the machine (Linux: the kernel's boot id; elsewhere: the boot time)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        # time.monotonic() counts from the boot on Windows and macOS; a minute absorbs drift.
        return f"booted-{round((time.time() - time.monotonic()) / 60)}"
