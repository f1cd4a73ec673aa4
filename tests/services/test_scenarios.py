"""Scenarios over simulated months on a small venue: each fires exactly when its rule says,
the frequency cap and the monthly budgets hold, and a re-run of a day issues nothing twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest

from boostdesk.domain import codes, localtime
from boostdesk.domain import scenarios as rules
from boostdesk.services import checkout, ops, setup, venue

CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
ZONE = zoneinfo.ZoneInfo("Europe/Istanbul")
START = dt.date(2026, 3, 1)
DAYS = 75


def noon(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(12), tzinfo=ZONE).timestamp())


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    yield empty_venue


def _guest(shop, n: int, birth: str = "", email: bool = True) -> int:
    form = checkout.Enrolment(
        first_name=f"Guest{n}",
        email=f"g{n}@example.com",
        birth_date=birth,
        consents={"email": email},
    )
    return shop.checkout.enrol(CASHIER, codes.card_number(n), form, now=noon(START)).value


def _visit(shop, customer_id: int, day: dt.date, amount: int = 10_000) -> None:
    draft = checkout.VisitDraft(customer_id, None, amount, f"{customer_id}-{day}")
    shop.checkout.record_visit(CASHIER, draft, now=noon(day))


def _rows(shop, sql: str, params=()):
    return shop.store.execute(sql, params).fetchall()


def _switch_on(shop, **budgets: int) -> None:
    for key, template in rules.TEMPLATES.items():
        scenario = dataclasses.replace(template, enabled=True, holdout_bp=0)
        if key in budgets:
            scenario = dataclasses.replace(scenario, monthly_budget_minor=budgets[key])
        shop.scenarios.save(ops.SYSTEM, scenario, key)


def _simulate(shop, visits: dict[int, list[dt.date]]) -> None:
    for offset in range(DAYS):
        day = START + dt.timedelta(days=offset)
        for customer_id, days in visits.items():
            if day in days:
                _visit(shop, customer_id, day)
        shop.segmentation.recompute_all(day, persist=True)
        shop.scenarios.run(ops.SYSTEM, day)


def _members(shop):
    return _rows(
        shop,
        "SELECT s.key, m.customer_id, m.local_day, m.arm, m.skip_reason, m.reward_minor "
        "FROM scenario_member m JOIN scenario s ON s.id = m.scenario_id ORDER BY m.id",
    )


def test_scenarios_fire_when_their_rules_say_within_caps_and_budgets(shop):
    a = _guest(shop, 1, birth="1990-04-15")
    regular = _guest(shop, 2, birth="1991-07-01")
    d = _guest(shop, 4, birth="1985-03-30")
    first_week = [START + dt.timedelta(days=i) for i in (0, 3, 6)]
    often = [START + dt.timedelta(days=i) for i in range(0, DAYS, 4)]
    _switch_on(shop, winback_at_risk=20_000)
    _simulate(shop, {a: first_week, d: first_week, regular: often})
    members = _members(shop)
    last = localtime.day_of(first_week[-1])

    def of(key, customer_id):
        return [
            (m[2] - last, m[3], m[4], m[5]) for m in members if m[0] == key and m[1] == customer_id
        ]

    # A: At risk 20 days after the last visit: ₺300 in March / 1 month × 0.5 = ₺150
    assert of("winback_at_risk", a) == [(20, "treated", None, 15_000)]
    # D entered At risk the same day; the month's ₺200 budget had ₺50 left: skipped
    assert of("winback_at_risk", d) == [(20, "skipped", "budget", 0)]
    # D's birthday (30 March) three days ahead, the same day: D had no reward yet
    assert of("birthday", d) == [(20, "treated", None, 10_000)]
    # A's birthday (15 April) 3 days ahead: 12 April, 16 days after the win-back voucher
    assert [m[2] for m in members if m[0] == "birthday" and m[1] == a] == [
        localtime.day_of(dt.date(2026, 4, 12))
    ]
    # Lost 40 days after the last visit: A had a reward 4 days before (cap), D 20 days before
    assert of("winback_lost", a) == [(40, "skipped", "frequency", 0)]
    assert [m[3] for m in members if m[0] == "winback_lost" and m[1] == d] == ["treated"]
    # the regular guest never drifted: no win-back at all
    assert not [m for m in members if m[1] == regular and m[0].startswith("winback")]

    # every win-back member matches a kept transition of that day, and vice versa
    for key, segment in (("winback_at_risk", "at_risk"), ("winback_lost", "lost")):
        entered = {
            (c, localtime.local_day(at - 1, "Europe/Istanbul"))
            for c, at in _rows(
                shop,
                "SELECT customer_id, at FROM segment_history WHERE family = 'lifecycle' "
                "AND to_segment = ? AND from_segment IS NOT NULL",
                (segment,),
            )
        }
        met = {(m[1], m[2]) for m in members if m[0] == key}
        assert met == entered

    # no guest got two automatic rewards within 14 days
    rewarded = sorted((m[1], m[2]) for m in members if m[3] == "treated" and m[5] > 0)
    for (c1, d1), (c2, d2) in zip(rewarded, rewarded[1:], strict=False):
        assert c1 != c2 or d2 - d1 >= 14
    # the win-back budget held in every month
    for month, spent in _rows(
        shop,
        "SELECT strftime('%Y-%m', m.local_day * 86400, 'unixepoch'), SUM(m.reward_minor) "
        "FROM scenario_member m JOIN scenario s ON s.id = m.scenario_id "
        "WHERE s.key = 'winback_at_risk' GROUP BY 1",
    ):
        assert spent <= 20_000, month


def test_a_second_run_the_same_day_issues_nothing_twice(shop):
    a = _guest(shop, 1)
    _switch_on(shop)
    _visit(shop, a, START)
    _visit(shop, a, START + dt.timedelta(days=2))
    at_risk_day = START + dt.timedelta(days=22)
    for offset in range(23):
        shop.segmentation.recompute_all(START + dt.timedelta(days=offset), persist=True)
    first = shop.scenarios.run(ops.SYSTEM, at_risk_day).value
    vouchers = _rows(shop, "SELECT COUNT(*) FROM voucher")[0][0]
    messages = _rows(shop, "SELECT COUNT(*) FROM outbox")[0][0]
    again = shop.scenarios.run(ops.SYSTEM, at_risk_day).value
    by_key = {s.key: s for s in first.scenarios}
    assert by_key["winback_at_risk"].vouchers == 1 and by_key["winback_at_risk"].messages == 1
    assert sum(s.vouchers + s.messages for s in again.scenarios) == 0
    assert _rows(shop, "SELECT COUNT(*) FROM voucher")[0][0] == vouchers
    assert _rows(shop, "SELECT COUNT(*) FROM outbox")[0][0] == messages


def test_messages_only_for_consenting_guests_in_their_language(shop):
    yes = _guest(shop, 1)
    no = _guest(shop, 2, email=False)
    shop.store.execute("UPDATE customer SET language = 'en' WHERE id = ?", (yes,))
    _switch_on(shop)
    for guest in (yes, no):
        _visit(shop, guest, START)
        _visit(shop, guest, START + dt.timedelta(days=2))
    for offset in range(23):
        day = START + dt.timedelta(days=offset)
        shop.segmentation.recompute_all(day, persist=True)
    run = shop.scenarios.run(ops.SYSTEM, START + dt.timedelta(days=22)).value
    winback = {s.key: s for s in run.scenarios}["winback_at_risk"]
    assert winback.vouchers == 2 and winback.messages == 1 and winback.skipped["consent"] == 1
    ((customer_id, language, subject, body),) = _rows(
        shop, "SELECT customer_id, language, subject, body FROM outbox"
    )
    assert customer_id == yes and language == "en"
    assert subject == "Guest1, we miss you" and "{" not in body and "Test Kafe" not in body
    assert "₺" in body and "/2026" in body


def test_holdout_share_on_5000_guests(shop):
    day = dt.date(2026, 6, 1)
    at = noon(day)
    shop.store.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
        "INSERT INTO customer (first_name, created_at) SELECT 'G' || i, ? FROM n",
        (at,),
    )
    welcome = dataclasses.replace(rules.TEMPLATES["welcome"], enabled=True, holdout_bp=1000)
    shop.scenarios.save(ops.SYSTEM, welcome, "welcome")
    preview = shop.scenarios.preview(welcome, day)
    run = shop.scenarios.run(ops.SYSTEM, day).value
    (result,) = run.scenarios
    assert result.audience == 5000
    assert abs(result.holdout / result.audience * 100 - 10) <= 3
    assert (preview.audience, preview.holdout) == (result.audience, result.holdout)
    held = _rows(shop, "SELECT COUNT(*) FROM scenario_member WHERE arm = 'holdout'")[0][0]
    assert held == result.holdout


def test_points_expiry_reminder_names_the_unspent_points_fifo(shop):
    from boostdesk.domain import rewards

    shop.settings.change(ops.SYSTEM, {"loyalty.min_redeem_balance_minor": 100})
    guest = _guest(shop, 1)
    _visit(shop, guest, START, 10_000)  # earns 500, expiring 180 days later
    _visit(shop, guest, START + dt.timedelta(days=1), 30_000)  # earns 1 500, a day later
    draft = checkout.VisitDraft(guest, None, 10_000, "redeem", redeem_points_minor=300)
    # 20 days on the welcome bonus has expired (booked at this visit): the 300 come from the
    # oldest lot left, the 500 of the first visit
    shop.checkout.record_visit(CASHIER, draft, now=noon(START + dt.timedelta(days=20)))
    reminder = dataclasses.replace(rules.TEMPLATES["points_expiry"], enabled=True, holdout_bp=0)
    shop.scenarios.save(ops.SYSTEM, reminder, "points_expiry")
    day = START + dt.timedelta(days=180 - 7)
    (result,) = shop.scenarios.run(ops.SYSTEM, day).value.scenarios
    assert (result.audience, result.messages) == (1, 1)
    (body,) = [r[0] for r in _rows(shop, "SELECT body FROM outbox")]
    assert "₺2,00" in body  # 500 - 300
    entries = [
        rewards.Entry(*row)
        for row in _rows(
            shop,
            "SELECT id, kind, points_minor, created_at, expires_at, usable_from, reverses_id "
            "FROM ledger_entry WHERE customer_id = ? ORDER BY id",
            (guest,),
        )
    ]
    lots, _ = rewards.replay(entries)
    first_lot = noon(START) + 180 * 86_400
    assert sum(lot.left for lot in lots if lot.expires_at == first_lot) == 200
    # the next day nothing is due (the lot of the second visit expires a day later: its turn)
    (nxt,) = shop.scenarios.run(ops.SYSTEM, day + dt.timedelta(days=1)).value.scenarios
    assert nxt.messages == 1 and "₺15,00" in _rows(shop, "SELECT body FROM outbox")[-1][0]
