"""The promotion planner: reach, expected redemptions, units to prepare and cost of an offer to
chosen segments (the arithmetic and its assumptions are in :mod:`boostdesk.domain.planner`).

:meth:`PlannerService.load_base` reads what every plan needs once (the stored segments, custom
segment members, consents, the metrics the visit model predicts from, the vouchers handed out
before); :meth:`PlannerService.plan` then answers each choice without the database.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain import planner
from boostdesk.domain.segments.metrics import DAY, IntArray, Metrics
from boostdesk.services import segmentation as segmentation_service
from boostdesk.storage import audiences, columns
from boostdesk.storage import custom_segments as stored_custom
from boostdesk.storage import planner as stored_planner
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

Offer = planner.Offer
Plan = planner.Plan
CUSTOM = "custom"  # the family name under which custom segments are chosen
FAMILIES = ("lifecycle", "rfm", CUSTOM)  # what the page offers as targets


@dataclass(frozen=True)
class Stored:
    """One stored family: each guest's segment as a small code (``NONE``: none stored) and the
    keys the codes index. A string per guest for every family took ten times the memory."""

    keys: tuple[str, ...]
    codes: npt.NDArray[np.int16]

    def members(self, key: str) -> npt.NDArray[np.bool_]:
        """The guests whose stored segment is ``key``."""
        if not key or key not in self.keys:
            return np.zeros(len(self.codes), dtype=bool)
        return np.equal(self.codes, self.keys.index(key))

    def sizes(self) -> dict[str, int]:
        """Guests per segment key (guests with none left out)."""
        held = self.codes[self.codes >= 0]
        counts = np.bincount(held, minlength=len(self.keys)).tolist()
        return {key: n for key, n in zip(self.keys, counts, strict=True) if key and n}


@dataclass(frozen=True)
class Base:
    """Everything a plan reads, aligned with ``metrics.customer_id`` (anonymised guests are not
    in it)."""

    metrics: Metrics
    segments: dict[str, Stored]  # stored family -> each guest's segment
    custom: dict[str, npt.NDArray[np.bool_]]  # custom key -> members
    custom_names: dict[str, str]
    consent: dict[str, npt.NDArray[np.bool_]]  # channel -> consent in force
    days_since_last: IntArray
    model: dict[str, Any] | None  # the stored visit model, None until fitted
    vouchers: IntArray  # (guest position, kind code, issued at, redeemed at or -1)
    now: int
    seconds: float

    @property
    def guests(self) -> int:
        return len(self.metrics)

    def sizes(self, family: str) -> dict[str, int]:
        """Guests per segment of ``family`` (custom: per custom segment key)."""
        if family == CUSTOM:
            return {key: int(mask.sum()) for key, mask in self.custom.items()}
        stored = self.segments.get(family)
        return stored.sizes() if stored is not None else {}


class PlannerService:
    def __init__(
        self, store: store_module.Store, segmentation: segmentation_service.SegmentationService
    ) -> None:
        self._store = store
        self._segmentation = segmentation
        # the model fitted for a day when none is stored: the page reads its base each time it
        # is shown, and a fit takes seconds on 100 000 guests
        self._fitted: tuple[int, dict[str, Any]] | None = None

    def load_base(self) -> Base:
        """Read what plans need (a read of the whole base: off the GUI thread)."""
        started = time.perf_counter()
        values = self._segmentation.values()
        as_of = self._segmentation.as_of_instant(None)
        metrics = self._segmentation.metrics(as_of, values=values)
        ids = metrics.customer_id
        stored_ids, codes = stored_segments.read_current(self._store)
        table = stored_segments.code_table(self._store)
        idx, ok = columns.placer(stored_ids, ids)
        found: dict[str, Stored] = {}
        for j, family in enumerate(stored_segments.FAMILIES):
            code = np.where(ok, codes[np.where(ok, idx, 0), j] if len(codes) else -1, -1)
            found[family] = Stored(
                tuple(table.get(family, [])),
                np.where(code >= 0, code, stored_segments.NONE).astype(np.int16),
            )
        custom: dict[str, npt.NDArray[np.bool_]] = {}
        custom_names: dict[str, str] = {}
        for segment in stored_custom.active(self._store):
            custom[segment.key] = np.isin(ids, stored_custom.members(self._store, segment.key))
            custom_names[segment.key] = segment.name
        consents = audiences.consents(self._store, ids)
        vouchers = stored_planner.voucher_history(self._store)
        vidx, vok = columns.placer(ids, vouchers[:, 0])
        placed = vouchers[vok].copy()
        placed[:, 0] = vidx[vok]
        return Base(
            metrics=metrics,
            segments=found,
            custom=custom,
            custom_names=custom_names,
            consent={channel: consents[f"consent_{channel}"] > 0 for channel in audiences.CHANNELS},
            days_since_last=metrics.days_since_last(),
            model=values.get("clv.model") or self._fit_now(as_of, str(values["venue.timezone"])),
            vouchers=placed,
            now=int(time.time()),
            seconds=time.perf_counter() - started,
        )

    def _fit_now(self, as_of: int, zone: str) -> dict[str, Any] | None:
        """The visit model fitted now (not stored) when none is kept yet, once per as-of day;
        None when the venue's visits cannot support one (too few guests came back)."""
        if self._fitted is not None and self._fitted[0] == as_of:
            return self._fitted[1]
        model = self._fit(as_of, zone)
        if model is not None:  # a venue that cannot support one yet is tried again
            self._fitted = (as_of, model)
        return model

    def _fit(self, as_of: int, zone: str) -> dict[str, Any] | None:
        from boostdesk.domain import clv  # scipy: imported where a model is fitted, not at start
        from boostdesk.services import clv as clv_service

        try:
            return clv_service.stored_model(clv_service.fit(self._store, as_of, zone))
        except (clv.ClvError, ValueError, FloatingPointError):
            return None

    @staticmethod
    def chosen(base: Base, targets: Sequence[tuple[str, str]]) -> npt.NDArray[np.bool_]:
        """The guests in any of ``targets`` ((family, segment key); family "custom" for a custom
        segment's key)."""
        mask = np.zeros(base.guests, dtype=bool)
        for family, key in targets:
            if family == CUSTOM:
                mask |= base.custom.get(key, np.zeros(base.guests, dtype=bool))
            elif family in base.segments:
                mask |= base.segments[family].members(key)
        return mask

    @classmethod
    def plan(cls, base: Base, targets: Sequence[tuple[str, str]], offer: Offer) -> Plan:
        """The plan of ``offer`` to ``targets`` (pure: safe on any thread)."""
        chosen = cls.chosen(base, targets)
        gone = base.segments["lifecycle"].members("gone")
        if offer.channel == "counter":
            consent = np.ones(base.guests, dtype=bool)
        else:
            consent = base.consent[offer.channel]
        reached = np.flatnonzero(chosen & ~gone & consent)
        expected = None
        if base.model is not None:
            from boostdesk.services import clv as clv_service  # scipy, only with a model

            expected = np.zeros(base.guests)
            expected[reached] = clv_service.p_visit_within(
                base.model, base.metrics, offer.window_days, reached
            )
        # without a model: each guest's own visit rate of the last 365 days
        own_rate = base.metrics.visits_window * (offer.window_days / base.metrics.window_days)
        return planner.plan(
            offer,
            chosen,
            gone,
            consent,
            cls.history(base, chosen, offer),
            expected,
            own_rate.astype(float),
        )

    @staticmethod
    def history(base: Base, chosen: npt.NDArray[np.bool_], offer: Offer) -> planner.History:
        """Vouchers of the offer's kind given to guests now in the chosen segments, issued at
        least the window ago (their outcome is known), and how many were redeemed within it."""
        v = base.vouchers
        if not len(v):
            return planner.History(0, 0)
        window = offer.window_days * DAY
        similar = (
            chosen[v[:, 0]]
            & (v[:, 1] == stored_planner.KIND_CODES[offer.kind])
            & (v[:, 2] <= base.now - window)
        )
        redeemed = similar & (v[:, 3] >= 0) & (v[:, 3] <= v[:, 2] + window)
        return planner.History(int(similar.sum()), int(redeemed.sum()))
