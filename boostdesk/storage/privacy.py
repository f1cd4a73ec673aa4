"""Queries for a guest's personal-data rights (KVKK): everything held about one guest, and
anonymising a guest so that only anonymous aggregates (visits, amounts, ledger sums) remain."""

from __future__ import annotations

import sqlite3
from typing import Any

import peewee

from boostdesk.storage import database, segments

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


def _conn(db: peewee.Database) -> sqlite3.Connection:
    return database.raw_connection(db)


def _rows(db: peewee.Database, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = _conn(db).execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def customer_for_card(db: peewee.Database, number: str) -> int | None:
    """The guest holding card ``number`` (whatever the card's state), or None."""
    row = _conn(db).execute("SELECT customer_id FROM card WHERE number = ?", (number,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def is_anonymised(db: peewee.Database, customer_id: int) -> bool:
    row = (
        _conn(db)
        .execute("SELECT anonymised_at IS NOT NULL FROM customer WHERE id = ?", (customer_id,))
        .fetchone()
    )
    return bool(row and row[0])


def person_record(db: peewee.Database, customer_id: int) -> dict[str, Any]:
    """Everything stored about one guest, as plain JSON-ready values (times in epoch seconds)."""
    guest = _rows(db, "SELECT * FROM customer WHERE id = ?", (customer_id,))
    return {
        "guest": guest[0] if guest else None,
        "family": _rows(
            db,
            "SELECT relation, first_name, birth_date FROM family_member WHERE customer_id = ?",
            (customer_id,),
        ),
        "cards": _rows(
            db,
            "SELECT number, status, issued_at FROM card WHERE customer_id = ? ORDER BY id",
            (customer_id,),
        ),
        "consents": _rows(
            db,
            "SELECT channel, granted, recorded_at, source, text_version FROM consent "
            "WHERE customer_id = ? ORDER BY recorded_at, id",
            (customer_id,),
        ),
        "visits": _rows(
            db,
            "SELECT v.id, v.visited_at, v.amount_minor, v.receipt_no, v.voided_at, v.void_reason, "
            "(SELECT group_concat(c.code || ':' || l.amount_minor, ' ') FROM visit_line l "
            " JOIN category c ON c.id = l.category_id WHERE l.visit_id = v.id) AS lines "
            "FROM visit v WHERE v.customer_id = ? ORDER BY v.visited_at, v.id",
            (customer_id,),
        ),
        "ledger": _rows(
            db,
            "SELECT kind, points_minor, created_at, expires_at, visit_id FROM ledger_entry "
            "WHERE customer_id = ? ORDER BY created_at, id",
            (customer_id,),
        ),
        "vouchers": _rows(
            db,
            "SELECT code, kind, value, item_name, issued_at, expires_at, redeemed_at, "
            "cancelled_at FROM voucher WHERE customer_id = ? ORDER BY issued_at, id",
            (customer_id,),
        ),
        "segments": segments.read_one(db, customer_id),
    }


def anonymise(db: peewee.Database, customer_id: int, at: int) -> dict[str, int]:
    """Clear the guest's personal data and history, keeping anonymous visit and ledger totals.

    The guest row stays (visits and ledger entries point at it) with every identifying column
    emptied; family members, consents and scans of the guest's cards are deleted, the cards are
    detached and blocked, open vouchers cancelled. The segment rows and history go with the
    ``customer_anonymised_segments`` trigger. Returns counts of what was removed.
    """
    conn = _conn(db)
    cards = [
        str(row[0])
        for row in conn.execute("SELECT number FROM card WHERE customer_id = ?", (customer_id,))
    ]
    counts: dict[str, int] = {}
    ref = conn.execute("SELECT external_ref FROM customer WHERE id = ?", (customer_id,)).fetchone()
    cleared = ", ".join(
        f"{column} = ''" if column == "first_name" else f"{column} = NULL"
        for column in PERSONAL_COLUMNS
    )
    conn.execute(
        f"UPDATE customer SET {cleared}, anonymised_at = ? WHERE id = ?", (at, customer_id)
    )
    counts["family"] = conn.execute(
        "DELETE FROM family_member WHERE customer_id = ?", (customer_id,)
    ).rowcount
    counts["consents"] = conn.execute(
        "DELETE FROM consent WHERE customer_id = ?", (customer_id,)
    ).rowcount
    counts["scans"] = sum(
        conn.execute("DELETE FROM scan_log WHERE code = ?", (number,)).rowcount for number in cards
    )
    counts["cards"] = conn.execute(
        "UPDATE card SET customer_id = NULL, status = 'blocked' WHERE customer_id = ?",
        (customer_id,),
    ).rowcount
    counts["vouchers_cancelled"] = conn.execute(
        "UPDATE voucher SET cancelled_at = ? WHERE customer_id = ? "
        "AND redeemed_at IS NULL AND cancelled_at IS NULL",
        (at, customer_id),
    ).rowcount
    # Staged import rows name the guest by the POS reference and card.
    if _has_table(conn, "import_row"):
        keys = [k for k in (ref[0] if ref else None, *cards) if k]
        counts["import_rows"] = sum(
            conn.execute("DELETE FROM import_row WHERE ref = ? OR card = ?", (k, k)).rowcount
            for k in keys
        )
    return counts


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    )


def wipe_old_pages(db: peewee.Database) -> bool:
    """Fold the WAL into the database file and empty it, so that no old copy of a changed page
    (holding erased data) stays in the WAL; True when it could be emptied completely.

    Deleted content inside the database file itself is already zeroed (``secure_delete``).
    """
    # SQLite-only: wal_checkpoint(TRUNCATE) returns (busy, wal frames, checkpointed frames).
    busy, _log, _done = _conn(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def record_audit(
    db: peewee.Database, at: int, user_id: int | None, action: str, detail: str | None = None
) -> None:
    """One audit-log line (ids and counts only, never personal data)."""
    _conn(db).execute(
        "INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
        (at, user_id, action, detail),
    )
