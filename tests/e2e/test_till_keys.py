"""A till driven through the X server: a keyboard-wedge scanner and a cashier at the keyboard.

xdotool sends real X11 key events (XTEST), which reach Qt the way a USB scanner's keys do: to the
window first, then to the focused widget. ``xdotool type --delay N`` (xdotool 3.2016) spaces key
presses about N/2 + 3 ms apart by the X server's clock (measured: 5 → 4 ms, 30 → 20 ms,
40 → 23 ms, 120 → 64 ms); the exact 30 ms / 40 ms boundary is pinned in tests/ui/test_wedge.py
with chosen key timestamps. Results are read from the venue's database, as a cashier's manager
would find them.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from boostdesk.domain import codes
from boostdesk.services import venue

from .conftest import RunningApp

# How to reach each focus from the state a scan leaves (guest shown, focus in the amount field).
FOCUS_KEYS = {
    "scan field": ("Escape",),
    "amount": (),
    "receipt": ("Tab",),
    "points": ("Tab", "Tab"),
    "no field (a header button)": ("Escape", "shift+Tab"),
}


def scan_rows(till: RunningApp) -> list[tuple[str, str | None]]:
    return [(str(r[0]), r[1]) for r in till.query("SELECT outcome, code FROM scan_log ORDER BY id")]


def visit_count(till: RunningApp) -> int:
    return int(till.query("SELECT COUNT(*) FROM visit")[0][0])


def fresh_cards(till: RunningApp, count: int) -> list[str]:
    """Active cards not scanned yet in this app run (so no duplicate-scan window applies)."""
    rows = till.query(
        "SELECT number FROM card WHERE status = 'active' AND number NOT IN "
        "(SELECT code FROM scan_log WHERE code IS NOT NULL) ORDER BY id LIMIT ?",
        (count,),
    )
    assert len(rows) == count
    return [str(row[0]) for row in rows]


def scan(till: RunningApp, code: str, delay_ms: int, outcome: str = "guest") -> None:
    """The scanner types ``code`` and Enter; wait until the counter logged exactly that scan."""
    before = len(scan_rows(till))
    till.type(code + "\n", delay_ms)
    till.wait_for(lambda: len(scan_rows(till)) > before, f"the scan of {code} to be logged")
    time.sleep(0.1)  # a second (wrong) row would be written right after the first
    assert scan_rows(till)[before:] == [(outcome, code)]


def add_voucher(till: RunningApp, serial: int, value_minor: int) -> str:
    code = codes.voucher_code(serial)
    with sqlite3.connect(venue.database_path(till.data_dir), timeout=10) as db:
        db.execute(
            "INSERT INTO voucher (code, kind, value, issued_at) VALUES (?, 'amount', ?, 0)",
            (code, value_minor),
        )
    return code


@pytest.mark.parametrize("delay_ms", [5, 30])
def test_a_wedge_scan_in_every_focus_is_one_guest_scan_and_leaves_no_digits(
    till: RunningApp, delay_ms: int
) -> None:
    visits = visit_count(till)
    first, *cards = fresh_cards(till, len(FOCUS_KEYS) + 1)
    till.key("Escape")
    scan(till, first, delay_ms)  # from the scan field: the guest is shown, focus on the amount
    for (focus, keys), card in zip(FOCUS_KEYS.items(), cards, strict=True):
        if keys:
            till.key(*keys)
        try:
            scan(till, card, delay_ms)
        except AssertionError as error:
            raise AssertionError(f"scan into the {focus}: {error}") from error
    # Nothing was left in the scan field: an Enter there now looks nothing up, so the next
    # row in the log is the next scan's.
    till.key("Escape", "Return")
    last = fresh_cards(till, 1)[0]
    scan(till, last, delay_ms)
    assert visit_count(till) == visits  # no scan was taken for a bill


def test_a_scan_gives_the_field_back_what_the_cashier_had_typed(till: RunningApp) -> None:
    card = fresh_cards(till, 1)[0]
    first = add_voucher(till, 9_000_001, 500)
    second = add_voucher(till, 9_000_002, 300)
    till.key("Escape")
    scan(till, card, 5)
    till.type("12", 120)  # the cashier starts the bill ...
    time.sleep(0.3)
    scan(till, first, 5, outcome="voucher")  # ... and scans the guest's voucher meanwhile
    till.key("Tab")
    till.type("77", 120)  # a receipt number, then another voucher
    time.sleep(0.3)
    scan(till, second, 5, outcome="voucher")
    visits = visit_count(till)
    till.type("\n", 120)
    till.wait_for(lambda: visit_count(till) == visits + 1, "the visit to be saved")
    row = till.query(
        "SELECT v.amount_minor, v.receipt_no, c.number, (SELECT code FROM voucher "
        "WHERE redeemed_visit_id = v.id) FROM visit v JOIN card c ON c.id = v.card_id "
        "ORDER BY v.id DESC LIMIT 1"
    )
    # The second voucher replaced the first one on the bill.
    assert row == [(1_200, "77", card, second)]


@pytest.mark.parametrize("delay_ms", [40, 60, 120])
def test_a_bill_typed_by_the_cashier_saves_one_visit(till: RunningApp, delay_ms: int) -> None:
    card = fresh_cards(till, 1)[0]
    till.key("Escape")
    scan(till, card, 5)
    visits, scans = visit_count(till), len(scan_rows(till))
    till.type("1250\n", delay_ms)
    till.wait_for(lambda: visit_count(till) > visits, "the visit to be saved")
    time.sleep(0.1)
    assert visit_count(till) == visits + 1
    saved = till.query(
        "SELECT v.amount_minor, c.number FROM visit v JOIN card c ON c.id = v.card_id "
        "ORDER BY v.id DESC LIMIT 1"
    )
    assert saved == [(125_000, card)]
    assert len(scan_rows(till)) == scans  # no fake scan
