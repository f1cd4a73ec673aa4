"""Custom segments: the owner's AND/OR conditions over any guest metric (PRODUCT.md 5.7).

A segment is data, never code: a JSON spec ``{"all": [...]}`` or ``{"any": [...]}`` whose items
are conditions ``{"metric": NAME, "op": OP, "value": V}`` or nested groups. Numbers compare with
``>= > <= < == !=``; labels (favourite category, district, a segment of any family …) with
``in`` / ``not_in`` and a list of values. :func:`validate` checks a spec against the catalogue
before it is stored; :func:`evaluate` runs it on metric columns (numpy masks, no ``eval``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments import profile
from boostdesk.domain.segments.metrics import DAY, Metrics

BoolArray = npt.NDArray[np.bool_]
MAX_DEPTH = 3
MAX_CONDITIONS = 40

NUMBER_OPS = {
    ">=": np.greater_equal,
    ">": np.greater,
    "<=": np.less_equal,
    "<": np.less,
    "==": np.equal,
    "!=": np.not_equal,
}
LABEL_OPS = ("in", "not_in")

# kinds: count, money (major units), days, percent (0-100), probability (0-1), years, flag (0/1),
# label (one text value per guest)
NUMBER_KINDS = ("count", "money", "days", "percent", "probability", "years", "flag")
SEGMENT_PREFIX = "segment:"
CONSENT_CHANNELS = ("sms", "email", "call")


class RuleError(ValueError):
    """A spec that cannot be stored or run; the message says what is wrong."""


@dataclass(frozen=True)
class Labels:
    """A text value per guest, kept as the distinct ``keys`` and each guest's index among them
    (100 000 guests x a dozen text columns as strings would hold hundreds of megabytes)."""

    keys: npt.NDArray[np.str_]
    codes: npt.NDArray[np.int32]

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Labels:
        from boostdesk.domain import segments  # the package imports this module

        keys, codes = segments.factorize(np.asarray(values))
        return cls(np.array(keys, dtype=str), codes.astype(np.int32))

    def __len__(self) -> int:
        return len(self.codes)

    def isin(self, wanted: list[str]) -> BoolArray:
        return np.asarray(np.isin(self.keys, wanted)[self.codes], dtype=bool)

    def counts(self) -> dict[str, int]:
        """Guests per value."""
        found = np.bincount(self.codes, minlength=len(self.keys)).tolist()
        return {str(k): int(n) for k, n in zip(self.keys.tolist(), found, strict=True)}


Column = npt.NDArray[np.float64] | Labels


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric a condition may use."""

    name: str
    kind: str


# The metrics every venue has, with their kinds; :func:`catalogue` adds the venue's own.
BASE_METRICS = {
    "visits": "count",
    "visits_30d": "count",
    "visits_365d": "count",
    "spend_30d": "money",
    "spend_365d": "money",
    "spend_total": "money",
    "average_bill": "money",
    "days_since_last_visit": "days",
    "days_since_first_visit": "days",
    "member_days": "days",
    "morning_share": "percent",
    "afternoon_share": "percent",
    "evening_share": "percent",
    "favourite_category": "label",
    "age": "years",
    "children": "count",
    "vouchers_redeemed": "count",
    "registration_source": "label",
}
ATTRIBUTES = {
    "district": "label",
    "city": "label",
    **{f"consent_{c}": "flag" for c in CONSENT_CHANNELS},
}
PREDICTIONS = {"p_alive": "probability", "expected_visits_30d": "count", "clv_12m": "money"}


def catalogue(categories: tuple[str, ...], families: tuple[str, ...]) -> dict[str, Metric]:
    """Every metric a condition may use in a venue with these product ``categories`` and segment
    ``families`` (the same names :func:`columns` gives values for)."""
    kinds = {
        **BASE_METRICS,
        **{f"spend_{code}": "money" for code in categories},
        **ATTRIBUTES,
        **PREDICTIONS,
        **{SEGMENT_PREFIX + family: "label" for family in families},
    }
    return {name: Metric(name, kind) for name, kind in kinds.items()}


def columns(metrics: Metrics, families: Mapping[str, Any] | None = None) -> dict[str, Column]:
    """The value of every metric for every guest (money in major units, shares in percent);
    ``families``: each family's segment per guest (strings, or :class:`Labels` already)."""
    return {name: values for name, (_, values) in _columns(metrics, families or {}).items()}


def _share(part: npt.NDArray[np.int64], total: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    out = np.zeros(len(part))
    np.divide(100.0 * part, total, out=out, where=total > 0)
    return out


def _columns(metrics: Metrics, families: Mapping[str, Any]) -> dict[str, tuple[str, Column]]:
    visits_parts = metrics.morning + metrics.afternoon + metrics.evening
    found: dict[str, tuple[str, Any]] = {
        "visits": ("count", metrics.visits),
        "visits_30d": ("count", metrics.visits_month),
        "visits_365d": ("count", metrics.visits_window),
        "spend_30d": ("money", metrics.amount_month / 100),
        "spend_365d": ("money", metrics.amount_window / 100),
        "spend_total": ("money", metrics.amount_minor / 100),
        "average_bill": ("money", metrics.average_bill() / 100),
        "days_since_last_visit": ("days", metrics.days_since_last()),
        "days_since_first_visit": ("days", metrics.days_since_first()),
        "member_days": ("days", (metrics.as_of - metrics.created_at) // DAY),
        "morning_share": ("percent", _share(metrics.morning, visits_parts)),
        "afternoon_share": ("percent", _share(metrics.afternoon, visits_parts)),
        "evening_share": ("percent", _share(metrics.evening, visits_parts)),
        "favourite_category": ("label", favourite_category(metrics)),
        "age": ("years", profile.age(metrics)),
        "children": ("count", metrics.children),
        "vouchers_redeemed": ("count", metrics.vouchers_redeemed),
        "registration_source": ("label", metrics.registration_source.astype(str)),
    }
    for i, code in enumerate(metrics.categories):
        found[f"spend_{code}"] = ("money", metrics.category_amount[:, i] / 100)
    for name, values in metrics.attributes.items():
        found[name] = (ATTRIBUTES.get(name, "label"), values)
    for name, kind in PREDICTIONS.items():
        # not fitted yet: no guest has a prediction (NaN matches no comparison but "!=")
        predicted = metrics.extra.get(name)
        found[name] = (kind, np.full(len(metrics), np.nan) if predicted is None else predicted)
    for family, values in families.items():
        found[SEGMENT_PREFIX + family] = ("label", values)
    return {
        name: (kind, _label_column(v) if kind == "label" else np.asarray(v, np.float64))
        for name, (kind, v) in found.items()
    }


def _label_column(values: Any) -> Labels:
    return values if isinstance(values, Labels) else Labels.of(values)


def favourite_category(metrics: Metrics) -> npt.NDArray[np.str_]:
    """The category the guest spent most on ("" without any spend)."""
    amounts = metrics.category_amount
    if amounts.shape[1] == 0:
        return np.full(len(metrics), "").astype(str)
    names = np.array(metrics.categories, dtype=object)
    top = names[amounts.argmax(axis=1)]
    return np.where(amounts.sum(axis=1) > 0, top, "").astype(str)


def validate(spec: Any, known: Mapping[str, Metric]) -> dict[str, Any]:
    """The spec in its stored form; raises :class:`RuleError` naming the first problem."""
    count = [0]
    result: dict[str, Any] = _validate_group(spec, known, 1, count)
    if count[0] == 0:
        raise RuleError("a segment needs at least one condition")
    if "all" not in result and "any" not in result:
        result = {"all": [result]}
    return result


def _validate_group(spec: Any, known: Mapping[str, Metric], depth: int, count: list[int]) -> Any:
    if not isinstance(spec, dict):
        raise RuleError("a group must be an object with 'all' or 'any'")
    if "all" in spec or "any" in spec:
        if depth > MAX_DEPTH:
            raise RuleError(f"groups nest at most {MAX_DEPTH} deep")
        key = "all" if "all" in spec else "any"
        parts = spec[key]
        if not isinstance(parts, list):
            raise RuleError(f"'{key}' must hold a list of conditions")
        return {key: [_validate_group(part, known, depth + 1, count) for part in parts]}
    count[0] += 1
    if count[0] > MAX_CONDITIONS:
        raise RuleError(f"at most {MAX_CONDITIONS} conditions")
    return _validate_condition(spec, known)


def _validate_condition(spec: dict[str, Any], known: Mapping[str, Metric]) -> dict[str, Any]:
    metric, op, value = spec.get("metric"), spec.get("op"), spec.get("value")
    if metric not in known:
        raise RuleError(f"unknown metric {metric!r}")
    if known[str(metric)].kind == "label":
        if op not in LABEL_OPS:
            raise RuleError(f"{metric} takes 'in' or 'not_in', not {op!r}")
        if not isinstance(value, list) or not value:
            raise RuleError(f"{metric} needs a list of one or more values")
        return {"metric": metric, "op": op, "value": sorted({str(v) for v in value})}
    if op not in NUMBER_OPS:
        raise RuleError(f"unknown operator {op!r}; use one of {' '.join(NUMBER_OPS)}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{metric} needs a number, not {value!r}")
    if not np.isfinite(value):
        raise RuleError(f"{metric} needs a finite number")
    return {"metric": metric, "op": op, "value": value}


def evaluate(spec: Mapping[str, Any], values: Mapping[str, Column], n: int) -> BoolArray:
    """The guests matching ``spec`` (validated or not: a bad spec raises :class:`RuleError`)."""
    if "all" in spec or "any" in spec:
        key = "all" if "all" in spec else "any"
        parts = [evaluate(part, values, n) for part in spec[key]]
        if not parts:
            return np.full(n, key == "all")
        combine = np.logical_and if key == "all" else np.logical_or
        return np.asarray(combine.reduce(parts), dtype=bool)
    metric, op, value = spec.get("metric"), spec.get("op"), spec.get("value")
    if metric not in values:
        raise RuleError(f"unknown metric {metric!r}; known: {', '.join(sorted(values))}")
    column = values[str(metric)]
    if op in LABEL_OPS:
        if not isinstance(value, list | tuple):
            raise RuleError(f"{metric} {op} needs a list of values")
        if not isinstance(column, Labels):
            raise RuleError(f"{metric} takes a comparison with a number")
        hit = column.isin([str(v) for v in value])
        return hit if op == "in" else ~hit
    if op not in NUMBER_OPS:
        raise RuleError(f"unknown operator {op!r}; use one of {' '.join(NUMBER_OPS)}")
    if isinstance(column, Labels):
        raise RuleError(f"{metric} takes 'in' or 'not_in'")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise RuleError(f"a condition needs metric, op and a numeric value: {spec}") from exc
    return np.asarray(NUMBER_OPS[op](column, number), dtype=bool)


def metrics_used(spec: Mapping[str, Any]) -> set[str]:
    """The metric names a spec refers to."""
    if "all" in spec or "any" in spec:
        parts = spec["all"] if "all" in spec else spec["any"]
        return set().union(*(metrics_used(part) for part in parts)) if parts else set()
    return {str(spec.get("metric"))}
