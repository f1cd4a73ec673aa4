"""Everything the back office's guest page shows about one guest, read in one go (owner only).

The counter's view of the guest (balance, last 30 days, lifecycle and the next step up) is
reused so that the page and the till say the same; P(alive), expected visits and the 12-month
CLV come from the last fitted lifetime-value model, when there is one.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boostdesk.services import counter as counter_service
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import vouchers as vouchers_service
from boostdesk.storage import guest_file as guest_file_db
from boostdesk.storage import segments as segments_db
from boostdesk.storage import store as store_module
from boostdesk.storage import vouchers as vouchers_db

# The rows the page shows, under names of this layer (the UI does not import storage).
Profile = guest_file_db.Profile
Visit = guest_file_db.Visit
LedgerRow = guest_file_db.LedgerRow
VoucherRow = vouchers_db.VoucherRow

VISITS_SHOWN = 100
LEDGER_SHOWN = 200


@dataclass(frozen=True, slots=True)
class Prediction:
    p_alive: float
    expected_visits_30d: float
    clv_12m_minor: int


@dataclass(frozen=True, slots=True)
class Numbers:
    """The guest's metrics the segment explanations quote."""

    visits: int
    amount_minor: int
    visits_window: int
    amount_window_minor: int
    window_days: int
    morning: int
    afternoon: int
    evening: int
    abc_a_min_minor: int | None  # the last full run's ABC cut-offs
    abc_b_min_minor: int | None


@dataclass(frozen=True, slots=True)
class GuestFile:
    profile: guest_file_db.Profile
    view: counter_service.GuestView
    cards: tuple[tuple[str, str, int], ...]
    consents: dict[str, bool]  # channel -> the latest answer
    consent_history: tuple[tuple[str, bool, int, str], ...]
    visits: tuple[guest_file_db.Visit, ...]
    ledger: tuple[guest_file_db.LedgerRow, ...]
    vouchers: tuple[tuple[vouchers_db.VoucherRow, str], ...]  # (voucher, status)
    segments: dict[str, str]  # family -> key
    transitions: tuple[tuple[str, str | None, str, int], ...]
    numbers: Numbers
    prediction: Prediction | None
    categories: dict[str, str]  # code -> stored name (the favourite category is a code)


class GuestFiles:
    def __init__(
        self,
        store: store_module.Store,
        counter: counter_service.CounterService,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._counter = counter
        self._segmentation = segmentation
        self._clock = clock

    def load(self, actor: ops.Actor, customer_id: int) -> GuestFile | None:
        """The guest's file, or None for a guest that does not exist (or was anonymised)."""
        actor.require(ops.Role.OWNER, "open a guest")
        store = self._store
        now = int(self._clock())
        profile = guest_file_db.profile(store, customer_id)
        if profile is None:
            return None
        history = guest_file_db.consent_history(store, customer_id)
        consents: dict[str, bool] = {}
        for channel, granted, _at, _source in history:  # newest first: the first answer counts
            consents.setdefault(channel, granted)
        vouchers = tuple(
            (row, vouchers_service.status(row, now))
            for row in vouchers_db.rows_of_customer(store, customer_id)
        )
        numbers, prediction = self._numbers(customer_id)
        return GuestFile(
            profile=profile,
            view=self._counter.view(customer_id, now=now),
            cards=tuple(guest_file_db.cards_of(store, customer_id)),
            consents=consents,
            consent_history=tuple(history),
            visits=tuple(guest_file_db.visits_of(store, customer_id, VISITS_SHOWN)),
            ledger=tuple(guest_file_db.ledger_of(store, customer_id, LEDGER_SHOWN)),
            vouchers=vouchers,
            segments=segments_db.read_one(store, customer_id),
            transitions=tuple(guest_file_db.transitions_of(store, customer_id)),
            numbers=numbers,
            prediction=prediction,
            categories=dict(self._counter.categories()),
        )

    def _numbers(self, customer_id: int) -> tuple[Numbers, Prediction | None]:
        service = self._segmentation
        metrics = service.metrics(service.as_of_instant(None), only=customer_id)
        cutoffs: dict[str, Any] = json.loads(segments_db.last_cutoffs(self._store) or "null") or {}
        abc = cutoffs.get("abc") or {}
        if len(metrics) == 0:
            empty = Numbers(0, 0, 0, 0, 0, 0, 0, 0, None, None)
            return empty, None
        numbers = Numbers(
            visits=int(metrics.visits[0]),
            amount_minor=int(metrics.amount_minor[0]),
            visits_window=int(metrics.visits_window[0]),
            amount_window_minor=int(metrics.amount_window[0]),
            window_days=int(metrics.window_days),
            morning=int(metrics.morning[0]),
            afternoon=int(metrics.afternoon[0]),
            evening=int(metrics.evening[0]),
            abc_a_min_minor=_minor(abc.get("a_min")),
            abc_b_min_minor=_minor(abc.get("b_min")),
        )
        extra = metrics.extra or {}
        if "p_alive" not in extra:
            return numbers, None
        prediction = Prediction(
            p_alive=float(extra["p_alive"][0]),
            expected_visits_30d=float(extra["expected_visits_30d"][0]),
            clv_12m_minor=round(float(extra["clv_12m"][0]) * 100),
        )
        return numbers, prediction


def _minor(value: Any) -> int | None:
    if value is None or not math.isfinite(float(value)):
        return None  # no guest in the class at the last run
    return round(float(value))
