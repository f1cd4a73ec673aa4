"""The scenario results report read back: treated against control, the lift with its interval,
and the plain sentence when a group is too small."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boostdesk.domain import scenarios as rules
from boostdesk.services import ops, scenario_results

AS_OF = dt.date(2026, 11, 24)


def test_report_shows_each_scenario_against_its_control(demo_venue, pdf_pages):
    winback = dataclasses.replace(rules.TEMPLATES["winback_at_risk"], enabled=True)
    demo_venue.scenarios.save(ops.SYSTEM, winback, "winback_at_risk")
    for day in (AS_OF - dt.timedelta(days=1), AS_OF):
        demo_venue.segmentation.recompute_all(day, persist=True)
    run = demo_venue.scenarios.run(ops.SYSTEM, AS_OF).value
    winback_run = {s.key: s for s in run.scenarios}["winback_at_risk"]
    assert winback_run.vouchers > 0

    def text(language: str) -> str:
        data = scenario_results.report_pdf(
            demo_venue.store, demo_venue.scenarios, "Kahve Durağı", "Europe/Istanbul", language
        )
        return " ".join(page.text.replace("\n", " ") for page in pdf_pages(data, dpi=50))

    turkish, english = text("tr"), text("en")
    assert "Senaryo sonuçları" in turkish and "Geri kazanma (Risk altında)" in turkish
    assert f"{winback_run.treated} Ulaşılan" in turkish
    assert f"{winback_run.holdout} Kontrol" in turkish
    assert "Örneklem sonuç çıkarmak için çok küçük" in turkish
    assert "Newcombe" in turkish
    assert "Scenario results" in english and "Win-back (At risk)" in english
    assert "Sample too small to conclude" in english
    cost = sum(winback_run.amounts)
    from boostdesk.documents import texts

    assert texts.money(cost, "en") in english
