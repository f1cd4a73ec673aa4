"""Who has the venue open: every writable opening of a venue database holds a shared lock on a
presence file beside it (``boostdesk.db-presence``) for as long as it is open (the operating
system drops it when the process ends, however it ends). A long back-office writer asks
:meth:`Presence.alone` between its steps: while no other opening holds the file — no till, no
app window, no other command — it may write in long transactions; as soon as one appears it
goes back to short turns.

POSIX: ``flock`` locks belong to one open file, so a second opening in the same process counts as
someone else too. Asking takes the shared lock up to exclusive and back; Linux drops the shared
lock before it refuses an upgrade, so two openings asking at once could each find the other
momentarily gone and both answer ``alone``. Probes are therefore taken one at a time, under an
exclusive lock on a second file beside the database (``boostdesk.db-presence-probe``).

Windows has no shared byte locks in the standard library: each opening takes an exclusive lock
on a byte slot of its own, and :meth:`Presence.alone` tries every other slot (trying a slot never
gives up one's own, so probes need no serialising there).
A presence that cannot be taken (an unusual file system) never answers ``alone``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

PRESENCE_SUFFIX = "-presence"  # beside the database file, like SQLite's -wal and -shm
PROBE_SUFFIX = "-presence-probe"  # serialises the POSIX probes (see the module docstring)
_WINDOWS_SLOTS = 256

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _take_slot(fd: int) -> int | None:
        for slot in range(1, _WINDOWS_SLOTS):
            os.lseek(fd, slot, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                continue
            return slot
        return None

    def _no_other_slot(fd: int, own: int | None) -> bool:
        for slot in range(1, _WINDOWS_SLOTS):
            if slot == own:
                continue
            os.lseek(fd, slot, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            os.lseek(fd, slot, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return True

else:
    import fcntl


class Presence:
    """This opening's hold on the venue's presence file (see the module docstring)."""

    def __init__(self, database_path: Path) -> None:
        self._fd: int | None = None
        self._probe_fd: int | None = None
        self._slot: int | None = None
        path = database_path.with_name(database_path.name + PRESENCE_SUFFIX)
        if sys.platform != "win32":
            try:
                self._probe_fd = os.open(
                    database_path.with_name(database_path.name + PROBE_SUFFIX),
                    os.O_RDWR | os.O_CREAT,
                    0o600,
                )
            except OSError:
                return  # without the probe file no answer could be trusted: never alone
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return
        try:
            if sys.platform == "win32":  # pragma: no cover
                self._slot = _take_slot(fd)
                if self._slot is None:
                    raise OSError("no free presence slot")
            else:
                fcntl.flock(fd, fcntl.LOCK_SH)
        except OSError:
            os.close(fd)
            self.close()
            return
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def alone(self) -> bool:
        """True when no other opening (in any process, this one included) holds the venue now.
        Never waits."""
        fd = self._fd
        if fd is None:
            return False
        if sys.platform == "win32":  # pragma: no cover
            return _no_other_slot(fd, self._slot)
        probe = self._probe_fd
        if probe is None:
            return False
        # One probe at a time (a probe lasts a few system calls): while this one has dropped
        # its shared lock for the upgrade, no other opening can probe and miss it.
        try:
            fcntl.flock(probe, fcntl.LOCK_EX)
        except OSError:
            return False
        try:
            try:
                # An exclusive lock is granted only if no other open file holds a shared one.
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False
            finally:
                # back to shared at once (also after a refused upgrade, which may drop the lock)
                fcntl.flock(fd, fcntl.LOCK_SH)
            return True
        finally:
            fcntl.flock(probe, fcntl.LOCK_UN)

    def close(self) -> None:
        for fd in (self._fd, self._probe_fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)  # closing the file releases its locks
        self._fd = None
        self._probe_fd = None
