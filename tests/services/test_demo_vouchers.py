"""The demo venue holds vouchers in every state, so printing and redeeming can be tried at once."""

from __future__ import annotations

import collections

from boostdesk.services import vouchers


def test_demo_has_vouchers_waiting_printed_redeemed_and_expired(demo_venue):
    rows = demo_venue.vouchers.listed()
    states = collections.Counter(demo_venue.vouchers.status(row) for row in rows)
    assert {"waiting", "printed", "redeemed", "expired"} <= set(states)
    assert all(row.customer_id is not None and row.first_name for row in rows)

    to_print = demo_venue.vouchers.listed(unprinted=True)
    assert to_print and {demo_venue.vouchers.status(row) for row in to_print} == {"waiting"}


def test_redeemed_demo_vouchers_sit_on_a_visit_of_their_guest(demo_venue):
    rows = demo_venue.store.execute(
        "SELECT v.customer_id, visit.customer_id, v.redeemed_at, visit.visited_at "
        "FROM voucher v JOIN visit ON visit.id = v.redeemed_visit_id"
    ).fetchall()
    assert rows
    assert all(owner == guest and at == visited for owner, guest, at, visited in rows)


def test_a_waiting_demo_voucher_shows_for_its_guest_and_scans_valid(demo_venue):
    import time

    row = demo_venue.vouchers.listed(unprinted=True)[0]
    now = int(time.time())
    assert vouchers.status(row, now) == "waiting"
    open_codes = [v.code for v in demo_venue.counter.open_vouchers(row.customer_id, now)]
    assert row.code in open_codes
    assert demo_venue.counter.check_voucher(row.code).status == "valid"
