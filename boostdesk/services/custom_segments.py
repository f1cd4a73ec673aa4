"""Custom segments: the owner's saved AND/OR conditions, their live count and their members.

A segment is stored as a validated JSON spec (see :mod:`boostdesk.domain.segments.custom`), each
save a new version with who and when. The full recompute evaluates every segment and stores its
members; :meth:`CustomSegmentService.members` is what the customer browser, the dashboard and
scenario audiences read (``custom_segments.members(key)``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from boostdesk.domain import segments
from boostdesk.domain.segments import custom
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.storage import audit, categories
from boostdesk.storage import custom_segments as stored
from boostdesk.storage import store as store_module

RuleError = custom.RuleError
Version = stored.Version
MAX_NAME = 60
# label metrics list at most this many values to pick from (districts of a big city …)
MAX_CHOICES = 200


@dataclass(frozen=True, slots=True)
class Segment:
    """A saved segment as the pages show it; ``members`` as of the last recompute."""

    key: str
    name: str
    spec: dict[str, Any]
    version: int
    updated_at: int
    members: int


@dataclass(frozen=True)
class Base:
    """Every guest's metric values as of today (and every family's segments), for live counts
    (the columns only: the metrics they came from are not kept)."""

    guests: int
    values: dict[str, custom.Column]
    catalogue: dict[str, custom.Metric]
    choices: dict[str, list[str]]  # label metric -> the values found, most frequent first
    seconds: float


class CustomSegmentService:
    def __init__(
        self,
        store: store_module.Store,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._segmentation = segmentation
        self._clock = clock

    # -- reading ---------------------------------------------------------------------------------

    def saved(self) -> list[Segment]:
        """The segments in use, oldest first."""
        return [
            Segment(s.key, s.name, json.loads(s.rule), s.version, s.updated_at, s.members)
            for s in stored.active(self._store)
        ]

    def members(self, key: str) -> IntArray:
        """The customer ids in segment ``key`` as of the last full recompute (sorted; empty for
        an unknown key). Scenario audiences and the customer browser read this."""
        return stored.members(self._store, key)

    def versions(self, key: str) -> list[Version]:
        return stored.versions(self._store, key)

    def catalogue(self) -> dict[str, custom.Metric]:
        """Every metric a condition may use in this venue."""
        codes = tuple(code for code, _ in categories.active(self._store))
        return custom.catalogue(codes, segments.PARTITIONING)

    def load_base(self) -> Base:
        """Read every guest's metrics as of today and segment them (a read of the whole base:
        off the GUI thread). Live counts then run on it without the database."""
        started = time.perf_counter()
        values = self._segmentation.values()
        as_of = self._segmentation.as_of_instant(None)
        metrics = self._segmentation.metrics(as_of, values=values, attributes=True)
        # the families only (no custom segments evaluated, nothing else a recompute stores),
        # coded one at a time: the page's peak memory is the metrics and their columns
        families = segments.family_labels(metrics, self._segmentation.config(values))
        columns = custom.columns(metrics, families)
        known = custom.catalogue(metrics.categories, segments.PARTITIONING)
        choices = {
            name: _choices(column)
            for name, column in columns.items()
            if isinstance(column, custom.Labels)
        }
        return Base(len(metrics), columns, known, choices, time.perf_counter() - started)

    @staticmethod
    def count(base: Base, spec: Mapping[str, Any]) -> int:
        """How many guests ``spec`` holds now; raises :class:`RuleError` for a spec that cannot
        be saved. Pure: safe on any thread."""
        checked = custom.validate(spec, base.catalogue)
        return int(custom.evaluate(checked, base.values, base.guests).sum())

    # -- operations ------------------------------------------------------------------------------

    def save(
        self, actor: ops.Actor, key: str | None, name: str, spec: Mapping[str, Any]
    ) -> ops.Result[str]:
        """Create (``key`` None) or change a segment (owner only, audited, a new version);
        returns its key. The changes ask for a recompute, which stores its members."""
        actor.require(ops.Role.OWNER, "save a custom segment")
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME:
            raise RuleError(f"a segment needs a name of 1 to {MAX_NAME} characters")
        checked = custom.validate(spec, self.catalogue())
        rule = json.dumps(checked, ensure_ascii=False, sort_keys=True)
        at = int(self._clock())
        with self._store.transaction():
            if stored.name_taken(self._store, name, key):
                raise RuleError("another segment has this name")
            if key is None:
                key, version = stored.create(self._store, name, rule, at, actor.user_id), 1
            else:
                if stored.find(self._store, key) is None:
                    raise RuleError("this segment was deleted meanwhile")
                version = stored.update(self._store, key, name, rule, at, actor.user_id)
            audit.record(self._store, at, actor.user_id, "custom_segment.save", f"{key} v{version}")
        return ops.Result(key, ops.Changes(segments=True, rules=True))

    def delete(self, actor: ops.Actor, key: str) -> ops.Changes:
        """Retire segment ``key`` (owner only, audited); its versions are kept."""
        actor.require(ops.Role.OWNER, "delete a custom segment")
        at = int(self._clock())
        with self._store.transaction():
            if stored.find(self._store, key) is None:
                raise RuleError("this segment was deleted meanwhile")
            stored.delete(self._store, key, at, actor.user_id)
            audit.record(self._store, at, actor.user_id, "custom_segment.delete", key)
        return ops.Changes(segments=True)


def _choices(column: custom.Labels) -> list[str]:
    """The values of a label column, most frequent first (the empty value left out)."""
    counts = column.counts()
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return [k for k in ranked if k][:MAX_CHOICES]
