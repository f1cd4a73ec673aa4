"""Movements (PRODUCT.md §5): how guests moved between the segments of a family in a period.

The matrix counts, per (from, to) pair, the guests with a kept transition in the period (a guest
counts once per cell); "from" is None for a guest's first stored segment in the family. Alerts are
the notable lifecycle moves (:data:`segmentation.NOTABLE`: slipping towards Lost, or moving up)
made by at least ``segments.alert_min_guests`` guests. Periods are the venue's local days, both
ends included. Every read here is the owner's: the cells lead to lists of guests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from boostdesk.domain import localtime
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import movements as movements_db
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

FAMILIES = tuple(stored_segments.FAMILIES)
"""The families whose movements are kept (one stored segment per guest each)."""

DOWNWARD = frozenset({"at_risk", "lost", "gone"})
"""Lifecycle segments a guest *slips* to (the others they move up to)."""


@dataclass(frozen=True, slots=True)
class Alert:
    """``guests`` moved ``from_segment`` → ``to_segment`` in the period."""

    family: str
    from_segment: str
    to_segment: str
    guests: int

    @property
    def slipped(self) -> bool:
        return self.to_segment in DOWNWARD

    def as_dict(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "from": self.from_segment,
            "to": self.to_segment,
            "guests": self.guests,
        }


@dataclass(frozen=True)
class Movements:
    family: str
    first: dt.date
    last: dt.date
    cells: tuple[tuple[str | None, str, int], ...]  # (from, to, guests), biggest first
    alerts: tuple[Alert, ...]

    def count(self, from_segment: str | None, to_segment: str) -> int:
        return next((n for f, t, n in self.cells if f == from_segment and t == to_segment), 0)

    @property
    def total(self) -> int:
        return sum(n for _f, _t, n in self.cells)

    def as_dict(self) -> dict[str, Any]:
        """The ``boostdesk movements --json`` payload; a first stored segment's "from" is ""."""
        matrix: dict[str, dict[str, int]] = {}
        for src, dst, n in sorted(self.cells, key=lambda c: (c[0] or "", c[1])):
            matrix.setdefault(src or "", {})[dst] = n
        return {
            "family": self.family,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "matrix": matrix,
            "alerts": [alert.as_dict() for alert in self.alerts],
        }


class MovementService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
    ) -> None:
        self._store = store
        self._settings = settings
        self._segmentation = segmentation

    def today(self) -> dt.date:
        return self._segmentation.today()

    def bounds(self, first: dt.date, last: dt.date) -> tuple[int, int]:
        """The UTC seconds [start, end) of local days ``first..last``."""
        zone = self._segmentation.timezone()
        return (
            localtime.day_start(localtime.day_of(first), zone),
            localtime.day_start(localtime.day_of(last) + 1, zone),
        )

    def movements(self, actor: ops.Actor, family: str, first: dt.date, last: dt.date) -> Movements:
        """The from × to matrix of ``family`` over days ``first..last`` and its alerts."""
        actor.require(ops.Role.OWNER, "see movements")
        _check(family, first, last)
        start, end = self.bounds(first, last)
        cells = sorted(
            movements_db.matrix(self._store, family, start, end),
            key=lambda c: (-c[2], c[0] or "", c[1]),
        )
        return Movements(family, first, last, tuple(cells), tuple(self._alerts(family, cells)))

    def alerts(self, actor: ops.Actor, days: int = 7, today: dt.date | None = None) -> list[Alert]:
        """Notable lifecycle moves of the last ``days`` days up to ``today``, biggest first."""
        last = today or self.today()
        return list(
            self.movements(actor, "lifecycle", last - dt.timedelta(days=days - 1), last).alerts
        )

    def moved_guests(
        self,
        actor: ops.Actor,
        family: str,
        from_segment: str | None,
        to_segment: str,
        first: dt.date,
        last: dt.date,
    ) -> list[int]:
        """Ids of the guests behind one matrix cell (owner only: a list of guests)."""
        actor.require(ops.Role.OWNER, "list the guests who moved")
        _check(family, first, last)
        start, end = self.bounds(first, last)
        return movements_db.moved_guests(self._store, family, from_segment, to_segment, start, end)

    def _alerts(self, family: str, cells: list[tuple[str | None, str, int]]) -> list[Alert]:
        if family != "lifecycle":
            return []
        stored = self._settings.get("segments.alert_min_guests")
        minimum = int(
            segmentation_service.SEGMENT_DEFAULTS["segments.alert_min_guests"]
            if stored is None
            else stored
        )
        return [
            Alert(family, src, dst, n)
            for src, dst, n in cells
            if src is not None and (src, dst) in segmentation_service.NOTABLE and n >= minimum
        ]


def _check(family: str, first: dt.date, last: dt.date) -> None:
    if family not in FAMILIES:
        raise ValueError(f"not a family with movements: {family!r}")
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
