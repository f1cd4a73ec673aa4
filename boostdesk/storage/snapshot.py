"""One state of a live WAL database, read straight from its file while the tills go on writing.

SQLite's online backup API copies a database page by page through two pagers into a second file
that must then be read again; on a large venue that doubles the disk traffic and takes several
times as long as copying the file. A *pinned* snapshot avoids both: with every WAL frame written
back into the main file and a read transaction opened right then, the reader uses SQLite's
"read lock 0" (it reads the main file only), and no checkpoint may write into the main file while
that lock is held. New visits go on into the WAL. So, for as long as the snapshot is open, the
main file's first ``page_count`` pages are exactly that state of the database, and can be read
as a plain file (fast, sequential) while SQLite checks the very same pages on the reader.

Pinning needs a moment with the write lock (the tills wait a few milliseconds at most) and no
older reader holding back the checkpoint; when it cannot be had, :func:`pinned` yields None and
the caller falls back to the online backup API.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from boostdesk.storage import check_stamp, checkpoints, integrity

_HEADER_FORMAT_BYTES = slice(18, 20)  # file format write/read version: 2 = WAL, 1 = rollback
_ROLLBACK_MODE = b"\x01\x01"


@dataclass(slots=True)
class Snapshot:
    """A pinned state of the database at ``path``: ``page_count`` pages of ``page_size`` bytes."""

    path: Path
    page_size: int
    page_count: int
    _reader: sqlite3.Connection
    _checkers: list[sqlite3.Connection] = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.page_size * self.page_count

    def problems(self, *, full: bool = False) -> tuple[str, ...]:
        """SQLite's check of exactly this state (may run in another thread than the reading).

        It runs on its own connection that sees the main file as immutable, which it is while
        pinned: without the WAL index and locks SQLite's check runs several times faster. The
        result is remembered with the file's identity (``check_stamp``).
        """
        uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
        began = time.time_ns()
        checker = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._checkers.append(checker)
        try:
            found = integrity.check_connection(checker, full=full, path=self.path)
        finally:
            self._checkers.remove(checker)
            checker.close()
        check_stamp.record(self.path, ok=not found, full=full, began_ns=began)
        return found

    def settle(self) -> None:
        """Wait (at most ``check_stamp.MARGIN_NS``) until the pinned file was last changed that
        long ago, so that a check begun now can be remembered (``check_stamp.record``). SQLite
        cannot write into the file meanwhile: it is pinned."""
        try:
            file = check_stamp.identity(self.path)
        except OSError:
            return
        wait_ns = max(file[3], file[4]) + check_stamp.MARGIN_NS + 1_000_000 - time.time_ns()
        if wait_ns > 0:
            time.sleep(min(wait_ns, check_stamp.MARGIN_NS + 1_000_000) / 1e9)

    def passed_check(self) -> check_stamp.Stamp | None:
        """The earlier passed check of exactly these pinned bytes (the main file unchanged
        since, in this boot), or None: then :meth:`problems` must run."""
        return check_stamp.passed(self.path)

    def facts(self) -> integrity.Facts:
        return integrity.facts_of(self._reader, self.path)

    def interrupt(self) -> None:
        """Stop a check running in another thread (it then reports the interruption)."""
        for checker in list(self._checkers):
            checker.interrupt()

    def open(self) -> SnapshotReader:
        """The snapshot as a file: the database in rollback-journal mode, so that the copy is one
        self-contained file (as ``PRAGMA journal_mode = DELETE`` would leave it)."""
        return SnapshotReader(self.path, self.size)


class SnapshotReader:
    """``read(n)`` over the pinned pages; the header's WAL flag reads as rollback mode."""

    def __init__(self, path: Path, size: int) -> None:
        self._handle = path.open("rb", buffering=0)
        self._left = size
        self._offset = 0
        with contextlib.suppress(AttributeError, OSError):  # not on Windows
            os.posix_fadvise(self._handle.fileno(), 0, size, os.POSIX_FADV_SEQUENTIAL)

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """Read up to ``len(buffer)`` bytes of the pinned pages into ``buffer``; 0 at their end."""
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        if not view:
            return 0
        got = self._handle.readinto(view) or 0
        if got == 0:  # the main file is shorter than its own header says
            raise integrity.DamagedDatabaseError(
                f"{self._handle.name} ends before its last page ({self._offset} bytes)"
            )
        start = _HEADER_FORMAT_BYTES.start - self._offset
        if start + 2 > 0 and start < got:  # the header's format bytes are in this read
            for i, value in enumerate(_ROLLBACK_MODE, start):
                if 0 <= i < got:
                    view[i] = value
        self._offset += got
        self._left -= got
        return got

    def read(self, n: int = -1) -> bytes:
        buffer = bytearray(self._left if n < 0 else min(n, self._left))
        view = memoryview(buffer)
        filled = 0
        while filled < len(buffer):
            got = self.readinto(view[filled:])
            if not got:
                break
            filled += got
        return bytes(buffer[:filled])

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> SnapshotReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@contextlib.contextmanager
def pinned(
    live: Path, *, checkpoint: bool = True, busy_timeout: float = 5.0
) -> Iterator[Snapshot | None]:
    """Pin the current state of the WAL database ``live`` while the block runs, or yield None
    when that is not possible now (not in WAL mode, a reader holding back the checkpoint).

    Without ``checkpoint`` nothing is written back: the state is pinned only when the WAL is
    empty already (the usual case when no other program has the venue open).
    """
    reader = sqlite3.connect(
        live, isolation_level=None, timeout=busy_timeout, check_same_thread=False
    )
    try:
        snap = _pin(reader, live, busy_timeout, checkpoint)
        yield snap
    finally:
        if reader.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                reader.execute("ROLLBACK")
        checkpoints.before_close(reader, live)  # this may be the last connection to close
        reader.close()


def _pin(
    reader: sqlite3.Connection, live: Path, busy_timeout: float, checkpoint: bool
) -> Snapshot | None:
    # SQLite-only: WAL, checkpoints and page geometry.
    if str(reader.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        return None
    writer = sqlite3.connect(live, isolation_level=None, timeout=busy_timeout)
    try:
        # The stamp's lock before SQLite's (checkpoints' lock order). Hold the write lock so that
        # no frame is added between the checkpoint and the reader's start: the reader then finds
        # the WAL fully written back and takes read lock 0.
        with checkpoints.chain(live) as chain:
            writer.execute("BEGIN IMMEDIATE")
            try:
                if checkpoint:
                    busy, frames, written = chain.checkpoint(reader, "PASSIVE")
                    if busy or frames != written:
                        return None  # an older reader still needs frames the file does not have
                elif checkpoints.wal_size(live) != 0:
                    return None
                reader.execute("BEGIN")
                reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                writer.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return None  # the write lock was not free within the busy timeout
    finally:
        writer.close()
    page_size = int(reader.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(reader.execute("PRAGMA page_count").fetchone()[0])
    return Snapshot(live, page_size, page_count, reader)
