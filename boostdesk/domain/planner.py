"""The promotion planner's arithmetic: how many guests an offer reaches, how many will redeem it,
and how many units to prepare (PRODUCT.md 6, "order 700 units, not 1000").

* Reach: the guests of the chosen segments on the *active* base (Gone left out; anonymised guests
  are in no segment), with consent for the channel (an offer handed over at the counter needs
  none).
* Expected redemptions: when enough similar offers were made before (the same kind, to guests now
  in these segments, old enough to be judged), reach x their redemption rate within the window;
  otherwise the sum over the reached guests of the visit model's probability that they come at
  least once in the window (one redemption per guest who comes); without a visit model (too few
  guests came back to fit one), each guest's own visit rate of the last year over the window,
  at most one redemption per guest.
* Units to prepare: expected redemptions rounded up; cost: units x the cost of one unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

KINDS = ("item", "amount", "percent")
CHANNELS = ("counter", "sms", "email")
MIN_HISTORY = 20  # similar offers needed before their rate is trusted over the visit model


@dataclass(frozen=True, slots=True)
class Offer:
    """What is offered: a ``kind`` of voucher (a free item, an amount off, a percent off), what
    one redemption costs the venue (minor units), for how many days, through which channel."""

    kind: str
    unit_cost_minor: int
    window_days: int
    channel: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown offer kind {self.kind!r}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if not 1 <= self.window_days <= 365:
            raise ValueError("the offer window is 1 to 365 days")
        if self.unit_cost_minor < 0:
            raise ValueError("a unit cannot cost less than nothing")


@dataclass(frozen=True, slots=True)
class History:
    """Similar offers made before: how many were issued and how many of those were redeemed
    within the window."""

    issued: int
    redeemed: int


@dataclass(frozen=True, slots=True)
class Plan:
    in_segments: int  # guests of the chosen segments (any status)
    gone: int  # of them, Gone: left out
    no_consent: int  # of the active rest, without consent for the channel: left out
    reach: int
    basis: str  # "history", "model" or "visit_rate"
    history: History
    expected: float  # expected redemptions
    rate: float  # expected / reach
    units: int
    cost_minor: int
    naive_units: int  # the same rate over every guest of the segments (Gone, no consent too)
    window_days: int


def plan(
    offer: Offer,
    chosen: BoolArray,
    gone: BoolArray,
    consent: BoolArray,
    history: History,
    p_visit: FloatArray | None,
    own_rate_visits: FloatArray,
) -> Plan:
    """The plan for ``offer`` to the guests ``chosen`` (aligned boolean columns; ``consent`` for
    the offer's channel, all true for the counter). ``p_visit`` is the visit model's probability
    that each guest comes at least once in the window (None: no model); ``own_rate_visits`` each
    guest's visits in the window at their own rate of the last year."""
    active = chosen & ~gone
    reached = active & consent
    reach = int(reached.sum())
    if history.issued >= MIN_HISTORY:
        basis = "history"
        rate = history.redeemed / history.issued
        expected = reach * rate
    elif p_visit is not None:
        basis = "model"
        expected = float(p_visit[reached].sum())
        rate = expected / reach if reach else 0.0
    else:
        basis = "visit_rate"
        expected = float(np.minimum(own_rate_visits[reached], 1.0).sum())
        rate = expected / reach if reach else 0.0
    units = math.ceil(round(expected, 6))
    in_segments = int(chosen.sum())
    return Plan(
        in_segments=in_segments,
        gone=int((chosen & gone).sum()),
        no_consent=int((active & ~consent).sum()),
        reach=reach,
        basis=basis,
        history=history,
        expected=expected,
        rate=rate,
        units=units,
        cost_minor=units * offer.unit_cost_minor,
        naive_units=math.ceil(round(in_segments * rate, 6)),
        window_days=offer.window_days,
    )
