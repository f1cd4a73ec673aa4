"""Predictive customer value: BG/NBD, MBG/NBD and Gamma-Gamma, fitted by maximum likelihood.

* BG/NBD (Fader, Hardie & Lee 2005): while alive a guest visits as a Poisson process (rate ~
  Gamma(r, alpha) across guests); after every *repeat* visit they drop out with probability
  p ~ Beta(a, b).
* MBG/NBD (Batislam, Denizel & Filiztekin 2007): the same, but a guest may also drop out right
  after the *first* visit. Plain BG/NBD says every one-visit guest is certainly alive
  (P(alive) = 1), which is wrong for a café; MBG/NBD is therefore the default for predictions.
* Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"): the mean spend of a guest's repeat
  visits, independent of their frequency.

Inputs are per-guest summaries in one time unit (weeks for CDNOW, days for a café):
``frequency`` = number of repeat visit periods (distinct visit days − 1), ``recency`` = time from
the first to the last visit, ``T`` = time from the first visit to the as-of date, ``monetary`` =
mean spend of the repeat visit days (major currency units).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

FloatArray = npt.NDArray[np.float64]


class ClvError(ValueError):
    """The data cannot support a fit (empty, invalid, or with no repeat visits)."""


class Model(enum.Enum):
    BGNBD = "bgnbd"
    MBGNBD = "mbgnbd"


@dataclass(frozen=True, slots=True)
class Summary:
    """Per-guest repeat-visit summary; arrays have one entry per guest."""

    frequency: FloatArray
    recency: FloatArray
    T: FloatArray  # noqa: N815 - the literature's name
    monetary: FloatArray
    time_unit_days: float


@dataclass(frozen=True, slots=True)
class VisitParams:
    """Parameters of the visit model; ``alpha`` is in the summary's time unit."""

    model: Model
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True, slots=True)
class SpendParams:
    """Gamma-Gamma parameters; ``gamma`` is in major currency units."""

    p: float
    q: float
    gamma: float


# --------------------------------------------------------------------------------------------------
# Summaries


def summarise(
    customer: npt.NDArray[np.integer],
    day: npt.NDArray[np.integer],
    amount: npt.ArrayLike,
    as_of_day: int,
    *,
    customers: int | None = None,
    time_unit_days: float = 1.0,
) -> Summary:
    """Build the per-guest summary from transactions (vectorised; 5 M rows in about a second).

    ``customer`` is a 0-based guest index, ``day`` an integer day number (e.g. days since 1970),
    ``amount`` the spend. Transactions after ``as_of_day`` are ignored. All transactions of one
    guest on one day form one visit period whose spend is their sum; the first day is the
    acquisition and is excluded from ``monetary``. Guests with no transaction get frequency 0, T 0.
    """
    cust = np.asarray(customer, dtype=np.int64)
    days = np.asarray(day, dtype=np.int64)
    spend = np.asarray(amount, dtype=np.float64)
    if not (len(cust) == len(days) == len(spend)):
        raise ClvError("customer, day and amount must have the same length")
    keep = days <= as_of_day
    cust, days, spend = cust[keep], days[keep], spend[keep]
    n = int(customers if customers is not None else (cust.max() + 1 if len(cust) else 0))
    if len(cust) and (cust.min() < 0 or cust.max() >= n):
        raise ClvError("customer index out of range")
    span = int(days.max() - days.min() + 1) if len(days) else 1
    key = cust * span + (days - (days.min() if len(days) else 0))
    unique_key, inverse = np.unique(key, return_inverse=True)
    day_spend = np.bincount(inverse, weights=spend)
    u_cust = unique_key // span
    u_day = unique_key % span
    visits = np.bincount(u_cust, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, -1)
    np.minimum.at(first, u_cust, u_day)
    np.maximum.at(last, u_cust, u_day)
    # unique keys are sorted by (customer, day): a guest's first day is their first unique key
    starts = np.flatnonzero(np.r_[True, u_cust[1:] != u_cust[:-1]]) if len(u_cust) else np.array([])
    first_spend = np.zeros(n)
    total = np.bincount(u_cust, weights=day_spend, minlength=n)
    if len(starts):
        first_spend[u_cust[starts]] = day_spend[starts]
    frequency = np.maximum(visits - 1, 0).astype(np.float64)
    seen = visits > 0
    base = days.min() if len(days) else 0
    recency = np.where(seen, (last - first) / time_unit_days, 0.0)
    T = np.where(seen, (as_of_day - base - first) / time_unit_days, 0.0)  # noqa: N806
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, (total - first_spend) / frequency, 0.0)
    return Summary(frequency, recency, T, monetary, time_unit_days)


# --------------------------------------------------------------------------------------------------
# Likelihoods


def _check(frequency: FloatArray, recency: FloatArray, T: FloatArray) -> None:  # noqa: N803
    if len(frequency) == 0:
        raise ClvError("no customers to fit")
    for name, values in (("frequency", frequency), ("recency", recency), ("T", T)):
        if not np.all(np.isfinite(values)):
            raise ClvError(f"{name} has missing or infinite values")
    if np.any(frequency < 0) or np.any(recency < 0) or np.any(recency > T + 1e-9):
        raise ClvError("need 0 <= recency <= T and frequency >= 0")
    if not np.any(frequency > 0):
        raise ClvError("no customer has a repeat visit: the model cannot be fitted")


def visit_log_likelihood(
    model: Model,
    params: FloatArray,
    x: FloatArray,
    t_x: FloatArray,
    T: FloatArray,  # noqa: N803
) -> FloatArray:
    """Per-guest log-likelihood of the visit model at ``params`` = (r, alpha, a, b)."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a3 = -(r + x) * np.log(alpha + T)
    if model is Model.BGNBD:
        a2 = special.betaln(a, b + x) - special.betaln(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x)
        a4 = np.where(x > 0, a4, -np.inf)
        return np.asarray(a1 + a2 + np.logaddexp(a3, a4), dtype=np.float64)
    a2 = special.betaln(a, b + x + 1) - special.betaln(a, b)
    a4 = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    return np.asarray(a1 + a2 + a3 + np.logaddexp(0.0, a4), dtype=np.float64)


def _compress(*columns: FloatArray) -> tuple[list[FloatArray], FloatArray]:
    """Identical rows once, with their counts as weights (large bases repeat a lot)."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(unique.shape[1])], counts.astype(np.float64)


def _maximise(
    negative_ll: Callable[[FloatArray], float], start: FloatArray, what: str
) -> FloatArray:
    result = optimize.minimize(negative_ll, np.log(start), method="L-BFGS-B")
    if not np.all(np.isfinite(result.x)):
        raise ClvError(f"the {what} fit did not converge")
    return np.asarray(np.exp(result.x), dtype=np.float64)


def fit_visits(
    frequency: FloatArray,
    recency: FloatArray,
    T: FloatArray,  # noqa: N803
    *,
    model: Model = Model.MBGNBD,
) -> VisitParams:
    """Maximum-likelihood (r, alpha, a, b) of BG/NBD or MBG/NBD; parameters fitted in log space."""
    x, t_x, big_t = (np.asarray(v, dtype=np.float64) for v in (frequency, recency, T))
    _check(x, t_x, big_t)
    (ux, ut, uT), weight = _compress(x, t_x, big_t)  # noqa: N806
    scale = max(float(np.mean(big_t)), 1e-9)

    def negative_ll(log_params: FloatArray) -> float:
        params = np.exp(log_params)
        with np.errstate(over="ignore", invalid="ignore"):
            ll = visit_log_likelihood(model, params, ux, ut, uT)
        value = -float(np.dot(weight, ll)) / len(x)
        return value if np.isfinite(value) else 1e12

    r, alpha, a, b = _maximise(negative_ll, np.array([1.0, scale, 1.0, 1.0]), "visit model")
    return VisitParams(model, float(r), float(alpha), float(a), float(b))


def fit_bgnbd(frequency: FloatArray, recency: FloatArray, T: FloatArray) -> VisitParams:  # noqa: N803
    return fit_visits(frequency, recency, T, model=Model.BGNBD)


def fit_mbgnbd(frequency: FloatArray, recency: FloatArray, T: FloatArray) -> VisitParams:  # noqa: N803
    return fit_visits(frequency, recency, T, model=Model.MBGNBD)


def spend_log_likelihood(params: FloatArray, x: FloatArray, m: FloatArray) -> FloatArray:
    """Per-guest Gamma-Gamma log-likelihood of mean repeat spend ``m`` over ``x`` repeat visits."""
    p, q, gamma = params
    return np.asarray(
        special.gammaln(p * x + q)
        - special.gammaln(p * x)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + m * x),
        dtype=np.float64,
    )


def spend_fit_guests(frequency: FloatArray, monetary: FloatArray) -> npt.NDArray[np.bool_]:
    """The guests the spend model is fitted on: at least one repeat visit and a positive mean
    repeat spend. Gamma-Gamma is a model of positive amounts; a guest whose repeat visits were
    all free (a birthday coffee, a bill paid by a voucher) cannot be part of its fit."""
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.asarray((x > 0) & (m > 0), dtype=np.bool_)


def fit_gamma_gamma(frequency: FloatArray, monetary: FloatArray) -> SpendParams:
    """Maximum-likelihood (p, q, gamma) on the guests :func:`spend_fit_guests` selects.

    Guests with repeat visits but no positive repeat spend are left out of the fit (the caller
    reports how many); a missing or infinite mean spend is an error.
    """
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary, dtype=np.float64)
    if len(x) != len(m):
        raise ClvError("frequency and monetary must have the same length")
    if not np.any(x > 0):
        raise ClvError("no customer has a repeat visit: the spend model cannot be fitted")
    if not np.all(np.isfinite(m[x > 0])):
        raise ClvError("the mean spend of a repeat customer is missing or infinite")
    chosen = spend_fit_guests(x, m)
    if not np.any(chosen):
        raise ClvError("no repeat customer spent anything: the spend model cannot be fitted")
    x, m = x[chosen], m[chosen]
    (ux, um), weight = _compress(x, m)

    def negative_ll(log_params: FloatArray) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            ll = spend_log_likelihood(np.exp(log_params), ux, um)
        value = -float(np.dot(weight, ll)) / len(x)
        return value if np.isfinite(value) else 1e12

    p, q, gamma = _maximise(negative_ll, np.array([1.0, 1.0, float(np.mean(m))]), "spend model")
    return SpendParams(float(p), float(q), float(gamma))


# --------------------------------------------------------------------------------------------------
# Predictions


def p_alive(
    params: VisitParams,
    frequency: FloatArray,
    recency: FloatArray,
    T: FloatArray,  # noqa: N803
) -> FloatArray:
    """Probability that each guest is still "alive" (has not dropped out) at T."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x = np.asarray(frequency, dtype=np.float64)
    ratio = (r + x) * (np.log(alpha + np.asarray(T)) - np.log(alpha + np.asarray(recency)))
    if params.model is Model.BGNBD:
        with np.errstate(divide="ignore", invalid="ignore"):
            odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-12) * np.exp(ratio), 0.0)
    else:
        odds = a / (b + x) * np.exp(ratio)
    return np.asarray(1.0 / (1.0 + odds), dtype=np.float64)


def expected_visits(
    params: VisitParams,
    t: float,
    frequency: FloatArray,
    recency: FloatArray,
    T: FloatArray,  # noqa: N803
) -> FloatArray:
    """Expected number of visits of each guest in the next ``t`` time units (conditional mean)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x = np.asarray(frequency, dtype=np.float64)
    big_t = np.asarray(T, dtype=np.float64)
    z = t / (alpha + big_t + t)
    power = ((alpha + big_t) / (alpha + big_t + t)) ** (r + x)
    if params.model is Model.BGNBD:
        head = (a + b + x - 1) / (a - 1)
        hyper = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    else:
        head = (a + b + x) / (a - 1)
        hyper = special.hyp2f1(r + x, b + x + 1, a + b + x, z)
    alive = p_alive(params, x, recency, big_t)
    return np.asarray(np.maximum(head * (1 - power * hyper) * alive, 0.0), dtype=np.float64)


def p_visit_within(
    params: VisitParams,
    t: float,
    frequency: FloatArray,
    recency: FloatArray,
    T: FloatArray,  # noqa: N803
) -> FloatArray:
    """Probability that each guest visits at least once in the next ``t`` time units.

    A guest drops out only just after a visit, so one still alive at T makes the next visit at
    their Poisson rate: P(X(t) >= 1) = P(alive) x (1 - E[exp(-lambda t)]), and with lambda's
    posterior Gamma(r + x, alpha + T) that is P(alive) x (1 - ((alpha + T) / (alpha + T + t)) **
    (r + x)).
    """
    x = np.asarray(frequency, dtype=np.float64)
    big_t = np.asarray(T, dtype=np.float64)
    none_yet = ((params.alpha + big_t) / (params.alpha + big_t + t)) ** (params.r + x)
    alive = p_alive(params, x, recency, big_t)
    return np.asarray(alive * (1 - none_yet), dtype=np.float64)


def expected_spend(params: SpendParams, frequency: FloatArray, monetary: FloatArray) -> FloatArray:
    """Expected mean spend per visit: a blend of the population mean and the guest's own mean,
    weighted by how many repeat visits back the latter (the Gamma-Gamma conditional mean)."""
    p, q, gamma = params.p, params.q, params.gamma
    x = np.asarray(frequency, dtype=np.float64)
    m = np.asarray(monetary, dtype=np.float64)
    population = p * gamma / (q - 1) if q > 1 else float("nan")
    with np.errstate(invalid="ignore", divide="ignore"):
        own = p * (gamma + x * m) / (p * x + q - 1)
    return np.asarray(np.where(x > 0, own, population), dtype=np.float64)


@dataclass(frozen=True)
class Predictions:
    p_alive: FloatArray
    expected_visits_30d: FloatArray
    expected_spend: FloatArray
    clv_12m: FloatArray


@dataclass(frozen=True)
class ClvModel:
    """Both fitted models; ``customers`` guests fitted the visit model, ``spend_excluded`` of the
    repeat guests were left out of the spend model (no positive repeat spend)."""

    visits: VisitParams
    spend: SpendParams
    time_unit_days: float
    customers: int
    spend_excluded: int = 0

    def predict(self, summary: Summary) -> Predictions:
        """P(alive), expected visits in 30 days, expected spend and 12-month CLV per guest.

        CLV over the next 12 months = expected visits in 365 days × expected spend per visit
        (no discounting over one year; money in the summary's units).
        """
        unit = self.time_unit_days
        f, r, t = summary.frequency, summary.recency, summary.T
        visits_30 = expected_visits(self.visits, 30 / unit, f, r, t)
        visits_365 = expected_visits(self.visits, 365 / unit, f, r, t)
        spend = expected_spend(self.spend, f, summary.monetary)
        return Predictions(
            p_alive=p_alive(self.visits, f, r, t),
            expected_visits_30d=visits_30,
            expected_spend=spend,
            clv_12m=np.asarray(visits_365 * np.nan_to_num(spend), dtype=np.float64),
        )


def fit(summary: Summary, *, model: Model = Model.MBGNBD) -> ClvModel:
    """Fit the visit model on every guest seen and the Gamma-Gamma spend model on the guests
    with a positive repeat spend; the model says how many repeat guests the latter left out."""
    seen = summary.T > 0
    visits = fit_visits(
        summary.frequency[seen], summary.recency[seen], summary.T[seen], model=model
    )
    spend = fit_gamma_gamma(summary.frequency, summary.monetary)
    repeat = summary.frequency > 0
    excluded = int(repeat.sum() - spend_fit_guests(summary.frequency, summary.monetary).sum())
    return ClvModel(visits, spend, summary.time_unit_days, int(seen.sum()), excluded)
