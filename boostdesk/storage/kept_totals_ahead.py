"""The kept totals of an import's new guests, worked out ahead in a second thread.

A solo publish (see :mod:`imports`) spends most of its time in long ``INSERT .. SELECT``
statements, during which SQLite lets other Python threads run. Meanwhile this module's thread
sums the import's visits per guest (from the columns the importer holds, as
:func:`kept_totals_bulk.add_visits` would: buckets, categories, metrics) and writes the rows,
keyed by the guest's number in the staging file, into a scratch file of its own (no fsync, the
journal in memory: it is thrown away after the import). Binding those rows from Python was
about a seventh of a million-visit import; the publish then adds them with one
``INSERT .. SELECT`` per table.

It serves only guests the publish enrolled in the same transaction (so that their totals are
their import's visits alone) and only chunks holding every row of each of their guests (the
rows are sorted by guest, so a chunk that ends where a guest ends). The publish defers such
chunks (:meth:`Ahead.defer`) and adds the deferred ones before anything else touches the kept
totals and before it commits (:meth:`Ahead.flush`). Should the thread fail, or the kept windows
move meanwhile, the deferred visits are read back instead (the bulk path): same totals, slower.

SQLite-only: ``ATTACH``, the upsert form ``INSERT .. SELECT .. WHERE true ON CONFLICT``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from boostdesk.domain import localtime
from boostdesk.storage import kept_totals, kept_totals_bulk

log = logging.getLogger(__name__)

SCHEMA = "kept_ahead"  # the schema name the scratch file is attached under
SCRATCH_PATTERN = "kept-*.db"
_PATIENCE_S = 30.0
_METRICS = ", ".join(kept_totals.METRIC_FIELDS)
_TABLES = (
    "CREATE TABLE bucket (bucket INTEGER NOT NULL, guest INTEGER NOT NULL, "
    "visits INTEGER NOT NULL, amount_minor INTEGER NOT NULL)",
    "CREATE TABLE category (guest INTEGER NOT NULL, category_id INTEGER NOT NULL, "
    "amount_minor INTEGER NOT NULL)",
    f"CREATE TABLE metrics (guest INTEGER NOT NULL, "
    f"{', '.join(f'{name} INTEGER' for name in kept_totals.METRIC_FIELDS)})",
)


class Ahead:
    """The kept totals of one solo publish's visits, summed in a thread (see the module). The
    held columns (``guest``, ``visited_at``, ``amount_minor``, ``category_id``, by seq) must stay
    unchanged until :meth:`close`."""

    def __init__(
        self,
        folder: Path,
        held: Mapping[str, Any],
        zone: str,
        kept_window: tuple[int | None, int, int],
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"kept-{uuid.uuid4().hex}.db"
        self._guest = np.asarray(held["guest"], dtype=np.int64)
        self._window = kept_window
        self._zone = zone
        self._error: BaseException | None = None
        self._after: int | None = None  # the visit id before the first deferred chunk
        # the scratch tables exist before the file is attached (the thread only adds rows)
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as conn:
            for statement in _TABLES:
                conn.execute(statement)
        self._thread = threading.Thread(
            target=self._run, args=(held,), name="kept-ahead", daemon=True
        )

    # -- the thread -----------------------------------------------------------------------------

    def _run(self, held: Mapping[str, Any]) -> None:
        zone = self._zone  # checked again at the flush, as the kept windows are
        try:
            guest = self._guest
            at, amount, category = (
                np.asarray(held[name], dtype=np.int64)
                for name in ("visited_at", "amount_minor", "category_id")
            )
            visits = kept_totals_bulk.NewVisits(
                guest, localtime.local_days(at, zone), localtime.day_parts(at, zone), at, amount
            )
            lined = category > 0
            # patient: the publishing connection may glance at the file (its schema) meanwhile
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=_PATIENCE_S)
            try:
                # a rollback journal in memory: a failed write (a full disk) leaves the file whole
                for pragma in ("journal_mode = MEMORY", "synchronous = OFF"):
                    conn.execute(f"PRAGMA {pragma}")
                conn.execute("BEGIN")
                write = kept_totals_bulk.write_rows
                write(conn, "INSERT INTO bucket", "", kept_totals_bulk.bucket_rows(visits))
                rows = kept_totals_bulk.category_rows(guest[lined], category[lined], amount[lined])
                write(conn, "INSERT INTO category", "", rows)
                rows = kept_totals_bulk.metric_rows(visits, self._window)
                write(conn, "INSERT INTO metrics", "", rows)
                conn.execute("COMMIT")
            finally:
                conn.close()
        except BaseException as error:  # told by flush, which then reads the visits back
            self._error = error

    # -- the publishing connection --------------------------------------------------------------

    def attach(self, conn: sqlite3.Connection) -> None:
        """Attach the scratch file to ``conn`` (outside a transaction), with the table that
        collects the deferred chunks' guests; then start the thread. ``conn``'s transaction
        must not begin IMMEDIATE (that would lock every attached file, this one too, against
        the thread's writes) and must not read the scratch tables before :meth:`flush`."""
        conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.path),))
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS kept_guest "
            "(guest INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL)"
        )
        conn.execute("DELETE FROM temp.kept_guest")
        self._thread.start()

    def serves(self, first: int, last: int) -> bool:
        """Whether staged rows ``first..last`` hold every row of each of their guests."""
        guest, end = self._guest, len(self._guest) - 1
        return (first == 0 or guest[first - 1] != guest[first]) and (
            last == end or guest[last] != guest[last + 1]
        )

    def end_of_guest(self, row: int) -> int:
        """The last staged row of the guest of staged row ``row``."""
        return int(np.searchsorted(self._guest, self._guest[row], side="right")) - 1

    def defer(self, conn: sqlite3.Connection, after_id: int) -> None:
        """Leave the kept totals of the chunk just stored (every row of its guests, each enrolled
        by it, as ``temp.import_guest`` resolved them; visit ids above ``after_id``) to
        :meth:`flush`."""
        if self._after is None:
            self._after = after_id
            # the totals change before the commit: the segment snapshot goes now, so that the
            # guests enrolled meanwhile are not logged as changed one by one
            kept_totals.drop_snapshot(conn)
        conn.execute(
            "INSERT INTO temp.kept_guest (guest, customer_id) "
            "SELECT guest, customer_id FROM temp.import_guest"
        )

    def flush(self, conn: sqlite3.Connection) -> bool:
        """Add the deferred chunks' visits to the kept totals (inside the publish's
        transaction): the thread's rows of their guests, else (the thread failed, the kept
        windows or the venue's zone changed, the guests not numbered as enrolled) every visit
        stored since the first of them, read back. Returns True when they were read back: then
        visits stored after the deferred ones (a chunk summed as it is stored) are added too."""
        if self._after is None:
            return False
        after, self._after = self._after, None
        self._thread.join()  # started by attach, before any chunk was deferred
        problem, numbered = self._error, _numbered(conn)
        if problem is None and kept_totals_bulk.window(conn) != self._window:
            problem = RuntimeError("the kept windows moved meanwhile")
        if problem is None and kept_totals.venue_zone(conn) != self._zone:
            problem = RuntimeError("the venue's zone changed meanwhile")
        if problem is None and numbered is None:
            problem = RuntimeError("the guests were not enrolled in staging order")
        conn.execute("DELETE FROM temp.kept_guest")
        if problem is not None or numbered is None:
            log.warning(
                "kept totals of an import read back: %s: %s", type(problem).__name__, problem
            )
            kept_totals.add_visits(conn, after)
            return True
        _add_rows(conn, *numbered)
        return False

    def close(self, conn: sqlite3.Connection) -> None:
        """Detach and remove the scratch file (outside a transaction), the thread ended."""
        if self._thread.ident is not None:  # started
            self._thread.join()
        with contextlib.suppress(sqlite3.Error):
            found = conn.execute(
                "SELECT 1 FROM pragma_database_list WHERE name = ?", (SCHEMA,)
            ).fetchone()
            if found:
                conn.execute(f"DETACH DATABASE {SCHEMA}")
        self.path.unlink(missing_ok=True)


def _numbered(conn: sqlite3.Connection) -> tuple[int, int, int] | None:
    """(offset, first, last) when the deferred guests are the staging numbers ``first..last``,
    each enrolled as its number plus ``offset`` (as a publish enrols new guests: in staging
    order, their ids following each other); else None."""
    found = conn.execute(
        "SELECT MIN(customer_id - guest), MIN(guest), MAX(guest), COUNT(*) FROM temp.kept_guest "
        "HAVING MIN(customer_id - guest) = MAX(customer_id - guest)"
    ).fetchone()
    if found is None or found[3] != found[2] - found[1] + 1:
        return None
    return int(found[0]), int(found[1]), int(found[2])


def _add_rows(conn: sqlite3.Connection, offset: int, low: int, high: int) -> None:
    """The thread's rows of the staging numbers ``low..high`` added to the kept tables as those
    of the guests ``offset`` on, in the tables' key order (the scratch rows are in staging
    order)."""
    kept_totals.drop_snapshot(conn)
    s, guest, rows = SCHEMA, f"k.guest + {offset}", f"WHERE k.guest BETWEEN {low} AND {high}"
    with kept_totals_bulk.snapshot_triggers_aside(conn, True):
        conn.execute(
            "INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor) "
            f"SELECT k.bucket, {guest}, k.visits, k.amount_minor FROM {s}.bucket k "
            f"{rows} ORDER BY k.rowid {kept_totals_bulk.BUCKET_UPSERT}"
        )
        conn.execute(
            "INSERT INTO customer_category (customer_id, category_id, amount_minor) "
            f"SELECT {guest}, k.category_id, k.amount_minor FROM {s}.category k "
            f"{rows} ORDER BY k.rowid {kept_totals_bulk.CATEGORY_UPSERT}"
        )
        conn.execute(
            f"INSERT INTO customer_metrics (customer_id, {_METRICS}) "
            f"SELECT {guest}, {', '.join(f'k.{n}' for n in kept_totals.METRIC_FIELDS)} "
            f"FROM {s}.metrics k {rows} ORDER BY k.rowid {kept_totals_bulk.METRIC_UPSERT}"
        )
