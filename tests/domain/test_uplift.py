"""The lift and its 95 % interval against published and hand-computed figures."""

from __future__ import annotations

import math

import pytest

from boostdesk.domain import uplift


def test_wilson_interval_by_hand():
    # 56 of 70: p = 0.8, z² = 3.841459: centre (0.8 + 3.841459/140) / (1 + 3.841459/70)
    # = 0.827439 / 1.054878 = 0.784393; half 1.959964·sqrt(0.16/70 + 3.841459/19600) / 1.054878
    # = 0.092560 → 0.691833 to 0.876953
    low, high = uplift.wilson(56, 70)
    assert low == pytest.approx(0.691833, abs=2e-6)
    assert high == pytest.approx(0.876953, abs=2e-6)


def test_newcombe_matches_the_published_example():
    """Newcombe (1998), Statistics in Medicine 17:873, table II example (a): 56/70 vs 48/80,
    method 10 (hybrid score): 0.0524 to 0.3339."""
    d, low, high = uplift.newcombe(56, 70, 48, 80)
    assert d == pytest.approx(0.2)
    assert low == pytest.approx(0.0524, abs=5e-4)
    assert high == pytest.approx(0.3339, abs=5e-4)


def test_newcombe_by_hand_from_the_two_wilson_intervals():
    l1, u1 = uplift.wilson(30, 100)
    l2, u2 = uplift.wilson(20, 100)
    d, low, high = uplift.newcombe(30, 100, 20, 100)
    assert low == pytest.approx(0.1 - math.sqrt((0.3 - l1) ** 2 + (u2 - 0.2) ** 2))
    assert high == pytest.approx(0.1 + math.sqrt((u1 - 0.3) ** 2 + (0.2 - l2) ** 2))
    # 30 % vs 20 % with 100 each: the interval includes zero (not conclusive)
    assert low < 0 < high


def test_a_scenario_comparison_says_when_it_is_too_small():
    small = uplift.compare([1, 0, 1], [100, 0, 200], [0, 0], [0, 0], 1, 500)
    assert small.too_small and small.verdict() == "too_small"
    treated = [1] * 60 + [0] * 40
    control = [1] * 30 + [0] * 70
    big = uplift.compare(treated, [5000 * v for v in treated], control,
                         [5000 * v for v in control], 40, 100_000)
    assert not big.too_small and big.verdict() == "positive"
    assert big.lift == pytest.approx(0.3)
    # revenue: 100 treated made 300 000, the control's rate (1 500 a guest) says 150 000
    assert big.net_effect_minor == 300_000 - 150_000 - 100_000


def test_mean_difference_welch():
    d, low, high = uplift.mean_difference([1.0, 2.0, 3.0], [1.0, 1.0, 1.0])
    # variance of the first 1.0, of the second 0 → half = 1.96·sqrt(1/3)
    assert d == pytest.approx(1.0)
    assert high - d == pytest.approx(1.959964 * math.sqrt(1 / 3), abs=1e-5)
