"""Venue time: local days and day-parts from UTC seconds and the venue's IANA zone.

The zone (``venue.timezone``) is the venue's only time setting. A visit's *local day* is the number
of days since 1970-01-01 on the venue's wall clock, and its *day-part* is morning (before 11:00),
afternoon (11:00 to 16:00) or evening (from 16:00) on that clock. Both are worked out here once,
when a visit is written, and stored with it.

Arrays are converted through the zone's offset spans (where each UTC offset holds), found once per
zone and year and kept: converting 100 000 times is a sorted search, not 100 000 zone look-ups.
Spans are found by sampling the offset daily and bisecting each change to the second, so two
offset changes less than a day apart (no current zone has them) would be seen as one.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

DAY = 86_400
MORNING, AFTERNOON, EVENING = 0, 1, 2
DAY_PARTS = ("morning", "afternoon", "evening")
AFTERNOON_FROM_S = 11 * 3600  # local clock seconds since midnight
EVENING_FROM_S = 16 * 3600
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Offsets lie within -12:00..+14:00, so a local day's instants lie within these UTC bounds.
MAX_AHEAD_S = 14 * 3600
MAX_BEHIND_S = 12 * 3600


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The zone called ``name``; raise ValueError for a name the tz database does not know."""
    try:
        return _zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


@functools.lru_cache(maxsize=16)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def offset_at(at: int, zone: str) -> int:
    """The zone's UTC offset in seconds at UTC second ``at``."""
    offset = dt.datetime.fromtimestamp(at, _zone(zone)).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@functools.lru_cache(maxsize=256)
def _year_spans(zone: str, year: int) -> tuple[tuple[int, int], ...]:
    """(first UTC second, offset) of each span of one offset in UTC ``year``."""
    start = int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    spans = [(start, offset_at(start, zone))]
    previous = start
    for t in range(start + DAY, end + DAY, DAY):
        t = min(t, end)
        offset = offset_at(t, zone)
        if offset != spans[-1][1]:
            low, high = previous, t  # offset at low is the old one, at high the new one
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle, zone) == spans[-1][1]:
                    low = middle
                else:
                    high = middle
            if high < end:
                spans.append((high, offset))
        previous = t
    return tuple(spans)


def offset_spans(zone: str, first: int, last: int) -> tuple[IntArray, IntArray]:
    """Span starts and offsets covering UTC seconds ``first..last``."""
    years = range(_utc_year(first), _utc_year(last) + 1)
    pairs: list[tuple[int, int]] = []
    for year in years:
        for start, offset in _year_spans(zone, year):
            if not pairs or pairs[-1][1] != offset:
                pairs.append((start, offset))
    return (
        np.array([p[0] for p in pairs], dtype=np.int64),
        np.array([p[1] for p in pairs], dtype=np.int64),
    )


def _utc_year(at: int) -> int:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=at)).year


def local_seconds(at: IntArray, zone: str) -> IntArray:
    """Wall-clock seconds since 1970-01-01 00:00 local time for each UTC second in ``at``."""
    at = np.asarray(at, dtype=np.int64)
    if len(at) == 0:
        return at.copy()
    starts, offsets = offset_spans(zone, int(at.min()), int(at.max()))
    index = np.searchsorted(starts, at, side="right") - 1
    return at + offsets[np.maximum(index, 0)]


def local_days(at: IntArray, zone: str) -> IntArray:
    """The local day (days since 1970-01-01 on the venue's clock) of each UTC second."""
    return local_seconds(at, zone) // DAY


def day_parts(at: IntArray, zone: str) -> IntArray:
    """The day-part (:data:`MORNING`, :data:`AFTERNOON`, :data:`EVENING`) of each UTC second."""
    clock = local_seconds(at, zone) % DAY
    return (clock >= AFTERNOON_FROM_S).astype(np.int64) + (clock >= EVENING_FROM_S)


def local_day(at: int, zone: str) -> int:
    """The local day of one UTC second."""
    return (at + offset_at(at, zone)) // DAY


def day_part(at: int, zone: str) -> int:
    """The day-part of one UTC second."""
    clock = (at + offset_at(at, zone)) % DAY
    return int(clock >= AFTERNOON_FROM_S) + int(clock >= EVENING_FROM_S)


def day_start(day: int, zone: str) -> int:
    """The UTC second the local ``day`` begins (its first instant on the venue's clock)."""
    midnight = dt.datetime.combine(date_of(day), dt.time(), tzinfo=_zone(zone))
    return int(midnight.timestamp())


def date_of(day: int) -> dt.date:
    """The calendar date of a local day number."""
    return dt.date.fromordinal(_EPOCH_ORDINAL + day)


def day_of(date: dt.date) -> int:
    """The local day number of a calendar date."""
    return date.toordinal() - _EPOCH_ORDINAL


def from_local(local: IntArray, zone: str) -> IntArray:
    """UTC seconds of wall-clock times (seconds since 1970-01-01 00:00 local). A time skipped
    by a clock change lands after the change; a repeated one takes its first occurrence."""
    local = np.asarray(local, dtype=np.int64)
    if len(local) == 0:
        return local.copy()
    starts, offsets = offset_spans(
        zone, int(local.min()) - MAX_AHEAD_S - DAY, int(local.max()) + MAX_BEHIND_S + DAY
    )

    def offset(at: IntArray) -> IntArray:
        return offsets[np.maximum(np.searchsorted(starts, at, side="right") - 1, 0)]

    # The offsets a day before and a day after: equal except around a clock change.
    before = local - offset(local - DAY)
    after = local - offset(local + DAY)
    before_ok = before + offset(before) == local
    after_ok = after + offset(after) == local
    return np.where(
        before_ok & after_ok,
        np.minimum(before, after),
        np.where(after_ok & ~before_ok, after, before),
    )
