"""Who guests are and how they behave: basket, demographic and behavioural families.

(PRODUCT.md 5.4-5.6; custom segments are in :mod:`boostdesk.domain.segments.custom`.) All
functions are vectorised over :class:`Metrics` columns.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from boostdesk.domain import localtime
from boostdesk.domain.segments import coded
from boostdesk.domain.segments.metrics import IntArray, Metrics

StrArray = npt.NDArray[np.str_]
LOVER_SHARE = 0.6
LOVER_MIN_VISITS = 3
AGE_BANDS = (
    (0, 18, "under_18"),
    (18, 25, "18_24"),
    (25, 35, "25_34"),
    (35, 45, "35_44"),
    (45, 55, "45_54"),
    (55, 65, "55_64"),
    (65, 200, "65_plus"),
)
_CUMULATIVE_DAYS = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])


def basket(
    metrics: Metrics, share_needed: float = LOVER_SHARE, visits_needed: int = LOVER_MIN_VISITS
) -> StrArray:
    """``<category>_lover`` when one category is >= ``share_needed`` (60 %) of spend over >=
    ``visits_needed`` (3) visits (see :func:`basket_codes`)."""
    return basket_codes(metrics, share_needed, visits_needed).strings()


def basket_codes(
    metrics: Metrics, share_needed: float = LOVER_SHARE, visits_needed: int = LOVER_MIN_VISITS
) -> coded.Coded:
    """:func:`basket` as codes: too_few_visits, mixed, then one ``_lover`` key per category."""
    amounts = metrics.category_amount
    total = amounts.sum(axis=1)
    enough = metrics.visits >= visits_needed
    codes = enough.astype(np.int64)  # 0 too_few_visits, 1 mixed
    keys = ("too_few_visits", "mixed", *(f"{code}_lover" for code in metrics.categories))
    if amounts.shape[1] == 0:
        return coded.Coded(keys, codes)
    top = amounts.argmax(axis=1)
    share = np.zeros(len(metrics))
    np.divide(amounts[np.arange(len(metrics)), top], total, out=share, where=total > 0)
    lovers = enough & (share >= share_needed)
    codes[lovers] = 2 + top[lovers]
    return coded.Coded(keys, codes)


def cross_sell_gaps(metrics: Metrics, basket_segments: coded.Coded) -> dict[str, int]:
    """How many lovers of one category never bought another ("coffee lovers without dessert")."""
    gaps: dict[str, int] = {}
    for i, code in enumerate(metrics.categories):
        key = f"{code}_lover"
        lovers = np.isin(
            basket_segments.codes, [c for c, k in enumerate(basket_segments.keys) if k == key]
        )
        if not lovers.any():
            continue
        for j, other in enumerate(metrics.categories):
            if i != j:
                gaps[f"{code}_lovers_without_{other}"] = int(
                    (lovers & (metrics.category_amount[:, j] == 0)).sum()
                )
    return gaps


def _as_of_date(metrics: Metrics) -> dt.date:
    return localtime.date_of(metrics.today())


def age(metrics: Metrics) -> IntArray:
    """Age in whole years on the as-of day; -1 when the birth date is unknown."""
    today = _as_of_date(metrics)
    had_birthday = (metrics.birth_month < today.month) | (
        (metrics.birth_month == today.month) & (metrics.birth_day <= today.day)
    )
    years = today.year - metrics.birth_year - (~had_birthday).astype(np.int64)
    return np.where(metrics.birth_year > 0, years, -1).astype(np.int64)


def age_band(metrics: Metrics) -> StrArray:
    return age_band_codes(metrics).strings()


def age_band_codes(metrics: Metrics) -> coded.Coded:
    years = age(metrics)
    conditions = [(years >= lo) & (years < hi) for lo, hi, _ in AGE_BANDS]
    return coded.select(conditions, [name for *_, name in AGE_BANDS], default="unknown")


def days_until(month: IntArray, day: IntArray, metrics: Metrics) -> IntArray:
    """Days from the as-of day to the next (month, day), 0 = today; -1 when unknown.

    Counted on a 365-day calendar (29 February counts as 28 February), which is exact except for a
    one-day shift around 29 February in leap years.
    """
    today = _as_of_date(metrics)
    safe_month = np.clip(month, 1, 12)
    target = _CUMULATIVE_DAYS[safe_month - 1] + np.minimum(day, np.where(safe_month == 2, 28, 31))
    now = _CUMULATIVE_DAYS[today.month - 1] + min(today.day, 28 if today.month == 2 else 31)
    return np.where(month > 0, (target - now) % 365, -1).astype(np.int64)


def name_day_until(metrics: Metrics, calendar: dict[str, str]) -> IntArray:
    """Days to the guest's name day from an editable calendar ``{"Tatyana": "01-25"}``."""
    month = np.zeros(len(metrics), dtype=np.int64)
    day = np.zeros(len(metrics), dtype=np.int64)
    for name, when in calendar.items():
        hit = metrics.first_name == name
        if hit.any():
            mm, dd = (int(part) for part in when.split("-"))
            month[hit], day[hit] = mm, dd
    return days_until(month, day, metrics)


def family(metrics: Metrics) -> StrArray:
    return family_codes(metrics).strings()


def family_codes(metrics: Metrics) -> coded.Coded:
    return coded.select(
        [metrics.children > 0, metrics.spouses > 0],
        ["with_children", "with_spouse"],
        default="no_family_known",
    )


def gender(metrics: Metrics) -> StrArray:
    return np.where(metrics.gender == "", "unknown", metrics.gender).astype(str)


def frequency_band(metrics: Metrics) -> StrArray:
    """Visits in the month: none, 1, 2-3, 4-9, 10+."""
    return frequency_band_codes(metrics).strings()


def frequency_band_codes(metrics: Metrics) -> coded.Coded:
    v = metrics.visits_month
    return coded.select(
        [v == 0, v == 1, v <= 3, v <= 9], ["none", "1", "2_3", "4_9"], default="10_plus"
    )


def spend_band(metrics: Metrics) -> StrArray:
    """Average bill over all visits, in major units: <100, 100-200, 200-400, 400+."""
    return spend_band_codes(metrics).strings()


def spend_band_codes(metrics: Metrics) -> coded.Coded:
    avg = metrics.average_bill() / 100
    return coded.select(
        [metrics.visits == 0, avg < 100, avg < 200, avg < 400],
        ["none", "under_100", "100_200", "200_400"],
        default="400_plus",
    )


def day_part(metrics: Metrics) -> StrArray:
    """The part of the day holding at least half of the guest's visits, else ``mixed``."""
    return day_part_codes(metrics).strings()


def day_part_codes(metrics: Metrics) -> coded.Coded:
    parts = np.column_stack([metrics.morning, metrics.afternoon, metrics.evening])
    total = parts.sum(axis=1)
    top = parts.argmax(axis=1)
    share = np.zeros(len(metrics))
    np.divide(parts[np.arange(len(metrics)), top], total, out=share, where=total > 0)
    codes = np.where(total == 0, 4, np.where(share >= 0.5, top, 3)).astype(np.int64)
    return coded.Coded(("morning", "afternoon", "evening", "mixed", "none"), codes)


def campaigns(metrics: Metrics) -> StrArray:
    return campaigns_codes(metrics).strings()


def campaigns_codes(metrics: Metrics) -> coded.Coded:
    return coded.select(
        [metrics.vouchers_redeemed > 0, metrics.vouchers_issued > 0],
        ["redeemed", "not_redeemed"],
        default="none",
    )


def predictive(metrics: Metrics) -> StrArray:
    """Bands of the model's P(alive); ``not_fitted`` until the CLV model has been fitted."""
    return predictive_codes(metrics).strings()


def predictive_codes(metrics: Metrics) -> coded.Coded:
    alive = metrics.extra.get("p_alive")
    if alive is None:
        return coded.Coded(("not_fitted",), np.zeros(len(metrics), dtype=np.int64))
    return coded.select(
        [alive >= 0.7, alive >= 0.3], ["likely_active", "uncertain"], default="likely_churned"
    )
