"""What each scenario earned: its treated guests against its held-out control group.

For every guest a scenario met (treated or held out), the visits and revenue within the window
(default 30 days) after they were met are compared between the two groups
(:mod:`boostdesk.domain.uplift`: return-rate lift with Newcombe's 95 % interval, revenue per
guest with Welch's); redemptions and cost come from the scenario's vouchers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boostdesk.domain import uplift
from boostdesk.services import scenarios as scenario_service
from boostdesk.storage import scenarios as scenario_rows
from boostdesk.storage import store as store_module

DAY = 86_400


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    key: str
    name: str
    enabled: bool
    window_days: int
    comparison: uplift.Comparison

    def as_json(self) -> dict[str, Any]:
        c = self.comparison
        return {
            "key": self.key,
            "enabled": self.enabled,
            "window_days": self.window_days,
            "treated": c.treated,
            "control": c.control,
            "return_rate_treated": round(c.rate(True), 4),
            "return_rate_control": round(c.rate(False), 4),
            "lift": round(c.lift, 4),
            "lift_ci95": [round(c.lift_low, 4), round(c.lift_high, 4)],
            "ci_method": "Newcombe hybrid score (difference of proportions)",
            "visits_per_guest_treated": round(c.per_guest(c.treated_visits, c.treated), 3),
            "visits_per_guest_control": round(c.per_guest(c.control_visits, c.control), 3),
            "revenue_per_guest_treated_minor": round(
                c.per_guest(c.treated_revenue_minor, c.treated)
            ),
            "revenue_per_guest_control_minor": round(
                c.per_guest(c.control_revenue_minor, c.control)
            ),
            "redemptions": c.redemptions,
            "cost_minor": c.cost_minor,
            "net_effect_minor": c.net_effect_minor,
            "verdict": c.verdict(),
        }


def results(
    store: store_module.Store,
    service: scenario_service.ScenarioService,
    window_days: int | None = None,
    clock: Callable[[], float] = time.time,
) -> list[ScenarioResult]:
    """Every stored scenario's comparison as of now (reading only)."""
    days = int(window_days or service.setting("scenarios.results_window_days"))
    now = int(clock())
    out = []
    for info in service.listed():
        if info.id == 0:
            continue
        rows = scenario_rows.outcomes(store, info.id, days * DAY, now)
        treated = [r for r in rows if r.arm == "treated"]
        control = [r for r in rows if r.arm == "holdout"]
        comparison = uplift.compare(
            [r.visits for r in treated],
            [r.revenue_minor for r in treated],
            [r.visits for r in control],
            [r.revenue_minor for r in control],
            redemptions=sum(1 for r in treated if r.redeemed),
            cost_minor=sum(r.cost_minor for r in treated),
        )
        out.append(ScenarioResult(info.key, info.name, info.enabled, days, comparison))
    return out


def report_pdf(
    store: store_module.Store,
    service: scenario_service.ScenarioService,
    venue_name: str,
    timezone: str,
    language: str,
    clock: Callable[[], float] = time.time,
) -> bytes:
    """The scenario results report as a PDF (every scenario that has met a guest)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from boostdesk.documents import scenario_report

    rows = []
    found = results(store, service, clock=clock)
    for result in found:
        c = result.comparison
        if c.treated + c.control == 0:
            continue
        rows.append(
            scenario_report.ResultRow(
                name=scenario_report.scenario_name(result.key, result.name, language),
                treated=c.treated,
                control=c.control,
                rate_treated=c.rate(True),
                rate_control=c.rate(False),
                lift=c.lift,
                lift_low=c.lift_low,
                lift_high=c.lift_high,
                visits_treated=c.per_guest(c.treated_visits, c.treated),
                visits_control=c.per_guest(c.control_visits, c.control),
                revenue_treated_minor=round(c.per_guest(c.treated_revenue_minor, c.treated)),
                revenue_control_minor=round(c.per_guest(c.control_revenue_minor, c.control)),
                redemptions=c.redemptions,
                cost_minor=c.cost_minor,
                net_minor=c.net_effect_minor,
                verdict=c.verdict(),
            )
        )
    made_at = dt.datetime.fromtimestamp(clock(), ZoneInfo(timezone))
    window = (
        found[0].window_days if found else int(service.setting("scenarios.results_window_days"))
    )
    return scenario_report.render(
        scenario_report.ScenarioResults(venue_name, made_at.date(), made_at, window, tuple(rows)),
        language,
    )
