"""The demo venue: realistic, deterministic, and never over real data."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from boostdesk.services import demo, setup, venue

AS_OF = dt.date(2026, 11, 24)
# End of the as-of day in Istanbul (UTC+3), as Unix seconds.
END = int(dt.datetime(2026, 11, 24, 21, 0, tzinfo=dt.UTC).timestamp())
DAY = 86_400


def _query(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_demo_venue_has_guests_in_every_lifecycle_band(demo_template: Path) -> None:
    path = venue.database_path(demo_template)
    ((vip, loyal, new, single_recent, at_risk, lost, gone),) = _query(
        path,
        """
        WITH m AS (
          SELECT customer_id, COUNT(*) AS n, MIN(visited_at) AS first, MAX(visited_at) AS last,
                 SUM(visited_at > :end - 30 * 86400) AS n30,
                 SUM(CASE WHEN visited_at > :end - 30 * 86400 THEN amount_minor END) * 1.0
                   / SUM(visited_at > :end - 30 * 86400) AS avg30
          FROM visit GROUP BY customer_id)
        SELECT SUM(n30 >= 25 AND avg30 >= 40000), SUM(n30 >= 10 AND avg30 >= 20000),
               SUM(:end - first < 7 * 86400),
               SUM(n = 1 AND (:end - first) / 86400 BETWEEN 7 AND 29),
               SUM((:end - last) / 86400 BETWEEN 20 AND 39),
               SUM((:end - last) / 86400 BETWEEN 40 AND 89), SUM((:end - last) / 86400 >= 90)
        FROM m""".replace(":end", str(END)),
    )
    assert vip > 0, "VIP: 25 visits in 30 days with an average bill of at least ₺400"
    assert loyal > vip
    assert new > 0 and single_recent > 0 and at_risk > 0 and lost > 0 and gone > 0


def test_demo_data_is_realistic(demo_template: Path) -> None:
    path = venue.database_path(demo_template)
    ((guests, visits, avg_bill),) = _query(
        path, "SELECT (SELECT COUNT(*) FROM customer), COUNT(*), AVG(amount_minor) FROM visit"
    )
    assert guests == 600 and visits > 600 * 25
    assert 10_000 < avg_bill < 40_000  # ₺100-₺400 per visit
    # Basket lines add up to the bill of every visit.
    assert _query(
        path,
        "SELECT COUNT(*) FROM visit v WHERE amount_minor != "
        "(SELECT SUM(amount_minor) FROM visit_line l WHERE l.visit_id = v.id)",
    ) == [(0,)]
    assert _query(path, "SELECT COUNT(*) FROM visit WHERE visited_at > ?", END) == [(0,)]
    names = {row[0] for row in _query(path, "SELECT first_name FROM customer")}
    assert names & {"Ayşe", "Şeyma", "İbrahim", "Çağrı", "Ilgın"}
    phones = [row[0] for row in _query(path, "SELECT phone FROM customer WHERE phone NOT NULL")]
    assert phones and all(p.startswith("05") and len(p) == 11 for p in phones)
    ((cards,),) = _query(path, "SELECT COUNT(DISTINCT customer_id) FROM card WHERE status='active'")
    assert cards == 600
    assert _query(path, "SELECT COUNT(*) FROM family_member")[0][0] > 0
    assert {row[0] for row in _query(path, "SELECT DISTINCT channel FROM consent")} == {
        "sms",
        "email",
        "call",
        "profiling",
    }


def test_same_seed_builds_the_same_venue(tmp_path: Path) -> None:
    def digest(folder: str, seed: int) -> str:
        path = tmp_path / folder / "boostdesk.db"
        demo.build(path, customers=150, seed=seed, as_of=AS_OF)
        rows = _query(path, "SELECT customer_id, visited_at, amount_minor FROM visit ORDER BY id")
        people = _query(path, "SELECT first_name, phone, birth_date FROM customer ORDER BY id")
        return hashlib.sha256(repr((rows, people)).encode()).hexdigest()

    assert digest("a", 3) == digest("b", 3)
    assert digest("c", 4) != digest("a", 3)


def test_demo_refuses_a_folder_with_real_data(empty_venue: venue.Venue) -> None:
    setup.set_up_venue(empty_venue, name="Gerçek Kafe", owner_pin="4321", cashier_pin="1111")
    empty_venue.close()
    path = empty_venue.db_path
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(demo.DemoRefused, match="real venue data"):
        demo.build(path, customers=20, as_of=AS_OF)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not path.with_name("boostdesk.db.part").exists()


def test_force_replaces_real_data_but_keeps_a_copy(empty_venue: venue.Venue) -> None:
    setup.set_up_venue(empty_venue, name="Gerçek Kafe", owner_pin="4321", cashier_pin="1111")
    empty_venue.close()
    summary = demo.build(empty_venue.db_path, customers=20, as_of=AS_OF, force=True)
    assert summary.replaced_copy is not None
    kept = _query(summary.replaced_copy, "SELECT value FROM setting WHERE key='venue.name'")
    assert kept == [('"Gerçek Kafe"',)]
    assert _query(empty_venue.db_path, "SELECT COUNT(*) FROM customer") == [(20,)]


def test_a_demo_venue_can_be_rebuilt_without_force(tmp_path: Path) -> None:
    path = tmp_path / "boostdesk.db"
    demo.build(path, customers=30, as_of=AS_OF)
    summary = demo.build(path, customers=40, as_of=AS_OF)
    assert summary.replaced_copy is None
    assert _query(path, "SELECT COUNT(*) FROM customer") == [(40,)]


def test_a_built_demo_opens_with_its_segments_as_of_its_last_day(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "boostdesk.db"
    demo.build(path, customers=150, seed=5, as_of=AS_OF)
    (guests,) = _query(path, "SELECT COUNT(*) FROM customer")[0]
    badges = dict(_query(path, "SELECT lifecycle, COUNT(*) FROM segment_readable GROUP BY 1"))
    assert sum(badges.values()) == guests and badges.get("vip", 0) > 0
    assert _query(path, "SELECT as_of FROM segment_run WHERE kind = 'full'") == [(END,)]
