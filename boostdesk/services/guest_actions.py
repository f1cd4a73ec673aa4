"""The owner's operations on one guest from the guest page: edit the profile and consents,
replace a lost card, merge two records of the same person. (A voucher by hand is
:meth:`boostdesk.services.vouchers.VoucherService.issue`.)

Each is one transaction, owner only (a cashier is refused before anything is read), audited
with ids and counts only, and returns what it changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from boostdesk.domain import codes
from boostdesk.services import checkout, ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit, cards, guest_changes, kept_totals_check, privacy
from boostdesk.storage import guests as guests_db
from boostdesk.storage import store as store_module

CONSENT_CHANNELS = ("sms", "email", "call", "profiling")


class GuestActionError(ValueError):
    """The operation cannot be done; ``reason`` is a stable word the UI turns into a sentence."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Merged:
    kept: int
    merged: int
    moved: guest_changes.Moved


class GuestActions:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._segmentation = segmentation
        self._clock = clock

    def _now(self) -> int:
        return int(self._clock())

    def _require_guest(self, customer_id: int) -> None:
        if not guest_changes.exists(self._store, customer_id):
            raise GuestActionError("no_guest", f"guest {customer_id} does not exist")

    # -- profile and consents -------------------------------------------------------------------

    def edit_profile(
        self, actor: ops.Actor, customer_id: int, form: checkout.Enrolment
    ) -> ops.Changes:
        """Replace the guest's name, phone, e-mail, birth date, gender, district and city with the
        form's (checked as at enrolment)."""
        actor.require(ops.Role.OWNER, "edit a guest")
        at = self._now()
        fields = checkout.validate(form, at)
        city = " ".join(form.city.split()) or None
        with self._store.transaction():
            self._require_guest(customer_id)
            guests_db.update_profile(self._store, customer_id, (*fields, city))
            audit.record(self._store, at, actor.user_id, "customer.edit", f"customer={customer_id}")
        return ops.Changes(guests=(customer_id,))

    def set_consents(
        self, actor: ops.Actor, customer_id: int, answers: Mapping[str, bool]
    ) -> ops.Changes:
        """Record the guest's new answer for each channel in ``answers`` whose answer changed
        (the history keeps every answer with its time)."""
        actor.require(ops.Role.OWNER, "change consents")
        unknown = set(answers) - set(CONSENT_CHANNELS)
        if unknown:
            raise GuestActionError("channel", f"unknown channel {sorted(unknown)[0]!r}")
        at = self._now()
        version = str(self._settings.get("privacy.notice_version"))
        with self._store.transaction():
            self._require_guest(customer_id)
            current = guests_db.current_consents(self._store, customer_id)
            changed = [c for c, yes in answers.items() if current.get(c) != bool(yes)]
            for channel in changed:
                guest_changes.record_consent(
                    self._store, customer_id, channel, answers[channel], at, "back_office", version
                )
            if changed:
                audit.record(
                    self._store,
                    at,
                    actor.user_id,
                    "customer.consents",
                    f"customer={customer_id} channels={','.join(sorted(changed))}",
                )
        return ops.Changes(guests=(customer_id,)) if changed else ops.Changes()

    # -- a lost card ---------------------------------------------------------------------------

    def replace_card(self, actor: ops.Actor, customer_id: int, new_number: str) -> ops.Changes:
        """Block the guest's card(s) and give them card ``new_number`` (new, or one nobody
        holds); the points, visits and vouchers stay the guest's, so the balance is on the new
        card at once and the old card is refused at the counter."""
        actor.require(ops.Role.OWNER, "replace a card")
        try:
            code = codes.parse(new_number)
        except codes.CodeError as exc:
            raise GuestActionError("card_invalid", str(exc)) from exc
        if code.kind is not codes.CodeKind.CARD:
            raise GuestActionError("card_invalid", "a voucher code is not a card")
        at = self._now()
        with self._store.transaction():
            self._require_guest(customer_id)
            found = cards.by_number(self._store, code.value)
            if found is not None and (found.customer_id is not None or found.status != "active"):
                raise GuestActionError("card_taken", "that card is already in use or blocked")
            blocked = guest_changes.block_cards(self._store, customer_id)
            if found is None:
                card_id = cards.issue(self._store, code.value, customer_id, at)
            else:
                cards.assign(self._store, found.id, customer_id)
                card_id = found.id
            audit.record(
                self._store,
                at,
                actor.user_id,
                "card.replace",
                f"customer={customer_id} new_card={card_id} blocked={blocked}",
            )
        return ops.Changes(guests=(customer_id,))

    # -- duplicates ----------------------------------------------------------------------------

    def merge(self, actor: ops.Actor, keep: int, duplicate: int) -> ops.Result[Merged]:
        """Merge guest ``duplicate`` into guest ``keep``: visits (with baskets), points,
        vouchers, consents, cards and family move; the duplicate record is then anonymised. The
        kept totals of both guests are checked against their visits before the commit."""
        actor.require(ops.Role.OWNER, "merge guests")
        if keep == duplicate:
            raise GuestActionError("same_guest", "a guest cannot be merged with itself")
        at = self._now()
        with self._store.transaction():
            for guest in (keep, duplicate):
                self._require_guest(guest)
            moved = guest_changes.merge(self._store, keep, duplicate, at, actor.user_id)
            privacy.anonymise(self._store, duplicate, at)
            differing = kept_totals_check.mismatched_guests(self._store, (keep, duplicate))
            if differing:  # never seen: the triggers keep them; refuse rather than store it
                raise GuestActionError("totals", f"kept totals differ for guests {differing}")
            audit.record(
                self._store,
                at,
                actor.user_id,
                "customer.merge",
                f"kept={keep} merged={duplicate} visits={moved.visits} "
                f"ledger={moved.ledger_entries} vouchers={moved.vouchers} cards={moved.cards}",
            )
            self._segmentation.recompute_one(keep)
        changes = ops.Changes(
            visits=True, ledger=True, vouchers=True, segments=True, guests=(keep, duplicate)
        )
        return ops.Result(Merged(keep, duplicate, moved), changes)
