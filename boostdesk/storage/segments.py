"""Stored segments: every guest's current segment per family, their transitions and the runs.

``segment_current`` holds one small-integer code per partitioning family (a column each, named
after the family); ``segment_code`` turns a family's code back into its segment key. A full
recompute therefore reads every guest's stored segments as one integer matrix, with no text to
parse per guest. ``segment_readable`` shows the same rows with the keys, for people and reports.
``segment_transition`` keeps every change (family, from, to, when) as text, except a full
recompute's first segments of a guest (one transition from no segment per family): those are one
``segment_entry`` row of codes and the time. ``segment_history`` shows both as transitions (the
entries' rows first, see migrations): the readers of the history read that view (an aggregate
that is cheaper on each table alone reads both tables).

Integer columns travel through :mod:`boostdesk.storage.columns` (SQLite-specific SQL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Final

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database, migrations
from boostdesk.storage import store as store_module

FAMILIES: Final = migrations.SEGMENT_FAMILIES_V4
"""The families stored in ``segment_current``, one column each (the domain's partitioning)."""

NONE: Final = -1
"""The code of "no segment stored" in the matrices this module returns."""

_PACKED_NONE: Final = 255

Transition = tuple[int, str, str | None, str, int]
"""(customer id, family, from segment or None, to segment, at)."""


def _conn(db: store_module.Handle) -> sqlite3.Connection:
    return database.raw_connection(db)


# -------------------------------------------------------------------------------------------------
# Codes


def code_table(db: store_module.Handle) -> dict[str, list[str]]:
    """Family -> segment keys indexed by their code (unused codes read as "")."""
    table: dict[str, list[str]] = {family: [] for family in FAMILIES}
    for family, code, segment in _conn(db).execute(
        "SELECT family, code, segment FROM segment_code ORDER BY family, code"
    ):
        keys = table.setdefault(str(family), [])
        keys.extend([""] * (int(code) + 1 - len(keys)))
        keys[int(code)] = str(segment)
    return table


def ensure_codes(db: store_module.Handle, wanted: dict[str, Sequence[str]]) -> dict[str, list[str]]:
    """Give every (family, segment key) in ``wanted`` a code; return the whole code table.

    Call inside a write transaction: new codes are the family's highest code plus one.
    """
    table = code_table(db)
    conn = _conn(db)
    for family, keys in wanted.items():
        known = set(table.get(family, ()))
        for key in sorted(set(keys) - known - {""}):
            conn.execute(
                "INSERT INTO segment_code (family, code, segment) VALUES (?, COALESCE(("
                "SELECT MAX(code) + 1 FROM segment_code WHERE family = ?), 0), ?)",
                (family, family, key),
            )
    return code_table(db)


# -------------------------------------------------------------------------------------------------
# Reading


def read_current(db: store_module.Handle) -> tuple[IntArray, IntArray]:
    """Sorted customer ids and their stored codes, a (guests, FAMILIES) matrix (NONE = none)."""
    return _read(db, "", ())


def _read(db: store_module.Handle, where: str, params: Sequence[int]) -> tuple[IntArray, IntArray]:
    conn = _conn(db)
    top = conn.execute("SELECT MAX(code) FROM segment_code").fetchone()[0]
    if top is not None and top >= _PACKED_NONE:  # never seen: hundreds of keys in one family
        exprs = ("customer_id", *(f"COALESCE({f}, {NONE})" for f in FAMILIES))
        table = columns.fetch_ints(conn, exprs, f"FROM segment_current {where}", params)
        table = columns.sorted_by_first(table)
        return table[:, 0], table[:, 1:]
    # Codes travel a byte each, seven to an integer: fewer values to format and parse.
    groups = [FAMILIES[i : i + 7] for i in range(0, len(FAMILIES), 7)]
    exprs = (
        "customer_id",
        *(
            " | ".join(f"(COALESCE({f}, {_PACKED_NONE}) << {8 * k})" for k, f in enumerate(g))
            for g in groups
        ),
    )
    table = columns.sorted_by_first(
        columns.fetch_ints(conn, exprs, f"FROM segment_current {where}", params)
    )
    codes = np.empty((len(table), len(FAMILIES)), dtype=np.int64)
    j = 0
    for n, group in enumerate(groups):
        for k in range(len(group)):
            codes[:, j] = (table[:, n + 1] >> (8 * k)) & 0xFF
            j += 1
    codes[codes == _PACKED_NONE] = NONE
    return table[:, 0], codes


def _id_list(ids: IntArray) -> tuple[str, list[int]]:
    values = [int(i) for i in ids.tolist()]
    return ",".join("?" * len(values)), values


def read_ids(db: store_module.Handle, ids: IntArray) -> tuple[IntArray, IntArray]:
    """:func:`read_current` for the guests ``ids`` (a few thousand at most)."""
    marks, values = _id_list(ids)
    return _read(db, f"WHERE customer_id IN ({marks})", values)


def all_fingerprints(db: store_module.Handle) -> IntArray:
    """(customer id, visits, spend, last visit or -1, 0) of every guest, by id.

    A full recompute keeps what it read; :func:`store_changes` compares it with the guests as
    they are when it stores them, to leave alone those whose visits changed (or who were
    anonymised) while it was computing: their own re-evaluation is newer."""
    return columns.sorted_by_first(
        columns.fetch_ints(
            _conn(db),
            ("customer_id", "visits", "amount_minor", "COALESCE(last_at, -1)", "0"),
            "FROM customer_metrics",
        )
    )


def custom_rules(db: store_module.Handle) -> list[tuple[str, str]]:
    """(name, rule JSON) of the owner's custom segments."""
    rows = _conn(db).execute("SELECT name, rule FROM custom_segment ORDER BY id").fetchall()
    return [(str(name), str(rule)) for name, rule in rows]


def read_one(db: store_module.Handle, customer_id: int) -> dict[str, str]:
    """One guest's stored segments, family -> key (empty when none are stored)."""
    row = (
        _conn(db)
        .execute(
            f"SELECT {', '.join(FAMILIES)} FROM segment_readable WHERE customer_id = ?",
            (customer_id,),
        )
        .fetchone()
    )
    if row is None:
        return {}
    return {f: str(v) for f, v in zip(FAMILIES, row, strict=True) if v is not None}


def current_segment(db: store_module.Handle, customer_id: int, family: str) -> str | None:
    """One guest's stored segment in ``family`` (None when none is stored)."""
    if family not in FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    row = (
        _conn(db)
        .execute(
            f"SELECT k.segment FROM segment_current s JOIN segment_code k "
            f"ON k.family = ? AND k.code = s.{family} WHERE s.customer_id = ?",
            (family, customer_id),
        )
        .fetchone()
    )
    return str(row[0]) if row else None


# -------------------------------------------------------------------------------------------------
# Writing


def store(
    db: store_module.Handle,
    ids: IntArray,
    codes: IntArray,
    transitions: Sequence[Transition],
    since_at: int,
) -> None:
    """Upsert the codes of ``ids`` (rows of ``codes``, NONE stored as NULL) and add transitions.

    Runs in the caller's transaction (a full recompute's chunk or a visit's transaction).
    """
    conn = _conn(db)
    names = ", ".join(FAMILIES)
    marks = ", ".join("?" * (len(FAMILIES) + 2))
    updates = ", ".join(f"{f} = excluded.{f}" for f in FAMILIES)
    rows = (
        (int(cid), *(None if c == NONE else c for c in row), since_at)
        for cid, row in zip(ids.tolist(), codes.tolist(), strict=True)
    )
    conn.executemany(
        f"INSERT INTO segment_current (customer_id, {names}, since_at) VALUES ({marks}) "
        f"ON CONFLICT (customer_id) DO UPDATE SET {updates}, since_at = excluded.since_at",
        rows,
    )
    conn.executemany(
        "INSERT INTO segment_transition (customer_id, family, from_segment, to_segment, at) "
        "VALUES (?, ?, ?, ?, ?)",
        transitions,
    )


def store_changes(
    db: store_module.Handle,
    ids: IntArray,
    codes: IntArray,
    seen: IntArray,
    since_at: int,
    at: int,
) -> tuple[int, int]:
    """Store the codes of ``ids`` (ascending; rows of ``codes``, NONE stored as NULL) and add a
    transition (guest, family, stored segment or None, new segment, ``at``) for every family
    whose code differs from the stored one, by guest then family; return (guests whose codes
    were stored, transitions added). The transitions of a guest with no stored segments yet (one
    per family with a segment) are one ``segment_entry`` row (codes, ``at``) instead.

    ``seen`` are the guests' :func:`fingerprints` as their codes were computed from (rows aligned
    with ``ids``): a guest whose fingerprint differs now (a visit, a void or an anonymisation
    since) is left as it is, as is one whose codes all equal the stored ones (``since_at`` too).
    Runs in the caller's transaction (a full recompute's chunk). Set-based, with no Python
    object per transition: the rows go once into a temporary table as integers, and SQL does
    the rest. A first run stores an entry per guest (50 000 rows for 50 000 guests instead of
    650 000 transitions and their two indexes).
    """
    if len(ids) == 0:
        return 0, 0
    conn = _conn(db)
    _ensure_stage(conn)
    # SQLite-only: temporary tables of this connection (the temp schema).
    try:
        conn.executemany(
            f"INSERT INTO temp.segment_stage VALUES ({', '.join('?' * (len(FAMILIES) + 5))})",
            np.column_stack([ids, codes, seen[:, 1:5]]).astype(np.int64, copy=False).tolist(),
        )
        conn.execute(
            "DELETE FROM temp.segment_stage WHERE NOT EXISTS (SELECT 1 FROM "
            "customer_metrics m JOIN customer c ON c.id = m.customer_id "
            "WHERE m.customer_id = segment_stage.customer_id "
            "AND m.visits = segment_stage.visits "
            "AND m.amount_minor = segment_stage.amount_minor "
            "AND COALESCE(m.last_at, -1) = segment_stage.last_at "
            "AND (c.anonymised_at IS NOT NULL) = segment_stage.anonymised)"
        )
        conn.execute("DELETE FROM temp.segment_stage_key")
        conn.execute(
            "INSERT INTO temp.segment_stage_key (id, segment) "
            f"SELECT (f.j << {_KEY_BITS}) + k.code, k.segment FROM segment_code k "
            "JOIN temp.segment_stage_family f ON f.family = k.family"
        )
        new = [f"NULLIF(s.n{j}, {NONE})" for j in range(len(FAMILIES))]
        has_current = "EXISTS (SELECT 1 FROM segment_current c WHERE c.customer_id = s.customer_id)"
        has_entry = "EXISTS (SELECT 1 FROM segment_entry e WHERE e.customer_id = s.customer_id)"
        was, now = _of_family([f"c.{f}" for f in FAMILIES]), _of_family(new)
        # the loops nest as written (CROSS JOIN, then lookups by rowid): the rows come by guest,
        # then family, as the ORDER BY asks, with no sorting; every code has its key row, so
        # comparing the rows found compares the codes (no row: none). A guest with neither
        # stored segments nor an entry gets an entry below instead; one whose stored segments
        # were removed while its entry stayed gets transitions from none here, as before.
        added = conn.execute(
            "INSERT INTO segment_transition (customer_id, family, from_segment, to_segment, at) "
            "SELECT s.customer_id, f.family, was.segment, now.segment, ? "
            "FROM temp.segment_stage s "
            "LEFT JOIN segment_current c ON c.customer_id = s.customer_id "
            "CROSS JOIN temp.segment_stage_family f "
            f"LEFT JOIN temp.segment_stage_key was ON was.id = (f.j << {_KEY_BITS}) + {was} "
            f"LEFT JOIN temp.segment_stage_key now ON now.id = (f.j << {_KEY_BITS}) + {now} "
            f"WHERE (c.customer_id IS NOT NULL OR {has_entry}) AND was.id IS NOT now.id "
            "ORDER BY s.customer_id, f.j",
            (at,),
        ).rowcount
        # SQLite-only: RETURNING (the transitions each new entry stands for, summed here).
        entered = conn.execute(
            f"INSERT INTO segment_entry (customer_id, at, {', '.join(FAMILIES)}) "
            f"SELECT s.customer_id, ?, {', '.join(new)} FROM temp.segment_stage s "
            f"WHERE NOT {has_current} AND ("
            + " OR ".join(f"s.n{j} != {NONE}" for j in range(len(FAMILIES)))
            + ") ON CONFLICT (customer_id) DO NOTHING RETURNING "
            + " + ".join(f"({f} IS NOT NULL)" for f in FAMILIES),
            (at,),
        ).fetchall()
        differs = " OR ".join(f"segment_current.{f} IS NOT excluded.{f}" for f in FAMILIES)
        # an upsert counts the rows it inserted or updated (not those its WHERE left alone)
        stored = conn.execute(
            f"INSERT INTO segment_current (customer_id, {', '.join(FAMILIES)}, since_at) "
            f"SELECT s.customer_id, {', '.join(new)}, ? FROM temp.segment_stage s WHERE true "
            "ON CONFLICT (customer_id) DO UPDATE SET "
            + ", ".join(f"{f} = excluded.{f}" for f in FAMILIES)
            + f", since_at = excluded.since_at WHERE {differs}",
            (since_at,),
        ).rowcount
    finally:
        conn.execute("DELETE FROM temp.segment_stage")
    return int(stored), sum(int(row[0]) for row in entered) + int(added)


_KEY_BITS: Final = 32
"""temp.segment_stage_key.id: a family's position in FAMILIES << 32 | the segment's code."""


def _of_family(columns: Sequence[str]) -> str:
    """SQL: the one of ``columns`` (one per family) of the family at position ``f.j``."""
    return "CASE f.j " + " ".join(f"WHEN {j} THEN {c}" for j, c in enumerate(columns)) + " END"


def _ensure_stage(conn: sqlite3.Connection) -> None:
    """The temporary tables :func:`store_changes` writes through (made once per connection)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE name = 'segment_stage_family'"
    ).fetchone()
    if found:
        return
    codes = ", ".join(f"n{j} INTEGER NOT NULL" for j in range(len(FAMILIES)))
    conn.execute(
        f"CREATE TEMP TABLE segment_stage (customer_id INTEGER PRIMARY KEY, {codes}, "
        "visits INTEGER, amount_minor INTEGER, last_at INTEGER, anonymised INTEGER)"
    )
    conn.execute("CREATE TEMP TABLE segment_stage_key (id INTEGER PRIMARY KEY, segment TEXT)")
    conn.execute(
        "CREATE TEMP TABLE segment_stage_family (j INTEGER PRIMARY KEY, family TEXT NOT NULL)"
    )
    conn.executemany(
        "INSERT INTO temp.segment_stage_family (j, family) VALUES (?, ?)",
        list(enumerate(FAMILIES)),
    )


def store_one(
    db: store_module.Handle,
    customer_id: int,
    families: dict[str, str],
    transitions: Sequence[Transition],
    since_at: int,
) -> None:
    """Store one guest's segments (family -> key; families left out are stored as none)."""
    table = ensure_codes(db, {f: [key] for f, key in families.items()})
    codes = [table[f].index(families[f]) if f in families else NONE for f in FAMILIES]
    store(db, np.array([customer_id], dtype=np.int64), np.array([codes]), transitions, since_at)


def add_run(
    db: store_module.Handle, run: tuple[int, int, str, int, int, float, str | None]
) -> None:
    """Record a run: (started_at, as_of, kind, customers, changes, seconds, cutoffs JSON)."""
    _conn(db).execute(
        "INSERT INTO segment_run (started_at, as_of, kind, customers, changes, seconds, cutoffs) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        run,
    )


def forget(db: store_module.Handle, customer_ids: Sequence[int]) -> None:
    """Remove stored segments and their history of guests (anonymised ones keep neither)."""
    conn = _conn(db)
    for chunk in _chunks(list(customer_ids), 500):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM segment_current WHERE customer_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM segment_transition WHERE customer_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM segment_entry WHERE customer_id IN ({marks})", chunk)


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -------------------------------------------------------------------------------------------------
# Runs and history


def last_cutoffs(db: store_module.Handle) -> str | None:
    row = (
        _conn(db)
        .execute("SELECT cutoffs FROM segment_run WHERE kind = 'full' ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    return str(row[0]) if row and row[0] else None


def last_full_run_at(db: store_module.Handle) -> int | None:
    row = (
        _conn(db).execute("SELECT MAX(started_at) FROM segment_run WHERE kind = 'full'").fetchone()
    )
    return int(row[0]) if row and row[0] is not None else None


def last_full_run_as_of(db: store_module.Handle) -> int | None:
    """The as-of instant of the latest stored full run (UTC seconds), None if never."""
    row = _conn(db).execute("SELECT MAX(as_of) FROM segment_run WHERE kind = 'full'").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def transition_matrix(
    db: store_module.Handle, family: str, start: int, end: int
) -> list[tuple[str | None, str, int]]:
    """(from, to, guests) of the changes in ``family`` with start <= at < end."""
    rows = (
        _conn(db)
        .execute(
            "SELECT from_segment, to_segment, COUNT(DISTINCT customer_id) FROM segment_history "
            "WHERE family = ? AND at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 3 DESC",
            (family, start, end),
        )
        .fetchall()
    )
    return [(r[0], str(r[1]), int(r[2])) for r in rows]


def segments_on(db: store_module.Handle, family: str, at: int) -> dict[int, str]:
    """Every guest's segment in ``family`` as it stood at time ``at`` (the daily snapshot)."""
    rows = (
        _conn(db)
        .execute(
            "SELECT customer_id, to_segment FROM segment_history t "
            "WHERE family = ? AND at <= ? AND id = (SELECT MAX(id) FROM segment_history u "
            "WHERE u.customer_id = t.customer_id AND u.family = t.family AND u.at <= ?)",
            (family, at, at),
        )
        .fetchall()
    )
    return {int(c): str(s) for c, s in rows}


def counts(db: store_module.Handle, family: str) -> dict[str, int]:
    """Guests per stored segment of ``family``."""
    if family not in FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    rows = (
        _conn(db).execute(f"SELECT {family}, COUNT(*) FROM segment_readable GROUP BY 1").fetchall()
    )
    return {str(k): int(n) for k, n in rows if k is not None}


def lifecycle_of(store: store_module.Store, customer_id: int) -> str | None:
    """The guest's stored lifecycle segment (the counter's cashback rate depends on it)."""
    return current_segment(store.database, customer_id, "lifecycle")
