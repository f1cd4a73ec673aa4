"""Encrypted backups on real files: round trip into an empty folder, and every kind of bad file
refused with the live database left byte for byte as it was."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.services import backup, ops, venue
from boostdesk.storage import backup_file, check_stamp, database, integrity, migrations

PASSPHRASE = "correct horse battery staple"
OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
CASHIER = ops.Actor(user_id=2, name="Cashier", role=ops.Role.CASHIER)


def fingerprint(data_dir: Path) -> dict[str, object]:
    """What a restore must reproduce: segment counts, every balance, the visit count."""
    conn = sqlite3.connect(venue.database_path(data_dir))
    try:
        return {
            "visits": conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0],
            "balances": conn.execute(
                "SELECT customer_id, SUM(points_minor) FROM ledger_entry GROUP BY 1 ORDER BY 1"
            ).fetchall(),
            "segments": conn.execute(
                "SELECT lifecycle, rfm, abc, COUNT(*) FROM segment_readable "
                "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
            ).fetchall(),
        }
    finally:
        conn.close()


def live_bytes(data_dir: Path) -> dict[str, str]:
    """SHA-256 of the database file and each side file present."""
    found = {}
    for path in sorted(data_dir.iterdir()):
        if path.is_file() and path.name.startswith("boostdesk.db"):
            found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Path]:
    """One segmented demo venue's encrypted backup (about three 1 MiB chunks), made once."""
    folder = tmp_path_factory.mktemp("source")
    shutil.copy(venue.database_path(demo_template), venue.database_path(folder))
    opened = venue.open_venue(folder)
    try:
        opened.segmentation.recompute_all(persist=True)
        result = backup.create(opened, OWNER, folder / "out", PASSPHRASE)
    finally:
        opened.close()
    assert result.value.size > 2 * backup_file.CHUNK_SIZE
    yield result.value.file


def test_round_trip_into_an_empty_folder_gives_the_same_venue(made: Path, tmp_path: Path) -> None:
    source = made.parent.parent
    before = fingerprint(source)
    assert before["segments"], "the source venue is segmented"

    checked = backup.verify(made, PASSPHRASE)
    assert checked.header.schema_version == migrations.LATEST_VERSION
    assert checked.header.venue == "Kahve Durağı (demo)"

    new_pc = tmp_path / "new-pc"
    restored = backup.restore(made, new_pc, PASSPHRASE, actor=None)
    assert restored.kept_aside is None
    assert fingerprint(new_pc) == before
    assert venue.is_set_up(new_pc)


def test_the_backup_holds_one_self_contained_database_file(made: Path, tmp_path: Path) -> None:
    inside = io.BytesIO()
    backup_file.decrypt(made, PASSPHRASE, inside)
    plain = inside.getvalue()
    assert plain[18:20] == b"\x01\x01"  # rollback-journal mode: no WAL needed beside it
    live = venue.database_path(made.parent.parent).read_bytes()
    assert live[18:20] == b"\x02\x02"  # the live venue stays in WAL mode
    copy = tmp_path / "inside.db"
    copy.write_bytes(plain)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0] > 0
    finally:
        conn.close()


def test_the_backup_file_holds_no_readable_data(made: Path) -> None:
    data = made.read_bytes()
    assert data.startswith(backup_file.MAGIC)
    assert b"SQLite format 3" not in data
    assert "Kahve Durağı".encode() in data[:2000]  # the header says which venue it is
    assert b"CREATE TABLE" not in data
    assert made.stat().st_mode & 0o777 == 0o600


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _header_len(data: bytes) -> int:
    return 22 + int.from_bytes(data[18:22], "big")


BAD_FILES = {
    "magic flipped": lambda d: _flip(d, 3),
    "format version flipped": lambda d: _flip(d, 17),
    "header venue flipped": lambda d: _flip(d, d.index(b"Kahve") + 1),
    "header salt flipped": lambda d: _flip(d, d.index(b'"salt": "') + 12),
    "first chunk flipped": lambda d: _flip(d, _header_len(d) + 5),
    "middle chunk flipped": lambda d: _flip(d, _header_len(d) + backup_file.CHUNK_SIZE + 999),
    "last byte flipped": lambda d: _flip(d, len(d) - 1),
    "truncated after a full chunk": lambda d: d[: _header_len(d) + backup_file.CHUNK_SIZE + 16],
    "truncated in a chunk": lambda d: d[: len(d) // 2],
    "truncated in the header": lambda d: d[:30],
    "extended": lambda d: d + b"\x00" * 16,
    "last chunk dropped": lambda d: d[: _header_len(d) + 2 * (backup_file.CHUNK_SIZE + 16)],
    "foreign file": lambda d: b"PK\x03\x04 a zip file, not a backup" * 100,
    "empty file": lambda d: b"",
}


@pytest.mark.parametrize("damage", sorted(BAD_FILES))
def test_a_bad_file_is_refused_and_the_live_venue_is_untouched(
    made: Path, demo_venue: venue.Venue, tmp_path: Path, damage: str
) -> None:
    bad = tmp_path / "bad.bdbackup"
    bad.write_bytes(BAD_FILES[damage](made.read_bytes()))
    data_dir = demo_venue.data_dir
    before = live_bytes(data_dir)
    with pytest.raises(backup_file.BackupFileError) as refused:
        backup.verify(bad, PASSPHRASE)
    assert str(bad) in str(refused.value)
    with pytest.raises(backup_file.BackupFileError):
        backup.restore(bad, data_dir, PASSPHRASE, OWNER)
    assert live_bytes(data_dir) == before
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith("boostdesk.db")) in (
        [],
        ["backups"],
    )
    assert not list((data_dir / "backups").glob("pre-restore-*"))


def test_a_wrong_passphrase_is_named_and_changes_nothing(
    made: Path, demo_venue: venue.Venue
) -> None:
    before = live_bytes(demo_venue.data_dir)
    with pytest.raises(backup_file.WrongPassphraseError, match="wrong passphrase"):
        backup.restore(made, demo_venue.data_dir, "correct horse battery stapler", OWNER)
    assert live_bytes(demo_venue.data_dir) == before


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_restore_keeps_the_current_database_aside(made: Path, empty_venue: venue.Venue) -> None:
    data_dir = empty_venue.data_dir
    empty_venue.store.execute("INSERT INTO setting (key, value) VALUES ('venue.name', '\"Old\"')")
    empty_venue.close()
    before = _dump(venue.database_path(data_dir))
    restored = backup.restore(made, data_dir, PASSPHRASE, OWNER)
    assert restored.kept_aside is not None
    assert _dump(restored.kept_aside / "boostdesk.db") == before
    assert fingerprint(data_dir) == fingerprint(made.parent.parent)


def test_a_venue_open_in_boostdesk_is_not_replaced(made: Path, demo_venue: venue.Venue) -> None:
    demo_venue.store.one("SELECT COUNT(*) FROM visit")  # the app holds the database open
    before = live_bytes(demo_venue.data_dir)
    with pytest.raises(database.StorageError, match="is open in BoostDesk"):
        backup.restore(made, demo_venue.data_dir, PASSPHRASE, OWNER)
    assert live_bytes(demo_venue.data_dir) == before
    assert not list((demo_venue.data_dir / "backups").glob("pre-restore-*"))
    assert [p.name for p in demo_venue.data_dir.glob(".restore-*")] == []


def test_only_the_owner_backs_up_or_restores(made: Path, demo_venue: venue.Venue) -> None:
    with pytest.raises(ops.PermissionDenied):
        backup.create(demo_venue, CASHIER, demo_venue.data_dir / "out", PASSPHRASE)
    with pytest.raises(ops.PermissionDenied):
        backup.restore(made, demo_venue.data_dir, PASSPHRASE, CASHIER)
    # Without a signed-in owner only an empty folder can be filled.
    with pytest.raises(ops.PermissionDenied):
        backup.restore(made, demo_venue.data_dir, PASSPHRASE, None)
    assert not (demo_venue.data_dir / "out").exists()


def test_a_short_passphrase_is_refused(demo_venue: venue.Venue, tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="at least 8"):
        backup.create(demo_venue, OWNER, tmp_path / "out", "1234")


def _encrypted(path: Path, target: Path, schema_version: int) -> Path:
    header, key = backup_file.new_header(
        app_version="9.9", schema_version=schema_version, venue="Test", passphrase=PASSPHRASE
    )
    with path.open("rb") as source:
        backup_file.write(source, target, header, key)
    return target


def test_a_backup_of_an_older_schema_restores_and_migrates(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    for version in range(3):
        for statement in migrations.MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute("INSERT INTO setting (key, value) VALUES ('venue.name', '\"Eski\"')")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {0x42444B31}")
    conn.close()
    file = _encrypted(old, tmp_path / "old.bdbackup", 3)

    restored = backup.restore(file, tmp_path / "venue", PASSPHRASE, None)
    assert restored.migrated_from == 3
    conn = sqlite3.connect(venue.database_path(tmp_path / "venue"))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    conn.close()


def test_a_backup_of_a_newer_schema_is_refused(demo_venue: venue.Venue, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    shutil.copy(demo_venue.db_path, newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.close()
    file = _encrypted(newer, tmp_path / "newer.bdbackup", migrations.LATEST_VERSION + 1)
    before = live_bytes(demo_venue.data_dir)
    with pytest.raises(Exception, match="newer BoostDesk"):
        backup.restore(file, demo_venue.data_dir, PASSPHRASE, OWNER)
    assert live_bytes(demo_venue.data_dir) == before


def test_daily_backups_rotate(demo_venue: venue.Venue) -> None:
    assert backup.run_daily(demo_venue) is None  # no passphrase kept: no automatic backups
    backup.save_passphrase(demo_venue.data_dir, PASSPHRASE)
    first = backup.run_daily(demo_venue)
    assert first is not None and first.file.parent == backup.auto_folder(demo_venue.data_dir)
    assert backup.run_daily(demo_venue) is None  # one a day
    assert backup.newest_backup(demo_venue.data_dir) == first.file.resolve()


def _pair_counts(path: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT COUNT(*) FROM scan_log WHERE detail = 'pair'").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'test.pair'").fetchone()[0],
            conn.execute("PRAGMA integrity_check").fetchone()[0],
        )
    finally:
        conn.close()


def test_a_backup_is_one_state_while_the_tills_go_on_writing(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    """Transactions committed (and checkpoints asked for) while the backup streams the file
    are not in it, and do not tear it: each writes a row into two tables, both counts agree."""
    till = sqlite3.connect(demo_venue.db_path, isolation_level=None, timeout=5)

    def commit_pair() -> None:
        till.execute("BEGIN IMMEDIATE")
        till.execute(
            "INSERT INTO scan_log (at, raw, code, outcome, detail) "
            "VALUES (1, 'x', 'x', 'rejected', 'pair')"
        )
        till.execute(
            "INSERT INTO audit_log (at, user_id, action, detail) VALUES (1, NULL, 'test.pair', '')"
        )
        till.execute("COMMIT")

    for _ in range(5):
        commit_pair()
    during: list[tuple[int, int, int]] = []

    def on_progress(phase: str, done: int, total: int) -> None:
        if phase == "encrypt" and len(during) < 20:
            commit_pair()
            # A checkpoint may not write into the main file while the backup reads it.
            during.append(till.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())

    try:
        made = backup.create(
            demo_venue, OWNER, tmp_path / "out", PASSPHRASE, progress=on_progress
        ).value.file
    finally:
        till.close()
    assert len(during) >= 3 and all(written == 0 for _busy, _log, written in during)
    backup.verify(made, PASSPHRASE, full=True)
    restored = backup.restore(made, tmp_path / "restored", PASSPHRASE, actor=None)
    assert _pair_counts(venue.database_path(restored.data_dir)) == (5, 5, "ok")
    assert _pair_counts(demo_venue.db_path)[:2] == (5 + len(during), 5 + len(during))


def test_a_damaged_database_is_not_backed_up(demo_venue: venue.Venue, tmp_path: Path) -> None:
    path = demo_venue.db_path
    demo_venue.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(path)
    page_size, pages = (
        conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count")
    )
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 8))
    with pytest.raises(Exception, match="is damaged") as refused:
        backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE)
    assert "no backup was written" in str(refused.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_verify_refuses_an_authentic_file_without_a_whole_boostdesk_database(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    conn.commit()
    conn.close()
    foreign = _encrypted(other, tmp_path / "foreign.bdbackup", migrations.LATEST_VERSION)
    half = tmp_path / "half.db"
    half.write_bytes(demo_venue.db_path.read_bytes()[: 40 * 4096])
    cut = _encrypted(half, tmp_path / "half.bdbackup", migrations.LATEST_VERSION)
    for file in (foreign, cut):
        with pytest.raises(backup_file.DamagedBackupError, match="whole BoostDesk database"):
            backup.verify(file, PASSPHRASE)
        with pytest.raises(backup_file.BackupFileError):
            backup.restore(file, tmp_path / "new", PASSPHRASE, actor=None)
        assert not (tmp_path / "new" / "boostdesk.db").exists()


def test_a_byte_flipped_anywhere_is_refused(made: Path, tmp_path: Path) -> None:
    """Every 7th of the file, each byte of the fixed prefix, and each byte of the last tag."""
    data = made.read_bytes()
    spots = sorted(
        {
            *range(0, 22),
            *(len(data) * k // 7 for k in range(1, 7)),
            *range(len(data) - 16, len(data)),
        }
    )
    bad = tmp_path / "bad.bdbackup"
    for at in spots:
        bad.write_bytes(_flip(data, at))
        with pytest.raises(backup_file.BackupFileError):
            backup.verify(bad, PASSPHRASE)


def _damage_in_place(path: Path) -> None:
    conn = sqlite3.connect(path)
    page_size, pages = (
        conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count")
    )
    conn.close()
    with path.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 8))


def test_bytes_that_passed_a_check_are_not_checked_again_but_any_write_since_is(
    demo_venue: venue.Venue, tmp_path: Path
) -> None:
    path = demo_venue.db_path
    demo_venue.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    time.sleep(check_stamp.MARGIN_NS / 1e9 + 0.1)  # a file last written two seconds ago
    integrity.require_sound(path)  # the start-up check
    made = backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE).value
    said = backup_file.read_header(made.file).source_check
    assert said.startswith("quick_check at ") and said.endswith("unchanged since")
    backup.verify(made.file, PASSPHRASE, full=True)
    # The backup's audit line reached the file through a checkpoint run past storage.checkpoints
    # (as another program's would be): the chain is broken, the next backup checks on its own.
    demo_venue.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    again = backup.create(demo_venue, OWNER, tmp_path / "again", PASSPHRASE).value
    assert backup_file.read_header(again.file).source_check == "quick_check during the backup"
    # A page damaged in place, by anything, after a passed check: refused, not trusted.
    time.sleep(check_stamp.MARGIN_NS / 1e9 + 0.1)
    integrity.require_sound(path)
    _damage_in_place(path)
    with pytest.raises(integrity.DamagedDatabaseError, match="no backup was written"):
        backup.create(demo_venue, OWNER, tmp_path / "damaged", PASSPHRASE)
    assert list((tmp_path / "damaged").iterdir()) == []


def test_a_check_from_another_boot_is_not_trusted(demo_venue: venue.Venue, tmp_path: Path) -> None:
    path = demo_venue.db_path
    demo_venue.store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    time.sleep(check_stamp.MARGIN_NS / 1e9 + 0.1)
    integrity.require_sound(path)
    stamp = check_stamp.stamp_path(path)
    saved = json.loads(stamp.read_text())
    assert saved["ok"] and saved["boot"] == check_stamp.boot_id()
    stamp.write_text(json.dumps({**saved, "boot": "before a power cut"}))
    made = backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE).value
    assert backup_file.read_header(made.file).source_check == "quick_check during the backup"
