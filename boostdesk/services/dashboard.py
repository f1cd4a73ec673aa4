"""The owner's dashboard: a period's key figures against the period before, lifecycle segment sizes
over time, revenue by segment, visits per day and day-part, and this week's alerts.

Rules (shown to the owner as they are written here):

* A period is a range of the venue's local days, both ends included; the *previous* period is the
  same number of days just before it.
* Active guests: guests with at least one (not voided) visit in the period. Returning-guest rate:
  the share of them whose first visit was before the period. Average bill: revenue / visits.
* Points redeemed: points spent at the counter in the period; vouchers redeemed: vouchers handed in.
* Segment sizes at the end of each day are rebuilt from today's stored segments and the kept
  transitions (each one moved a guest from one segment to another), so they need no snapshot
  table; days before the first stored segment run have no size.
* Revenue by segment: the period's revenue by the guest's *current* lifecycle segment.
* Custom segments: each saved segment's members as of the last full segment run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from boostdesk.domain import localtime
from boostdesk.services import movements as movements_service
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.storage import custom_segments as stored_custom
from boostdesk.storage import dashboard as dashboard_db
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

IntArray = npt.NDArray[np.int64]

PERIOD_KINDS = ("7d", "30d", "90d", "month", "custom")
_LENGTHS = {"7d": 7, "30d": 30, "90d": 90}
# Lifecycle segments stacked from the best at the bottom to Gone (and never seen) on top, so the
# active base reads from the axis up.
STACK_ORDER = (
    "vip", "loyal", "new", "potential_loyal", "regular", "at_risk", "lost", "gone", "registered"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """Local days ``first..last``, both included."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The same number of days just before this period."""
        last = self.first - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last)

    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range(self.days)]


def period_for(kind: str, today: dt.date) -> Period:
    """The last 7/30/90 days up to ``today``, or ``"month"``: this calendar month up to today."""
    if kind == "month":
        return Period(today.replace(day=1), today)
    if kind not in _LENGTHS:
        raise ValueError(f"not a period: {kind!r}")
    return Period(today - dt.timedelta(days=_LENGTHS[kind] - 1), today)


@dataclass(frozen=True, slots=True)
class Figures:
    """One period's key figures."""

    visits: int
    revenue_minor: int
    active_guests: int
    returning_guests: int
    points_redeemed_minor: int
    vouchers_redeemed: int

    @property
    def average_bill_minor(self) -> int | None:
        return round(self.revenue_minor / self.visits) if self.visits else None

    @property
    def returning_rate(self) -> float | None:
        """Returning guests / active guests (0..1), None without active guests."""
        return self.returning_guests / self.active_guests if self.active_guests else None


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change current vs previous (0.25 = +25 %); None when previous is 0 or unknown."""
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


@dataclass(frozen=True)
class SegmentSizes:
    """Guests per segment at the end of each day in ``days`` (``counts[segment][day]``; days
    before the first stored segment run are left out of ``days``)."""

    days: tuple[dt.date, ...]
    segments: tuple[str, ...]
    counts: IntArray  # shape (segments, days)


@dataclass(frozen=True)
class DayParts:
    """Visits per day of the period, split by day-part (arrays aligned with ``days``)."""

    days: tuple[dt.date, ...]
    morning: IntArray
    afternoon: IntArray
    evening: IntArray


@dataclass(frozen=True, slots=True)
class CustomSize:
    """A saved custom segment and its members as of the last full segment run."""

    key: str
    name: str
    guests: int


@dataclass(frozen=True)
class Dashboard:
    period: Period
    today: dt.date
    current: Figures
    previous: Figures
    sizes: SegmentSizes
    revenue: tuple[tuple[str, int, int], ...]  # (lifecycle segment, guests, revenue), biggest first
    day_parts: DayParts
    alerts: tuple[movements_service.Alert, ...]  # this week's (last 7 days up to today)
    has_visits: bool  # the venue has any visit at all (else the page explains how to start)
    custom: tuple[CustomSize, ...] = ()  # the saved custom segments, oldest first


class DashboardService:
    def __init__(
        self,
        store: store_module.Store,
        segmentation: segmentation_service.SegmentationService,
        movements: movements_service.MovementService,
    ) -> None:
        self._store = store
        self._segmentation = segmentation
        self._movements = movements

    def today(self) -> dt.date:
        return self._segmentation.today()

    def load(self, actor: ops.Actor, period: Period, today: dt.date | None = None) -> Dashboard:
        """Everything the dashboard shows for ``period`` (owner only)."""
        actor.require(ops.Role.OWNER, "open the dashboard")
        if period.last < period.first:
            raise ValueError(f"the period ends ({period.last}) before it starts ({period.first})")
        today = today or self.today()
        before = period.previous()
        visits = self._visits(period)
        firsts = dashboard_db.first_visits(self._store)
        codes, keys = dashboard_db.current_codes(self._store, "lifecycle")
        counts = np.bincount(codes[:, 1], minlength=len(keys)) if len(codes) else np.zeros(0)
        current = {key: int(n) for key, n in zip(keys, counts, strict=False) if key and n}
        return Dashboard(
            period=period,
            today=today,
            current=self._figures(period, visits, firsts),
            previous=self._figures(before, self._visits(before), firsts),
            sizes=self.segment_sizes(period, "lifecycle", current),
            revenue=_revenue_by_segment(visits, codes, keys),
            day_parts=self.day_parts(period),
            alerts=tuple(self._movements.alerts(actor, 7, today)),
            has_visits=len(visits) > 0 or dashboard_db.has_visits(self._store),
            custom=self.custom_sizes(),
        )

    def custom_sizes(self) -> tuple[CustomSize, ...]:
        """Every saved custom segment with its size as of the last full segment run."""
        return tuple(
            CustomSize(s.key, s.name, s.members) for s in stored_custom.active(self._store)
        )

    def _visits(self, period: Period) -> IntArray:
        return dashboard_db.period_visits(
            self._store, localtime.day_of(period.first), localtime.day_of(period.last)
        )

    def day_parts(self, period: Period) -> DayParts:
        """Visits per day of ``period`` and day-part."""
        first = localtime.day_of(period.first)
        table = np.zeros((3, period.days), dtype=np.int64)
        for day, part, n in dashboard_db.visits_by_day_part(
            self._store, first, localtime.day_of(period.last)
        ):
            table[part, day - first] = n
        return DayParts(tuple(period.dates()), table[0], table[1], table[2])

    def figures(self, period: Period) -> Figures:
        """One period's key figures (see the module rules)."""
        return self._figures(period, self._visits(period), dashboard_db.first_visits(self._store))

    def _figures(self, period: Period, visits: IntArray, firsts: IntArray) -> Figures:
        start, end = self._movements.bounds(period.first, period.last)
        points, vouchers = dashboard_db.redeemed(self._store, start, end)
        guests = np.unique(visits[:, 0])
        where = np.searchsorted(firsts[:, 0], guests) if len(firsts) else guests * 0
        known = where < len(firsts)
        first_at = firsts[where[known], 1] if len(firsts) else np.zeros(0, np.int64)
        returning = int(np.count_nonzero(first_at < start))
        return Figures(
            visits=len(visits),
            revenue_minor=int(visits[:, 1].sum()),
            active_guests=len(guests),
            returning_guests=returning,
            points_redeemed_minor=points,
            vouchers_redeemed=vouchers,
        )

    def segment_sizes(
        self, period: Period, family: str = "lifecycle", current: dict[str, int] | None = None
    ) -> SegmentSizes:
        """Guests per segment at the end of each day of ``period`` (see the module rules);
        ``current``: today's sizes when the caller has them."""
        zone = self._segmentation.timezone()
        first = localtime.day_of(period.first)
        count = period.days
        if current is None:
            current = stored_segments.counts(self._store, family)
        since = localtime.day_start(first + 1, zone)
        flows = dashboard_db.transition_flows(self._store, family, since)
        seen = set(current) | {f[2] for f in flows} | {f[1] for f in flows if f[1] is not None}
        known = STACK_ORDER if family == "lifecycle" else ()
        segments = tuple(s for s in known if s in seen) + tuple(sorted(seen - set(known)))
        # delta[k]: the net change of each segment on day first + k (k = count: any later day)
        delta = np.zeros((len(segments), count + 1), dtype=np.int64)
        index = {s: i for i, s in enumerate(segments)}
        if flows:
            at = np.array([f[0] for f in flows], dtype=np.int64)
            k = np.minimum(localtime.local_days(at, zone) - first, count)
            n = np.array([f[3] for f in flows], dtype=np.int64)
            dst = np.array([index.get(f[2], -1) for f in flows], dtype=np.int64)
            src = np.array([index.get(f[1] or "", -1) for f in flows], dtype=np.int64)
            into, out = dst >= 0, src >= 0
            np.add.at(delta, (dst[into], k[into]), n[into])
            np.add.at(delta, (src[out], k[out]), -n[out])
        now = np.array([current.get(s, 0) for s in segments], dtype=np.int64)
        # the size at the end of day d is today's minus every change made after day d
        later = np.cumsum(delta[:, ::-1], axis=1)[:, ::-1]  # later[:, k] = changes on k and after
        sizes = now[:, None] - later[:, 1:]
        began = dashboard_db.first_transition_at(self._store, family)
        if began is None:
            return SegmentSizes((), (), np.zeros((0, 0), dtype=np.int64))
        skip = max(0, localtime.local_day(began, zone) - first)
        days = tuple(period.dates()[skip:])
        return SegmentSizes(days, segments, sizes[:, skip:])


def _revenue_by_segment(
    visits: IntArray, codes: IntArray, keys: list[str]
) -> tuple[tuple[str, int, int], ...]:
    """(segment, guests, revenue) of ``visits`` by the guest's current segment, biggest first
    (guests with no stored segment left out)."""
    if not len(visits) or not len(codes):
        return ()
    where = np.minimum(np.searchsorted(codes[:, 0], visits[:, 0]), len(codes) - 1)
    held = codes[where, 0] == visits[:, 0]
    code = codes[where[held], 1]
    revenue = np.bincount(code, weights=visits[held, 1], minlength=len(keys))
    # each guest holds one segment: mark the guests who came (no sort of (segment, guest) pairs,
    # whose row-wise unique held the GIL, and so the window, for a quarter of a second)
    came = np.zeros(len(codes), dtype=bool)
    came[where[held]] = True
    guests = np.bincount(codes[came, 1], minlength=len(keys))
    rows = [
        (keys[c], int(guests[c]), int(round(revenue[c])))
        for c in range(len(keys))
        if keys[c] and guests[c]
    ]
    return tuple(sorted(rows, key=lambda row: (-row[2], row[0])))
