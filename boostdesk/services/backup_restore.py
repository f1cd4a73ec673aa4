"""Checking a backup (``verify``) and putting one in place of the live venue (``restore``): the
whole file is authenticated and its database checked before anything live is touched."""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

from boostdesk.services import backup_common as common
from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import (
    audit,
    backup_file,
    database,
    integrity,
    kept_totals_check,
    migrations,
    venue_files,
)


def verify(
    file: Path,
    passphrase: str,
    *,
    progress: common.Progress | None = None,
    scratch_dir: Path | None = None,
    full: bool = False,
) -> common.Verified:
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
    return common.Verified(file, header, time.perf_counter() - started)


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


def _authenticate(
    file: Path, passphrase: str, progress: common.Progress | None
) -> backup_file.Header:
    total = max(1, file.stat().st_size)
    sink = _Inspected()
    header = backup_file.decrypt(
        file,
        passphrase,
        sink,
        lambda done: common.tell(progress, "decrypt", done, total),
    )
    inside = integrity.read_file_header(sink.head)
    whole = inside is not None and inside.page_size * inside.page_count == sink.size
    if inside is None or not inside.is_boostdesk or not whole:
        raise backup_file.DamagedBackupError(f"{file} does not hold a whole BoostDesk database")
    if inside.schema_version != header.schema_version:
        raise backup_file.DamagedBackupError(f"{file}: the database inside is not what it says")
    return header


def _decrypt_checked(
    file: Path,
    passphrase: str,
    plain: Path,
    progress: common.Progress | None,
    *,
    durable: bool = False,
) -> backup_file.Header:
    """Decrypt ``file`` into ``plain`` and check it; ``durable`` flushes it to disk (a restore
    renames it into place; a verify only reads it back)."""
    header = backup_file.read_header(file)
    total = max(1, file.stat().st_size)
    fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as sink:
        backup_file.decrypt(
            file, passphrase, sink, lambda done: common.tell(progress, "decrypt", done, total)
        )
        if durable:
            sink.flush()
            os.fsync(sink.fileno())
    common.tell(progress, "check", 0, 1)
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
    progress: common.Progress | None = None,
) -> common.Restored:
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
            raise common.disk_error(exc, data_dir, "nothing was changed") from exc
        # A damaged database is not written to at all, not even to leave WAL mode: it is kept
        # aside byte for byte with its WAL and replaced.
        if live.exists() and not integrity.problems(live):
            venue_files.release(live)
        kept = venue_files.keep_aside(live)
        venue_files.replace(live, incoming)
    finally:
        incoming.unlink(missing_ok=True)
    migrated = header.schema_version if header.schema_version < migrations.LATEST_VERSION else None
    common.tell(progress, "check", 0, 1)
    reopened = venue_service.open_venue(data_dir)  # migrates an older schema
    try:
        integrity.require_sound(live, full=True)
        # Every guest's kept totals against a recount of the raw visits; rebuilt if they differ.
        totals = kept_totals_check.verify_venue(reopened.store)
        user_id = actor.user_id if actor is not None else None
        detail = f"schema={header.schema_version}"
        with reopened.store.transaction():
            audit.record(reopened.store, int(time.time()), user_id, "backup.restore", detail)
    finally:
        reopened.close()
    return common.Restored(data_dir, header, kept, migrated, len(totals.mismatched))
