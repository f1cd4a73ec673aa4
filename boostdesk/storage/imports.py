"""Staged imports: rows are staged under one import id, then published in short chunks.

An import is all or nothing as a whole by rolling *forward*: its rows are first staged where the
rest of the app does not look — visits in a staging file of their own next to the database
(:class:`VisitStage`: no write-ahead log, no index, so staging neither takes the database's write
lock nor goes through its log), guests in ``import_customer_row``. An import stopped while staging
is as if it never ran; its rows are removed. Marking the batch ``publishing`` (after the staging
file is safely on disk) is the commit point: from then on the import is finished even across a
crash — each ``publish_*_chunk`` moves staged rows into the live tables (one short write
transaction, so the tills never wait long) and records how far it got, and :func:`unfinished`
finds a batch to finish on the next run. Publishing is idempotent (a visit is recognised by its
guest, minute and amount, see :data:`_STORED_BEFORE`; every imported guest by a card or
reference), so a chunk repeated after a crash stores nothing twice.

Visits are published on the bulk path: with ``bulk_publish`` marked inside the chunk's
transaction the per-visit triggers stand aside, and the chunk's visits are added to their guests'
kept totals once, set-based (:func:`kept_totals.add_visits`). They carry no idempotency key (a
second index written per visit cost more than the visit); their venue-time fields are worked out
by SQLite as they are published (the zone is the venue's at that moment)."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import peewee

from boostdesk.domain import localtime
from boostdesk.storage import (
    bulk,
    database,
    import_staging,
    kept_totals,
    kept_totals_ahead,
    kept_totals_bulk,
    metric_snapshot,
    migrations,
)
from boostdesk.storage import store as store_module

STALE_STAGING_S = 6 * 3600  # a batch still staging after this long was stopped midway
_STAGED = {"visits": "import_row", "customers": "import_customer_row"}


def _db(store: store_module.Store) -> peewee.Database:
    return store.database


def _conn(store: store_module.Store) -> sqlite3.Connection:
    return database.raw_connection(store.database)


# -- what rows are checked against --------------------------------------------------------------


def categories(store: store_module.Store) -> dict[str, int]:
    """Basket category ids by code and by name, as written (the caller folds them)."""
    found: dict[str, int] = {}
    for cid, code, name in _conn(store).execute("SELECT id, code, name FROM category"):
        found[str(code)] = int(cid)
        found.setdefault(str(name), int(cid))
    return found


def category_codes(store: store_module.Store) -> list[str]:
    return [str(r[0]) for r in _conn(store).execute("SELECT code FROM category ORDER BY code")]


def card_owners(store: store_module.Store, numbers: Sequence[str]) -> dict[str, int | None]:
    """The guest holding each known card among ``numbers`` (None for a card nobody holds)."""
    if not numbers:
        return {}
    marks = ",".join("?" * len(numbers))
    rows = _conn(store).execute(
        f"SELECT number, customer_id FROM card WHERE number IN ({marks})", tuple(numbers)
    )
    return {str(n): (None if c is None else int(c)) for n, c in rows}


def known_refs(store: store_module.Store, refs: Sequence[str]) -> set[str]:
    """Which of ``refs`` are already some guest's external reference."""
    if not refs:
        return set()
    marks = ",".join("?" * len(refs))
    rows = _conn(store).execute(
        f"SELECT external_ref FROM customer WHERE external_ref IN ({marks})", tuple(refs)
    )
    return {str(r[0]) for r in rows}


# -- batches -------------------------------------------------------------------------------------


def begin(store: store_module.Store, kind: str) -> int:
    """A new batch in state ``staging``; removes batches left staging long ago. Returns its id."""
    conn = _conn(store)
    with _db(store).atomic():
        stale = [
            (int(r[0]), str(r[1]))
            for r in conn.execute(
                "SELECT id, kind FROM import_batch WHERE state = 'staging' AND started_at < ?",
                (int(time.time()) - STALE_STAGING_S,),
            )
        ]
        cursor = conn.execute(
            "INSERT INTO import_batch (kind, started_at, rows, state) VALUES (?, ?, 0, 'staging')",
            (kind, int(time.time())),
        )
        batch = int(cursor.lastrowid or 0)
    for old, old_kind in stale:
        while drop_rows(store, old, old_kind, 5_000):
            pass
    _remove_stale_files(store, batch)
    return batch


def _remove_stale_files(store: store_module.Store, newest: int) -> None:
    """Staging files no batch will publish: of batches done or removed (a crash between the
    end of publishing and the file's removal), or older than ``newest`` and still staging after
    :data:`STALE_STAGING_S`."""
    folder = import_staging.staging_path(store, 0).parent
    if not folder.is_dir():
        return
    live = {
        int(r[0])
        for r in _conn(store).execute(
            "SELECT id FROM import_batch WHERE state = 'publishing' OR (state = 'staging' "
            "AND started_at >= ?)",
            (int(time.time()) - STALE_STAGING_S,),
        )
    }
    for path in folder.glob("import-*.db"):
        try:
            batch = int(path.stem.split("-", 1)[1])
        except ValueError:
            continue
        if batch not in live and batch < newest:
            path.unlink(missing_ok=True)
    # scratch files of publishes a crash stopped (see kept_totals_ahead)
    for path in folder.glob(kept_totals_ahead.SCRATCH_PATTERN):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < time.time() - STALE_STAGING_S:
                path.unlink()


def stage(
    store: store_module.Store, batch: int, kind: str, first_seq: int, rows: dict[str, Any]
) -> int:
    """Stage rows (columns of equal length, named as in the staging table of ``kind``) with
    sequence numbers from ``first_seq``, in one short transaction."""
    count = len(next(iter(rows.values())))
    columns = {"import_id": [batch] * count, "seq": range(first_seq, first_seq + count), **rows}
    with _db(store).atomic():
        bulk.insert_columns(_conn(store), _STAGED[kind], columns)
        _conn(store).execute("UPDATE import_batch SET rows = rows + ? WHERE id = ?", (count, batch))
    return count


def commit(store: store_module.Store, batch: int, rows: int | None = None) -> None:
    """The commit point: every row is staged (``rows`` of them in a staging file, which is on
    disk by now); the batch will be published whatever happens."""
    with _db(store).atomic():
        if rows is not None:
            _conn(store).execute("UPDATE import_batch SET rows = ? WHERE id = ?", (rows, batch))
        _conn(store).execute(
            "UPDATE import_batch SET state = 'publishing' WHERE id = ? AND state = 'staging'",
            (batch,),
        )


def drop_rows(store: store_module.Store, batch: int, kind: str, limit: int) -> int:
    """Delete up to ``limit`` staged rows of a batch (one short transaction); return how many.
    When none are left, a batch that never reached its commit point is removed too."""
    conn = _conn(store)
    table = _STAGED[kind]
    with _db(store).atomic():
        gone = conn.execute(
            f"DELETE FROM {table} WHERE import_id = ? AND seq IN (SELECT seq FROM {table} "
            "WHERE import_id = ? LIMIT ?)",
            (batch, batch, limit),
        ).rowcount
        if gone == 0:
            conn.execute("DELETE FROM import_batch WHERE id = ? AND state = 'staging'", (batch,))
    if gone == 0 and kind == "visits":
        import_staging.release(store)
        import_staging.staging_path(store, batch).unlink(missing_ok=True)
    return int(gone)


def unfinished(store: store_module.Store) -> list[tuple[int, str]]:
    """(id, kind) of batches past their commit point whose publishing did not finish."""
    rows = _conn(store).execute(
        "SELECT id, kind FROM import_batch WHERE state = 'publishing' ORDER BY id"
    )
    return [(int(r[0]), str(r[1])) for r in rows]


def progress(store: store_module.Store, batch: int) -> tuple[int, int]:
    """(rows published, rows staged) of a batch."""
    row = (
        _conn(store)
        .execute("SELECT published, rows FROM import_batch WHERE id = ?", (batch,))
        .fetchone()
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


PUBLISH_CACHE_KIB = 65_536


@contextlib.contextmanager
def background(store: store_module.Store) -> Iterator[None]:
    """Publish chunks as background work (no fsync each, patient for the lock): a chunk lost to
    a power cut took its ``published`` mark with it, so the import's next run publishes it
    again. A larger page cache meanwhile: the time-ordered visit index is written all over,
    chunk after chunk, and its pages had better stay in memory."""
    with (
        database.pragmas_while(_conn(store), cache_size=-PUBLISH_CACHE_KIB),
        database.background_writer(store.database),
    ):
        yield


# The per-row insert triggers of the visits and their lines: a solo publish sets them aside (their
# sums are added set-based, as in every bulk chunk) — calling a trigger program per row cost more
# than inserting the row. Every INSERT trigger on these tables must be listed (a test checks).
BULK_INSERT_TRIGGERS = (
    "visit_local_required",
    "visit_metrics_insert",
    "visit_line_category_insert",
)
# The visits' time index: for a batch at least as large as the visits already stored, a solo
# publish drops it and builds it again at the end (a sort), instead of writing one random page of
# it per row — unless the venue would then hold more than SOLO_REBUILD_VISITS: someone opening
# the venue midway waits for the rebuild (about 1.5 s a million visits on a slow 2-core machine),
# which must stay well inside their 5 s busy timeout.
TIME_INDEX = "visit_time"
# Set aside by a solo publish too: the search key the trigger writes row by row is written for
# the chunk's new guests at once (publish_visits_chunk).
SOLO_CUSTOMER_TRIGGERS = ("customer_search_insert",)
SOLO_REBUILD_VISITS = 1_500_000
SOLO_HEAP_LIMIT = 512 * 1024 * 1024
SORT_THREADS = 2  # helper threads for the index rebuild (the process does nothing else then)


def alone(store: store_module.Store) -> bool:
    """True when nobody else has the venue open now (no till, app or other command; see
    :mod:`presence`): a publish may then take one long transaction."""
    return database.alone(store)


def ahead(store: store_module.Store, held: Mapping[str, Any]) -> kept_totals_ahead.Ahead:
    """Start working out the kept totals of the visits ``held`` (the importer's staged columns,
    by seq) in a second thread, for a solo publish (see :mod:`kept_totals_ahead`)."""
    conn = _conn(store)
    return kept_totals_ahead.Ahead(
        import_staging.staging_path(store, 0).parent,
        held,
        kept_totals.venue_zone(conn),
        kept_totals_bulk.window(conn),
    )


@contextlib.contextmanager
def solo(
    store: store_module.Store,
    batch: int,
    rows: int,
    ahead: kept_totals_ahead.Ahead | None = None,
) -> Iterator[Callable[[], None]]:
    """One write transaction for publishing ``rows`` staged visits of ``batch`` while nobody
    else has the venue open (see :func:`alone`): chunks published inside it are savepoints,
    committed together when the block ends. Inside, the visits' insert triggers (and the guests'
    search-key trigger) are set aside, a batch in a staging file is written without per-row
    foreign-key lookups (its references are checked set-based, :func:`_references_hold`) and,
    when ``rows`` is at least the number of visits stored and the venue then holds at most
    :data:`SOLO_REBUILD_VISITS`, the time index is dropped; both
    are put back (the index rebuilt) before the commit, so no other connection ever sees the
    schema without them. Every visit published inside must carry its local fields: worked out
    from its time as it is published from a staging file, else checked, as the trigger set aside
    would. The block gets a function that checks the visits published
    since it was last called (while their pages are still in the cache; the commit then checks
    only the rest), so the wrap-up that someone opening the venue meanwhile waits for stays
    short. ``ahead``: the kept totals worked out ahead (see :func:`publish_visits_chunk`), added
    before the commit and removed however the block ends."""
    conn = _conn(store)
    try:
        staged, heap, keys = _solo_settings(store, conn, batch)
    except BaseException:
        if ahead is not None:  # its scratch file removed
            ahead.close(conn)
        raise
    try:
        if ahead is not None:
            ahead.attach(conn)
        # with a scratch file attached, the venue's write lock is taken by a first write instead
        # of BEGIN IMMEDIATE (which would lock every attached file; see kept_totals_ahead)
        with _db(store).atomic(*(() if ahead is None else ("DEFERRED",))):
            if ahead is not None:
                conn.execute("UPDATE import_batch SET published = published WHERE id = ?", (batch,))
            if staged:
                _references_hold(conn)
            top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()[0])
            aside, stats = _set_aside(conn, rows)
            checked = [top]

            def check() -> None:
                if staged:  # worked out from visited_at (NOT NULL) by local_fields_sql: total
                    return
                newest = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()[0])
                missing = conn.execute(
                    "SELECT COUNT(*) FROM visit WHERE id > ? AND id <= ? AND (local_day IS NULL "
                    "OR day_part IS NULL OR day_part NOT IN (0, 1, 2))",
                    (checked[0], newest),
                ).fetchone()[0]
                if missing:
                    raise database.StorageError(f"{missing} published visits lack their local day")
                checked[0] = newest

            yield check
            if ahead is not None:
                ahead.flush(conn)
            # the kept totals dropped the segment snapshot: logging starts again with the commit
            # (the segment refresh after it need not commit that on its own)
            metric_snapshot.resume_tracking(conn)
            check()
            with _sort_threads(conn, SORT_THREADS):
                for _, _, sql in aside:  # indexes first (ORDER BY type), then the triggers
                    conn.execute(sql)
            _restore_index_stats(conn, TIME_INDEX, stats)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {keys}")
        conn.execute(f"PRAGMA soft_heap_limit = {heap}")
        if ahead is not None:
            ahead.close(conn)


def _solo_settings(
    store: store_module.Store, conn: sqlite3.Connection, batch: int
) -> tuple[bool, int, int]:
    """Attach ``batch``'s staging file and set a solo publish's connection settings; return
    whether the file was attached and the heap limit and foreign-key switch to put back."""
    # not in a transaction (neither may the foreign-key switch be)
    staged = import_staging.attach(conn, import_staging.staging_path(store, batch))
    # SQLite-only: PRAGMA soft_heap_limit (process-wide; this process does nothing else now).
    heap = int(conn.execute("PRAGMA soft_heap_limit").fetchone()[0])
    conn.execute(f"PRAGMA soft_heap_limit = {max(heap, SOLO_HEAP_LIMIT)}")
    keys = int(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    if staged:  # every reference checked set-based instead (see _references_hold)
        conn.execute("PRAGMA foreign_keys = OFF")
    return staged, heap, keys


def _set_aside(
    conn: sqlite3.Connection, rows: int
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Drop what a solo publish of ``rows`` visits sets aside (see :func:`solo`); return the
    dropped schema entries (type, name, sql; indexes first) and the time index's statistics."""
    names = [*BULK_INSERT_TRIGGERS, *SOLO_CUSTOMER_TRIGGERS]
    stored = int(conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0])
    if stored <= rows and stored + rows <= SOLO_REBUILD_VISITS:
        names.append(TIME_INDEX)
    marks = ",".join("?" * len(names))
    aside = [
        (str(kind), str(name), str(sql))
        for kind, name, sql in conn.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE name IN ({marks}) "
            "AND type IN ('index', 'trigger') ORDER BY type",
            names,
        )
    ]
    stats = _index_stats(conn, TIME_INDEX)
    for kind, name, _ in aside:
        conn.execute(f"DROP {kind.upper()} {name}")
    return aside, stats


@contextlib.contextmanager
def _sort_threads(conn: sqlite3.Connection, threads: int) -> Iterator[None]:
    """Let SQLite sort with up to ``threads`` helper threads meanwhile (building an index is a
    sort: the time index of a million visits builds in 0.42 s instead of 0.58 s with 2)."""
    # SQLite-only: PRAGMA threads (capped by how SQLite was built; 0 where it has no threads).
    with database.pragmas_while(conn, threads=threads):
        yield


def _references_hold(conn: sqlite3.Connection) -> None:
    """What the foreign keys of the visits and lines a solo publish writes would check, proved
    once for the whole staging file: every basket category exists (the category table cannot
    change meanwhile: this transaction holds the write lock). The rest holds by construction:
    guests and cards are looked up in their tables, a line's visit is the one just stored."""
    s = import_staging.SCHEMA
    if import_staging.summary(conn) is not None:
        named = f"SELECT id FROM {s}.categories"
    else:  # a file staged by an older version: its rows looked through
        named = f"SELECT category_id AS id FROM {s}.row WHERE category_id > 0"
    missing = conn.execute(
        f"SELECT COUNT(*) FROM ({named}) WHERE id NOT IN (SELECT id FROM main.category)"
    ).fetchone()[0]
    if missing:
        raise database.StorageError(f"{missing} staged visits name a basket category now gone")


def _index_stats(conn: sqlite3.Connection, index: str) -> list[tuple[str, str, str]]:
    """The planner's statistics of ``index`` (``sqlite_stat1``, if ANALYZE ever ran)."""
    try:
        return [
            (str(t), str(i), str(st))
            for t, i, st in conn.execute(
                "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx = ?", (index,)
            )
        ]
    except sqlite3.OperationalError:  # no sqlite_stat1: never analysed
        return []


def _restore_index_stats(
    conn: sqlite3.Connection, index: str, stats: list[tuple[str, str, str]]
) -> None:
    """Put back what dropping ``index`` removed from ``sqlite_stat1`` (the query plans stay)."""
    if not stats:
        return
    conn.execute("DELETE FROM sqlite_stat1 WHERE idx = ?", (index,))
    conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", stats)


def others_wrote(store: store_module.Store) -> int:
    """A number that changes when another connection commits: how a chunked writer tells
    whether tills are saving meanwhile."""
    return database.others_committed(store)


def checkpoint(store: store_module.Store) -> None:
    """Copy what the write-ahead log holds into the database file, as far as readers allow,
    without waiting for anyone (a chunked writer's pause; see importer)."""
    database.checkpoint(store, "PASSIVE")


def finish(store: store_module.Store, batch: int, action: str, detail: str) -> None:
    """Mark the batch done and log it (ids and counts only); then drop its rows (drop_rows)."""
    with _db(store).atomic():
        _conn(store).execute(
            "UPDATE import_batch SET state = 'done', finished_at = ? WHERE id = ?",
            (int(time.time()), batch),
        )
        _conn(store).execute(
            "INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)",
            (int(time.time()), action, detail),
        )


# -- publishing ----------------------------------------------------------------------------------


# A staged row of a guest who had visits before this chunk is stored already when that guest has
# at least n imported visits (no key, or an older version's ``import:`` key) of the row's minute
# and amount stored before the chunk, n being the row's number among the identical rows of its
# file (``dup``; files staged by older versions hold NULL for 1). Read on the guest's time index.
_STORED_BEFORE = (
    "(SELECT COUNT(*) FROM visit v WHERE v.customer_id = m.customer_id "
    "AND v.visited_at BETWEEN r.visited_at / 60 * 60 AND r.visited_at / 60 * 60 + 59 "
    "AND v.amount_minor = r.amount_minor AND v.id <= ? "
    "AND (v.idempotency_key IS NULL OR v.idempotency_key LIKE 'import:%')) >= COALESCE(r.dup, 1)"
)


def _skip_stored(conn: sqlite3.Connection, newest: int, before: int, span: tuple[int, int]) -> int:
    """Note in ``temp.import_skip`` the rows of the chunk ``span`` stored before (by an earlier
    import of the same visits, or an earlier run of this one); return how many. Only the rows of
    guests who existed before the chunk (ids up to ``newest``) are looked at: a guest enrolled by
    the chunk has no visits yet."""
    s = import_staging.SCHEMA
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_skip (seq INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.import_skip")
    if not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM temp.import_guest WHERE customer_id <= ?)", (newest,)
    ).fetchone()[0]:
        return 0
    # not in the same statement as the visits' insert: one that reads the table it inserts into
    # first copies every row it selects into a scratch table
    return int(
        conn.execute(
            # the chunk's rows in order, each looking up its guest (CROSS JOIN: not the other
            # way round, which would read the chunk's rows once per guest)
            f"INSERT INTO temp.import_skip (seq) SELECT r.seq FROM {s}.row r "
            "CROSS JOIN temp.import_guest m ON m.guest = r.guest "
            f"WHERE r.seq BETWEEN ? AND ? AND m.customer_id <= ? AND {_STORED_BEFORE}",
            (*span, newest, before),
        ).rowcount
    )


# Enrolling guests named only by a reference (the rows it selects from give rank, first_name,
# last_name, phone, at and search_key):
# with their search key, which the guests' insert trigger would write row by row (a solo
# publish sets it aside; elsewhere it writes the same again) — as staged (worked out in Python,
# a fifth of the time), else (files of older versions: NULL) worked out here.
_ENROL = (
    "INSERT INTO customer (first_name, external_ref, registration_source, created_at, "
    f"search_key) SELECT first_name, first_name, 'import', at, "
    f"COALESCE(search_key, {migrations.SEARCH_KEY})"
)


def publish_visits_chunk(
    store: store_module.Store,
    batch: int,
    first: int,
    last: int,
    held: Mapping[str, Any] | None = None,
    ahead: kept_totals_ahead.Ahead | None = None,
) -> tuple[int, int, list[int]]:
    """Publish staged visit rows ``first..last`` (by seq) in one short transaction on the bulk
    path: enrol the guests named only by a reference no guest has, store the visits and their
    basket lines, add them to the kept totals (set-based, the triggers aside). Returns (visits
    stored, guests enrolled, the visits' guests). Rows stored before (by this import or another
    of the same visits: see :data:`_STORED_BEFORE`) are skipped. ``held``: the batch's staged
    columns as the importer still holds them (``guest``, ``visited_at``, ``amount_minor``,
    ``category_id`` by seq, as :meth:`import_staging.VisitStage.add_rows` wrote them): when every
    row of the chunk is stored, its kept totals are worked out from them instead of reading the
    new visits back. ``ahead`` (inside :func:`solo` only): when the chunk holds every row of each
    of its guests, all enrolled by it, their kept totals are left to it (added before the solo
    transaction commits).

    A row's guest is the owner of its card, else the guest whose ``external_ref`` is the row's
    reference (enrolled, named by the reference, when missing). A visit has no idempotency key
    (NULL: no key index written per visit); its local day and day-part are those of the venue's
    zone."""
    conn = _conn(store)
    if not import_staging.attach(conn, import_staging.staging_path(store, batch)):
        return _publish_import_rows(store, batch, first, last)
    s = import_staging.SCHEMA
    span = (first, last)
    with _db(store).atomic():
        known = import_staging.summary(conn)
        if known is None:  # an older file: the chunk's times and guests read from its rows
            low, high, lowest, highest = conn.execute(
                f"SELECT MIN(visited_at), MAX(visited_at), MIN(guest), MAX(guest) FROM {s}.row "
                "WHERE seq BETWEEN ? AND ?",
                span,
            ).fetchone()
        else:  # the file's time span; rows sorted by guest: the first and the last row's
            low, high = known[0], known[1]
            lowest, highest = conn.execute(
                f"SELECT (SELECT guest FROM {s}.row WHERE seq >= ? ORDER BY seq LIMIT 1), "
                f"(SELECT guest FROM {s}.row WHERE seq <= ? ORDER BY seq DESC LIMIT 1)",
                span,
            ).fetchone()
        if lowest is None:
            conn.execute("UPDATE import_batch SET published = ? WHERE id = ?", (last + 1, batch))
            return 0, 0, []
        day, part = kept_totals.local_fields_sql(kept_totals.venue_zone(conn), low, high)
        conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
        guests = (lowest, highest)
        # read holding the write lock (taken just above): the guests enrolled next get larger ids
        newest = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0])
        if import_staging.knows_first_visits(conn):
            # rows are sorted by guest: the chunk's guests are those between its first and last
            # row's, and each one new here starts here (its earliest visit is in this chunk)
            key = "g.search_key" if import_staging.knows_search_keys(conn) else "NULL"
            enrolled = conn.execute(
                f"{_ENROL} FROM (SELECT g.id AS rank, g.ref AS first_name, g.first_at AS at, "
                f"NULL AS last_name, NULL AS phone, {key} AS search_key FROM {s}.guest g "
                "WHERE g.id BETWEEN ? AND ? AND g.card IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.external_ref = g.ref)) "
                "ORDER BY rank",
                guests,
            ).rowcount
        else:  # a file staged by an older version: its guests have no first visit time
            enrolled = conn.execute(
                f"{_ENROL} FROM (SELECT r.guest AS rank, g.ref AS first_name, "
                f"MIN(r.visited_at) AS at, NULL AS last_name, NULL AS phone, "
                f"NULL AS search_key FROM {s}.row r "
                f"JOIN {s}.guest g ON g.id = r.guest WHERE r.seq BETWEEN ? AND ? "
                "AND g.card IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.external_ref = g.ref) "
                "GROUP BY r.guest) ORDER BY rank",
                span,
            ).rowcount
        # each guest of the chunk looked up once (card holder, else by reference)
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_guest (guest INTEGER PRIMARY KEY, "
            "customer_id INTEGER NOT NULL, card_id INTEGER)"
        )
        conn.execute("DELETE FROM temp.import_guest")
        conn.execute(
            "INSERT INTO temp.import_guest (guest, customer_id, card_id) "
            f"SELECT g.id, COALESCE(k.customer_id, c.id), k.id "
            f"FROM {s}.guest g LEFT JOIN card k ON k.number = g.card "
            "LEFT JOIN customer c ON g.card IS NULL AND c.external_ref = g.ref "
            "WHERE g.id BETWEEN ? AND ? AND COALESCE(k.customer_id, c.id) IS NOT NULL",
            guests,
        )
        before = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()[0])
        count = last - first + 1
        skipped = _skip_stored(conn, newest, before, span)
        rows = f"FROM {s}.row r JOIN temp.import_guest m ON m.guest = r.guest "
        rows += "WHERE r.seq BETWEEN ? AND ?"
        if skipped:
            rows += " AND r.seq NOT IN (SELECT seq FROM temp.import_skip)"
        stored = conn.execute(
            "INSERT INTO visit (customer_id, card_id, visited_at, amount_minor, local_day, "
            "day_part) SELECT m.customer_id, m.card_id, r.visited_at, r.amount_minor, "
            f"{day}, {part} {rows} ORDER BY r.seq",
            span,
        ).rowcount
        if stored:
            # the n-th visit stored got the id before + n (ids follow the largest); a category
            # above 0 (files staged by older versions hold NULL for none)
            if stored == count:  # every row: n is the row's place in the chunk
                numbered = f"SELECT r.seq - {first - 1} AS n, r.category_id, r.amount_minor "
                numbered += f"FROM {s}.row r WHERE r.seq BETWEEN ? AND ?"
            else:
                numbered = "SELECT ROW_NUMBER() OVER (ORDER BY r.seq) AS n, r.category_id, "
                numbered += f"r.amount_minor {rows}"
            conn.execute(
                "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
                f"SELECT ? + n, category_id, amount_minor FROM ({numbered}) "
                "WHERE category_id > 0",
                (before, *span),
            )
        if stored:
            _add_kept(conn, before, held if stored == count else None, ahead, newest, span)
        if not stored:
            touched: list[int] = []
        elif stored == count:  # every guest of the chunk got visits
            touched = [
                int(r[0])
                for r in conn.execute(
                    "SELECT DISTINCT customer_id FROM temp.import_guest ORDER BY 1"
                )
            ]
        else:  # no DISTINCT: SQLite would answer it by scanning a per-guest index of visits
            found = conn.execute("SELECT customer_id FROM visit WHERE id > ?", (before,))
            touched = sorted({int(r[0]) for r in found})
        conn.execute("DELETE FROM bulk_publish")
        conn.execute("UPDATE import_batch SET published = ? WHERE id = ?", (last + 1, batch))
    return int(stored), int(enrolled), touched


def _add_kept(
    conn: sqlite3.Connection,
    before: int,
    held: Mapping[str, Any] | None,
    ahead: kept_totals_ahead.Ahead | None,
    newest: int,
    span: tuple[int, int],
) -> None:
    """Add the chunk's new visits (ids above ``before``) to the kept totals, or leave them to
    ``ahead``. ``held``: the importer's columns, when every row of the chunk was stored."""
    if (
        ahead is not None
        and held is not None
        and _deferrable(conn, ahead, newest, before, span, held)
    ):
        ahead.defer(conn, before)
        return
    # the deferred ones first; read back, they were added with every visit stored since
    if ahead is not None and ahead.flush(conn):
        return
    added = None if held is None else _held_visits(conn, held, np.arange(span[0], span[1] + 1))
    kept_totals.add_visits(conn, before, added)


def _deferrable(
    conn: sqlite3.Connection,
    ahead: kept_totals_ahead.Ahead,
    newest: int,
    before: int,
    span: tuple[int, int],
    held: Mapping[str, Any],
) -> bool:
    """Whether the kept totals of the chunk just stored (every row) may be left to ``ahead``:
    each of its guests' rows in it, each guest enrolled by it (no id up to ``newest``), and the
    stored visits those the importer holds (a sample)."""
    if (
        not ahead.serves(*span)
        or conn.execute(
            "SELECT EXISTS (SELECT 1 FROM temp.import_guest WHERE customer_id <= ?)", (newest,)
        ).fetchone()[0]
    ):
        return False
    places = kept_totals_bulk.sample_places(span[1] - span[0] + 1)
    sample = _held_visits(conn, held, span[0] + places)
    return kept_totals_bulk.agrees(conn, before, sample, places)


def _held_visits(
    conn: sqlite3.Connection, held: Mapping[str, Any], rows: npt.NDArray[np.int64]
) -> kept_totals_bulk.Added:
    """The visits just stored from staged rows ``rows`` (by seq, in order), from the columns the
    importer holds: each row's guest as ``temp.import_guest`` resolved it, its local day and
    day-part in the venue's zone (what :func:`kept_totals.local_fields_sql` gave the stored
    rows; :func:`kept_totals_bulk.add_visits` checks the sums)."""
    guest, at, amount, category = (
        np.asarray(held[name], dtype=np.int64)[rows]
        for name in ("guest", "visited_at", "amount_minor", "category_id")
    )
    pairs = conn.execute("SELECT guest, customer_id FROM temp.import_guest ORDER BY guest")
    known = np.array(pairs.fetchall(), dtype=np.int64).reshape(-1, 2)
    cust = known[np.searchsorted(known[:, 0], guest), 1]
    zone = kept_totals.venue_zone(conn)
    return kept_totals_bulk.Added(
        cust=cust,
        day=localtime.local_days(at, zone),
        part=localtime.day_parts(at, zone),
        at=at,
        amount=amount,
        category=np.maximum(category, 0),
    )


def _publish_import_rows(
    store: store_module.Store, batch: int, first: int, last: int
) -> tuple[int, int, list[int]]:
    """:func:`publish_visits_chunk` for a batch an older version staged in ``import_row``."""
    conn = _conn(store)
    span = (batch, first, last)
    rows = "FROM import_row r WHERE r.import_id = ? AND r.seq BETWEEN ? AND ?"
    with _db(store).atomic():
        conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
        enrolled = conn.execute(
            f"{_ENROL} FROM (SELECT r.ref AS rank, r.ref AS first_name, MIN(r.visited_at) AS at, "
            f"NULL AS last_name, NULL AS phone, NULL AS search_key {rows} AND r.card IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.external_ref = r.ref) "
            "GROUP BY r.ref) ORDER BY rank",
            span,
        ).rowcount
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM visit").fetchone()[0]
        # SQLite-only: INSERT OR IGNORE skips visits stored before (idempotency key).
        stored = conn.execute(
            "INSERT OR IGNORE INTO visit (customer_id, card_id, visited_at, amount_minor, "
            "idempotency_key, local_day, day_part) "
            "SELECT COALESCE(k.customer_id, c.id), k.id, r.visited_at, r.amount_minor, "
            "r.idempotency_key, r.local_day, r.day_part FROM import_row r "
            "LEFT JOIN card k ON k.number = r.card "
            "LEFT JOIN customer c ON r.card IS NULL AND c.external_ref = r.ref "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? "
            "AND COALESCE(k.customer_id, c.id) IS NOT NULL ORDER BY r.seq",
            span,
        ).rowcount
        conn.execute(
            "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
            "SELECT v.id, r.category_id, r.amount_minor FROM import_row r "
            "JOIN visit v ON v.idempotency_key = r.idempotency_key "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? AND r.category_id IS NOT NULL "
            "AND v.id > ?",
            (*span, before),
        )
        kept_totals.add_visits(conn, before)
        # no DISTINCT: SQLite would answer it by scanning a per-guest index of every visit
        found = conn.execute("SELECT customer_id FROM visit WHERE id > ?", (before,))
        guests = sorted({int(r[0]) for r in found})
        conn.execute("DELETE FROM bulk_publish")
        conn.execute("UPDATE import_batch SET published = ? WHERE id = ?", (last + 1, batch))
    return int(stored), int(enrolled), guests


_CUSTOMER_COLUMNS = (
    "first_name, last_name, phone, email, birth_date, gender, city, district, registration_source"
)


def publish_customers_chunk(
    store: store_module.Store, batch: int, first: int, last: int, at: int, notice_version: str
) -> tuple[int, list[int]]:
    """Publish staged guests ``first..last`` in one short transaction: each row whose card is not
    held by a guest and whose reference no guest has becomes a guest (with the card, and a
    consent row per channel the file spoke of); the others are skipped as already there.
    Returns (guests stored, their ids)."""
    conn = _conn(store)
    span = (batch, first, last)
    with _db(store).atomic():
        top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0])
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_new (seq INTEGER PRIMARY KEY, id)")
        conn.execute("DELETE FROM temp.import_new")
        conn.execute(
            "INSERT INTO temp.import_new (seq, id) "
            "SELECT r.seq, ? + ROW_NUMBER() OVER (ORDER BY r.seq) FROM import_customer_row r "
            "WHERE r.import_id = ? AND r.seq BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM card k WHERE k.number = r.card "
            "                AND k.customer_id IS NOT NULL) "
            "AND NOT EXISTS (SELECT 1 FROM customer c WHERE c.external_ref = r.ref)",
            (top, *span),
        )
        conn.execute(
            f"INSERT INTO customer (id, external_ref, created_at, {_CUSTOMER_COLUMNS}) "
            f"SELECT n.id, r.ref, ?, {_CUSTOMER_COLUMNS} FROM temp.import_new n "
            "JOIN import_customer_row r ON r.import_id = ? AND r.seq = n.seq ORDER BY n.id",
            (at, batch),
        )
        # SQLite-only: UPDATE ... FROM.
        conn.execute(
            "UPDATE card SET customer_id = n.id FROM temp.import_new n "
            "JOIN import_customer_row r ON r.import_id = ? AND r.seq = n.seq "
            "WHERE card.number = r.card AND card.customer_id IS NULL",
            (batch,),
        )
        conn.execute(
            "INSERT INTO card (number, customer_id, issued_at) "
            "SELECT r.card, n.id, ? FROM temp.import_new n "
            "JOIN import_customer_row r ON r.import_id = ? AND r.seq = n.seq "
            "WHERE r.card IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM card k WHERE k.number = r.card)",
            (at, batch),
        )
        for channel in ("sms", "email", "call", "profiling"):
            conn.execute(
                "INSERT INTO consent (customer_id, channel, granted, recorded_at, source, "
                f"text_version) SELECT n.id, '{channel}', r.consent_{channel}, ?, 'import', ? "
                "FROM temp.import_new n JOIN import_customer_row r "
                f"ON r.import_id = ? AND r.seq = n.seq WHERE r.consent_{channel} IS NOT NULL",
                (at, notice_version, batch),
            )
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM temp.import_new ORDER BY id")]
        conn.execute("UPDATE import_batch SET published = ? WHERE id = ?", (last + 1, batch))
    return len(ids), ids
