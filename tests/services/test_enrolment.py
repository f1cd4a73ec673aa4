"""Enrolment with family members and city, on a real SQLite venue."""

from __future__ import annotations

import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, ops, venue
from boostdesk.storage import family

T0 = 1_790_000_000  # 2026-09-21
CARD = codes.card_number(4243)
CASHIER = ops.Actor(None, "Kasa", ops.Role.CASHIER)  # an empty venue: no user rows yet


def test_family_and_city_are_stored_with_the_guest(empty_venue: venue.Venue) -> None:
    form = checkout.Enrolment(
        first_name="Ayşe",
        city="  Eskişehir ",
        family=(
            checkout.FamilyMember("spouse", " Mehmet ", ""),
            checkout.FamilyMember("child", "Deniz", "2018-04-30"),
            checkout.FamilyMember("child", "", ""),  # an empty row is left out
        ),
    )
    customer_id = empty_venue.checkout.enrol(CASHIER, CARD, form, now=T0).value
    (city,) = empty_venue.store.execute(
        "SELECT city FROM customer WHERE id = ?", (customer_id,)
    ).fetchone()
    assert city == "Eskişehir"
    assert family.of(empty_venue.store, customer_id) == [
        ("spouse", "Mehmet", None),
        ("child", "Deniz", "2018-04-30"),
    ]


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (checkout.FamilyMember("cousin", "Ali"), "family_relation_invalid"),
        (checkout.FamilyMember("child", "Ali", "2030-01-01"), "family_birth_date_invalid"),
        (checkout.FamilyMember("child", "Ali", "2019-02-31"), "family_birth_date_invalid"),
    ],
)
def test_a_wrong_family_member_stores_nothing(
    empty_venue: venue.Venue, member: checkout.FamilyMember, reason: str
) -> None:
    form = checkout.Enrolment(first_name="Ayşe", family=(member,))
    with pytest.raises(checkout.CheckoutError) as error:
        empty_venue.checkout.enrol(CASHIER, CARD, form, now=T0)
    assert error.value.reason == reason
    assert empty_venue.store.execute("SELECT COUNT(*) FROM customer").fetchone() == (0,)
