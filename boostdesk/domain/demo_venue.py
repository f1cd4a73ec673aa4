"""A realistic café, generated deterministically from a seed (pure numpy, no I/O).

Guests follow archetypes (daily VIP regulars, loyal regulars, weekly, occasional, one-timers,
drifting away, lost, gone, new) so that every lifecycle segment of PRODUCT.md section 5 has members
on the as-of date. Each archetype has a visit rate over an active window that ends a chosen number
of days before the as-of date; the last visit of a multi-visit guest falls on that end day, which is
what places them in a recency band. Everything is column arrays: 100 000 guests and 5 M visits are
generated in a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain import demo_people, localtime

IntArray = npt.NDArray[np.int64]
DAY = 86_400
HISTORY_DAYS = 730
CATEGORY_CODES = ("coffee", "tea", "dessert", "food", "other")


@dataclass(frozen=True, slots=True)
class Archetype:
    name: str
    share: float
    rate_per_day: float  # mean visits per active day (daily ones: probability of a visit that day)
    daily: bool  # True: at most one visit a day, Bernoulli per day (reliable VIP/Loyal counts)
    bill: tuple[float, float]  # range of the guest's mean bill, major units
    start_ago: tuple[int, int]  # first active day, days before as-of (inclusive range)
    end_ago: tuple[int, int]  # last visit, days before as-of
    single: bool = False  # exactly one visit
    cashback_bp: int = 500


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("vip", 0.012, 0.95, True, (430, 620), (60, 729), (0, 1), cashback_bp=1000),
    Archetype("loyal", 0.03, 0.5, True, (220, 360), (60, 729), (0, 3), cashback_bp=700),
    Archetype("weekly", 0.17, 1.3 / 7, False, (120, 260), (30, 729), (0, 12)),
    Archetype("occasional", 0.19, 2 / 30, False, (90, 240), (60, 729), (0, 19)),
    Archetype("drifting", 0.08, 1.2 / 7, False, (150, 320), (120, 729), (20, 39)),
    Archetype("lost", 0.06, 0.8 / 7, False, (150, 420), (150, 729), (40, 89)),
    Archetype("gone", 0.20, 0.5 / 7, False, (80, 220), (200, 729), (90, 600)),
    Archetype("one_timer", 0.22, 0, False, (60, 260), (30, 729), (30, 729), single=True),
    Archetype("potential", 0.025, 0, False, (60, 260), (7, 19), (7, 19), single=True),
    Archetype("new", 0.015, 0.3, False, (80, 260), (0, 6), (0, 2)),
)
# Basket styles: spend shares over CATEGORY_CODES, with the share of guests having each style.
BASKET_STYLES = np.array(
    [
        [0.78, 0.04, 0.10, 0.05, 0.03],  # coffee lover
        [0.05, 0.74, 0.12, 0.06, 0.03],  # tea lover
        [0.20, 0.05, 0.10, 0.60, 0.05],  # comes to eat
        [0.30, 0.25, 0.20, 0.15, 0.10],  # mixed
    ]
)
BASKET_STYLE_SHARES = np.array([0.4, 0.25, 0.15, 0.2])
# Day parts in local hours [start, end): morning, midday, evening.
DAY_PARTS = np.array([[7, 11], [11, 16], [16, 22]])


@dataclass(frozen=True)
class DemoVenue:
    """Column arrays of a generated venue; ids are 1-based row numbers of each table."""

    customers: dict[str, Any]
    family: dict[str, Any]
    consents: dict[str, Any]
    cards: dict[str, Any]
    visits: dict[str, npt.NDArray[np.generic]]
    lines: dict[str, npt.NDArray[np.generic]]
    ledger: dict[str, npt.NDArray[np.generic]]
    archetype: npt.NDArray[np.int64]  # archetype index per customer (for checks)
    vouchers: dict[str, list[Any]] = field(default_factory=dict)


def generate(
    customers: int,
    seed: int,
    as_of_day: int,
    timezone: str,
    *,
    target_visits: int | None = None,
) -> DemoVenue:
    """Generate a venue of ``customers`` guests whose history ends on the as-of day.

    ``as_of_day`` is the last day of the history (a local day number); local times are converted
    to UTC in the venue zone ``timezone``, and each visit carries its local day and day-part.
    ``target_visits`` scales the visit rates of the non-daily archetypes so the total lands near
    it (for large benchmark venues).
    """
    if customers < 1:
        raise ValueError("a demo venue needs at least one guest")
    rng = np.random.default_rng(seed)
    kinds = _assign_archetypes(rng, customers)
    start_ago, end_ago, bill = _windows(rng, kinds)
    visit_days, visit_cust = _visit_days(rng, kinds, start_ago, end_ago, target_visits)
    visits, lines = _visits(rng, kinds, visit_cust, visit_days, bill, as_of_day * DAY, timezone)
    people = _people(rng, customers, visits)
    ledger = _ledger(kinds, visits, localtime.day_start(as_of_day + 1, timezone))
    return DemoVenue(
        customers=people["customers"],
        family=people["family"],
        consents=people["consents"],
        cards=people["cards"],
        visits=visits,
        lines=lines,
        ledger=ledger,
        archetype=kinds,
        # Its own random stream, so adding vouchers changed none of the guests or visits.
        vouchers=_vouchers(
            np.random.default_rng(seed + 1_000_003),
            visits,
            localtime.day_start(as_of_day, timezone),
        ),
    )


def _assign_archetypes(rng: np.random.Generator, n: int) -> IntArray:
    shares = np.array([a.share for a in ARCHETYPES])
    counts = np.floor(shares / shares.sum() * n).astype(np.int64)
    counts[2] += n - counts.sum()  # remainder to "weekly"
    kinds = np.repeat(np.arange(len(ARCHETYPES)), counts)
    return rng.permutation(kinds).astype(np.int64)


def _uniform_int(rng: np.random.Generator, bounds: npt.NDArray[np.int64]) -> IntArray:
    low, high = bounds[:, 0], bounds[:, 1]
    return (low + np.floor(rng.random(len(low)) * (high - low + 1))).astype(np.int64)


def _windows(
    rng: np.random.Generator, kinds: IntArray
) -> tuple[IntArray, IntArray, npt.NDArray[np.float64]]:
    table_start = np.array([a.start_ago for a in ARCHETYPES])[kinds]
    table_end = np.array([a.end_ago for a in ARCHETYPES])[kinds]
    end_ago = _uniform_int(rng, table_end)
    start_ago = np.maximum(_uniform_int(rng, table_start), end_ago)
    single = np.array([a.single for a in ARCHETYPES])[kinds]
    start_ago[single] = end_ago[single]
    bills = np.array([a.bill for a in ARCHETYPES], dtype=np.float64)[kinds]
    bill = bills[:, 0] + rng.random(len(kinds)) * (bills[:, 1] - bills[:, 0])
    return start_ago, end_ago, bill


def _visit_days(
    rng: np.random.Generator,
    kinds: IntArray,
    start_ago: IntArray,
    end_ago: IntArray,
    target: int | None,
) -> tuple[IntArray, IntArray]:
    """Visit days (days before as-of) and the customer of each visit, unsorted."""
    rate = np.array([a.rate_per_day for a in ARCHETYPES])[kinds]
    daily = np.array([a.daily for a in ARCHETYPES])[kinds]
    single = np.array([a.single for a in ARCHETYPES])[kinds]
    span = start_ago - end_ago + 1
    poisson = ~daily & ~single
    # The first and last days are fixed visits; the days between get Poisson(rate) visits.
    inner = np.maximum(span - 2, 0)
    expected_daily = float((rate[daily] * span[daily]).sum())
    scale = 1.0
    if target is not None:
        fixed = expected_daily + single.sum() + 2 * poisson.sum()
        free = float((rate[poisson] * inner[poisson]).sum())
        scale = max((target - fixed) / free, 0.05) if free > 0 else 1.0
    n_inner = np.zeros(len(kinds), dtype=np.int64)
    n_inner[poisson] = rng.poisson(rate[poisson] * inner[poisson] * scale)

    ids = np.arange(len(kinds), dtype=np.int64)
    parts_cust: list[IntArray] = []
    parts_day: list[IntArray] = []
    # Single-visit guests and both ends of every Poisson guest's window.
    parts_cust += [ids[single], ids[poisson], ids[poisson & (span > 1)]]
    parts_day += [end_ago[single], end_ago[poisson], start_ago[poisson & (span > 1)]]
    # Poisson visits strictly inside the window.
    cust = np.repeat(ids, n_inner)
    offset = 1 + np.floor(rng.random(len(cust)) * inner[cust]).astype(np.int64)
    parts_cust.append(cust)
    parts_day.append(end_ago[cust] + offset)
    # Daily regulars: one Bernoulli draw per active day, the last day always a visit.
    dcust = np.repeat(ids[daily], span[daily])
    first = np.cumsum(span[daily]) - span[daily]
    within = np.arange(len(dcust)) - np.repeat(first, span[daily])
    keep = (rng.random(len(dcust)) < rate[dcust]) | (within == 0)
    parts_cust.append(dcust[keep])
    parts_day.append(end_ago[dcust[keep]] + within[keep])
    return np.concatenate(parts_day), np.concatenate(parts_cust)


def _visits(
    rng: np.random.Generator,
    kinds: IntArray,
    cust: IntArray,
    days_ago: IntArray,
    bill: npt.NDArray[np.float64],
    as_of_midnight: int,
    timezone: str,
) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, npt.NDArray[np.generic]]]:
    n = len(kinds)
    part_pref = rng.choice(3, size=n, p=[0.45, 0.3, 0.25])
    own_part = rng.random(len(cust)) < 0.75
    part = np.where(own_part, part_pref[cust], rng.integers(0, 3, len(cust)))
    hours = DAY_PARTS[part]
    seconds = hours[:, 0] * 3600 + np.floor(
        rng.random(len(cust)) * (hours[:, 1] - hours[:, 0]) * 3600
    ).astype(np.int64)
    local = as_of_midnight - days_ago * DAY + seconds
    visited_at = localtime.from_local(local, timezone)
    order = np.lexsort((cust, visited_at))
    cust, visited_at = cust[order], visited_at[order]
    amount = bill[cust] * rng.lognormal(0.0, 0.2, len(cust))
    amount_minor = (np.maximum(np.round(amount * 2), 60) * 50).astype(np.int64)
    visit_id = np.arange(1, len(cust) + 1, dtype=np.int64)
    visits: dict[str, npt.NDArray[np.generic]] = {
        "id": visit_id,
        "customer_id": cust + 1,
        "card_id": cust + 1,
        "visited_at": visited_at,
        "amount_minor": amount_minor,
        "local_day": localtime.local_days(visited_at, timezone),
        "day_part": localtime.day_parts(visited_at, timezone),
        "idempotency_key": np.char.add("demo-", visit_id.astype("U9")),
    }
    return visits, _lines(rng, n, cust, visit_id, amount_minor)


def _lines(
    rng: np.random.Generator,
    n: int,
    cust: IntArray,
    visit_id: IntArray,
    amount_minor: IntArray,
) -> dict[str, npt.NDArray[np.generic]]:
    """Split each visit's amount over 1-3 categories drawn from the guest's basket style."""
    style = rng.choice(len(BASKET_STYLES), size=n, p=BASKET_STYLE_SHARES)
    per_visit = rng.choice(3, size=len(cust), p=[0.45, 0.4, 0.15]) + 1
    line_visit = np.repeat(np.arange(len(cust)), per_visit)
    cdf = np.cumsum(BASKET_STYLES, axis=1)[style[cust[line_visit]]]
    category = (rng.random(len(line_visit))[:, None] > cdf).sum(axis=1)
    category = np.minimum(category, len(CATEGORY_CODES) - 1)
    # Merge lines of the same category in one visit, then share the amount by random weights.
    key = line_visit * 8 + category
    unique_key, inverse = np.unique(key, return_inverse=True)
    weight = np.bincount(inverse, weights=rng.random(len(key)) + 0.3)
    line_visit, category = unique_key // 8, unique_key % 8
    total_weight = np.bincount(line_visit, weights=weight, minlength=len(cust))
    share = np.floor(weight / total_weight[line_visit] * amount_minor[line_visit] / 50) * 50
    share = share.astype(np.int64)
    # The first line of each visit takes the rounding remainder so lines add up to the bill.
    remainder = amount_minor - np.bincount(line_visit, weights=share, minlength=len(cust)).astype(
        np.int64
    )
    first_line = np.searchsorted(line_visit, np.arange(len(cust)))
    share[first_line] += remainder
    return {
        "visit_id": visit_id[line_visit],
        "category_id": category + 1,
        "amount_minor": share,
    }


def _ledger(
    kinds: IntArray, visits: dict[str, npt.NDArray[np.generic]], now: int
) -> dict[str, npt.NDArray[np.generic]]:
    """Earn entries per visit, welcome bonuses, and expiry of points older than 180 days.

    Demo guests never redeem, so FIFO expiry reduces to: every earn whose expiry has passed is
    expired in full; expiries are booked per guest and month, as a monthly expiry job would.
    """
    cust = np.asarray(visits["customer_id"], dtype=np.int64)
    at = np.asarray(visits["visited_at"], dtype=np.int64)
    amount = np.asarray(visits["amount_minor"], dtype=np.int64)
    bp = np.array([a.cashback_bp for a in ARCHETYPES])[kinds[cust - 1]]
    earn_points = amount * bp // 10_000
    earn_expiry = at + 180 * DAY
    # Welcome bonus at the first visit: used at a second visit within 14 days, else it expires.
    order = np.lexsort((at, cust))
    by_cust, by_at = cust[order], at[order]
    starts = np.flatnonzero(np.r_[True, by_cust[1:] != by_cust[:-1]])
    welcome_cust, welcome_at = by_cust[starts], by_at[starts]
    following = np.minimum(starts + 1, len(by_cust) - 1)
    has_second = (starts + 1 < len(by_cust)) & (by_cust[following] == welcome_cust)
    second_at = np.where(has_second, by_at[following], -1)
    used = has_second & (second_at - welcome_at <= 14 * DAY)
    lapsed = ~used & (welcome_at + 14 * DAY < now)
    expired = earn_expiry < now
    month = earn_expiry // (30 * DAY)
    exp_key, exp_inv = np.unique(cust[expired] * 10_000 + month[expired], return_inverse=True)
    exp_points = np.bincount(exp_inv, weights=earn_points[expired]).astype(np.int64)
    exp_at = np.zeros(len(exp_key), dtype=np.int64)
    np.maximum.at(exp_at, exp_inv, earn_expiry[expired])
    parts = [
        ("earn", cust, earn_points, at, earn_expiry, np.asarray(visits["id"])),
        (
            "welcome",
            welcome_cust,
            np.full(len(welcome_cust), 5000),
            welcome_at,
            welcome_at + 14 * DAY,
            np.zeros(len(welcome_cust), dtype=np.int64),
        ),
        (
            "redeem",
            welcome_cust[used],
            np.full(used.sum(), -5000),
            second_at[used],
            np.zeros(used.sum(), dtype=np.int64),
            np.zeros(used.sum(), dtype=np.int64),
        ),
        (
            "expire",
            welcome_cust[lapsed],
            np.full(lapsed.sum(), -5000),
            welcome_at[lapsed] + 14 * DAY,
            np.zeros(lapsed.sum(), dtype=np.int64),
            np.zeros(lapsed.sum(), dtype=np.int64),
        ),
        (
            "expire",
            exp_key // 10_000,
            -exp_points,
            exp_at,
            np.zeros(len(exp_key), dtype=np.int64),
            np.zeros(len(exp_key), dtype=np.int64),
        ),
    ]
    kind = np.concatenate([np.full(len(p[1]), p[0]) for p in parts])
    columns = [
        np.concatenate([np.asarray(p[i], dtype=np.int64) for p in parts]) for i in range(1, 6)
    ]
    order = np.lexsort((columns[0], columns[2]))
    return {
        "customer_id": columns[0][order],
        "kind": kind[order],
        "points_minor": columns[1][order],
        "created_at": columns[2][order],
        "expires_at": columns[3][order],
        "visit_id": columns[4][order],
    }


def _people(
    rng: np.random.Generator, n: int, visits: dict[str, npt.NDArray[np.generic]]
) -> dict[str, dict[str, Any]]:
    from boostdesk.domain import codes  # local: only the demo needs card numbers in bulk

    cust = np.asarray(visits["customer_id"], dtype=np.int64)
    at = np.asarray(visits["visited_at"], dtype=np.int64)
    first_visit = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_visit, cust - 1, at)
    female = rng.random(n) < 0.53
    fem = np.array(demo_people.FEMALE_NAMES, dtype=object)
    mal = np.array(demo_people.MALE_NAMES, dtype=object)
    last = np.array(demo_people.LAST_NAMES, dtype=object)
    first_names = np.where(
        female, fem[rng.integers(0, len(fem), n)], mal[rng.integers(0, len(mal), n)]
    )
    last_names = last[rng.integers(0, len(last), n)]
    has_phone = rng.random(n) < 0.85
    phone = np.char.add("05", rng.integers(300_000_000, 559_999_999, n).astype("U9"))
    has_email = rng.random(n) < 0.45
    has_birth = rng.random(n) < 0.8
    age_days = (rng.triangular(18, 29, 75, n) * 365.25).astype(np.int64)
    birth = (first_visit // DAY - age_days + rng.integers(0, 365, n)).astype("datetime64[D]")
    districts = demo_people.DISTRICTS
    d_idx = rng.choice(len(districts), size=n, p=_weights([d[2] for d in districts]))
    sources = demo_people.REGISTRATION_SOURCES
    s_idx = rng.choice(len(sources), size=n, p=_weights([s[1] for s in sources]))
    customers: dict[str, Any] = {
        "id": np.arange(1, n + 1),
        "first_name": first_names.tolist(),
        "last_name": last_names.tolist(),
        "phone": [p if h else None for p, h in zip(phone.tolist(), has_phone, strict=True)],
        "email": [
            f"{demo_people.email_local_part(f, la)}@example.com" if e else None
            for f, la, e in zip(first_names, last_names, has_email, strict=True)
        ],
        "birth_date": [str(b) if h else None for b, h in zip(birth, has_birth, strict=True)],
        "gender": np.where(female, "female", "male").tolist(),
        "district": [districts[i][0] for i in d_idx],
        "city": [districts[i][1] for i in d_idx],
        "registration_source": [sources[i][0] for i in s_idx],
        "created_at": first_visit - 60,
    }
    # A card per guest (serial = guest id); 1 % lost an older card that was replaced.
    lost = np.flatnonzero(rng.random(n) < 0.01)
    cards: dict[str, Any] = {
        "id": np.arange(1, n + len(lost) + 1),
        "number": [codes.card_number(i) for i in range(1, n + 1)]
        + [codes.card_number(n + 1 + k) for k in range(len(lost))],
        "customer_id": np.concatenate([np.arange(1, n + 1), lost + 1]),
        "status": ["active"] * n + ["lost"] * len(lost),
        "issued_at": np.concatenate([first_visit - 60, first_visit[lost] - 120]),
    }
    return {
        "customers": customers,
        "cards": cards,
        "family": _family(rng, n, female, birth, has_birth),
        "consents": _consents(rng, n, has_phone, has_email, first_visit),
    }


def _family(
    rng: np.random.Generator,
    n: int,
    female: npt.NDArray[np.bool_],
    birth: npt.NDArray[np.datetime64],
    has_birth: npt.NDArray[np.bool_],
) -> dict[str, Any]:
    spouse = np.flatnonzero((rng.random(n) < 0.35) & has_birth)
    kids = rng.choice(4, size=n, p=[0.7, 0.12, 0.13, 0.05])
    kid_owner = np.repeat(np.arange(n), kids)
    kid_owner = kid_owner[has_birth[kid_owner]]
    child_names = np.array(demo_people.CHILD_NAMES, dtype=object)
    spouse_names = np.where(
        female[spouse],
        np.array(demo_people.MALE_NAMES, dtype=object)[rng.integers(0, 40, len(spouse))],
        np.array(demo_people.FEMALE_NAMES, dtype=object)[rng.integers(0, 40, len(spouse))],
    )
    spouse_birth = birth[spouse] + rng.integers(-1500, 1500, len(spouse))
    kid_birth = birth[kid_owner] + rng.integers(22 * 365, 38 * 365, len(kid_owner))
    return {
        "customer_id": np.concatenate([spouse, kid_owner]) + 1,
        "relation": ["spouse"] * len(spouse) + ["child"] * len(kid_owner),
        "first_name": spouse_names.tolist()
        + child_names[rng.integers(0, len(child_names), len(kid_owner))].tolist(),
        "birth_date": [str(d) for d in np.concatenate([spouse_birth, kid_birth])],
    }


def _consents(
    rng: np.random.Generator,
    n: int,
    has_phone: npt.NDArray[np.bool_],
    has_email: npt.NDArray[np.bool_],
    first_visit: IntArray,
) -> dict[str, Any]:
    """Consent answers given at enrolment, one row per asked channel."""
    rows_c: list[IntArray] = []
    rows_ch: list[str] = []
    rows_g: list[npt.NDArray[np.bool_]] = []
    for channel, asked, rate in (
        ("sms", has_phone, 0.6),
        ("call", has_phone, 0.15),
        ("email", has_email, 0.55),
        ("profiling", np.ones(n, dtype=bool), 0.75),
    ):
        ids = np.flatnonzero(asked)
        rows_c.append(ids)
        rows_ch += [channel] * len(ids)
        rows_g.append(rng.random(len(ids)) < rate)
    ids = np.concatenate(rows_c)
    return {
        "customer_id": ids + 1,
        "channel": rows_ch,
        "granted": np.concatenate(rows_g).astype(np.int64),
        "recorded_at": first_visit[ids] - 60,
        "source": ["counter"] * len(ids),
        "text_version": ["2026-01"] * len(ids),
    }


def _weights(values: list[int]) -> npt.NDArray[np.float64]:
    arr = np.array(values, dtype=np.float64)
    weights: npt.NDArray[np.float64] = arr / arr.sum()
    return weights


VOUCHER_STATES = ("waiting", "printed", "redeemed", "expired", "waiting")
VOUCHER_AMOUNTS = (2500, 5000, 7500, 10000)


def _vouchers(
    rng: np.random.Generator, visits: dict[str, npt.NDArray[np.generic]], as_of_midnight: int
) -> dict[str, list[Any]]:
    """Vouchers in every state for the guests seen most recently: waiting at the counter,
    printed, redeemed on the guest's last visit, and expired. ``as_of_midnight`` is the UTC
    instant of the as-of day's local midnight; vouchers expire at a local midnight."""
    from boostdesk.domain import codes  # local: only the demo needs voucher codes in bulk

    cust = np.asarray(visits["customer_id"], dtype=np.int64)
    at = np.asarray(visits["visited_at"], dtype=np.int64)
    ids = np.asarray(visits["id"], dtype=np.int64)
    # Visits are sorted by time: the last occurrence of a guest is their last visit.
    last_index = len(cust) - 1 - np.unique(cust[::-1], return_index=True)[1]
    recent = last_index[np.argsort(-at[last_index], kind="stable")]
    count = int(min(max(len(recent) // 40, 10), 400, len(recent)))
    columns: dict[str, list[Any]] = {
        key: []
        for key in (
            "id",
            "code",
            "customer_id",
            "kind",
            "value",
            "item_name",
            "source",
            "issued_at",
            "expires_at",
            "printed_at",
            "redeemed_at",
            "redeemed_visit_id",
        )
    }
    for number, index in enumerate(recent[:count].tolist(), start=1):
        state = VOUCHER_STATES[number % len(VOUCHER_STATES)]
        kind = "percent" if number % 7 == 5 else "item" if number % 7 == 6 else "amount"
        value = {"percent": 10, "item": 0}.get(kind, VOUCHER_AMOUNTS[number % 4])
        last_visit = int(at[index])
        issued = last_visit - int(rng.integers(2, 12)) * DAY
        expires = as_of_midnight + int(rng.integers(20, 45)) * DAY
        printed = redeemed = redeemed_visit = None
        if state == "printed":
            printed = issued + 3600
        elif state == "redeemed":
            printed, redeemed, redeemed_visit = issued + 3600, last_visit, int(ids[index])
        elif state == "expired":
            issued = as_of_midnight - int(rng.integers(40, 70)) * DAY
            expires = as_of_midnight - int(rng.integers(1, 15)) * DAY
        values = (
            number,
            codes.voucher_code(number),
            int(cust[index]),
            kind,
            value,
            "Türk kahvesi" if kind == "item" else None,
            "scenario",
            issued,
            expires,
            printed,
            redeemed,
            redeemed_visit,
        )
        for key, item in zip(columns, values, strict=True):
            columns[key].append(item)
    return columns
