"""Queries of the personal-data register (KVKK): data-subject requests with their due dates, the
destruction log of the retention job, and the guests the retention rule reaches.

Dates without a time (received, due, closed) are ISO ``YYYY-MM-DD`` text in the venue's local
calendar; the destruction log's ``at`` is UTC seconds and names guests by id only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from boostdesk.storage import store as store_module

REQUEST_KINDS = ("access", "erasure", "correction")


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    kind: str
    received_on: dt.date
    due_on: dt.date
    status: str  # "open" or "closed"
    closed_on: dt.date | None
    note: str


@dataclass(frozen=True, slots=True)
class Destruction:
    id: int
    at: int
    rule: str
    guests: int
    customer_ids: tuple[int, ...]


def add_request(
    store: store_module.Store, kind: str, received_on: dt.date, due_on: dt.date, note: str
) -> int:
    cursor = store.execute(
        "INSERT INTO privacy_request (kind, received_on, due_on, note) VALUES (?, ?, ?, ?)",
        (kind, received_on.isoformat(), due_on.isoformat(), note),
    )
    return int(cursor.lastrowid or 0)


def close_request(
    store: store_module.Store, request_id: int, closed_on: dt.date, note: str
) -> bool:
    """Close an open request (a closing note is added to its note); False when there is no open
    request with this id."""
    cursor = store.execute(
        "UPDATE privacy_request SET status = 'closed', closed_on = ?, "
        "note = CASE WHEN ? = '' THEN note WHEN note = '' THEN ? ELSE note || char(10) || ? END "
        "WHERE id = ? AND status = 'open'",
        (closed_on.isoformat(), note, note, note, request_id),
    )
    return cursor.rowcount == 1


def requests(store: store_module.Store, *, open_only: bool = False) -> list[Request]:
    """Requests, open ones first by due date, then closed ones newest first."""
    where = "WHERE status = 'open'" if open_only else ""
    rows = store.execute(
        "SELECT id, kind, received_on, due_on, status, closed_on, note FROM privacy_request "
        f"{where} ORDER BY status = 'closed', "
        "CASE status WHEN 'open' THEN due_on END, closed_on DESC, id DESC"
    ).fetchall()
    return [
        Request(
            id=int(r[0]),
            kind=str(r[1]),
            received_on=dt.date.fromisoformat(r[2]),
            due_on=dt.date.fromisoformat(r[3]),
            status=str(r[4]),
            closed_on=dt.date.fromisoformat(r[5]) if r[5] else None,
            note=str(r[6]),
        )
        for r in rows
    ]


def log_destruction(store: store_module.Store, at: int, rule: str, customer_ids: list[int]) -> int:
    cursor = store.execute(
        "INSERT INTO destruction_log (at, rule, guests, customer_ids) VALUES (?, ?, ?, ?)",
        (at, rule, len(customer_ids), json.dumps(customer_ids)),
    )
    return int(cursor.lastrowid or 0)


def destructions(store: store_module.Store, *, limit: int = 200) -> list[Destruction]:
    """The destruction log, newest first."""
    rows = store.execute(
        "SELECT id, at, rule, guests, customer_ids FROM destruction_log ORDER BY at DESC, id DESC "
        "LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        Destruction(int(r[0]), int(r[1]), str(r[2]), int(r[3]), tuple(json.loads(r[4])))
        for r in rows
    ]


def inactive_guests(store: store_module.Store, before_at: int, *, limit: int) -> list[int]:
    """Guests not yet anonymised whose last standing visit (or, never seen, their enrolment) is
    before ``before_at`` (UTC seconds), lowest ids first."""
    rows = store.execute(
        "SELECT c.id FROM customer c LEFT JOIN customer_metrics m ON m.customer_id = c.id "
        "WHERE c.anonymised_at IS NULL AND COALESCE(m.last_at, c.created_at) < ? "
        "ORDER BY c.id LIMIT ?",
        (before_at, limit),
    ).fetchall()
    return [int(r[0]) for r in rows]
