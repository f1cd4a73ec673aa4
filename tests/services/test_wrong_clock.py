"""A wrong PC clock: a visit time ahead of the clock is refused, and "void last visit" takes the
visit the till saved last (by id), never the one a clock set a day ahead put last in time."""

from __future__ import annotations

import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, ops, setup, venue

DAY = 86_400
T0 = 1_790_000_000  # 2026-09-21
CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)


def _till(shop: venue.Venue, clock: list[int]) -> checkout.CheckoutService:
    """The venue's checkout with a PC clock the test sets."""
    return checkout.CheckoutService(
        shop.store, shop.settings, shop.counter, shop.segmentation, clock=lambda: clock[0]
    )


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    return empty_venue


def _guest(till: checkout.CheckoutService, at: int) -> int:
    form = checkout.Enrolment(first_name="Ayşe")
    return till.enrol(CASHIER, codes.card_number(4242), form, now=at).value


def test_a_visit_time_ahead_of_the_clock_is_refused_with_check_the_clock(
    shop: venue.Venue,
) -> None:
    clock = [T0]
    till = _till(shop, clock)
    guest = _guest(till, T0)
    draft = checkout.VisitDraft(guest, None, 5_000, "ahead", visited_at=T0 + 6 * 60)
    with pytest.raises(checkout.CheckoutError) as refused:
        till.record_visit(CASHIER, draft)
    assert refused.value.reason == "clock_ahead"
    assert shop.counter.view(guest, now=T0).visits == 0
    # a few minutes (the setting, 5 by default) are tolerated: two tills' clocks differ a little
    close = checkout.VisitDraft(guest, None, 5_000, "close", visited_at=T0 + 4 * 60)
    saved = till.record_visit(CASHIER, close).value
    visited_at = shop.store.execute("SELECT visited_at FROM visit WHERE id = ?", [saved.visit_id])
    assert visited_at.fetchone()[0] == T0 + 4 * 60


def test_void_last_visit_takes_the_visit_saved_last_not_the_latest_in_time(
    shop: venue.Venue,
) -> None:
    clock = [T0 + DAY]  # the PC's clock is a day ahead
    till = _till(shop, clock)
    guest = _guest(till, T0)
    ahead = till.record_visit(CASHIER, checkout.VisitDraft(guest, None, 7_000, "a")).value
    clock[0] = T0 + 60  # someone puts the clock right; the next guest visit is saved
    saved = till.record_visit(CASHIER, checkout.VisitDraft(guest, None, 3_000, "b")).value
    assert shop.counter.view(guest, now=T0 + 60).last_visit.visit_id == saved.visit_id  # type: ignore[union-attr]
    voided = till.void_last_visit(CASHIER, guest, "wrong amount", now=T0 + 120).value
    assert voided == saved.visit_id != ahead.visit_id
    standing = shop.store.execute(
        "SELECT id FROM visit WHERE customer_id = ? AND voided_at IS NULL", (guest,)
    ).fetchall()
    assert standing == [(ahead.visit_id,)]
    # a visit is voided by its id, and only its own guest's, inside the window
    with pytest.raises(checkout.CheckoutError, match="nothing_to_void"):
        till.void_visit(CASHIER, guest + 1, ahead.visit_id, "typo", now=T0 + 120)
    with pytest.raises(checkout.CheckoutError, match="nothing_to_void"):
        till.void_visit(CASHIER, guest, saved.visit_id, "again", now=T0 + 120)
