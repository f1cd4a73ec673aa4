"""Lifecycle (LTV) segments: one per guest, ordered rules, first match wins (PRODUCT.md 5.1).

A guest enrolled but never seen is Registered, whenever they enrolled: a segment of its own (the
audience of "come for your first coffee"), neither New nor Gone. Recency rules are bands: Gone
(>= 90 days away) is tested before Lost (>= 40) and At risk (>= 20), so a guest 100 days away is
Gone, not At risk. Potential loyal means exactly one visit, at least
``potential_wait_days`` ago but within the month (the guest did not come back while the welcome
bonus was waiting); older one-visit guests fall into the recency bands.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments import coded
from boostdesk.domain.segments.metrics import IntArray, Metrics

ORDER = (
    "vip",
    "loyal",
    "new",
    "potential_loyal",
    "at_risk",
    "lost",
    "gone",
    "regular",
    "registered",
)
NAMES = {
    "vip": "VIP",
    "loyal": "Loyal",
    "new": "New",
    "potential_loyal": "Potential loyal",
    "at_risk": "At risk",
    "lost": "Lost",
    "gone": "Gone",
    "regular": "Regular",
    "registered": "Registered",
}


@dataclass(frozen=True, slots=True)
class LifecycleRules:
    """Thresholds (owner settings ``segments.lifecycle.<name>``); money in minor units."""

    vip_visits: int = 25
    vip_average_minor: int = 40_000
    loyal_visits: int = 10
    loyal_average_minor: int = 20_000
    new_days: int = 7
    potential_wait_days: int = 7
    at_risk_days: int = 20
    at_risk_min_average_minor: int = 0  # the article's "average bill >= 200": 0 = off
    lost_days: int = 40
    lost_min_average_minor: int = 0
    gone_days: int = 90
    adaptive_recency: bool = False  # at risk from max(at_risk_days, 2 x own median gap)

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> LifecycleRules:
        prefix = "segments.lifecycle."
        known = {f.name for f in fields(cls)}
        picked = {k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)}
        return cls(**{k: v for k, v in picked.items() if k in known})


def settings_defaults() -> dict[str, Any]:
    defaults = LifecycleRules()
    return {f"segments.lifecycle.{f.name}": getattr(defaults, f.name) for f in fields(defaults)}


def at_risk_threshold(metrics: Metrics, rules: LifecycleRules) -> IntArray:
    """Days away that make each guest "at risk": ``at_risk_days``, or with adaptive recency
    max(at_risk_days, 2 x the guest's median gap between visit days), so a guest who comes every
    two weeks is not "at risk" after 20 days; the median, unlike the mean, is not stretched by one
    long absence."""
    base = np.full(len(metrics), rules.at_risk_days, dtype=np.int64)
    if not rules.adaptive_recency:
        return base
    if len(metrics.median_gap_days) != len(metrics):
        raise ValueError("adaptive recency needs each guest's median gap (median_gap_days)")
    return np.maximum(base, np.ceil(2 * metrics.median_gap_days).astype(np.int64))


def classify(metrics: Metrics, rules: LifecycleRules) -> npt.NDArray[np.str_]:
    """The lifecycle segment key of every guest."""
    return classify_codes(metrics, rules).strings()


def classify_codes(metrics: Metrics, rules: LifecycleRules) -> coded.Coded:
    """:func:`classify` as codes."""
    away = metrics.days_since_last()
    since_first = metrics.days_since_first()
    avg_month = metrics.average_bill_month()
    avg = metrics.average_bill()
    none = metrics.visits == 0
    conditions = [
        none,
        (metrics.visits_month >= rules.vip_visits) & (avg_month >= rules.vip_average_minor),
        (metrics.visits_month >= rules.loyal_visits) & (avg_month >= rules.loyal_average_minor),
        since_first < rules.new_days,
        (metrics.visits == 1)
        & (since_first >= rules.potential_wait_days)
        & (since_first < metrics.month_days),
        away >= rules.gone_days,
        (away >= rules.lost_days) & (avg >= rules.lost_min_average_minor),
        (away >= at_risk_threshold(metrics, rules)) & (avg >= rules.at_risk_min_average_minor),
    ]
    choices = ["registered", "vip", "loyal", "new", "potential_loyal", "gone", "lost", "at_risk"]
    return coded.select(conditions, choices, default="regular")


def explain(metrics: Metrics, rules: LifecycleRules, i: int) -> dict[str, Any]:
    """Why guest ``i`` is in their segment, in their own numbers, and the nearest step up."""
    segment = str(classify(metrics.take(np.array([i])), rules)[0])
    v30 = int(metrics.visits_month[i])
    avg30 = float(metrics.average_bill_month()[i]) / 100
    away = int(metrics.days_since_last()[i])
    month = metrics.month_days
    enrolled = max(0, int(metrics.as_of - metrics.created_at[i]) // 86_400)
    reasons = {
        "vip": f"{v30} visits in {month} days >= {rules.vip_visits} and average bill "
        f"{avg30:.2f} >= {rules.vip_average_minor / 100:.2f}",
        "loyal": f"{v30} visits in {month} days >= {rules.loyal_visits} and average bill "
        f"{avg30:.2f} >= {rules.loyal_average_minor / 100:.2f}",
        "new": f"first visit {metrics.days_since_first()[i]} days ago < {rules.new_days}",
        "potential_loyal": f"one visit, {metrics.days_since_first()[i]} days ago, no return",
        "gone": f"last visit {away} days ago >= {rules.gone_days}",
        "lost": f"last visit {away} days ago >= {rules.lost_days}",
        "at_risk": f"last visit {away} days ago >= {int(at_risk_threshold(metrics, rules)[i])}",
        "regular": f"{v30} visits in {month} days, last visit {away} days ago",
        "registered": f"enrolled {enrolled} days ago, no visit yet",
    }
    return {
        "segment": segment,
        "name": NAMES[segment],
        "rule": reasons[segment],
        "next_step": _next_step(segment, v30, avg30 * 100, rules, month),
    }


def _next_step(
    segment: str, v30: int, avg30_minor: float, rules: LifecycleRules, month: int
) -> str | None:
    if segment == "vip":
        return None
    if segment == "registered":
        return "a first visit -> New"
    if segment in ("at_risk", "lost", "gone"):
        return "a visit now -> Regular (or better)"
    target, visits, average = (
        ("VIP", rules.vip_visits, rules.vip_average_minor)
        if segment == "loyal"
        else ("Loyal", rules.loyal_visits, rules.loyal_average_minor)
    )
    parts = []
    if v30 < visits:
        parts.append(f"{visits - v30} more visits in {month} days")
    if avg30_minor < average:
        parts.append(f"average bill {average / 100:.2f}")
    return f"{' and '.join(parts) or 'keep it up'} -> {target}"
