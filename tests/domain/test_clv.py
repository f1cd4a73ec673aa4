"""BG/NBD, MBG/NBD and Gamma-Gamma: the published CDNOW estimates and hand-checked behaviour."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from boostdesk.domain import clv

CDNOW = Path(__file__).resolve().parents[1] / "data" / "CDNOW_sample.txt"
EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> int:
    return (dt.date(int(text[:4]), int(text[4:6]), int(text[6:])) - EPOCH).days


@pytest.fixture(scope="module")
def cdnow() -> clv.Summary:
    """The 2 357-customer CDNOW sample, calibration through 1997-09-30, in weeks."""
    rows = [line.split() for line in CDNOW.read_text().splitlines() if line.strip()]
    ids = np.array([int(r[0]) for r in rows])
    days = np.array([_day(r[2]) for r in rows])
    dollars = np.array([float(r[4]) for r in rows])
    _, customer = np.unique(ids, return_inverse=True)
    return clv.summarise(customer, days, dollars, _day("19970930"), time_unit_days=7)


def test_cdnow_sample_summary(cdnow: clv.Summary) -> None:
    assert len(cdnow.frequency) == 2357
    assert int((cdnow.frequency > 0).sum()) == 946  # customers with a repeat purchase


def test_bgnbd_reproduces_the_published_cdnow_estimates(cdnow: clv.Summary) -> None:
    fitted = clv.fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow.T)
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert getattr(fitted, name) == pytest.approx(value, rel=0.01), name


def test_gamma_gamma_reproduces_the_published_cdnow_estimates(cdnow: clv.Summary) -> None:
    fitted = clv.fit_gamma_gamma(cdnow.frequency, cdnow.monetary)
    assert fitted.p == pytest.approx(6.25, rel=0.01)
    assert fitted.q == pytest.approx(3.74, rel=0.01)
    assert fitted.gamma == pytest.approx(15.44, rel=0.01)


def test_summary_of_a_hand_made_history() -> None:
    # guest 0: days 0 (₺10 + ₺5, one visit period), 3 (₺20), 10 (₺40); guest 1: day 4 only;
    # guest 2: no visit; the visit on day 30 is after the as-of day and ignored.
    customer = np.array([0, 0, 0, 0, 1, 0])
    day = np.array([100, 100, 103, 110, 104, 130])
    amount = np.array([10.0, 5.0, 20.0, 40.0, 7.0, 99.0])
    summary = clv.summarise(customer, day, amount, as_of_day=114, customers=3)
    assert summary.frequency.tolist() == [2.0, 0.0, 0.0]
    assert summary.recency.tolist() == [10.0, 0.0, 0.0]
    assert summary.T.tolist() == [14.0, 10.0, 0.0]
    assert summary.monetary.tolist() == [30.0, 0.0, 0.0]  # mean of the repeat days 20 and 40


def test_predictions_behave_as_a_manager_expects(cdnow: clv.Summary) -> None:
    for model in clv.Model:
        params = clv.fit_visits(cdnow.frequency, cdnow.recency, cdnow.T, model=model)
        x = np.array([3.0, 3.0, 3.0])
        recent_first = clv.p_alive(params, x, np.array([30.0, 20.0, 5.0]), np.full(3, 35.0))
        assert recent_first[0] > recent_first[1] > recent_first[2]  # longer away: less alive
        grows = [
            clv.expected_visits(params, t, x, np.full(3, 30.0), np.full(3, 35.0))[0]
            for t in (1.0, 4.0, 13.0, 52.0)
        ]
        assert all(v >= 0 for v in grows) and grows == sorted(grows)


def test_single_visit_guests_are_not_all_certainly_alive(cdnow: clv.Summary) -> None:
    params = clv.fit_mbgnbd(cdnow.frequency, cdnow.recency, cdnow.T)
    one_timers = cdnow.frequency == 0
    alive = clv.p_alive(params, cdnow.frequency, cdnow.recency, cdnow.T)[one_timers]
    assert alive.max() < 1.0
    # plain BG/NBD is the known flaw: it says every one-visit customer is alive
    plain = clv.fit_bgnbd(cdnow.frequency, cdnow.recency, cdnow.T)
    assert np.all(clv.p_alive(plain, cdnow.frequency, cdnow.recency, cdnow.T)[one_timers] == 1.0)


def test_clv_model_predicts_for_every_guest(cdnow: clv.Summary) -> None:
    model = clv.fit(cdnow)
    predictions = model.predict(cdnow)
    assert model.customers == 2357 and model.time_unit_days == 7
    assert np.all((predictions.p_alive > 0) & (predictions.p_alive <= 1))
    assert np.all(predictions.clv_12m >= 0)
    # a frequent, recent buyer is worth more than a one-timer who vanished
    best = np.argmax(cdnow.frequency * (cdnow.recency / np.maximum(cdnow.T, 1)))
    lapsed = np.flatnonzero((cdnow.frequency == 0) & (cdnow.T > 30))[0]
    assert predictions.clv_12m[best] > predictions.clv_12m[lapsed]


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "message"),
    [
        ([], [], [], "no customers"),
        ([0.0, 0.0], [0.0, 0.0], [5.0, 6.0], "no customer has a repeat"),
        ([1.0, float("nan")], [1.0, 1.0], [5.0, 6.0], "missing or infinite"),
        ([1.0], [7.0], [5.0], "recency <= T"),
    ],
)
def test_bad_input_gives_a_clear_error(
    frequency: list[float],
    recency: list[float],
    T: list[float],
    message: str,  # noqa: N803
) -> None:
    with pytest.raises(clv.ClvError, match=message):
        clv.fit_bgnbd(np.array(frequency), np.array(recency), np.array(T))


def test_spend_model_refuses_missing_spend_and_an_all_free_history() -> None:
    with pytest.raises(clv.ClvError, match="missing or infinite"):
        clv.fit_gamma_gamma(np.array([2.0, 1.0]), np.array([10.0, float("nan")]))
    with pytest.raises(clv.ClvError, match="spent anything"):
        clv.fit_gamma_gamma(np.array([2.0, 1.0]), np.array([0.0, 0.0]))


def _cdnow_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = [line.split() for line in CDNOW.read_text().splitlines() if line.strip()]
    ids = np.array([int(r[0]) for r in rows])
    days = np.array([_day(r[2]) for r in rows])
    dollars = np.array([float(r[4]) for r in rows])
    return np.unique(ids, return_inverse=True)[1], days, dollars


def test_free_visits_fit_both_models_and_the_spend_model_says_whom_it_left_out() -> None:
    """Zero-amount visits (a birthday coffee, a bill paid by a voucher) as in the full CDNOW
    cohort (80 zero-dollar rows among 69 659): here every repeat purchase of 8 repeat customers
    and 40 other purchases cost nothing."""
    customer, days, dollars = _cdnow_rows()
    calibration_end = _day("19970930")
    before = clv.summarise(customer, days, dollars, calibration_end, time_unit_days=7)
    repeaters = np.flatnonzero(before.frequency > 0)[:8]
    first_day = np.full(customer.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first_day, customer, days)
    free = np.isin(customer, repeaters) & (days > first_day[customer])
    free[np.flatnonzero(~np.isin(customer, repeaters))[::150][:40]] = True
    dollars = np.where(free, 0.0, dollars)

    summary = clv.summarise(customer, days, dollars, calibration_end, time_unit_days=7)
    model = clv.fit(summary)
    assert model.customers == 2357  # the visit model keeps every guest
    assert model.spend_excluded == 8
    visits_alone = clv.fit_mbgnbd(summary.frequency, summary.recency, summary.T)
    assert model.visits == visits_alone  # free visits are still visits
    predictions = model.predict(summary)
    assert np.all(np.isfinite(predictions.clv_12m)) and np.all(predictions.clv_12m >= 0)
    # a guest who only ever came back for free is worth less than the same visits paid for
    paid = clv.fit(clv.summarise(*_cdnow_rows(), calibration_end, time_unit_days=7))
    assert paid.spend_excluded == 0
    guest = repeaters[0]
    assert predictions.clv_12m[guest] < paid.predict(before).clv_12m[guest]


def test_the_whole_cdnow_period_with_free_visits_fits() -> None:
    """The full observation window (to 1998-06-30) of the sample, with 80 free purchases."""
    customer, days, dollars = _cdnow_rows()
    dollars[np.arange(0, len(dollars), len(dollars) // 80)[:80]] = 0.0
    summary = clv.summarise(customer, days, dollars, _day("19980630"), time_unit_days=7)
    model = clv.fit(summary)
    assert model.customers == 2357
    assert model.spend_excluded == int(((summary.frequency > 0) & (summary.monetary <= 0)).sum())
    assert model.spend_excluded > 0
    assert model.spend.p > 0 and model.spend.q > 1 and model.spend.gamma > 0
