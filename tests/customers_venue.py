"""A small hand-built venue for the customer browser, guest page and export tests: five guests
whose names test Turkish folding, with visits whose totals are easy to check by hand."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.domain import codes
from boostdesk.services import checkout, ops, setup, venue

DAY = 86_400
T0 = 1_790_000_000  # 2026-09-21
OWNER = ops.Actor(1, "Sahip", ops.Role.OWNER)
CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
OWNER_PIN = "2468"

# (first name, last name, phone, consents, bills in kuruş)
GUESTS = (
    ("Ayşe", "IŞIK", "0532 111 22 01", {"sms": True}, (12_000, 8_000)),
    ("Mehmet", "ışık", "0532 111 22 02", {"email": True}, (5_000,)),
    ("İpek", "Yılmaz", "0533 444 55 03", {}, (30_000, 20_000, 10_000)),
    ("ipek", "Demir", "", {"sms": True, "call": True}, ()),
    ('=HYPERLINK("http://x")', "İPEK", "+90 555 000 00 05", {"sms": True}, (4_500,)),
)


@dataclass(frozen=True)
class Built:
    ids: tuple[int, ...]
    cards: tuple[str, ...]


def card(n: int) -> str:
    return codes.card_number(9000 + n)


def build(shop: venue.Venue) -> Built:
    """Set the venue up and enrol the guests; visits a day apart, all before T0 + 10 days."""
    setup.set_up_venue(shop, name="Kafe", owner_pin=OWNER_PIN, cashier_pin="1357")
    ids = []
    for n, (first, last, phone, consents, bills) in enumerate(GUESTS):
        form = checkout.Enrolment(first_name=first, last_name=last, phone=phone, consents=consents)
        guest = shop.checkout.enrol(CASHIER, card(n), form, now=T0).value
        ids.append(guest)
        for k, bill in enumerate(bills):
            draft = checkout.VisitDraft(guest, None, bill, f"v{n}-{k}")
            shop.checkout.record_visit(CASHIER, draft, now=T0 + (k + 1) * DAY + n * 60)
    return Built(tuple(ids), tuple(card(n) for n in range(len(GUESTS))))
