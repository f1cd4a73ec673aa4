"""Imported visits carry no idempotency key: an import recognises the visits it (or an older
version, which keyed them ``import:DIGEST:MINUTE:AMOUNT[:n]``) stored before by their guest, UTC
minute and amount, the n-th identical row of a file standing for the n-th such visit."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.services import importer, setup, venue
from boostdesk.storage import database, import_staging, imports, kept_totals_check

HEAD = "customer_ref,card,visited_at,amount,category\n"


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    setup.set_up_venue(empty_venue, name="Shop", owner_pin="2468", cashier_pin="1357")
    return empty_venue


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text(HEAD + "\n".join(rows) + "\n")
    return path


def _rows(guests: int, each: int, start: int = 0) -> list[str]:
    """Visits ``start..start + each - 1`` of every guest, a category on most."""
    return [
        f"G-{g},,2026-{1 + v % 10:02d}-{1 + (g + v) % 27:02d} {8 + v % 12}:{(g * 7) % 60:02d},"
        f"{5 + (g + 3 * v) % 40},{('coffee', 'tea', '')[(g + v) % 3]}"
        for g in range(guests)
        for v in range(start, start + each)
    ]


def _small_chunks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Chunks of ``size`` rows (alone: savepoints of one transaction), so a guest's visits
    span chunks and a chunk holds stored and new visits."""
    for name in ("FIRST_CHUNK", "MIN_CHUNK", "SOLO_FIRST", "SOLO_ROWS"):
        monkeypatch.setattr(importer, name, size)
    monkeypatch.setattr(importer, "CHUNK_SECONDS", 1e-9)
    monkeypatch.setattr(importer, "IDLE_CHUNK_SECONDS", 1e-9)


@contextlib.contextmanager
def _maybe_till(opened: venue.Venue, till: bool) -> Iterator[None]:
    """Another opening of the venue meanwhile (as a till's): the import takes turns."""
    if not till:
        yield
        return
    other = venue.open_venue(opened.data_dir)
    try:
        yield
    finally:
        other.close()


def _visits(opened: venue.Venue) -> Counter[tuple[object, ...]]:
    """Each stored visit as the file says it (guest, time, amount, its basket), counted."""
    rows = opened.store.execute(
        "SELECT c.external_ref, v.visited_at, v.amount_minor, "
        "(SELECT GROUP_CONCAT(l.category_id || ':' || l.amount_minor) FROM visit_line l "
        "WHERE l.visit_id = v.id) FROM visit v JOIN customer c ON c.id = v.customer_id"
    )
    return Counter(tuple(r) for r in rows)


def _as_older_versions_keyed(opened: venue.Venue) -> int:
    """Give every imported visit the key the previous version stored with it:
    ``import:`` sha256 of the guest (``ref:`` and its reference) cut to 20, the UTC minute, the
    amount and ``:n`` for the n-th identical visit. Returns how many were keyed."""
    seen: Counter[tuple[str, int, int]] = Counter()
    keys = []
    for visit, ref, at, amount in opened.store.execute(
        "SELECT v.id, c.external_ref, v.visited_at, v.amount_minor FROM visit v "
        "JOIN customer c ON c.id = v.customer_id WHERE v.idempotency_key IS NULL ORDER BY v.id"
    ).fetchall():
        seen[(ref, at // 60, amount)] += 1
        n = seen[(ref, at // 60, amount)]
        digest = hashlib.sha256(f"ref:{ref}".encode()).hexdigest()[:20]
        keys.append((f"import:{digest}:{at // 60}:{amount}" + (f":{n}" if n > 1 else ""), visit))
    with opened.store.transaction():
        opened.store.execute_many("UPDATE visit SET idempotency_key = ? WHERE id = ?", keys)
    return len(keys)


def _totals_hold(opened: venue.Venue) -> None:
    found = kept_totals_check.verify(
        database.raw_connection(opened.store), rebuild_on_mismatch=False
    )
    assert found.mismatched == ()


@pytest.mark.parametrize("till", [False, True], ids=["alone", "in turns"])
def test_imported_visits_have_no_key_and_a_file_imported_twice_is_stored_once(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, till: bool
) -> None:
    _small_chunks(monkeypatch, 70)
    rows = _rows(30, 8)
    rows += rows[:25] + rows[:4]  # identical visits: two and three of them
    path = _csv(tmp_path / "pos.csv", rows)
    with _maybe_till(shop, till):
        assert importer.import_visits(shop, path).visits == len(rows)
        stored = _visits(shop)
        assert importer.import_visits(shop, path).visits == 0
    assert _visits(shop) == stored and sum(stored.values()) == len(rows)
    assert max(stored.values()) == 3
    keyed = shop.store.execute("SELECT COUNT(*) FROM visit WHERE idempotency_key IS NOT NULL")
    assert keyed.fetchone()[0] == 0
    _totals_hold(shop)


@pytest.mark.parametrize("till", [False, True], ids=["alone", "in turns"])
def test_a_file_imported_by_the_previous_version_with_keys_is_not_stored_again(
    shop: venue.Venue,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    till: bool,
) -> None:
    """A longer export of the same POS later: only the visits not imported before are stored,
    with the basket lines of their own rows, however the chunks fall (stored and new visits in
    one chunk, a guest's visits over two)."""
    _small_chunks(monkeypatch, 70)
    twin_dir = tmp_path / "twin"
    shutil.copytree(data_dir, twin_dir)
    first = _rows(30, 6)
    first += first[:10]  # twice the same visit
    importer.import_visits(shop, _csv(tmp_path / "first.csv", first))
    assert _as_older_versions_keyed(shop) == len(first)
    # two more visits of every guest among the ones stored (sorted by guest and time, they
    # fall in the middle of chunks), some visits once more twice and one three times
    later = _rows(30, 8) + first[:10] + first[:10] + first[:1]
    with _maybe_till(shop, till):
        report = importer.import_visits(shop, _csv(tmp_path / "later.csv", later))
    assert report.visits == 30 * 2 + 10 + 1 and report.new_customers == 0
    # the same as importing at once what both files hold (each visit as often as the file
    # holding it most often)
    both = Counter(first) | Counter(later)
    twin = venue.open_venue(twin_dir)
    try:
        importer.import_visits(twin, _csv(tmp_path / "both.csv", list(both.elements())))
        assert _visits(shop) == _visits(twin)
    finally:
        twin.close()
    assert importer.import_visits(shop, _csv(tmp_path / "again.csv", later)).visits == 0
    _totals_hold(shop)


def test_a_visit_saved_at_the_till_does_not_hide_the_same_visit_in_an_import(
    shop: venue.Venue, tmp_path: Path
) -> None:
    """Only imported visits count as the file's: a till's visit of the same guest, minute and
    amount is another visit (the guest came in twice, once recorded at the till)."""
    path = _csv(tmp_path / "pos.csv", ["G-1,,2026-03-04 10:15,12,coffee"])
    importer.import_visits(shop, path)
    guest, visit = shop.store.execute("SELECT customer_id, id FROM visit").fetchone()
    with shop.store.transaction():  # re-keyed as if a till had saved it
        shop.store.execute("UPDATE visit SET idempotency_key = 'till-1-42' WHERE id = ?", (visit,))
    report = importer.import_visits(shop, path)
    assert report.visits == 1
    assert (
        shop.store.execute("SELECT COUNT(*) FROM visit WHERE customer_id = ?", (guest,)).fetchone()[
            0
        ]
        == 2
    )


def test_a_batch_an_older_version_staged_in_the_database_is_finished_with_its_keys(
    shop: venue.Venue, tmp_path: Path
) -> None:
    """Versions before staging files staged visits in ``import_row`` with their keys; such a
    batch past its commit point is finished (keys kept, a repeated chunk stores nothing twice)
    and a later import of the same file by this version stores nothing again."""
    path = _csv(tmp_path / "pos.csv", _rows(5, 4) + _rows(5, 4)[:3])
    twin = tmp_path / "twin"
    shutil.copytree(shop.data_dir, twin)
    importer.import_visits(shop, path)
    assert _as_older_versions_keyed(shop) == 23
    staged = shop.store.execute(
        "SELECT c.external_ref, v.visited_at, v.amount_minor, "
        "(SELECT l.category_id FROM visit_line l WHERE l.visit_id = v.id), v.idempotency_key, "
        "v.local_day, v.day_part FROM visit v JOIN customer c ON c.id = v.customer_id "
        "ORDER BY v.id"
    ).fetchall()
    older = venue.open_venue(twin)
    try:
        with older.store.transaction():
            older.store.execute(
                "INSERT INTO import_batch (id, kind, started_at, rows, state) "
                "VALUES (7, 'visits', 0, ?, 'publishing')",
                (len(staged),),
            )
            older.store.execute_many(
                "INSERT INTO import_row (import_id, seq, ref, card, visited_at, amount_minor, "
                "category_id, idempotency_key, local_day, day_part) "
                "VALUES (7, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                [(n, *row) for n, row in enumerate(staged)],
            )
        assert not import_staging.staging_path(older.store, 7).exists()
        # a chunk published, then the same again (its mark lost to a power cut)
        assert imports.publish_visits_chunk(older.store, 7, 0, 9)[0] == 10
        assert imports.publish_visits_chunk(older.store, 7, 0, 9)[0] == 0
        assert importer.finish_interrupted(older)
        assert _visits(older) == _visits(shop)
        keys = "SELECT idempotency_key FROM visit ORDER BY 1"
        assert older.store.execute(keys).fetchall() == shop.store.execute(keys).fetchall()
        assert importer.import_visits(older, path).visits == 0
        _totals_hold(older)
    finally:
        older.close()


def test_the_command_line_reimports_an_older_versions_import_without_storing_it_twice(
    shop: venue.Venue, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "pos.csv", _rows(20, 5) + _rows(20, 5)[:7])
    importer.import_visits(shop, path)
    _as_older_versions_keyed(shop)
    stored = _visits(shop)
    folder = shop.data_dir
    shop.close()
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR", "BOOSTDESK_PIN")}
    env["BOOSTDESK_PIN"] = "2468"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "boostdesk",
            "import",
            "visits",
            str(path),
            "--data-dir",
            str(folder),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 0 visits" in done.stdout
    conn = sqlite3.connect(venue.database_path(folder))
    try:
        count = conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    finally:
        conn.close()
    assert count == sum(stored.values()) == 107
