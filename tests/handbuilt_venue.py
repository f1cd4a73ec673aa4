"""A small venue built by hand, whose segments can be checked on paper.

Visits lie whole days before the moment of building (``now``), so "days since the last visit" is
exactly the number written here (Europe/Istanbul has no daylight saving). Lifecycle with the
shipped rules:

| guest  | visits (days ago)         | bill  | lifecycle       | consents | district |
|--------|---------------------------|-------|-----------------|----------|----------|
| Ada    | 12: days 1..12            | ₺250  | Loyal           | sms      | Kadıköy  |
| Bora   | 26: days 1..26            | ₺450  | VIP             |          | Beşiktaş |
| Cem    | 3                         | ₺100  | New             |          |          |
| Deniz  | 10                        | ₺100  | Potential loyal |          |          |
| Ece    | 60, 25                    | ₺150  | At risk         | sms      | Kadıköy  |
| Fikret | 80, 45                    | ₺150  | Lost            | email    |          |
| Gül    | 200, 120                  | ₺150  | Gone            | sms      |          |
| Hakan  | 15, 8, 2                  | ₺120  | Regular         |          |          |
| Irmak  | none (enrolled 5 days ago)|       | Registered      |          |          |
| Jale   | 33, 31                    | ₺150  | At risk         | email    |          |
"""

from __future__ import annotations

import time
from pathlib import Path

from boostdesk.domain import codes
from boostdesk.services import checkout, setup, venue

OWNER_PIN = "1234"
CASHIER_PIN = "0000"
DAY = 86_400

GUESTS: tuple[tuple[str, tuple[int, ...], int, tuple[str, ...], str], ...] = (
    ("Ada", tuple(range(1, 13)), 25_000, ("sms",), "Kadıköy"),
    ("Bora", tuple(range(1, 27)), 45_000, (), "Beşiktaş"),
    ("Cem", (3,), 10_000, (), ""),
    ("Deniz", (10,), 10_000, (), ""),
    ("Ece", (60, 25), 15_000, ("sms",), "Kadıköy"),
    ("Fikret", (80, 45), 15_000, ("email",), ""),
    ("Gül", (200, 120), 15_000, ("sms",), ""),
    ("Hakan", (15, 8, 2), 12_000, (), ""),
    ("Irmak", (), 0, (), ""),
    ("Jale", (33, 31), 15_000, ("email",), ""),
)
LIFECYCLE = {
    "Ada": "loyal",
    "Bora": "vip",
    "Cem": "new",
    "Deniz": "potential_loyal",
    "Ece": "at_risk",
    "Fikret": "lost",
    "Gül": "gone",
    "Hakan": "regular",
    "Irmak": "registered",
    "Jale": "at_risk",
}


def build(data_dir: Path, now: int | None = None) -> dict[str, int]:
    """Build the venue in ``data_dir``; returns guest name -> customer id."""
    now = int(now if now is not None else time.time())
    opened = venue.open_venue(data_dir)
    try:
        setup.set_up_venue(opened, name="Köşe Kafe", owner_pin=OWNER_PIN, cashier_pin=CASHIER_PIN)
        cashier = opened.users.sign_in(CASHIER_PIN)
        ids: dict[str, int] = {}
        for number, (name, days, bill, consents, district) in enumerate(GUESTS, start=1):
            enrolled = now - (max(days) + 1 if days else 5) * DAY
            form = checkout.Enrolment(
                name,
                district=district,
                consents={channel: channel in consents for channel in ("sms", "email", "call")},
            )
            guest = opened.checkout.enrol(
                cashier, codes.card_number(number), form, now=enrolled
            ).value
            ids[name] = guest
            for k, ago in enumerate(sorted(days, reverse=True)):
                draft = checkout.VisitDraft(
                    guest, None, bill, f"{name}-{k}", ("coffee",), visited_at=now - ago * DAY
                )
                opened.checkout.record_visit(cashier, draft, now=now - ago * DAY)
        opened.segmentation.recompute_all()
        return ids
    finally:
        opened.close()
