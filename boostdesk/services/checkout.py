"""The counter's operations: record a visit (with points and voucher redemption and cashback),
void the last visit, enrol an unknown card. Each takes the signed-in actor, is one transaction
(a failure changes nothing) and returns what changed. The visit's guest is re-evaluated in the same
transaction, so a saved visit and its segment commit together. The transactions read before they
write (is this key saved? what is the balance?); the database begins every transaction IMMEDIATE
so they wait for another writer instead of failing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from boostdesk.domain import codes, localtime, rewards
from boostdesk.services import counter as counter_service
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit, cards, categories, guests, ledger, visits, vouchers
from boostdesk.storage import family as family_queries
from boostdesk.storage import store as store_module

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
    # when the visit took place, if not now (a bill entered afterwards, another till's clock);
    # more than counter.max_clock_ahead_s ahead of this PC's clock is refused
    visited_at: int | None = None


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
        store: store_module.Store,
        settings: settings_service.SettingsService,
        counter: counter_service.CounterService,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._counter = counter
        self._segmentation = segmentation
        self._clock = clock

    # -- visits ----------------------------------------------------------------------------------

    def record_visit(
        self, actor: ops.Actor, draft: VisitDraft, now: int | None = None
    ) -> ops.Result[VisitSaved]:
        """Record the visit by ``actor``, redeem, book due expiry, re-evaluate the guest's segments
        and accrue cashback, all or nothing. The same idempotency key saved twice is one visit (the
        second call returns the first and changes nothing)."""
        actor.require(ops.Role.CASHIER, "record a visit")
        clock = int(now if now is not None else self._clock())
        at = clock if draft.visited_at is None else draft.visited_at
        ahead = int(self._settings.get("counter.max_clock_ahead_s"))
        if at > clock + ahead:
            raise CheckoutError(
                "clock_ahead", f"the visit time is {at - clock} s ahead of this PC's clock"
            )
        limit = int(self._settings.get("counter.max_amount_minor"))
        if draft.amount_minor <= 0 and draft.voucher_code is None:
            raise CheckoutError("amount_missing", "the bill must be more than zero")
        if draft.amount_minor < 0 or draft.amount_minor > limit:
            raise CheckoutError("amount_too_large", f"the bill exceeds {limit} minor units")
        if draft.redeem_points_minor < 0:
            raise CheckoutError("points_invalid")
        with self._store.transaction():
            existing = self._existing(draft.idempotency_key)
            if existing is not None:
                return ops.Result(existing, ops.Changes())
            if draft.card_id and cards.status_of(self._store, draft.card_id) == "blocked":
                # a replaced card: its points moved to the new one, so it records nothing
                raise CheckoutError("card_blocked", "the card is blocked")
            saved = self._save(actor, draft, at)
        logger.info("visit %d saved for guest %d", saved.visit_id, draft.customer_id)
        changes = ops.Changes(
            visits=True,
            ledger=True,
            vouchers=draft.voucher_code is not None,
            segments=True,
            guests=(draft.customer_id,),
        )
        return ops.Result(saved, changes)

    def _existing(self, key: str) -> VisitSaved | None:
        found = visits.by_key(self._store, key)
        if found is None:
            return None
        visit_id, amount = found
        sums = ledger.sums_of_visit(self._store, visit_id)
        voucher = vouchers.of_visit(self._store, visit_id)
        discount = rewards.voucher_discount(voucher[0], voucher[1], amount) if voucher else 0
        redeemed = -sums.get("redeem", 0)
        earned = sums.get("earn", 0)
        return VisitSaved(
            visit_id, False, amount, discount, redeemed, earned, amount - discount - redeemed
        )

    def _save(self, actor: ops.Actor, draft: VisitDraft, at: int) -> VisitSaved:
        store = self._store
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
        segment_before = self._counter.lifecycle(draft.customer_id)
        visit_id = visits.insert(
            store,
            visits.NewVisit(
                customer_id=draft.customer_id,
                card_id=draft.card_id or None,
                visited_at=at,
                amount_minor=bill,
                receipt_no=(draft.receipt_no or "").strip()[:40] or None,
                idempotency_key=draft.idempotency_key,
                user_id=actor.user_id,
                local_day=localtime.local_day(at, str(settings["venue.timezone"])),
                day_part=localtime.day_part(at, str(settings["venue.timezone"])),
            ),
        )
        self._lines(visit_id, draft.categories, bill)
        if voucher_id is not None:
            vouchers.attach_visit(store, voucher_id, visit_id)
        segment_after = self._reevaluate(draft.customer_id, at).get("lifecycle", segment_before)
        entries: list[tuple[str, int, int | None]] = []
        if balance.expired_unbooked_minor:
            entries.append(("expire", -balance.expired_unbooked_minor, None))
        if draft.redeem_points_minor:
            entries.append(("redeem", -draft.redeem_points_minor, None))
        rates = rewards.Rates.from_settings(settings)
        # The visit that moves the guest up earns the new segment's rate (PRODUCT §5); a visit
        # never earns less than the segment the guest held when it began.
        rate = max(rates.for_segment(segment_before), rates.for_segment(segment_after))
        earned = rewards.cashback(paid, rate)
        if earned:
            entries.append(("earn", earned, at + int(settings["loyalty.points_expiry_days"]) * DAY))
        for kind, points, expires in entries:
            ledger.add(
                store,
                ledger.NewEntry(
                    draft.customer_id, kind, points, at, expires, visit_id, user_id=actor.user_id
                ),
            )
        if voucher_id is not None or draft.redeem_points_minor:
            audit.record(
                store,
                at,
                actor.user_id,
                "visit.redeem",
                f"visit={visit_id} points={draft.redeem_points_minor} voucher={voucher_id or 0}",
            )
        return VisitSaved(visit_id, True, bill, discount, draft.redeem_points_minor, earned, paid)

    def _reevaluate(self, customer_id: int, at: int) -> dict[str, str]:
        """The guest's segments as of the local day of ``at``, stored in the open transaction."""
        zone = zoneinfo.ZoneInfo(str(self._settings.get("venue.timezone")))
        day = dt.datetime.fromtimestamp(at, zone).date()
        return self._segmentation.recompute_one(customer_id, day)

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
        if not vouchers.take(self._store, voucher.id, at):
            raise CheckoutError("voucher_used")
        return voucher.id, rewards.voucher_discount(voucher.kind, voucher.value, bill)

    def _lines(self, visit_id: int, chosen: Sequence[str], bill: int) -> None:
        if not chosen or bill <= 0:
            return
        known = categories.active_ids(self._store)
        picked = [known[c] for c in dict.fromkeys(chosen) if c in known]
        if len(picked) != len(set(chosen)):
            raise CheckoutError("category_unknown")
        shares = rewards.split_evenly(bill, len(picked))
        visits.insert_lines(self._store, visit_id, list(zip(picked, shares, strict=True)))

    def void_last_visit(
        self, actor: ops.Actor, customer_id: int, reason: str, now: int | None = None
    ) -> ops.Result[int]:
        """Void the guest's last saved visit (by id, not by time) if it is inside the void window;
        see :meth:`void_visit`."""
        last = visits.last_standing(self._store, customer_id)
        if last is None:
            raise CheckoutError("nothing_to_void")
        return self.void_visit(actor, customer_id, last.visit_id, reason, now)

    def void_visit(
        self,
        actor: ops.Actor,
        customer_id: int,
        visit_id: int,
        reason: str,
        now: int | None = None,
    ) -> ops.Result[int]:
        """Void visit ``visit_id`` of the guest (the one this till saved) if it is inside the void
        window: the visit is marked (never deleted), every ledger entry of it is reversed, a
        voucher it used becomes usable again and the guest is re-evaluated. Returns its id."""
        actor.require(ops.Role.CASHIER, "void a visit")
        at = int(now if now is not None else self._clock())
        reason = reason.strip()
        if not reason:
            raise CheckoutError("reason_missing")
        store = self._store
        with store.transaction():
            window = int(self._settings.get("counter.void_window_min")) * 60
            last = visits.standing(store, customer_id, visit_id)
            if last is None:
                raise CheckoutError("nothing_to_void")
            if at - last.visited_at > window:
                raise CheckoutError("void_window_passed")
            visits.void(store, last.visit_id, at, reason[:200])
            for entry_id, points in ledger.reversible_of_visit(store, last.visit_id):
                ledger.add(
                    store,
                    ledger.NewEntry(
                        customer_id,
                        "reverse",
                        -points,
                        at,
                        visit_id=last.visit_id,
                        reverses_id=entry_id,
                        user_id=actor.user_id,
                        note="void",
                    ),
                )
            freed = vouchers.release_of_visit(store, last.visit_id)
            self._reevaluate(customer_id, at)
            audit.record(store, at, actor.user_id, "visit.void", f"visit={last.visit_id}")
        changes = ops.Changes(
            visits=True, ledger=True, vouchers=freed > 0, segments=True, guests=(customer_id,)
        )
        return ops.Result(last.visit_id, changes)

    # -- enrolment -------------------------------------------------------------------------------

    def enrol(
        self, actor: ops.Actor, card_number: str, form: Enrolment, now: int | None = None
    ) -> ops.Result[int]:
        """Create the guest for an unknown card with the welcome bonus; returns the guest id."""
        actor.require(ops.Role.CASHIER, "enrol a guest")
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
        store = self._store
        with store.transaction():
            card = cards.by_number(store, code.value)
            if card is not None and card.customer_id is not None:
                raise CheckoutError("card_taken")
            customer_id = guests.insert(store, guests.NewGuest(*fields, city, "counter", at))
            family_queries.add(store, customer_id, members)
            if card is None:
                cards.issue(store, code.value, customer_id, at)
            else:
                cards.assign(store, card.id, customer_id)
            guests.record_consents(
                store,
                customer_id,
                [(channel, bool(form.consents.get(channel))) for channel in CHANNELS],
                at,
                "counter",
                str(settings["privacy.notice_version"]),
            )
            bonus = int(settings["loyalty.welcome_bonus_minor"])
            if bonus > 0:
                expires = at + int(settings["loyalty.welcome_valid_days"]) * DAY
                ledger.add(
                    store,
                    ledger.NewEntry(
                        customer_id, "welcome", bonus, at, expires, user_id=actor.user_id
                    ),
                )
            audit.record(store, at, actor.user_id, "customer.enrol", f"customer={customer_id}")
        return ops.Result(customer_id, ops.Changes(ledger=True, guests=(customer_id,)))


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
