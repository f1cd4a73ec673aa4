"""The owner's segment rules: what is in force, a preview of an edit, and saving a new version.

A preview never writes: :meth:`RulesService.load_base` reads every guest's metrics once (the same
columns a full recompute reads, as of today) and segments them under the rules in force;
:meth:`RulesService.preview` then segments the same columns under the edited rules, touching only
the families the edit changes, so it can run again on every edit (pure numpy, no database).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from boostdesk.domain.segments import preview, thresholds
from boostdesk.domain.segments.metrics import Metrics
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import settings as settings_db

AREA = "segments"

RulesError = thresholds.RulesError
Preview = preview.Preview
Version = settings_db.Version


class NeedsGaps(RulesError):
    """Adaptive recency was turned on: each guest's usual gap must be read first
    (:meth:`RulesService.with_gaps`, a read of every visit)."""

    def __init__(self) -> None:
        super().__init__(thresholds.LIFECYCLE + "adaptive_recency", "needs each guest's gaps")


@dataclass(frozen=True)
class Base:
    """Every guest's metrics as of today and their segments under the rules in force."""

    prepared: preview.Prepared
    rules: dict[str, Any]
    as_of: int
    seconds: float

    @property
    def metrics(self) -> Metrics:
        return self.prepared.metrics

    @property
    def guests(self) -> int:
        return len(self.prepared.metrics)

    @property
    def has_gaps(self) -> bool:
        return len(self.metrics.median_gap_days) == len(self.metrics)


class RulesService:
    def __init__(
        self,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
    ) -> None:
        self._settings = settings
        self._segmentation = segmentation

    def current(self) -> dict[str, Any]:
        """The rules in force (every key of :data:`thresholds.KEYS`)."""
        return thresholds.current(self._segmentation.values())

    @staticmethod
    def defaults() -> dict[str, Any]:
        return thresholds.defaults()

    def load_base(self) -> Base:
        """Read every guest's metrics as of today and segment them under the rules in force
        (a read of the whole base: run it off the GUI thread)."""
        started = time.perf_counter()
        values = self._segmentation.values()
        as_of = self._segmentation.as_of_instant(None)
        metrics = self._segmentation.metrics(as_of, values=values)
        return Base(
            prepared=preview.prepare(metrics, self._segmentation.config(values)),
            rules=thresholds.current(values),
            as_of=as_of,
            seconds=time.perf_counter() - started,
        )

    def with_gaps(self, base: Base) -> Base:
        """``base`` with each guest's median gap between visit days (adaptive recency needs it;
        it reads every visit: off the GUI thread, with progress)."""
        if base.has_gaps:
            return base
        gaps = self._segmentation.median_gaps(base.metrics, base.as_of)
        metrics = dataclasses.replace(base.metrics, median_gap_days=gaps)
        prepared = dataclasses.replace(base.prepared, metrics=metrics)
        return dataclasses.replace(base, prepared=prepared)

    @staticmethod
    def preview(base: Base, edited: Mapping[str, Any]) -> Preview:
        """Segment sizes now and with ``edited`` (any subset of the rules), and the moves between
        them; raises :class:`RulesError` for rules that cannot be saved. Pure: safe on any
        thread, writes nothing."""
        checked = thresholds.validate({**base.rules, **edited})
        if checked[thresholds.LIFECYCLE + "adaptive_recency"] and not base.has_gaps:
            raise NeedsGaps()
        config = thresholds.config(checked, base.prepared.config)
        return preview.compare(base.prepared, config)

    def save(self, actor: ops.Actor, edited: Mapping[str, Any]) -> ops.Result[int]:
        """Store ``edited`` as a new version of the rules (owner only, audited); returns the
        version number. The changes ask the app for a background recompute."""
        actor.require(ops.Role.OWNER, "change the segment rules")
        in_force = self.current()
        checked = thresholds.validate({**in_force, **edited})
        changed = {k: v for k, v in checked.items() if _differs(v, in_force.get(k))}
        return self._settings.save_version(actor, AREA, changed, checked)

    def versions(self, limit: int = 20) -> list[Version]:
        """The saved versions of the rules, newest first."""
        return self._settings.versions(AREA, limit)


def _differs(a: Any, b: Any) -> Any:
    if isinstance(a, list) or isinstance(b, list):
        return _plain(a) != _plain(b)
    return a != b


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
