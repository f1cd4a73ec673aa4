"""The list of backups made from this computer (``DATA_DIR/backups/history.json``): kept outside
the database, so it can be read even when the database is damaged."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from boostdesk.services import backup_common as common
from boostdesk.storage import database

HISTORY_FILE = "history.json"
HISTORY_LENGTH = 200


def history(data_dir: Path) -> list[common.HistoryEntry]:
    """Backups made from this computer, newest first (kept outside the database, so it can be
    read even when the database is damaged)."""
    path = data_dir / database.BACKUP_DIRNAME / HISTORY_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [common.HistoryEntry(**item) for item in raw]
    except (OSError, ValueError, TypeError):
        return []
    return sorted(entries, key=lambda e: e.created_at, reverse=True)


def newest_backup(data_dir: Path) -> Path | None:
    """The newest backup made from here that still exists (checked when it was made)."""
    for entry in history(data_dir):
        if Path(entry.file).exists():
            return Path(entry.file)
    return None


def days_since_last(data_dir: Path, now: dt.datetime | None = None) -> int | None:
    """Whole days since the last backup to a folder or stick (None: never)."""
    manual = [e for e in history(data_dir) if e.kind != "auto"]
    if not manual:
        return None
    return ((now or dt.datetime.now(dt.UTC)) - manual[0].created).days


def remember(data_dir: Path, made: common.Made, kind: str) -> None:
    entry = common.HistoryEntry(
        file=str(made.file.resolve()),
        created_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        size=made.size,
        seconds=round(made.seconds, 2),
        kind=kind,
    )
    entries = [entry, *history(data_dir)][:HISTORY_LENGTH]
    path = data_dir / database.BACKUP_DIRNAME / HISTORY_FILE
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump([_as_dict(e) for e in entries], out)
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)  # the backup itself is fine; only the list missed it


def _as_dict(entry: common.HistoryEntry) -> dict[str, object]:
    return {
        "file": entry.file,
        "created_at": entry.created_at,
        "size": entry.size,
        "seconds": entry.seconds,
        "kind": entry.kind,
    }
