"""Encrypted backups of the venue: make, verify, restore, and the automatic daily ones.

A backup is a consistent online copy of the live database (the tills go on working), checked by
SQLite, then encrypted (AES-256-GCM under a key derived from the owner's passphrase) into one
self-describing file written under a temporary name and renamed (see ``storage.backup_file``).
A restore happens only after the whole file has been authenticated and the decrypted database
checked; the current database is first kept aside in ``DATA_DIR/backups/``.

This module is what the UI and the command line call; the work is done, along its seams, in
``backup_make`` (the snapshot, check and encryption pipeline), ``backup_restore`` (verify and
restore), ``backup_schedule`` (automatic daily backups and their rotation) and ``backup_history``
(the list of backups made here), sharing ``backup_common``.
"""

from __future__ import annotations

from pathlib import Path

from boostdesk.services import venue as venue_service
from boostdesk.services.backup_common import (
    MIN_PASSPHRASE,
    BackupError,
    HistoryEntry,
    Made,
    PassphraseError,
    Progress,
    Restored,
    TargetFailedError,
    TargetFullError,
    TargetReadOnlyError,
    Verified,
    check_passphrase,
)
from boostdesk.services.backup_history import (
    HISTORY_FILE,
    days_since_last,
    history,
    newest_backup,
)
from boostdesk.services.backup_make import create
from boostdesk.services.backup_restore import restore, verify
from boostdesk.services.backup_schedule import (
    AUTO_FOLDER,
    PASSPHRASE_FILE,
    auto_folder,
    daily_due,
    nightly,
    prune,
    run_daily,
    save_passphrase,
    saved_passphrase,
)
from boostdesk.storage import backup_file, integrity

__all__ = [
    "AUTO_FOLDER",
    "HISTORY_FILE",
    "MIN_PASSPHRASE",
    "PASSPHRASE_FILE",
    "BackupError",
    "HistoryEntry",
    "Made",
    "PassphraseError",
    "Progress",
    "Restored",
    "TargetFailedError",
    "TargetFullError",
    "TargetReadOnlyError",
    "Verified",
    "auto_folder",
    "backup_file",
    "check_before_writing",
    "check_passphrase",
    "create",
    "daily_due",
    "days_since_last",
    "history",
    "is_damaged",
    "newest_backup",
    "nightly",
    "prune",
    "restore",
    "run_daily",
    "save_passphrase",
    "saved_passphrase",
    "verify",
]


def check_before_writing(data_dir: Path) -> bool:
    """SQLite's quick check of the venue before the app writes to it, unless the remembered check
    still stands for the file (``storage.check_stamp``); a damaged database raises
    :class:`integrity.DamagedDatabaseError` naming the newest backup to restore. True when the
    check ran now (False: the remembered one stood for it, or there is no database yet)."""
    newest = newest_backup(data_dir)
    return integrity.require_sound(
        venue_service.database_path(data_dir), newest_backup=str(newest) if newest else None
    )


def is_damaged(data_dir: Path) -> bool:
    """True when SQLite's quick check finds the venue's database damaged."""
    return bool(integrity.problems(venue_service.database_path(data_dir)))
