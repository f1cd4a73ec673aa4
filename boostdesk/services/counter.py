"""The counter's reads: who holds this card, what they may redeem, which vouchers are valid; and
the scan log with its duplicate filter.

Reads here run on every scan, so each is a handful of indexed lookups (the guest's totals come
from the trigger-kept ``customer_metrics`` row, never from counting their visits).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from boostdesk.domain import codes, localtime, privacy, rewards
from boostdesk.services import ops
from boostdesk.services import settings as settings_service
from boostdesk.storage import cards, guests, segments, visits, vouchers
from boostdesk.storage import categories as categories_db
from boostdesk.storage import ledger as ledger_db
from boostdesk.storage import scans as scans_db
from boostdesk.storage import store as store_module

logger = logging.getLogger(__name__)

DAY = 86_400
MONTH_DAYS = 30
SCAN_OUTCOMES = ("guest", "unknown_card", "voucher", "rejected", "duplicate")


VoucherInfo = vouchers.VoucherInfo


@dataclass(frozen=True, slots=True)
class NextStep:
    """The nearest step up the lifecycle ladder in the guest's own numbers."""

    target: str  # "loyal" | "vip"
    visits_needed: int
    average_needed_minor: int  # 0 when the average bill is already enough


@dataclass(frozen=True, slots=True)
class LastVisit:
    visit_id: int
    visited_at: int
    amount_minor: int
    voidable: bool  # still inside the void window


@dataclass(frozen=True, slots=True)
class GuestView:
    """Everything the guest panel shows, as plain data."""

    customer_id: int
    card_id: int
    card_number: str
    card_status: str
    first_name: str
    phone_masked: str
    email_masked: str
    lifecycle: str | None
    balance: rewards.Balance
    max_redeem_bp: int
    min_redeem_balance_minor: int
    cashback_bp: int
    visits: int
    last_visit: LastVisit | None
    visits_month: int
    average_month_minor: int
    next_step: NextStep | None
    vouchers: tuple[VoucherInfo, ...]
    birthday_in_days: int | None
    favourite_category: str | None


@dataclass(frozen=True, slots=True)
class TodaySummary:
    visits: int
    revenue_minor: int
    latest: tuple[tuple[int, str, int, bool], ...]  # (visited_at, first name, amount, voided)


@dataclass(frozen=True, slots=True)
class VoucherCheck:
    """A scanned voucher: ``status`` is valid, unknown, expired, used or cancelled."""

    status: str
    voucher: VoucherInfo | None


class DuplicateFilter:
    """The same code read again within ``window_s`` seconds is one scan (readers repeat, hands
    shake). Times are monotonic seconds; the filter remembers only the last code."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._last: tuple[str, float] | None = None

    def is_duplicate(self, code: str, at: float) -> bool:
        last = self._last
        if last is not None and last[0] == code and 0 <= at - last[1] < self.window_s:
            return True
        self._last = (code, at)
        return False


class CounterService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    def _now(self, now: int | None) -> int:
        return int(now if now is not None else self._clock())

    # -- guests ----------------------------------------------------------------------------------

    def find(self, number: str, now: int | None = None) -> GuestView | None:
        """The guest holding card ``number``, or None for a card nobody holds (enrol them)."""
        card = cards.by_number(self._store, number)
        if card is None or card.customer_id is None:
            return None
        return self.view(card.customer_id, card=(card.id, number, card.status), now=now)

    def view(
        self, customer_id: int, *, card: tuple[int, str, str] | None = None, now: int | None = None
    ) -> GuestView:
        at = self._now(now)
        store = self._store
        settings = self._settings.all()
        if card is None:
            found = cards.current_of_customer(store, customer_id)
            card = (found.id, found.number, found.status) if found else (0, "", "none")
        contact = guests.contact(store, customer_id)
        month_visits, month_amount = visits.totals_between(
            store, customer_id, at - MONTH_DAYS * DAY, at
        )
        lifecycle = self.lifecycle(customer_id)
        rates = rewards.Rates.from_settings(settings)
        average = month_amount // month_visits if month_visits else 0
        return GuestView(
            customer_id=customer_id,
            card_id=card[0],
            card_number=card[1],
            card_status=card[2],
            first_name=contact.first_name,
            phone_masked=privacy.mask_phone(contact.phone),
            email_masked=privacy.mask_email(contact.email),
            lifecycle=lifecycle,
            balance=self.balance(customer_id, at),
            max_redeem_bp=int(settings["loyalty.max_redeem_bp"]),
            min_redeem_balance_minor=int(settings["loyalty.min_redeem_balance_minor"]),
            cashback_bp=rates.for_segment(lifecycle),
            visits=guests.kept_visits(store, customer_id),
            last_visit=self.last_visit(
                customer_id, at, int(settings["counter.void_window_min"]) * 60
            ),
            visits_month=month_visits,
            average_month_minor=average,
            next_step=next_step(lifecycle, month_visits, average, settings),
            vouchers=self.open_vouchers(customer_id, at),
            birthday_in_days=days_until_birthday(
                contact.birth_date,
                at,
                str(settings["venue.timezone"]),
                int(settings.get("segments.birthday_days", 7)),
            ),
            favourite_category=guests.favourite_category(store, customer_id),
        )

    def lifecycle(self, customer_id: int) -> str | None:
        return segments.lifecycle_of(self._store, customer_id)

    def favourite_category(self, customer_id: int) -> str | None:
        return guests.favourite_category(self._store, customer_id)

    def categories(self) -> list[tuple[str, str]]:
        """(code, name) of the basket categories the counter offers, in order."""
        return categories_db.active(self._store)

    def ledger(self, customer_id: int) -> list[rewards.Entry]:
        return [rewards.Entry(*row) for row in ledger_db.of_customer(self._store, customer_id)]

    def balance(self, customer_id: int, now: int | None = None) -> rewards.Balance:
        """The guest's points now, derived from the ledger (FIFO expiry, welcome rule)."""
        at = self._now(now)
        entries = self.ledger(customer_id)
        return rewards.balance(
            entries, at, welcome_unlocked=self._welcome_unlocked(customer_id, entries)
        )

    def _welcome_unlocked(self, customer_id: int, entries: list[rewards.Entry]) -> bool:
        """The welcome bonus is usable from the second visit: a visit must have been recorded
        at or after the enrolment that issued it."""
        welcome = [e for e in entries if e.kind == "welcome"]
        if not welcome:
            return True
        return visits.seen_since(self._store, customer_id, welcome[-1].created_at)

    def last_visit(self, customer_id: int, now: int, void_window_s: int) -> LastVisit | None:
        """The guest's last saved visit still standing, and whether it may still be voided."""
        last = visits.last_standing(self._store, customer_id)
        if last is None:
            return None
        return LastVisit(
            last.visit_id,
            last.visited_at,
            last.amount_minor,
            now - last.visited_at <= void_window_s,
        )

    # -- vouchers --------------------------------------------------------------------------------

    def open_vouchers(self, customer_id: int, now: int) -> tuple[VoucherInfo, ...]:
        """The guest's vouchers that can still be used, soonest to expire first."""
        return tuple(vouchers.open_of_customer(self._store, customer_id, now))

    def check_voucher(self, code: str, now: int | None = None) -> VoucherCheck:
        at = self._now(now)
        found = vouchers.by_code(self._store, code)
        if found is None:
            return VoucherCheck("unknown", None)
        voucher = found.voucher
        if found.cancelled_at is not None:
            return VoucherCheck("cancelled", voucher)
        if found.redeemed_at is not None:
            return VoucherCheck("used", voucher)
        if voucher.expires_at is not None and voucher.expires_at <= at:
            return VoucherCheck("expired", voucher)
        return VoucherCheck("valid", voucher)

    def today(self, now: int | None = None, limit: int = 6) -> TodaySummary:
        """Today's visits at the venue (local day): count, revenue and the latest few."""
        at = self._now(now)
        zone = str(self._settings.get("venue.timezone"))
        midnight = localtime.day_start(localtime.local_day(at, zone), zone)
        count, revenue, latest = visits.venue_day(self._store, midnight, at, limit)
        return TodaySummary(count, revenue, tuple(latest))

    # -- the demo's simulated scanner -------------------------------------------------------------

    def demo_code(self, pick: str, now: int | None = None) -> str | None:
        """A code for the demo's simulated scanner: a regular guest's card (``regular``), a card
        nobody holds (``new``) or a usable voucher (``voucher``, issuing a ₺25 one if none)."""
        at = self._now(now)
        store = self._store
        if pick == "regular":
            return cards.random_recent_regular(store, at - 14 * DAY)
        if pick == "new":
            top = cards.highest_number(store)
            serial = int(top[2:12]) + 1 if top else 1
            return codes.card_number(serial + random.randrange(1, 1000))
        found = vouchers.any_open_unassigned(store, at)
        if found:
            return found
        with store.transaction():
            top = vouchers.highest_code(store)
            code = codes.voucher_code(int(top[2:12]) + 1 if top else 1)
            vouchers.issue(store, code, "amount", 2500, "demo", at, at + 30 * DAY)
        return code

    # -- scan log --------------------------------------------------------------------------------

    def log_scan(
        self, raw: str, code: str | None, outcome: str, detail: str | None, at: float | None = None
    ) -> ops.Changes:
        """Store one scan; ``raw`` is already rendered safely, ``detail`` is a reason word.
        Every till logs what it reads, whoever is signed in, so no role is needed."""
        if outcome not in SCAN_OUTCOMES:
            raise ValueError(f"unknown scan outcome {outcome!r}")
        with self._store.transaction():
            scans_db.insert(
                self._store,
                int(at if at is not None else self._clock()),
                raw[:200],
                code,
                outcome,
                detail,
            )
        logger.info("scan logged: %s (%s)", outcome, detail or "-")  # never the code itself
        return ops.Changes(scans=True)

    def scan_log(self, last: int = 200) -> list[scans_db.ScanRow]:
        """The latest scans, newest first (times in UTC seconds; the viewer shows local time)."""
        return scans_db.latest(self._store, last)

    def scans(self, last: int = 20) -> list[dict[str, Any]]:
        """The latest scans, oldest first, with ISO-8601 UTC times (the ``--json`` shape)."""
        return [
            {
                "id": r.id,
                "at": dt.datetime.fromtimestamp(r.at, dt.UTC).isoformat(),
                "raw": r.raw,
                "code": r.code,
                "outcome": r.outcome,
                "detail": r.detail,
            }
            for r in reversed(scans_db.latest(self._store, last))
        ]


def next_step(
    lifecycle: str | None, visits_month: int, average_minor: int, settings: dict[str, Any]
) -> NextStep | None:
    """What would lift the guest one rung (Regular/New → Loyal, Loyal → VIP), or None."""
    if lifecycle == "vip" or lifecycle is None:
        return None
    prefix = "segments.lifecycle."
    if lifecycle == "loyal":
        target = "vip"
        visits = int(settings.get(prefix + "vip_visits", 25))
        average = int(settings.get(prefix + "vip_average_minor", 40_000))
    elif lifecycle in ("registered", "regular", "new", "potential_loyal", "at_risk"):
        target = "loyal"
        visits = int(settings.get(prefix + "loyal_visits", 10))
        average = int(settings.get(prefix + "loyal_average_minor", 20_000))
    else:
        return None
    return NextStep(target, max(0, visits - visits_month), max(0, average - average_minor))


def days_until_birthday(
    birth_date: str | None, now: int, timezone: str, horizon: int
) -> int | None:
    """Days from today (venue time) to the guest's next birthday, when within ``horizon``."""
    if not birth_date:
        return None
    try:
        born = dt.date.fromisoformat(birth_date)
    except ValueError:
        return None
    today = dt.datetime.fromtimestamp(now, ZoneInfo(timezone)).date()
    for year in (today.year, today.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:  # 29 February in a common year: celebrated on 28 February
            day = dt.date(year, 2, 28)
        if day >= today:
            days = (day - today).days
            return days if days <= horizon else None
    return None
