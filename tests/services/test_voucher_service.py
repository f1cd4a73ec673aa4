"""Issuing and printing vouchers through the service: roles, audit, printed only when printed."""

from __future__ import annotations

import datetime as dt

import pytest

from boostdesk.hardware import fake_printer, printers
from boostdesk.services import ops, vouchers

CASHIER = ops.Actor(user_id=None, name="till", role=ops.Role.CASHIER)


def _card(opened) -> str:
    return opened.store.execute(
        "SELECT number FROM card WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()[0]


def _audit(opened, action: str) -> list[str]:
    rows = opened.store.execute("SELECT detail FROM audit_log WHERE action = ?", (action,))
    return [row[0] for row in rows]


def test_issue_is_for_the_owner_and_audited_without_personal_data(demo_venue):
    card = _card(demo_venue)
    with pytest.raises(ops.PermissionDenied):
        demo_venue.vouchers.issue(CASHIER, card, 5000)

    result = demo_venue.vouchers.issue(ops.SYSTEM, card, 5000, dt.date(2030, 1, 31))

    (row,) = demo_venue.vouchers.rows([result.value])
    assert row.value == 5000 and row.kind == "amount" and row.printed_at is None
    assert demo_venue.vouchers.last_day(row) == dt.date(2030, 1, 31)
    assert demo_venue.vouchers.status(row) == "waiting"
    assert result.changes.vouchers and result.changes.guests == (row.customer_id,)
    (detail,) = _audit(demo_venue, "vouchers.issue")
    assert card not in detail and (row.first_name or "?") not in detail


@pytest.mark.parametrize(
    ("amount", "expires", "reason"),
    [(0, None, "amount"), (5000, dt.date(2020, 1, 1), "expiry")],
)
def test_issue_refuses_nonsense(demo_venue, amount, expires, reason):
    with pytest.raises(vouchers.VoucherError) as caught:
        demo_venue.vouchers.issue(ops.SYSTEM, _card(demo_venue), amount, expires)
    assert caught.value.reason == reason


def test_issue_to_an_unknown_card_is_refused(demo_venue):
    with pytest.raises(vouchers.VoucherError) as caught:
        demo_venue.vouchers.issue(ops.SYSTEM, "2799999999997", 5000)
    assert caught.value.reason == "card"


def test_printed_only_after_the_printer_took_the_job(demo_venue):
    code = demo_venue.vouchers.issue(ops.SYSTEM, _card(demo_venue), 5000).value
    with (
        fake_printer.FakeNetworkPrinter(hang_up_after=10) as broken,
        pytest.raises(printers.PrinterError),
    ):
        demo_venue.vouchers.print(CASHIER, [code], broken.url)
    assert demo_venue.vouchers.rows([code])[0].printed_at is None
    assert _audit(demo_venue, "vouchers.print") == []

    with fake_printer.FakeNetworkPrinter() as printer:
        result = demo_venue.vouchers.print(CASHIER, [code], printer.url, layout="58mm")
    assert result.value == 1 and result.changes.vouchers
    assert demo_venue.vouchers.rows([code])[0].printed_at is not None
    assert _audit(demo_venue, "vouchers.print") == ["1 voucher(s) on tcp"]


def test_a_redeemed_voucher_is_not_printed(demo_venue):
    code = demo_venue.vouchers.issue(ops.SYSTEM, _card(demo_venue), 5000).value
    demo_venue.store.execute("UPDATE voucher SET redeemed_at = 1 WHERE code = ?", (code,))
    with (
        fake_printer.FakeNetworkPrinter() as printer,
        pytest.raises(vouchers.VoucherError) as caught,
    ):
        demo_venue.vouchers.print(CASHIER, [code], printer.url)
    assert caught.value.reason == "redeemed" and printer.jobs == []
