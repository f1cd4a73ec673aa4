"""Venue time: local days and day-parts follow the zone's clock, daylight saving included."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pytest

from boostdesk.domain import localtime

BERLIN = "Europe/Berlin"


def _utc(zone: str, *args: int) -> int:
    return int(dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone)).timestamp())  # type: ignore[misc]


def test_an_1130_summer_visit_in_berlin_is_afternoon_and_1030_is_morning() -> None:
    assert localtime.day_part(_utc(BERLIN, 2026, 7, 14, 11, 30), BERLIN) == localtime.AFTERNOON
    assert localtime.day_part(_utc(BERLIN, 2026, 7, 14, 10, 59), BERLIN) == localtime.MORNING
    assert localtime.day_part(_utc(BERLIN, 2026, 1, 14, 16, 0), BERLIN) == localtime.EVENING


def test_a_0030_visit_belongs_to_its_own_local_day_in_summer_and_winter() -> None:
    for month in (1, 7):
        at = _utc(BERLIN, 2026, month, 14, 0, 30)
        assert localtime.date_of(localtime.local_day(at, BERLIN)) == dt.date(2026, month, 14)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Europe/Istanbul", "America/New_York"])
def test_arrays_agree_with_the_zone_database_across_clock_changes(zone: str) -> None:
    rng = np.random.default_rng(3)
    at = rng.integers(1_450_000_000, 1_900_000_000, 4000)
    # and every minute around the 2026 clock changes
    around = [_utc("UTC", 2026, 3, 29, 0), _utc("UTC", 2026, 10, 25, 0), _utc("UTC", 2026, 3, 8, 6)]
    at = np.concatenate([at, *[np.arange(t - 4 * 3600, t + 4 * 3600, 60) for t in around]])
    days, parts = localtime.local_days(at, zone), localtime.day_parts(at, zone)
    tz = zoneinfo.ZoneInfo(zone)
    for t, day, part in zip(at.tolist(), days.tolist(), parts.tolist(), strict=True):
        clock = dt.datetime.fromtimestamp(t, tz)
        assert localtime.date_of(day) == clock.date()
        assert part == (0 if clock.hour < 11 else 1 if clock.hour < 16 else 2)


def test_day_start_and_wall_clock_times_convert_back_to_utc() -> None:
    day = localtime.day_of(dt.date(2026, 3, 29))  # Berlin's clocks go forward at 02:00
    assert localtime.day_start(day, BERLIN) == _utc(BERLIN, 2026, 3, 29, 0, 0)
    assert localtime.day_start(day + 1, BERLIN) - localtime.day_start(day, BERLIN) == 23 * 3600
    wall = np.array([day * 86_400 + 12 * 3600, (day + 210) * 86_400 + 9 * 3600])
    assert localtime.from_local(wall, BERLIN).tolist() == [
        _utc(BERLIN, 2026, 3, 29, 12, 0),
        _utc(BERLIN, 2026, 10, 25, 9, 0),
    ]


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        localtime.zone_of("Mars/Olympus_Mons")
