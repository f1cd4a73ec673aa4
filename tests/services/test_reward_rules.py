"""Reward rules as versions: the counter uses the new rule from its change, issued points keep
their expiry, the nightly run expires points by ledger entries (FIFO, each lot its own expiry)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from boostdesk.domain import codes, reward_rules
from boostdesk.services import checkout, ops, setup, venue
from boostdesk.services import reward_rules as rules_service

DAY = 86_400
T0 = 1_790_000_000
CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    yield empty_venue


def _guest_with_visit(shop, n: int, at: int) -> int:
    form = checkout.Enrolment(first_name=f"G{n}")
    customer_id = shop.checkout.enrol(CASHIER, codes.card_number(n), form, now=at).value
    draft = checkout.VisitDraft(customer_id, None, 100_00, f"v{n}-{at}")
    shop.checkout.record_visit(CASHIER, draft, now=at)
    return customer_id


def _entries(shop, customer_id: int) -> list[tuple[str, int, int | None]]:
    return [
        (str(k), int(p), e)
        for k, p, e in shop.store.execute(
            "SELECT kind, points_minor, expires_at FROM ledger_entry WHERE customer_id = ? "
            "ORDER BY id",
            (customer_id,),
        )
    ]


def test_a_rule_change_is_a_version_and_never_redates_issued_points(shop):
    clock = Clock(T0 + DAY)
    service = rules_service.RewardRulesService(shop.store, shop.settings, clock)
    first = _guest_with_visit(shop, 1, T0)
    earned_before = [e for e in _entries(shop, first) if e[0] == "earn"]
    assert earned_before == [("earn", 500, T0 + 180 * DAY)]  # 5 % of ₺100, 180 days
    new = dataclasses.replace(service.current(), points_expiry_days=90, cashback_bp=600)
    preview = service.preview(new)
    assert preview.old_days == 180 and preview.new_days == 90
    assert not preview.redates_issued_points and preview.open_points_minor == 5000 + 500
    with pytest.raises(ops.PermissionDenied):
        service.change(CASHIER, new)
    assert service.change(ops.SYSTEM, new).value == 2  # version 1 keeps the rules before
    (v1, _, old), (v2, valid_from, saved) = service.versions()
    assert (v1, old.points_expiry_days, v2, saved, valid_from) == (1, 180, 2, new, T0 + DAY)
    second = _guest_with_visit(shop, 2, T0 + 2 * DAY)
    assert [e for e in _entries(shop, second) if e[0] == "earn"] == [
        ("earn", 600, T0 + 2 * DAY + 90 * DAY)
    ]
    assert [e for e in _entries(shop, first) if e[0] == "earn"] == earned_before
    with pytest.raises(reward_rules.RuleError):
        service.change(ops.SYSTEM, dataclasses.replace(new, points_expiry_days=0))


def test_the_nightly_run_expires_points_by_ledger_entries_once(shop):
    guest = _guest_with_visit(shop, 1, T0)
    # welcome ₺50 expires after 14 days, the ₺5 cashback after 180
    clock = Clock(T0 + 20 * DAY)
    service = rules_service.RewardRulesService(shop.store, shop.settings, clock)
    assert service.expire_due().value == 1
    assert _entries(shop, guest)[-1][:2] == ("expire", -5000)
    assert service.expire_due().value == 0  # nothing twice
    clock.at = T0 + 181 * DAY
    assert service.expire_due().value == 1
    assert _entries(shop, guest)[-1][:2] == ("expire", -500)
    assert sum(p for _, p, _ in _entries(shop, guest)) == 0


def test_a_reward_rule_changed_with_other_settings_is_a_version_too(shop):
    """The Venue page saves its reward rates with the venue's settings: still a new version."""
    service = rules_service.RewardRulesService(shop.store, shop.settings)
    shop.settings.change(ops.SYSTEM, {"venue.name": "Yeni Kafe"})
    assert service.versions() == []  # no rule changed, no version
    shop.settings.change(ops.SYSTEM, {"venue.name": "Kafe", "loyalty.cashback_vip_bp": 1200})
    (v1, _, before), (v2, _, after) = service.versions()
    assert (v1, before.cashback_vip_bp, v2, after.cashback_vip_bp) == (1, 1000, 2, 1200)
    with pytest.raises(reward_rules.RuleError):
        shop.settings.change(ops.SYSTEM, {"loyalty.points_expiry_days": 0})
    assert len(service.versions()) == 2 and shop.settings.get("loyalty.points_expiry_days") == 180
