"""Staged imports: rows are staged under one import id, then published in short chunks.

An import is all or nothing as a whole by rolling *forward*: its rows are first staged in
``import_row`` (invisible to the rest of the app; an import stopped while staging is as if it never
ran, and its rows are removed). Marking the batch ``publishing`` is the commit point: from then on
the import is finished even across a crash — :func:`publish_chunk` moves staged rows into the
live tables a chunk at a time (each chunk one short write transaction, so the tills never wait
long) and records how far it got, and :func:`unfinished` finds a batch to finish on the next run.
Publishing is idempotent (every visit carries an idempotency key), so a chunk repeated after a
crash stores nothing twice.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

import peewee

from boostdesk.storage import bulk, database

STALE_STAGING_S = 6 * 3600  # a batch still staging after this long was stopped midway


def _conn(db: peewee.Database) -> sqlite3.Connection:
    return database.raw_connection(db)


def categories(db: peewee.Database) -> dict[str, int]:
    """Basket category ids by lower-case code and by lower-case name."""
    found: dict[str, int] = {}
    for cid, code, name in _conn(db).execute("SELECT id, code, name FROM category"):
        found[str(code).lower()] = int(cid)
        found.setdefault(str(name).lower(), int(cid))
    return found


def category_codes(db: peewee.Database) -> list[str]:
    return sorted(str(r[0]) for r in _conn(db).execute("SELECT code FROM category"))


def begin(db: peewee.Database, kind: str) -> int:
    """A new batch in state ``staging``; removes batches left staging long ago. Returns its id."""
    conn = _conn(db)
    with db.atomic():
        stale = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM import_batch WHERE state = 'staging' AND started_at < ?",
                (int(time.time()) - STALE_STAGING_S,),
            )
        ]
        cursor = conn.execute(
            "INSERT INTO import_batch (kind, started_at, rows, state) VALUES (?, ?, 0, 'staging')",
            (kind, int(time.time())),
        )
        batch = int(cursor.lastrowid or 0)
    for old in stale:
        while drop_rows(db, old, 5_000):
            pass
    return batch


def stage(db: peewee.Database, batch: int, first_seq: int, rows: dict[str, Sequence[Any]]) -> int:
    """Stage rows (columns ``ref, card, visited_at, amount_minor, category_id, idempotency_key,
    local_day, day_part`` of equal length) with sequence numbers from ``first_seq``, in one short
    transaction."""
    count = len(rows["ref"])
    columns = {
        "import_id": [batch] * count,
        "seq": range(first_seq, first_seq + count),
        **rows,
    }
    with db.atomic():
        bulk.insert_columns(_conn(db), "import_row", columns)
        _conn(db).execute("UPDATE import_batch SET rows = rows + ? WHERE id = ?", (count, batch))
    return count


def commit(db: peewee.Database, batch: int) -> None:
    """The commit point: every row is staged; the batch will be published whatever happens."""
    with db.atomic():
        _conn(db).execute(
            "UPDATE import_batch SET state = 'publishing' WHERE id = ? AND state = 'staging'",
            (batch,),
        )


def drop_rows(db: peewee.Database, batch: int, limit: int) -> int:
    """Delete up to ``limit`` staged rows of a batch (one short transaction); return how many.
    When none are left, a batch that never reached its commit point is removed too."""
    conn = _conn(db)
    with db.atomic():
        gone = conn.execute(
            "DELETE FROM import_row WHERE import_id = ? AND seq IN (SELECT seq FROM import_row "
            "WHERE import_id = ? LIMIT ?)",
            (batch, batch, limit),
        ).rowcount
        if gone == 0:
            conn.execute("DELETE FROM import_batch WHERE id = ? AND state = 'staging'", (batch,))
    return int(gone)


def unfinished(db: peewee.Database) -> list[int]:
    """Batches past their commit point whose publishing did not finish (a crash)."""
    rows = (
        _conn(db)
        .execute("SELECT id FROM import_batch WHERE state = 'publishing' ORDER BY id")
        .fetchall()
    )
    return [int(r[0]) for r in rows]


def progress(db: peewee.Database, batch: int) -> tuple[int, int]:
    """(rows published, rows staged) of a batch."""
    row = (
        _conn(db)
        .execute("SELECT published, rows FROM import_batch WHERE id = ?", (batch,))
        .fetchone()
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


def background(db: peewee.Database) -> contextlib.AbstractContextManager[None]:
    """Publish chunks as background work (no fsync each, patient for the lock): a chunk lost to
    a power cut took its ``published`` mark with it, so the import's next run publishes it
    again."""
    return database.background_writer(db)


def publish_chunk(
    db: peewee.Database, batch: int, first: int, last: int
) -> tuple[int, int, list[int]]:
    """Publish staged rows ``first..last`` (by seq), in one short transaction: enrol their new
    guests, give new cards to them, store the visits with their basket lines. Returns (visits
    stored, guests enrolled, the visits' guests). Rows already stored (same idempotency key) are
    skipped.

    A row's guest is the owner of its card when the card is known, else the guest whose
    ``external_ref`` is the row's reference, enrolled (named by the reference) when missing. Rows
    are staged sorted by reference, so a guest's first chunk holds their earliest visit.
    """
    conn = _conn(db)
    span = (batch, first, last)
    with db.atomic():
        enrolled = conn.execute(
            "INSERT INTO customer (first_name, external_ref, registration_source, created_at) "
            "SELECT r.ref, r.ref, 'import', MIN(r.visited_at) FROM import_row r "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.external_ref = r.ref) "
            "AND NOT EXISTS (SELECT 1 FROM card k WHERE k.number = r.card "
            "                AND k.customer_id IS NOT NULL) "
            "GROUP BY r.ref",
            span,
        ).rowcount
        # SQLite-only: INSERT OR IGNORE (a card named by two references goes to the first).
        conn.execute(
            "INSERT OR IGNORE INTO card (number, customer_id, issued_at) "
            "SELECT r.card, c.id, c.created_at FROM import_row r "
            "JOIN customer c ON c.external_ref = r.ref "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? AND r.card IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM card k WHERE k.number = r.card) "
            "GROUP BY r.card",
            span,
        )
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()[0]
        # SQLite-only: INSERT OR IGNORE skips visits stored before (idempotency key).
        stored = conn.execute(
            "INSERT OR IGNORE INTO visit (customer_id, card_id, visited_at, amount_minor, "
            "idempotency_key, local_day, day_part) "
            "SELECT COALESCE(k.customer_id, c.id), k.id, r.visited_at, r.amount_minor, "
            "r.idempotency_key, r.local_day, r.day_part FROM import_row r "
            "LEFT JOIN card k ON k.number = r.card "
            "LEFT JOIN customer c ON c.external_ref = r.ref "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? ORDER BY r.seq",
            (batch, first, last),
        ).rowcount
        conn.execute(
            "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
            "SELECT v.id, r.category_id, r.amount_minor FROM import_row r "
            "JOIN visit v ON v.idempotency_key = r.idempotency_key "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? AND r.category_id IS NOT NULL "
            "AND v.id > ?",
            (batch, first, last, before),
        )
        # no DISTINCT: SQLite would answer it by scanning a per-guest index of every visit
        found = conn.execute("SELECT customer_id FROM visit WHERE id > ?", (before,))
        guests = sorted({int(r[0]) for r in found})
        conn.execute("UPDATE import_batch SET published = ? WHERE id = ?", (last + 1, batch))
    return int(stored), int(enrolled), guests


def finish(db: peewee.Database, batch: int, detail: str) -> None:
    """Mark the batch done and log it (ids and counts only); then drop its rows (drop_rows)."""
    with db.atomic():
        _conn(db).execute(
            "UPDATE import_batch SET state = 'done', finished_at = ? WHERE id = ?",
            (int(time.time()), batch),
        )
        _conn(db).execute(
            "INSERT INTO audit_log (at, action, detail) VALUES (?, 'import.visits', ?)",
            (int(time.time()), detail),
        )
