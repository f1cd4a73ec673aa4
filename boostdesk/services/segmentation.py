"""Segmentation use cases: full recompute, one guest after a visit, explanations, movements."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
import zoneinfo
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import peewee

from boostdesk.domain import segments
from boostdesk.domain.segments import lifecycle, value
from boostdesk.domain.segments.metrics import DAY, Metrics
from boostdesk.services import settings as settings_service
from boostdesk.storage import analytics

SEGMENT_DEFAULTS: dict[str, Any] = {
    **lifecycle.settings_defaults(),
    "segments.month_days": 30,
    "segments.rfm_window_days": 365,
    "segments.birthday_days": 7,
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
        self, database: peewee.Database, settings: settings_service.SettingsService
    ) -> None:
        self._db = database
        self._settings = settings
        # What the last full recompute of this process stored, to diff against without reading
        # and re-encoding every guest's segments (valid while no other run was stored since).
        self._stored: tuple[int, npt.NDArray[np.int64], dict[str, npt.NDArray[np.str_]]] | None = (
            None
        )

    # -- configuration ---------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        """Every setting this service reads, in one query (its defaults where none is stored)."""
        stored = {k: v for k, v in self._settings.all().items() if v is not None}
        return {**SEGMENT_DEFAULTS, **stored}

    def _value(self, key: str) -> Any:
        stored = self._settings.get(key)
        return SEGMENT_DEFAULTS.get(key) if stored is None else stored

    def config(self, values: dict[str, Any] | None = None) -> segments.Config:
        values = values or self._values()
        custom_rows = self._db.execute_sql("SELECT name, rule FROM custom_segment").fetchall()
        return segments.Config(
            lifecycle=lifecycle.LifecycleRules.from_settings(values),
            birthday_days=int(values["segments.birthday_days"]),
            name_days=dict(values["segments.name_days"]),
            custom={str(name): json.loads(rule) for name, rule in custom_rows},
        )

    def timezone(self) -> str:
        return str(self._settings.get("venue.timezone"))

    def as_of_instant(self, day: dt.date | None) -> int:
        zone = self.timezone()
        return end_of_day(day or dt.datetime.now(zoneinfo.ZoneInfo(zone)).date(), zone)

    # -- metrics ---------------------------------------------------------------------------------

    def metrics(
        self, as_of: int, only: int | None = None, values: dict[str, Any] | None = None
    ) -> Metrics:
        """Per-guest metrics at ``as_of``: from the running totals when they are exact for it."""
        values = values or self._values()
        options = self._metric_options(as_of, values)
        if self._totals_are_exact(as_of):
            loaded = analytics.load_metrics(self._db, only=only, **options)
        else:
            loaded = analytics.load_metrics_exact(self._db, **options)
            if only is not None:
                loaded = loaded.take(np.flatnonzero(loaded.customer_id == only))
        if values.get("segments.lifecycle.adaptive_recency"):
            gaps = analytics.median_gaps(
                self._db, loaded.customer_id, as_of, options["offset"], only
            )
            loaded = dataclasses.replace(loaded, median_gap_days=gaps)
        return self._with_predictions(loaded, values.get("clv.model"))

    @staticmethod
    def _metric_options(as_of: int, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "as_of": as_of,
            "offset": int(values.get("venue.utc_offset_s") or 0),
            "month_days": int(values["segments.month_days"]),
            "window_days": int(values["segments.rfm_window_days"]),
            "names": tuple(dict(values["segments.name_days"])),
        }

    def _totals_are_exact(self, as_of: int) -> bool:
        """The running totals describe ``as_of`` when no visit lies after it."""
        latest = analytics.latest_visit_at(self._db)
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

    def recompute_all(self, day: dt.date | None = None, *, persist: bool = True) -> Recompute:
        """Segment every guest; store changed segments and their transitions (one transaction)."""
        started = time.perf_counter()
        as_of = self.as_of_instant(day)
        values = self._values()
        result = segments.compute(self.metrics(as_of, values=values), self.config(values))
        changed, transitions = (0, 0)
        if persist:
            with self._db.atomic():  # one commit (one fsync) for the windows and the segments
                if self._totals_are_exact(as_of):
                    # the kept windows follow the as-of day, so the next reads need no delta
                    options = self._metric_options(as_of, values)
                    analytics.move_windows(
                        self._db,
                        (as_of - 1 + options["offset"]) // DAY,
                        options["month_days"],
                        options["window_days"],
                        options["offset"],
                    )
                changed, transitions = self._persist(result, as_of, started)
        return Recompute(result, changed, transitions, time.perf_counter() - started)

    def _previous(self, ids: npt.NDArray[np.int64]) -> dict[str, npt.NDArray[np.str_]]:
        """Every guest's stored segment per family ("" when none), aligned with ``ids``."""
        stored = self._stored
        if stored is not None and stored[0] == analytics.last_run_id(self._db):
            old_ids, old = stored[1], stored[2]
        else:
            old_ids, encoded = analytics.load_current(self._db)
            old = decode(encoded)
        if np.array_equal(old_ids, ids):
            return {f: old.get(f, np.full(len(ids), "")) for f in segments.PARTITIONING}
        out = {}
        last = max(len(old_ids) - 1, 0)
        pos = np.searchsorted(old_ids, ids) if len(old_ids) else np.zeros(len(ids), np.int64)
        found = (
            (pos < len(old_ids)) & (old_ids[np.minimum(pos, last)] == ids)
            if len(old_ids)
            else (np.zeros(len(ids), dtype=bool))
        )
        for family in segments.PARTITIONING:
            column = np.full(len(ids), "", dtype=old[family].dtype if family in old else str)
            if family in old:
                column[found] = old[family][pos[found]]
            out[family] = column
        return out

    def _persist(
        self, result: segments.Segmentation, as_of: int, started: float
    ) -> tuple[int, int]:
        ids = result.metrics.customer_id
        previous = self._previous(ids)
        differs = {f: previous[f] != result.families[f] for f in result.families}
        changed = np.flatnonzero(np.logical_or.reduce(list(differs.values())))
        transitions: list[tuple[int, str, str | None, str, int]] = []
        for family, mask in differs.items():
            for i in np.flatnonzero(mask):
                before = str(previous[family][i]) or None
                now = str(result.families[family][i])
                transitions.append((int(ids[i]), family, before, now, moment(as_of)))
        transitions.sort(key=lambda t: (t[0], t[1]))
        subset = {f: v[changed] for f, v in result.families.items()}
        analytics.save_changes(
            self._db,
            ids[changed].tolist(),
            encode(subset).tolist() if len(changed) else [],
            transitions,
            as_of,
            (
                int(time.time()),
                as_of,
                "full",
                len(ids),
                len(transitions),
                time.perf_counter() - started,
                json.dumps(result.cutoffs),
            ),
        )
        self._stored = (analytics.last_run_id(self._db), ids.copy(), dict(result.families))
        return len(changed), len(transitions)

    def recompute_one(self, customer_id: int, day: dt.date | None = None) -> dict[str, str]:
        """Re-evaluate one guest after a visit (a few index lookups); RFM and ABC use the
        quintile edges and revenue cut-offs of the last full recompute."""
        started = time.perf_counter()
        as_of = self.as_of_instant(day)
        values = self._values()
        metrics = self.metrics(as_of, only=customer_id, values=values)
        if len(metrics) == 0:
            return {}
        config = self.config(values)
        cutoffs = json.loads(analytics.last_cutoffs(self._db) or "null")
        families = one_guest_families(metrics, config, cutoffs)
        encoded = encode({k: np.array([v]) for k, v in families.items()})[0]
        old_ids, old = analytics.load_current_one(self._db, customer_id)
        before = json.loads(old) if old else {}
        transitions = [
            (customer_id, family, before.get(family), now, moment(as_of))
            for family, now in families.items()
            if before.get(family) != now
        ]
        if transitions:
            analytics.save_changes(
                self._db,
                [customer_id],
                [encoded],
                transitions,
                as_of,
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
        del old_ids
        return families

    # -- reports ---------------------------------------------------------------------------------

    def matrix(
        self, family: str, start: dt.date, end: dt.date
    ) -> list[tuple[str | None, str, int]]:
        zone = self.timezone()
        return analytics.transition_matrix(
            self._db, family, end_of_day(start - dt.timedelta(days=1), zone), end_of_day(end, zone)
        )

    def alerts(self, days: int = 7, today: dt.date | None = None) -> list[Alert]:
        """Notable lifecycle movements of the last ``days`` days, biggest first."""
        end = today or dt.datetime.now(zoneinfo.ZoneInfo(self.timezone())).date()
        minimum = int(self._value("segments.alert_min_guests"))
        rows = self.matrix("lifecycle", end - dt.timedelta(days=days - 1), end)
        return [
            Alert("lifecycle", str(src), dst, n)
            for src, dst, n in rows
            if (src, dst) in NOTABLE and n >= minimum
        ]


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


def encode(families: dict[str, npt.NDArray[np.str_]]) -> npt.NDArray[Any]:
    """JSON text per guest, ``{"lifecycle":"vip",...}``, built column-wise (no per-guest dumps)."""
    out: npt.NDArray[Any] | None = None
    for i, (family, column) in enumerate(families.items()):
        piece = np.strings.add(f'{"{" if i == 0 else ","}"{family}":"', column.astype(str))
        piece = np.strings.add(piece, '"')
        out = piece if out is None else np.strings.add(out, piece)
    assert out is not None
    return np.asarray(np.strings.add(out, "}"), dtype=object)


def moment(as_of: int) -> int:
    """When a change found for the as-of day happened: now, or the day's last second if past."""
    return min(int(time.time()), as_of - 1)


def decode(encoded: npt.NDArray[np.str_]) -> dict[str, npt.NDArray[np.str_]]:
    """Columns family -> segments from stored JSON texts (the inverse of :func:`encode`)."""
    rows = [json.loads(text) for text in encoded.tolist()]
    families = {key for row in rows[:1] for key in row}
    return {f: np.array([row.get(f, "") for row in rows], dtype=str) for f in families}


def as_of_date(as_of: int, timezone: str) -> dt.date:
    return dt.datetime.fromtimestamp(as_of - 1, zoneinfo.ZoneInfo(timezone)).date()


__all__ = ["DAY", "SegmentationService", "Recompute", "Alert", "encode", "end_of_day"]
