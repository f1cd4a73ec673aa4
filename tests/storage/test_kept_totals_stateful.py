"""Acceptance: whatever happens to a venue — visits across clock changes, voids, the kept windows
moving, the zone changing — the kept totals equal a recount from the raw visits.

The recount here is independent of the product's code: it reads only the raw visit rows and works
out local days and day-parts with ``zoneinfo`` directly. Runs on a real temporary SQLite file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
import zoneinfo
from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from boostdesk.domain import localtime
from boostdesk.services import checkout, ops, venue
from boostdesk.storage import analytics, database, kept_totals, tables

ZONES = ("Europe/Istanbul", "Europe/Berlin")
# Berlin's clocks change at 01:00 UTC on these days; visits fall within 3 days either side.
CLOCK_CHANGES = (
    int(dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC).timestamp()),
    int(dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC).timestamp()),
)
CATEGORIES = ("coffee", "tea", "dessert")


def _local(at: int, zone: str) -> tuple[int, int]:
    clock = dt.datetime.fromtimestamp(at, zoneinfo.ZoneInfo(zone))
    return (clock.date() - dt.date(1970, 1, 1)).days, 0 if clock.hour < 11 else (
        1 if clock.hour < 16 else 2
    )


class KeptTotals(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="kept-totals-"))
        self.opened = venue.open_venue(self.folder)
        self.guests: list[int] = []
        self.standing: list[int] = []

    @initialize(zone=st.sampled_from(ZONES))
    def set_up(self, zone: str) -> None:
        self.opened.settings.change(ops.SYSTEM, {"venue.timezone": zone})
        for order, code in enumerate(CATEGORIES):
            tables.Category.create(code=code, name=code, sort_order=order)
        for name in ("Ada", "Bora", "Cem"):
            self.guests.append(int(tables.Customer.create(first_name=name, created_at=0).id))

    @rule(
        guest=st.integers(0, 2),
        change=st.sampled_from(CLOCK_CHANGES),
        minutes=st.integers(-3 * 24 * 60, 3 * 24 * 60),
        amount=st.integers(0, 90_000),
        categories=st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
    )
    def record_visit(
        self, guest: int, change: int, minutes: int, amount: int, categories: list[str]
    ) -> None:
        draft = checkout.VisitDraft(
            self.guests[guest],
            None,
            amount + 1,
            uuid.uuid4().hex,
            categories=tuple(categories),
        )
        saved = self.opened.checkout.record_visit(
            ops.SYSTEM, draft, now=change + minutes * 60
        ).value
        self.standing.append(saved.visit_id)

    @rule(
        guest=st.integers(0, 2),
        change=st.sampled_from(CLOCK_CHANGES),
        minutes=st.lists(st.integers(-3 * 24 * 60, 3 * 24 * 60), min_size=1, max_size=4),
        amount=st.integers(0, 90_000),
        category=st.sampled_from(CATEGORIES),
    )
    def import_visits(
        self, guest: int, change: int, minutes: list[int], amount: int, category: str
    ) -> None:
        """Visits stored on an import's bulk path: the insert triggers stand aside, then the
        visits are added to the kept totals at once."""
        zone = str(self.opened.settings.get("venue.timezone"))
        conn = database.raw_connection(self.opened.store)
        with self.opened.store.transaction():
            (before,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()
            (category_id,) = conn.execute(
                "SELECT id FROM category WHERE code = ?", (category,)
            ).fetchone()
            conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
            for minute in minutes:
                at = change + minute * 60
                visit = conn.execute(
                    "INSERT INTO visit (customer_id, visited_at, amount_minor, idempotency_key, "
                    "local_day, day_part) VALUES (?, ?, ?, ?, ?, ?)",
                    (self.guests[guest], at, amount + 1, uuid.uuid4().hex, *_local(at, zone)),
                ).lastrowid
                conn.execute(
                    "INSERT INTO visit_line (visit_id, category_id, amount_minor) VALUES (?, ?, ?)",
                    (visit, category_id, amount // 2),
                )
                self.standing.append(int(visit or 0))
            kept_totals.add_visits(conn, int(before))
            conn.execute("DELETE FROM bulk_publish")

    @precondition(lambda self: self.standing)
    @rule(pick=st.integers(0, 1000))
    def void_visit(self, pick: int) -> None:
        visit = self.standing.pop(pick % len(self.standing))
        self.opened.store.execute(
            "UPDATE visit SET voided_at = 1, void_reason = 'test' WHERE id = ?", (visit,)
        )

    @rule(
        change=st.sampled_from(CLOCK_CHANGES),
        days=st.integers(-5, 40),
        month_days=st.sampled_from((7, 30)),
        window_days=st.sampled_from((30, 365)),
    )
    def move_windows(self, change: int, days: int, month_days: int, window_days: int) -> None:
        day = change // 86_400 + days
        analytics.move_windows(self.opened.store, day, month_days, window_days)

    @rule(zone=st.sampled_from(ZONES))
    def change_zone(self, zone: str) -> None:
        self.opened.settings.change(ops.SYSTEM, {"venue.timezone": zone})

    @invariant()
    def kept_totals_equal_a_recount_of_the_raw_visits(self) -> None:
        if not self.guests:
            return
        zone = str(self.opened.settings.get("venue.timezone"))
        conn = database.raw_connection(self.opened.store)
        anchor, month_days, window_days = conn.execute(
            "SELECT day, month_days, window_days FROM metrics_window"
        ).fetchone()
        visits = conn.execute(
            "SELECT id, customer_id, visited_at, amount_minor, local_day, day_part FROM visit "
            "WHERE voided_at IS NULL"
        ).fetchall()
        expected: dict[int, dict[str, Any]] = {}
        buckets: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        for guest in self.guests:
            mine = [v for v in visits if v[1] == guest]
            days = [_local(v[2], zone)[0] for v in mine]
            parts = [_local(v[2], zone)[1] for v in mine]
            assert [(v[4], v[5]) for v in mine] == list(zip(days, parts, strict=True))
            first_day = days[min(range(len(mine)), key=lambda i: mine[i][2])] if mine else None

            def within(length: int, day: int) -> bool:
                return anchor is not None and anchor - length < day <= anchor

            expected[guest] = {
                "visits": len(mine),
                "visit_days": len(set(days)),
                "amount_minor": sum(v[3] for v in mine),
                "first_at": min((v[2] for v in mine), default=None),
                "last_at": max((v[2] for v in mine), default=None),
                "morning": parts.count(0),
                "afternoon": parts.count(1),
                "evening": parts.count(2),
                "month_visits": sum(within(month_days, d) for d in days),
                "month_amount_minor": sum(
                    v[3] for v, d in zip(mine, days, strict=True) if within(month_days, d)
                ),
                "window_visits": sum(within(window_days, d) for d in days),
                "window_amount_minor": sum(
                    v[3] for v, d in zip(mine, days, strict=True) if within(window_days, d)
                ),
                "first_day_amount_minor": sum(
                    v[3] for v, d in zip(mine, days, strict=True) if d == first_day
                ),
            }
            for v, d in zip(mine, days, strict=True):
                buckets[(d // 32, guest)][0] += 1
                buckets[(d // 32, guest)][1] += v[3]
        columns = list(expected[self.guests[0]])
        kept = {
            int(row[0]): dict(zip(columns, row[1:], strict=True))
            for row in conn.execute(
                f"SELECT customer_id, {', '.join(columns)} FROM customer_metrics"
            )
        }
        assert kept == expected
        kept_buckets = {
            (b, c): [n, a]
            for b, c, n, a in conn.execute("SELECT * FROM customer_bucket WHERE visits != 0")
        }
        assert kept_buckets == dict(buckets)
        lines = conn.execute(
            "SELECT v.customer_id, l.category_id, SUM(l.amount_minor) FROM visit_line l "
            "JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL GROUP BY 1, 2"
        ).fetchall()
        kept_lines = conn.execute(
            "SELECT customer_id, category_id, amount_minor FROM customer_category "
            "WHERE amount_minor != 0"
        ).fetchall()
        assert sorted(kept_lines) == sorted(r for r in lines if r[2] != 0)

    def teardown(self) -> None:
        self.opened.close()
        shutil.rmtree(self.folder, ignore_errors=True)


KeptTotals.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_kept_totals_follow_the_visits = KeptTotals.TestCase


def test_local_helper_agrees_with_the_product() -> None:
    """The recount's own conversion and the product's agree (the test compares like with like)."""
    for change in CLOCK_CHANGES:
        for minutes in range(-180, 180, 7):
            at = change + minutes * 60
            for zone in ZONES:
                assert _local(at, zone) == (
                    localtime.local_day(at, zone),
                    localtime.day_part(at, zone),
                )
