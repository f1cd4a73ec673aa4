"""The kept totals: stored venue-time fields, the database refusing changes to visits, verify and
rebuild, a zone change, and the migration to stored local fields. Real SQLite files throughout."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import uuid
import zoneinfo
from pathlib import Path

import peewee
import pytest

from boostdesk.domain import localtime
from boostdesk.services import checkout, ops, venue
from boostdesk.storage import database, kept_totals_check, migrations, tables

BERLIN = "Europe/Berlin"


def _at(zone: str, *args: int) -> int:
    return int(dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone)).timestamp())  # type: ignore[misc]


def _guest(name: str = "Ada") -> int:
    return int(tables.Customer.create(first_name=name, created_at=0).id)


def _visit(opened: venue.Venue, guest: int, at: int, amount: int = 10_000) -> int:
    """Record a visit through the counter's own path, with the clock at ``at``."""
    draft = checkout.VisitDraft(guest, None, amount, str(uuid.uuid4()))
    return opened.checkout.record_visit(ops.SYSTEM, draft, now=at).value.visit_id


def _metrics(opened: venue.Venue, guest: int) -> dict[str, int | None]:
    cursor = opened.store.execute("SELECT * FROM customer_metrics WHERE customer_id = ?", (guest,))
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def _conn(opened: venue.Venue) -> sqlite3.Connection:
    return database.raw_connection(opened.store)


def test_the_database_refuses_to_change_or_delete_a_visit(empty_venue: venue.Venue) -> None:
    guest = _guest()
    visit = _visit(empty_venue, guest, _at(BERLIN, 2026, 7, 1, 9, 0))
    before = _metrics(empty_venue, guest)
    for change in (
        "amount_minor = 1",
        "visited_at = visited_at + 60",
        f"customer_id = {_guest('Bo')}",
        "local_day = local_day + 1",
        "day_part = 2",
    ):
        with pytest.raises(peewee.IntegrityError, match="never changed"):
            empty_venue.store.execute(f"UPDATE visit SET {change} WHERE id = ?", (visit,))
    with pytest.raises(peewee.IntegrityError, match="never deleted"):
        empty_venue.store.execute("DELETE FROM visit WHERE id = ?", (visit,))
    assert _metrics(empty_venue, guest) == before
    # voiding is the correction, and it keeps the totals right; a void is never undone
    empty_venue.store.execute(
        "UPDATE visit SET voided_at = 1, void_reason = 'typo' WHERE id = ?", (visit,)
    )
    assert _metrics(empty_venue, guest)["visits"] == 0
    with pytest.raises(peewee.IntegrityError, match="stays voided"):
        empty_venue.store.execute("UPDATE visit SET voided_at = NULL WHERE id = ?", (visit,))
    with pytest.raises(peewee.IntegrityError, match="local_day"):
        empty_venue.store.execute(
            "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key) "
            "VALUES (?, 1, 100, 'no-local-fields')",
            (guest,),
        )


def test_in_berlin_an_1130_summer_visit_is_afternoon(empty_venue: venue.Venue) -> None:
    empty_venue.settings.change(ops.SYSTEM, {"venue.timezone": BERLIN})
    guest = _guest()
    _visit(empty_venue, guest, _at(BERLIN, 2026, 7, 14, 11, 30))
    _visit(empty_venue, guest, _at(BERLIN, 2026, 7, 15, 10, 45))
    kept = _metrics(empty_venue, guest)
    assert (kept["morning"], kept["afternoon"], kept["evening"]) == (1, 1, 0)


def test_in_berlin_a_0030_visit_19_days_ago_reads_as_19_days_not_at_risk(
    empty_venue: venue.Venue,
) -> None:
    empty_venue.settings.change(ops.SYSTEM, {"venue.timezone": BERLIN})
    today = dt.date(2026, 7, 30)
    guest = _guest()
    for days_ago in (45, 35, 27, 19):  # a regular guest; the last visit at 00:30 local time
        day = today - dt.timedelta(days=days_ago)
        _visit(empty_venue, guest, _at(BERLIN, day.year, day.month, day.day, 0, 30))
    service = empty_venue.segmentation
    metrics = service.metrics(service.as_of_instant(today))
    assert metrics.days_since_last().tolist() == [19]
    lifecycle = service.recompute_all(today).segmentation.families["lifecycle"].tolist()
    assert lifecycle != ["at_risk"]
    assert service.recompute_all(today + dt.timedelta(days=1)).segmentation.families[
        "lifecycle"
    ].tolist() == ["at_risk"]


def test_verify_finds_a_drifted_total_rebuilds_it_and_logs_ids_only(
    demo_venue: venue.Venue, caplog: pytest.LogCaptureFixture
) -> None:
    conn = _conn(demo_venue)
    with demo_venue.store.transaction():
        assert kept_totals_check.verify(conn) == kept_totals_check.Verification(600, (), False)
    guest = int(conn.execute("SELECT MAX(customer_id) FROM customer_bucket").fetchone()[0])
    name = str(tables.Customer.get_by_id(guest).first_name)
    kept = _metrics(demo_venue, guest)
    conn.execute("UPDATE customer_metrics SET evening = evening + 1 WHERE customer_id = ?", [guest])
    conn.execute("UPDATE customer_bucket SET visits = visits + 1 WHERE customer_id = 7")
    (basket,) = conn.execute("SELECT MIN(customer_id) FROM customer_category").fetchone()
    conn.execute("UPDATE customer_category SET amount_minor = 1 WHERE customer_id = ?", [basket])
    drifted = tuple(sorted({guest, 7, basket}))
    # the sampled check (SQL per guest) sees the same as the complete one (column-wise)
    assert kept_totals_check.verify_venue(demo_venue.store, sample=600).mismatched == drifted
    with caplog.at_level(logging.INFO, logger=kept_totals_check.__name__):
        found = kept_totals_check.verify_venue(demo_venue.store)
    assert found == kept_totals_check.Verification(600, (), False)  # the sampled check rebuilt them
    conn.execute("UPDATE customer_metrics SET evening = evening + 1 WHERE customer_id = ?", [guest])
    conn.execute("UPDATE customer_bucket SET visits = visits + 1 WHERE customer_id = 7")
    conn.execute("UPDATE customer_category SET amount_minor = 1 WHERE customer_id = ?", [basket])
    with caplog.at_level(logging.INFO, logger=kept_totals_check.__name__):
        found = kept_totals_check.verify_venue(demo_venue.store)
    assert found == kept_totals_check.Verification(600, drifted, True)
    assert _metrics(demo_venue, guest) == kept
    assert kept_totals_check.verify_venue(demo_venue.store).mismatched == ()
    assert str(guest) in caplog.text and name not in caplog.text


def test_a_sampled_verify_checks_that_many_guests(demo_venue: venue.Venue) -> None:
    checked = kept_totals_check.verify_venue(demo_venue.store, sample=50)
    assert (checked.checked, checked.mismatched, checked.rebuilt) == (50, (), False)


def test_a_zone_change_rederives_local_fields_and_rebuilds_the_totals(
    demo_venue: venue.Venue,
) -> None:
    morning_before = _conn(demo_venue).execute("SELECT SUM(morning) FROM customer_metrics")
    morning_before = morning_before.fetchone()[0]
    demo_venue.settings.change(ops.SYSTEM, {"venue.timezone": "America/New_York"})
    rows = _conn(demo_venue).execute("SELECT visited_at, local_day, day_part FROM visit").fetchall()
    tz = zoneinfo.ZoneInfo("America/New_York")
    for at, day, part in rows[::97]:
        clock = dt.datetime.fromtimestamp(at, tz)
        assert localtime.date_of(day) == clock.date()
        assert part == (0 if clock.hour < 11 else 1 if clock.hour < 16 else 2)
    morning_after = _conn(demo_venue).execute("SELECT SUM(morning) FROM customer_metrics")
    assert morning_after.fetchone()[0] != morning_before  # 7 hours earlier: fewer evenings
    assert kept_totals_check.verify_venue(demo_venue.store).mismatched == ()
    with pytest.raises(ValueError, match="unknown time zone"):
        demo_venue.settings.change(ops.SYSTEM, {"venue.timezone": "Nowhere/Atlantis"})
    assert demo_venue.settings.get("venue.timezone") == "America/New_York"


def test_migrating_a_version_3_venue_stores_local_fields_in_its_zone(tmp_path: Path) -> None:
    path = venue.database_path(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(3):
        for step in migrations.MIGRATIONS[version]:
            assert isinstance(step, str)
            conn.execute(step)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    conn.executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?)",
        [("venue.utc_offset_s", "3600"), ("venue.timezone", '"Europe/Berlin"')],
    )
    conn.execute("INSERT INTO customer (id, first_name, created_at) VALUES (1, 'Ada', 0)")
    summer = _at(BERLIN, 2026, 7, 14, 11, 30)  # morning under the old fixed +1 h offset
    for n, at in enumerate((summer, summer + 86_400, _at(BERLIN, 2026, 1, 5, 0, 30))):
        conn.execute(
            "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key) "
            "VALUES (1, ?, 500, ?)",
            (at, f"k{n}"),
        )
    conn.close()
    opened = venue.open_venue(tmp_path)
    try:
        rows = _conn(opened).execute("SELECT local_day, day_part FROM visit ORDER BY id").fetchall()
        day = localtime.day_of(dt.date(2026, 7, 14))
        assert rows == [(day, 1), (day + 1, 1), (localtime.day_of(dt.date(2026, 1, 5)), 0)]
        kept = _metrics(opened, 1)
        assert (kept["visits"], kept["visit_days"], kept["morning"], kept["afternoon"]) == (
            3,
            3,
            1,
            2,
        )
        assert opened.settings.get("venue.utc_offset_s") is None
        assert list((tmp_path / database.BACKUP_DIRNAME).glob("pre-migration-v3-*.db"))
    finally:
        opened.close()


def test_the_sampled_guests_are_distinct_guests_drawn_from_all_of_them(
    demo_venue: venue.Venue,
) -> None:
    conn = _conn(demo_venue)
    every = {int(r[0]) for r in conn.execute("SELECT customer_id FROM customer_metrics")}
    seen: set[int] = set()
    for _ in range(200):
        picked = kept_totals_check._sample_guests(conn, 50)
        assert len(picked) == len(set(picked)) == 50 and set(picked) <= every
        seen.update(picked)
    assert seen == every  # each of 600 is missed by 200 draws of 50 with odds of about e^-17
    with demo_venue.store.transaction():  # a guest far beyond the others: ids are sparse
        tables.Customer.create(id=10**9, first_name="Far", created_at=1)
    assert set(kept_totals_check._sample_guests(conn, 1000)) == every | {10**9}


def test_a_sampled_check_finds_a_drift_of_the_guests_it_samples_only(
    demo_venue: venue.Venue,
) -> None:
    conn = _conn(demo_venue)
    with demo_venue.store.transaction():
        conn.execute("UPDATE customer_bucket SET visits = visits + 1 WHERE customer_id = 9")
        conn.execute("UPDATE customer_category SET amount_minor = 7 WHERE customer_id = 21")
        conn.execute(
            "UPDATE customer_metrics SET first_day_amount_minor = 1 WHERE customer_id = 33"
        )
    assert kept_totals_check.verify(conn, sample=None, rebuild_on_mismatch=False).mismatched == (
        9,
        21,
        33,
    )
    assert kept_totals_check._mismatched_all(conn, [9, 10, 21, 33, 40]) == {9, 21, 33}
    assert kept_totals_check._mismatched_all(conn, [10, 40, 41]) == set()
    assert kept_totals_check._mismatched(conn, [9, 10, 21, 33, 40]) == {9, 21, 33}  # the SQL check
    # a bucket row of a guest without visits in it, before every other bucket (and after)
    with demo_venue.store.transaction():
        for end in ("MIN(bucket) - 1", "MAX(bucket) + 3"):
            conn.execute(
                "INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor) "
                f"SELECT {end}, ?, 1, 500 FROM customer_bucket",
                (40 if end.startswith("MIN") else 41,),
            )
    assert kept_totals_check._mismatched_all(conn, [9, 10, 40, 41]) == {9, 40, 41}
    assert kept_totals_check._mismatched_all(conn, [10]) == set()
