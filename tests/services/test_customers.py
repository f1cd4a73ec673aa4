"""The customer browser's service on a hand-built venue: search folds Turkish letters both ways,
filters and sorts give the lists a reader would check by hand, pages follow one another."""

from __future__ import annotations

import datetime as dt

import customers_venue as cv
import pytest

from boostdesk.domain import search
from boostdesk.services import customers, ops, venue


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    cv.build(empty_venue)
    return empty_venue


def names(shop: venue.Venue, **query: object) -> list[str]:
    rows = shop.customers.page(cv.OWNER, customers.Query(**query))  # type: ignore[arg-type]
    return [row.name for row in rows]


@pytest.mark.parametrize("typed", ["IŞIK", "ışık", "Işık", "isik"])
def test_isik_is_found_however_it_is_typed(shop: venue.Venue, typed: str) -> None:
    assert sorted(names(shop, search=typed)) == ["Ayşe IŞIK", "Mehmet ışık"]


@pytest.mark.parametrize("typed", ["İpek", "ipek", "İPEK", "IPEK"])
def test_ipek_is_found_however_it_is_typed(shop: venue.Venue, typed: str) -> None:
    found = names(shop, search=typed)
    assert len(found) == 3 and {"İpek Yılmaz", "ipek Demir"} <= set(found)


def test_phone_digits_and_card_numbers_are_searched(shop: venue.Venue) -> None:
    assert names(shop, search="444 55") == ["İpek Yılmaz"]
    assert names(shop, search=cv.card(3)[-6:]) == ["ipek Demir"]


def test_every_word_must_match_and_the_total_counts_the_whole_list(shop: venue.Venue) -> None:
    assert names(shop, search="ayşe ışık") == ["Ayşe IŞIK"]
    assert shop.customers.count(cv.OWNER, customers.Query(search="ipek")) == 3
    assert shop.customers.count(cv.OWNER, customers.Query()) == 5


def test_sorting_by_spend_and_visits_gives_the_hand_counted_order(shop: venue.Venue) -> None:
    rows = shop.customers.page(cv.OWNER, customers.Query(sort="amount", descending=True))
    assert [(r.name, r.amount_minor, r.visits) for r in rows[:3]] == [
        ("İpek Yılmaz", 60_000, 3),
        ("Ayşe IŞIK", 20_000, 2),
        ("Mehmet ışık", 5_000, 1),
    ]
    by_visits = names(shop, sort="visits")
    assert by_visits[0] == "ipek Demir" and by_visits[-1] == "İpek Yılmaz"


def test_pages_follow_one_another_without_gap_or_repeat(shop: venue.Venue) -> None:
    seen: list[int] = []
    after = None
    for sort in ("name", "visits", "last_visit", "amount", "card", "lifecycle", "rfm"):
        seen.clear()
        after = None
        while True:
            query = customers.Query(sort=sort, descending=sort == "visits")
            page = shop.customers.page(cv.OWNER, query, after, limit=2)
            seen += [row.id for row in page]
            if len(page) < 2:
                break
            after = page[-1].after
        assert sorted(seen) == sorted(set(seen)) and len(seen) == 5, sort


def test_consent_filter_uses_the_latest_answer(shop: venue.Venue) -> None:
    assert sorted(names(shop, consent="sms")) == sorted(
        ["Ayşe IŞIK", "ipek Demir", '=HYPERLINK("http://x") İPEK']
    )
    assert names(shop, consent="email") == ["Mehmet ışık"]


def test_segment_and_moved_filters(shop: venue.Venue) -> None:
    shop.segmentation.recompute_all(dt.date(2026, 10, 1), persist=True)
    registered = names(shop, segment=("lifecycle", "registered"))
    assert registered == ["ipek Demir"]
    moved = names(shop, moved=(None, "registered", dt.date(2026, 9, 1)))
    assert moved == ["ipek Demir"]
    assert names(shop, moved=(None, "registered", "2026-10-02")) == []


def test_a_cashier_may_not_browse_guests(shop: venue.Venue) -> None:
    with pytest.raises(ops.PermissionDenied):
        shop.customers.page(cv.CASHIER, customers.Query())


@pytest.mark.parametrize("typed", ["IŞIK", "ipek", "ayşe ışık", "444 55", "9", "zz", "", "05", "ı"])
def test_the_search_held_in_memory_answers_as_the_database_does(
    shop: venue.Venue, typed: str
) -> None:
    cache = customers.SearchCache()
    for sort in ("name", "amount"):
        query = customers.Query(search=typed, sort=sort, descending=True)
        held = shop.customers.page(cv.OWNER, query, cache=cache)
        plain = shop.customers.page(cv.OWNER, query)
        assert [g.id for g in held] == [g.id for g in plain]
        assert shop.customers.count(cv.OWNER, query, cache) == shop.customers.count(cv.OWNER, query)


def test_the_memory_search_sees_a_renamed_guest_once_told(shop: venue.Venue) -> None:
    from boostdesk.services import checkout

    cache = customers.SearchCache()
    query = customers.Query(search="Şule")
    assert shop.customers.page(cv.OWNER, query, cache=cache) == []
    guest = shop.customers.page(cv.OWNER, customers.Query(search="Mehmet"))[0].id
    shop.guest_actions.edit_profile(cv.OWNER, guest, checkout.Enrolment(first_name="Şule"))
    cache.invalidate()
    assert [g.id for g in shop.customers.page(cv.OWNER, query, cache=cache)] == [guest]


@pytest.mark.parametrize("descending", [False, True])
def test_pages_of_a_search_held_in_memory_follow_one_another(
    shop: venue.Venue, descending: bool
) -> None:
    cache = customers.SearchCache()
    query = customers.Query(search="e", descending=descending)
    plain = [g.id for g in shop.customers.page(cv.OWNER, query)]
    seen: list[int] = []
    after = None
    while True:
        page = shop.customers.page(cv.OWNER, query, after, limit=2, cache=cache)
        seen += [g.id for g in page]
        if len(page) < 2:
            break
        after = page[-1].after
    assert seen == plain and len(plain) >= 3


def test_p_alive_and_clv_come_from_the_fitted_model_and_sort_the_list(
    demo_venue: venue.Venue,
) -> None:
    from boostdesk.services import clv as clv_service

    owner = ops.Actor(1, "owner", ops.Role.OWNER)
    query = customers.Query(sort="p_alive", descending=True)
    before = demo_venue.customers.page(owner, query, limit=5)
    assert all(g.p_alive is None for g in before)  # no model yet: name order, no figures
    service = demo_venue.segmentation
    as_of = service.as_of_instant(None)
    fitted = clv_service.fit(demo_venue.store, as_of, service.timezone())
    clv_service.save(demo_venue.settings, fitted, owner)

    cache = customers.SearchCache()
    assert demo_venue.customers.warm(cache)
    for sort in ("p_alive", "clv"):
        seen: list[tuple[float, int]] = []
        after = None
        for _ in range(3):
            page = demo_venue.customers.page(
                owner, customers.Query(sort=sort, descending=True), after, limit=50, cache=cache
            )
            seen += [(g.p_alive if sort == "p_alive" else g.clv_12m_minor, g.id) for g in page]
            after = page[-1].after
        values = [v for v, _ in seen]
        assert None not in values and values == sorted(values, reverse=True)
        assert len({i for _, i in seen}) == 150
    searched = demo_venue.customers.page(
        owner, customers.Query(search="a", sort="clv"), cache=cache
    )
    assert searched and all("a" in search.fold(g.name) for g in searched)
    clvs = [g.clv_12m_minor if g.clv_12m_minor is not None else -1 for g in searched]
    assert clvs == sorted(clvs)
