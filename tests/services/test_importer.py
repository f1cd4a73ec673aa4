"""Importing visits: staged, published on the bulk path (in one transaction while nobody else
has the venue open, else in short chunks), all or nothing, kept totals exact, guests
re-evaluated."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.services import importer, setup, venue
from boostdesk.storage import database, import_staging, imports, kept_totals_check
from boostdesk.storage import segments as stored_segments


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    """A set-up venue (categories, users) without guests or visits."""
    setup.set_up_venue(empty_venue, name="Shop", owner_pin="2468", cashier_pin="1357")
    return empty_venue


def _count(opened: venue.Venue, sql: str) -> int:
    return int(opened.store.execute(sql).fetchone()[0])


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    return path


def _history(path: Path, guests: int, visits_each: int) -> Path:
    rows = [
        f"POS-{g},,2026-{1 + v % 10:02d}-{1 + g % 27:02d} 1{v % 10}:15,{10 + g % 50},coffee"
        for g in range(guests)
        for v in range(visits_each)
    ]
    return _csv(path, rows)


def _small_chunks(monkeypatch: pytest.MonkeyPatch, first: int, stage: int) -> None:
    monkeypatch.setattr(importer, "FIRST_CHUNK", first)
    monkeypatch.setattr(importer, "MIN_CHUNK", first)
    monkeypatch.setattr(importer, "CHUNK_SECONDS", 1e-9)  # stay at the smallest chunk
    monkeypatch.setattr(importer, "IDLE_CHUNK_SECONDS", 1e-9)
    monkeypatch.setattr(importer, "STAGE_ROWS", stage)
    monkeypatch.setattr(importer, "STAGE_FILE_ROWS", stage)


@contextlib.contextmanager
def _till(opened: venue.Venue) -> Iterator[venue.Venue]:
    """Another opening of the venue meanwhile (as a till's): the import takes turns."""
    other = venue.open_venue(opened.data_dir)
    try:
        yield other
    finally:
        other.close()


def _published_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the chunks published from now on."""
    chunks: list[int] = []
    real = imports.publish_visits_chunk

    def counted(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        chunks.append(last - first + 1)
        return real(store, batch, first, last, *rest)

    monkeypatch.setattr(imports, "publish_visits_chunk", counted)
    return chunks


def _schema(opened: venue.Venue) -> list[tuple[str, str]]:
    return [
        (str(r[0]), str(r[1]))
        for r in opened.store.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        )
    ]


def _stored(opened: venue.Venue) -> dict[str, list[tuple[object, ...]]]:
    """What an import leaves, independent of ids: visits, lines and every kept total."""
    guest = "(SELECT external_ref FROM customer c WHERE c.id = {})"
    queries = {
        "visits": f"SELECT {guest.format('v.customer_id')}, visited_at, amount_minor, "
        "idempotency_key, local_day, day_part, voided_at FROM visit v",
        "lines": f"SELECT {guest.format('v.customer_id')}, v.idempotency_key, l.category_id, "
        "l.amount_minor FROM visit_line l JOIN visit v ON v.id = l.visit_id",
        "metrics": f"SELECT {guest.format('m.customer_id')}, visits, visit_days, amount_minor, "
        "first_at, last_at, morning, afternoon, evening, month_visits, month_amount_minor, "
        "window_visits, window_amount_minor, first_day_amount_minor FROM customer_metrics m",
        "buckets": f"SELECT {guest.format('b.customer_id')}, bucket, visits, amount_minor "
        "FROM customer_bucket b",
        "categories": f"SELECT {guest.format('k.customer_id')}, category_id, amount_minor "
        "FROM customer_category k",
        "guests": "SELECT external_ref, first_name, registration_source, created_at, search_key "
        "FROM customer",
    }
    return {
        name: sorted(tuple(r) for r in opened.store.execute(sql)) for name, sql in queries.items()
    }


def _staging_files(opened: venue.Venue) -> list[Path]:
    return sorted((opened.data_dir / import_staging.STAGING_DIRNAME).glob("*"))


def _staged_only(opened: venue.Venue, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Import ``path`` up to its commit point: publishing fails at once (a power cut), so the
    batch stays staged for the next import to finish."""
    real = imports.publish_visits_chunk

    def power_cut(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        raise OSError("power cut")

    monkeypatch.setattr(imports, "publish_visits_chunk", power_cut)
    with pytest.raises(OSError):
        importer.import_visits(opened, path)
    monkeypatch.setattr(imports, "publish_visits_chunk", real)


def test_an_imported_visit_reevaluates_its_guest(demo_venue: venue.Venue, tmp_path: Path) -> None:
    service = demo_venue.segmentation
    result = service.recompute_all(persist=True)  # today
    lifecycle = result.segmentation.families["lifecycle"]
    ids = result.segmentation.metrics.customer_id
    gone = int(ids[lifecycle == "gone"][0])
    today = service.today().isoformat()
    path = _csv(tmp_path / "today.csv", [f"x,{codes.card_number(gone)},{today} 00:30,85,coffee"])
    report = importer.import_visits(demo_venue, path)
    assert (report.visits, report.new_customers) == (1, 0)
    assert stored_segments.current_segment(demo_venue.store, gone, "lifecycle") != "gone"


def test_bulk_published_visits_keep_every_total_equal_to_a_recount(
    demo_venue: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk path (triggers aside, the chunk's visits added set-based) on a venue with
    history: the kept totals equal a recount from the raw visits, for guests old and new."""
    _small_chunks(monkeypatch, 100, 300)
    demo_venue.segmentation.recompute_all(persist=True)  # the kept windows anchored on today
    rows = [
        f"R-{n % 7},{codes.card_number(1 + n % 40) if n % 3 else ''},"
        + (f"{2020 + n % 6}-{1 + n % 12:02d}" if n % 4 else "2026-11")
        + f"-{1 + n % 24:02d} {8 + n % 14:02d}:{n % 60:02d},"
        f"{5 + n % 300},{('coffee', 'tea', '')[n % 3]}"
        for n in range(900)
    ]  # before, within and after the guests' history, in and out of the kept windows
    report = importer.import_visits(demo_venue, _csv(tmp_path / "pos.csv", rows))
    assert report.visits == 900 and report.new_customers == 7
    conn = database.raw_connection(demo_venue.store)
    found = kept_totals_check.verify(conn, rebuild_on_mismatch=False)
    assert found.checked == _count(demo_venue, "SELECT COUNT(*) FROM customer")
    assert found.mismatched == ()
    assert _count(demo_venue, "SELECT COUNT(*) FROM bulk_publish") == 0


def test_a_large_import_is_published_in_many_short_chunks_and_segments_its_guests(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While someone else has the venue open (a till), visits go out in short chunks."""
    _small_chunks(monkeypatch, 100, 300)
    chunks = _published_chunks(monkeypatch)
    path = _history(tmp_path / "pos.csv", guests=300, visits_each=4)
    with _till(shop):
        report = importer.import_visits(shop, path)
    assert (report.visits, report.customers, report.new_customers) == (1_200, 300, 300)
    assert len(chunks) >= 10 and max(chunks) <= 100 and sum(chunks) == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM visit_line") == 1_200
    assert _count(shop, "SELECT SUM(visits) FROM customer_metrics") == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM segment_current") == 300  # re-evaluated
    assert _staging_files(shop) == []
    again = importer.import_visits(shop, path)
    assert (again.visits, again.new_customers) == (0, 0)  # the same file twice: stored once


def test_an_import_nobody_else_waits_for_is_one_transaction_and_stores_the_same(
    shop: venue.Venue, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alone with the venue, the import publishes in one transaction (the insert triggers and
    the time index set aside meanwhile, back afterwards) and stores exactly what publishing in
    short chunks stores: the same visits, keys, lines, guests and kept totals."""

    _small_chunks(monkeypatch, 100, 300)
    path = _history(tmp_path / "pos.csv", guests=300, visits_each=4)
    twin_dir = tmp_path / "twin"
    shutil.copytree(data_dir, twin_dir)
    schema = _schema(shop)
    monkeypatch.setattr(importer, "SOLO_ROWS", 500)
    chunks = _published_chunks(monkeypatch)
    report = importer.import_visits(shop, path)
    assert report.visits == 1_200 and report.chunks == 1 and chunks == [500, 500, 200]
    assert _schema(shop) == schema
    assert _count(shop, "SELECT COUNT(*) FROM segment_current") == 300
    twin = venue.open_venue(twin_dir)
    try:
        with _till(twin):
            importer.import_visits(twin, path)
        assert _stored(twin) == _stored(shop)
    finally:
        twin.close()
    found = kept_totals_check.verify(database.raw_connection(shop.store), rebuild_on_mismatch=False)
    assert found.mismatched == ()
    again = importer.import_visits(shop, path)
    assert (again.visits, again.new_customers) == (0, 0)
    assert _schema(shop) == schema


def _finished_as_a_fresh_import(
    shop: venue.Venue,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[str],
    staged_by: Callable[[sqlite3.Connection], None],
    *,
    in_chunks: bool,
) -> None:
    """Stage ``rows`` up to the commit point, rewrite the staging file with ``staged_by`` (as
    another version wrote it), finish it (``in_chunks``: beside a till) and check that it
    stores what a fresh import of the same rows stores in a copy of the venue as it was."""
    path = _csv(tmp_path / "pos.csv", rows)
    twin_dir = tmp_path / "twin"
    shutil.copytree(data_dir, twin_dir)
    _staged_only(shop, path, monkeypatch)
    (staged,) = _staging_files(shop)
    old = sqlite3.connect(staged)
    staged_by(old)
    old.commit()
    old.close()
    with _till(shop) if in_chunks else contextlib.nullcontext():
        assert importer.finish_interrupted(shop)
    twin = venue.open_venue(twin_dir)
    try:
        importer.import_visits(twin, path)
        assert _stored(twin) == _stored(shop)
    finally:
        twin.close()


def test_a_batch_staged_by_an_older_version_is_published_the_same(
    shop: venue.Venue, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A staging file without the guests' earliest visits (as older versions wrote it) is
    finished with the same visits, guests (enrolled at their earliest visit) and totals."""
    _small_chunks(monkeypatch, 100, 300)
    rows = [
        f"G-{n % 37},,2026-{1 + n % 10:02d}-{1 + n % 28:02d} {8 + n % 12}:{n % 60:02d},"
        f"{3 + n % 40},{('coffee', 'tea', '')[n % 3]}"
        for n in range(737)  # staged 300 at a time: 100 to a statement and a rest
    ]
    rows += rows[:50]  # identical visits: keys with their count

    def as_older_versions(old: sqlite3.Connection) -> None:
        old.execute("ALTER TABLE guest DROP COLUMN first_at")
        old.execute("DROP TABLE span")  # nor the time span and categories of all rows
        old.execute("DROP TABLE categories")
        # and NULL for no category and for the first of identical visits, as they wrote it
        old.execute("UPDATE row SET category_id = NULLIF(category_id, 0), dup = NULLIF(dup, 1)")
        assert old.execute("SELECT COUNT(*) FROM row WHERE category_id IS NULL").fetchone()[0]

    _finished_as_a_fresh_import(
        shop, data_dir, tmp_path, monkeypatch, rows, as_older_versions, in_chunks=True
    )
    earliest = shop.store.execute(
        "SELECT COUNT(*) FROM customer c WHERE c.created_at != "
        "(SELECT MIN(visited_at) FROM visit v WHERE v.customer_id = c.id)"
    ).fetchone()[0]
    assert earliest == 0 and _count(shop, "SELECT COUNT(*) FROM customer") == 37


def test_a_batch_staged_without_search_keys_enrols_its_guests_with_the_same_keys(
    shop: venue.Venue, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A staging file without the guests' search keys (as the version before wrote it): the
    publish works them out in SQL, the same keys as a file with them gives."""
    rows = [
        f"Gİ-{n % 23} Işık,,2026-0{1 + n % 9}-1{n % 9} 10:{n % 60:02d},{4 + n % 9},"
        for n in range(99)
    ]

    def as_the_version_before(old: sqlite3.Connection) -> None:
        old.execute("ALTER TABLE guest DROP COLUMN search_key")

    _finished_as_a_fresh_import(
        shop, data_dir, tmp_path, monkeypatch, rows, as_the_version_before, in_chunks=False
    )
    keys = {
        r[0]
        for r in shop.store.execute("SELECT search_key FROM customer WHERE external_ref LIKE 'G%'")
    }
    assert "gi-7 isik  " in keys and len(keys) == 23


def test_a_venue_opened_during_a_solo_publish_gets_its_turns_from_then_on(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone opening the venue midway: what was published is committed, the rest goes in
    short chunks; nothing is lost or doubled and the totals stay exact."""
    _small_chunks(monkeypatch, 100, 300)
    monkeypatch.setattr(importer, "SOLO_ROWS", 400)
    schema = _schema(shop)
    chunks: list[int] = []
    tills: list[venue.Venue] = []
    seen: list[int] = []
    real = imports.publish_visits_chunk

    def opened_after_first(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        chunks.append(last - first + 1)
        if len(chunks) == 2:  # the solo part was committed: a till sees its visits
            seen.append(_count(tills[0], "SELECT COUNT(*) FROM visit"))
        result = real(store, batch, first, last, *rest)
        if len(chunks) == 1:
            tills.append(venue.open_venue(shop.data_dir))  # a till starts meanwhile
        return result

    monkeypatch.setattr(imports, "publish_visits_chunk", opened_after_first)
    try:
        report = importer.import_visits(shop, _history(tmp_path / "pos.csv", 300, 4))
    finally:
        for till in tills:
            till.close()
    assert seen == [400]
    assert report.visits == 1_200 and chunks[0] == 400 and max(chunks[1:]) <= 100
    assert _schema(shop) == schema
    found = kept_totals_check.verify(database.raw_connection(shop.store), rebuild_on_mismatch=False)
    assert found.mismatched == ()


OPENER = """
import sys, time
from pathlib import Path
from boostdesk.services import ops, venue
began = time.perf_counter()
opened = venue.open_venue(Path(sys.argv[1]))
opened.settings.change(ops.SYSTEM, {"venue.currency": "TRY"})
print(f"{time.perf_counter() - began:.2f}", flush=True)
opened.close()
"""


def test_a_till_starting_during_a_long_solo_publish_saves_within_its_busy_timeout(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a slow disk (every published visit costs time, so the whole solo publish takes about
    10 s), a till that starts meanwhile in another process opens the venue and saves at once:
    the import notices it within a step of about half a second and commits, instead of making
    the till wait past its 5 s busy timeout ("database is locked")."""
    import subprocess
    import sys
    import time

    path = _history(tmp_path / "pos.csv", guests=500, visits_each=60)  # 30 000 visits
    real = imports.publish_visits_chunk
    tills: list[subprocess.Popen[str]] = []

    def slow_disk(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        if not tills:  # a till starts as the publish begins
            tills.append(
                subprocess.Popen(
                    [sys.executable, "-c", OPENER, str(shop.data_dir)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        result = real(store, batch, first, last, *rest)
        time.sleep((last - first + 1) * 3e-4)  # still inside the import's transaction
        return result

    monkeypatch.setattr(imports, "publish_visits_chunk", slow_disk)
    try:
        report = importer.import_visits(shop, path)
        out, err = tills[0].communicate(timeout=60)
    finally:
        for till in tills:
            till.kill()
            till.wait(timeout=30)
    assert tills[0].returncode == 0, err
    assert float(out) < 5.0  # opened and saved within the busy timeout
    assert report.visits == 30_000
    assert shop.settings.get("venue.currency") == "TRY"
    found = kept_totals_check.verify(database.raw_connection(shop.store), rebuild_on_mismatch=False)
    assert found.mismatched == ()


def test_a_cancelled_import_leaves_nothing(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch, 100, 100)
    asked = []

    def cancel_on_third_chunk() -> bool:
        asked.append(1)
        return len(asked) == 3

    path = _history(tmp_path / "pos.csv", guests=100, visits_each=5)
    with pytest.raises(importer.ImportCancelled):
        importer.import_visits(shop, path, cancelled=cancel_on_third_chunk)
    for table in ("visit", "customer", "card", "import_batch"):
        assert _count(shop, f"SELECT COUNT(*) FROM {table}") == 0, table
    assert _staging_files(shop) == []


@pytest.mark.parametrize("solo", [False, True], ids=["in-turns", "solo"])
def test_an_import_interrupted_after_its_commit_point_is_finished_by_the_next(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, solo: bool
) -> None:
    """In turns, the chunks before the crash stay published; alone, the one transaction is
    rolled back whole (schema included). Either way the next import finishes the batch."""
    _small_chunks(monkeypatch, 100, 5_000)
    monkeypatch.setattr(importer, "SOLO_ROWS", 100)
    schema = _schema(shop)
    real = imports.publish_visits_chunk
    calls = []

    def crash_on_third(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        calls.append(last - first + 1)
        if len(calls) == 3:
            raise OSError("power cut")
        return real(store, batch, first, last, *rest)

    monkeypatch.setattr(imports, "publish_visits_chunk", crash_on_third)
    path = _history(tmp_path / "pos.csv", guests=100, visits_each=5)
    with contextlib.nullcontext() if solo else _till(shop), pytest.raises(OSError):
        importer.import_visits(shop, path)
    published = 0 if solo else calls[0] + calls[1]  # alone: nothing of it was committed
    assert _count(shop, "SELECT COUNT(*) FROM visit") == published < 500
    assert solo or published > 0
    assert _schema(shop) == schema
    assert imports.unfinished(shop.store)
    monkeypatch.setattr(imports, "publish_visits_chunk", real)
    other = _csv(tmp_path / "other.csv", ["NEW-1,,2026-11-02 10:00,12,tea"])
    report = importer.import_visits(shop, other)
    assert report.resumed and report.visits == 1
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 501
    assert imports.unfinished(shop.store) == []
    assert _staging_files(shop) == []
    assert _count(shop, "SELECT COUNT(DISTINCT customer_id) FROM visit") == 101
    found = kept_totals_check.verify(database.raw_connection(shop.store), rebuild_on_mismatch=False)
    assert found.mismatched == ()
    assert _schema(shop) == schema


def test_a_bad_row_stores_nothing_and_dry_run_stores_nothing(
    shop: venue.Venue, tmp_path: Path
) -> None:
    bad = _csv(tmp_path / "bad.csv", ["A,,2026-11-02 10:00,12,tea", "B,,someday,12,tea"])
    report = importer.import_visits(shop, bad)
    assert report.problems == [(3, ("not a date: 'someday'",))]
    good = _csv(tmp_path / "good.csv", ["A,,2026-11-02 10:00,12,tea"])
    assert importer.import_visits(shop, good, dry_run=True).rows == 1
    for table in ("visit", "customer", "import_batch"):
        assert _count(shop, f"SELECT COUNT(*) FROM {table}") == 0, table


def test_the_triggers_stand_aside_only_inside_a_bulk_publishing_transaction(
    shop: venue.Venue,
) -> None:
    sql = shop.store.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'visit_metrics_insert'"
    ).fetchone()[0]
    assert "NOT EXISTS (SELECT 1 FROM bulk_publish)" in sql


def test_a_solo_publish_puts_the_time_index_back_with_its_planner_statistics(
    demo_venue: venue.Venue,
) -> None:
    """Dropped for a large batch and rebuilt before the commit: the same index, and the
    statistics ANALYZE gathered for it (query plans must not change after an import)."""
    stats = "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx = 'visit_time'"
    before = [tuple(r) for r in demo_venue.store.execute(stats)]
    schema = _schema(demo_venue)
    assert before  # the demo venue was analysed
    stored = _count(demo_venue, "SELECT COUNT(*) FROM visit")
    with imports.solo(demo_venue.store, 0, rows=stored):
        inside = _schema(demo_venue)
        assert "visit_time" not in dict(inside) and "visit_metrics_insert" not in dict(inside)
    assert _schema(demo_venue) == schema
    assert [tuple(r) for r in demo_venue.store.execute(stats)] == before


def test_a_solo_publish_keeps_the_time_index_when_rebuilding_it_would_be_long(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SOLO_REBUILD_VISITS visits in all, a till opening the venue midway would wait for
    the rebuild past its busy timeout: the index stays (the triggers are still set aside)."""
    stored = _count(demo_venue, "SELECT COUNT(*) FROM visit")
    monkeypatch.setattr(imports, "SOLO_REBUILD_VISITS", 2 * stored - 1)
    with imports.solo(demo_venue.store, 0, rows=stored):
        inside = _schema(demo_venue)
        assert "visit_time" in dict(inside) and "visit_metrics_insert" not in dict(inside)


def test_a_solo_publish_sets_aside_every_insert_trigger_of_visits_and_lines(
    shop: venue.Venue,
) -> None:
    """A trigger added later on inserting visits or their lines would be skipped silently by a
    solo publish unless listed there (and its work done set-based)."""
    found = {
        str(r[0])
        for r in shop.store.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('visit', 'visit_line')"
        )
        if " INSERT ON " in " ".join(str(r[1]).upper().split())
    }
    assert found == set(imports.BULK_INSERT_TRIGGERS)


def test_an_erased_guests_staged_visits_are_never_published(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guest erased while an import past its commit point waits to be finished: the staging
    file loses the guest's visits, so finishing the import does not bring the guest back."""
    _small_chunks(monkeypatch, 100, 5_000)
    path = _history(tmp_path / "pos.csv", guests=100, visits_each=5)
    _staged_only(shop, path, monkeypatch)
    assert len(_staging_files(shop)) == 1 and _count(shop, "SELECT COUNT(*) FROM visit") == 0
    assert import_staging.forget_in_staging(shop.store, ["POS-7", "no-such-ref"]) == 5
    importer.import_visits(shop, _csv(tmp_path / "other.csv", ["NEW-1,,2026-11-02 10:00,12,tea"]))
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 496
    assert _count(shop, "SELECT COUNT(*) FROM customer WHERE external_ref = 'POS-7'") == 0
    assert _staging_files(shop) == []


def test_identical_visits_cards_and_empty_baskets_are_stored_the_same_solo_or_in_turns(
    shop: venue.Venue, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A solo publish (references checked set-based, search keys written at once) stores what
    publishing in turns stores: guests found by their reference, the n-th identical visit under
    its own key, no basket line for an empty category."""

    _small_chunks(monkeypatch, 100, 300)
    monkeypatch.setattr(importer, "SOLO_ROWS", 250)
    rows = [
        f"Şule {n % 23},,2026-0{1 + n % 9}-{1 + n % 28:02d} 1{n % 10}:05,{7 + n % 13},"
        f"{('coffee', '', 'tea')[n % 3]}"
        for n in range(600)
    ]
    rows += rows[:40] + rows[:3]  # twice and three times the same visit
    path = _csv(tmp_path / "pos.csv", rows)
    twin_dir = tmp_path / "twin"
    shutil.copytree(data_dir, twin_dir)
    report = importer.import_visits(shop, path)
    assert report.visits == 643 and report.new_customers == 23
    twin = venue.open_venue(twin_dir)
    try:
        with _till(twin):
            importer.import_visits(twin, path)
        assert _stored(twin) == _stored(shop)
    finally:
        twin.close()
    repeats = shop.store.execute(
        "SELECT n, COUNT(*) FROM (SELECT COUNT(*) AS n FROM visit "
        "GROUP BY customer_id, visited_at, amount_minor) GROUP BY n ORDER BY n"
    ).fetchall()
    assert [tuple(r) for r in repeats] == [(1, 560), (2, 37), (3, 3)]
    assert _count(shop, "SELECT COUNT(*) FROM visit WHERE idempotency_key IS NOT NULL") == 0
    assert _count(shop, "SELECT COUNT(*) FROM visit_line") == 643 - (200 + 13 + 1)
    assert _count(shop, "SELECT COUNT(*) FROM customer WHERE search_key LIKE 'sule 1%'") == 11
    assert _count(shop, "PRAGMA foreign_keys") == 1
    found = kept_totals_check.verify(database.raw_connection(shop.store), rebuild_on_mismatch=False)
    assert found.mismatched == ()


@pytest.mark.parametrize("older", [False, True], ids=["this version", "older staging file"])
def test_a_staged_visit_naming_a_category_gone_since_is_never_published(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, older: bool
) -> None:
    """A solo publish writes without per-row foreign-key lookups: a staged reference that no
    longer holds (a basket category removed after the commit point) is refused for the whole
    batch, nothing of it stored — from the file's list of categories, or by looking through the
    rows of a file staged by an older version (without that list)."""

    path = _history(tmp_path / "pos.csv", guests=30, visits_each=3)
    _staged_only(shop, path, monkeypatch)
    if older:
        (staged,) = _staging_files(shop)
        old = sqlite3.connect(staged)
        old.execute("DROP TABLE span")
        old.execute("DROP TABLE categories")
        old.commit()
        old.close()
    shop.store.execute("DELETE FROM category WHERE code = 'coffee'")
    with pytest.raises(database.StorageError):
        importer.finish_interrupted(shop)
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 0
    assert _count(shop, "SELECT COUNT(*) FROM customer") == 0
    assert _count(shop, "PRAGMA foreign_keys") == 1


def _checkpoints_seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of every checkpoint from now on that wrote pages back; every commit past a
    few bytes of WAL calls for one (as a large import's do)."""
    import threading

    from boostdesk.storage import checkpoints

    monkeypatch.setattr(checkpoints, "WAL_LIMIT", 1)
    seen: list[str] = []
    real = checkpoints.Chain.checkpoint

    def spied(self, conn, mode="PASSIVE"):  # type: ignore[no-untyped-def]
        found = real(self, conn, mode)
        if found[2] > 0:
            seen.append(threading.current_thread().name)
        return found

    monkeypatch.setattr(checkpoints.Chain, "checkpoint", spied)
    return seen


def _left_in_wal(opened: venue.Venue) -> bool:
    """Whether a till's next checkpoint would find pages of the import still to write back."""
    from boostdesk.storage import check_stamp

    before = check_stamp.identity(opened.db_path)
    database.checkpoint(opened.store)
    return check_stamp.identity(opened.db_path) != before


def _threads() -> set[str]:
    import threading

    return {t.name for t in threading.enumerate()}


def _open_files(opened: venue.Venue) -> list[str]:
    """The files of the venue's database this process has open (Linux: its fd table)."""
    import os

    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(opened.db_path)):
                found.append(target)
    return sorted(found)


def test_an_import_writes_its_pages_back_beside_the_segment_refresh_and_leaves_none(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The published visits are written back from the WAL into the database file in a thread
    while the guests are re-evaluated; when the import returns, nothing is left to write back
    (a till's first commit never copies the import's pages) and no thread is left running."""
    threads = _threads()
    seen = _checkpoints_seen(monkeypatch)
    report = importer.import_visits(shop, _history(tmp_path / "pos.csv", 300, 4))
    assert report.visits == 1_200
    assert "checkpoint" in seen
    assert _threads() == threads
    assert not _left_in_wal(shop)
    # The thread's connection is closed: a second import leaves no more files open. (SQLite
    # keeps a closed connection's handle of the file for the next one to open it while another
    # connection of the process holds locks on it: those locks belong to the process.)
    files = _open_files(shop)
    rows = [f"POS-{g},,2025-03-{1 + g % 27:02d} 12:{g % 60:02d},{10 + g},tea" for g in range(400)]
    again = importer.import_visits(shop, _csv(tmp_path / "more.csv", rows))
    assert again.visits == 400 and seen.count("checkpoint") > 1
    assert _open_files(shop) == files and _threads() == threads


def test_an_import_failing_after_publishing_leaves_no_thread_and_its_pages_written_back(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _threads()
    seen = _checkpoints_seen(monkeypatch)

    def refresh_fails(opened, guests):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(importer, "_reevaluate", refresh_fails)
    with pytest.raises(OSError, match="disk full"):
        importer.import_visits(shop, _history(tmp_path / "pos.csv", 300, 4))
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 1_200
    assert "checkpoint" in seen
    assert _threads() == threads
    assert not _left_in_wal(shop)


def test_an_import_publishes_with_sqlites_own_temporary_storage_and_puts_the_apps_back(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While it publishes (solo and in turns), its sorts and savepoint journals use SQLite's
    default temporary files, not memory (several times faster for a large import); afterwards
    the connection is as the app opened it."""
    seen: list[int] = []
    real = imports.publish_visits_chunk

    def noted(store, batch, first, last, *rest):  # type: ignore[no-untyped-def]
        conn = database.raw_connection(store)
        seen.append(int(conn.execute("PRAGMA temp_store").fetchone()[0]))
        return real(store, batch, first, last, *rest)

    monkeypatch.setattr(imports, "publish_visits_chunk", noted)
    _small_chunks(monkeypatch, 100, 300)
    report = importer.import_visits(shop, _history(tmp_path / "pos.csv", 300, 4))
    with _till(shop):
        importer.import_visits(shop, _history(tmp_path / "more.csv", 100, 2))
    assert report.visits == 1_200 and len(seen) == 3 and set(seen) == {1}  # solo, 2 turns
    assert _count(shop, "PRAGMA temp_store") == 2
    assert _count(shop, "SELECT COUNT(*) FROM segment_current") == 300


def test_an_import_beside_a_till_writes_its_pages_back_in_place(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a till open, every write-back runs in the import's own thread right after its
    commit (the till then never finds a checkpoint under way to wait for)."""
    seen = _checkpoints_seen(monkeypatch)
    _small_chunks(monkeypatch, 100, 300)
    with _till(shop):
        report = importer.import_visits(shop, _history(tmp_path / "pos.csv", 300, 4))
    assert report.visits == 1_200 and seen and "checkpoint" not in seen


def test_scratch_files_a_crash_left_are_removed_by_a_later_import(
    shop: venue.Venue, tmp_path: Path
) -> None:
    """A publish killed while its kept totals were summed ahead leaves its scratch file: the
    next import removes it once it is old (a newer one may be another import's, running)."""
    folder = shop.data_dir / import_staging.STAGING_DIRNAME
    folder.mkdir(exist_ok=True)
    old, fresh = folder / "kept-0a1b.db", folder / "kept-2c3d.db"
    for path in (old, fresh):
        path.write_bytes(b"x" * 4096)
    long_ago = time.time() - imports.STALE_STAGING_S - 60
    os.utime(old, (long_ago, long_ago))
    report = importer.import_visits(shop, _history(tmp_path / "pos.csv", guests=3, visits_each=2))
    assert report.visits == 6
    assert _staging_files(shop) == [fresh]
