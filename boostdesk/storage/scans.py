"""Queries on the scan log."""

from __future__ import annotations

from typing import NamedTuple

import peewee


class ScanRow(NamedTuple):
    id: int
    at: int  # unix seconds, UTC
    raw: str  # already rendered safely when logged
    code: str | None
    outcome: str
    detail: str | None


def latest(db: peewee.Database, limit: int) -> list[ScanRow]:
    """The ``limit`` latest scans, newest first."""
    rows = db.execute_sql(
        "SELECT id, at, raw, code, outcome, detail FROM scan_log ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [ScanRow(int(r[0]), int(r[1]), str(r[2]), r[3], str(r[4]), r[5]) for r in rows]
