"""The chain of the remembered check: BoostDesk's own checkpoints keep it; anything else that
writes the database file breaks it, and then the whole file is checked again (real files, real
SQLite, a real SIGKILL)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from boostdesk.services import backup, ops, venue
from boostdesk.storage import audit, backup_file, check_stamp, checkpoints, database, integrity

PASSPHRASE = "correct horse battery staple"
OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
ROW = "x" * 3000  # an audit detail large enough that a few hundred rows fill the WAL


def tills_write(opened: venue.Venue, rows: int) -> None:
    """Commits as the app makes them (through the store), 20 rows each."""
    for start in range(0, rows, 20):
        with opened.store.transaction():
            for n in range(start, min(rows, start + 20)):
                audit.record(opened.store, n, None, "test.till", ROW)


def checked_at_startup(path: Path) -> check_stamp.Stamp:
    """The start-up check of a file last written more than two seconds ago (a stamp is only
    remembered then), returning what it remembered."""
    time.sleep(check_stamp.MARGIN_NS / 1e9 + 0.1)
    integrity.require_sound(path)
    stamp = check_stamp.passed(path)
    assert stamp is not None and stamp.carried == 0
    return stamp


def written_back(opened: venue.Venue) -> None:
    database.checkpoint(opened.store, "TRUNCATE")


def test_the_apps_own_writes_and_checkpoints_keep_the_check(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    stamp = checked_at_startup(path)
    before = check_stamp.identity(path)

    tills_write(demo_venue, 3000)  # ~9 MB of pages: SQLite alone would not write them back

    assert check_stamp.identity(path) != before, "the app's checkpoints wrote the main file"
    assert checkpoints.wal_size(path) < 3 * checkpoints.WAL_LIMIT, "the WAL does not grow on"
    kept = check_stamp.passed(path)
    assert kept is not None and kept.carried >= 1
    assert (kept.kind, kept.checked_at) == (stamp.kind, stamp.checked_at)
    made = backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE).value
    said = backup_file.read_header(made.file).source_check
    assert said.startswith(f"quick_check at {stamp.checked_at}, changed since only by BoostDesk")
    backup.verify(made.file, PASSPHRASE, full=True)

    # Closing the venue writes the rest back first: its last connection finds nothing to write.
    tills_write(demo_venue, 100)
    demo_venue.close()
    assert not path.with_name(path.name + "-wal").exists()
    assert check_stamp.passed(path) is not None


def test_an_outside_write_breaks_the_chain_and_a_damaged_page_is_never_backed_up(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    checked_at_startup(path)
    page_size = 4096
    pages = path.stat().st_size // page_size
    with path.open("r+b") as handle:  # another program damages a page in place
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 8))
    assert check_stamp.passed(path) is None

    tills_write(demo_venue, 3000)  # the app's checkpoints after it must not restore trust
    assert check_stamp.passed(path) is None
    with pytest.raises(integrity.DamagedDatabaseError, match="no backup was written"):
        backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE)
    assert list((tmp_path / "out").iterdir()) == []
    with pytest.raises(integrity.DamagedDatabaseError, match="is damaged"):
        integrity.require_sound(path)  # the next start-up checks in full and refuses


def test_a_foreign_checkpoint_breaks_the_chain(demo_venue: venue.Venue, tmp_path: Path) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    checked_at_startup(path)
    tills_write(demo_venue, 50)  # frames waiting in the WAL
    tool = sqlite3.connect(path)  # another program, with SQLite's defaults
    try:
        busy, _frames, written = tool.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        tool.close()
    assert not busy and written > 0
    assert check_stamp.passed(path) is None
    tills_write(demo_venue, 3000)
    assert check_stamp.passed(path) is None, "later app checkpoints do not mend the chain"
    made = backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE).value
    assert backup_file.read_header(made.file).source_check == "quick_check during the backup"


CRASH_IN_CHECKPOINT = """
import os, signal, sys
from pathlib import Path
from boostdesk.storage import check_stamp, database

def killed(*_args, **_kwargs):  # SQLite has written pages back; the stamp was not moved yet
    os.kill(os.getpid(), signal.SIGKILL)

check_stamp.carry = killed
db = database.connect(Path(sys.argv[1]))
conn = database.raw_connection(db)
conn.execute("BEGIN IMMEDIATE")
for n in range(200):
    conn.execute("INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, NULL, 'k', ?)",
                 (n, "y" * 3000))
conn.execute("COMMIT")
database.checkpoint(db)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signal")
def test_a_crash_in_the_middle_of_a_checkpoint_breaks_the_chain(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    demo_venue.close()
    checked_at_startup(path)
    before = check_stamp.identity(path)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_IN_CHECKPOINT, str(path)], capture_output=True, timeout=120
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()
    assert check_stamp.identity(path) != before, "the checkpoint had written pages"
    assert check_stamp.passed(path) is None
    # Nothing remembered stands for the file now: the next backup checks its pages in the pass.
    reopened = venue.open_venue(path.parent)
    try:
        made = backup.create(reopened, OWNER, tmp_path / "out", PASSPHRASE).value
    finally:
        reopened.close()
    assert backup_file.read_header(made.file).source_check == "quick_check during the backup"
    assert integrity.problems(path, full=True) == ()


def test_the_nightly_full_check_mends_a_broken_chain_while_the_tills_save(
    demo_venue: venue.Venue,
) -> None:
    path = demo_venue.db_path
    tool = sqlite3.connect(path)  # another program checkpointed: nothing remembered stands
    try:
        tool.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        tool.close()
    tills_write(demo_venue, 50)  # and the tills have just saved: frames wait in the WAL
    assert check_stamp.passed(path) is None and checkpoints.wal_size(path) > 0
    backup.save_passphrase(demo_venue.data_dir, PASSPHRASE)

    made = backup.nightly(demo_venue)

    assert made is not None
    said = backup_file.read_header(made.file).source_check
    assert said.startswith("integrity_check at "), said  # the nightly check, not a new one
    stamp = check_stamp.passed(path)
    assert stamp is not None and stamp.kind == "integrity_check"
    tills_write(demo_venue, 3000)
    assert check_stamp.passed(path) is not None, "and the tills' writes carry it again"


def foreign_write(path: Path, *statements: str) -> None:
    """Another SQLite program's small write: below any automatic checkpoint, and its close is not
    the last connection's (the venue is open), so its frames stay in the WAL."""
    tool = sqlite3.connect(path, isolation_level=None)
    try:
        tool.execute("PRAGMA wal_autocheckpoint = 0")
        tool.execute("BEGIN IMMEDIATE")
        for statement in statements:
            tool.execute(statement)
        tool.execute("COMMIT")
    finally:
        tool.close()


def test_a_foreign_write_waiting_in_the_wal_is_checked_at_start_up(demo_venue: venue.Venue) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    stamp = checked_at_startup(path)
    assert integrity.require_sound(path) is False, "the main file alone: the stamp stands"

    foreign_write(
        path, "INSERT INTO audit_log (at, user_id, action, detail) VALUES (1, NULL, 'x', '')"
    )

    assert checkpoints.wal_size(path) > 0 and check_stamp.passed(path) == stamp
    assert integrity.require_sound(path) is True, "the check ran, through the WAL"


def test_a_damaging_foreign_write_waiting_in_the_wal_is_refused_at_start_up(
    demo_venue: venue.Venue,
) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    checked_at_startup(path)

    # Another program points one table at another's pages: SQLite writes it, quick_check objects.
    foreign_write(
        path,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master "
        "WHERE name = 'setting') WHERE name = 'audit_log'",
    )

    assert check_stamp.passed(path) is not None, "the main file is unchanged"
    with pytest.raises(integrity.DamagedDatabaseError, match="is damaged"):
        integrity.require_sound(path)


def test_on_windows_the_start_up_check_never_rests_on_the_file_identity(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_venue.db_path
    written_back(demo_venue)
    checked_at_startup(path)
    assert checkpoints.wal_size(path) == 0 and check_stamp.passed(path) is not None

    monkeypatch.setattr(sys, "platform", "win32")  # st_ctime_ns is the creation time there
    assert integrity.require_sound(path) is True, "the quick check ran"
    monkeypatch.undo()
    assert integrity.require_sound(path) is False, "elsewhere the remembered check stands"


def _written_by(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(thread, frames written) of every checkpoint from now on."""
    seen: list[tuple[str, int]] = []
    real = checkpoints.Chain.checkpoint

    def spied(self, conn, mode="PASSIVE"):  # type: ignore[no-untyped-def]
        found = real(self, conn, mode)
        seen.append((threading.current_thread().name, found[2]))
        return found

    monkeypatch.setattr(checkpoints.Chain, "checkpoint", spied)
    return seen


def _nothing_left_to_write(opened: venue.Venue) -> bool:
    """Whether the next checkpoint (a till's, after its commit) finds the WAL written back."""
    path = opened.db_path
    before = check_stamp.identity(path)
    database.checkpoint(opened.store)
    return check_stamp.identity(path) == before


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "checkpoint"]


def test_checkpoints_behind_a_writer_run_in_a_thread_and_leave_the_wal_written_back(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long writer's commits are written back beside it (in a thread, on a connection of its
    own) while it goes on writing; when it is done the rest is written back, the remembered
    check is carried over every one of those checkpoints and no thread is left."""
    path = demo_venue.db_path
    written_back(demo_venue)
    stamp = checked_at_startup(path)
    seen = _written_by(monkeypatch)
    with database.checkpoints_behind(demo_venue.store):
        tills_write(demo_venue, 3000)  # ~9 MB: several commits call for a checkpoint
        for thread in _checkpoint_threads():
            thread.join()
        behind = [name for name, written in seen if name == "checkpoint" and written > 0]
        assert behind, "the WAL was written back beside the writer"
        tills_write(demo_venue, 20)  # more frames meanwhile, written back at the end
    assert _checkpoint_threads() == []
    assert _nothing_left_to_write(demo_venue)
    kept = check_stamp.passed(path)
    assert kept is not None and kept.checked_at == stamp.checked_at and kept.carried >= 2
    assert integrity.problems(path, full=True) == ()


def test_a_writer_failing_with_checkpoints_behind_it_leaves_no_thread_and_the_wal_written_back(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _written_by(monkeypatch)
    with (
        pytest.raises(RuntimeError, match="midway"),
        database.checkpoints_behind(demo_venue.store),
    ):
        tills_write(demo_venue, 3000)
        raise RuntimeError("the writer fails midway")
    assert any(name == "checkpoint" for name, _ in seen)
    assert _checkpoint_threads() == []
    assert _nothing_left_to_write(demo_venue)


def test_without_checkpoints_behind_commits_write_the_wal_back_in_place(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _written_by(monkeypatch)
    tills_write(demo_venue, 3000)
    assert seen and {name for name, _ in seen} == {threading.current_thread().name}


def test_while_someone_else_has_the_venue_open_checkpoints_stay_in_place(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a till's opening of the venue present, the writer's commits write the WAL back in
    place, as without ``checkpoints_behind``: the till's next commit then finds the WAL written
    back and started over small, instead of a checkpoint under way to wait for."""
    seen = _written_by(monkeypatch)
    till = venue.open_venue(demo_venue.data_dir)
    try:
        with database.checkpoints_behind(demo_venue.store):
            tills_write(demo_venue, 3000)
        assert seen and {name for name, _ in seen} == {threading.current_thread().name}
        tills_write(till, 20)  # the till's commit: the WAL is small, nothing to write back
        assert checkpoints.wal_size(demo_venue.db_path) < checkpoints.WAL_LIMIT
    finally:
        till.close()
