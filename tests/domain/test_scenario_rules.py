"""Scenario rules: holdout share, voucher amounts, message placeholders, templates."""

from __future__ import annotations

import pytest

from boostdesk.domain import scenarios


def test_holdout_is_reproducible_and_near_its_share_on_5000_guests():
    for share_bp in (1000, 2000):
        held = [scenarios.is_holdout("winback_at_risk", i, share_bp) for i in range(1, 5001)]
        share = sum(held) / len(held) * 100
        assert abs(share - share_bp / 100) <= 3
        again = [scenarios.is_holdout("winback_at_risk", i, share_bp) for i in range(1, 5001)]
        assert held == again
    # another scenario draws its own group
    a = [scenarios.is_holdout("birthday", i, 1000) for i in range(1, 5001)]
    b = [scenarios.is_holdout("winback_at_risk", i, 1000) for i in range(1, 5001)]
    assert a != b


@pytest.mark.parametrize(
    ("monthly", "expected"),
    [
        (0, 5_000),  # no known value: the minimum
        (34_499, 17_000),  # 0.5 × 344.99 = 172.49 → ₺170
        (34_500, 17_500),  # 172.50 → ₺175 (half up)
        (1_000_000, 25_000),  # capped at the maximum
    ],
)
def test_win_back_amount_is_clamped_and_rounded_to_5(monthly, expected):
    reward = scenarios.TEMPLATES["winback_at_risk"].reward
    assert scenarios.voucher_amount(reward, monthly, 0) == expected
    assert expected % 500 == 0


def test_average_monthly_spend_counts_the_months_with_a_visit():
    assert scenarios.average_monthly_spend(90_000, 3) == 30_000
    assert scenarios.average_monthly_spend(0, 0) == 0


def test_messages_fill_placeholders_in_the_guest_language():
    scenario = scenarios.TEMPLATES["winback_at_risk"]
    values = {"first_name": "Ayşe", "amount": "₺150,00", "expiry": "20.12.2026",
              "favourite_category": "kahve", "venue": "Kahve Durağı"}
    subject, body = scenarios.message_for(scenario, "tr", values)
    assert "Ayşe" in subject and "₺150,00" in body and "20.12.2026" in body
    assert "{" not in body
    subject, body = scenarios.message_for(scenario, "en", {**values, "amount": "₺150.00"})
    assert "miss you" in subject and "₺150.00" in body
    # an unknown language falls back to Turkish
    assert scenarios.message_for(scenario, "de", values)[0].startswith("Ayşe")


def test_an_unknown_placeholder_is_refused():
    bad = scenarios.from_template("welcome", "w2")
    with pytest.raises(scenarios.ScenarioError):
        scenarios.Scenario.from_json(
            {**bad.as_json(), "messages": {"tr": {"subject": "", "body": "{name}"}}}
        ).validate()


def test_every_template_round_trips_through_json():
    for template in scenarios.TEMPLATES.values():
        assert scenarios.Scenario.from_json(template.as_json()) == template
