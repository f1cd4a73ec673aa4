"""Every segment family on small, hand-computed bases (boundaries included)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import hypothesis
import hypothesis.strategies as st
import numpy as np
import pytest

from boostdesk.domain import segments
from boostdesk.domain.segments import custom, lifecycle, profile, value
from boostdesk.domain.segments.metrics import DAY, NO_TIME, Metrics

AS_OF_DAY = dt.date(2026, 11, 24)
AS_OF = int(dt.datetime(2026, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=3))).timestamp())
NOON = AS_OF - 12 * 3600  # noon of the as-of day, local


def days_ago(n: int) -> int:
    return NOON - n * DAY


def make(rows: list[dict[str, Any]], categories: tuple[str, ...] = ("coffee", "tea")) -> Metrics:
    """Metrics of hand-described guests; unspecified numbers are zero."""
    n = len(rows)

    def col(name: str, default: Any = 0, dtype: Any = np.int64) -> Any:
        return np.array([r.get(name, default) for r in rows], dtype=dtype)

    return Metrics(
        as_of=AS_OF,
        timezone="Europe/Istanbul",
        month_days=30,
        window_days=365,
        customer_id=np.arange(1, n + 1, dtype=np.int64),
        visits=col("visits"),
        visit_days=col("visit_days", 0) if any("visit_days" in r for r in rows) else col("visits"),
        amount_minor=col("amount"),
        first_at=col("first_at", NO_TIME),
        last_at=col("last_at", NO_TIME),
        first_day_amount=col("first_day_amount"),
        visits_month=col("v30"),
        amount_month=col("a30"),
        visits_window=col("vw"),
        amount_window=col("aw"),
        morning=col("morning"),
        afternoon=col("afternoon"),
        evening=col("evening"),
        categories=categories,
        category_amount=np.array(
            [r.get("basket", [0] * len(categories)) for r in rows], dtype=np.int64
        ).reshape(n, len(categories)),
        created_at=col("created_at", days_ago(400)),
        birth_year=col("birth_year"),
        birth_month=col("birth_month"),
        birth_day=col("birth_day"),
        gender=col("gender", "", str),
        first_name=col("first_name", "Ali", str),
        registration_source=col("source", "counter", str),
        spouses=col("spouses"),
        children=col("children"),
        vouchers_issued=col("issued"),
        vouchers_redeemed=col("redeemed"),
        family_owner=np.array([], dtype=np.int64),
        family_birth_month=np.array([], dtype=np.int64),
        family_birth_day=np.array([], dtype=np.int64),
    )


def guest(
    last: int,
    *,
    first: int = 300,
    visits: int = 5,
    v30: int = 0,
    a30: int = 0,
    amount: int | None = None,
    **more: Any,
) -> dict[str, Any]:
    return {
        "last_at": days_ago(last),
        "first_at": days_ago(first),
        "visits": visits,
        "v30": v30,
        "a30": a30,
        "amount": amount if amount is not None else visits * 15_000,
        **more,
    }


RULES = lifecycle.LifecycleRules()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (guest(0, v30=25, a30=25 * 40_000), "vip"),
        (guest(0, v30=25, a30=25 * 40_000 - 1), "loyal"),  # average a kuruş short of ₺400
        (guest(0, v30=24, a30=24 * 50_000), "loyal"),
        (guest(0, v30=10, a30=10 * 20_000), "loyal"),
        (guest(0, v30=9, a30=9 * 30_000), "regular"),
        (guest(0, first=6, visits=1), "new"),
        (guest(7, first=7, visits=1), "potential_loyal"),
        (guest(29, first=29, visits=1), "potential_loyal"),
        (guest(19), "regular"),
        (guest(20), "at_risk"),  # exactly 20 days
        (guest(39), "at_risk"),
        (guest(40), "lost"),
        (guest(89), "lost"),
        (guest(90), "gone"),
        (guest(100, first=100, visits=1), "gone"),  # an old one-timer is Gone, not Potential loyal
        ({"visits": 0, "created_at": days_ago(2)}, "registered"),  # enrolled, never seen
        ({"visits": 0, "created_at": days_ago(200)}, "registered"),  # not Gone: never came
    ],
)
def test_lifecycle_rules_and_boundaries(row: dict[str, Any], expected: str) -> None:
    assert lifecycle.classify(make([row]), RULES)[0] == expected


def test_a_registered_guest_is_explained_and_a_first_visit_is_the_next_step() -> None:
    metrics = make([{"visits": 0, "created_at": days_ago(12)}])
    explained = lifecycle.explain(metrics, RULES, 0)
    assert explained == {
        "segment": "registered",
        "name": "Registered",
        "rule": "enrolled 12 days ago, no visit yet",
        "next_step": "a first visit -> New",
    }


def test_lifecycle_optional_average_bill_conditions_and_adaptive_recency() -> None:
    cheap = guest(25, visits=4, amount=4 * 10_000)
    rules = lifecycle.LifecycleRules(at_risk_min_average_minor=20_000)
    assert lifecycle.classify(make([cheap]), rules)[0] == "regular"
    # a guest who comes every 15 days is not at risk after 25 days with adaptive recency
    rhythm = guest(25, first=25 + 15 * 10, visits=11, visit_days=11)
    adaptive = lifecycle.LifecycleRules(adaptive_recency=True)
    assert lifecycle.classify(with_gaps(make([rhythm]), [15]), adaptive)[0] == "regular"
    assert (
        lifecycle.classify(with_gaps(make([guest(31, visits=11)]), [15]), adaptive)[0] == "at_risk"
    )
    # the median gap, not the mean: gaps of 3, 3 and 30 days (mean 12) give 2 x 3 < 20
    uneven = with_gaps(make([guest(22, first=22 + 36, visits=4)]), [3])
    assert lifecycle.at_risk_threshold(uneven, adaptive).tolist() == [20]
    assert lifecycle.classify(uneven, adaptive)[0] == "at_risk"
    with pytest.raises(ValueError, match="median gap"):
        lifecycle.classify(make([rhythm]), adaptive)


def with_gaps(metrics: Metrics, gaps: list[float]) -> Metrics:
    return dataclasses.replace(metrics, median_gap_days=np.array(gaps, dtype=np.float64))


def test_lifecycle_explanation_uses_the_guests_numbers() -> None:
    metrics = make([guest(23), guest(1, v30=8, a30=8 * 25_000)])
    at_risk = lifecycle.explain(metrics, RULES, 0)
    assert at_risk["name"] == "At risk" and at_risk["rule"] == "last visit 23 days ago >= 20"
    regular = lifecycle.explain(metrics, RULES, 1)
    assert regular["next_step"] == "2 more visits in 30 days -> Loyal"


def test_rfm_quintiles_ties_and_groups() -> None:
    # ten active guests: visits 1..10 in the window, last visit more recent for more visits
    rows = [guest(50 - 5 * k, vw=k, aw=k * 10_000) for k in range(1, 11)]
    rows.append(guest(400, vw=0, aw=0))  # outside the window: R1 F1 M1
    result = value.rfm(make(rows))
    assert result.f.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 1]
    assert result.r.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 1]
    assert result.code()[-1] == "111" and result.group[-1] == "lost"
    assert result.group[-2] == "champions"
    # ties: equal values always share a score, whatever their order
    tied = value.rfm(make([guest(10, vw=3, aw=1), guest(10, vw=3, aw=1), guest(5, vw=9, aw=2)]))
    assert tied.f[0] == tied.f[1] and tied.r[0] == tied.r[1]
    assert value.score_with_edges(3, result.edges["f"]) == 2


def test_abc_cuts_at_80_and_95_percent_exactly() -> None:
    revenue = np.array([50, 30, 10, 5, 5, 0], dtype=np.int64)  # shares 50, 30, 10, 5, 5, 0 %
    classes, cutoffs = value.abc(revenue, np.arange(1, 7, dtype=np.int64))
    # before-shares: 0, 50, 80, 90, 95, 100 -> A, A, B, B, C, C
    assert classes.tolist() == ["A", "A", "B", "B", "C", "C"]
    assert cutoffs == {"a_min": 30.0, "b_min": 5.0}
    ties, _ = value.abc(np.array([40, 40, 20], dtype=np.int64), np.array([2, 1, 3]))
    assert ties.tolist() == ["A", "A", "B"]  # id 1 first among the tie: 0 % and 40 % before
    assert value.category_abc(("coffee", "tea"), np.array([[90, 10]])) == {
        "coffee": "A",
        "tea": "B",
    }


def test_basket_lovers_need_60_percent_over_3_visits_and_cross_sell_gaps() -> None:
    metrics = make(
        [
            guest(1, visits=3, basket=[60, 40]),
            guest(1, visits=3, basket=[59, 41]),
            guest(1, visits=2, basket=[100, 0]),
            guest(1, visits=5, basket=[10, 90]),
            guest(1, visits=5, basket=[100, 0]),
        ]
    )
    kinds = profile.basket_codes(metrics)
    assert (
        profile.basket(metrics).tolist()
        == kinds.strings().tolist()
        == [
            "coffee_lover",
            "mixed",
            "too_few_visits",
            "tea_lover",
            "coffee_lover",
        ]
    )
    gaps = profile.cross_sell_gaps(metrics, kinds)
    assert gaps == {"coffee_lovers_without_tea": 1, "tea_lovers_without_coffee": 0}


def test_demographics_age_bands_birthdays_and_name_days() -> None:
    metrics = make(
        [
            {
                "birth_year": 2001,
                "birth_month": 11,
                "birth_day": 24,
                "gender": "female",
            },  # 25 today
            {"birth_year": 2001, "birth_month": 11, "birth_day": 25},  # 24, birthday tomorrow
            {"birth_year": 1960, "birth_month": 12, "birth_day": 1, "first_name": "Tatyana"},
            {"first_name": "Tatyana"},
        ]
    )
    assert profile.age(metrics).tolist() == [25, 24, 65, -1]
    assert profile.age_band(metrics).tolist() == ["25_34", "18_24", "65_plus", "unknown"]
    assert profile.days_until(metrics.birth_month, metrics.birth_day, metrics).tolist() == [
        0,
        1,
        7,
        -1,
    ]
    assert profile.gender(metrics).tolist() == ["female", "unknown", "unknown", "unknown"]
    assert profile.name_day_until(metrics, {"Tatyana": "01-25"}).tolist()[2:] == [62, 62]


def test_behaviour_frequency_spend_daypart_campaigns() -> None:
    metrics = make(
        [
            guest(
                1, visits=4, v30=4, amount=4 * 45_000, morning=3, evening=1, issued=1, redeemed=1
            ),
            guest(1, visits=2, v30=1, amount=2 * 8_000, morning=1, evening=1, issued=2),
            {"visits": 0},
        ]
    )
    assert profile.frequency_band(metrics).tolist() == ["4_9", "1", "none"]
    assert profile.spend_band(metrics).tolist() == ["400_plus", "under_100", "none"]
    assert profile.day_part(metrics).tolist() == ["morning", "morning", "none"]
    assert profile.campaigns(metrics).tolist() == ["redeemed", "not_redeemed", "none"]


def test_custom_segments_and_or_and_errors() -> None:
    metrics = make([guest(1, v30=3), guest(1, v30=2), guest(60, v30=0)])
    columns = custom.columns(metrics)
    three = {"all": [{"metric": "visits_30d", "op": ">=", "value": 3}]}
    assert custom.evaluate(three, columns, 3).tolist() == [True, False, False]
    either = {"any": [three, {"metric": "days_since_last_visit", "op": ">", "value": 30}]}
    assert custom.evaluate(either, columns, 3).tolist() == [True, False, True]
    with pytest.raises(custom.RuleError, match="unknown metric"):
        custom.evaluate({"metric": "shoe_size", "op": ">", "value": 1}, columns, 3)
    with pytest.raises(custom.RuleError, match="unknown operator"):
        custom.evaluate({"metric": "visits", "op": "=>", "value": 1}, columns, 3)


def test_compute_partitions_every_guest_in_every_family() -> None:
    rows = [
        guest(k * 7, v30=k % 4, a30=(k % 4) * 20_000, vw=k, aw=k * 9_000, basket=[k, 3])
        for k in range(12)
    ]
    config = segments.Config(custom={"busy": {"metric": "visits_30d", "op": ">=", "value": 3}})
    result = segments.compute(make(rows), config)
    assert set(result.families) == set(segments.PARTITIONING)
    for family, counts in result.counts().items():
        assert sum(counts.values()) == 12, family
    assert int(result.custom["busy"].sum()) == sum(1 for k in range(12) if k % 4 >= 3)


def test_family_labels_are_the_segments_compute_gives() -> None:
    rows = [
        guest(k * 7, v30=k % 4, a30=(k % 4) * 20_000, vw=k, aw=k * 9_000, basket=[k, 3])
        for k in range(12)
    ]
    metrics = make(rows)
    families = segments.compute(metrics, segments.Config()).families
    labelled = segments.family_labels(metrics, segments.Config())
    assert set(labelled) == set(families) == set(segments.PARTITIONING)
    for family, values in families.items():
        labels = labelled[family]
        assert [str(labels.keys[c]) for c in labels.codes] == values.tolist(), family
    # the page's columns are the same whether the families come as strings or already coded
    plain, coded = custom.columns(metrics, families), custom.columns(metrics, labelled)
    for family in families:
        name = custom.SEGMENT_PREFIX + family
        assert plain[name].counts() == coded[name].counts(), family


def test_factorize_gives_each_value_the_index_of_its_key() -> None:
    few = np.array(["b", "a", "b", "c", "a"])
    keys, codes = segments.factorize(few)
    assert keys == ["b", "a", "c"] and codes.tolist() == [0, 1, 0, 2, 1]
    many = np.array([f"k{i % 97}" for i in range(1_000)])  # past the one-pass-per-key limit
    keys, codes = segments.factorize(many)
    assert len(keys) == 97 and [keys[c] for c in codes] == many.tolist()


def test_segment_codes_name_each_key_once_and_count_only_keys_that_occur() -> None:
    """A key that is both a map row and the default (hibernating) is one segment: one code, one
    count; keys nobody has are not stored or counted."""
    rfm_map = (("hibernating", 2, 2, 1, 2), ("lost", 1, 1, 1, 1), ("champions", 5, 5, 5, 5))
    r, f = np.array([2, 3, 2, 1]), np.array([1, 3, 2, 1])
    groups = value.rfm_group_codes(r, f, rfm_map)
    assert groups.keys.count("hibernating") == 1
    assert groups.strings().tolist() == ["hibernating", "hibernating", "hibernating", "lost"]
    keys, codes = groups.compact()
    assert sorted(keys) == ["hibernating", "lost"]
    assert [keys[c] for c in codes.tolist()] == groups.strings().tolist()


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    st.lists(st.tuples(st.integers(0, 40), st.booleans()), min_size=1, max_size=300),
)
def test_quintile_scores_follow_the_min_rank_of_ties(rows: list[tuple[int, bool]]) -> None:
    """score = 1 + floor(5 * (rank - 1) / n), rank = 1 + how many active values are smaller;
    each edge is the smallest value that reaches its score (inactive guests score 1)."""
    values = np.array([float(v) for v, _ in rows])
    active = np.array([a for _, a in rows])
    chosen = sorted(values[active].tolist())
    n = len(chosen)
    want = [
        1 + (5 * sum(c < v for c in chosen)) // n if a else 1
        for v, a in zip(values.tolist(), active.tolist(), strict=True)
    ]
    scores, edges = value.quintile_scores(values, active)
    assert scores.tolist() == want
    reached = [
        min(
            (v for v, s, a in zip(values, want, active, strict=True) if a and s >= score),
            default=None,
        )
        for score in (2, 3, 4, 5)
    ]
    assert edges == [float("inf") if r is None else float(r) for r in reached]
