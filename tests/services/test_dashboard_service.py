"""The dashboard and movements services on the small hand-built venue (tests/conftest.py
``small_venue``): every number below is worked out by hand from its visits and history."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from boostdesk.services import dashboard, ops, venue
from boostdesk.storage import segments as stored_segments

CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)


@pytest.fixture
def owner(small_venue: venue.Venue) -> ops.Actor:
    return ops.Actor(1, "Patron", ops.Role.OWNER)


def _today(opened: venue.Venue) -> dt.date:
    return opened.segmentation.today()


def test_key_figures_of_the_last_7_days_and_the_7_before(
    small_venue: venue.Venue, owner: ops.Actor
) -> None:
    today = _today(small_venue)
    period = dashboard.period_for("7d", today)
    shown = small_venue.dashboard.load(owner, period, today)
    now, before = shown.current, shown.previous
    # Ayşe 50 + 100, Berk 200, Deniz 40 (her voided 150 left out)
    assert (now.visits, now.revenue_minor, now.active_guests) == (4, 39_000, 3)
    assert now.average_bill_minor == 9_750
    # Ayşe (first visit 40 days ago) and Deniz (100 days ago) came back; Berk is new
    assert now.returning_guests == 2 and now.returning_rate == pytest.approx(2 / 3)
    assert (now.points_redeemed_minor, now.vouchers_redeemed) == (1_500, 1)
    assert (before.visits, before.revenue_minor, before.active_guests) == (1, 8_000, 1)
    assert (before.returning_guests, before.points_redeemed_minor) == (1, 700)
    assert dashboard.change(now.visits, before.visits) == pytest.approx(3.0)
    assert dashboard.change(now.vouchers_redeemed, before.vouchers_redeemed) is None


def test_segment_sizes_are_rebuilt_day_by_day_from_the_transitions(
    small_venue: venue.Venue, owner: ops.Actor
) -> None:
    today = _today(small_venue)
    sizes = small_venue.dashboard.load(owner, dashboard.period_for("7d", today), today).sizes
    assert sizes.days == tuple(today - dt.timedelta(days=n) for n in range(6, -1, -1))
    by_segment = {s: list(sizes.counts[i]) for i, s in enumerate(sizes.segments)}
    assert by_segment == {
        "loyal": [4, 4, 4, 1, 1, 2, 2],
        "at_risk": [0, 0, 0, 3, 3, 3, 3],
        "lost": [1, 1, 1, 1, 1, 1, 1],
        "regular": [1, 1, 1, 1, 1, 0, 0],
    }
    # the same as the daily snapshot read straight from the kept transitions
    for column, day in enumerate(sizes.days):
        snapshot = stored_segments.segments_on(
            small_venue.store, "lifecycle", small_venue.segmentation.as_of_instant(day) - 1
        )
        for i, segment in enumerate(sizes.segments):
            assert sizes.counts[i][column] == sum(1 for s in snapshot.values() if s == segment)


def test_days_before_the_first_stored_segments_have_no_size(
    small_venue: venue.Venue, owner: ops.Actor
) -> None:
    today = _today(small_venue)
    sizes = small_venue.dashboard.load(owner, dashboard.period_for("90d", today), today).sizes
    assert sizes.days[0] == today - dt.timedelta(days=30)
    assert int(np.sum(sizes.counts[:, 0])) == 6


def test_revenue_by_segment_and_visits_by_day_part(
    small_venue: venue.Venue, owner: ops.Actor
) -> None:
    today = _today(small_venue)
    shown = small_venue.dashboard.load(owner, dashboard.period_for("7d", today), today)
    assert shown.revenue == (("at_risk", 1, 20_000), ("loyal", 2, 19_000))
    parts = shown.day_parts
    assert parts.days[-1] == today
    assert list(parts.morning) == [0, 0, 0, 0, 0, 1, 1]
    assert list(parts.afternoon) == [0, 0, 0, 1, 0, 0, 0]
    assert list(parts.evening) == [0, 0, 0, 0, 1, 0, 0]


def test_alerts_and_the_movements_matrix(small_venue: venue.Venue, owner: ops.Actor) -> None:
    today = _today(small_venue)
    shown = small_venue.dashboard.load(owner, dashboard.period_for("7d", today), today)
    assert [(a.from_segment, a.to_segment, a.guests, a.slipped) for a in shown.alerts] == [
        ("loyal", "at_risk", 3, True)
    ]
    moved = small_venue.movements.movements(owner, "lifecycle", today - dt.timedelta(29), today)
    assert moved.as_dict()["matrix"] == {
        "at_risk": {"lost": 1},
        "loyal": {"at_risk": 3},
        "regular": {"loyal": 1},
    }
    guests = small_venue.movements.moved_guests(
        owner, "lifecycle", "loyal", "at_risk", today - dt.timedelta(6), today
    )
    names = [small_venue.store.execute(
        "SELECT first_name FROM customer WHERE id = ?", (g,)).fetchone()[0] for g in guests
    ]  # fmt: skip
    assert names == ["Berk", "Cem", "Ece"]


def test_a_cashier_is_refused_every_owner_read(small_venue: venue.Venue) -> None:
    today = _today(small_venue)
    with pytest.raises(ops.PermissionDenied):
        small_venue.dashboard.load(CASHIER, dashboard.period_for("30d", today))
    with pytest.raises(ops.PermissionDenied):
        small_venue.movements.movements(CASHIER, "lifecycle", today, today)
    with pytest.raises(ops.PermissionDenied):
        small_venue.movements.moved_guests(CASHIER, "lifecycle", "loyal", "at_risk", today, today)


def test_an_empty_venue_says_so(empty_venue: venue.Venue) -> None:
    today = _today(empty_venue)
    shown = empty_venue.dashboard.load(ops.SYSTEM, dashboard.period_for("month", today))
    assert not shown.has_visits
    assert shown.sizes.days == () and shown.revenue == () and shown.alerts == ()
    assert shown.current.average_bill_minor is None and shown.current.returning_rate is None


def test_the_stacked_chart_orders_every_lifecycle_segment() -> None:
    from boostdesk.domain.segments import lifecycle

    assert sorted(dashboard.STACK_ORDER) == sorted(lifecycle.ORDER)
