"""The counter's writes: record a visit (with points and voucher redemption and cashback), void
the last visit, enrol an unknown card. Each is one transaction; a failure changes nothing.
The transactions read before they write (is this key saved? what is the balance?); the database
begins every transaction IMMEDIATE (``storage.database.connect``) so they wait for another
writer instead of failing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import peewee

from boostdesk.domain import codes, rewards
from boostdesk.services import counter as counter_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import family as family_queries

logger = logging.getLogger(__name__)

DAY = 86_400
CHANNELS = ("sms", "email", "call", "profiling")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CheckoutError(ValueError):
    """A visit, void or enrolment that cannot be done; ``reason`` is a stable word the UI
    translates (the message is for logs and the command line)."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VisitDraft:
    customer_id: int
    card_id: int | None
    amount_minor: int  # the whole bill before points and vouchers
    idempotency_key: str
    categories: tuple[str, ...] = ()  # category codes; the bill is split evenly across them
    receipt_no: str | None = None
    redeem_points_minor: int = 0
    voucher_code: str | None = None
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class VisitSaved:
    visit_id: int
    created: bool  # False: this idempotency key was already saved, nothing new was written
    amount_minor: int
    voucher_discount_minor: int
    redeemed_minor: int
    earned_minor: int
    paid_minor: int


@dataclass(frozen=True, slots=True)
class FamilyMember:
    relation: str  # spouse | child
    first_name: str = ""
    birth_date: str = ""  # YYYY-MM-DD or empty


@dataclass(frozen=True, slots=True)
class Enrolment:
    first_name: str  # a name or a nickname
    last_name: str = ""
    phone: str = ""
    email: str = ""
    birth_date: str = ""  # YYYY-MM-DD or empty
    gender: str = ""  # female | male | other | empty
    district: str = ""
    consents: dict[str, bool] = field(default_factory=dict)
    city: str = ""
    family: tuple[FamilyMember, ...] = ()


class CheckoutService:
    def __init__(
        self,
        database: peewee.SqliteDatabase,
        settings: settings_service.SettingsService,
        counter: counter_service.CounterService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = database
        self._settings = settings
        self._counter = counter
        self._clock = clock

    # -- visits ----------------------------------------------------------------------------------

    def save_visit(self, draft: VisitDraft, now: int | None = None) -> VisitSaved:
        """Record the visit, redeem, book due expiry and accrue cashback, all or nothing.
        The same idempotency key saved twice is one visit (the second call returns the first)."""
        at = int(now if now is not None else self._clock())
        limit = int(self._settings.get("counter.max_amount_minor"))
        if draft.amount_minor <= 0 and draft.voucher_code is None:
            raise CheckoutError("amount_missing", "the bill must be more than zero")
        if draft.amount_minor < 0 or draft.amount_minor > limit:
            raise CheckoutError("amount_too_large", f"the bill exceeds {limit} minor units")
        if draft.redeem_points_minor < 0:
            raise CheckoutError("points_invalid")
        with self._db.atomic():
            existing = self._existing(draft.idempotency_key)
            if existing is not None:
                return existing
            saved = self._save(draft, at)
        logger.info("visit %d saved for guest %d", saved.visit_id, draft.customer_id)
        return saved

    def _existing(self, key: str) -> VisitSaved | None:
        row = self._db.execute_sql(
            "SELECT id, amount_minor FROM visit WHERE idempotency_key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        visit_id, amount = int(row[0]), int(row[1])
        sums = dict(
            self._db.execute_sql(
                "SELECT kind, SUM(points_minor) FROM ledger_entry WHERE visit_id = ? GROUP BY kind",
                (visit_id,),
            ).fetchall()
        )
        voucher = self._db.execute_sql(
            "SELECT kind, value FROM voucher WHERE redeemed_visit_id = ?", (visit_id,)
        ).fetchone()
        discount = (
            rewards.voucher_discount(str(voucher[0]), int(voucher[1]), amount) if voucher else 0
        )
        redeemed = -int(sums.get("redeem", 0))
        earned = int(sums.get("earn", 0))
        return VisitSaved(
            visit_id, False, amount, discount, redeemed, earned, amount - discount - redeemed
        )

    def _save(self, draft: VisitDraft, at: int) -> VisitSaved:
        settings = self._settings.all()
        bill = draft.amount_minor
        voucher_id, discount = self._take_voucher(draft, bill, at)
        balance = self._counter.balance(draft.customer_id, at)
        allowed = rewards.max_redeemable(
            bill - discount,
            balance.usable_minor,
            int(settings["loyalty.max_redeem_bp"]),
            int(settings["loyalty.min_redeem_balance_minor"]),
        )
        if draft.redeem_points_minor > allowed:
            raise CheckoutError("points_over_limit", f"at most {allowed} points on this bill")
        paid = bill - discount - draft.redeem_points_minor
        cursor = self._db.execute_sql(
            "INSERT INTO visit (customer_id, card_id, visited_at, amount_minor, receipt_no, "
            "idempotency_key, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                draft.customer_id,
                draft.card_id or None,
                at,
                bill,
                (draft.receipt_no or "").strip()[:40] or None,
                draft.idempotency_key,
                draft.user_id,
            ),
        )
        visit_id = int(cursor.lastrowid)
        self._lines(visit_id, draft.categories, bill)
        if voucher_id is not None:
            self._db.execute_sql(
                "UPDATE voucher SET redeemed_visit_id = ? WHERE id = ?", (visit_id, voucher_id)
            )
        ledger: list[tuple[str, int, int | None]] = []
        if balance.expired_unbooked_minor:
            ledger.append(("expire", -balance.expired_unbooked_minor, None))
        if draft.redeem_points_minor:
            ledger.append(("redeem", -draft.redeem_points_minor, None))
        rates = rewards.Rates.from_settings(settings)
        earned = rewards.cashback(
            paid, rates.for_segment(self._counter.lifecycle(draft.customer_id))
        )
        if earned:
            ledger.append(("earn", earned, at + int(settings["loyalty.points_expiry_days"]) * DAY))
        for kind, points, expires in ledger:
            self._db.execute_sql(
                "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, "
                "expires_at, visit_id, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (draft.customer_id, kind, points, at, expires, visit_id, draft.user_id),
            )
        return VisitSaved(visit_id, True, bill, discount, draft.redeem_points_minor, earned, paid)

    def _take_voucher(self, draft: VisitDraft, bill: int, at: int) -> tuple[int | None, int]:
        """Redeem the voucher exactly once: the conditional update is what guarantees it, even
        when the same voucher is scanned at two tills at the same moment."""
        if draft.voucher_code is None:
            return None, 0
        check = self._counter.check_voucher(draft.voucher_code, at)
        if check.voucher is None or check.status != "valid":
            raise CheckoutError(f"voucher_{check.status}")
        voucher = check.voucher
        if voucher.customer_id is not None and voucher.customer_id != draft.customer_id:
            raise CheckoutError("voucher_other_guest")
        updated = self._db.execute_sql(
            "UPDATE voucher SET redeemed_at = ? WHERE id = ? AND redeemed_at IS NULL "
            "AND cancelled_at IS NULL",
            (at, voucher.id),
        ).rowcount
        if updated != 1:
            raise CheckoutError("voucher_used")
        return voucher.id, rewards.voucher_discount(voucher.kind, voucher.value, bill)

    def _lines(self, visit_id: int, categories: Sequence[str], bill: int) -> None:
        if not categories or bill <= 0:
            return
        known = dict(
            self._db.execute_sql("SELECT code, id FROM category WHERE active = 1").fetchall()
        )
        picked = [known[c] for c in dict.fromkeys(categories) if c in known]
        if len(picked) != len(set(categories)):
            raise CheckoutError("category_unknown")
        for category_id, share in zip(picked, rewards.split_evenly(bill, len(picked)), strict=True):
            self._db.execute_sql(
                "INSERT INTO visit_line (visit_id, category_id, amount_minor) VALUES (?, ?, ?)",
                (visit_id, category_id, share),
            )

    def void_last_visit(
        self, customer_id: int, reason: str, user_id: int | None = None, now: int | None = None
    ) -> int:
        """Void the guest's last visit if it is inside the void window: the visit is marked (never
        deleted), every ledger entry of it is reversed, a voucher it used becomes usable again."""
        at = int(now if now is not None else self._clock())
        reason = reason.strip()
        if not reason:
            raise CheckoutError("reason_missing")
        with self._db.atomic():
            window = int(self._settings.get("counter.void_window_min")) * 60
            last = self._counter.last_visit(customer_id, at, window)
            if last is None:
                raise CheckoutError("nothing_to_void")
            if not last.voidable:
                raise CheckoutError("void_window_passed")
            self._db.execute_sql(
                "UPDATE visit SET voided_at = ?, void_reason = ? WHERE id = ?",
                (at, reason[:200], last.visit_id),
            )
            entries = self._db.execute_sql(
                "SELECT id, points_minor FROM ledger_entry WHERE visit_id = ? "
                "AND kind IN ('earn', 'redeem')",
                (last.visit_id,),
            ).fetchall()
            for entry_id, points in entries:
                self._db.execute_sql(
                    "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, "
                    "visit_id, reverses_id, user_id, note) VALUES (?, 'reverse', ?, ?, ?, ?, ?, ?)",
                    (customer_id, -int(points), at, last.visit_id, entry_id, user_id, "void"),
                )
            self._db.execute_sql(
                "UPDATE voucher SET redeemed_at = NULL, redeemed_visit_id = NULL "
                "WHERE redeemed_visit_id = ?",
                (last.visit_id,),
            )
            self._db.execute_sql(
                "INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
                (at, user_id, "visit.void", f"visit={last.visit_id}"),
            )
        return last.visit_id

    # -- enrolment -------------------------------------------------------------------------------

    def enrol(
        self, card_number: str, form: Enrolment, user_id: int | None = None, now: int | None = None
    ) -> int:
        """Create the guest for an unknown card with the welcome bonus; returns the guest id."""
        at = int(now if now is not None else self._clock())
        try:
            code = codes.parse(card_number)
        except codes.CodeError as exc:
            raise CheckoutError("card_invalid", str(exc)) from exc
        if code.kind is not codes.CodeKind.CARD:
            raise CheckoutError("card_invalid", "a voucher code is not a card")
        fields = validate(form, at)
        city = " ".join(form.city.split()) or None
        members = family(form, at)
        settings = self._settings.all()
        with self._db.atomic():
            card = self._db.execute_sql(
                "SELECT id, customer_id FROM card WHERE number = ?", (code.value,)
            ).fetchone()
            if card is not None and card[1] is not None:
                raise CheckoutError("card_taken")
            customer_id = int(
                self._db.execute_sql(
                    "INSERT INTO customer (first_name, last_name, phone, email, birth_date, "
                    "gender, district, city, registration_source, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'counter', ?)",
                    (*fields, city, at),
                ).lastrowid
            )
            family_queries.add(self._db, customer_id, members)
            if card is None:
                self._db.execute_sql(
                    "INSERT INTO card (number, customer_id, status, issued_at) "
                    "VALUES (?, ?, 'active', ?)",
                    (code.value, customer_id, at),
                )
            else:
                self._db.execute_sql(
                    "UPDATE card SET customer_id = ?, status = 'active' WHERE id = ?",
                    (customer_id, card[0]),
                )
            for channel in CHANNELS:
                self._db.execute_sql(
                    "INSERT INTO consent (customer_id, channel, granted, recorded_at, source, "
                    "text_version) VALUES (?, ?, ?, ?, 'counter', ?)",
                    (
                        customer_id,
                        channel,
                        int(bool(form.consents.get(channel))),
                        at,
                        str(settings["privacy.notice_version"]),
                    ),
                )
            bonus = int(settings["loyalty.welcome_bonus_minor"])
            if bonus > 0:
                self._db.execute_sql(
                    "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, "
                    "expires_at, user_id) VALUES (?, 'welcome', ?, ?, ?, ?)",
                    (
                        customer_id,
                        bonus,
                        at,
                        at + int(settings["loyalty.welcome_valid_days"]) * DAY,
                        user_id,
                    ),
                )
            self._db.execute_sql(
                "INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
                (at, user_id, "customer.enrol", f"customer={customer_id}"),
            )
        return customer_id


def validate(
    form: Enrolment, now: int
) -> tuple[str, str | None, str | None, str | None, str | None, str | None, str | None]:
    """The enrolment fields cleaned, or CheckoutError naming the first wrong one."""
    name = " ".join(form.first_name.split())
    if not name:
        raise CheckoutError("name_missing")
    if len(name) > 60:
        raise CheckoutError("name_too_long")
    phone = "".join(ch for ch in form.phone if ch.isdigit())
    if form.phone.strip() and not 10 <= len(phone) <= 13:
        raise CheckoutError("phone_invalid")
    email = form.email.strip()
    if email and not _EMAIL.match(email):
        raise CheckoutError("email_invalid")
    birth = form.birth_date.strip()
    _check_birth_date(birth, now, "birth_date_invalid")
    if form.gender and form.gender not in ("female", "male", "other"):
        raise CheckoutError("gender_invalid")
    if len(" ".join(form.city.split())) > 60:
        raise CheckoutError("city_too_long")
    family(form, now)
    last = " ".join(form.last_name.split())
    district = " ".join(form.district.split())
    return (
        name,
        last or None,
        phone or None,
        email or None,
        birth or None,
        form.gender or None,
        district or None,
    )


def family(form: Enrolment, now: int) -> list[tuple[str, str | None, str | None]]:
    """The family members cleaned as ``(relation, first name, birth date)``; a member needs a
    name or a birth date, or CheckoutError names what is wrong."""
    members = []
    for member in form.family:
        if member.relation not in ("spouse", "child"):
            raise CheckoutError("family_relation_invalid")
        name = " ".join(member.first_name.split())
        birth = member.birth_date.strip()
        if len(name) > 60:
            raise CheckoutError("name_too_long")
        _check_birth_date(birth, now, "family_birth_date_invalid")
        if name or birth:
            members.append((member.relation, name or None, birth or None))
    if len(members) > 12:
        raise CheckoutError("family_too_large")
    return members


def _check_birth_date(birth: str, now: int, reason: str) -> None:
    if not birth:
        return
    try:
        born = dt.date.fromisoformat(birth)
    except ValueError as exc:
        raise CheckoutError(reason) from exc
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    if not dt.date(1900, 1, 1) <= born <= today:
        raise CheckoutError(reason)
