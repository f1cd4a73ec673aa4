"""A stored snapshot of every guest's rows for segmentation, kept up to date by the full recompute.

A full recompute reads the same per-guest rows every time (:mod:`metric_inputs`: profile codes,
kept totals, spend per category, family, vouchers; and the stored segment codes), while between
two runs only the guests who visited or were edited change. So each run saves those rows as
compact blobs (``segment_snapshot``: one row per block of 4096 guest ids, each column in the
narrowest integer type that holds it) and the next run reads the blobs, then reads again only the
guests logged in ``guest_changed`` since.

Why a stale snapshot cannot give a wrong segment:

* Triggers on every table the rows come from (``customer``, ``customer_metrics``,
  ``customer_category``, ``family_member``, ``voucher``, ``segment_current``) append the guest to
  ``guest_changed``, in the transaction of the change, whatever the code path (a visit, a void,
  a merge, an erasure, an import of guests, a zone change's rebuild).
* The log is append-only, so a run deletes exactly the entries it read (``seq`` up to the last
  it saw); whatever was logged after its read stays for the next run.
* A save is refused unless the state still has the generation the run read (another run saved
  in between, or tracking was switched off meanwhile).
* Bulk work that rewrites whole tables (a rebuild of the kept totals, an import's publishing, a
  bulk load) calls :func:`invalidate`: the state row goes, nothing is logged any more, and the next
  run reads every guest, switching tracking on (:func:`start_tracking`) before that read.
* A full recompute stores its codes unlogged (:func:`own_writes`) in several transactions and
  saves the snapshot only with the last: each of them clears the snapshot's key, so a run that
  stops in between leaves a snapshot the next run does not trust (it reads every guest).
* A restored backup carries its own snapshot and log, consistent with its own rows; a migration
  that rewrites these tables must call :func:`invalidate`.

SQLite-only: ``sqlite_master``, ``json_each``, blobs read and written whole.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database, metric_inputs
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

log = logging.getLogger(__name__)

BLOCK_BITS = 12
FORMAT = 1
TABLES = (*metric_inputs.ROW_TABLES, "codes")
MAX_CHANGED = 20_000  # more changed guests than this (or than a quarter of all): read everyone
_DTYPES = ("<i1", "<i2", "<i4", "<i8")


@dataclass(frozen=True)
class Loaded:
    """Every guest's rows as of the caller's read transaction, and how they were had.

    ``inputs`` hold every guest and every voucher (no as-of filter); ``codes`` the stored
    segments as rows (guest, one code per family, NONE for none). ``generation`` is None when
    no snapshot is wanted (nothing is saved then); ``applied`` is the last log entry read;
    ``changed`` the guests read again (every guest when ``full``)."""

    inputs: metric_inputs.Inputs
    codes: IntArray
    generation: int | None
    applied: int
    changed: IntArray
    full: bool


def _conn(handle: store_module.Handle) -> sqlite3.Connection:
    return database.raw_connection(handle)


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'segment_snapshot_state'"
    ).fetchone()
    return row is not None


def tracking(handle: store_module.Handle) -> bool:
    """True when changes are being logged for a snapshot (a state row exists)."""
    conn = _conn(handle)
    return conn.execute("SELECT 1 FROM segment_snapshot_state").fetchone() is not None


def start_tracking(handle: store_module.Handle) -> None:
    """Start logging changes (one short write transaction), with no blocks yet: the next
    :func:`load` reads every guest after this commit, so nothing it reads can go unlogged."""
    conn = _conn(handle)
    with store_module.database_of(handle).atomic():
        _start(conn)


def resume_tracking(conn: sqlite3.Connection) -> None:
    """At the end of bulk work that dropped the snapshot (:func:`invalidate`), in its
    transaction: start logging changes again, as :func:`start_tracking` would in a transaction of
    its own after it (the next load reads every guest). Does nothing while logging, or on a
    schema without the snapshot tables."""
    if _has_tables(conn) and not conn.execute("SELECT 1 FROM segment_snapshot_state").fetchone():
        _start(conn)


def _start(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM segment_snapshot")
    conn.execute("DELETE FROM guest_changed")
    conn.execute(
        "INSERT INTO segment_snapshot_state (one, generation, key) VALUES (1, ?, NULL) "
        "ON CONFLICT (one) DO UPDATE SET generation = excluded.generation, key = NULL",
        (secrets.randbits(62),),
    )


def invalidate(conn: sqlite3.Connection) -> None:
    """Drop the snapshot and stop logging (in the caller's transaction): for bulk work that
    rewrites whole tables. Does nothing on a schema without the snapshot tables."""
    if not _has_tables(conn):
        return
    conn.execute("DELETE FROM segment_snapshot_state")
    conn.execute("DELETE FROM segment_snapshot")
    conn.execute("DELETE FROM guest_changed")


@contextlib.contextmanager
def own_writes(handle: store_module.Handle) -> Iterator[None]:
    """Inside the caller's write transaction: segment codes stored meanwhile are the run's own
    (they go into the snapshot it saves), so they are not logged as changes.

    Until that save the snapshot no longer holds the stored codes, so the transaction also
    clears the snapshot's key (keeping the generation): a run that stops before its save (killed,
    an exception, a locked database on a later chunk), or whose save is refused, leaves a state the
    next run reads whole instead of taking unlogged codes for the stored ones. A save in the same
    transaction writes the key back."""
    conn = _conn(handle)
    # one row, once per chunk: the cost of a full run stays one statement per transaction
    conn.execute("UPDATE segment_snapshot_state SET key = NULL WHERE key IS NOT NULL")
    conn.execute("INSERT INTO segment_snapshot_writer (one) VALUES (1) ON CONFLICT DO NOTHING")
    try:
        yield
    finally:
        conn.execute("DELETE FROM segment_snapshot_writer")


# -- reading ------------------------------------------------------------------------------------


def load(handle: store_module.Handle, names: tuple[str, ...]) -> Loaded:
    """Every guest's rows, from the snapshot plus the guests changed since when there is one,
    else read whole. Runs in the caller's read transaction."""
    conn = _conn(handle)
    state = conn.execute("SELECT generation, key FROM segment_snapshot_state").fetchone()
    if state is None:
        return _full(handle, names, None, 0)
    generation, key = int(state[0]), state[1]
    logged = columns.fetch_ints(conn, ("seq", "customer_id"), "FROM guest_changed")
    applied = int(logged[:, 0].max()) if len(logged) else 0
    coded_names = ("", *dict.fromkeys(names))
    if key is None or tuple(json.loads(key)["names"]) != coded_names:
        return _full(handle, names, generation, applied)
    tables = _read_blocks(conn, json.loads(key))
    changed = _distinct(logged[:, 1])
    if tables is None or len(changed) > min(MAX_CHANGED, len(tables["guests"]) // 4 + 1):
        return _full(handle, names, generation, applied)
    stored = metric_inputs.Inputs.from_rows(tables, key)
    codes = tables["codes"]
    if len(changed):
        fresh = metric_inputs.read(conn, names, ids=changed)
        stored = stored.replaced(fresh, changed)
        ids, matrix = stored_segments.read_ids(handle, changed)
        codes = metric_inputs.replace_rows(codes, np.column_stack([ids, matrix]), changed)
    return Loaded(stored, codes, generation, applied, changed, full=False)


def _distinct(values: IntArray) -> IntArray:
    """Sorted distinct values (``np.unique`` imports ``numpy.ma``: ~15 ms of a command's start)."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _full(
    handle: store_module.Handle, names: tuple[str, ...], generation: int | None, applied: int
) -> Loaded:
    inputs = metric_inputs.read(_conn(handle), names)
    ids, matrix = stored_segments.read_current(handle)
    codes = np.column_stack([ids, matrix]).astype(np.int64)
    return Loaded(inputs, codes, generation, applied, inputs.guests[:, 0], full=True)


def _read_blocks(conn: sqlite3.Connection, key: dict[str, Any]) -> dict[str, IntArray] | None:
    """The stored blocks joined per table, or None when they are not what this code wrote."""
    if key.get("format") != FORMAT:
        return None
    blobs = [
        bytes(row[0]) for row in conn.execute("SELECT data FROM segment_snapshot ORDER BY block")
    ]
    if not blobs:
        return None  # nothing saved (no guest yet): read everyone, it costs nothing
    try:
        tables = _decode(blobs)
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("segment snapshot unreadable (%s): every guest is read again", exc)
        return None
    for name, table in tables.items():
        first = table[:, 0]
        strict = name in ("guests", "totals", "codes", "vouchers")
        ordered = np.all(first[1:] > first[:-1]) if strict else np.all(first[1:] >= first[:-1])
        if not bool(ordered):
            log.warning("segment snapshot out of order (%s): every guest is read again", name)
            return None
    return tables


def _decode(blobs: list[bytes]) -> dict[str, IntArray]:
    """The blocks' tables joined, each decoded straight into its place (no copy per block)."""
    headers = []
    for blob in blobs:
        size = int.from_bytes(blob[:4], "little")
        headers.append((json.loads(blob[4 : 4 + size]), 4 + size))
    out: dict[str, IntArray] = {}
    for name in TABLES:
        widths = {int(header[name][1]) for header, _ in headers}
        if len(widths) != 1:
            raise ValueError(f"{name}: blocks of different widths")
        rows = sum(int(header[name][0]) for header, _ in headers)
        # column-major: each column decodes into contiguous memory
        out[name] = np.empty((rows, widths.pop()), dtype=np.int64, order="F")
    starts = dict.fromkeys(TABLES, 0)
    for blob, (header, offset) in zip(blobs, headers, strict=True):
        for name in TABLES:
            rows, _, dtypes = header[name]
            target = out[name][starts[name] : starts[name] + rows]
            for j, dtype in enumerate(dtypes):
                target[:, j] = np.frombuffer(blob, dtype=dtype, count=rows, offset=offset)
                offset += rows * np.dtype(dtype).itemsize
            starts[name] += rows
        if offset != len(blob):
            raise ValueError(f"block of {len(blob)} bytes, {offset} described")
    return out


# -- saving -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """The blocks a save writes, encoded beforehand (outside the write transaction): block ->
    blob, or None for a block left without rows; ``every``: every block is written (the others
    are deleted)."""

    blocks: dict[int, bytes | None]
    every: bool


def prepare(loaded: Loaded, codes: IntArray, touched: IntArray) -> Prepared:
    """Encode ``loaded``'s rows with the stored codes ``codes`` (rows: guest, codes) for the
    blocks of the guests ``touched`` (re-read or given new codes; every block after a full
    read)."""
    tables = {**loaded.inputs.rows(), "codes": codes}
    blocks_of = {name: table[:, 0] >> BLOCK_BITS for name, table in tables.items()}
    if loaded.full:
        blocks = _distinct(np.concatenate(list(blocks_of.values())))
    else:
        blocks = _distinct(touched >> BLOCK_BITS)
    encoded: dict[int, bytes | None] = {}
    for block in blocks.tolist():
        part = {}
        for name, table in tables.items():
            low, high = np.searchsorted(blocks_of[name], [block, block + 1])
            part[name] = table[low:high]
        encoded[block] = _encode(part) if any(len(rows) for rows in part.values()) else None
    return Prepared(encoded, every=loaded.full)


def save(handle: store_module.Handle, loaded: Loaded, prepared: Prepared) -> bool:
    """Write the ``prepared`` blocks of ``loaded`` and drop the log entries its load read. In
    the caller's write transaction; False (nothing saved) when the snapshot state is no longer
    the one the load read."""
    conn = _conn(handle)
    state = conn.execute("SELECT generation FROM segment_snapshot_state").fetchone()
    if loaded.generation is None or state is None or int(state[0]) != loaded.generation:
        return False
    if prepared.every:
        kept = [block for block, blob in prepared.blocks.items() if blob is not None]
        conn.execute(
            "DELETE FROM segment_snapshot WHERE block NOT IN (SELECT value FROM json_each(?))",
            (json.dumps(kept),),
        )
    conn.executemany(
        "DELETE FROM segment_snapshot WHERE block = ?",
        [(block,) for block, blob in prepared.blocks.items() if blob is None],
    )
    conn.executemany(
        "INSERT INTO segment_snapshot (block, data) VALUES (?, ?) "
        "ON CONFLICT (block) DO UPDATE SET data = excluded.data",
        [(block, blob) for block, blob in prepared.blocks.items() if blob is not None],
    )
    conn.execute("DELETE FROM guest_changed WHERE seq <= ?", (loaded.applied,))
    key = {"format": FORMAT, **json.loads(loaded.inputs.key())}
    conn.execute(
        "UPDATE segment_snapshot_state SET generation = ?, key = ?",
        (secrets.randbits(62), json.dumps(key)),
    )
    return True


def _encode(tables: dict[str, IntArray]) -> bytes:
    header: dict[str, Any] = {}
    data: list[bytes] = []
    for name in TABLES:
        table = tables[name]
        dtypes = []
        for j in range(table.shape[1]):
            column = table[:, j]
            dtype = _narrowest(column)
            dtypes.append(dtype)
            data.append(column.astype(dtype).tobytes())
        header[name] = [int(table.shape[0]), int(table.shape[1]), dtypes]
    head = json.dumps(header).encode()
    return len(head).to_bytes(4, "little") + head + b"".join(data)


def _narrowest(column: IntArray) -> str:
    if len(column) == 0:
        return _DTYPES[0]
    low, high = int(column.min()), int(column.max())
    for dtype in _DTYPES:
        info = np.iinfo(np.dtype(dtype))
        if info.min <= low and high <= info.max:
            return dtype
    return _DTYPES[-1]
