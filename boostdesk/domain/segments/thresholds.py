"""The owner's segment rules as settings: every threshold of PRODUCT.md section 5, its default,
its bounds, and the checks a set of them must pass before it is stored.

Settings keys: ``segments.lifecycle.<field>`` (see :class:`lifecycle.LifecycleRules`),
``segments.rfm_map`` (rows ``[group, R from, R to, F from, F to]``, first match wins),
``segments.abc_shares`` (``[A share, A+B share]``), ``segments.basket.lover_share``,
``segments.basket.lover_min_visits`` and ``segments.birthday_days``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from boostdesk.domain import segments
from boostdesk.domain.segments import lifecycle, profile, value

LIFECYCLE = "segments.lifecycle."
RFM_MAP = "segments.rfm_map"
ABC_SHARES = "segments.abc_shares"
LOVER_SHARE = "segments.basket.lover_share"
LOVER_VISITS = "segments.basket.lover_min_visits"
BIRTHDAY_DAYS = "segments.birthday_days"


class RulesError(ValueError):
    """A set of rules that cannot be stored; ``key`` names the setting at fault."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True, slots=True)
class Threshold:
    """One numeric rule setting: ``unit`` is count, days, money (minor units) or flag."""

    key: str
    unit: str
    low: int
    high: int


def _lifecycle(name: str, unit: str, low: int, high: int) -> Threshold:
    return Threshold(LIFECYCLE + name, unit, low, high)


THRESHOLDS: tuple[Threshold, ...] = (
    _lifecycle("vip_visits", "count", 1, 200),
    _lifecycle("vip_average_minor", "money", 0, 10_000_000),
    _lifecycle("loyal_visits", "count", 1, 200),
    _lifecycle("loyal_average_minor", "money", 0, 10_000_000),
    _lifecycle("new_days", "days", 1, 90),
    _lifecycle("potential_wait_days", "days", 1, 90),
    _lifecycle("at_risk_days", "days", 1, 3650),
    _lifecycle("at_risk_min_average_minor", "money", 0, 10_000_000),
    _lifecycle("lost_days", "days", 1, 3650),
    _lifecycle("lost_min_average_minor", "money", 0, 10_000_000),
    _lifecycle("gone_days", "days", 1, 3650),
    _lifecycle("adaptive_recency", "flag", 0, 1),
    Threshold(LOVER_VISITS, "count", 1, 100),
    Threshold(BIRTHDAY_DAYS, "days", 0, 60),
)
BY_KEY = {t.key: t for t in THRESHOLDS}


def defaults() -> dict[str, Any]:
    """The shipped rules (PRODUCT.md section 5)."""
    return {
        **lifecycle.settings_defaults(),
        RFM_MAP: [list(row) for row in value.RFM_MAP],
        ABC_SHARES: list(value.ABC_SHARES),
        LOVER_SHARE: profile.LOVER_SHARE,
        LOVER_VISITS: profile.LOVER_MIN_VISITS,
        BIRTHDAY_DAYS: 7,
    }


KEYS = tuple(defaults())


def current(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The rules in force: the stored value of each key, else its default."""
    return {k: stored[k] if stored.get(k) is not None else v for k, v in defaults().items()}


def validate(values: Mapping[str, Any]) -> dict[str, Any]:
    """A complete, checked set of rules (missing keys take their default); raises
    :class:`RulesError` naming the first setting at fault."""
    out = current(values)
    unknown = set(values) - set(out)
    if unknown:
        raise RulesError(sorted(unknown)[0], f"not a segment rule: {sorted(unknown)[0]}")
    for t in THRESHOLDS:
        raw = out[t.key]
        if t.unit == "flag":
            out[t.key] = bool(raw)
            continue
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise RulesError(t.key, f"{t.key} must be a whole number")
        if not t.low <= raw <= t.high:
            raise RulesError(t.key, f"{t.key} must be between {t.low} and {t.high}")
    rules = lifecycle.LifecycleRules.from_settings(out)
    if not rules.at_risk_days < rules.lost_days < rules.gone_days:
        raise RulesError(LIFECYCLE + "lost_days", "At risk < Lost < Gone days must hold")
    if rules.loyal_visits > rules.vip_visits:
        raise RulesError(LIFECYCLE + "loyal_visits", "Loyal cannot need more visits than VIP")
    out[ABC_SHARES] = _abc(out[ABC_SHARES])
    share = out[LOVER_SHARE]
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0.5 < share <= 1:
        raise RulesError(LOVER_SHARE, "the lover share must be above 50 % and at most 100 %")
    out[LOVER_SHARE] = float(share)
    out[RFM_MAP] = _rfm_map(out[RFM_MAP])
    return out


def _abc(raw: Any) -> list[float]:
    try:
        a, b = (float(x) for x in raw)
    except (TypeError, ValueError) as exc:
        raise RulesError(ABC_SHARES, "ABC needs two shares") from exc
    if not 0 < a < b < 1:
        raise RulesError(ABC_SHARES, "0 % < A share < A+B share < 100 % must hold")
    return [a, b]


def _rfm_map(raw: Any) -> list[list[Any]]:
    if not isinstance(raw, list) or not raw:
        raise RulesError(RFM_MAP, "the RFM map needs at least one row")
    rows: list[list[Any]] = []
    for row in raw:
        if not isinstance(row, list | tuple) or len(row) != 5:
            raise RulesError(RFM_MAP, "an RFM row is [group, R from, R to, F from, F to]")
        name, *bounds = row
        if name not in value.RFM_NAMES:
            raise RulesError(RFM_MAP, f"unknown RFM group {name!r}")
        if not all(isinstance(b, int) and not isinstance(b, bool) and 1 <= b <= 5 for b in bounds):
            raise RulesError(RFM_MAP, "RFM scores run from 1 to 5")
        if bounds[0] > bounds[1] or bounds[2] > bounds[3]:
            raise RulesError(RFM_MAP, f"{name}: 'from' must not exceed 'to'")
        rows.append([str(name), *bounds])
    return rows


def config(values: Mapping[str, Any], base: segments.Config | None = None) -> segments.Config:
    """The segmentation config of a checked set of rules (other parts taken from ``base``)."""
    base = base or segments.Config()
    checked = current(values)
    a, b = (float(x) for x in checked[ABC_SHARES])
    return segments.Config(
        lifecycle=lifecycle.LifecycleRules.from_settings(checked),
        rfm_map=tuple(
            (str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in checked[RFM_MAP]
        ),
        abc_shares=(a, b),
        lover_share=float(checked[LOVER_SHARE]),
        lover_min_visits=int(checked[LOVER_VISITS]),
        birthday_days=int(checked[BIRTHDAY_DAYS]),
        name_days=base.name_days,
        custom=base.custom,
    )
