"""The promotion planner worked out by hand on the hand-built venue.

At risk: Ece (25 days away, SMS), Jale (31 days, e-mail); Lost: Fikret (45 days, e-mail); Gone:
Gül (120 days, SMS). No visit model is fitted in this venue.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import pytest

from boostdesk.domain import clv, codes, planner
from boostdesk.services import venue
from boostdesk.storage import vouchers as stored_vouchers

Handbuilt = tuple[venue.Venue, dict[str, int]]
DAY = 86_400
AWAY = [("lifecycle", "at_risk"), ("lifecycle", "lost"), ("lifecycle", "gone")]
DESSERT = planner.Offer(kind="item", unit_cost_minor=4_000, window_days=30, channel="counter")


def test_reach_leaves_out_gone_and_guests_without_consent(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    base = opened.planner.load_base()
    plan = opened.planner.plan(base, AWAY, DESSERT)
    assert (plan.in_segments, plan.gone, plan.no_consent, plan.reach) == (4, 1, 0, 3)
    # no model is stored: one is fitted for the plan; each guest counts for at most one unit
    assert plan.basis == "model"
    assert 0 < plan.expected <= plan.reach
    assert plan.units == math.ceil(plan.expected)
    assert plan.cost_minor == plan.units * 4_000
    by_sms = opened.planner.plan(
        base, AWAY, planner.Offer("item", 4_000, 30, "sms")
    )  # Ece agreed to SMS; Jale and Fikret only to e-mail; Gül is Gone anyway
    assert (by_sms.reach, by_sms.no_consent) == (1, 2)


def test_the_model_fitted_for_plans_is_fitted_once_a_day(handbuilt: Handbuilt) -> None:
    # the page reads its base each time it is shown; the fit takes seconds on a large venue
    opened, _ = handbuilt
    first = opened.planner.load_base()
    again = opened.planner.load_base()
    assert first.model is not None and again.model is first.model


def test_without_a_visit_model_each_guest_own_rate_counts(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    base = dataclasses.replace(opened.planner.load_base(), model=None)  # too few came back
    # Ece, Jale and Fikret came twice in the last 365 days: 2 x 30/365 visits each in 30 days
    plan = opened.planner.plan(base, AWAY, DESSERT)
    assert plan.basis == "visit_rate"
    assert plan.expected == pytest.approx(3 * 2 * 30 / 365)
    assert (plan.units, plan.cost_minor) == (1, 4_000)
    # over a year each of them comes (at least) once: 3 units, where counting Gül would say 4
    year = opened.planner.plan(base, AWAY, planner.Offer("item", 4_000, 365, "counter"))
    assert (year.expected, year.units, year.naive_units) == (3.0, 3, 4)


def _voucher(opened: venue.Venue, serial: int, guest: int, kind: str, issued: int) -> int:
    return stored_vouchers.issue(
        opened.store, codes.voucher_code(serial), kind, 0, "test", issued, None, guest
    )


def test_past_redemptions_of_similar_offers_come_first(handbuilt: Handbuilt) -> None:
    opened, ids = handbuilt
    now = int(time.time())
    issued = now - 40 * DAY
    made = [
        _voucher(opened, n, ids["Ece" if n < 12 else "Jale"], "item", issued) for n in range(20)
    ]
    for voucher in made[:5]:  # redeemed within the 30 days
        opened.store.execute(
            "UPDATE voucher SET redeemed_at = ? WHERE id = ?", (issued + 10 * DAY, voucher)
        )
    for voucher in made[5:7]:  # redeemed, but 35 days after: not within the window
        opened.store.execute(
            "UPDATE voucher SET redeemed_at = ? WHERE id = ?", (issued + 35 * DAY, voucher)
        )
    for n in range(20, 25):  # another kind of offer
        _voucher(opened, n, ids["Ece"], "amount", issued)
    for n in range(25, 28):  # too recent to judge
        _voucher(opened, n, ids["Jale"], "item", now - 10 * DAY)
    _voucher(opened, 28, ids["Bora"], "item", issued)  # a VIP: not in the chosen segments
    base = opened.planner.load_base()
    plan = opened.planner.plan(base, [*AWAY, ("lifecycle", "regular")], DESSERT)
    assert plan.basis == "history"
    assert (plan.history.issued, plan.history.redeemed) == (20, 5)
    assert plan.rate == 0.25
    assert plan.reach == 4  # Ece, Jale, Fikret, Hakan (Gül is Gone)
    assert (plan.expected, plan.units, plan.cost_minor) == (1.0, 1, 4_000)
    assert plan.naive_units == 2  # 5 guests x 25 %, rounded up


def test_a_custom_segment_is_an_audience(handbuilt: Handbuilt) -> None:
    opened, ids = handbuilt
    owner = opened.users.sign_in("1234")
    spec = {"all": [{"metric": "district", "op": "in", "value": ["Kadıköy"]}]}
    key = opened.custom_segments.save(owner, None, "Kadıköy", spec).value
    opened.segmentation.recompute_all()
    base = opened.planner.load_base()
    assert base.sizes("custom") == {key: 2}
    plan = opened.planner.plan(base, [("custom", key)], DESSERT)
    assert (plan.in_segments, plan.reach) == (2, 2)  # Ada and Ece
    assert 0 < plan.expected <= 2


def test_the_visit_model_gives_each_guest_a_chance_to_come() -> None:
    offer = planner.Offer("amount", 5_000, 14, "email")
    chosen = np.array([True, True, True, True, False])
    gone = np.array([False, False, False, True, False])
    consent = np.array([True, True, False, True, True])
    p_visit = np.array([0.5, 0.9, 0.7, 0.3, 0.8])  # P(at least one visit in the 14 days)
    plan = planner.plan(
        offer, chosen, gone, consent, planner.History(3, 3), p_visit, np.zeros(5)
    )  # 3 similar offers are too few to trust: the model decides
    assert plan.basis == "model"
    assert (plan.in_segments, plan.gone, plan.no_consent, plan.reach) == (4, 1, 1, 2)
    assert plan.expected == pytest.approx(1.4)  # 0.5 + 0.9
    assert (plan.units, plan.cost_minor) == (2, 10_000)
    assert plan.naive_units == 3  # 4 x 0.7 = 2.8


def test_the_chance_of_a_visit_follows_the_model() -> None:
    params = clv.VisitParams(r=1.0, alpha=10.0, a=0.5, b=2.0, model=clv.Model.MBGNBD)
    # a guest with 4 repeat visits, last at day 30 of 40: P(alive) x (1 - (50 / 60) ** 5)
    got = clv.p_visit_within(params, 10.0, np.array([4.0]), np.array([30.0]), np.array([40.0]))
    alive = clv.p_alive(params, np.array([4.0]), np.array([30.0]), np.array([40.0]))[0]
    assert got[0] == pytest.approx(alive * (1 - (50 / 60) ** 5))
    assert 0 < got[0] < alive < 1


def test_an_offer_is_checked() -> None:
    with pytest.raises(ValueError, match="window"):
        planner.Offer("item", 100, 0, "counter")
    with pytest.raises(ValueError, match="channel"):
        planner.Offer("item", 100, 7, "pigeon")
