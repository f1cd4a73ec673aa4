"""Stored segments: compact codes, short write chunks, anonymised guests, what-ifs, migration."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path

import numpy as np
import pytest

from boostdesk.domain import localtime, segments
from boostdesk.services import segment_writes, venue
from boostdesk.storage import database, migrations, tables
from boostdesk.storage import segments as stored_segments

AS_OF = dt.date(2026, 11, 24)


def _readable(opened: venue.Venue) -> dict[int, dict[str, str]]:
    rows = opened.store.execute(
        f"SELECT customer_id, {', '.join(stored_segments.FAMILIES)} FROM segment_readable"
    ).fetchall()
    return {int(r[0]): dict(zip(stored_segments.FAMILIES, r[1:], strict=True)) for r in rows}


def test_every_partitioning_family_has_a_stored_column() -> None:
    assert stored_segments.FAMILIES == segments.PARTITIONING


def test_stored_codes_read_back_as_the_computed_segments(demo_venue: venue.Venue) -> None:
    result = demo_venue.segmentation.recompute_all(AS_OF, persist=True)
    readable = _readable(demo_venue)
    ids = result.segmentation.metrics.customer_id.tolist()
    for family, values in result.segmentation.families.items():
        assert [readable[i][family] for i in ids] == values.tolist(), family
    some = ids[17]
    assert stored_segments.read_one(demo_venue.store, some) == readable[some]


def test_small_write_chunks_store_the_same_as_one(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_writes, "FIRST_CHUNK", 7)
    monkeypatch.setattr(segment_writes, "CHUNK_SECONDS", 1e-9)  # never grow past the minimum
    monkeypatch.setattr(segment_writes, "IDLE_CHUNK_SECONDS", 1e-9)
    commits = []
    real_store = stored_segments.store_changes
    monkeypatch.setattr(
        stored_segments,
        "store_changes",
        lambda db, ids, *rest: (commits.append(len(ids)), real_store(db, ids, *rest))[1],
    )
    till = venue.open_venue(demo_venue.data_dir)  # someone else has the venue open
    try:
        result = demo_venue.segmentation.recompute_all(AS_OF, persist=True)
    finally:
        till.close()
    assert len(commits) > 3 and max(commits) <= 100  # 600 changed guests in small chunks
    assert result.changed_guests == 600
    assert result.transitions == 600 * len(segments.PARTITIONING)
    readable = _readable(demo_venue)
    lifecycle = result.segmentation.families["lifecycle"].tolist()
    ids = result.segmentation.metrics.customer_id.tolist()
    assert [readable[i]["lifecycle"] for i in ids] == lifecycle
    moves = demo_venue.store.execute("SELECT COUNT(*) FROM segment_history").fetchone()[0]
    assert moves == result.transitions


def test_alone_with_the_venue_a_full_recompute_stores_in_long_chunks_without_pauses(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody else has the venue open: nobody to take turns with, so no pauses."""
    from boostdesk.services import pacing

    commits: list[int] = []
    pauses: list[float] = []
    real_store = stored_segments.store_changes
    monkeypatch.setattr(
        stored_segments,
        "store_changes",
        lambda db, ids, *rest: (commits.append(len(ids)), real_store(db, ids, *rest))[1],
    )
    monkeypatch.setattr(pacing.time, "sleep", pauses.append)
    result = demo_venue.segmentation.recompute_all(AS_OF, persist=True)
    assert result.changed_guests == 600 and sum(commits) == 600
    assert len(commits) <= 2 and pauses == []


def test_a_visit_during_a_full_recompute_keeps_its_own_reevaluation(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = demo_venue.segmentation
    first = service.recompute_all(AS_OF, persist=True)
    later = AS_OF + dt.timedelta(days=40)
    lifecycle = first.segmentation.families["lifecycle"]
    ids = first.segmentation.metrics.customer_id
    guest = int(ids[np.flatnonzero(lifecycle == "loyal")[0]])  # slips to at risk in 40 days
    real_compute = segments.compute
    one_guest: dict[str, str] = {}

    def compute_then_a_till_saves_a_visit(metrics, config):  # type: ignore[no-untyped-def]
        result = real_compute(metrics, config)
        if not one_guest and len(metrics) > 1:  # the full run: its snapshot is already read
            with demo_venue.store.transaction():
                at = service.as_of_instant(later) - 3600
                tables.Visit.create(
                    customer=guest,
                    visited_at=at,
                    local_day=localtime.local_day(at, service.timezone()),
                    day_part=localtime.day_part(at, service.timezone()),
                    amount_minor=20_000,
                    idempotency_key=str(uuid.uuid4()),
                )
                one_guest.update(service.recompute_one(guest, later))
        return result

    monkeypatch.setattr(segments, "compute", compute_then_a_till_saves_a_visit)
    full = service.recompute_all(later, persist=True)
    mask = full.segmentation.metrics.customer_id == guest
    stale = str(full.segmentation.families["lifecycle"][mask][0])
    assert stale in ("at_risk", "lost")  # what the run computed from before the visit ...
    assert _readable(demo_venue)[guest]["lifecycle"] == one_guest["lifecycle"] != stale
    moves = demo_venue.store.execute(
        "SELECT to_segment FROM segment_history WHERE customer_id = ? AND family = 'lifecycle'",
        (guest,),
    ).fetchall()
    assert (stale,) not in moves  # ... is not stored over the visit's re-evaluation


def test_anonymised_guests_keep_no_segments_or_history(demo_venue: venue.Venue) -> None:
    service = demo_venue.segmentation
    service.recompute_all(AS_OF, persist=True)
    tables.Customer.update(anonymised_at=1).where(tables.Customer.id.in_([2, 5])).execute()
    for guest in (2, 5):
        assert stored_segments.read_one(demo_venue.store, guest) == {}
    count = "SELECT COUNT(*) FROM segment_history WHERE customer_id IN (2, 5)"
    assert demo_venue.store.execute(count).fetchone()[0] == 0
    service.recompute_all(AS_OF + dt.timedelta(days=30), persist=True)
    assert service.recompute_one(2, AS_OF + dt.timedelta(days=30)) == {}
    assert 2 not in _readable(demo_venue) and 5 not in _readable(demo_venue)
    assert demo_venue.store.execute(count).fetchone()[0] == 0
    assert len(_readable(demo_venue)) == 598


def test_a_what_if_day_stores_nothing(demo_venue: venue.Venue) -> None:
    service = demo_venue.segmentation
    service.recompute_all(persist=True)  # today
    before = _readable(demo_venue)
    runs = "SELECT COUNT(*), (SELECT COUNT(*) FROM segment_history) FROM segment_run"
    counted = demo_venue.store.execute(runs).fetchone()
    for day in (service.today() - dt.timedelta(days=200), service.today() + dt.timedelta(days=90)):
        what_if = service.recompute_all(day)
        assert not what_if.stored and what_if.changed_guests == 0
        assert len(what_if.segmentation.metrics) > 0
    assert _readable(demo_venue) == before
    assert demo_venue.store.execute(runs).fetchone() == counted


def test_migrating_version_3_segments_to_codes(tmp_path: Path) -> None:
    path = venue.database_path(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(3):
        conn.executescript(";\n".join(migrations.MIGRATIONS[version]) + ";")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    for guest, anonymised in ((1, None), (2, None), (3, 5)):
        conn.execute(
            "INSERT INTO customer (id, first_name, created_at, anonymised_at) "
            "VALUES (?, 'A', 0, ?)",
            (guest, anonymised),
        )
    old = {
        1: {"lifecycle": "vip", "rfm": "champions", "abc": "A"},
        2: {"lifecycle": "gone", "rfm": "lost", "abc": "C"},
        3: {"lifecycle": "lost", "rfm": "lost", "abc": "C"},
    }
    for guest, families in old.items():
        conn.execute(
            "INSERT INTO segment_current (customer_id, segments, since_at) VALUES (?, ?, 9)",
            (guest, json.dumps(families)),
        )
        conn.execute(
            "INSERT INTO segment_transition (customer_id, family, to_segment, at) "
            "VALUES (?, 'lifecycle', ?, 9)",
            (guest, families["lifecycle"]),
        )
    conn.close()
    opened = venue.open_venue(tmp_path)
    try:
        readable = _readable(opened)
        assert set(readable) == {1, 2}  # the anonymised guest's segments are gone
        for guest in (1, 2):
            assert {k: v for k, v in readable[guest].items() if v is not None} == old[guest]
        moves = opened.store.execute("SELECT customer_id FROM segment_history").fetchall()
        assert sorted(moves) == [(1,), (2,)]
        assert stored_segments.current_segment(opened.store, 1, "lifecycle") == "vip"
    finally:
        opened.close()
