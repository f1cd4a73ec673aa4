"""The cashier's use cases on a real SQLite venue: enrol, record, redeem, void, vouchers, scans."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import peewee
import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, counter, ops, setup, venue
from boostdesk.storage import segments as stored_segments

DAY = 86_400
T0 = 1_790_000_000  # 2026-09-21, a fixed "now" for every step
CARD = codes.card_number(4242)
# The set-up venue's cashier (users 1 and 2 are the owner and the cashier).
CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    yield empty_venue


def enrol(shop: venue.Venue, number: str = CARD, at: int = T0, **consents: bool) -> int:
    form = checkout.Enrolment(first_name="  Ayşe  ", phone="0532 123 45 12", consents=consents)
    return shop.checkout.enrol(CASHIER, number, form, now=at).value


def visit(
    shop: venue.Venue, customer_id: int, amount: int, key: str, at: int, **extra: object
) -> checkout.VisitSaved:
    draft = checkout.VisitDraft(customer_id, None, amount, key, **extra)  # type: ignore[arg-type]
    return shop.checkout.record_visit(CASHIER, draft, now=at).value


def count(shop: venue.Venue, sql: str) -> int:
    return int(shop.store.execute(sql).fetchone()[0])


def test_unknown_card_is_enrolled_with_consents_and_a_pending_welcome_bonus(
    shop: venue.Venue,
) -> None:
    assert shop.counter.find(CARD, now=T0) is None
    customer_id = enrol(shop, sms=True)
    guest = shop.counter.find(CARD, now=T0)
    assert guest is not None and guest.customer_id == customer_id
    assert guest.first_name == "Ayşe"
    assert guest.phone_masked == "0532 *** ** 12"
    assert guest.balance.usable_minor == 0  # usable from the second visit
    assert guest.balance.pending_minor == 5000
    granted = dict(
        shop.store.execute(
            "SELECT channel, granted FROM consent WHERE customer_id = ?", (customer_id,)
        ).fetchall()
    )
    assert granted == {"sms": 1, "email": 0, "call": 0, "profiling": 0}
    with pytest.raises(checkout.CheckoutError) as taken:
        enrol(shop)
    assert taken.value.reason == "card_taken"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("first_name", "   ", "name_missing"),
        ("phone", "12ab", "phone_invalid"),
        ("email", "not-an-address", "email_invalid"),
        ("birth_date", "2031-01-01", "birth_date_invalid"),
        ("birth_date", "31.12.1990", "birth_date_invalid"),
    ],
)
def test_a_wrong_enrolment_field_is_named_and_nothing_is_stored(
    shop: venue.Venue, field: str, value: str, reason: str
) -> None:
    values = {"first_name": "Can", field: value}
    with pytest.raises(checkout.CheckoutError) as error:
        shop.checkout.enrol(CASHIER, CARD, checkout.Enrolment(**values), now=T0)  # type: ignore[arg-type]
    assert error.value.reason == reason
    assert count(shop, "SELECT COUNT(*) FROM customer") == 0
    assert count(shop, "SELECT COUNT(*) FROM card") == 0


def test_a_visit_earns_cashback_splits_the_basket_and_unlocks_the_welcome_bonus(
    shop: venue.Venue,
) -> None:
    customer_id = enrol(shop)
    saved = visit(shop, customer_id, 12_345, "k1", T0 + 60, categories=("coffee", "dessert"))
    assert (saved.created, saved.earned_minor, saved.paid_minor) == (True, 617, 12_345)
    lines = shop.store.execute(
        "SELECT c.code, l.amount_minor FROM visit_line l JOIN category c ON c.id = l.category_id "
        "ORDER BY c.code"
    ).fetchall()
    assert lines == [("coffee", 6173), ("dessert", 6172)]
    guest = shop.counter.find(CARD, now=T0 + 120)
    assert guest is not None
    assert guest.visits == 1
    assert guest.balance.usable_minor == 5000 + 617
    assert guest.favourite_category in ("coffee", "dessert")


def test_the_same_visit_submitted_twice_is_one_visit(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    first = visit(shop, customer_id, 10_000, "same-key", T0)
    again = visit(shop, customer_id, 10_000, "same-key", T0 + 5)
    assert again.visit_id == first.visit_id and not again.created
    assert again.earned_minor == first.earned_minor
    assert count(shop, "SELECT COUNT(*) FROM visit") == 1
    assert count(shop, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'earn'") == 1


def test_points_pay_at_most_half_the_bill_and_a_refused_redemption_writes_nothing(
    shop: venue.Venue,
) -> None:
    customer_id = enrol(shop)
    visit(shop, customer_id, 100_000, "a", T0)  # +5 000 cashback, welcome unlocked: 10 000
    assert shop.counter.balance(customer_id, T0 + 60).usable_minor == 10_000
    with pytest.raises(checkout.CheckoutError) as error:
        visit(shop, customer_id, 8_000, "b", T0 + 60, redeem_points_minor=4_001)
    assert error.value.reason == "points_over_limit"
    assert count(shop, "SELECT COUNT(*) FROM visit") == 1
    saved = visit(shop, customer_id, 8_000, "b", T0 + 60, redeem_points_minor=4_000)
    assert (saved.redeemed_minor, saved.paid_minor, saved.earned_minor) == (4_000, 4_000, 200)
    # The welcome bonus was older, so it paid first (FIFO): 1 000 of it and 5 000 + 200 left.
    assert shop.counter.balance(customer_id, T0 + 120).usable_minor == 6_200


def test_a_voucher_is_redeemed_exactly_once(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    code = codes.voucher_code(7)
    shop.store.execute(
        "INSERT INTO voucher (code, customer_id, kind, value, issued_at, expires_at) "
        "VALUES (?, ?, 'amount', 2500, ?, ?)",
        (code, customer_id, T0, T0 + 30 * DAY),
    )
    assert shop.counter.check_voucher(code, T0).status == "valid"
    assert [v.code for v in shop.counter.find(CARD, now=T0).vouchers] == [code]  # type: ignore[union-attr]
    saved = visit(shop, customer_id, 10_000, "v1", T0, voucher_code=code)
    assert (saved.voucher_discount_minor, saved.paid_minor) == (2500, 7500)
    with pytest.raises(checkout.CheckoutError) as error:
        visit(shop, customer_id, 10_000, "v2", T0 + 1, voucher_code=code)
    assert error.value.reason == "voucher_used"
    assert count(shop, "SELECT COUNT(*) FROM visit") == 1
    assert shop.counter.check_voucher(code, T0 + 2).status == "used"
    assert shop.counter.check_voucher(codes.voucher_code(8), T0).status == "unknown"


def test_voiding_the_last_visit_reverses_its_points_and_frees_its_voucher(
    shop: venue.Venue,
) -> None:
    customer_id = enrol(shop)
    visit(shop, customer_id, 100_000, "a", T0)
    code = codes.voucher_code(9)
    shop.store.execute(
        "INSERT INTO voucher (code, kind, value, issued_at) VALUES (?, 'percent', 10, ?)",
        (code, T0),
    )
    visit(shop, customer_id, 20_000, "b", T0 + 60, voucher_code=code, redeem_points_minor=2_000)
    before = shop.counter.balance(customer_id, T0 + 120).usable_minor
    assert before == 10_000 - 2_000 + 800  # 20 000 - 2 000 voucher - 2 000 points = 16 000 paid
    with pytest.raises(checkout.CheckoutError):
        shop.checkout.void_last_visit(CASHIER, customer_id, "  ", now=T0 + 120)
    shop.checkout.void_last_visit(CASHIER, customer_id, "wrong guest", now=T0 + 120)
    assert shop.counter.balance(customer_id, T0 + 180).usable_minor == 10_000
    assert shop.counter.check_voucher(code, T0 + 180).status == "valid"
    assert count(shop, "SELECT COUNT(*) FROM visit") == 2  # nothing deleted
    assert count(shop, "SELECT visits FROM customer_metrics") == 1
    # The earlier visit is outside the 15-minute window.
    with pytest.raises(checkout.CheckoutError) as late:
        shop.checkout.void_last_visit(CASHIER, customer_id, "oops", now=T0 + 3600)
    assert late.value.reason == "void_window_passed"
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        shop.store.execute("DELETE FROM ledger_entry")


def test_expired_points_are_booked_at_the_next_visit(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    visit(shop, customer_id, 100_000, "a", T0)
    later = T0 + 200 * DAY  # welcome (14 days) and cashback (180 days) have both expired
    balance = shop.counter.balance(customer_id, later)
    assert (balance.usable_minor, balance.expired_unbooked_minor) == (0, 10_000)
    visit(shop, customer_id, 10_000, "b", later)
    assert count(shop, "SELECT SUM(points_minor) FROM ledger_entry") == 500
    assert count(shop, "SELECT points_minor FROM ledger_entry WHERE kind = 'expire'") == -10_000


def test_a_bill_with_an_extra_zero_is_refused(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    with pytest.raises(checkout.CheckoutError) as error:
        visit(shop, customer_id, 10_000_001, "x", T0)  # ₺100 000,01
    assert error.value.reason == "amount_too_large"
    with pytest.raises(checkout.CheckoutError) as huge:
        visit(shop, customer_id, 10**15, "t", T0)  # the trillions a stuck key types
    assert huge.value.reason == "amount_too_large"
    assert count(shop, "SELECT COUNT(*) FROM visit") == 0
    visit(shop, customer_id, 10_000_000, "ok", T0)  # exactly the limit is a bill
    assert count(shop, "SELECT COUNT(*) FROM visit") == 1
    with pytest.raises(checkout.CheckoutError) as zero:
        visit(shop, customer_id, 0, "y", T0)
    assert zero.value.reason == "amount_missing"


def test_the_visit_that_makes_a_guest_vip_earns_the_vip_rate(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    earned = [
        visit(shop, customer_id, 50_000, f"k{n}", T0 + n * 3600).earned_minor for n in range(25)
    ]
    # Visits 1-9: the base 5 %; the 10th makes the guest Loyal (7 %), the 25th VIP (10 %).
    assert earned[:9] == [2_500] * 9
    assert earned[9:24] == [3_500] * 15
    assert earned[24] == 5_000
    guest = shop.counter.find(CARD, now=T0 + 25 * 3600)
    assert guest is not None and guest.lifecycle == "vip" and guest.next_step is None
    assert guest.cashback_bp == 1_000


def test_a_visit_and_its_guest_re_evaluation_commit_together(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    shop.store.execute(
        "CREATE TRIGGER refuse_segments BEFORE INSERT ON segment_current "
        "BEGIN SELECT RAISE(ABORT, 'segments unavailable'); END"
    )
    with pytest.raises((peewee.IntegrityError, sqlite3.IntegrityError), match="unavailable"):
        visit(shop, customer_id, 10_000, "a", T0)
    assert count(shop, "SELECT COUNT(*) FROM visit") == 0
    assert count(shop, "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'earn'") == 0
    shop.store.execute("DROP TRIGGER refuse_segments")
    assert visit(shop, customer_id, 10_000, "a", T0).created
    assert shop.counter.lifecycle(customer_id) == "new"


def test_a_visit_never_earns_less_than_the_segment_the_guest_held(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    with shop.store.transaction():
        stored_segments.store_one(shop.store, customer_id, {"lifecycle": "vip"}, [], T0)
    # The first visit makes the guest New, but it began as VIP: it earns the VIP rate.
    assert visit(shop, customer_id, 10_000, "a", T0).earned_minor == 1_000
    assert shop.counter.lifecycle(customer_id) == "new"


def test_next_step_says_how_many_visits_to_loyal() -> None:
    step = counter.next_step("regular", 7, 25_000, {})
    assert step == counter.NextStep("loyal", 3, 0)


def test_the_same_code_within_the_window_is_one_scan() -> None:
    gate = counter.DuplicateFilter(2.0)
    assert not gate.is_duplicate("a", 10.0)
    assert gate.is_duplicate("a", 11.9)
    assert not gate.is_duplicate("b", 12.0)
    assert not gate.is_duplicate("a", 12.1)
    assert not gate.is_duplicate("a", 14.2)


def test_scans_are_logged_with_their_outcome(shop: venue.Venue) -> None:
    shop.counter.log_scan("27000\\x00", None, "rejected", "non_printable", at=T0)
    shop.counter.log_scan(CARD, CARD, "unknown_card", None, at=T0 + 1)
    scans = shop.counter.scans(last=5)
    assert [s["outcome"] for s in scans] == ["rejected", "unknown_card"]
    assert scans[0]["raw"] == "27000\\x00"
    with pytest.raises(ValueError):
        shop.counter.log_scan("x", None, "exploded", None)


def test_today_counts_this_local_day_and_lists_voided_visits_too(shop: venue.Venue) -> None:
    customer_id = enrol(shop)
    visit(shop, customer_id, 5_000, "yesterday", T0 - DAY)
    visit(shop, customer_id, 10_000, "a", T0)
    visit(shop, customer_id, 2_000, "b", T0 + 60)
    shop.checkout.void_last_visit(CASHIER, customer_id, "typo", now=T0 + 120)
    today = shop.counter.today(now=T0 + 180)
    assert (today.visits, today.revenue_minor) == (1, 10_000)
    assert [(name, amount, voided) for _, name, amount, voided in today.latest] == [
        ("Ayşe", 2_000, True),
        ("Ayşe", 10_000, False),
    ]


def test_a_visit_waits_for_another_connection_writing_instead_of_failing(
    shop: venue.Venue,
) -> None:

    import threading

    customer_id = enrol(shop)
    other = sqlite3.connect(shop.db_path, timeout=5, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO scan_log (at, raw, outcome) VALUES (0, 'x', 'rejected')")
    threading.Timer(0.3, other.commit).start()
    # Reads first, then writes: with a deferred BEGIN this raised "database is locked".
    saved = visit(shop, customer_id, 1_000, "k", T0)
    other.close()
    assert saved.created
