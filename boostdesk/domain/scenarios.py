"""Retention scenarios (PRODUCT.md section 6): what a scenario is, the shipped templates, and the
pure rules a run applies — who is held out, what a win-back voucher is worth, how a message reads.

A scenario reacts to a *trigger* (entering a lifecycle segment, a birthday N days ahead, points
about to expire …) for the guests of its *audience*, gives a *reward* (a voucher, or nothing but a
message), and holds out a reproducible random share of the eligible guests as a control group, so
that its effect can be measured (:mod:`boostdesk.domain.uplift`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final

TRIGGERS: Final = (
    "enrolled",  # enrolled on the run day
    "entered",  # entered ``segment`` of ``family`` on the run day (a kept transition)
    "birthday",  # the guest's birthday is ``days_before`` days after the run day
    "name_day",  # the guest's name day (venue calendar) likewise
    "family_birthday",  # a spouse's or child's birthday likewise
    "points_expiry",  # points expire ``days_before`` days after the run day
)
REWARDS: Final = ("none", "fixed", "value_based")
PLACEHOLDERS: Final = ("first_name", "amount", "expiry", "favourite_category", "venue")
LANGUAGES: Final = ("tr", "en")
ROUND_TO_MINOR: Final = 500  # win-back vouchers are whole ₺5 steps
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class ScenarioError(ValueError):
    """A scenario definition that cannot run; the message names the field."""


@dataclass(frozen=True, slots=True)
class Reward:
    """``none``: a message only. ``fixed``: a voucher of ``amount_minor``. ``value_based``:
    clamp(factor × the guest's value, min, max) rounded to ₺5, the value being the average
    monthly spend over the months the guest visited (``basis`` ``monthly``) or the 12-month CLV
    (``clv``). Vouchers are valid ``valid_days`` days."""

    kind: str = "none"
    amount_minor: int = 0
    factor: float = 1.0
    basis: str = "monthly"
    min_minor: int = 0
    max_minor: int = 0
    valid_days: int = 30


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    template: str
    trigger: str
    family: str = "lifecycle"  # for ``entered``
    segment: str = ""  # for ``entered``
    days_before: int = 0  # for the calendar triggers and points expiry
    audience: str = ""  # extra condition: "" (all), "family:segment" or "custom:name"
    reward: Reward = field(default_factory=Reward)
    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> subject/body
    frequency_capped: bool = True  # counts toward the global one-reward-per-N-days cap
    monthly_budget_minor: int = 0  # 0: no budget
    holdout_bp: int = 1000  # basis points of the eligible guests held out
    enabled: bool = False

    def validate(self) -> None:
        if self.trigger not in TRIGGERS:
            raise ScenarioError(f"trigger: unknown {self.trigger!r}")
        if self.trigger == "entered" and not self.segment:
            raise ScenarioError("segment: an 'entered' trigger needs the segment")
        if self.reward.kind not in REWARDS:
            raise ScenarioError(f"reward: unknown {self.reward.kind!r}")
        if self.reward.kind == "value_based" and not (
            0 < self.reward.min_minor <= self.reward.max_minor
        ):
            raise ScenarioError("reward: a value-based voucher needs 0 < min <= max")
        if self.reward.kind == "fixed" and self.reward.amount_minor <= 0:
            raise ScenarioError("reward: a fixed voucher needs an amount")
        if not 0 <= self.holdout_bp <= 5000:
            raise ScenarioError("holdout: between 0 and 50 %")
        if self.monthly_budget_minor < 0:
            raise ScenarioError("budget: not negative")
        for language, texts in self.messages.items():
            for part in texts.values():
                unknown = set(_PLACEHOLDER.findall(part)) - set(PLACEHOLDERS)
                if unknown:
                    raise ScenarioError(
                        f"message ({language}): unknown placeholder {{{sorted(unknown)[0]}}}"
                    )

    @property
    def gives_voucher(self) -> bool:
        return self.reward.kind != "none"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["messages"] = {k: dict(v) for k, v in self.messages.items()}
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scenario:
        values = dict(data)
        values["reward"] = Reward(**dict(values.get("reward") or {}))
        values["messages"] = {k: dict(v) for k, v in dict(values.get("messages") or {}).items()}
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def _messages(tr_subject: str, tr_body: str, en_subject: str, en_body: str) -> dict[str, Any]:
    return {
        "tr": {"subject": tr_subject, "body": tr_body},
        "en": {"subject": en_subject, "body": en_body},
    }


# The win-back templates' monthly budgets: ₺30 000 is 120 to 600 At-risk vouchers (₺50–250),
# ₺20 000 is 66 to 266 Lost ones (₺75–300) — together about 1.5 % of the monthly takings of a
# café of 5 000 guests (the demo: ₺3.4 M). On the demo ~22 guests a day enter At risk and ~8
# Lost (the first run meets ~45 and ~30: ~₺7 900 and ~₺7 400); the former ₺5 000 each ran out on
# that first run.
WINBACK_AT_RISK_BUDGET_MINOR: Final = 3_000_000
WINBACK_LOST_BUDGET_MINOR: Final = 2_000_000

_WINBACK_REWARD = Reward(
    kind="value_based",
    factor=0.5,
    basis="monthly",
    min_minor=5_000,
    max_minor=25_000,
    valid_days=21,
)

TEMPLATES: Final[dict[str, Scenario]] = {
    "welcome": Scenario(
        key="welcome",
        template="welcome",
        trigger="enrolled",
        frequency_capped=False,  # the welcome bonus itself is booked at enrolment
        messages=_messages(
            "{venue} ailesine hoş geldiniz",
            "Merhaba {first_name}, {venue} kartınıza {amount} hoş geldin puanı yükledik. "
            "Bir sonraki ziyaretinizden itibaren {expiry} tarihine kadar kullanabilirsiniz.",
            "Welcome to {venue}",
            "Hello {first_name}, we added a {amount} welcome bonus to your {venue} card. "
            "Use it from your next visit until {expiry}.",
        ),
    ),
    "second_visit": Scenario(
        key="second_visit",
        template="second_visit",
        trigger="entered",
        segment="potential_loyal",
        frequency_capped=False,
        messages=_messages(
            "{first_name}, hoş geldin puanınız sizi bekliyor",
            "Merhaba {first_name}, {amount} hoş geldin puanınız hâlâ duruyor. "
            "Bir {favourite_category} için {venue}'a uğrayın!",
            "{first_name}, your welcome bonus is waiting",
            "Hello {first_name}, your {amount} welcome bonus is still there. "
            "Come by {venue} for a {favourite_category}!",
        ),
    ),
    "winback_at_risk": Scenario(
        key="winback_at_risk",
        template="winback",
        trigger="entered",
        segment="at_risk",
        reward=_WINBACK_REWARD,
        monthly_budget_minor=WINBACK_AT_RISK_BUDGET_MINOR,
        messages=_messages(
            "{first_name}, sizi özledik",
            "Merhaba {first_name}, bir sonraki ziyaretinizde kullanmanız için {amount} "
            "değerinde bir hediye çeki kasada sizi bekliyor ({expiry} tarihine kadar). "
            "Favoriniz {favourite_category} bizden!",
            "{first_name}, we miss you",
            "Hello {first_name}, a {amount} voucher is waiting for you at the counter "
            "(until {expiry}). Your favourite {favourite_category} is on us!",
        ),
    ),
    "winback_lost": Scenario(
        key="winback_lost",
        template="winback",
        trigger="entered",
        segment="lost",
        reward=replace(_WINBACK_REWARD, factor=0.75, min_minor=7_500, max_minor=30_000),
        monthly_budget_minor=WINBACK_LOST_BUDGET_MINOR,
        messages=_messages(
            "{first_name}, sizi tekrar görmek isteriz",
            "Merhaba {first_name}, uzun zamandır görüşemedik. {amount} değerindeki hediye "
            "çekiniz {expiry} tarihine kadar kasada. Bir {favourite_category} ısmarlayalım!",
            "{first_name}, we would love to see you again",
            "Hello {first_name}, it has been a while. A {amount} voucher waits for you at the "
            "counter until {expiry}. Let us treat you to a {favourite_category}!",
        ),
    ),
    "birthday": Scenario(
        key="birthday",
        template="birthday",
        trigger="birthday",
        days_before=3,
        reward=Reward(kind="fixed", amount_minor=10_000, valid_days=14),
        messages=_messages(
            "İyi ki doğdunuz {first_name}!",
            "Doğum gününüz kutlu olsun {first_name}! {amount} değerinde hediye çekiniz "
            "{expiry} tarihine kadar {venue} kasasında.",
            "Happy birthday, {first_name}!",
            "Happy birthday, {first_name}! A {amount} voucher waits for you at {venue} "
            "until {expiry}.",
        ),
    ),
    "name_day": Scenario(
        key="name_day",
        template="name_day",
        trigger="name_day",
        days_before=1,
        reward=Reward(kind="fixed", amount_minor=5_000, valid_days=7),
        messages=_messages(
            "İsim gününüz kutlu olsun {first_name}",
            "İsim gününüz kutlu olsun {first_name}! {amount} değerinde hediye çekiniz "
            "{expiry} tarihine kadar kasada.",
            "Happy name day, {first_name}",
            "Happy name day, {first_name}! A {amount} voucher waits at the counter until {expiry}.",
        ),
    ),
    "family_birthday": Scenario(
        key="family_birthday",
        template="family_birthday",
        trigger="family_birthday",
        days_before=7,
        reward=Reward(kind="fixed", amount_minor=7_500, valid_days=21),
        messages=_messages(
            "Ailenizde bir doğum günü yaklaşıyor",
            "Merhaba {first_name}, ailenizdeki doğum gününü {venue}'da kutlayın: "
            "{amount} değerinde hediye çekiniz {expiry} tarihine kadar kasada.",
            "A birthday in your family is coming",
            "Hello {first_name}, celebrate the birthday in your family at {venue}: "
            "a {amount} voucher waits at the counter until {expiry}.",
        ),
    ),
    "vip_welcome": Scenario(
        key="vip_welcome",
        template="vip_welcome",
        trigger="entered",
        segment="vip",
        frequency_capped=False,
        messages=_messages(
            "{first_name}, artık VIP misafirimizsiniz",
            "Tebrikler {first_name}! Artık {venue}'nun VIP misafirisiniz: her ziyarette "
            "daha yüksek puan kazanırsınız.",
            "{first_name}, you are a VIP guest now",
            "Congratulations {first_name}! You are now a VIP guest of {venue}: every visit "
            "earns you more points.",
        ),
    ),
    "points_expiry": Scenario(
        key="points_expiry",
        template="points_expiry",
        trigger="points_expiry",
        days_before=7,
        frequency_capped=False,
        holdout_bp=1000,
        messages=_messages(
            "{first_name}, puanlarınızın süresi doluyor",
            "Merhaba {first_name}, {amount} puanınızın süresi {expiry} tarihinde doluyor. "
            "{venue}'da kullanmayı unutmayın!",
            "{first_name}, your points are about to expire",
            "Hello {first_name}, {amount} of your points expire on {expiry}. Use them at {venue}!",
        ),
    ),
}
"""The scenarios shipped with every venue, switched off (the demo venue switches them on)."""

for _template in TEMPLATES.values():
    _template.validate()


def from_template(template_key: str, key: str, **changes: Any) -> Scenario:
    """A new scenario built from a shipped template with ``changes`` (e.g. another audience)."""
    base = TEMPLATES[template_key]
    scenario = replace(base, key=key, **changes)
    scenario.validate()
    return scenario


# -- holdout ------------------------------------------------------------------------------------


def holdout_draw(scenario_key: str, customer_id: int, seed: str = "") -> int:
    """A reproducible number in [0, 10 000) for this guest in this scenario: the same guest is in
    the same group every time the scenario meets them (a hash, not a random generator, so no
    state has to be kept and a re-run decides the same)."""
    digest = hashlib.blake2b(
        f"{seed}:{scenario_key}:{customer_id}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big") % 10_000


def is_holdout(scenario_key: str, customer_id: int, holdout_bp: int, seed: str = "") -> bool:
    return holdout_draw(scenario_key, customer_id, seed) < holdout_bp


# -- rewards -------------------------------------------------------------------------------------


def round_to_step(amount_minor: float, step: int = ROUND_TO_MINOR) -> int:
    """Half-up to the nearest ``step`` (₺5): 172.49 → 170, 172.50 → 175."""
    return int((amount_minor + step / 2) // step) * step


def value_based_amount(reward: Reward, value_minor: float) -> int:
    """clamp(round₅(factor × value), min, max): the guest's value sets the size, the owner's
    minimum and maximum bound it (a guest with no known value gets the minimum)."""
    raw = round_to_step(max(value_minor, 0.0) * reward.factor)
    return max(reward.min_minor, min(reward.max_minor, raw))


def average_monthly_spend(total_minor: int, active_months: int) -> float:
    """Spend divided by the calendar months in which the guest visited at all (a guest who came
    in 3 months of the last year spent *that* per month while coming, not total / 12)."""
    return total_minor / active_months if active_months > 0 else 0.0


def voucher_amount(reward: Reward, monthly_minor: float, clv_minor: float) -> int:
    if reward.kind == "fixed":
        return reward.amount_minor
    if reward.kind == "value_based":
        return value_based_amount(reward, clv_minor if reward.basis == "clv" else monthly_minor)
    return 0


# -- messages ------------------------------------------------------------------------------------


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{placeholder}``s; an unknown or missing one is left empty, never shown raw."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def message_for(
    scenario: Scenario, language: str, values: Mapping[str, str]
) -> tuple[str, str] | None:
    """(subject, body) in ``language`` (falling back to Turkish, then any), or None."""
    texts = (
        scenario.messages.get(language)
        or scenario.messages.get("tr")
        or next(iter(scenario.messages.values()), None)
    )
    if not texts or not texts.get("body"):
        return None
    return render(texts.get("subject", ""), values), render(texts["body"], values)
