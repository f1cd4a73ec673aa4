"""Segmentation: every family of PRODUCT.md section 5 over per-guest metric columns.

:func:`compute` runs all families for all guests at once (numpy, no Python loop over guests).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments import coded, custom, lifecycle, profile, value
from boostdesk.domain.segments.metrics import Metrics

PARTITIONING = (
    "lifecycle",
    "rfm",
    "abc",
    "basket",
    "age",
    "gender",
    "family",
    "frequency",
    "spend",
    "daypart",
    "campaigns",
    "registration_source",
    "predictive",
)


@dataclass(frozen=True)
class Config:
    lifecycle: lifecycle.LifecycleRules = field(default_factory=lifecycle.LifecycleRules)
    rfm_map: tuple[tuple[str, int, int, int, int], ...] = value.RFM_MAP
    abc_shares: tuple[float, float] = value.ABC_SHARES
    lover_share: float = profile.LOVER_SHARE
    lover_min_visits: int = profile.LOVER_MIN_VISITS
    birthday_days: int = 7
    name_days: dict[str, str] = field(default_factory=lambda: {"Tatyana": "01-25"})
    custom: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Segmentation:
    """Each partitioning family gives every guest exactly one segment key."""

    metrics: Metrics
    codes: dict[str, coded.Coded]
    rfm: value.Rfm
    cutoffs: dict[str, Any]
    birthday_soon: npt.NDArray[np.bool_]
    name_day_soon: npt.NDArray[np.bool_]
    family_birthday_soon: npt.NDArray[np.bool_]
    cross_sell: dict[str, int]
    category_abc: dict[str, str]
    custom: dict[str, npt.NDArray[np.bool_]]

    @functools.cached_property
    def families(self) -> dict[str, npt.NDArray[np.str_]]:
        """Per family, every guest's segment key (strings, made on first use)."""
        return {name: segments.strings() for name, segments in self.codes.items()}

    @functools.cached_property
    def factorized(self) -> dict[str, tuple[list[str], npt.NDArray[np.int64]]]:
        """Per family: the keys some guest has and each guest's index among them."""
        return {name: segments.compact() for name, segments in self.codes.items()}

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for name, (keys, codes) in self.factorized.items():
            counts = np.bincount(codes, minlength=len(keys))
            out[name] = {k: int(c) for k, c in sorted(zip(keys, counts.tolist(), strict=True))}
        return out


def factorize(values: npt.NDArray[Any]) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The distinct keys of ``values`` (in order of first appearance) and each value's index
    among them. A family has a handful of keys: one comparison pass per key is many times faster
    than sorting the strings (``np.unique``), which serves when there are many."""
    values = np.asarray(values).astype(str, copy=False)
    codes = np.full(len(values), -1, dtype=np.int64)
    keys: list[str] = []
    left = np.flatnonzero(codes < 0)
    while len(left) and len(keys) < 64:
        key = str(values[left[0]])
        codes[values == key] = len(keys)
        keys.append(key)
        left = left[codes[left] < 0]
    if len(left):  # many distinct keys: sort the rest once
        rest, inverse = np.unique(values[left], return_inverse=True)
        codes[left] = len(keys) + inverse.reshape(-1)
        keys.extend(str(k) for k in rest.tolist())
    return keys, codes


# The families whose segments depend on the owner's rule settings (the rules editor previews them).
RULED = ("lifecycle", "rfm", "abc", "basket")


def compute_families(
    metrics: Metrics,
    config: Config,
    names: tuple[str, ...] = RULED,
    rfm_scores: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
) -> dict[str, npt.NDArray[np.str_]]:
    """The segments of the families ``names`` only, exactly as :func:`compute` gives them
    (``rfm_scores``: the R and F scores of these metrics, when already known: the map alone is
    applied)."""
    out: dict[str, npt.NDArray[np.str_]] = {}
    for name in names:
        if name == "lifecycle":
            out[name] = lifecycle.classify(metrics, config.lifecycle)
        elif name == "rfm" and rfm_scores is not None:
            out[name] = value.rfm_groups(rfm_scores[0], rfm_scores[1], config.rfm_map)
        elif name == "rfm":
            out[name] = value.rfm(metrics, config.rfm_map).group
        elif name == "abc":
            classes, _ = value.abc(metrics.amount_window, metrics.customer_id, config.abc_shares)
            out[name] = classes.astype(str)
        elif name == "basket":
            out[name] = profile.basket(metrics, config.lover_share, config.lover_min_visits)
        else:
            raise ValueError(f"not a ruled family: {name!r}")
    return out


def evaluate_custom(
    metrics: Metrics,
    families: Mapping[str, npt.NDArray[np.str_] | custom.Labels],
    specs: dict[str, dict[str, Any]],
) -> dict[str, npt.NDArray[np.bool_]]:
    """Members of each custom segment (a spec the data no longer fits, e.g. a category removed
    since, matches no one rather than stopping the whole recompute)."""
    if not specs:
        return {}
    values = custom.columns(metrics, families)
    out = {}
    for name, spec in specs.items():
        try:
            out[name] = custom.evaluate(spec, values, len(metrics))
        except custom.RuleError:
            out[name] = np.zeros(len(metrics), dtype=bool)
    return out


def family_labels(metrics: Metrics, config: Config) -> dict[str, custom.Labels]:
    """Every partitioning family as :class:`custom.Labels`, the segments :func:`compute` gives,
    from their codes: no string per guest (custom segments are not evaluated)."""
    result = compute(metrics, dataclasses.replace(config, custom={}))
    return {
        name: custom.Labels(np.asarray(keys, dtype=str), codes.astype(np.int32))
        for name, (keys, codes) in result.factorized.items()
    }


def compute(metrics: Metrics, config: Config) -> Segmentation:
    rfm = value.rfm(metrics, config.rfm_map)
    abc_classes, abc_cutoffs = value.abc_codes(
        metrics.amount_window, metrics.customer_id, config.abc_shares
    )
    basket = profile.basket_codes(metrics, config.lover_share, config.lover_min_visits)
    # Codes, not strings: a family's key per guest is made only where a caller asks for it.
    families = {
        "lifecycle": lifecycle.classify_codes(metrics, config.lifecycle),
        "rfm": rfm.groups,
        "abc": abc_classes,
        "basket": basket,
        "age": profile.age_band_codes(metrics),
        "gender": coded.of_strings(profile.gender(metrics)),
        "family": profile.family_codes(metrics),
        "frequency": profile.frequency_band_codes(metrics),
        "spend": profile.spend_band_codes(metrics),
        "daypart": profile.day_part_codes(metrics),
        "campaigns": profile.campaigns_codes(metrics),
        "registration_source": coded.of_strings(metrics.registration_source.astype(str)),
        "predictive": profile.predictive_codes(metrics),
    }
    birthday = profile.days_until(metrics.birth_month, metrics.birth_day, metrics)
    name_day = profile.name_day_until(metrics, config.name_days)
    custom_members = evaluate_custom(
        metrics,
        {name: c.strings() for name, c in families.items()} if config.custom else {},
        config.custom,
    )
    return Segmentation(
        metrics=metrics,
        codes=families,
        rfm=rfm,
        cutoffs={"rfm": rfm.edges, "abc": abc_cutoffs},
        birthday_soon=(birthday >= 0) & (birthday <= config.birthday_days),
        name_day_soon=(name_day >= 0) & (name_day <= config.birthday_days),
        family_birthday_soon=_family_birthday_soon(metrics, config.birthday_days),
        cross_sell=profile.cross_sell_gaps(metrics, basket),
        category_abc=value.category_abc(metrics.categories, metrics.category_amount),
        custom=custom_members,
    )


def _family_birthday_soon(metrics: Metrics, days: int) -> npt.NDArray[np.bool_]:
    """Guests with a spouse's or child's birthday within ``days`` days."""
    until = profile.days_until(metrics.family_birth_month, metrics.family_birth_day, metrics)
    soon = metrics.family_owner[(until >= 0) & (until <= days)]
    return np.bincount(soon, minlength=len(metrics)) > 0
