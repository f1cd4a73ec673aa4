"""Segmentation use cases: full recompute, one guest after a visit, explanations, movements.

A full recompute reads one consistent state of the venue (a read snapshot, no write lock),
segments every guest with numpy, and stores what changed in short write transactions of a few
thousand guests each, so that a till saving a visit never waits long. A guest whose visits changed
while it computed keeps what their own re-evaluation stored. Only a run for today is stored: a
run for another day is a what-if that leaves the venue unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
import zoneinfo
from dataclasses import dataclass
from typing import Any

import numpy as np

from boostdesk.domain import localtime, segments
from boostdesk.domain.segments import custom, thresholds, value
from boostdesk.domain.segments.metrics import DAY, FloatArray, IntArray, Metrics
from boostdesk.services import ops, segment_writes
from boostdesk.services import settings as settings_service
from boostdesk.services import users as users_service
from boostdesk.storage import (
    analytics,
    audiences,
    columns,
    database,
    kept_totals,
    kept_totals_check,
    metric_snapshot,
    windows,
)
from boostdesk.storage import custom_segments as stored_custom
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

SEGMENT_DEFAULTS: dict[str, Any] = {
    **thresholds.defaults(),
    "segments.month_days": 30,
    "segments.rfm_window_days": 365,
    "segments.name_days": {"Tatyana": "01-25"},
    "segments.alert_min_guests": 5,
}
# Movements worth an alert: reacting early is the point (At risk is easier to win back than Lost).
NOTABLE = {
    ("vip", "at_risk"),
    ("vip", "lost"),
    ("loyal", "at_risk"),
    ("loyal", "lost"),
    ("regular", "at_risk"),
    ("at_risk", "lost"),
    ("lost", "gone"),
    ("loyal", "vip"),
    ("potential_loyal", "regular"),
    ("potential_loyal", "loyal"),
}


@dataclass(frozen=True)
class Recompute:
    segmentation: segments.Segmentation
    changed_guests: int
    transitions: int
    seconds: float
    stored: bool = True  # False for a what-if (a day other than today)
    changes: ops.Changes = ops.Changes()


@dataclass(frozen=True, slots=True)
class Alert:
    family: str
    from_segment: str
    to_segment: str
    guests: int


def end_of_day(day: dt.date, timezone: str) -> int:
    """UTC seconds of the end of ``day`` in the venue's time zone (the as-of instant)."""
    zone = zoneinfo.ZoneInfo(timezone)
    return int(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone).timestamp())


class SegmentationService:
    def __init__(
        self, store: store_module.Store, settings: settings_service.SettingsService
    ) -> None:
        self._store = store
        self._settings = settings

    # -- configuration ---------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        """Every setting this service reads, in one query (its defaults where none is stored)."""
        stored = {k: v for k, v in self._settings.all().items() if v is not None}
        return {**SEGMENT_DEFAULTS, **stored}

    def values(self) -> dict[str, Any]:
        """Every segmentation setting in force (stored, else its default)."""
        return self._values()

    def _value(self, key: str) -> Any:
        stored = self._settings.get(key)
        return SEGMENT_DEFAULTS.get(key) if stored is None else stored

    def config(self, values: dict[str, Any] | None = None) -> segments.Config:
        values = values or self._values()
        base = segments.Config(
            name_days=dict(values["segments.name_days"]),
            custom={key: json.loads(rule) for key, rule in stored_custom.rules(self._store)},
        )
        return thresholds.config(values, base)

    def timezone(self) -> str:
        return str(self._settings.get("venue.timezone"))

    def today(self) -> dt.date:
        """Today in the venue's time zone."""
        return dt.datetime.now(zoneinfo.ZoneInfo(self.timezone())).date()

    def as_of_instant(self, day: dt.date | None) -> int:
        zone = self.timezone()
        return end_of_day(day or dt.datetime.now(zoneinfo.ZoneInfo(zone)).date(), zone)

    # -- metrics ---------------------------------------------------------------------------------

    def metrics(
        self,
        as_of: int,
        only: int | None = None,
        values: dict[str, Any] | None = None,
        *,
        attributes: bool = False,
    ) -> Metrics:
        """Per-guest metrics at ``as_of``: from the running totals when they are exact for it.

        Median gaps are read when adaptive recency is on, the attributes (district, consents)
        when a custom segment uses them or ``attributes`` asks for them (the segment builder)."""
        values = values or self._values()
        options = self._metric_options(as_of, values)
        with database.read_snapshot(self._store):
            if self._totals_are_exact(as_of):
                loaded = analytics.load_metrics(self._store, only=only, **options)
            else:
                loaded = analytics.load_metrics_exact(self._store, **options)
                if only is not None:
                    loaded = loaded.take(np.flatnonzero(loaded.customer_id == only))
            return self._completed(loaded, as_of, values, only, attributes)

    def _completed(
        self,
        loaded: Metrics,
        as_of: int,
        values: dict[str, Any],
        only: int | None = None,
        attributes: bool = False,
    ) -> Metrics:
        """``loaded`` with what some settings need on top: median gaps (adaptive recency),
        attributes (custom segments that use them) and the CLV model's predictions."""
        if values.get("segments.lifecycle.adaptive_recency"):
            gaps = analytics.median_gaps(self._store, loaded.customer_id, as_of, only)
            loaded = dataclasses.replace(loaded, median_gap_days=gaps)
        if attributes or (only is None and self._custom_needs_attributes()):
            found = audiences.attributes(self._store, loaded.customer_id)
            loaded = dataclasses.replace(loaded, attributes=found)
        return self._with_predictions(loaded, values.get("clv.model"))

    def median_gaps(self, metrics: Metrics, as_of: int) -> FloatArray:
        """Each guest's median gap between visit days up to ``as_of`` (reads every visit)."""
        with database.read_snapshot(self._store):
            return analytics.median_gaps(self._store, metrics.customer_id, as_of, None)

    def _custom_needs_attributes(self) -> bool:
        used: set[str] = set()
        for _, rule in stored_custom.rules(self._store):
            used |= custom.metrics_used(json.loads(rule))
        return audiences.has_attribute_columns(used)

    @staticmethod
    def _metric_options(as_of: int, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "as_of": as_of,
            "zone": str(values["venue.timezone"]),
            "month_days": int(values["segments.month_days"]),
            "window_days": int(values["segments.rfm_window_days"]),
            "names": tuple(dict(values["segments.name_days"])),
        }

    def _totals_are_exact(self, as_of: int) -> bool:
        """The running totals describe ``as_of`` when no visit lies after it."""
        latest = analytics.latest_visit_at(self._store)
        return latest is None or latest < as_of

    @staticmethod
    def _with_predictions(metrics: Metrics, stored: dict[str, Any] | None) -> Metrics:
        """Add P(alive), expected visits and CLV from the last fitted model, if there is one."""
        if not stored or len(metrics) == 0:
            return metrics
        from boostdesk.services import clv as clv_service

        extra = clv_service.predict_from_metrics(stored, metrics)
        return dataclasses.replace(metrics, extra=extra)

    # -- recompute -------------------------------------------------------------------------------

    def recompute_all(
        self,
        day: dt.date | None = None,
        *,
        persist: bool | None = None,
        actor: ops.Actor | users_service.PendingSignIn = ops.SYSTEM,
    ) -> Recompute:
        """Segment every guest as of ``day`` (default today).

        Stores changed segments and their transitions only for today (``persist`` None); a run
        for another day is a what-if that stores nothing. ``persist=True`` stores a run for any
        day (tests and benchmarks standing in for that day's nightly run).

        A pending sign-in (its PIN checked on a thread meanwhile) is decided after the reading
        and before anything is written: a refused PIN raises :class:`users.AuthError` with
        nothing stored.
        """
        if isinstance(actor, ops.Actor):
            actor.require(ops.Role.CASHIER, "recompute segments")
        with database.scanning(self._store):
            return self._recompute_all(day, persist, actor)

    def _recompute_all(
        self,
        day: dt.date | None,
        persist: bool | None,
        actor: ops.Actor | users_service.PendingSignIn,
    ) -> Recompute:
        started = time.perf_counter()
        day = day or self.today()
        store = day == self.today() if persist is None else persist
        as_of = self.as_of_instant(day)
        mismatched = False
        if store:
            # the safety net: a sample of guests' kept totals against their visits before they
            # are read (a difference is rebuilt, and logged, once the actor may write)
            found = kept_totals_check.verify_venue(
                self._store, sample=kept_totals_check.SAMPLE_GUESTS, rebuild_on_mismatch=False
            )
            mismatched = bool(found.mismatched)
            if not mismatched and not metric_snapshot.tracking(self._store):
                # the next run's snapshot starts from this run's read, so changes must be logged
                # from before it; that writes, so a pending owner PIN is decided first
                actor = _decided(actor)
                metric_snapshot.start_tracking(self._store)
            if not mismatched:
                actor = self._anchor_windows(as_of, actor)
        snapshot: metric_snapshot.Loaded | None = None
        with database.read_snapshot(self._store):
            values = self._values()
            exact = self._totals_are_exact(as_of)
            if store and exact:
                names = tuple(dict(values["segments.name_days"]))
                snapshot = metric_snapshot.load(self._store, names)
                options = self._metric_options(as_of, values)
                del options["names"]
                metrics = self._completed(
                    analytics.load_metrics_from(self._store, snapshot.inputs, **options),
                    as_of,
                    values,
                )
                before = (snapshot.codes[:, 0], snapshot.codes[:, 1:])
            else:
                metrics = self.metrics(as_of, values=values)
                if store:
                    before = stored_segments.read_current(self._store)
            config = self.config(values)
            if store:
                seen = self._fingerprints(metrics, exact)
        result = segments.compute(metrics, config)
        actor = _decided(actor)
        if not store:
            return Recompute(result, 0, 0, time.perf_counter() - started, stored=False)
        if mismatched:  # what was read came from wrong totals: rebuilt, then read again
            kept_totals.rebuild_venue(self._store)
            return self._recompute_all(day, persist, actor)
        # segments are derived data: a chunk lost to a power cut is stored again next run
        with database.background_writer(self._store):
            changed, transitions = segment_writes.ChunkedWrite(
                self._store, result, as_of, seen, started, snapshot
            ).run(before)
            for key, mask in result.custom.items():
                stored_custom.store_members(self._store, key, result.metrics.customer_id[mask])
        return Recompute(
            result,
            changed,
            transitions,
            time.perf_counter() - started,
            changes=ops.Changes(segments=True, all_guests=True),
        )

    def _anchor_windows(
        self, as_of: int, actor: ops.Actor | users_service.PendingSignIn
    ) -> ops.Actor | users_service.PendingSignIn:
        """Move the kept windows to the as-of day before a stored run reads (it then reads them
        as they are, with no delta, and the snapshot it saves holds the moved ones: the guests
        the move changed are logged, so a snapshot read meanwhile reads them again).

        Only when the running totals are exact for ``as_of`` and the windows are elsewhere; that
        writes, so a pending owner PIN is decided first."""
        if not self._totals_are_exact(as_of):
            return actor
        options = self._metric_options(as_of, self._values())
        anchor = (
            localtime.local_day(as_of - 1, options["zone"]),
            options["month_days"],
            options["window_days"],
        )
        if not windows.must_move(self._store, *anchor):
            return actor
        actor = _decided(actor)
        with database.background_writer(self._store):
            windows.move(self._store, *anchor)
        return actor

    def _fingerprints(self, metrics: Metrics, exact: bool) -> IntArray:
        """(id, visits, spend, last visit, 0) per guest as read, aligned with the metrics."""
        if exact:  # the metrics came from the same kept totals
            return np.column_stack(
                [
                    metrics.customer_id,
                    metrics.visits,
                    metrics.amount_minor,
                    metrics.last_at,
                    np.zeros(len(metrics), np.int64),
                ]
            )
        table = stored_segments.all_fingerprints(self._store)
        idx, ok = columns.placer(table[:, 0], metrics.customer_id)
        out = np.full((len(metrics), 5), -2, dtype=np.int64)
        out[ok] = table[idx[ok]]
        return out

    def recompute_one(self, customer_id: int, day: dt.date | None = None) -> dict[str, str]:
        """Re-evaluate one guest after a visit (a few index lookups); RFM and ABC use the
        quintile edges and revenue cut-offs of the last full recompute.

        Joins the caller's transaction when there is one (a visit and its guest's re-evaluation
        commit together).
        """
        started = time.perf_counter()
        as_of = self.as_of_instant(day)
        values = self._values()
        metrics = self.metrics(as_of, only=customer_id, values=values)
        if len(metrics) == 0:
            return {}
        config = self.config(values)
        cutoffs = json.loads(stored_segments.last_cutoffs(self._store) or "null")
        families = one_guest_families(metrics, config, cutoffs)
        before = stored_segments.read_one(self._store, customer_id)
        transitions = [
            (customer_id, family, before.get(family), now, segment_writes.moment(as_of))
            for family, now in families.items()
            if before.get(family) != now
        ]
        if transitions:
            with self._store.transaction():
                stored_segments.store_one(self._store, customer_id, families, transitions, as_of)
                stored_segments.add_run(
                    self._store,
                    (
                        int(time.time()),
                        as_of,
                        "one",
                        1,
                        len(transitions),
                        time.perf_counter() - started,
                        None,
                    ),
                )
        return families

    # -- reports ---------------------------------------------------------------------------------

    def matrix(
        self, family: str, start: dt.date, end: dt.date
    ) -> list[tuple[str | None, str, int]]:
        zone = self.timezone()
        return stored_segments.transition_matrix(
            self._store,
            family,
            end_of_day(start - dt.timedelta(days=1), zone),
            end_of_day(end, zone),
        )

    def alerts(self, days: int = 7, today: dt.date | None = None) -> list[Alert]:
        """Notable lifecycle movements of the last ``days`` days, biggest first."""
        end = today or self.today()
        minimum = int(self._value("segments.alert_min_guests"))
        rows = self.matrix("lifecycle", end - dt.timedelta(days=days - 1), end)
        return [
            Alert("lifecycle", str(src), dst, n)
            for src, dst, n in rows
            if (src, dst) in NOTABLE and n >= minimum
        ]

    def last_full_run_at(self) -> int | None:
        """When the last stored full recompute started (UTC seconds), None if never."""
        return stored_segments.last_full_run_at(self._store)

    def needs_full_run(self) -> bool:
        """True when no stored full recompute is as of today (the venue's day): the segments
        are stale, e.g. the app was closed over night or for weeks."""
        last = stored_segments.last_full_run_as_of(self._store)
        return last is None or last < self.as_of_instant(self.today())

    def seconds_to_next_day(self) -> float:
        """Seconds from now to the next local midnight in the venue's time zone."""
        zone = zoneinfo.ZoneInfo(self.timezone())
        now = dt.datetime.now(zone)
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return max(0.0, midnight.timestamp() - now.timestamp())


def _decided(actor: ops.Actor | users_service.PendingSignIn) -> ops.Actor:
    """The actor of a run, its pending PIN check waited for (a refused PIN raises AuthError)."""
    if not isinstance(actor, ops.Actor):
        actor = actor.actor()
        actor.require(ops.Role.CASHIER, "recompute segments")
    return actor


def one_guest_families(
    metrics: Metrics, config: segments.Config, cutoffs: dict[str, Any] | None
) -> dict[str, str]:
    """All partitioning families of a one-guest ``metrics`` against stored cut-offs."""
    single = segments.compute(metrics, config)
    families = {name: str(values[0]) for name, values in single.families.items()}
    if cutoffs:
        edges = cutoffs["rfm"]
        active = metrics.visits_window[0] > 0
        r = value.score_with_edges(float(metrics.last_at[0]), edges["r"]) if active else 1
        f = value.score_with_edges(float(metrics.visits_window[0]), edges["f"]) if active else 1
        families["rfm"] = str(value.rfm_groups(np.array([r]), np.array([f]), config.rfm_map)[0])
        revenue = float(metrics.amount_window[0])
        abc = cutoffs["abc"]
        families["abc"] = (
            "A" if revenue >= abc["a_min"] else "B" if revenue >= abc["b_min"] else "C"
        )
    return families


def as_of_date(as_of: int, timezone: str) -> dt.date:
    return dt.datetime.fromtimestamp(as_of - 1, zoneinfo.ZoneInfo(timezone)).date()


__all__ = ["DAY", "SegmentationService", "Recompute", "Alert", "end_of_day"]
