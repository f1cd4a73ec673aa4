"""The scan log: every card or voucher read with its outcome."""

from __future__ import annotations

from typing import NamedTuple

from boostdesk.storage import store as store_module


class ScanRow(NamedTuple):
    id: int
    at: int  # unix seconds, UTC
    raw: str  # already rendered safely when logged
    code: str | None
    outcome: str
    detail: str | None


def insert(
    store: store_module.Store, at: int, raw: str, code: str | None, outcome: str, detail: str | None
) -> None:
    store.execute(
        "INSERT INTO scan_log (at, raw, code, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        (at, raw, code, outcome, detail),
    )


def latest(store: store_module.Store, limit: int) -> list[ScanRow]:
    """The ``limit`` latest scans, newest first."""
    rows = store.execute(
        "SELECT id, at, raw, code, outcome, detail FROM scan_log ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [ScanRow(int(r[0]), int(r[1]), str(r[2]), r[3], str(r[4]), r[5]) for r in rows]
