"""Version 14: the visits' idempotency key becomes optional (imported visits have none), still
unique where there is one. The table is rebuilt; a venue migrated to it is the same as a new one
and keeps every row, reference, trigger and planner statistic; a failed rebuild changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from boostdesk.services import venue
from boostdesk.storage import database, kept_totals_check, migrations, visits

KEY_INDEX = migrations.VISIT_KEY_INDEX


def _at_version_13(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A venue file as version 13 left it, with guests, visits (keyed at a till and by older
    imports), basket lines, a voucher redeemed on a visit, ledger entries and statistics."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:13])
        patch.setattr(migrations, "LATEST_VERSION", 13)
        database.prepare(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO customer (id, first_name, created_at, external_ref) VALUES (?, 'G', 0, ?)",
        [(g, f"POS-{g}") for g in range(1, 41)],
    )
    conn.execute("INSERT INTO category (id, code, name) VALUES (1, 'coffee', 'Coffee')")
    conn.executemany(
        "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key, local_day, "
        "day_part, receipt_no, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                1 + n % 40,
                1_780_000_000 + 3_600 * n,
                100 + n,
                f"till-{n}" if n % 3 else f"import:{n:020d}:{29_666_666 + n}:{100 + n}",
                20_600 + n // 24,
                n % 3,
                f"R{n}" if n % 5 == 0 else None,
                1_790_000_000 if n % 17 == 0 else None,
                "wrong guest" if n % 17 == 0 else None,
            )
            for n in range(400)
        ],
    )
    conn.execute(
        "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
        "SELECT id, 1, amount_minor FROM visit WHERE id % 2 = 0"
    )
    conn.execute(
        "INSERT INTO voucher (code, customer_id, kind, value, issued_at, redeemed_at, "
        "redeemed_visit_id) VALUES ('V1', 2, 'amount', 500, 0, 1, 42)"
    )
    conn.execute(
        "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, visit_id) "
        "SELECT customer_id, 'earn', amount_minor, visited_at, id FROM visit WHERE id < 50"
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"


def test_a_migrated_venue_keeps_every_visit_and_has_the_schema_of_a_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old" / database.DATABASE_FILENAME
    path.parent.mkdir()
    _at_version_13(path, monkeypatch)
    rows = {
        table: _read(path, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("visit", "visit_line", "voucher", "ledger_entry", "customer_metrics")
    }
    stats = _read(path, "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'visit' ORDER BY 1")
    assert ("sqlite_autoindex_visit_1", "400 1") in stats
    opened = venue.open_venue(path.parent)
    try:
        for table, before in rows.items():
            assert _read(path, f"SELECT * FROM {table} ORDER BY 1") == before, table
        new = tmp_path / "new" / database.DATABASE_FILENAME
        new.parent.mkdir()
        database.prepare(new)
        assert sorted(_read(path, SCHEMA)) == sorted(_read(new, SCHEMA))
        assert _read(path, "PRAGMA user_version") == [(migrations.LATEST_VERSION,)]
        assert _read(
            path, "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'visit' ORDER BY 1"
        ) == sorted((KEY_INDEX if i == "sqlite_autoindex_visit_1" else i, s) for i, s in stats)
        assert _read(path, "PRAGMA foreign_key_check") == []
        assert _read(path, "PRAGMA integrity_check") == [("ok",)]
        assert list((path.parent / database.BACKUP_DIRNAME).glob("pre-migration-v13-*.db"))
        # a till's key is still unique, an imported visit has none; the kept totals still follow
        insert = (
            "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key, "
            "local_day, day_part) VALUES (3, 1790000000, 250, ?, 20700, 1)"
        )
        refused = pytest.raises(peewee.IntegrityError, match="UNIQUE constraint failed")
        with refused, opened.store.transaction():
            opened.store.execute(insert, ("till-1",))
        with opened.store.transaction():
            opened.store.execute(insert, (None,))
            opened.store.execute(insert, (None,))
            opened.store.execute(insert, ("till-new",))
        assert visits.by_key(opened.store, "till-new") is not None
        assert visits.by_key(opened.store, "till-1") == (2, 101)
        found = kept_totals_check.verify(
            database.raw_connection(opened.store), rebuild_on_mismatch=False
        )
        assert found.mismatched == ()
    finally:
        opened.close()


def test_a_visit_of_a_guest_gone_stops_the_migration_and_leaves_the_venue_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuilt table's references are checked before the commit: a visit naming a guest
    that is not there (written with the foreign keys off) rolls the whole migration back."""
    path = tmp_path / database.DATABASE_FILENAME
    _at_version_13(path, monkeypatch)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key, local_day, "
        "day_part) VALUES (999, 1780000000, 100, 'orphan', 20600, 0)"
    )
    conn.commit()
    conn.close()
    schema = sorted(_read(path, SCHEMA))
    visits_before = _read(path, "SELECT * FROM visit ORDER BY id")
    with pytest.raises(
        database.StorageError, match="visit refer to customer rows that are missing"
    ):
        database.prepare(path)
    assert _read(path, "PRAGMA user_version") == [(13,)]
    assert sorted(_read(path, SCHEMA)) == schema
    assert "idempotency_key TEXT NOT NULL UNIQUE" in str(
        _read(path, "SELECT sql FROM sqlite_master WHERE name = 'visit'")[0][0]
    )
    assert _read(path, "SELECT * FROM visit ORDER BY id") == visits_before


def test_a_key_lookup_reads_the_key_index(empty_venue: venue.Venue) -> None:
    """A till's retry finds its visit by key without reading every visit."""
    plans = [
        str(r[3])
        for r in empty_venue.store.execute(
            "EXPLAIN QUERY PLAN SELECT id, amount_minor FROM visit WHERE idempotency_key = ?",
            ("till-1",),
        )
    ]
    assert plans == [f"SEARCH visit USING INDEX {KEY_INDEX} (idempotency_key=?)"]
