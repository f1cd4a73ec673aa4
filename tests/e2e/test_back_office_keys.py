"""F2 at a till where the cashier is signed in (the focus in the scan field): the back office's PIN
gate opens and takes the owner PIN, as the README says, through real X11 key events."""

from __future__ import annotations

import time

from boostdesk.services import demo

from .conftest import RunningApp


def _sign_ins(till: RunningApp, role: str) -> int:
    return int(
        till.query(
            "SELECT COUNT(*) FROM audit_log a JOIN user u ON u.id = a.user_id "
            "WHERE a.action = 'user.sign_in' AND u.role = ?",
            (role,),
        )[0][0]
    )


def _scans(till: RunningApp) -> int:
    return int(till.query("SELECT COUNT(*) FROM scan_log")[0][0])


def test_f2_opens_the_back_office_and_the_owner_pin_unlocks_it(till: RunningApp) -> None:
    owners, scans = _sign_ins(till, "owner"), _scans(till)
    # straight after the cashier's sign-in: the focus is in the scan field
    till.key("F2")
    time.sleep(0.05)  # a quick owner types at once
    till.type(demo.DEMO_OWNER_PIN + "\n", 120)
    till.wait_for(lambda: _sign_ins(till, "owner") > owners, "the owner to be signed in")
    # the PIN went to the back office's gate, not into the scan field as a card number
    assert _scans(till) == scans
    till.key("F1")  # back to the counter (the back office locks)


def test_f2_with_a_guest_shown_opens_the_gate_too(till: RunningApp) -> None:
    from .test_till_keys import fresh_cards, scan

    (card,) = fresh_cards(till, 1)
    scan(till, card, 5)  # the guest is shown, the focus in the amount field
    owners, scans = _sign_ins(till, "owner"), _scans(till)
    till.key("F2")
    time.sleep(0.5)
    till.type(demo.DEMO_OWNER_PIN + "\n", 120)
    till.wait_for(lambda: _sign_ins(till, "owner") > owners, "the owner to be signed in")
    assert _scans(till) == scans
    till.key("F1")
