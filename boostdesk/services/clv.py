"""Fitting the lifetime-value models on the venue's visits and predicting per guest."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from boostdesk.domain import clv, localtime
from boostdesk.domain.segments.metrics import FloatArray, IntArray, Metrics
from boostdesk.services import ops
from boostdesk.services import settings as settings_service
from boostdesk.storage import analytics
from boostdesk.storage import store as store_module

TIME_UNIT_DAYS = 1.0  # a café counts in days


@dataclass(frozen=True)
class Fit:
    model: clv.ClvModel
    summary: clv.Summary
    seconds_load: float
    seconds_fit: float

    def as_json(self) -> dict[str, Any]:
        visits, spend = self.model.visits, self.model.spend
        return {
            "model": visits.model.value,
            "spend_model": "gamma_gamma",
            "time_unit": "day"
            if self.model.time_unit_days == 1
            else f"{self.model.time_unit_days}d",
            "customers": self.model.customers,
            "customers_with_repeat_visits": int((self.summary.frequency > 0).sum()),
            "spend_excluded": self.model.spend_excluded,
            "r": visits.r,
            "alpha": visits.alpha,
            "a": visits.a,
            "b": visits.b,
            "p": spend.p,
            "q": spend.q,
            "gamma": spend.gamma,
        }


def fit(
    store: store_module.Store, as_of: int, zone: str, *, model: clv.Model = clv.Model.MBGNBD
) -> Fit:
    """Fit the visit model (distinct local visit days) and Gamma-Gamma (major units) up to as_of.

    When no visit lies after ``as_of`` the per-guest summary comes from the trigger-kept totals
    (one row per guest); otherwise it is built from the visits up to ``as_of``.
    """
    started = time.perf_counter()
    latest = analytics.latest_visit_at(store)
    if latest is None or latest < as_of:
        summary = summary_from_totals(analytics.clv_totals(store), as_of, zone)
    else:
        cust, days, amount = analytics.visit_columns(store, as_of)
        ids, index = np.unique(cust, return_inverse=True)
        summary = clv.summarise(
            index, days, amount / 100, localtime.local_day(as_of - 1, zone), customers=len(ids)
        )
    loaded = time.perf_counter()
    fitted = clv.fit(summary, model=model)
    return Fit(fitted, summary, loaded - started, time.perf_counter() - loaded)


def _repeat_mean(repeat_minor: IntArray, frequency: FloatArray) -> FloatArray:
    """Mean spend of the repeat visit days in major units; 0 without a repeat visit."""
    out = np.zeros(len(frequency))
    np.divide(repeat_minor / 100, frequency, out=out, where=frequency > 0)
    return out


def summary_from_totals(totals: IntArray, as_of: int, zone: str) -> clv.Summary:
    """The summary :func:`clv.summarise` builds from visits, from each visiting guest's totals
    (columns of :func:`analytics.clv_totals`): frequency = visit days - 1, recency and T in days
    from the first visit day, monetary = mean spend of the days after the first (major units)."""
    visit_days, amount, first_day_amount, first_at, last_at = (totals[:, i] for i in range(5))
    first_day = localtime.local_days(first_at, zone)
    frequency = (visit_days - 1).astype(np.float64)
    monetary = _repeat_mean(amount - first_day_amount, frequency)
    return clv.Summary(
        frequency=frequency,
        recency=(localtime.local_days(last_at, zone) - first_day).astype(np.float64),
        T=(localtime.local_day(as_of - 1, zone) - first_day).astype(np.float64),
        monetary=monetary,
        time_unit_days=TIME_UNIT_DAYS,
    )


def stored_model(fitted: Fit) -> dict[str, Any]:
    """What is kept in the settings so segmentation can predict without refitting."""
    return {
        "visits": {**asdict(fitted.model.visits), "model": fitted.model.visits.model.value},
        "spend": asdict(fitted.model.spend),
        "time_unit_days": fitted.model.time_unit_days,
        "customers": fitted.model.customers,
        "fitted_at": int(time.time()),
    }


def save(
    settings: settings_service.SettingsService, fitted: Fit, actor: ops.Actor = ops.SYSTEM
) -> ops.Changes:
    """Keep the fit (an owner's or the application's own work)."""
    return settings.change(actor, {"clv.model": stored_model(fitted)})


def _model_and_summary(
    stored: dict[str, Any], metrics: Metrics
) -> tuple[clv.ClvModel, clv.Summary]:
    """The stored model and each guest's summary from the running totals: frequency = visit
    days - 1, recency and T in days from the first visit day, monetary = mean spend of the
    repeat visit days (as in the fit)."""
    visit_params = clv.VisitParams(
        **{**stored["visits"], "model": clv.Model(stored["visits"]["model"])}
    )
    spend_params = clv.SpendParams(**stored["spend"])
    seen = metrics.visits > 0
    first_day = np.where(seen, metrics.local_days(metrics.first_at), 0)
    last_day = np.where(seen, metrics.local_days(metrics.last_at), 0)
    today = metrics.today()
    frequency = np.maximum(metrics.visit_days - 1, 0).astype(np.float64)
    summary = clv.Summary(
        frequency=frequency,
        recency=(last_day - first_day).astype(np.float64),
        T=np.where(seen, today - first_day, 0).astype(np.float64),
        monetary=_repeat_mean(metrics.amount_minor - metrics.first_day_amount, frequency),
        time_unit_days=float(stored["time_unit_days"]),
    )
    model = clv.ClvModel(visit_params, spend_params, summary.time_unit_days, len(metrics))
    return model, summary


def predict_from_metrics(stored: dict[str, Any], metrics: Metrics) -> dict[str, FloatArray]:
    """P(alive), expected visits in 30 days and 12-month CLV (major units) from the running
    totals (see :func:`_model_and_summary`)."""
    model, summary = _model_and_summary(stored, metrics)
    predictions = model.predict(summary)
    never = ~(metrics.visits > 0)
    return {
        "p_alive": np.where(never, 0.0, predictions.p_alive),
        "expected_visits_30d": np.where(never, 0.0, predictions.expected_visits_30d),
        "clv_12m": np.where(never, 0.0, predictions.clv_12m),
    }


def p_visit_within(
    stored: dict[str, Any], metrics: Metrics, days: float, rows: IntArray
) -> FloatArray:
    """The visit model's probability that each guest at positions ``rows`` comes at least once
    in the next ``days`` days (0 for a guest never seen)."""
    model, summary = _model_and_summary(stored, metrics)
    unit = summary.time_unit_days
    expected = clv.p_visit_within(
        model.visits,
        days / unit,
        summary.frequency[rows],
        summary.recency[rows],
        summary.T[rows],
    )
    return np.where(metrics.visits[rows] > 0, expected, 0.0)
