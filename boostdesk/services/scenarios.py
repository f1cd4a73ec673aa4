"""Running the retention scenarios (PRODUCT.md section 6).

One run handles one local day for every scenario switched on, in ONE transaction:

1. the trigger's guests since the scenario's last run (at most a week back, so a PC that was
   off catches up), narrowed to the scenario's audience;
2. guests the scenario already met on the same occasion are left out (a second run the same
   day issues nothing twice: ``scenario_member`` is unique per scenario, guest and occasion);
3. a voucher-giving scenario skips guests given an automatic reward in the last
   ``scenarios.reward_gap_days`` (14) local days (a reward on day X holds back days X to
   X + 13) — recorded as skipped for frequency;
4. the holdout: a reproducible share of the remaining guests is recorded and left untouched;
5. vouchers are issued while the month's budget allows (cost: face value while open, the
   discount actually given once redeemed), the rest recorded as skipped for budget;
6. a message is queued in the guest's language for each treated guest on a channel they
   consent to (e-mail first, then SMS); guests who consent to none are counted, not messaged.

A *preview* runs the same steps for one scenario and writes nothing (the cost of the next run,
shown before a scenario is switched on).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from boostdesk.domain import codes, localtime
from boostdesk.domain import scenarios as rules
from boostdesk.services import ops, scenario_audience, scenario_messages
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit
from boostdesk.storage import outbox as outbox_rows
from boostdesk.storage import scenarios as scenario_rows
from boostdesk.storage import store as store_module
from boostdesk.storage import vouchers as voucher_rows

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 7
DEFAULTS: dict[str, Any] = {
    "scenarios.reward_gap_days": 14,
    "scenarios.results_window_days": 30,
}
# English names of the shipped categories (the stored names are the venue's, in Turkish).
_CATEGORY_EN = {"coffee": "coffee", "tea": "tea", "dessert": "dessert", "food": "meal"}


@dataclass
class ScenarioRun:
    """What one scenario did (or, in a preview, would do) in a run."""

    key: str
    audience: int = 0
    treated: int = 0
    holdout: int = 0
    vouchers: int = 0
    messages: int = 0
    cost_minor: int = 0
    skipped: dict[str, int] = field(
        default_factory=lambda: {"frequency": 0, "budget": 0, "consent": 0}
    )
    amounts: list[int] = field(default_factory=list)  # the vouchers' face values

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "audience": self.audience,
            "treated": self.treated,
            "holdout": self.holdout,
            "vouchers": self.vouchers,
            "messages": self.messages,
            "cost_minor": self.cost_minor,
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True)
class RunReport:
    as_of: dt.date
    scenarios: tuple[ScenarioRun, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "scenarios": [s.as_json() for s in self.scenarios],
        }


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    id: int
    key: str
    name: str
    enabled: bool
    scenario: rules.Scenario


class ScenarioService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._segmentation = segmentation
        self._clock = clock
        self._audience = scenario_audience.Audience(store, settings, segmentation)
        self._messages = scenario_messages.Messages(store, settings)

    # -- definitions -----------------------------------------------------------------------------

    def _zone(self) -> str:
        return str(self._settings.get("venue.timezone"))

    def setting(self, key: str) -> Any:
        value = self._settings.get(key)
        return DEFAULTS[key] if value is None else value

    def language(self) -> str:
        locale = str(self._settings.get("venue.locale") or "tr_TR")
        return "tr" if locale.lower().startswith("tr") else "en"

    def listed(self) -> list[ScenarioInfo]:
        """Every scenario of the venue; the shipped templates appear (switched off) until the
        owner saves them."""
        stored = {row.key: row for row in scenario_rows.listed(self._store)}
        out = [
            ScenarioInfo(
                row.id, row.key, row.name, row.enabled, rules.Scenario.from_json(row.definition)
            )
            for row in stored.values()
        ]
        for key, template in rules.TEMPLATES.items():
            if key not in stored:
                out.append(ScenarioInfo(0, key, key, False, template))
        return out

    def save(
        self, actor: ops.Actor, scenario: rules.Scenario, name: str | None = None
    ) -> ops.Result[int]:
        """Store a scenario (new from a template, or edited); owner only."""
        actor.require(ops.Role.OWNER, "change scenarios")
        scenario.validate()
        if scenario.audience.startswith("custom:"):
            custom = self._segmentation.config().custom
            if scenario.audience[7:] not in custom:
                raise rules.ScenarioError(f"audience: no custom segment {scenario.audience[7:]!r}")
        now = int(self._clock())
        with self._store.transaction():
            scenario_id = scenario_rows.save(
                self._store,
                scenario.key,
                name or scenario.key,
                scenario.enabled,
                scenario.as_json(),
                now,
            )
            audit.record(
                self._store,
                now,
                actor.user_id,
                "scenario.save",
                f"scenario={scenario_id} enabled={int(scenario.enabled)}",
            )
        return ops.Result(scenario_id, ops.Changes(settings=True))

    def switch(self, actor: ops.Actor, key: str, enabled: bool) -> ops.Changes:
        found = {info.key: info for info in self.listed()}
        if key not in found:
            raise rules.ScenarioError(f"no scenario {key!r}")
        info = found[key]
        return self.save(
            actor, dataclasses.replace(info.scenario, enabled=enabled), info.name
        ).changes

    # -- running ---------------------------------------------------------------------------------

    def run(self, actor: ops.Actor, day: dt.date | None = None) -> ops.Result[RunReport]:
        """Run every scenario switched on for local ``day`` (default today); see the module
        docstring. Owner work (it issues vouchers); the nightly job runs it as ops.SYSTEM."""
        actor.require(ops.Role.OWNER, "run scenarios")
        day = day or self._segmentation.today()
        results: list[ScenarioRun] = []
        with self._store.transaction():
            for info in self._ensure_stored():
                if info.enabled:
                    results.append(self._run_one(info, day, write=True))
            issued = sum(r.vouchers for r in results)
            queued = sum(r.messages for r in results)
            audit.record(
                self._store,
                int(self._clock()),
                actor.user_id,
                "scenarios.run",
                f"day={day.isoformat()} vouchers={issued} messages={queued}",
            )
        logger.info("scenario run %s: %d vouchers, %d messages", day, issued, queued)
        changes = ops.Changes(vouchers=issued > 0, all_guests=issued > 0, outbox=queued > 0)
        return ops.Result(RunReport(day, tuple(results)), changes)

    def preview(
        self, scenario: rules.Scenario, day: dt.date | None = None, scenario_id: int = 0
    ) -> ScenarioRun:
        """What ``scenario`` would do if run for ``day`` (default today): nothing is written."""
        day = day or self._segmentation.today()
        info = ScenarioInfo(scenario_id, scenario.key, scenario.key, True, scenario)
        return self._run_one(info, day, write=False)

    def _ensure_stored(self) -> list[ScenarioInfo]:
        """Templates not stored yet are stored switched off, so that each has an id."""
        now = int(self._clock())
        out = []
        for info in self.listed():
            if info.id == 0:
                scenario_id = scenario_rows.save(
                    self._store, info.key, info.name, False, info.scenario.as_json(), now
                )
                info = dataclasses.replace(info, id=scenario_id)
            out.append(info)
        return out

    def _run_one(self, info: ScenarioInfo, day: dt.date, *, write: bool) -> ScenarioRun:
        scenario = info.scenario
        zone = self._zone()
        local = localtime.day_of(day)
        today = self._segmentation.today()
        now = int(self._clock())
        at = now if day == today else localtime.day_start(local + 1, zone) - 1
        last = scenario_rows.last_run_day(self._store, info.id) if info.id else None
        since = local - 1 if last is None else max(min(last, local - 1), local - CATCH_UP_DAYS)
        result = ScenarioRun(scenario.key)
        candidates = self._audience.candidates(scenario, since, local, zone)
        candidates = self._audience.in_audience(scenario, candidates, at)
        if info.id and candidates:
            known = scenario_rows.known_occasions(
                self._store, info.id, [c.customer_id for c in candidates]
            )
            candidates = [c for c in candidates if (c.customer_id, c.occasion) not in known]
        result.audience = len(candidates)
        members: list[scenario_rows.NewMember] = []

        def member(c: scenario_audience.Candidate, arm: str, reason: str | None = None) -> None:
            members.append(
                scenario_rows.NewMember(info.id, c.customer_id, c.occasion, local, at, arm, reason)
            )

        if scenario.gives_voucher and scenario.frequency_capped and candidates:
            # counted in the venue's days, not seconds: a reward on day X holds back days X to
            # X + gap - 1 whatever the hour of either run
            gap = int(self.setting("scenarios.reward_gap_days"))
            recent = scenario_rows.rewarded_since(
                self._store, local - gap + 1, [c.customer_id for c in candidates]
            )
            for c in candidates:
                if c.customer_id in recent:
                    member(c, "skipped", "frequency")
                    result.skipped["frequency"] += 1
            candidates = [c for c in candidates if c.customer_id not in recent]
        treated: list[scenario_audience.Candidate] = []
        for c in candidates:
            if rules.is_holdout(scenario.key, c.customer_id, scenario.holdout_bp):
                member(c, "holdout")
                result.holdout += 1
            else:
                treated.append(c)
        given = self._within_budget(info, treated, day, at, result, member)
        result.treated = len(given)
        messages = self._messages.messages(scenario, given, day, result.skipped)
        result.messages = len(messages)
        if write:
            self._write(info, scenario, members, given, messages, local, at, zone)
            scenario_rows.record_run(self._store, info.id, local, now, result.as_json())
        return result

    # -- rewards ---------------------------------------------------------------------------------

    def _amounts(
        self, scenario: rules.Scenario, treated: Sequence[scenario_audience.Candidate], at: int
    ) -> dict[int, int]:
        reward = scenario.reward
        ids = [c.customer_id for c in treated]
        if reward.kind == "fixed" or not ids:
            return {i: reward.amount_minor for i in ids}
        clv: dict[int, float] = {}
        if reward.basis == "clv":
            metrics = self._segmentation.metrics(at)
            values = metrics.extra.get("clv_12m") if metrics.extra else None
            if values is not None:
                wanted = set(ids)
                for cid, value in zip(metrics.customer_id.tolist(), values.tolist(), strict=True):
                    if cid in wanted:
                        clv[int(cid)] = float(value) * 100
        spend = scenario_rows.monthly_spend(self._store, ids, at)
        out = {}
        for i in ids:
            total, months = spend.get(i, (0, 0))
            monthly = rules.average_monthly_spend(total, months)
            out[i] = rules.voucher_amount(reward, monthly, clv.get(i, monthly))
        return out

    def _within_budget(
        self,
        info: ScenarioInfo,
        treated: list[scenario_audience.Candidate],
        day: dt.date,
        at: int,
        result: ScenarioRun,
        member: Callable[[scenario_audience.Candidate, str, str | None], None],
    ) -> list[tuple[scenario_audience.Candidate, int]]:
        """The treated guests with their voucher amounts, in order, while the month's budget
        lasts; those past it are recorded as skipped for budget."""
        scenario = info.scenario
        if not scenario.gives_voucher:
            return [(c, 0) for c in treated]
        amounts = self._amounts(scenario, treated, at)
        budget_left = self._budget_left(info, day, self._zone())
        given: list[tuple[scenario_audience.Candidate, int]] = []
        for c in treated:
            amount = amounts.get(c.customer_id, 0)
            if budget_left is not None and amount > budget_left:
                member(c, "skipped", "budget")
                result.skipped["budget"] += 1
                continue
            if budget_left is not None:
                budget_left -= amount
            result.vouchers += 1
            result.cost_minor += amount
            result.amounts.append(amount)
            given.append((c, amount))
        return given

    def _budget_left(self, info: ScenarioInfo, day: dt.date, zone: str) -> int | None:
        budget = info.scenario.monthly_budget_minor
        if budget <= 0 or not info.scenario.gives_voucher:
            return None
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        start = localtime.day_start(localtime.day_of(first), zone)
        end = localtime.day_start(localtime.day_of(following), zone)
        spent = scenario_rows.cost(self._store, info.id, start, end) if info.id else 0
        return max(0, budget - spent)

    # -- writing ---------------------------------------------------------------------------------

    def _write(
        self,
        info: ScenarioInfo,
        scenario: rules.Scenario,
        members: list[scenario_rows.NewMember],
        given: Sequence[tuple[scenario_audience.Candidate, int]],
        messages: dict[int, tuple[str, str, str, str]],
        local: int,
        at: int,
        zone: str,
    ) -> None:
        for m in members:
            scenario_rows.add_member(self._store, m)
        expires = localtime.day_start(local + scenario.reward.valid_days + 1, zone)
        top = voucher_rows.highest_code(self._store)
        serial = int(top[2:12]) + 1 if top else 1
        for candidate, amount in given:
            voucher_id = None
            if scenario.gives_voucher:
                voucher_id = voucher_rows.issue(
                    self._store,
                    codes.voucher_code(serial),
                    "amount",
                    amount,
                    f"scenario:{scenario.key}",
                    at,
                    expires,
                    customer_id=candidate.customer_id,
                )
                serial += 1
            member_id = scenario_rows.add_member(
                self._store,
                scenario_rows.NewMember(
                    info.id,
                    candidate.customer_id,
                    candidate.occasion,
                    local,
                    at,
                    "treated",
                    voucher_id=voucher_id,
                    reward_minor=amount if scenario.gives_voucher else 0,
                ),
            )
            message = messages.get(candidate.customer_id)
            if message is not None:
                channel, language, subject, body = message
                outbox_rows.enqueue(
                    self._store,
                    outbox_rows.NewMessage(
                        candidate.customer_id,
                        member_id,
                        channel,
                        language,
                        subject,
                        body,
                        f"<{uuid.uuid4().hex}@boostdesk.invalid>",
                        at,
                    ),
                )
