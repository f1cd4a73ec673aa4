"""What the backup modules share: their errors, their results, the passphrase rule, progress."""

from __future__ import annotations

import datetime as dt
import errno
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from boostdesk.storage import backup_file, errors

MIN_PASSPHRASE = 8

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)`` with phase ``copy``, ``check``, ``encrypt`` or ``decrypt``."""


class BackupError(errors.StorageError):
    """The backup or restore could not be done; the message says why and what is unchanged.

    ``reason`` says which (for a translated sentence in the GUI).
    """

    reason = "backup"


class TargetFullError(BackupError):
    reason = "target_full"


class TargetReadOnlyError(BackupError):
    reason = "target_read_only"


class TargetFailedError(BackupError):
    reason = "target_failed"


class PassphraseError(BackupError):
    reason = "passphrase"


@dataclass(frozen=True, slots=True)
class Made:
    file: Path
    size: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Verified:
    file: Path
    header: backup_file.Header
    seconds: float


@dataclass(frozen=True, slots=True)
class Restored:
    data_dir: Path
    header: backup_file.Header
    kept_aside: Path | None
    migrated_from: int | None
    totals_rebuilt_for: int = 0  # guests whose kept totals differed from their visits (rebuilt)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    file: str
    created_at: str  # ISO 8601 UTC
    size: int
    seconds: float
    kind: str  # "auto" or "manual"

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(
            f"the backup passphrase must have at least {MIN_PASSPHRASE} characters; "
            "no backup was written"
        )


def disk_error(exc: OSError, folder: Path, unchanged: str) -> BackupError:
    kind: type[BackupError]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        said, kind = "is full", TargetFullError
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        said, kind = "cannot be written to", TargetReadOnlyError
    else:
        said, kind = f"failed ({exc.strerror or exc})", TargetFailedError
    where = f"the disk holding {folder}" if kind is TargetFullError else f"the folder {folder}"
    return kind(f"{where} {said}: {unchanged}; the venue's data is intact")


def tell(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)


class PendingKey:
    """The key of a new backup, derived from the passphrase on a thread of its own from the moment
    the passphrase is known (scrypt: about half a second of one core, and it lets other threads
    run), so that it overlaps what comes before the encryption: a command's start-up, the PIN
    check, pinning the snapshot. A passphrase that is too short is refused at once."""

    def __init__(self, passphrase: str) -> None:
        check_passphrase(passphrase)
        self.passphrase = passphrase
        self._keying: backup_file.Keying | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._derive, name="backup-key", daemon=True)
        self._thread.start()

    def _derive(self) -> None:
        try:
            self._keying = backup_file.new_keying(self.passphrase)
        except BaseException as exc:  # noqa: BLE001 (raised by result(), on the caller's thread)
            self._failed = exc

    def result(self) -> backup_file.Keying:
        """The derived key (waits for it)."""
        self._thread.join()
        if self._failed is not None:
            raise self._failed
        assert self._keying is not None
        return self._keying
