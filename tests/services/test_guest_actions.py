"""The owner's operations on a guest, on the hand-built venue: a merge keeps every total right,
a replaced card keeps the balance and is refused at the counter, consents keep their history, and
a cashier is refused every one of them with nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import customers_venue as cv
import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, customers, exports, guest_actions, ops, venue
from boostdesk.storage import audit, kept_totals_check

NEW_CARD = codes.card_number(7777)


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    cv.build(empty_venue)
    return empty_venue


@pytest.fixture
def built(shop: venue.Venue) -> cv.Built:
    rows = shop.store.execute("SELECT id FROM customer ORDER BY id").fetchall()
    return cv.Built(tuple(int(r[0]) for r in rows), tuple(cv.card(n) for n in range(5)))


def one(shop: venue.Venue, sql: str, *params: object) -> object:
    return shop.store.execute(sql, params).fetchone()[0]


def test_a_merge_moves_everything_and_keeps_every_total_right(
    shop: venue.Venue, built: cv.Built
) -> None:
    keep, duplicate = built.ids[0], built.ids[1]  # Ayşe IŞIK (2 visits), Mehmet ışık (1)
    points_before = one(shop, "SELECT SUM(points_minor) FROM ledger_entry")
    kept_points = shop.counter.balance(keep).total_minor
    dup_points = shop.counter.balance(duplicate).total_minor
    shop.vouchers.issue(cv.OWNER, built.cards[1], 2_000)

    result = shop.guest_actions.merge(cv.OWNER, keep, duplicate)

    assert result.value.moved.visits == 1 and result.value.moved.vouchers == 1
    metrics = shop.store.execute(
        "SELECT visits, amount_minor FROM customer_metrics WHERE customer_id = ?", (keep,)
    ).fetchone()
    assert tuple(metrics) == (3, 25_000)
    assert one(shop, "SELECT visits FROM customer_metrics WHERE customer_id = ?", duplicate) == 0
    assert kept_totals_check.verify_venue(shop.store).mismatched == ()
    # the venue's points are counted once; the kept guest holds both balances
    assert one(shop, "SELECT SUM(points_minor) FROM ledger_entry") == points_before
    assert shop.counter.balance(keep).total_minor == kept_points + dup_points
    assert shop.counter.balance(duplicate).total_minor == 0
    # the duplicate's card, consents and voucher are the kept guest's now
    found = shop.counter.find(built.cards[1])
    assert found is not None and found.customer_id == keep
    # both records answered at the same second: where they disagree, the refusal counts
    assert shop.guest_files.load(cv.OWNER, keep).consents == {  # type: ignore[union-attr]
        "sms": False, "email": False, "call": False, "profiling": False
    }  # fmt: skip
    assert one(shop, "SELECT COUNT(*) FROM voucher WHERE customer_id = ?", keep) == 1
    # the duplicate record is gone from the list and from the guest page
    assert shop.guest_files.load(cv.OWNER, duplicate) is None
    listed = shop.customers.page(cv.OWNER, customers.Query(search="ışık"))
    assert [g.id for g in listed] == [keep]
    entry = audit.latest(shop.store, 5)
    assert any(e.action == "customer.merge" and f"kept={keep}" in (e.detail or "") for e in entry)


def test_a_guest_cannot_be_merged_with_itself(shop: venue.Venue, built: cv.Built) -> None:
    with pytest.raises(guest_actions.GuestActionError):
        shop.guest_actions.merge(cv.OWNER, built.ids[0], built.ids[0])


def test_a_replaced_card_keeps_the_balance_and_the_old_one_is_refused_at_the_counter(
    shop: venue.Venue, built: cv.Built
) -> None:
    guest = built.ids[2]
    old = built.cards[2]
    balance = shop.counter.find(old).balance  # type: ignore[union-attr]

    shop.guest_actions.replace_card(cv.OWNER, guest, NEW_CARD)

    new_view = shop.counter.find(NEW_CARD)
    assert new_view is not None and new_view.customer_id == guest
    assert new_view.balance == balance and new_view.card_status == "active"
    old_view = shop.counter.find(old)
    assert old_view is not None and old_view.card_status == "blocked"
    draft = checkout.VisitDraft(guest, old_view.card_id, 1_000, "after-loss")
    with pytest.raises(checkout.CheckoutError) as refused:
        shop.checkout.record_visit(cv.CASHIER, draft)
    assert refused.value.reason == "card_blocked"
    with pytest.raises(guest_actions.GuestActionError) as taken:
        shop.guest_actions.replace_card(cv.OWNER, built.ids[3], built.cards[0])
    assert taken.value.reason == "card_taken"


def test_consents_keep_their_history(shop: venue.Venue, built: cv.Built) -> None:
    guest = built.ids[2]
    shop.guest_actions.set_consents(cv.OWNER, guest, {"sms": True, "email": False})
    shop.guest_actions.set_consents(cv.OWNER, guest, {"sms": False})
    file = shop.guest_files.load(cv.OWNER, guest)
    assert file is not None and file.consents["sms"] is False
    sms = [(granted, source) for channel, granted, _at, source in file.consent_history
           if channel == "sms"]  # fmt: skip
    assert sms == [(False, "back_office"), (True, "back_office"), (False, "counter")]


def test_the_profile_is_edited_and_found_by_its_new_name(
    shop: venue.Venue, built: cv.Built
) -> None:
    form = checkout.Enrolment(first_name="Şule", last_name="Çınar", phone="0533 999 88 77")
    shop.guest_actions.edit_profile(cv.OWNER, built.ids[2], form)
    found = shop.customers.page(cv.OWNER, customers.Query(search="SULE CINAR"))
    assert [g.id for g in found] == [built.ids[2]]
    with pytest.raises(checkout.CheckoutError):
        shop.guest_actions.edit_profile(cv.OWNER, built.ids[2], checkout.Enrolment(first_name=""))


def test_the_guest_file_shows_the_hand_counted_numbers(shop: venue.Venue, built: cv.Built) -> None:
    shop.segmentation.recompute_all(dt.date(2026, 10, 1), persist=True)
    file = shop.guest_files.load(cv.OWNER, built.ids[2])  # İpek Yılmaz: 300 + 200 + 100 lira
    assert file is not None
    assert [v.amount_minor for v in file.visits] == [10_000, 20_000, 30_000]  # newest first
    assert file.numbers.visits == 3 and file.numbers.amount_minor == 60_000
    assert file.segments.get("lifecycle") is not None
    assert file.transitions and all(t[0] in file.segments for t in file.transitions)


OWNER_ONLY: dict[str, Callable[[venue.Venue, cv.Built, ops.Actor, Path], object]] = {
    "merge": lambda s, b, a, _t: s.guest_actions.merge(a, b.ids[0], b.ids[1]),
    "replace card": lambda s, b, a, _t: s.guest_actions.replace_card(a, b.ids[0], NEW_CARD),
    "consents": lambda s, b, a, _t: s.guest_actions.set_consents(a, b.ids[0], {"sms": False}),
    "edit": lambda s, b, a, _t: s.guest_actions.edit_profile(
        a, b.ids[0], checkout.Enrolment(first_name="X")
    ),
    "voucher": lambda s, b, a, _t: s.vouchers.issue(a, b.cards[0], 1_000),
    "export": lambda s, b, a, t: exports.export_customers(s, a, t / "x.csv"),
    "browse": lambda s, b, a, _t: s.customers.page(a, customers.Query()),
    "guest file": lambda s, b, a, _t: s.guest_files.load(a, b.ids[0]),
}


@pytest.mark.parametrize("operation", sorted(OWNER_ONLY))
def test_a_cashier_is_refused_and_nothing_changes(
    shop: venue.Venue, built: cv.Built, tmp_path: Path, operation: str
) -> None:
    tables = ("customer", "visit", "ledger_entry", "voucher", "consent", "card", "audit_log")
    before = [list(shop.store.execute(f"SELECT * FROM {t} ORDER BY 1")) for t in tables]
    with pytest.raises(ops.PermissionDenied) as refused:
        OWNER_ONLY[operation](shop, built, cv.CASHIER, tmp_path)
    assert refused.value.needed is ops.Role.OWNER
    assert [list(shop.store.execute(f"SELECT * FROM {t} ORDER BY 1")) for t in tables] == before
