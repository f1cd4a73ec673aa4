"""What guests are worth: RFM scores and groups, ABC classes (PRODUCT.md 5.2, 5.3)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments import coded
from boostdesk.domain.segments.metrics import FloatArray, IntArray, Metrics

# (group, R from, R to, F from, F to): first match wins; an owner setting ("segments.rfm_map").
RFM_MAP: tuple[tuple[str, int, int, int, int], ...] = (
    ("champions", 5, 5, 4, 5),
    ("loyal", 3, 4, 4, 5),
    ("potential_loyalist", 4, 5, 2, 3),
    ("new", 5, 5, 1, 1),
    ("promising", 4, 4, 1, 1),
    ("need_attention", 3, 3, 3, 3),
    ("about_to_sleep", 3, 3, 1, 2),
    ("cant_lose_them", 1, 2, 5, 5),
    ("at_risk", 1, 2, 3, 4),
    ("hibernating", 2, 2, 1, 2),
    ("lost", 1, 1, 1, 2),
)
RFM_NAMES = {
    "champions": "Champions",
    "loyal": "Loyal",
    "potential_loyalist": "Potential loyalist",
    "new": "New",
    "promising": "Promising",
    "need_attention": "Need attention",
    "about_to_sleep": "About to sleep",
    "cant_lose_them": "Can't lose them",
    "at_risk": "At risk",
    "hibernating": "Hibernating",
    "lost": "Lost",
}
ABC_SHARES = (0.80, 0.95)  # A: the top guests making 80 % of revenue, B: the next 15 %


@dataclass(frozen=True)
class Rfm:
    r: IntArray
    f: IntArray
    m: IntArray
    groups: coded.Coded
    edges: dict[str, list[float]]  # per score, the lowest value that earns 2, 3, 4, 5

    @functools.cached_property
    def group(self) -> npt.NDArray[np.str_]:
        """Every guest's RFM group key."""
        return self.groups.strings()

    def code(self) -> npt.NDArray[np.str_]:
        return np.char.add(np.char.add(self.r.astype(str), self.f.astype(str)), self.m.astype(str))


def quintile_scores(
    values: FloatArray, active: npt.NDArray[np.bool_]
) -> tuple[IntArray, list[float]]:
    """Scores 1-5 by rank among ``active`` guests; equal values always get the same score.

    score = 1 + floor(5 * (rank - 1) / n) with the *lowest* rank of a tie, so ties never split
    across scores and the result does not depend on row order. Inactive guests score 1.
    """
    scores = np.ones(len(values), dtype=np.int64)
    n = int(active.sum())
    if n == 0:
        return scores, [float("inf")] * 4
    chosen = values[active]
    # the "min" rank of a tie: 1 + how many values are smaller (scipy's rankdata, without scipy):
    # in sorted order, where the run of equal values starts; scores never fall along that order
    order = np.argsort(chosen, kind="stable")
    ordered = chosen[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    below = np.maximum.accumulate(np.where(starts, np.arange(n), 0))  # rank - 1
    sorted_scores = 1 + (5 * below) // n  # = 1 + floor(5 * (rank - 1) / n), in integers
    placed = np.empty(n, dtype=np.int64)
    placed[order] = sorted_scores
    scores[active] = placed
    firsts = np.searchsorted(sorted_scores, [2, 3, 4, 5], side="left")
    edges = [float(ordered[i]) if i < n else float("inf") for i in firsts.tolist()]
    return scores, edges


def score_with_edges(value: float, edges: list[float]) -> int:
    """The score one guest would get against stored edges (incremental re-evaluation)."""
    return 1 + sum(value >= edge for edge in edges)


def rfm(metrics: Metrics, rfm_map: tuple[tuple[str, int, int, int, int], ...] = RFM_MAP) -> Rfm:
    """R (recency of the last visit), F (visits) and M (spend) over the RFM window."""
    active = metrics.visits_window > 0
    r, r_edges = quintile_scores(metrics.last_at.astype(np.float64), active)
    f, f_edges = quintile_scores(metrics.visits_window.astype(np.float64), active)
    m, m_edges = quintile_scores(metrics.amount_window.astype(np.float64), active)
    groups = rfm_group_codes(r, f, rfm_map)
    return Rfm(r, f, m, groups, {"r": r_edges, "f": f_edges, "m": m_edges})


def rfm_groups(
    r: IntArray, f: IntArray, rfm_map: tuple[tuple[str, int, int, int, int], ...] = RFM_MAP
) -> npt.NDArray[np.str_]:
    return rfm_group_codes(r, f, rfm_map).strings()


def rfm_group_codes(
    r: IntArray, f: IntArray, rfm_map: tuple[tuple[str, int, int, int, int], ...] = RFM_MAP
) -> coded.Coded:
    """The RFM group of each (R, F) score pair: the map's first matching row, else hibernating."""
    conditions = [(r >= r0) & (r <= r1) & (f >= f0) & (f <= f1) for _, r0, r1, f0, f1 in rfm_map]
    names = [row[0] for row in rfm_map]
    return coded.select(conditions, names, default="hibernating")


def abc(
    revenue: IntArray, ids: IntArray, shares: tuple[float, float] = ABC_SHARES
) -> tuple[npt.NDArray[np.str_], dict[str, float]]:
    """A/B/C by share of revenue: sorted by revenue (ties by id), A while the revenue *before* a
    guest is under ``shares[0]`` (80 %), B under ``shares[1]`` (95 %), else C; guests without
    revenue are C."""
    classes, cutoffs = abc_codes(revenue, ids, shares)
    return classes.strings(), cutoffs


ABC_KEYS = ("A", "B", "C")


def abc_codes(
    revenue: IntArray, ids: IntArray, shares: tuple[float, float] = ABC_SHARES
) -> tuple[coded.Coded, dict[str, float]]:
    """:func:`abc` as codes into :data:`ABC_KEYS`."""
    order = np.lexsort((ids, -revenue))
    total = float(revenue.sum())
    classes = np.full(len(revenue), 2, dtype=np.int64)
    if total <= 0:
        return coded.Coded(ABC_KEYS, classes), {"a_min": float("inf"), "b_min": float("inf")}
    before = (np.cumsum(revenue[order]) - revenue[order]) / total
    sorted_classes = np.where(before < shares[0], 0, np.where(before < shares[1], 1, 2))
    sorted_classes[revenue[order] <= 0] = 2
    classes[order] = sorted_classes
    a_rev = revenue[classes == 0]
    b_rev = revenue[classes == 1]
    return coded.Coded(ABC_KEYS, classes), {
        "a_min": float(a_rev.min()) if len(a_rev) else float("inf"),
        "b_min": float(b_rev.min()) if len(b_rev) else float("inf"),
    }


def category_abc(categories: tuple[str, ...], amount: IntArray) -> dict[str, str]:
    """ABC of the product categories by their share of revenue."""
    totals = amount.sum(axis=0).astype(np.int64)
    classes, _ = abc(totals, np.arange(len(categories), dtype=np.int64))
    return {code: str(c) for code, c in zip(categories, classes, strict=True)}


def explain_rfm(result: Rfm, i: int, metrics: Metrics) -> dict[str, Any]:
    group = str(result.group[i])
    return {
        "segment": group,
        "name": RFM_NAMES.get(group, group),
        "code": f"{result.r[i]}{result.f[i]}{result.m[i]}",
        "rule": f"R{result.r[i]} F{result.f[i]} M{result.m[i]}: {metrics.visits_window[i]} visits "
        f"and {metrics.amount_window[i] / 100:.2f} spent in {metrics.window_days} days",
        "next_step": None
        if result.f[i] == 5
        else f"visits >= {result.edges['f'][result.f[i] - 1]:.0f} in {metrics.window_days} days "
        f"-> F{result.f[i] + 1}",
    }
