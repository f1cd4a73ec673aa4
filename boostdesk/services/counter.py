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

import peewee

from boostdesk.domain import codes, privacy, rewards
from boostdesk.services import settings as settings_service
from boostdesk.storage import categories as category_queries
from boostdesk.storage import scans as scan_queries
from boostdesk.storage import segments as stored_segments

logger = logging.getLogger(__name__)

DAY = 86_400
MONTH_DAYS = 30
SCAN_OUTCOMES = ("guest", "unknown_card", "voucher", "rejected", "duplicate")


@dataclass(frozen=True, slots=True)
class VoucherInfo:
    id: int
    code: str
    kind: str  # amount | percent | item
    value: int  # minor units, percent, or 0 for an item
    item_name: str | None
    expires_at: int | None
    printed: bool
    customer_id: int | None


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
        database: peewee.SqliteDatabase,
        settings: settings_service.SettingsService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = database
        self._settings = settings
        self._clock = clock

    def _now(self, now: int | None) -> int:
        return int(now if now is not None else self._clock())

    # -- guests ----------------------------------------------------------------------------------

    def find(self, number: str, now: int | None = None) -> GuestView | None:
        """The guest holding card ``number``, or None for a card nobody holds (enrol them)."""
        row = self._db.execute_sql(
            "SELECT id, customer_id, status FROM card WHERE number = ?", (number,)
        ).fetchone()
        if row is None or row[1] is None:
            return None
        return self.view(int(row[1]), card=(int(row[0]), number, str(row[2])), now=now)

    def view(
        self, customer_id: int, *, card: tuple[int, str, str] | None = None, now: int | None = None
    ) -> GuestView:
        at = self._now(now)
        settings = self._settings.all()
        if card is None:
            found = self._db.execute_sql(
                "SELECT id, number, status FROM card WHERE customer_id = ? "
                "ORDER BY status = 'active' DESC, id DESC LIMIT 1",
                (customer_id,),
            ).fetchone()
            card = (int(found[0]), str(found[1]), str(found[2])) if found else (0, "", "none")
        first_name, phone, email, birth_date = self._db.execute_sql(
            "SELECT first_name, phone, email, birth_date FROM customer WHERE id = ?",
            (customer_id,),
        ).fetchone()
        visits = self._db.execute_sql(
            "SELECT visits FROM customer_metrics WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        month_visits, month_amount = self._db.execute_sql(
            "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit "
            "WHERE customer_id = ? AND visited_at > ? AND visited_at <= ? AND voided_at IS NULL",
            (customer_id, at - MONTH_DAYS * DAY, at),
        ).fetchone()
        lifecycle = self.lifecycle(customer_id)
        rates = rewards.Rates.from_settings(settings)
        average = month_amount // month_visits if month_visits else 0
        return GuestView(
            customer_id=customer_id,
            card_id=card[0],
            card_number=card[1],
            card_status=card[2],
            first_name=str(first_name),
            phone_masked=privacy.mask_phone(phone),
            email_masked=privacy.mask_email(email),
            lifecycle=lifecycle,
            balance=self.balance(customer_id, at),
            max_redeem_bp=int(settings["loyalty.max_redeem_bp"]),
            min_redeem_balance_minor=int(settings["loyalty.min_redeem_balance_minor"]),
            cashback_bp=rates.for_segment(lifecycle),
            visits=int(visits[0]) if visits else 0,
            last_visit=self.last_visit(
                customer_id, at, int(settings["counter.void_window_min"]) * 60
            ),
            visits_month=int(month_visits),
            average_month_minor=int(average),
            next_step=next_step(lifecycle, int(month_visits), int(average), settings),
            vouchers=self.open_vouchers(customer_id, at),
            birthday_in_days=days_until_birthday(
                birth_date,
                at,
                str(settings["venue.timezone"]),
                int(settings.get("segments.birthday_days", 7)),
            ),
            favourite_category=self.favourite_category(customer_id),
        )

    def lifecycle(self, customer_id: int) -> str | None:
        return stored_segments.current_segment(self._db, customer_id, "lifecycle")

    def categories(self) -> list[tuple[str, str]]:
        """``(code, stored name)`` of the basket categories offered at the counter."""
        return category_queries.active(self._db)

    def favourite_category(self, customer_id: int) -> str | None:
        row = self._db.execute_sql(
            "SELECT c.code FROM customer_category cc JOIN category c ON c.id = cc.category_id "
            "WHERE cc.customer_id = ? AND cc.amount_minor > 0 "
            "ORDER BY cc.amount_minor DESC LIMIT 1",
            (customer_id,),
        ).fetchone()
        return str(row[0]) if row else None

    def ledger(self, customer_id: int) -> list[rewards.Entry]:
        return [
            rewards.Entry(*row)
            for row in self._db.execute_sql(
                "SELECT id, kind, points_minor, created_at, expires_at, usable_from, reverses_id "
                "FROM ledger_entry WHERE customer_id = ? ORDER BY id",
                (customer_id,),
            )
        ]

    def balance(self, customer_id: int, now: int | None = None) -> rewards.Balance:
        """The guest's points now, derived from the ledger (FIFO expiry, welcome rule)."""
        at = self._now(now)
        entries = self.ledger(customer_id)
        return rewards.balance(entries, at, welcome_unlocked=self._welcome_unlocked(entries))

    def _welcome_unlocked(self, entries: list[rewards.Entry]) -> bool:
        """The welcome bonus is usable from the second visit: a visit must have been recorded
        at or after the enrolment that issued it."""
        welcome = [e for e in entries if e.kind == "welcome"]
        if not welcome:
            return True
        row = self._db.execute_sql(
            "SELECT 1 FROM visit WHERE customer_id = (SELECT customer_id FROM ledger_entry "
            "WHERE id = ?) AND visited_at >= ? AND voided_at IS NULL LIMIT 1",
            (welcome[-1].id, welcome[-1].created_at),
        ).fetchone()
        return row is not None

    def last_visit(self, customer_id: int, now: int, void_window_s: int) -> LastVisit | None:
        """The guest's latest visit still standing, and whether it may still be voided."""
        row = self._db.execute_sql(
            "SELECT id, visited_at, amount_minor FROM visit "
            "WHERE customer_id = ? AND voided_at IS NULL ORDER BY visited_at DESC LIMIT 1",
            (customer_id,),
        ).fetchone()
        if row is None:
            return None
        return LastVisit(int(row[0]), int(row[1]), int(row[2]), now - int(row[1]) <= void_window_s)

    # -- vouchers --------------------------------------------------------------------------------

    def open_vouchers(self, customer_id: int, now: int) -> tuple[VoucherInfo, ...]:
        """The guest's vouchers that can still be used, soonest to expire first."""
        rows = self._db.execute_sql(
            f"SELECT {_VOUCHER_COLUMNS} FROM voucher WHERE customer_id = ? "
            "AND redeemed_at IS NULL AND cancelled_at IS NULL "
            "AND (expires_at IS NULL OR expires_at > ?) "
            "ORDER BY expires_at IS NULL, expires_at, id",
            (customer_id, now),
        ).fetchall()
        return tuple(_voucher(row) for row in rows)

    def check_voucher(self, code: str, now: int | None = None) -> VoucherCheck:
        at = self._now(now)
        row = self._db.execute_sql(
            f"SELECT {_VOUCHER_COLUMNS}, redeemed_at, cancelled_at FROM voucher WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            return VoucherCheck("unknown", None)
        voucher = _voucher(row[:8])
        if row[9] is not None:
            return VoucherCheck("cancelled", voucher)
        if row[8] is not None:
            return VoucherCheck("used", voucher)
        if voucher.expires_at is not None and voucher.expires_at <= at:
            return VoucherCheck("expired", voucher)
        return VoucherCheck("valid", voucher)

    def today(self, now: int | None = None, limit: int = 6) -> TodaySummary:
        """Today's visits at the venue (local day): count, revenue and the latest few."""
        at = self._now(now)
        offset = int(self._settings.get("venue.utc_offset_s"))
        midnight = (at + offset) // DAY * DAY - offset
        count, revenue = self._db.execute_sql(
            "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit "
            "WHERE visited_at >= ? AND visited_at <= ? AND voided_at IS NULL",
            (midnight, at),
        ).fetchone()
        rows = self._db.execute_sql(
            "SELECT v.visited_at, c.first_name, v.amount_minor, v.voided_at IS NOT NULL "
            "FROM visit v JOIN customer c ON c.id = v.customer_id "
            "WHERE v.visited_at >= ? AND v.visited_at <= ? ORDER BY v.visited_at DESC, v.id DESC "
            "LIMIT ?",
            (midnight, at, limit),
        ).fetchall()
        latest = tuple((int(r[0]), str(r[1]), int(r[2]), bool(r[3])) for r in rows)
        return TodaySummary(int(count), int(revenue), latest)

    # -- the demo's simulated scanner -------------------------------------------------------------

    def demo_code(self, pick: str, now: int | None = None) -> str | None:
        """A code for the demo's simulated scanner: a regular guest's card (``regular``), a card
        nobody holds (``new``) or a usable voucher (``voucher``, issuing a ₺25 one if none)."""
        at = self._now(now)
        if pick == "regular":
            row = self._db.execute_sql(
                "SELECT c.number FROM customer_metrics m JOIN card c ON c.customer_id = "
                "m.customer_id AND c.status = 'active' WHERE m.last_at > ? "
                "ORDER BY random() LIMIT 1",
                (at - 14 * DAY,),
            ).fetchone()
            return str(row[0]) if row else None
        if pick == "new":
            (top,) = self._db.execute_sql("SELECT MAX(number) FROM card").fetchone()
            serial = int(str(top)[2:12]) + 1 if top else 1
            return codes.card_number(serial + random.randrange(1, 1000))
        row = self._db.execute_sql(
            "SELECT code FROM voucher WHERE redeemed_at IS NULL AND cancelled_at IS NULL "
            "AND customer_id IS NULL AND (expires_at IS NULL OR expires_at > ?) LIMIT 1",
            (at,),
        ).fetchone()
        if row:
            return str(row[0])
        (top,) = self._db.execute_sql("SELECT MAX(code) FROM voucher").fetchone()
        code = codes.voucher_code(int(str(top)[2:12]) + 1 if top else 1)
        with self._db.atomic():
            self._db.execute_sql(
                "INSERT INTO voucher (code, kind, value, source, issued_at, expires_at) "
                "VALUES (?, 'amount', 2500, 'demo', ?, ?)",
                (code, at, at + 30 * DAY),
            )
        return code

    # -- scan log --------------------------------------------------------------------------------

    def log_scan(
        self, raw: str, code: str | None, outcome: str, detail: str | None, at: float | None = None
    ) -> None:
        """Store one scan; ``raw`` is already rendered safely, ``detail`` is a reason word."""
        if outcome not in SCAN_OUTCOMES:
            raise ValueError(f"unknown scan outcome {outcome!r}")
        with self._db.atomic():
            self._db.execute_sql(
                "INSERT INTO scan_log (at, raw, code, outcome, detail) VALUES (?, ?, ?, ?, ?)",
                (int(at if at is not None else self._clock()), raw[:200], code, outcome, detail),
            )
        logger.info("scan logged: %s (%s)", outcome, detail or "-")  # never the code itself

    def scan_log(self, last: int = 200) -> list[scan_queries.ScanRow]:
        """The latest scans, newest first (times in UTC seconds; the viewer shows local time)."""
        return scan_queries.latest(self._db, last)

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
            for r in reversed(scan_queries.latest(self._db, last))
        ]


_VOUCHER_COLUMNS = "id, code, kind, value, item_name, expires_at, printed_at, customer_id"


def _voucher(row: Any) -> VoucherInfo:
    return VoucherInfo(
        id=int(row[0]),
        code=str(row[1]),
        kind=str(row[2]),
        value=int(row[3]),
        item_name=row[4],
        expires_at=int(row[5]) if row[5] is not None else None,
        printed=row[6] is not None,
        customer_id=int(row[7]) if row[7] is not None else None,
    )


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
    elif lifecycle in ("regular", "new", "potential_loyal", "at_risk"):
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
