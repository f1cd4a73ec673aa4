"""Loyalty rules (PRODUCT.md section 4): cashback rates, redemption limits and the points ledger.

The ledger is append-only. A guest's balance is never stored: it is derived from the entries by
replaying them in order. Every earn (or welcome) entry is a *lot* with its own expiry, fixed when it
was issued; spending and expiring take points from the oldest lots first (FIFO). A reversing entry
takes back exactly the lot (or the spending) it reverses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

BASIS_POINTS = 10_000
DAY = 86_400

CREDIT_KINDS = frozenset({"earn", "welcome"})


@dataclass(frozen=True, slots=True)
class Rates:
    """Cashback in basis points of the bill by lifecycle segment (owner settings)."""

    default_bp: int = 500
    loyal_bp: int = 700
    vip_bp: int = 1000

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> Rates:
        return cls(
            int(values["loyalty.cashback_bp"]),
            int(values["loyalty.cashback_loyal_bp"]),
            int(values["loyalty.cashback_vip_bp"]),
        )

    def for_segment(self, lifecycle: str | None) -> int:
        if lifecycle == "vip":
            return self.vip_bp
        if lifecycle == "loyal":
            return self.loyal_bp
        return self.default_bp


def cashback(paid_minor: int, rate_bp: int) -> int:
    """Points earned on what the guest paid: the rate applied and rounded down to whole kuruş."""
    if paid_minor <= 0 or rate_bp <= 0:
        return 0
    return paid_minor * rate_bp // BASIS_POINTS


def max_redeemable(bill_minor: int, usable_minor: int, max_bp: int, min_balance_minor: int) -> int:
    """The most points that may pay for a bill: at most ``max_bp`` of the bill, never more than
    the usable balance, and nothing at all while the usable balance is below the minimum."""
    if bill_minor <= 0 or usable_minor <= 0 or usable_minor < min_balance_minor:
        return 0
    return max(0, min(usable_minor, bill_minor * max_bp // BASIS_POINTS))


def voucher_discount(kind: str, value: int, bill_minor: int) -> int:
    """What a voucher takes off the bill: a fixed amount (never more than the bill), a percentage
    (rounded down), or nothing for a free item handed over."""
    if kind == "amount":
        return min(value, bill_minor)
    if kind == "percent":
        return bill_minor * min(max(value, 0), 100) // 100
    return 0


def split_evenly(amount_minor: int, parts: int) -> list[int]:
    """``amount_minor`` in ``parts`` shares that differ by at most one kuruş and add up exactly."""
    base, extra = divmod(amount_minor, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger entry as the rules need it (times in UTC seconds)."""

    id: int
    kind: str
    points_minor: int
    created_at: int
    expires_at: int | None = None
    usable_from: int | None = None
    reverses_id: int | None = None


@dataclass(frozen=True, slots=True)
class Balance:
    total_minor: int  # sum of all entries (what the ledger says)
    usable_minor: int  # can pay for a bill now
    pending_minor: int  # not usable yet (e.g. the welcome bonus before the second visit)
    expired_unbooked_minor: int  # has expired but no ``expire`` entry records it yet
    expiring_soon_minor: int  # usable now, expires within ``soon_days``


@dataclass
class _Lot:
    id: int
    left: int
    expires_at: int | None
    usable_from: int | None
    welcome: bool = False


def _take(lots: list[_Lot], amount: int, at: int) -> int:
    """Take ``amount`` from the oldest lots still valid at ``at``; returns what could not be
    covered (a debt, e.g. an adjustment below zero)."""
    for lot in lots:
        if amount <= 0:
            break
        if lot.left <= 0 or (lot.expires_at is not None and lot.expires_at <= at):
            continue
        used = min(lot.left, amount)
        lot.left -= used
        amount -= used
    return amount


def _take_expired(lots: list[_Lot], amount: int, at: int) -> int:
    """An ``expire`` entry books lots that had expired by ``at`` (oldest first)."""
    for lot in lots:
        if amount <= 0:
            break
        if lot.left > 0 and lot.expires_at is not None and lot.expires_at <= at:
            used = min(lot.left, amount)
            lot.left -= used
            amount -= used
    return _take(lots, amount, at)


def replay(entries: Iterable[Entry]) -> tuple[list[_Lot], int]:
    """The open lots after the entries (in id order) and any uncovered debt."""
    lots: list[_Lot] = []
    by_id: dict[int, _Lot] = {}
    debt = 0
    for entry in sorted(entries, key=lambda e: e.id):
        if entry.kind in CREDIT_KINDS or (entry.kind == "adjust" and entry.points_minor > 0):
            lot = _Lot(
                entry.id,
                entry.points_minor,
                entry.expires_at,
                entry.usable_from,
                welcome=entry.kind == "welcome",
            )
            if debt:
                covered = min(debt, lot.left)
                lot.left -= covered
                debt -= covered
            lots.append(lot)
            by_id[entry.id] = lot
        elif entry.kind == "reverse" and entry.reverses_id in by_id and entry.points_minor < 0:
            # Reversing an earn: take back that very lot; what was already spent becomes debt.
            lot = by_id[entry.reverses_id]
            back = min(lot.left, -entry.points_minor)
            lot.left -= back
            debt += -entry.points_minor - back
        elif entry.points_minor > 0:
            # Reversing a redemption gives the points back as a new lot valid as long as the
            # lots it came from; keeping it simple and generous: the oldest open expiry or none.
            lot = _Lot(entry.id, entry.points_minor, None, None)
            lots.append(lot)
        elif entry.kind == "expire":
            debt += _take_expired(lots, -entry.points_minor, entry.created_at)
        else:
            debt += _take(lots, -entry.points_minor, entry.created_at)
    return lots, debt


def balance(
    entries: Sequence[Entry], now: int, *, welcome_unlocked: bool = True, soon_days: int = 30
) -> Balance:
    """The guest's balance at ``now`` derived from the ledger (see the module docstring).

    The welcome bonus is usable from the guest's second visit: until the enrolment visit has
    been recorded (``welcome_unlocked`` false) it counts as pending, not usable."""
    lots, debt = replay(entries)
    total = sum(e.points_minor for e in entries)
    usable = pending = expired = soon = 0
    for lot in lots:
        if lot.left <= 0:
            continue
        if lot.expires_at is not None and lot.expires_at <= now:
            expired += lot.left
        elif (lot.usable_from is not None and lot.usable_from > now) or (
            lot.welcome and not welcome_unlocked
        ):
            pending += lot.left
        else:
            usable += lot.left
            if lot.expires_at is not None and lot.expires_at <= now + soon_days * DAY:
                soon += lot.left
    usable = max(0, usable - debt)
    return Balance(total, usable, pending, expired, soon)
