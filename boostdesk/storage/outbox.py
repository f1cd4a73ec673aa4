"""The outbox: messages waiting to go out by e-mail or to be exported for the SMS gateway.

States: ``queued`` (waiting; ``next_attempt_at`` says from when) → ``sending`` (committed before
the server is handed the end of the message) → ``sent``. A failure known to come before the
server took the message puts it back to ``queued`` for a later attempt; a message whose fate is
unknown (the connection was lost after the end of the message, or the program stopped while it
was ``sending``) becomes ``uncertain`` and is never sent again by itself, so nothing is doubled.
``failed`` (refused for good or too many attempts), ``cancelled`` (consent withdrawn, guest
erased), ``exported`` (handed to the SMS gateway as a CSV).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class NewMessage:
    customer_id: int
    member_id: int | None
    channel: str
    language: str
    subject: str
    body: str
    message_id: str
    created_at: int


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    customer_id: int
    channel: str
    language: str
    subject: str
    body: str
    message_id: str
    state: str
    attempts: int
    next_attempt_at: int
    last_error: str | None
    created_at: int
    done_at: int | None
    address: str | None  # the guest's current e-mail or phone


_SELECT = (
    "SELECT o.id, o.customer_id, o.channel, o.language, o.subject, o.body, o.message_id, o.state, "
    "o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.done_at, "
    "CASE o.channel WHEN 'email' THEN c.email ELSE c.phone END "
    "FROM outbox o JOIN customer c ON c.id = o.customer_id"
)


def _message(row: Sequence[object]) -> Message:
    return Message(
        int(row[0]),  # type: ignore[call-overload]
        int(row[1]),  # type: ignore[call-overload]
        str(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7]),
        int(row[8]),  # type: ignore[call-overload]
        int(row[9]),  # type: ignore[call-overload]
        None if row[10] is None else str(row[10]),
        int(row[11]),  # type: ignore[call-overload]
        None if row[12] is None else int(row[12]),  # type: ignore[call-overload]
        None if row[13] is None else str(row[13]),
    )


def enqueue(store: store_module.Store, message: NewMessage) -> int:
    cursor = store.execute(
        "INSERT INTO outbox (customer_id, member_id, channel, language, subject, body, "
        "message_id, state, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
        (
            message.customer_id,
            message.member_id,
            message.channel,
            message.language,
            message.subject,
            message.body,
            message.message_id,
            message.created_at,
            message.created_at,
        ),
    )
    return int(cursor.lastrowid or 0)


def due(store: store_module.Store, channel: str, now: int, limit: int = 200) -> list[Message]:
    """Queued messages of ``channel`` whose next attempt is due, oldest first."""
    rows = store.execute(
        f"{_SELECT} WHERE o.state = 'queued' AND o.channel = ? AND o.next_attempt_at <= ? "
        "ORDER BY o.next_attempt_at, o.id LIMIT ?",
        (channel, now, limit),
    ).fetchall()
    return [_message(r) for r in rows]


def listed(store: store_module.Store, limit: int = 500) -> list[Message]:
    rows = store.execute(f"{_SELECT} ORDER BY o.id DESC LIMIT ?", (limit,)).fetchall()
    return [_message(r) for r in rows]


def counts(store: store_module.Store, channel: str | None = None) -> dict[str, int]:
    """Messages per state (of one channel, or all)."""
    where, params = ("WHERE channel = ?", (channel,)) if channel else ("", ())
    rows = store.execute(
        f"SELECT state, COUNT(*) FROM outbox {where} GROUP BY state", params
    ).fetchall()
    return {str(s): int(n) for s, n in rows}


def set_state(
    store: store_module.Store,
    message_id: int,
    state: str,
    *,
    expected: str,
    at: int | None = None,
    error: str | None = None,
    next_attempt_at: int | None = None,
    attempted: bool = False,
) -> bool:
    """Move the message from ``expected`` to ``state``; False when it was not in ``expected``
    (another sender took it, or it was cancelled meanwhile)."""
    cursor = store.execute(
        "UPDATE outbox SET state = ?, done_at = COALESCE(?, done_at), "
        "last_error = COALESCE(?, last_error), "
        "next_attempt_at = COALESCE(?, next_attempt_at), attempts = attempts + ? "
        "WHERE id = ? AND state = ?",
        (state, at, error, next_attempt_at, int(attempted), message_id, expected),
    )
    return cursor.rowcount == 1


def stale_sending_to_uncertain(store: store_module.Store) -> int:
    """Messages left ``sending`` by a sender that stopped: their fate is unknown."""
    cursor = store.execute(
        "UPDATE outbox SET state = 'uncertain', last_error = 'interrupted' WHERE state = 'sending'"
    )
    return int(cursor.rowcount)


def cancel_without_consent(store: store_module.Store) -> int:
    """Cancel queued messages whose guest no longer consents to their channel (the latest
    consent record of the channel is a refusal, or there is none)."""
    cursor = store.execute(
        "UPDATE outbox SET state = 'cancelled', last_error = 'consent' WHERE state = 'queued' "
        "AND COALESCE((SELECT k.granted FROM consent k WHERE k.customer_id = outbox.customer_id "
        "AND k.channel = outbox.channel ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1), 0) = 0"
    )
    return int(cursor.rowcount)


def requeue(store: store_module.Store, message_id: int) -> bool:
    """The owner sends an ``uncertain`` or ``failed`` message again (after checking)."""
    cursor = store.execute(
        "UPDATE outbox SET state = 'queued', next_attempt_at = 0 "
        "WHERE id = ? AND state IN ('uncertain', 'failed')",
        (message_id,),
    )
    return cursor.rowcount == 1
