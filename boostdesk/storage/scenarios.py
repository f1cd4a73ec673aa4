"""Retention scenarios: their definitions, the guests each run met (treated, held out, skipped),
the audiences of the triggers, and the figures the results page compares."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from boostdesk.storage import store as store_module

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class StoredScenario:
    id: int
    key: str
    name: str
    enabled: bool
    definition: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewMember:
    scenario_id: int
    customer_id: int
    occasion: str
    local_day: int
    at: int
    arm: str  # treated | holdout | skipped
    skip_reason: str | None = None
    voucher_id: int | None = None
    reward_minor: int = 0


@dataclass(frozen=True, slots=True)
class GuestContact:
    customer_id: int
    first_name: str
    email: str | None
    phone: str | None
    language: str | None


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield [int(i) for i in ids[start : start + _CHUNK]]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


# -- definitions ---------------------------------------------------------------------------------


def listed(store: store_module.Store) -> list[StoredScenario]:
    rows = store.execute(
        "SELECT id, key, name, enabled, definition FROM scenario ORDER BY id"
    ).fetchall()
    return [
        StoredScenario(int(r[0]), str(r[1]), str(r[2]), bool(r[3]), json.loads(r[4])) for r in rows
    ]


def save(
    store: store_module.Store,
    key: str,
    name: str,
    enabled: bool,
    definition: dict[str, Any],
    at: int,
) -> int:
    """Insert or replace the scenario ``key``; returns its id."""
    store.execute(
        "INSERT INTO scenario (key, name, enabled, definition, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET name = excluded.name, "
        "enabled = excluded.enabled, definition = excluded.definition, "
        "updated_at = excluded.updated_at",
        (key, name, int(enabled), json.dumps(definition, ensure_ascii=False), at, at),
    )
    row = store.one("SELECT id FROM scenario WHERE key = ?", (key,))
    return int(row[0])


def record_run(
    store: store_module.Store, scenario_id: int, local_day: int, at: int, summary: dict[str, Any]
) -> None:
    store.execute(
        "INSERT INTO scenario_run (scenario_id, local_day, at, summary) VALUES (?, ?, ?, ?)",
        (scenario_id, local_day, at, json.dumps(summary)),
    )


def last_run_day(store: store_module.Store, scenario_id: int) -> int | None:
    row = store.one("SELECT MAX(local_day) FROM scenario_run WHERE scenario_id = ?", (scenario_id,))
    return int(row[0]) if row and row[0] is not None else None


# -- audiences -----------------------------------------------------------------------------------


def entered(
    store: store_module.Store, family: str, segment: str, start: int, end: int
) -> list[tuple[int, int]]:
    """(guest, when) of the guests whose ``family`` segment became ``segment`` with
    start < at <= end and who had not left it again by ``end``."""
    # segment_transition, not the segment_history view: a guest's first stored segments (from
    # nothing: no movement) are the only history kept elsewhere (segment_entry), and an entry is
    # never a later change either (its ids come before every transition's); the view would be
    # expanded for every guest of the family instead of probing this guest's transitions.
    rows = store.execute(
        "SELECT t.customer_id, MAX(t.at) FROM segment_transition t "
        "WHERE t.family = ? AND t.to_segment = ? AND t.at > ? AND t.at <= ? "
        # a guest's first stored segment (from nothing: the venue's first run) is no movement
        "AND t.from_segment IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM segment_transition u WHERE u.customer_id = t.customer_id "
        "AND u.family = t.family AND u.id > t.id AND u.at <= ? AND u.to_segment != t.to_segment) "
        "GROUP BY t.customer_id",
        (family, segment, start, end, end),
    ).fetchall()
    return [(int(c), int(a)) for c, a in rows]


def enrolled(store: store_module.Store, start: int, end: int) -> list[tuple[int, int]]:
    """(guest, enrolled at) of the guests enrolled with start <= created_at < end."""
    rows = store.execute(
        "SELECT id, created_at FROM customer WHERE created_at >= ? AND created_at < ? "
        "AND anonymised_at IS NULL",
        (start, end),
    ).fetchall()
    return [(int(c), int(a)) for c, a in rows]


def birthdays_on(store: store_module.Store, month_days: Sequence[str]) -> list[int]:
    """Guests born on one of ``month_days`` ('MM-DD')."""
    rows = store.execute(
        f"SELECT id FROM customer WHERE substr(birth_date, 6, 5) IN ({_marks(month_days)}) "
        "AND anonymised_at IS NULL",
        list(month_days),
    ).fetchall()
    return [int(r[0]) for r in rows]


def family_birthdays_on(store: store_module.Store, month_days: Sequence[str]) -> list[int]:
    """Guests with a spouse or child born on one of ``month_days``."""
    rows = store.execute(
        "SELECT DISTINCT f.customer_id FROM family_member f "
        "JOIN customer c ON c.id = f.customer_id "
        f"WHERE substr(f.birth_date, 6, 5) IN ({_marks(month_days)}) AND c.anonymised_at IS NULL",
        list(month_days),
    ).fetchall()
    return [int(r[0]) for r in rows]


def first_names(store: store_module.Store) -> list[tuple[int, str]]:
    """(guest, first name) of every guest not anonymised (name days are matched in Python: the
    comparison folds Turkish letters)."""
    rows = store.execute(
        "SELECT id, first_name FROM customer WHERE anonymised_at IS NULL AND first_name != ''"
    ).fetchall()
    return [(int(c), str(n)) for c, n in rows]


_CREDIT = "(l.kind IN ('earn', 'welcome') OR (l.kind = 'adjust' AND l.points_minor > 0))"
# "+kind": compare without the kind index, so the expiry-day index is the one used
_CREDIT_BY_DAY = "(+l.kind IN ('earn', 'welcome') OR (+l.kind = 'adjust' AND l.points_minor > 0))"


def expiring_unspent(
    store: store_module.Store, start: int, end: int, min_points: int = 1
) -> list[tuple[int, int]]:
    """(guest, points) of the points expiring with start <= expires_at < end that are still
    unspent, for the guests whose lots expiring then add up to at least ``min_points``.

    Spending and booked expiry take from the oldest lots first (FIFO), so what is left of the
    lots expiring then is clamp(balance - the lots that expire later, 0, those lots): two sums
    over each guest's ledger from a covering index, no replay. (Expired lots are booked by the
    nightly run before the scenarios run, so the balance holds none of them.)"""
    rows = store.execute(
        f"""
        WITH cand AS (
            SELECT l.customer_id FROM ledger_entry l
            WHERE l.expires_at >= ? AND l.expires_at < ? AND {_CREDIT_BY_DAY}
            GROUP BY l.customer_id HAVING SUM(l.points_minor) >= ?)
        SELECT l.customer_id, SUM(l.points_minor),
               SUM(CASE WHEN {_CREDIT} AND l.expires_at >= ? THEN l.points_minor ELSE 0 END),
               SUM(CASE WHEN {_CREDIT} AND l.expires_at >= ? AND l.expires_at < ?
                        THEN l.points_minor ELSE 0 END)
        FROM cand JOIN ledger_entry l ON l.customer_id = cand.customer_id
        GROUP BY l.customer_id""",
        (start, end, min_points, end, start, end),
    ).fetchall()
    out = []
    for customer_id, balance, later, lots in rows:
        left = max(0, min(int(lots), int(balance) - int(later)))
        if left > 0:
            out.append((int(customer_id), left))
    return out


def in_segment(
    store: store_module.Store, family: str, segment: str, ids: Sequence[int]
) -> set[int]:
    """Those of ``ids`` whose stored ``family`` segment is ``segment``."""
    from boostdesk.storage import segments as stored_segments

    if family not in stored_segments.FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    found: set[int] = set()
    for chunk in _chunks(ids):
        rows = store.execute(
            f"SELECT s.customer_id FROM segment_current s JOIN segment_code c "
            f"ON c.family = ? AND c.code = s.{family} "
            f"WHERE c.segment = ? AND s.customer_id IN ({_marks(chunk)})",
            [family, segment, *chunk],
        ).fetchall()
        found.update(int(r[0]) for r in rows)
    return found


def active_guests(store: store_module.Store, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` that are not anonymised."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        rows = store.execute(
            f"SELECT id FROM customer WHERE anonymised_at IS NULL AND id IN ({_marks(chunk)})",
            chunk,
        ).fetchall()
        found.update(int(r[0]) for r in rows)
    return found


# -- members -------------------------------------------------------------------------------------


def known_occasions(
    store: store_module.Store, scenario_id: int, ids: Sequence[int]
) -> set[tuple[int, str]]:
    """(guest, occasion) already met by the scenario among ``ids`` (a re-run skips them)."""
    found: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        rows = store.execute(
            "SELECT customer_id, occasion FROM scenario_member WHERE scenario_id = ? "
            f"AND customer_id IN ({_marks(chunk)})",
            [scenario_id, *chunk],
        ).fetchall()
        found.update((int(c), str(o)) for c, o in rows)
    return found


def rewarded_since(store: store_module.Store, first_day: int, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` who were given an automatic reward by a run of local day ``first_day``
    or later."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        rows = store.execute(
            "SELECT DISTINCT customer_id FROM scenario_member WHERE arm = 'treated' "
            f"AND reward_minor > 0 AND local_day >= ? AND customer_id IN ({_marks(chunk)})",
            [first_day, *chunk],
        ).fetchall()
        found.update(int(r[0]) for r in rows)
    return found


_COST = (
    "CASE WHEN v.redeemed_at IS NOT NULL THEN "
    "MIN(v.value, COALESCE((SELECT amount_minor FROM visit WHERE id = v.redeemed_visit_id), "
    "v.value)) WHEN v.cancelled_at IS NOT NULL THEN 0 ELSE m.reward_minor END"
)
"""What a scenario voucher cost: its face value while open (committed), the discount it gave
once redeemed, nothing when cancelled."""


def cost(store: store_module.Store, scenario_id: int, start: int, end: int) -> int:
    """The cost of the vouchers the scenario issued with start <= at < end."""
    row = store.one(
        f"SELECT COALESCE(SUM({_COST}), 0) FROM scenario_member m "
        "JOIN voucher v ON v.id = m.voucher_id "
        "WHERE m.scenario_id = ? AND m.at >= ? AND m.at < ?",
        (scenario_id, start, end),
    )
    return int(row[0])


def add_member(store: store_module.Store, member: NewMember) -> int:
    cursor = store.execute(
        "INSERT INTO scenario_member (scenario_id, customer_id, occasion, local_day, at, arm, "
        "skip_reason, voucher_id, reward_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            member.scenario_id,
            member.customer_id,
            member.occasion,
            member.local_day,
            member.at,
            member.arm,
            member.skip_reason,
            member.voucher_id,
            member.reward_minor,
        ),
    )
    return int(cursor.lastrowid or 0)


# -- what the messages and vouchers need -----------------------------------------------------------


def contacts(store: store_module.Store, ids: Sequence[int]) -> dict[int, GuestContact]:
    out: dict[int, GuestContact] = {}
    for chunk in _chunks(ids):
        rows = store.execute(
            "SELECT id, first_name, email, phone, language FROM customer "
            f"WHERE id IN ({_marks(chunk)})",
            chunk,
        ).fetchall()
        for r in rows:
            out[int(r[0])] = GuestContact(int(r[0]), str(r[1]), r[2], r[3], r[4])
    return out


def consents(store: store_module.Store, ids: Sequence[int]) -> dict[int, set[str]]:
    """The channels each guest consents to now (the latest record per channel counts)."""
    out: dict[int, set[str]] = {}
    for chunk in _chunks(ids):
        rows = store.execute(
            "SELECT k.customer_id, k.channel, k.granted FROM consent k "
            f"WHERE k.customer_id IN ({_marks(chunk)}) AND k.id = (SELECT j.id FROM consent j "
            "WHERE j.customer_id = k.customer_id AND j.channel = k.channel "
            "ORDER BY j.recorded_at DESC, j.id DESC LIMIT 1)",
            chunk,
        ).fetchall()
        for customer_id, channel, granted in rows:
            if granted:
                out.setdefault(int(customer_id), set()).add(str(channel))
    return out


def favourite_categories(store: store_module.Store, ids: Sequence[int]) -> dict[int, str]:
    """Each guest's category (code) with the most spend."""
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows = store.execute(
            "SELECT cc.customer_id, c.code, MAX(cc.amount_minor) FROM customer_category cc "
            "JOIN category c ON c.id = cc.category_id "
            f"WHERE cc.customer_id IN ({_marks(chunk)}) AND cc.amount_minor > 0 "
            "GROUP BY cc.customer_id",
            chunk,
        ).fetchall()
        out.update({int(r[0]): str(r[1]) for r in rows})
    return out


def category_names(store: store_module.Store) -> dict[str, str]:
    return {str(c): str(n) for c, n in store.execute("SELECT code, name FROM category")}


def monthly_spend(
    store: store_module.Store, ids: Sequence[int], before: int
) -> dict[int, tuple[int, int]]:
    """(spend, calendar months with a visit) of each guest's standing visits before ``before``."""
    out: dict[int, tuple[int, int]] = {}
    for chunk in _chunks(ids):
        # SQLite-only: strftime of the stored local day gives the visit's calendar month.
        rows = store.execute(
            "SELECT customer_id, SUM(amount_minor), "
            "COUNT(DISTINCT strftime('%Y-%m', local_day * 86400, 'unixepoch')) FROM visit "
            f"WHERE customer_id IN ({_marks(chunk)}) AND voided_at IS NULL AND visited_at < ? "
            "GROUP BY customer_id",
            [*chunk, before],
        ).fetchall()
        out.update({int(r[0]): (int(r[1]), int(r[2])) for r in rows})
    return out


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberOutcome:
    arm: str
    visits: int
    revenue_minor: int
    redeemed: bool
    cost_minor: int


def outcomes(
    store: store_module.Store, scenario_id: int, window_s: int, until: int
) -> list[MemberOutcome]:
    """Per treated or held-out member met before ``until``: visits and revenue within
    ``window_s`` after they were met, whether their voucher was redeemed and what it cost."""
    rows = store.execute(
        "SELECT m.arm, "
        "(SELECT COUNT(*) FROM visit w WHERE w.customer_id = m.customer_id "
        "AND w.voided_at IS NULL AND w.visited_at > m.at AND w.visited_at <= MIN(m.at + ?, ?)), "
        "(SELECT COALESCE(SUM(amount_minor), 0) FROM visit w WHERE w.customer_id = m.customer_id "
        "AND w.voided_at IS NULL AND w.visited_at > m.at AND w.visited_at <= MIN(m.at + ?, ?)), "
        "v.redeemed_at IS NOT NULL, "
        f"CASE WHEN v.id IS NULL THEN 0 ELSE {_COST} END "
        "FROM scenario_member m LEFT JOIN voucher v ON v.id = m.voucher_id "
        "WHERE m.scenario_id = ? AND m.arm IN ('treated', 'holdout') AND m.at <= ?",
        (window_s, until, window_s, until, scenario_id, until),
    ).fetchall()
    return [MemberOutcome(str(r[0]), int(r[1]), int(r[2]), bool(r[3]), int(r[4])) for r in rows]


def consent_records(
    store: store_module.Store,
) -> list[tuple[str | None, str | None, str, bool, int]]:
    """(phone, e-mail, channel, granted, recorded at) of each guest's latest consent record per
    channel (for the İYS list)."""
    rows = store.execute(
        "SELECT c.phone, c.email, k.channel, k.granted, k.recorded_at FROM consent k "
        "JOIN customer c ON c.id = k.customer_id WHERE c.anonymised_at IS NULL "
        "AND k.id = (SELECT j.id FROM consent j WHERE j.customer_id = k.customer_id "
        "AND j.channel = k.channel ORDER BY j.recorded_at DESC, j.id DESC LIMIT 1) "
        "ORDER BY k.customer_id, k.channel"
    ).fetchall()
    return [(r[0], r[1], str(r[2]), bool(r[3]), int(r[4])) for r in rows]
