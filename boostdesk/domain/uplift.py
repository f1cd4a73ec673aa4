"""Treatment vs control: the lift of a scenario and how sure we can be of it.

Return rate lift is a difference of two proportions; its 95 % interval is **Newcombe's hybrid
score interval** (Newcombe 1998, "Interval estimation for the difference between independent
proportions", method 10): each group's Wilson score interval, combined. Unlike the simple Wald
interval it stays inside [-1, 1] and behaves with small groups and rates near 0 or 1.

Revenue (and visits) per guest lift is a difference of two means; its interval is the Welch
normal approximation (mean difference ± z × sqrt(s1²/n1 + s2²/n2)).

A comparison is *too small to conclude* when either group has fewer than ``MIN_GROUP`` guests:
then the report says so in words instead of showing a confident number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
MIN_GROUP = 30


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (0, 1 when n is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """(difference p1 - p2, lower, upper) by Newcombe's hybrid score method."""
    p1 = x1 / n1 if n1 else 0.0
    p2 = x2 / n2 if n2 else 0.0
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, lower, upper


def mean_difference(
    treated: Sequence[float], control: Sequence[float], z: float = Z95
) -> tuple[float, float, float]:
    """(mean difference, lower, upper) with the Welch normal interval."""
    n1, n2 = len(treated), len(control)
    if n1 == 0 or n2 == 0:
        return 0.0, 0.0, 0.0
    m1, m2 = sum(treated) / n1, sum(control) / n2
    v1 = sum((x - m1) ** 2 for x in treated) / (n1 - 1) if n1 > 1 else 0.0
    v2 = sum((x - m2) ** 2 for x in control) / (n2 - 1) if n2 > 1 else 0.0
    half = z * math.sqrt(v1 / n1 + v2 / n2)
    d = m1 - m2
    return d, d - half, d + half


@dataclass(frozen=True, slots=True)
class Comparison:
    """One scenario's treatment vs control over the results window."""

    treated: int
    control: int
    treated_returned: int
    control_returned: int
    treated_visits: int
    control_visits: int
    treated_revenue_minor: int
    control_revenue_minor: int
    lift: float  # return-rate difference (treated - control), a proportion
    lift_low: float
    lift_high: float
    revenue_lift_minor: float  # per guest
    revenue_low_minor: float
    revenue_high_minor: float
    redemptions: int
    cost_minor: int

    @property
    def too_small(self) -> bool:
        return min(self.treated, self.control) < MIN_GROUP

    @property
    def conclusive(self) -> bool:
        """Enough guests, and the interval of the lift does not include zero."""
        return not self.too_small and (self.lift_low > 0 or self.lift_high < 0)

    def rate(self, treated: bool) -> float:
        n, x = (
            (self.treated, self.treated_returned)
            if treated
            else (self.control, self.control_returned)
        )
        return x / n if n else 0.0

    def per_guest(self, minor: int, n: int) -> float:
        return minor / n if n else 0.0

    @property
    def net_effect_minor(self) -> int:
        """Extra revenue of the treated group over what it would have made at the control
        group's revenue per guest, less what the rewards cost."""
        expected = self.per_guest(self.control_revenue_minor, self.control) * self.treated
        return round(self.treated_revenue_minor - expected) - self.cost_minor

    def verdict(self) -> str:
        """``too_small``, ``positive``, ``negative`` or ``unclear`` (interval includes zero)."""
        if self.too_small:
            return "too_small"
        if self.lift_low > 0:
            return "positive"
        if self.lift_high < 0:
            return "negative"
        return "unclear"


def compare(
    treated_visits: Sequence[int],
    treated_revenue: Sequence[int],
    control_visits: Sequence[int],
    control_revenue: Sequence[int],
    redemptions: int,
    cost_minor: int,
) -> Comparison:
    """Compare per-guest visits and revenue in the window (one entry per guest)."""
    nt, nc = len(treated_visits), len(control_visits)
    xt = sum(1 for v in treated_visits if v > 0)
    xc = sum(1 for v in control_visits if v > 0)
    d, low, high = newcombe(xt, nt, xc, nc) if nt and nc else (0.0, 0.0, 0.0)
    r, r_low, r_high = mean_difference(
        [float(x) for x in treated_revenue], [float(x) for x in control_revenue]
    )
    return Comparison(
        treated=nt,
        control=nc,
        treated_returned=xt,
        control_returned=xc,
        treated_visits=int(sum(treated_visits)),
        control_visits=int(sum(control_visits)),
        treated_revenue_minor=int(sum(treated_revenue)),
        control_revenue_minor=int(sum(control_revenue)),
        lift=d,
        lift_low=low,
        lift_high=high,
        revenue_lift_minor=r,
        revenue_low_minor=r_low,
        revenue_high_minor=r_high,
        redemptions=redemptions,
        cost_minor=cost_minor,
    )
