"""Automatic daily backups on this computer: the kept passphrase, the nightly full check, and the
rotation (7 daily, 4 weekly, 12 monthly by default)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from boostdesk.domain import retention
from boostdesk.services import backup_common as common
from boostdesk.services import backup_history, backup_make, ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import backup_file, database, integrity

AUTO_FOLDER = "auto"
PASSPHRASE_FILE = "backup-passphrase"  # per machine, for the automatic backups only


def auto_folder(data_dir: Path) -> Path:
    return data_dir / database.BACKUP_DIRNAME / AUTO_FOLDER


def saved_passphrase(data_dir: Path) -> str | None:
    """The passphrase the owner let this computer keep for automatic backups, if any."""
    path = data_dir / PASSPHRASE_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def save_passphrase(data_dir: Path, passphrase: str) -> None:
    """Keep the passphrase on this computer (a file only the OS user can read, beside the live
    database, which is no better protected); it never travels inside a backup."""
    common.check_passphrase(passphrase)
    path = data_dir / PASSPHRASE_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(passphrase)


def daily_due(opened: venue_service.Venue, now: dt.datetime | None = None) -> bool:
    """True when no automatic backup was made today (venue's local day)."""
    zone = _zone(opened)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    newest = [e for e in backup_history.history(opened.data_dir) if e.kind == "auto"]
    return not newest or newest[0].created.astimezone(zone).date() < today


def run_daily(
    opened: venue_service.Venue, progress: common.Progress | None = None
) -> common.Made | None:
    """Make today's automatic backup in ``backups/auto`` if it is due and a passphrase is kept,
    then drop the ones the rotation no longer keeps (7 daily, 4 weekly, 12 monthly by default)."""
    passphrase = saved_passphrase(opened.data_dir)
    if passphrase is None or not daily_due(opened):
        return None
    made = backup_make.create(
        opened, ops.SYSTEM, auto_folder(opened.data_dir), passphrase, kind="auto", progress=progress
    ).value
    prune(opened)
    return made


def nightly(opened: venue_service.Venue) -> common.Made | None:
    """The night's work: SQLite's full check of the live database, then the daily backup. A
    damaged database is not backed up (that would rotate good backups out).

    The check runs on the file with the WAL written back by BoostDesk's own checkpoint, pinned,
    so that it is remembered even while the tills save: it mends a broken chain of the
    remembered check (``storage.checkpoints``) and the backups after it need not check again.
    """
    integrity.require_sound(
        opened.db_path,
        full=True,
        newest_backup=str(backup_history.newest_backup(opened.data_dir) or "") or None,
        write_back=True,
    )
    return run_daily(opened)


def prune(opened: venue_service.Venue) -> list[Path]:
    """Delete the automatic backups the rotation settings no longer keep; return them."""
    folder = auto_folder(opened.data_dir)
    found: dict[dt.datetime, Path] = {}
    for path in folder.glob(f"*{backup_file.SUFFIX}"):
        try:
            found[backup_file.read_header(path).created] = path
        except backup_file.BackupFileError:
            continue
    keep = retention.to_keep(
        found,
        daily=int(opened.settings.get("backup.keep_daily")),
        weekly=int(opened.settings.get("backup.keep_weekly")),
        monthly=int(opened.settings.get("backup.keep_monthly")),
    )
    removed = [path for moment, path in found.items() if moment not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _zone(opened: venue_service.Venue) -> dt.tzinfo:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(str(opened.settings.get("venue.timezone")))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC
