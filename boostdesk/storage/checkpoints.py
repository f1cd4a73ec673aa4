"""The one place where BoostDesk writes SQLite's write-ahead log back into the database file.

A passed check of the database file is remembered with the file's identity (``check_stamp``) so
that a backup, or the next start-up, need not repeat it (on a large venue SQLite's ``quick_check``
costs several times a copy of the file). In WAL mode the tills' commits go into the WAL; the main
file changes only when a checkpoint copies WAL frames into it. BoostDesk's connections therefore
run with ``wal_autocheckpoint = 0`` and checkpoint here instead: after a commit once the WAL has
grown past :data:`WAL_LIMIT`, before a connection closes, and where a backup pins its snapshot.

Each checkpoint runs under the stamp's file lock. When the remembered check matched the file just
before the checkpoint, it is carried over it (``check_stamp.carry``): the checkpoint wrote nothing
but SQLite's own copies of committed frames, so a file that was sound stays sound. Anything else
that writes the main file (another program writing it, another tool's checkpoint, a crash in the
middle of one, the last connection's checkpoint when another program closes) changes its identity
outside this lock and breaks the chain: the next start-up or backup checks the whole file again.
A write another program committed into the WAL and left there is NOT told apart: the carry trusts
every committed frame, so the start-up check never rests on the stamp while the WAL holds frames
(``integrity.remembered_check_stands``).

Lock order: the stamp's lock first, SQLite's locks after; never call these while the connection
(or another connection of this thread) holds SQLite's write lock.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from boostdesk.storage import check_stamp

WAL_LIMIT = 4 * 1024 * 1024
"""A commit that leaves a WAL this large checkpoints (SQLite's own default is 1000 pages)."""

MODES = frozenset({"PASSIVE", "FULL", "RESTART", "TRUNCATE"})


class Chain:
    """Checkpoints run while the stamp's lock is held (see :func:`chain`)."""

    def __init__(self, path: Path, held: bool) -> None:
        self._path = path
        self._held = held

    def checkpoint(self, conn: sqlite3.Connection, mode: str = "PASSIVE") -> tuple[int, int, int]:
        """``PRAGMA wal_checkpoint(mode)`` on ``conn``: (busy, WAL frames, frames written back).

        The remembered check is carried over it when it matched the file just before. A
        checkpoint that did not get SQLite's checkpoint lock (another program is checkpointing:
        frames -1) carries nothing.
        """
        if mode not in MODES:
            raise ValueError(mode)
        before = check_stamp.passed(self._path) if self._held else None
        # SQLite-only: PRAGMA wal_checkpoint returns (busy, frames in the WAL, frames written).
        busy, frames, written = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        if before is not None and frames >= 0:
            check_stamp.carry(self._path, before)
        return int(busy), int(frames), int(written)


@contextlib.contextmanager
def chain(path: Path) -> Iterator[Chain]:
    """Hold the stamp's lock for checkpoints of the database at ``path`` (take it before any
    SQLite lock the block needs)."""
    with check_stamp.locked(path) as held:
        yield Chain(path, held)


def checkpoint(conn: sqlite3.Connection, path: Path, mode: str = "PASSIVE") -> tuple[int, int, int]:
    """One checkpoint of the database at ``path`` through ``conn`` (see :meth:`Chain.checkpoint`);
    ``conn`` must not be inside a transaction."""
    with chain(path) as held:
        return held.checkpoint(conn, mode)


def wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except OSError:
        return 0


def after_write(conn: sqlite3.Connection, path: Path, behind: Behind | None = None) -> None:
    """Called after a connection committed: checkpoint once the WAL passed :data:`WAL_LIMIT`
    (a stat otherwise: cheap enough for every commit) — in ``behind``'s thread when given.

    Like SQLite's own automatic checkpoint, a failed one (a statement of the connection still
    reading, a full disk) does not fail the commit that was made: the next commit tries again.
    Should it have written part of the file, the stamp was not carried (the chain is broken).
    """
    if conn.in_transaction or wal_size(path) < WAL_LIMIT:
        return
    if behind is not None and behind.overlap():
        behind.start()
        return
    with contextlib.suppress(sqlite3.Error):
        checkpoint(conn, path)


class Behind:
    """The checkpoints a writer's commits call for (:func:`after_write`), each run in a thread
    on a connection of its own, so that the writer goes on with its next work meanwhile (the
    machine's other core copies the pages). WAL mode lets a checkpoint run beside a writer: it
    copies the frames committed when it began and leaves the ones appended meanwhile for the
    next one.

    Only while ``overlap()`` says so (nobody else has the venue open, so nobody waits for the
    write-back); otherwise a commit checkpoints in place as without it, so that a till's next
    commit finds the WAL written back (and SQLite starts it over, small) instead of finding it
    large and waiting for a checkpoint under way.

    One at a time: a commit while one runs starts none (the next commit after it, or
    :meth:`finish`, writes back what came meanwhile). Whoever else checkpoints meanwhile (a till
    after its commit, see :func:`after_write`) waits for the running one under the stamp's lock
    and then finds little left, just as it would wait for the writer's own checkpoint.
    :meth:`finish` waits for the thread and writes back the rest on the writer's connection, so
    the WAL is as empty as after an ordinary commit; it must always be called (no thread is left
    running)."""

    def __init__(self, path: Path, overlap: Callable[[], bool] = lambda: True) -> None:
        self._path = path
        self.overlap = overlap
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.started = 0  # checkpoints begun in the thread

    def start(self) -> None:
        """Begin a checkpoint in a new thread, unless one is still running."""
        if self._thread is not None:
            if self._thread.is_alive():
                return
            self._join()
        self._thread = threading.Thread(target=self._run, name="checkpoint", daemon=True)
        self.started += 1
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        try:
            # SQLite-only: a connection of its own (WAL mode is the file's); it writes nothing.
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA wal_autocheckpoint = 0")
                checkpoint(conn, self._path)
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # as after a commit: the next checkpoint tries again
        except BaseException as exc:  # noqa: BLE001 - handed to finish()
            self._failure = exc

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def finish(self, conn: sqlite3.Connection | None) -> None:
        """Wait for a running checkpoint, then write back what is left through ``conn`` (the
        writer's, outside a transaction; None: only wait)."""
        self._join()
        if conn is not None and not conn.in_transaction and wal_size(self._path):
            with contextlib.suppress(sqlite3.Error):
                checkpoint(conn, self._path)


def before_close(conn: sqlite3.Connection, path: Path) -> None:
    """Called before a connection closes: SQLite's last connection to close would write the WAL
    back by itself, outside the chain; written back here first, it finds nothing left to write.

    A failure (a full disk, a busy lock) is left to SQLite's close: it only costs the chain.
    """
    if conn.in_transaction or wal_size(path) == 0:
        return
    with contextlib.suppress(sqlite3.Error):
        checkpoint(conn, path)
