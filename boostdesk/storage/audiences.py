"""Who guests are beyond their visits, as columns aligned with given customer ids: district,
city and the consent in force per channel (custom segments and the promotion planner read them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database
from boostdesk.storage import store as store_module

CHANNELS = ("sms", "email", "call")


def attributes(db: store_module.Handle, ids: IntArray) -> dict[str, npt.NDArray[Any]]:
    """``district``, ``city`` (text, "" when unknown) and ``consent_<channel>`` (1 when the latest
    consent row of that channel grants it, else 0) for each of ``ids``."""
    conn = database.raw_connection(db)
    out: dict[str, npt.NDArray[Any]] = {}
    rows = conn.execute(
        "SELECT id, COALESCE(district, ''), COALESCE(city, '') FROM customer "
        "WHERE anonymised_at IS NULL ORDER BY id"
    ).fetchall()
    found = np.array([r[0] for r in rows], dtype=np.int64)
    idx, ok = columns.placer(found, ids)
    for position, name in ((1, "district"), (2, "city")):
        texts = np.array([r[position] for r in rows] or [""], dtype=object)
        out[name] = np.where(ok, texts[np.where(ok, idx, 0)], "").astype(str)
    out.update(consents(db, ids))
    return out


def consents(db: store_module.Handle, ids: IntArray) -> dict[str, npt.NDArray[np.float64]]:
    """``consent_<channel>`` of :func:`attributes` alone (the promotion planner needs no district
    or city: reading them makes a Python row per guest)."""
    conn = database.raw_connection(db)
    out: dict[str, npt.NDArray[np.float64]] = {}
    # SQLite-only: window functions need SQLite 3.25.
    latest = columns.fetch_ints(
        conn,
        ("customer_id", "CASE channel WHEN 'sms' THEN 0 WHEN 'email' THEN 1 ELSE 2 END", "granted"),
        "FROM (SELECT customer_id, channel, granted, ROW_NUMBER() OVER (PARTITION BY customer_id, "
        "channel ORDER BY recorded_at DESC, id DESC) AS n FROM consent "
        "WHERE channel IN ('sms', 'email', 'call')) WHERE n = 1",
    )
    for code, channel in enumerate(CHANNELS):
        rows_of = latest[(latest[:, 1] == code) & (latest[:, 2] != 0)] if len(latest) else latest
        granted = np.isin(ids, rows_of[:, 0]) if len(rows_of) else np.zeros(len(ids), bool)
        out[f"consent_{channel}"] = granted.astype(np.float64)
    return out


def has_attribute_columns(names: set[str]) -> bool:
    """Whether any of the metric ``names`` is read by :func:`attributes`."""
    return bool(names & {"district", "city", *(f"consent_{c}" for c in CHANNELS)})
