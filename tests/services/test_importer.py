"""Importing visits: staged, published in short chunks, all or nothing, guests re-evaluated."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.services import importer, setup, venue
from boostdesk.storage import imports
from boostdesk.storage import segments as stored_segments


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    """A set-up venue (categories, users) without guests or visits."""
    setup.set_up_venue(empty_venue, name="Shop", owner_pin="2468", cashier_pin="1357")
    return empty_venue


def _count(opened: venue.Venue, sql: str) -> int:
    return int(opened.db.execute_sql(sql).fetchone()[0])


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


def test_an_imported_visit_reevaluates_its_guest(demo_venue: venue.Venue, tmp_path: Path) -> None:
    service = demo_venue.segmentation
    result = service.recompute_all(persist=True)  # today
    lifecycle = result.segmentation.families["lifecycle"]
    ids = result.segmentation.metrics.customer_id
    gone = int(ids[lifecycle == "gone"][0])
    today = service.today().isoformat()
    path = _csv(tmp_path / "today.csv", [f"x,{codes.card_number(gone)},{today} 09:30,85,coffee"])
    report = importer.import_visits(demo_venue, path)
    assert (report.visits, report.new_customers) == (1, 0)
    assert stored_segments.current_segment(demo_venue.db, gone, "lifecycle") != "gone"


def test_a_large_import_is_published_in_many_short_chunks_and_segments_its_guests(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "FIRST_CHUNK", 50)
    monkeypatch.setattr(importer, "CHUNK_SECONDS", 1e-9)  # stay at the smallest chunk (100)
    monkeypatch.setattr(importer, "STAGE_ROWS", 300)
    chunks = []
    real = imports.publish_chunk
    monkeypatch.setattr(
        imports,
        "publish_chunk",
        lambda db, batch, first, last: (
            chunks.append(last - first + 1),
            real(db, batch, first, last),
        )[1],
    )
    path = _history(tmp_path / "pos.csv", guests=300, visits_each=4)
    report = importer.import_visits(shop, path)
    assert (report.visits, report.customers, report.new_customers) == (1_200, 300, 300)
    assert len(chunks) >= 10 and max(chunks) <= 100 and sum(chunks) == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM visit_line") == 1_200
    assert _count(shop, "SELECT SUM(visits) FROM customer_metrics") == 1_200
    assert _count(shop, "SELECT COUNT(*) FROM segment_current") == 300  # re-evaluated
    assert _count(shop, "SELECT COUNT(*) FROM import_row") == 0
    again = importer.import_visits(shop, path)
    assert (again.visits, again.new_customers) == (0, 0)  # the same file twice: stored once


def test_a_cancelled_import_leaves_nothing(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "STAGE_ROWS", 100)
    monkeypatch.setattr(importer, "CHUNK_SECONDS", 1e-9)  # small chunks: asked several times
    asked = []

    def cancel_on_third_chunk() -> bool:
        asked.append(1)
        return len(asked) == 3

    path = _history(tmp_path / "pos.csv", guests=100, visits_each=5)
    with pytest.raises(importer.ImportCancelled):
        importer.import_visits(shop, path, cancelled=cancel_on_third_chunk)
    for table in ("visit", "customer", "card", "import_row", "import_batch"):
        assert _count(shop, f"SELECT COUNT(*) FROM {table}") == 0, table


def test_an_import_interrupted_after_its_commit_point_is_finished_by_the_next(
    shop: venue.Venue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "FIRST_CHUNK", 100)
    monkeypatch.setattr(importer, "CHUNK_SECONDS", 1e-9)
    real = imports.publish_chunk
    calls = []

    def crash_on_third(db, batch, first, last):  # type: ignore[no-untyped-def]
        calls.append(last - first + 1)
        if len(calls) == 3:
            raise OSError("power cut")
        return real(db, batch, first, last)

    monkeypatch.setattr(imports, "publish_chunk", crash_on_third)
    path = _history(tmp_path / "pos.csv", guests=100, visits_each=5)
    with pytest.raises(OSError):
        importer.import_visits(shop, path)
    published = calls[0] + calls[1]  # two chunks went out
    assert 0 < _count(shop, "SELECT COUNT(*) FROM visit") == published < 500
    assert imports.unfinished(shop.db)
    monkeypatch.setattr(imports, "publish_chunk", real)
    other = _csv(tmp_path / "other.csv", ["NEW-1,,2026-11-02 10:00,12,tea"])
    report = importer.import_visits(shop, other)
    assert report.resumed and report.visits == 1
    assert _count(shop, "SELECT COUNT(*) FROM visit") == 501
    assert imports.unfinished(shop.db) == []
    assert _count(shop, "SELECT COUNT(*) FROM import_row") == 0
    guests = _count(shop, "SELECT COUNT(DISTINCT customer_id) FROM visit")
    assert guests == 101


def test_a_bad_row_stores_nothing_and_dry_run_stores_nothing(
    shop: venue.Venue, tmp_path: Path
) -> None:
    bad = _csv(tmp_path / "bad.csv", ["A,,2026-11-02 10:00,12,tea", "B,,someday,12,tea"])
    report = importer.import_visits(shop, bad)
    assert report.errors == [(3, "not a date: 'someday'")]
    good = _csv(tmp_path / "good.csv", ["A,,2026-11-02 10:00,12,tea"])
    assert importer.import_visits(shop, good, dry_run=True).visits == 1
    for table in ("visit", "customer", "import_batch"):
        assert _count(shop, f"SELECT COUNT(*) FROM {table}") == 0, table


@pytest.mark.parametrize("zone", ["Europe/Istanbul", "Europe/Berlin"])
def test_iso_times_read_without_strptime_equal_the_local_time(zone: str) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    for text in ("2026-07-01 11:30:00", "2026-01-15 00:30", "2026-03-29T03:30:00", "2026-10-25"):
        expected = dt.datetime.fromisoformat(text if len(text) > 10 else text + " 12:00")
        assert importer.parse_time(text, tz, None, {}) == int(
            expected.replace(tzinfo=tz).timestamp()
        )
    with pytest.raises(ValueError, match="not a date"):
        importer.parse_time("2026-02-30 10:00", tz)
