"""The audit log: who did which sensitive thing when. Details hold ids and counts only, never
names, phones, e-mails or card numbers."""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: int
    user_id: int | None
    action: str
    detail: str | None


def record(
    store: store_module.Store, at: int, user_id: int | None, action: str, detail: str | None = None
) -> None:
    store.execute(
        "INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
        (at, user_id, action, detail),
    )


def latest(store: store_module.Store, limit: int = 100) -> list[Entry]:
    """The newest entries first."""
    rows = store.execute(
        "SELECT id, at, user_id, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [Entry(int(r[0]), int(r[1]), r[2], str(r[3]), r[4]) for r in rows]
