"""Owner changes to one guest's record: a replaced card, consents edited, two records merged.

Every function runs inside the caller's transaction. A merge never updates a visit or a ledger
entry (triggers forbid it): the duplicate's standing visits are re-recorded on the kept guest
with their baskets and then voided, its ledger entries copied and then reversed one by one, so
the kept totals (triggers) and every venue-wide sum stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.storage import store as store_module

_PROFILE = ("last_name", "phone", "email", "birth_date", "gender", "district", "city")


@dataclass(frozen=True, slots=True)
class Moved:
    """What a merge moved from the duplicate to the kept guest."""

    visits: int
    ledger_entries: int
    vouchers: int
    consents: int
    cards: int


def block_cards(store: store_module.Store, customer_id: int) -> int:
    """Block the guest's active cards; returns how many."""
    return store.execute(
        "UPDATE card SET status = 'blocked' WHERE customer_id = ? AND status = 'active'",
        (customer_id,),
    ).rowcount


def record_consent(
    store: store_module.Store,
    customer_id: int,
    channel: str,
    granted: bool,
    at: int,
    source: str,
    text_version: str,
) -> None:
    store.execute(
        "INSERT INTO consent (customer_id, channel, granted, recorded_at, source, text_version) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (customer_id, channel, int(granted), at, source, text_version),
    )


def exists(store: store_module.Store, customer_id: int) -> bool:
    """The guest exists and is not anonymised."""
    row = store.one("SELECT 1 FROM customer WHERE id = ? AND anonymised_at IS NULL", (customer_id,))
    return row is not None


def merge(store: store_module.Store, keep: int, other: int, at: int, user_id: int | None) -> Moved:
    """Move everything of guest ``other`` onto guest ``keep`` (see the module docstring); the
    kept guest's empty profile fields take the duplicate's values."""
    visits = _move_visits(store, keep, other, at, user_id)
    entries = _move_ledger(store, keep, other, at, user_id, visits)
    moved_vouchers = store.execute(
        "UPDATE voucher SET customer_id = ? WHERE customer_id = ?", (keep, other)
    ).rowcount
    consents = store.execute(
        "UPDATE consent SET customer_id = ? WHERE customer_id = ?", (keep, other)
    ).rowcount
    cards = store.execute(
        "UPDATE card SET customer_id = ? WHERE customer_id = ?", (keep, other)
    ).rowcount
    store.execute("UPDATE family_member SET customer_id = ? WHERE customer_id = ?", (keep, other))
    fill = ", ".join(
        f"{c} = COALESCE(NULLIF({c}, ''), (SELECT {c} FROM customer WHERE id = ?))"
        for c in _PROFILE
    )
    store.execute(f"UPDATE customer SET {fill} WHERE id = ?", (*[other] * len(_PROFILE), keep))
    return Moved(len(visits), entries, moved_vouchers, consents, cards)


def _move_visits(
    store: store_module.Store, keep: int, other: int, at: int, user_id: int | None
) -> dict[int, int]:
    """Re-record the duplicate's standing visits on ``keep`` and void them; old id -> new id."""
    rows = store.execute(
        "SELECT id, card_id, visited_at, amount_minor, receipt_no, user_id, local_day, day_part "
        "FROM visit WHERE customer_id = ? AND voided_at IS NULL ORDER BY id",
        (other,),
    ).fetchall()
    mapping: dict[int, int] = {}
    for old, card_id, visited_at, amount, receipt, by, local_day, day_part in rows:
        cursor = store.execute(
            "INSERT INTO visit (customer_id, card_id, visited_at, amount_minor, receipt_no, "
            "idempotency_key, user_id, local_day, day_part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (keep, card_id, visited_at, amount, receipt, f"merge:{old}", by, local_day, day_part),
        )
        new = int(cursor.lastrowid or 0)
        store.execute(
            "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
            "SELECT ?, category_id, amount_minor FROM visit_line WHERE visit_id = ? ORDER BY id",
            (new, old),
        )
        mapping[int(old)] = new
    store.execute(
        "UPDATE visit SET voided_at = ?, void_reason = ? WHERE customer_id = ? "
        "AND voided_at IS NULL",
        (at, f"merged into guest {keep}", other),
    )
    return mapping


def _move_ledger(
    store: store_module.Store,
    keep: int,
    other: int,
    at: int,
    user_id: int | None,
    visits: dict[int, int],
) -> int:
    """Copy the duplicate's entries onto ``keep`` (same kind, points, dates) and reverse each
    on the duplicate, so its balance is zero and the venue's points are counted once."""
    rows = store.execute(
        "SELECT id, kind, points_minor, created_at, expires_at, usable_from, visit_id, "
        "reverses_id FROM ledger_entry WHERE customer_id = ? ORDER BY id",
        (other,),
    ).fetchall()
    copies: dict[int, int] = {}
    for old, kind, points, created, expires, usable, visit, reverses in rows:
        cursor = store.execute(
            "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, expires_at, "
            "usable_from, visit_id, reverses_id, user_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                keep,
                kind,
                points,
                created,
                expires,
                usable,
                visits.get(visit, visit) if visit is not None else None,
                copies.get(reverses) if reverses is not None else None,
                user_id,
                f"merged from guest {other}",
            ),
        )
        copies[int(old)] = int(cursor.lastrowid or 0)
    store.execute_many(
        "INSERT INTO ledger_entry (customer_id, kind, points_minor, created_at, reverses_id, "
        "user_id, note) VALUES (?, 'reverse', ?, ?, ?, ?, ?)",
        [(other, -int(r[2]), at, int(r[0]), user_id, f"merged into guest {keep}") for r in rows],
    )
    return len(rows)
