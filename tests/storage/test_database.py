"""Opening, migrating and refusing database files, on real SQLite files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import peewee
import pytest

from boostdesk.storage import database, migrations, tables


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_has_product_pragmas_and_latest_schema(tmp_path: Path) -> None:
    db = database.connect(tmp_path / "boostdesk.db")
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master")}
        assert {"customer", "card", "visit", "visit_line", "ledger_entry", "scan_log"} <= names
    finally:
        db.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "boostdesk.db"
    database.connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    conn.close()
    before = _digest(path)
    with pytest.raises(database.NewerSchemaError, match="newer BoostDesk"):
        database.connect(path)
    assert _digest(path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is a spreadsheet, not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text-file", "damaged-sqlite"],
)
def test_corrupt_or_foreign_file_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "boostdesk.db"
    path.write_bytes(content)
    with pytest.raises(database.NotADatabaseError) as caught:
        database.connect(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content
    assert not (tmp_path / "boostdesk.db-wal").exists()


def test_other_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "boostdesk.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(database.NotADatabaseError, match="another program"):
        database.connect(path)
    assert _digest(path) == before


def test_existing_database_is_backed_up_before_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "boostdesk.db"
    db = database.connect(path)
    tables.bind(db)
    tables.Setting.create(key="venue.name", value='"Eski Kafe"')
    db.close()
    extra = ("CREATE TABLE future_feature (id INTEGER PRIMARY KEY)",)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "LATEST_VERSION", migrations.LATEST_VERSION + 1)

    db = database.connect(path)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        assert db.table_exists("future_feature")
    finally:
        db.close()
    (backup,) = (tmp_path / "backups").glob("pre-migration-v*.db")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT value FROM setting").fetchone() == ('"Eski Kafe"',)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()


def test_ledger_is_append_only(empty_venue) -> None:  # type: ignore[no-untyped-def]
    customer = tables.Customer.create(first_name="Ayşe", created_at=0)
    entry = tables.LedgerEntry.create(
        customer=customer, kind="earn", points_minor=500, created_at=0
    )
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        tables.LedgerEntry.update(points_minor=50_000).where(
            tables.LedgerEntry.id == entry.id
        ).execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        entry.delete_instance()
    assert tables.LedgerEntry.get_by_id(entry.id).points_minor == 500


def test_duplicate_idempotency_key_is_refused(empty_venue) -> None:  # type: ignore[no-untyped-def]
    customer = tables.Customer.create(first_name="Can", created_at=0)
    local = {"local_day": 0, "day_part": 0}
    tables.Visit.create(
        customer=customer, visited_at=1, amount_minor=100, idempotency_key="k1", **local
    )
    with pytest.raises(peewee.IntegrityError):
        tables.Visit.create(
            customer=customer, visited_at=2, amount_minor=100, idempotency_key="k1", **local
        )
    assert tables.Visit.select().count() == 1


def test_sorting_in_files_holds_for_the_block_and_temporary_tables_come_back(
    tmp_path: Path,
) -> None:
    """Inside the block this connection's temporary storage is files (SQLite's default), after
    it memory again (the product's); a temporary table its users make when missing works on
    both sides, and inside a transaction the setting is left as it is."""
    db = database.connect(tmp_path / "venue.db")
    conn = database.raw_connection(db)

    def temp_store() -> int:
        return int(conn.execute("PRAGMA temp_store").fetchone()[0])

    def staged(rows: int) -> int:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS scratch (n INTEGER)")
        conn.executemany("INSERT INTO temp.scratch VALUES (?)", ((n,) for n in range(rows)))
        return int(conn.execute("SELECT COUNT(*) FROM temp.scratch").fetchone()[0])

    try:
        assert temp_store() == 2 and staged(3) == 3
        with database.sorting_in_files(db):
            assert temp_store() == 1
            assert staged(5) == 5  # the setting's change dropped the table: made again
        assert temp_store() == 2 and staged(2) == 2
        with db.atomic(), database.sorting_in_files(db):
            assert temp_store() == 2  # SQLite refuses a change inside a transaction
        assert temp_store() == 2
    finally:
        db.close()
