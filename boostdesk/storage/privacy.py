"""Queries for a guest's personal-data rights (KVKK): everything held about one guest, and
anonymising a guest so that only anonymous aggregates (visits, amounts, ledger sums) remain."""

from __future__ import annotations

from typing import Any

from boostdesk.storage import database, import_staging, segments
from boostdesk.storage import store as store_module

# Columns that identify a person; anonymising clears every one of them.
PERSONAL_COLUMNS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "birth_date",
    "gender",
    "district",
    "city",
    "external_ref",
)


def _rows(store: store_module.Store, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = store.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def customer_for_card(store: store_module.Store, number: str) -> int | None:
    """The guest holding card ``number`` (whatever the card's state), or None."""
    row = store.execute("SELECT customer_id FROM card WHERE number = ?", (number,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def is_anonymised(store: store_module.Store, customer_id: int) -> bool:
    row = store.execute(
        "SELECT anonymised_at IS NOT NULL FROM customer WHERE id = ?", (customer_id,)
    ).fetchone()
    return bool(row and row[0])


def person_record(store: store_module.Store, customer_id: int) -> dict[str, Any]:
    """Everything stored about one guest, as plain JSON-ready values (times in epoch seconds)."""
    guest = _rows(store, "SELECT * FROM customer WHERE id = ?", (customer_id,))
    return {
        "guest": guest[0] if guest else None,
        "family": _rows(
            store,
            "SELECT relation, first_name, birth_date FROM family_member WHERE customer_id = ?",
            (customer_id,),
        ),
        "cards": _rows(
            store,
            "SELECT number, status, issued_at FROM card WHERE customer_id = ? ORDER BY id",
            (customer_id,),
        ),
        "consents": _rows(
            store,
            "SELECT channel, granted, recorded_at, source, text_version FROM consent "
            "WHERE customer_id = ? ORDER BY recorded_at, id",
            (customer_id,),
        ),
        "visits": _rows(
            store,
            "SELECT v.id, v.visited_at, v.amount_minor, v.receipt_no, v.voided_at, v.void_reason, "
            "(SELECT group_concat(c.code || ':' || l.amount_minor, ' ') FROM visit_line l "
            " JOIN category c ON c.id = l.category_id WHERE l.visit_id = v.id) AS lines "
            "FROM visit v WHERE v.customer_id = ? ORDER BY v.visited_at, v.id",
            (customer_id,),
        ),
        "ledger": _rows(
            store,
            "SELECT kind, points_minor, created_at, expires_at, visit_id FROM ledger_entry "
            "WHERE customer_id = ? ORDER BY created_at, id",
            (customer_id,),
        ),
        "vouchers": _rows(
            store,
            "SELECT code, kind, value, item_name, issued_at, expires_at, redeemed_at, "
            "cancelled_at FROM voucher WHERE customer_id = ? ORDER BY issued_at, id",
            (customer_id,),
        ),
        "segments": segments.read_one(store.database, customer_id),
    }


def anonymise(store: store_module.Store, customer_id: int, at: int) -> dict[str, int]:
    """Clear the guest's personal data and history, keeping anonymous visit and ledger totals.

    The guest row stays (visits and ledger entries point at it) with every identifying column
    emptied; family members, consents and scans of the guest's cards are deleted, the cards are
    detached and blocked, open vouchers cancelled. The segment rows and history go with the
    ``customer_anonymised_segments`` trigger. Returns counts of what was removed.
    """
    run = store.execute
    cards = [
        str(row[0]) for row in run("SELECT number FROM card WHERE customer_id = ?", (customer_id,))
    ]
    counts: dict[str, int] = {}
    ref = run("SELECT external_ref FROM customer WHERE id = ?", (customer_id,)).fetchone()
    cleared = ", ".join(
        f"{column} = ''" if column == "first_name" else f"{column} = NULL"
        for column in PERSONAL_COLUMNS
    )
    run(f"UPDATE customer SET {cleared}, anonymised_at = ? WHERE id = ?", (at, customer_id))
    counts["family"] = run(
        "DELETE FROM family_member WHERE customer_id = ?", (customer_id,)
    ).rowcount
    counts["consents"] = run("DELETE FROM consent WHERE customer_id = ?", (customer_id,)).rowcount
    counts["scans"] = sum(
        run("DELETE FROM scan_log WHERE code = ?", (number,)).rowcount for number in cards
    )
    counts["cards"] = run(
        "UPDATE card SET customer_id = NULL, status = 'blocked' WHERE customer_id = ?",
        (customer_id,),
    ).rowcount
    counts["vouchers_cancelled"] = run(
        "UPDATE voucher SET cancelled_at = ? WHERE customer_id = ? "
        "AND redeemed_at IS NULL AND cancelled_at IS NULL",
        (at, customer_id),
    ).rowcount
    # Queued and sent messages hold the guest's name in their text.
    if _has_table(store, "outbox"):
        counts["messages"] = run(
            "DELETE FROM outbox WHERE customer_id = ?", (customer_id,)
        ).rowcount
    # Staged import rows name the guest by the POS reference and card.
    if _has_table(store, "import_row"):
        keys = [k for k in (ref[0] if ref else None, *cards) if k]
        counts["import_rows"] = sum(
            run("DELETE FROM import_row WHERE ref = ? OR card = ?", (k, k)).rowcount for k in keys
        ) + import_staging.forget_in_staging(store, keys)
    return counts


def _has_table(store: store_module.Store, name: str) -> bool:
    return bool(
        store.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    )


def wipe_old_pages(store: store_module.Store) -> bool:
    """Fold the WAL into the database file and empty it, so that no old copy of a changed page
    (holding erased data) stays in the WAL; True when it could be emptied completely.

    Deleted content inside the database file itself is already zeroed (``secure_delete``).
    """
    busy, _log, _done = database.checkpoint(store, "TRUNCATE")
    return not busy
