"""Loyalty rules on hand-computed ledgers: FIFO expiry, reversals, redemption limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boostdesk.domain import rewards
from boostdesk.domain.rewards import Entry

DAY = 86_400


def test_cashback_by_segment_rounds_down_to_whole_kurus() -> None:
    rates = rewards.Rates()
    assert rates.for_segment("vip") == 1000
    assert rates.for_segment("loyal") == 700
    assert rates.for_segment("at_risk") == 500
    assert rates.for_segment(None) == 500
    assert rewards.cashback(12_345, 500) == 617  # 617.25 kuruş
    assert rewards.cashback(0, 500) == 0


def test_redemption_is_capped_by_the_bill_share_the_balance_and_the_minimum() -> None:
    assert rewards.max_redeemable(10_000, 9_000, 5000, 1000) == 5_000  # half of the bill
    assert rewards.max_redeemable(10_000, 3_000, 5000, 1000) == 3_000  # all the balance
    assert rewards.max_redeemable(10_000, 999, 5000, 1000) == 0  # below the minimum balance
    assert rewards.max_redeemable(0, 9_000, 5000, 0) == 0


def test_spending_takes_the_oldest_points_first_and_old_points_expire() -> None:
    entries = [
        Entry(1, "earn", 100, 0, expires_at=10 * DAY),
        Entry(2, "earn", 50, 1 * DAY, expires_at=200 * DAY),
        Entry(3, "redeem", -120, 2 * DAY),
    ]
    # 100 from the first lot and 20 from the second: 30 left, all in the second lot.
    assert rewards.balance(entries, 3 * DAY).usable_minor == 30
    later = rewards.balance(entries, 11 * DAY)
    assert later.usable_minor == 30
    assert later.expired_unbooked_minor == 0


def test_unspent_points_expire_on_their_own_date_and_booking_keeps_the_rest() -> None:
    entries = [
        Entry(1, "earn", 100, 0, expires_at=10 * DAY),
        Entry(2, "earn", 50, 5 * DAY, expires_at=20 * DAY),
    ]
    at_12 = rewards.balance(entries, 12 * DAY)
    assert (at_12.usable_minor, at_12.expired_unbooked_minor) == (50, 100)
    booked = [*entries, Entry(3, "expire", -100, 12 * DAY)]
    after = rewards.balance(booked, 12 * DAY)
    assert (after.usable_minor, after.expired_unbooked_minor, after.total_minor) == (50, 0, 50)


def test_reversing_an_earn_takes_back_that_lot() -> None:
    entries = [
        Entry(1, "earn", 100, 0, expires_at=100 * DAY),
        Entry(2, "earn", 40, DAY, expires_at=200 * DAY),
        Entry(3, "reverse", -40, DAY, reverses_id=2),
    ]
    assert rewards.balance(entries, 2 * DAY).usable_minor == 100


def test_welcome_bonus_waits_for_the_second_visit() -> None:
    entries = [Entry(1, "welcome", 5000, 0, expires_at=14 * DAY)]
    locked = rewards.balance(entries, DAY, welcome_unlocked=False)
    assert (locked.usable_minor, locked.pending_minor) == (0, 5000)
    assert rewards.balance(entries, DAY, welcome_unlocked=True).usable_minor == 5000
    assert rewards.balance(entries, 15 * DAY).expired_unbooked_minor == 5000


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["earn", "redeem", "expire", "adjust"]),
            st.integers(1, 10_000),
            st.integers(0, 400),
        ),
        max_size=40,
    ),
    st.integers(0, 500),
)
def test_usable_balance_never_exceeds_what_the_ledger_holds(ops, now_day) -> None:  # type: ignore[no-untyped-def]
    entries = []
    for i, (kind, points, day) in enumerate(sorted(ops, key=lambda o: o[2]), start=1):
        signed = points if kind in ("earn", "adjust") else -points
        expires = (day + 180) * DAY if kind == "earn" else None
        entries.append(Entry(i, kind, signed, day * DAY, expires_at=expires))
    result = rewards.balance(entries, now_day * DAY)
    assert result.usable_minor >= 0
    assert result.usable_minor + result.pending_minor + result.expired_unbooked_minor <= max(
        0, sum(e.points_minor for e in entries if e.points_minor > 0)
    )
