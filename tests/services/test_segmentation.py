"""Segmentation over a real demo venue: fast totals, stored segments, transitions, one guest."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import numpy as np
import pytest

from boostdesk.domain import clv, localtime, segments
from boostdesk.services import clv as clv_service
from boostdesk.services import ops, segmentation, users, venue
from boostdesk.storage import (
    analytics,
    database,
    kept_totals_check,
    metric_inputs,
    migrations,
    tables,
)
from boostdesk.storage import segments as stored_segments

AS_OF = dt.date(2026, 11, 24)
DEMO_OWNER_PIN = "1234"  # services.demo
ZONE = "Europe/Istanbul"


def _local(at: int) -> dict[str, int]:
    """The stored local fields of a visit at UTC second ``at`` in the venue zone."""
    return {"local_day": localtime.local_day(at, ZONE), "day_part": localtime.day_part(at, ZONE)}


def _metrics_pair(opened: venue.Venue) -> tuple[object, object]:
    service = opened.segmentation
    as_of = service.as_of_instant(AS_OF)
    options = {"as_of": as_of, "zone": ZONE, "month_days": 30, "window_days": 365}
    return (
        analytics.load_metrics(opened.store, **options),
        analytics.load_metrics_exact(opened.store, **options),
    )


def _assert_same(fast: object, exact: object) -> None:
    for field in dataclasses.fields(fast):  # type: ignore[arg-type]
        a, b = getattr(fast, field.name), getattr(exact, field.name)
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b), field.name
        else:
            assert a == b, field.name


def test_a_guest_enrolled_but_never_seen_is_registered_until_the_first_visit(
    empty_venue: venue.Venue,
) -> None:
    from boostdesk.domain import codes
    from boostdesk.services import checkout, setup

    opened = empty_venue
    setup.set_up_venue(opened, name="Köşe Kafe", owner_pin="4321", cashier_pin="1111")
    cashier = opened.users.sign_in("1111")
    guest = opened.checkout.enrol(cashier, codes.card_number(5), checkout.Enrolment("Deniz")).value
    opened.segmentation.recompute_all()
    assert stored_segments.current_segment(opened.store, guest, "lifecycle") == "registered"
    draft = checkout.VisitDraft(guest, None, 9_000, "first-visit", ("coffee",))
    opened.checkout.record_visit(cashier, draft)  # re-evaluates the guest in the same transaction
    assert stored_segments.current_segment(opened.store, guest, "lifecycle") == "new"


def test_demo_venue_fills_every_lifecycle_segment(demo_venue: venue.Venue) -> None:
    result = demo_venue.segmentation.recompute_all(AS_OF, persist=True)
    counts = result.segmentation.counts()
    # every demo guest has visited, so none is Registered (enrolled, never seen)
    assert set(counts["lifecycle"]) == set(segments.lifecycle.ORDER) - {"registered"}
    assert all(n > 0 for n in counts["lifecycle"].values())
    for family in segments.PARTITIONING:
        assert sum(counts[family].values()) == 600, family


def test_running_totals_match_the_visits(demo_venue: venue.Venue) -> None:
    _assert_same(*_metrics_pair(demo_venue))


def test_category_spend_past_32_bits_reads_the_same_as_the_visits(demo_venue: venue.Venue) -> None:
    """The fast reader packs a category row into one value while amounts fit in 32 bits; years of
    imported history can pass that (here ₺50 million on one guest's coffee)."""
    as_of = demo_venue.segmentation.as_of_instant(AS_OF)
    with demo_venue.store.transaction():
        visit = tables.Visit.create(
            customer=4,
            visited_at=as_of - 7200,
            **_local(as_of - 7200),
            amount_minor=5_000_000_000,
            idempotency_key=str(uuid.uuid4()),
        )
        tables.VisitLine.create(visit=visit, category=1, amount_minor=5_000_000_000)
    fast, exact = _metrics_pair(demo_venue)
    _assert_same(fast, exact)
    assert int(fast.category_amount.max()) > 1 << 32  # type: ignore[attr-defined]


def test_anonymised_guests_are_left_out_by_both_readers(demo_venue: venue.Venue) -> None:
    tables.Customer.update(anonymised_at=1).where(tables.Customer.id.in_([2, 5])).execute()
    fast, exact = _metrics_pair(demo_venue)
    assert len(fast) == 598  # type: ignore[arg-type]
    _assert_same(fast, exact)


def test_running_totals_follow_new_and_voided_visits(demo_venue: venue.Venue) -> None:
    as_of = demo_venue.segmentation.as_of_instant(AS_OF)
    with demo_venue.store.transaction():
        for minutes in (60, 30, 10):  # two visits on the same local day, one earlier
            visit = tables.Visit.create(
                customer=3,
                visited_at=as_of - minutes * 3600,
                **_local(as_of - minutes * 3600),
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
    first = service.recompute_all(AS_OF, persist=True)
    assert first.changed_guests == 600
    assert first.transitions == 600 * len(segments.PARTITIONING)
    again = service.recompute_all(AS_OF, persist=True)
    assert (again.changed_guests, again.transitions) == (0, 0)
    for family in segments.PARTITIONING:
        assert (
            stored_segments.counts(demo_venue.store, family) == first.segmentation.counts()[family]
        )


def test_the_transitions_of_two_runs_are_exactly_what_changed_between_them(
    demo_venue: venue.Venue,
) -> None:
    """Every stored transition is one guest's change in one family between the two runs'
    results, in guest then family order, and the movements matrix counts exactly those."""
    service = demo_venue.segmentation
    first = service.recompute_all(AS_OF, persist=True)
    later = AS_OF + dt.timedelta(days=45)
    second = service.recompute_all(later, persist=True)
    ids = first.segmentation.metrics.customer_id.tolist()
    assert second.segmentation.metrics.customer_id.tolist() == ids
    expected = [
        (guest, family, str(before[i]), str(after[i]))
        for i, guest in enumerate(ids)
        for family in stored_segments.FAMILIES
        for before, after in [
            (first.segmentation.families[family], second.segmentation.families[family])
        ]
        if before[i] != after[i]
    ]
    assert expected and second.transitions == len(expected)
    assert second.changed_guests == len({t[0] for t in expected})
    since = service.as_of_instant(AS_OF)
    rows = demo_venue.store.execute(
        "SELECT customer_id, family, from_segment, to_segment FROM segment_history "
        "WHERE at >= ? ORDER BY customer_id, id",
        (since,),
    ).fetchall()
    assert [tuple(r) for r in rows] == expected
    moved = collections.Counter((f, a, b) for _, f, a, b in expected if f == "lifecycle")
    assert sorted(service.matrix("lifecycle", AS_OF + dt.timedelta(days=1), later)) == sorted(
        (a, b, n) for (_, a, b), n in moved.items()
    )


def test_a_visit_moves_a_gone_guest_at_once_and_the_move_is_kept(demo_venue: venue.Venue) -> None:
    service = demo_venue.segmentation
    first = service.recompute_all(AS_OF, persist=True)
    lifecycle_now = first.segmentation.families["lifecycle"]
    gone = int(first.segmentation.metrics.customer_id[np.flatnonzero(lifecycle_now == "gone")[0]])
    as_of = service.as_of_instant(AS_OF)
    tables.Visit.create(
        customer=gone,
        visited_at=as_of - 3600,
        **_local(as_of - 3600),
        amount_minor=9_000,
        idempotency_key=str(uuid.uuid4()),
    )
    families = service.recompute_one(gone, AS_OF)
    assert families["lifecycle"] == "regular"
    moves = service.matrix("lifecycle", AS_OF, AS_OF)
    assert ("gone", "regular", 1) in moves
    # a later full recompute agrees with the one-guest result
    assert (
        service.recompute_all(AS_OF, persist=True).segmentation.families["lifecycle"][
            first.segmentation.metrics.customer_id == gone
        ][0]
        == "regular"
    )
    # the snapshot of that day shows the new segment
    assert analytics.segments_on(demo_venue.store, "lifecycle", as_of)[gone] == "regular"


def test_past_as_of_dates_use_only_the_visits_until_then(demo_venue: venue.Venue) -> None:
    earlier = demo_venue.segmentation.recompute_all(AS_OF - dt.timedelta(days=60), persist=False)
    latest = earlier.segmentation.metrics.last_at.max()
    assert latest <= demo_venue.segmentation.as_of_instant(AS_OF - dt.timedelta(days=60))
    counts = earlier.segmentation.counts()["lifecycle"]
    assert sum(counts.values()) == len(earlier.segmentation.metrics) <= 600


def _exact(opened: venue.Venue, day: dt.date) -> object:
    as_of = opened.segmentation.as_of_instant(day)
    options = {"as_of": as_of, "zone": ZONE, "month_days": 30, "window_days": 365}
    return analytics.load_metrics_exact(opened.store, **options)


def _fast(opened: venue.Venue, day: dt.date) -> object:
    as_of = opened.segmentation.as_of_instant(day)
    options = {"as_of": as_of, "zone": ZONE, "month_days": 30, "window_days": 365}
    return analytics.load_metrics(opened.store, **options)


def test_kept_windows_read_on_later_days_and_moved_match_the_visits(
    demo_venue: venue.Venue,
) -> None:
    # days after the anchor (visits entering and leaving), and far enough for the bucket reader
    for later in (1, 3, 40, 100):
        day = AS_OF + dt.timedelta(days=later)
        _assert_same(_fast(demo_venue, day), _exact(demo_venue, day))
    # a full recompute moves the anchor to its as-of day; new and voided visits keep it exact
    demo_venue.segmentation.recompute_all(AS_OF + dt.timedelta(days=5), persist=True)
    as_of = demo_venue.segmentation.as_of_instant(AS_OF + dt.timedelta(days=5))
    with demo_venue.store.transaction():
        visits = [
            tables.Visit.create(
                customer=customer,
                visited_at=as_of - hours * 3600,
                **_local(as_of - hours * 3600),
                amount_minor=5_000,
                idempotency_key=str(uuid.uuid4()),
            )
            for customer, hours in ((4, 30), (4, 2), (7, 200), (9, 24 * 31))
        ]
        tables.Visit.update(voided_at=as_of - 60).where(tables.Visit.id == visits[1].id).execute()
    for later in (5, 6):  # on the anchor and after it (before it, visits lie after as-of)
        day = AS_OF + dt.timedelta(days=later)
        _assert_same(_fast(demo_venue, day), _exact(demo_venue, day))
    demo_venue.segmentation.recompute_all(AS_OF + dt.timedelta(days=9), persist=True)
    _assert_same(
        _fast(demo_venue, AS_OF + dt.timedelta(days=9)),
        _exact(demo_venue, AS_OF + dt.timedelta(days=9)),
    )


def test_wide_counts_fall_back_to_unpacked_columns(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(metric_inputs, "_COUNT_BITS", 2)  # every busy guest "overflows"
    _assert_same(*_metrics_pair(demo_venue))


def test_clv_summary_from_the_totals_equals_the_one_from_the_visits(
    demo_venue: venue.Venue,
) -> None:
    as_of = demo_venue.segmentation.as_of_instant(AS_OF)
    fast = clv_service.fit(demo_venue.store, as_of, ZONE).summary
    cust, days, amount = analytics.visit_columns(demo_venue.store, as_of)
    _, index = np.unique(cust, return_inverse=True)
    exact = clv.summarise(index, days, amount / 100, localtime.local_day(as_of - 1, ZONE))
    for name in ("frequency", "recency", "T"):
        assert np.array_equal(getattr(fast, name), getattr(exact, name)), name
    assert np.allclose(fast.monetary, exact.monetary, rtol=1e-12, atol=0)


def test_loyal_guests_slipping_to_at_risk_show_as_an_alert(empty_venue: venue.Venue) -> None:
    service = empty_venue.segmentation
    loyal_day = dt.date(2026, 10, 1)
    end = service.as_of_instant(loyal_day)
    with empty_venue.store.transaction():
        for n in range(6):  # 12 visits of 250.00 in the last 24 days: Loyal
            guest = tables.Customer.create(first_name=f"G{n}", created_at=end - 90 * 86_400)
            for k in range(12):
                tables.Visit.create(
                    customer=guest,
                    visited_at=end - (2 + 2 * k) * 86_400,
                    **_local(end - (2 + 2 * k) * 86_400),
                    amount_minor=25_000,
                    idempotency_key=str(uuid.uuid4()),
                )
    before = service.recompute_all(loyal_day, persist=True).segmentation.counts()["lifecycle"]
    assert before == {"loyal": 6}
    later = loyal_day + dt.timedelta(days=21)  # last visit 23 days ago: At risk
    assert service.recompute_all(later, persist=True).segmentation.counts()["lifecycle"] == {
        "at_risk": 6
    }
    assert segmentation.Alert("lifecycle", "loyal", "at_risk", 6) in service.alerts(7, later)
    assert service.alerts(7, later + dt.timedelta(days=8)) == []  # last week's news


def test_adaptive_recency_uses_each_guests_median_gap_from_the_visits(
    empty_venue: venue.Venue,
) -> None:
    service = empty_venue.segmentation
    day = dt.date(2026, 10, 1)
    end = service.as_of_instant(day)
    with empty_venue.store.transaction():
        guest = tables.Customer.create(first_name="Ece", created_at=end - 200 * 86_400)
        # visit days 22 + [36, 33, 30, 0] days ago, two visits on one day: gaps 3, 3, 30
        for days_ago in (58, 55, 55, 52, 22):
            tables.Visit.create(
                customer=guest,
                visited_at=end - days_ago * 86_400 - 3600,
                **_local(end - days_ago * 86_400 - 3600),
                amount_minor=10_000,
                idempotency_key=str(uuid.uuid4()),
            )
    empty_venue.settings.change(ops.SYSTEM, {"segments.lifecycle.adaptive_recency": True})
    metrics = service.metrics(end)
    assert metrics.median_gap_days.tolist() == [3.0]  # the mean (12) would say "not at risk"
    assert service.recompute_all(day, persist=True).segmentation.families["lifecycle"].tolist() == [
        "at_risk"
    ]
    assert service.recompute_one(guest.id, day)["lifecycle"] == "at_risk"


def test_migrating_a_version_2_database_fills_the_kept_columns_exactly(tmp_path: Path) -> None:
    path = venue.database_path(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (0, 1):
        conn.executescript(";\n".join(migrations.MIGRATIONS[version]) + ";")
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    conn.execute("INSERT INTO setting (key, value) VALUES ('venue.utc_offset_s', '10800')")
    end = int(dt.datetime(2026, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=3))).timestamp())
    rng = np.random.default_rng(7)
    for guest in range(1, 41):
        conn.execute(
            "INSERT INTO customer (id, first_name, created_at) VALUES (?, 'Ada', ?)",
            (guest, end - 500 * 86_400),
        )
        for n, ago in enumerate(sorted(rng.integers(600, 450 * 86_400, size=guest % 9))):
            conn.execute(
                "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key) "
                "VALUES (?, ?, ?, ?)",
                (guest, end - int(ago), int(rng.integers(100, 90_000)), f"{guest}-{n}"),
            )
    conn.close()
    opened = venue.open_venue(tmp_path)  # migrates to the latest version
    try:
        _assert_same(*_metrics_pair(opened))
        as_of = opened.segmentation.as_of_instant(AS_OF)
        fast = clv_service.summary_from_totals(analytics.clv_totals(opened.store), as_of, ZONE)
        cust, days, amount = analytics.visit_columns(opened.store, as_of)
        _, index = np.unique(cust, return_inverse=True)
        exact = clv.summarise(index, days, amount / 100, localtime.local_day(as_of - 1, ZONE))
        assert np.array_equal(fast.frequency, exact.frequency)
        assert np.allclose(fast.monetary, exact.monetary, rtol=1e-12, atol=0)
    finally:
        opened.close()


def test_a_refused_owner_pin_stores_nothing_and_drifted_totals_are_rebuilt_once_signed_in(
    demo_venue: venue.Venue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PIN is checked while the guests are read; a refused one leaves everything as it was
    (not even the sampled safety net's rebuild is written). Signed in, the drift is rebuilt and
    the segments come from the rebuilt totals."""
    monkeypatch.setattr(kept_totals_check, "SAMPLE_GUESTS", 100_000)  # the sample is every guest
    store = demo_venue.store
    guest = int(store.one("SELECT MAX(customer_id) FROM customer_metrics WHERE visits > 0")[0])
    runs = int(store.one("SELECT COUNT(*) FROM segment_run")[0])
    kept = store.one("SELECT visits FROM customer_metrics WHERE customer_id = ?", (guest,))[0]
    with store.transaction():
        store.execute("UPDATE customer_metrics SET visits = 0 WHERE customer_id = ?", (guest,))
    pending = demo_venue.users.begin_sign_in("9999", role=ops.Role.OWNER)
    with pytest.raises(users.AuthError):
        demo_venue.segmentation.recompute_all(actor=pending)
    assert store.one("SELECT visits FROM customer_metrics WHERE customer_id = ?", (guest,))[0] == 0
    assert int(store.one("SELECT COUNT(*) FROM segment_run")[0]) == runs
    signed_in = demo_venue.users.begin_sign_in(DEMO_OWNER_PIN, role=ops.Role.OWNER)
    result = demo_venue.segmentation.recompute_all(actor=signed_in)
    assert result.stored
    assert (
        store.one("SELECT visits FROM customer_metrics WHERE customer_id = ?", (guest,))[0] == kept
    )
    row = int(np.flatnonzero(result.segmentation.metrics.customer_id == guest)[0])
    assert result.segmentation.metrics.visits[row] == kept
    assert int(store.one("SELECT COUNT(*) FROM segment_run")[0]) == runs + 1
