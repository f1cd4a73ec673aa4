"""The promotion planner worked out by hand on the hand-built venue.

At risk: Ece (25 days away, SMS), Jale (31 days, e-mail); Lost: Fikret (45 days, e-mail); Gone:
Gül (120 days, SMS). No visit model is fitted in this venue.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from boostdesk.domain import codes, planner
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
    # no fitted model, no similar vouchers: the share of them who came in the last 30 days
    assert plan.basis == "recent_visits"
    assert plan.expected == 1.0  # Ece only (Jale 31, Fikret 45 days away)
    assert (plan.units, plan.cost_minor) == (1, 4_000)
    assert plan.naive_units == 2  # 4 guests x 1/3, Gül and all, rounded up
    by_sms = opened.planner.plan(
        base, AWAY, planner.Offer("item", 4_000, 30, "sms")
    )  # Ece agreed to SMS; Jale and Fikret only to e-mail; Gül is Gone anyway
    assert (by_sms.reach, by_sms.no_consent, by_sms.units) == (1, 2, 1)


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
    assert plan.expected == 2.0  # both came in the last 30 days


def test_the_visit_model_counts_at_most_one_redemption_per_guest() -> None:
    offer = planner.Offer("amount", 5_000, 14, "email")
    chosen = np.array([True, True, True, True, False])
    gone = np.array([False, False, False, True, False])
    consent = np.array([True, True, False, True, True])
    expected = np.array([0.5, 2.5, 0.9, 0.3, 4.0])  # visits in the 14 days, per guest
    plan = planner.plan(
        offer, chosen, gone, consent, planner.History(3, 3), expected, np.zeros(5, bool)
    )  # 3 similar offers are too few to trust: the model decides
    assert plan.basis == "model"
    assert (plan.in_segments, plan.gone, plan.no_consent, plan.reach) == (4, 1, 1, 2)
    assert plan.expected == pytest.approx(1.5)  # 0.5 + min(2.5, 1)
    assert (plan.units, plan.cost_minor) == (2, 10_000)
    assert plan.naive_units == 3  # 4 x 0.75


def test_an_offer_is_checked() -> None:
    with pytest.raises(ValueError, match="window"):
        planner.Offer("item", 100, 0, "counter")
    with pytest.raises(ValueError, match="channel"):
        planner.Offer("item", 100, 7, "pigeon")
