"""Which automatic backups the rotation keeps (7 daily, 4 weekly, 12 monthly)."""

from __future__ import annotations

import datetime as dt

from boostdesk.domain import retention

UTC = dt.UTC


def test_a_year_of_nightly_backups_keeps_days_weeks_and_months() -> None:
    end = dt.datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    nightly = [end - dt.timedelta(days=n) for n in range(400)]
    kept = retention.to_keep(nightly, daily=7, weekly=4, monthly=12)
    days = sorted({t.date() for t in kept}, reverse=True)
    assert days[:7] == [(end - dt.timedelta(days=n)).date() for n in range(7)]
    assert len({t.isocalendar()[:2] for t in kept}) >= 4
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    assert len(kept) <= 7 + 4 + 12


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    day = dt.datetime(2026, 11, 25, tzinfo=UTC)
    times = [day + dt.timedelta(hours=h) for h in (1, 9, 17)]
    assert retention.to_keep(times, daily=7, weekly=0, monthly=0) == {times[-1]}


def test_the_newest_backup_is_kept_even_with_everything_set_to_zero() -> None:
    times = [dt.datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2)]
    assert retention.to_keep(times, daily=0, weekly=0, monthly=0) == {times[1]}
    assert retention.to_keep([], daily=7, weekly=4, monthly=12) == set()
