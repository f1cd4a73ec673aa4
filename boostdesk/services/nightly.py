"""What the application does by itself after the nightly segment run: book the points that
expired (ledger entries), then run the retention scenarios for today — both as ops.SYSTEM."""

from __future__ import annotations

from boostdesk.services import ops, reward_rules
from boostdesk.services import scenarios as scenario_service
from boostdesk.services import venue as venue_service


def after_segments(opened: venue_service.Venue) -> ops.Result[scenario_service.RunReport]:
    """Expire due points, then run today's scenarios (the triggers read today's movements, so
    this comes after the segment run). One transaction each; a second call the same day books
    and issues nothing twice."""
    expired = reward_rules.RewardRulesService(opened.store, opened.settings).expire_due(ops.SYSTEM)
    run = opened.scenarios.run(ops.SYSTEM)
    return ops.Result(run.value, expired.changes | run.changes)
