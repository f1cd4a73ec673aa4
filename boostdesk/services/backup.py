"""Encrypted backups of the venue: make, verify, restore, and the automatic daily ones.

A backup is a consistent online copy of the live database (the tills go on working), checked by
SQLite, then encrypted (AES-256-GCM under a key derived from the owner's passphrase) into one
self-describing file written under a temporary name and renamed (see ``storage.backup_file``).
A restore happens only after the whole file has been authenticated and the decrypted database
checked; the current database is first kept aside in ``DATA_DIR/backups/``.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from boostdesk import __version__
from boostdesk.domain import retention
from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import (
    audit,
    backup_file,
    database,
    integrity,
    kept_totals,
    migrations,
    snapshot,
    venue_files,
)

AUTO_FOLDER = "auto"
HISTORY_FILE = "history.json"
PASSPHRASE_FILE = "backup-passphrase"  # per machine, for the automatic backups only
MIN_PASSPHRASE = 8
HISTORY_LENGTH = 200

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)`` with phase ``copy``, ``check``, ``encrypt`` or ``decrypt``."""


class BackupError(database.StorageError):
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


def create(
    opened: venue_service.Venue,
    actor: ops.Actor,
    target_dir: Path,
    passphrase: str,
    *,
    kind: str = "manual",
    progress: Progress | None = None,
    just_checked: bool = False,
) -> ops.Result[Made]:
    """Back the venue up, encrypted, into ``target_dir``; owner only, audited.

    On any failure (a full or read-only target, a damaged database) no file is left in the
    target and the venue's data is unchanged. ``just_checked`` says the caller ran SQLite's
    check of the whole live database moments ago (a command's start-up check): the pages are
    then not checked a second time.
    """
    actor.require(ops.Role.OWNER, "back up the venue")
    check_passphrase(passphrase)
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = _free_name(target_dir, f"boostdesk-{stamp}")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        size = _encrypt_copy(opened, target, passphrase, progress, just_checked)
    except OSError as exc:
        raise _disk_error(exc, target_dir, "no backup was written") from exc
    made = Made(target, size, time.perf_counter() - started)
    at = int(time.time())
    with opened.store.transaction():
        audit.record(opened.store, at, actor.user_id, "backup.create", f"size={size}")
    _remember(opened.data_dir, made, kind)
    return ops.Result(made, ops.Changes())


def _encrypt_copy(
    opened: venue_service.Venue,
    target: Path,
    passphrase: str,
    progress: Progress | None,
    just_checked: bool = False,
) -> int:
    """Encrypt one consistent state of the live database into ``target``, checked by SQLite.

    The fast way reads a pinned snapshot straight from the database file while SQLite checks the
    same pages in a second thread; the file is renamed into place only once the check passed.
    When exactly these bytes passed a check before (``check_stamp``: the main file unchanged
    since, in this boot) they are not checked again. When the snapshot cannot be pinned now,
    SQLite's online backup makes a plain copy first.
    """
    with snapshot.pinned(opened.db_path) as snap:
        if snap is not None:
            return _encrypt_pinned(snap, target, passphrase, progress, check=not just_checked)
    return _encrypt_via_copy(opened, target, passphrase, progress)


def _encrypt_pinned(
    snap: snapshot.Snapshot,
    target: Path,
    passphrase: str,
    progress: Progress | None,
    *,
    check: bool = True,
) -> int:
    facts = snap.facts()
    earlier = snap.passed_check()
    if earlier is not None:
        # These very bytes passed SQLite's check already (the main file unchanged since, or
        # changed only by BoostDesk's own checkpoints, in this boot): checking them again would
        # only repeat the answer.
        check = False
        how = earlier.describe()
    else:
        how = "quick_check during the backup" if check else "quick_check when the command started"
    header, key = backup_file.new_header(
        app_version=__version__,
        schema_version=facts.schema_version,
        venue=facts.venue,
        passphrase=passphrase,
        source_check=how,
    )
    found: list[tuple[str, ...]] = [] if check else [()]
    failed: list[database.StorageError] = []

    def run_check() -> None:
        try:
            found.append(snap.problems())
        except database.StorageError as exc:  # the check could not run (a full disk)
            failed.append(exc)

    checker = threading.Thread(target=run_check, name="backup-check", daemon=True)
    if check:
        checker.start()

    def checked() -> None:
        _tell(progress, "check", 0, 1)
        if check:
            checker.join()
        if failed:
            raise failed[0]
        _refuse_damaged(found[0] if found else ("the check did not finish",))

    try:
        with snap.open() as source:
            return backup_file.write(
                source,
                target,
                header,
                key,
                lambda done: _tell(progress, "encrypt", done, snap.size),
                before_rename=checked,
            )
    finally:
        if checker.is_alive():  # the write failed (a full target): stop checking
            snap.interrupt()
            checker.join()


def _refuse_damaged(found: tuple[str, ...]) -> None:
    if found:
        raise integrity.DamagedDatabaseError(
            f"the venue's database is damaged ({found[0]}); no backup was written: restore "
            "the newest backup",
            found,
        )


def _encrypt_via_copy(
    opened: venue_service.Venue, target: Path, passphrase: str, progress: Progress | None
) -> int:
    scratch_dir = opened.data_dir / database.BACKUP_DIRNAME
    scratch_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The plain copy stays next to the live database (same disk, same protection), never on
    # the target: a stick only ever holds encrypted bytes.
    scratch = scratch_dir / f".copy-{os.getpid()}-{secrets.token_hex(4)}.db"
    try:
        integrity.consistent_copy(
            opened.db_path, scratch, lambda done, total: _tell(progress, "copy", done, total)
        )
        _tell(progress, "check", 0, 1)
        _refuse_damaged(integrity.problems(scratch))
        facts = integrity.facts(scratch)
        header, key = backup_file.new_header(
            app_version=__version__,
            schema_version=facts.schema_version,
            venue=facts.venue,
            passphrase=passphrase,
            source_check="quick_check of the copy before the backup",
        )
        total = scratch.stat().st_size
        with scratch.open("rb") as source:
            return backup_file.write(
                source, target, header, key, lambda done: _tell(progress, "encrypt", done, total)
            )
    finally:
        scratch.unlink(missing_ok=True)
        for side in venue_files.side_files(scratch):
            side.unlink(missing_ok=True)


def verify(
    file: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    scratch_dir: Path | None = None,
    full: bool = False,
) -> Verified:
    """Check a backup without changing anything: the header, every chunk's authentication, and
    that what it holds is a whole BoostDesk database of the schema the header names.

    A backup is only renamed into place after SQLite checked the very pages it holds, and the
    chunks' authentication proves them unchanged to the last byte, so SQLite's check need not
    run again; ``full`` runs it anyway, on a decrypted private temporary copy.
    """
    started = time.perf_counter()
    if full:
        with tempfile.TemporaryDirectory(prefix="boostdesk-verify-", dir=scratch_dir) as folder:
            plain = Path(folder) / "check.db"
            header = _decrypt_checked(file, passphrase, plain, progress)
    else:
        header = _authenticate(file, passphrase, progress)
    return Verified(file, header, time.perf_counter() - started)


class _Inspected:
    """A write-only sink that keeps the SQLite file header and counts the bytes."""

    def __init__(self) -> None:
        self.head = b""
        self.size = 0

    def write(self, data: bytes | memoryview) -> int:
        if len(self.head) < 100:
            self.head += bytes(data[: 100 - len(self.head)])
        self.size += len(data)
        return len(data)


def _authenticate(file: Path, passphrase: str, progress: Progress | None) -> backup_file.Header:
    total = max(1, file.stat().st_size)
    sink = _Inspected()
    header = backup_file.decrypt(
        file,
        passphrase,
        sink,
        lambda done: _tell(progress, "decrypt", done, total),
    )
    inside = integrity.read_file_header(sink.head)
    whole = inside is not None and inside.page_size * inside.page_count == sink.size
    if inside is None or not inside.is_boostdesk or not whole:
        raise backup_file.DamagedBackupError(f"{file} does not hold a whole BoostDesk database")
    if inside.schema_version != header.schema_version:
        raise backup_file.DamagedBackupError(f"{file}: the database inside is not what it says")
    return header


def _decrypt_checked(
    file: Path, passphrase: str, plain: Path, progress: Progress | None, *, durable: bool = False
) -> backup_file.Header:
    """Decrypt ``file`` into ``plain`` and check it; ``durable`` flushes it to disk (a restore
    renames it into place; a verify only reads it back)."""
    header = backup_file.read_header(file)
    total = max(1, file.stat().st_size)
    fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as sink:
        backup_file.decrypt(
            file, passphrase, sink, lambda done: _tell(progress, "decrypt", done, total)
        )
        if durable:
            sink.flush()
            os.fsync(sink.fileno())
    _tell(progress, "check", 0, 1)
    found = integrity.problems(plain)
    if found:
        raise backup_file.DamagedBackupError(
            f"{file}: the database inside fails SQLite's check ({found[0]}); use another backup"
        )
    facts = integrity.facts(plain)
    if not facts.is_boostdesk or facts.schema_version != header.schema_version:
        raise backup_file.DamagedBackupError(f"{file} does not hold a BoostDesk database")
    return header


def restore(
    file: Path,
    data_dir: Path,
    passphrase: str,
    actor: ops.Actor | None,
    *,
    progress: Progress | None = None,
) -> Restored:
    """Replace the venue in ``data_dir`` (or fill an empty folder) with the backup ``file``.

    ``actor`` is the current venue's owner (None only when ``data_dir`` holds no venue). Order:
    authenticate and check everything into a temporary file beside the database; refuse a newer
    schema; keep the current database aside; rename the new file into place; migrate an older
    schema; run SQLite's full check and the kept-totals check. A refused backup changes nothing.
    """
    live = venue_service.database_path(data_dir)
    if actor is None and venue_service.is_set_up(data_dir):
        raise ops.PermissionDenied(ops.Role.OWNER, "replace a venue")
    if actor is not None:
        actor.require(ops.Role.OWNER, "restore a backup")
    header = backup_file.read_header(file)
    if header.schema_version > migrations.LATEST_VERSION:
        raise database.NewerSchemaError(
            f"{file} was made by a newer BoostDesk (schema {header.schema_version}, this version "
            f"knows up to {migrations.LATEST_VERSION}): update BoostDesk; nothing was changed"
        )
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    incoming = data_dir / f".restore-{secrets.token_hex(4)}.db"
    try:
        try:
            _decrypt_checked(file, passphrase, incoming, progress, durable=True)
        except OSError as exc:
            raise _disk_error(exc, data_dir, "nothing was changed") from exc
        # A damaged database is not written to at all, not even to leave WAL mode: it is kept
        # aside byte for byte with its WAL and replaced.
        if live.exists() and not integrity.problems(live):
            venue_files.release(live)
        kept = venue_files.keep_aside(live)
        venue_files.replace(live, incoming)
    finally:
        incoming.unlink(missing_ok=True)
    migrated = header.schema_version if header.schema_version < migrations.LATEST_VERSION else None
    _tell(progress, "check", 0, 1)
    reopened = venue_service.open_venue(data_dir)  # migrates an older schema
    try:
        integrity.require_sound(live, full=True)
        # Every guest's kept totals against a recount of the raw visits; rebuilt if they differ.
        totals = kept_totals.verify_venue(reopened.store)
        user_id = actor.user_id if actor is not None else None
        detail = f"schema={header.schema_version}"
        with reopened.store.transaction():
            audit.record(reopened.store, int(time.time()), user_id, "backup.restore", detail)
    finally:
        reopened.close()
    return Restored(data_dir, header, kept, migrated, len(totals.mismatched))


# -- automatic daily backups ---------------------------------------------------------------


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
    check_passphrase(passphrase)
    path = data_dir / PASSPHRASE_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(passphrase)


def daily_due(opened: venue_service.Venue, now: dt.datetime | None = None) -> bool:
    """True when no automatic backup was made today (venue's local day)."""
    zone = _zone(opened)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    newest = [e for e in history(opened.data_dir) if e.kind == "auto"]
    return not newest or newest[0].created.astimezone(zone).date() < today


def run_daily(opened: venue_service.Venue, progress: Progress | None = None) -> Made | None:
    """Make today's automatic backup in ``backups/auto`` if it is due and a passphrase is kept,
    then drop the ones the rotation no longer keeps (7 daily, 4 weekly, 12 monthly by default)."""
    passphrase = saved_passphrase(opened.data_dir)
    if passphrase is None or not daily_due(opened):
        return None
    made = create(
        opened, ops.SYSTEM, auto_folder(opened.data_dir), passphrase, kind="auto", progress=progress
    ).value
    prune(opened)
    return made


def nightly(opened: venue_service.Venue) -> Made | None:
    """The night's work: SQLite's full check of the live database (read-only), then the daily
    backup. A damaged database is not backed up (that would rotate good backups out)."""
    integrity.require_sound(
        opened.db_path, full=True, newest_backup=str(newest_backup(opened.data_dir) or "") or None
    )
    return run_daily(opened)


def check_before_writing(data_dir: Path) -> None:
    """SQLite's quick check of the venue before the app writes to it; a damaged database raises
    :class:`integrity.DamagedDatabaseError` naming the newest backup to restore."""
    newest = newest_backup(data_dir)
    integrity.require_sound(
        venue_service.database_path(data_dir), newest_backup=str(newest) if newest else None
    )


def is_damaged(data_dir: Path) -> bool:
    """True when SQLite's quick check finds the venue's database damaged."""
    return bool(integrity.problems(venue_service.database_path(data_dir)))


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


# -- history ---------------------------------------------------------------------------------


def history(data_dir: Path) -> list[HistoryEntry]:
    """Backups made from this computer, newest first (kept outside the database, so it can be
    read even when the database is damaged)."""
    path = data_dir / database.BACKUP_DIRNAME / HISTORY_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = [HistoryEntry(**item) for item in raw]
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


def _remember(data_dir: Path, made: Made, kind: str) -> None:
    entry = HistoryEntry(
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


def _as_dict(entry: HistoryEntry) -> dict[str, object]:
    return {
        "file": entry.file,
        "created_at": entry.created_at,
        "size": entry.size,
        "seconds": entry.seconds,
        "kind": entry.kind,
    }


# -- helpers -----------------------------------------------------------------------------------


def _free_name(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}{backup_file.SUFFIX}"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}{backup_file.SUFFIX}"
    return target


def _disk_error(exc: OSError, folder: Path, unchanged: str) -> BackupError:
    kind: type[BackupError]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        said, kind = "is full", TargetFullError
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        said, kind = "cannot be written to", TargetReadOnlyError
    else:
        said, kind = f"failed ({exc.strerror or exc})", TargetFailedError
    where = f"the disk holding {folder}" if kind is TargetFullError else f"the folder {folder}"
    return kind(f"{where} {said}: {unchanged}; the venue's data is intact")


def _tell(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)


def _zone(opened: venue_service.Venue) -> dt.tzinfo:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(str(opened.settings.get("venue.timezone")))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC
