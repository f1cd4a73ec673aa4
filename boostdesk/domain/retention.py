"""Which automatic backups to keep: the newest of each of the last N days, weeks and months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable


def to_keep(
    times: Iterable[dt.datetime], *, daily: int, weekly: int, monthly: int
) -> set[dt.datetime]:
    """The backup times to keep (grandfather-father-son rotation).

    The newest backup of each of the ``daily`` most recent days that have one is kept, likewise
    for ISO weeks and calendar months; a backup may count for several. The newest backup is
    always kept, whatever the settings.
    """
    ordered = sorted(set(times), reverse=True)
    if not ordered:
        return set()
    kept = {ordered[0]}
    rules: tuple[tuple[int, Callable[[dt.datetime], Hashable]], ...] = (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    )
    for count, period in rules:
        seen: set[Hashable] = set()
        for moment in ordered:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(key)
            kept.add(moment)
    return kept
