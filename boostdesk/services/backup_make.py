"""Making a backup: one consistent state of the live database, checked by SQLite (or covered by
the remembered check of exactly those bytes), encrypted in authenticated chunks into a file that
is renamed into place only once the check passed."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import threading
import time
from pathlib import Path

from boostdesk import __version__
from boostdesk.services import backup_common as common
from boostdesk.services import backup_history, ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import audit, backup_file, database, integrity, snapshot, venue_files


def create(
    opened: venue_service.Venue,
    actor: ops.Actor,
    target_dir: Path,
    passphrase: str,
    *,
    kind: str = "manual",
    progress: common.Progress | None = None,
    just_checked: bool = False,
    key: common.PendingKey | None = None,
) -> ops.Result[common.Made]:
    """Back the venue up, encrypted, into ``target_dir``; owner only, audited.

    On any failure (a full or read-only target, a damaged database) no file is left in the
    target and the venue's data is unchanged. ``just_checked`` says the caller ran SQLite's
    check of the whole live database moments ago (a command's start-up check): the pages are
    then not checked a second time.
    """
    actor.require(ops.Role.OWNER, "back up the venue")
    common.check_passphrase(passphrase)
    if key is not None and key.passphrase != passphrase:
        raise ValueError("the pending key was derived from another passphrase")
    pending = key if key is not None else common.PendingKey(passphrase)  # overlaps the pinning
    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = _free_name(target_dir, f"boostdesk-{stamp}")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        size = _encrypt_copy(opened, target, pending, progress, just_checked)
    except OSError as exc:
        raise common.disk_error(exc, target_dir, "no backup was written") from exc
    made = common.Made(target, size, time.perf_counter() - started)
    at = int(time.time())
    with opened.store.transaction():
        audit.record(opened.store, at, actor.user_id, "backup.create", f"size={size}")
    backup_history.remember(opened.data_dir, made, kind)
    return ops.Result(made, ops.Changes())


def _encrypt_copy(
    opened: venue_service.Venue,
    target: Path,
    key: common.PendingKey,
    progress: common.Progress | None,
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
            return _encrypt_pinned(snap, target, key, progress, check=not just_checked)
    return _encrypt_via_copy(opened, target, key, progress)


def _encrypt_pinned(
    snap: snapshot.Snapshot,
    target: Path,
    pending: common.PendingKey,
    progress: common.Progress | None,
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
        keying=pending.result(),
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
        common.tell(progress, "check", 0, 1)
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
                lambda done: common.tell(progress, "encrypt", done, snap.size),
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
    opened: venue_service.Venue,
    target: Path,
    pending: common.PendingKey,
    progress: common.Progress | None,
) -> int:
    scratch_dir = opened.data_dir / database.BACKUP_DIRNAME
    scratch_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The plain copy stays next to the live database (same disk, same protection), never on
    # the target: a stick only ever holds encrypted bytes.
    scratch = scratch_dir / f".copy-{os.getpid()}-{secrets.token_hex(4)}.db"
    try:
        integrity.consistent_copy(
            opened.db_path, scratch, lambda done, total: common.tell(progress, "copy", done, total)
        )
        common.tell(progress, "check", 0, 1)
        _refuse_damaged(integrity.problems(scratch))
        facts = integrity.facts(scratch)
        header, key = backup_file.new_header(
            app_version=__version__,
            schema_version=facts.schema_version,
            venue=facts.venue,
            keying=pending.result(),
            source_check="quick_check of the copy before the backup",
        )
        total = scratch.stat().st_size
        with scratch.open("rb") as source:
            return backup_file.write(
                source,
                target,
                header,
                key,
                lambda done: common.tell(progress, "encrypt", done, total),
            )
    finally:
        scratch.unlink(missing_ok=True)
        for side in venue_files.side_files(scratch):
            side.unlink(missing_ok=True)


def _free_name(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}{backup_file.SUFFIX}"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}{backup_file.SUFFIX}"
    return target
