"""Segmentation over a real demo venue: fast totals, stored segments, transitions, one guest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import numpy as np

from boostdesk.domain import segments
from boostdesk.services import venue
from boostdesk.storage import analytics, tables

AS_OF = dt.date(2026, 11, 24)


def _metrics_pair(opened: venue.Venue) -> tuple[object, object]:
    service = opened.segmentation
    as_of = service.as_of_instant(AS_OF)
    options = {"as_of": as_of, "offset": 10_800, "month_days": 30, "window_days": 365}
    return (
        analytics.load_metrics(opened.db, **options),
        analytics.load_metrics_exact(opened.db, **options),
    )


def _assert_same(fast: object, exact: object) -> None:
    for field in dataclasses.fields(fast):  # type: ignore[arg-type]
        a, b = getattr(fast, field.name), getattr(exact, field.name)
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b), field.name
        else:
            assert a == b, field.name


def test_demo_venue_fills_every_lifecycle_segment(demo_venue: venue.Venue) -> None:
    result = demo_venue.segmentation.recompute_all(AS_OF)
    counts = result.segmentation.counts()
    assert set(counts["lifecycle"]) == set(segments.lifecycle.ORDER)
    assert all(n > 0 for n in counts["lifecycle"].values())
    for family in segments.PARTITIONING:
        assert sum(counts[family].values()) == 600, family


def test_running_totals_match_the_visits(demo_venue: venue.Venue) -> None:
    _assert_same(*_metrics_pair(demo_venue))


def test_running_totals_follow_new_and_voided_visits(demo_venue: venue.Venue) -> None:
    as_of = demo_venue.segmentation.as_of_instant(AS_OF)
    with demo_venue.db.atomic():
        for minutes in (60, 30, 10):  # two visits on the same local day, one earlier
            visit = tables.Visit.create(
                customer=3,
                visited_at=as_of - minutes * 3600,
                amount_minor=12_345,
                idempotency_key=str(uuid.uuid4()),
            )
            tables.VisitLine.create(visit=visit, category=2, amount_minor=12_345)
        tables.Visit.update(voided_at=as_of - 60, void_reason="wrong guest").where(
            tables.Visit.id == visit.id
        ).execute()
    _assert_same(*_metrics_pair(demo_venue))


def test_segments_are_stored_with_transitions_only_when_they_change(
    demo_venue: venue.Venue,
) -> None:
    service = demo_venue.segmentation
    first = service.recompute_all(AS_OF)
    assert first.changed_guests == 600
    assert first.transitions == 600 * len(segments.PARTITIONING)
    again = service.recompute_all(AS_OF)
    assert (again.changed_guests, again.transitions) == (0, 0)
    stored = demo_venue.db.execute_sql(
        "SELECT json_extract(segments, '$.lifecycle'), COUNT(*) FROM segment_current GROUP BY 1"
    ).fetchall()
    assert dict(stored) == first.segmentation.counts()["lifecycle"]


def test_a_visit_moves_a_gone_guest_at_once_and_the_move_is_kept(demo_venue: venue.Venue) -> None:
    service = demo_venue.segmentation
    first = service.recompute_all(AS_OF)
    lifecycle_now = first.segmentation.families["lifecycle"]
    gone = int(first.segmentation.metrics.customer_id[np.flatnonzero(lifecycle_now == "gone")[0]])
    as_of = service.as_of_instant(AS_OF)
    tables.Visit.create(
        customer=gone,
        visited_at=as_of - 3600,
        amount_minor=9_000,
        idempotency_key=str(uuid.uuid4()),
    )
    families = service.recompute_one(gone, AS_OF)
    assert families["lifecycle"] == "regular"
    moves = service.matrix("lifecycle", AS_OF, AS_OF)
    assert ("gone", "regular", 1) in moves
    # a later full recompute agrees with the one-guest result
    assert (
        service.recompute_all(AS_OF).segmentation.families["lifecycle"][
            first.segmentation.metrics.customer_id == gone
        ][0]
        == "regular"
    )
    # the snapshot of that day shows the new segment
    assert analytics.segments_on(demo_venue.db, "lifecycle", as_of)[gone] == "regular"


def test_past_as_of_dates_use_only_the_visits_until_then(demo_venue: venue.Venue) -> None:
    earlier = demo_venue.segmentation.recompute_all(AS_OF - dt.timedelta(days=60), persist=False)
    latest = earlier.segmentation.metrics.last_at.max()
    assert latest <= demo_venue.segmentation.as_of_instant(AS_OF - dt.timedelta(days=60))
    counts = earlier.segmentation.counts()["lifecycle"]
    assert sum(counts.values()) == len(earlier.segmentation.metrics) <= 600
