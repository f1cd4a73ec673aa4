"""Per-guest metrics as aligned column arrays: the input of every segment family."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain import localtime

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
DAY = 86_400
NO_TIME = -1  # first_at / last_at of a guest without visits


@dataclass(frozen=True)
class Metrics:
    """One entry per guest (sorted by ``customer_id``); money in minor units, times UTC seconds.

    ``as_of`` is the end of the as-of day (UTC seconds); windows end there: the "month" window is
    the month_days local days up to the as-of day, the RFM window the window_days ones. Local days
    are counted in the venue's IANA zone ``timezone``.
    """

    as_of: int
    timezone: str
    month_days: int
    window_days: int
    customer_id: IntArray
    visits: IntArray
    visit_days: IntArray
    amount_minor: IntArray
    first_at: IntArray
    last_at: IntArray
    first_day_amount: IntArray  # spend of the first visit day (the rest is repeat spend)
    visits_month: IntArray
    amount_month: IntArray
    visits_window: IntArray
    amount_window: IntArray
    morning: IntArray
    afternoon: IntArray
    evening: IntArray
    categories: tuple[str, ...]
    category_amount: IntArray  # shape (guests, categories)
    created_at: IntArray
    birth_year: IntArray  # 0 when unknown
    birth_month: IntArray
    birth_day: IntArray
    gender: npt.NDArray[Any]  # 'female' / 'male' / 'other' / ''
    first_name: npt.NDArray[Any]  # only names the reader was asked about (name days), else ''
    registration_source: npt.NDArray[Any]
    spouses: IntArray
    children: IntArray
    vouchers_issued: IntArray
    vouchers_redeemed: IntArray
    family_owner: IntArray  # per family member: index of the guest it belongs to
    family_birth_month: IntArray  # per family member, 0 when unknown
    family_birth_day: IntArray
    extra: dict[str, FloatArray] = field(default_factory=dict)  # e.g. p_alive, clv_12m
    # Median days between consecutive visit days (0 with fewer than two); read only when a rule
    # needs it (adaptive recency), otherwise empty.
    median_gap_days: FloatArray = field(default_factory=lambda: np.zeros(0))
    # Who the guest is beyond the visits, read only when a custom segment may ask (district,
    # city, consent_sms …): name -> one value per guest.
    attributes: dict[str, npt.NDArray[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.customer_id)

    def days_since_last(self) -> IntArray:
        """Whole local days since the last visit (0 = today); -1 for guests without visits."""
        return self._days_before_today(self.last_at)

    def days_since_first(self) -> IntArray:
        return self._days_before_today(self.first_at)

    def today(self) -> int:
        """The as-of day as a local day number (days since 1970-01-01 on the venue's clock)."""
        return localtime.local_day(self.as_of - 1, self.timezone)

    def local_days(self, at: IntArray) -> IntArray:
        """The local day of each time in ``at`` (:data:`NO_TIME` stays -1)."""
        seen = at != NO_TIME
        days = np.full(len(at), -1, dtype=np.int64)
        days[seen] = localtime.local_days(at[seen], self.timezone)
        return days

    def _days_before_today(self, at: IntArray) -> IntArray:
        """Local calendar days from ``at`` to the as-of day; -1 for :data:`NO_TIME`."""
        return np.where(at == NO_TIME, -1, self.today() - self.local_days(at)).astype(np.int64)

    def average_bill_month(self) -> FloatArray:
        return _ratio(self.amount_month, self.visits_month)

    def average_bill(self) -> FloatArray:
        return _ratio(self.amount_minor, self.visits)

    def take(self, index: IntArray) -> Metrics:
        """The metrics of a subset of guests (used for one-guest re-evaluation and tests)."""
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name.startswith("family_"):
                keep = np.isin(self.family_owner, index)
                remap = np.full(len(self.customer_id), -1, dtype=np.int64)
                remap[index] = np.arange(len(index))
                values[name] = remap[value[keep]] if name == "family_owner" else value[keep]
            elif isinstance(value, np.ndarray):
                values[name] = value[index] if len(value) == len(self) else value
            elif name in ("extra", "attributes"):
                values[name] = {k: v[index] for k, v in value.items()}
            else:
                values[name] = value
        return Metrics(**values)


def _ratio(numerator: IntArray, denominator: IntArray) -> FloatArray:
    out = np.zeros(len(numerator), dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out
