"""Kept totals of visits added on the bulk path (``kept_totals.add_visits``), issue 8 acceptance 5.

    python tests/benchmarks/kept_totals_bulk.py [--bench-dir /tmp/bd-bench] [--runs 5]
                                                [--small-runs 15] [--chunk 5000]
                                                [--against GIT-REF] [--steps VISITS [--cache-kib N]]

An import publishes its visits with the per-visit triggers aside and then adds them to the kept
totals at once. This measures that step alone, in the state an import leaves it: the 1 000 000
visits of ``visits-1000000.csv`` (50 000 new guests, 3 categories) stored into a set-up venue
(``empty-venue``), their kept totals not added yet, the time index dropped as a solo publish
drops it. Each run is a write transaction rolled back afterwards, so every run sees the same state.

* ``1M/50k``: all 1 000 000 visits, every guest new (what a solo import of the file does).
* ``chunk``: the last ``--chunk`` visits of the same import on the venue holding the others with
  their totals (a publishing step while tills are open; a guest cut by the chunk's edge has
  visits already).
* ``returning``: ``--chunk`` new visits of guests who already have some (a second import of
  newer data), on the same venue.
* ``returning 1M``: a second import of a million new visits, every guest already having visits.

Prints the first run and the median of the others (seconds), the peak memory Python and numpy
allocated during one more run (tracemalloc: SQLite's own page cache is not in it), the core count
and the load. ``--against REF``: the
``add_visits`` of ``boostdesk/storage/kept_totals.py`` as it was at that commit is measured too,
alternately with today's in the same runs (first one, then the other, then the other way round),
and the ratio of the medians printed.

``--steps VISITS``: instead, a solo publish's pattern in one transaction — the visits stored in
steps (5 000, doubling up to VISITS), the kept totals added after each step as
``publish_visits_chunk`` does, or once after the last — with the page cache a publish has
(``--cache-kib``, default ``imports.PUBLISH_CACHE_KIB``).

The imported venue is built once into ``--bench-dir/kt-imported`` (the real import, ~40 s) and a
working copy without the totals into a temporary folder (~10 s), removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
from collections.abc import Callable
from pathlib import Path

from boostdesk.storage import imports, kept_totals

IMPORT_OWNER_PIN = "2468"
PRAGMAS = (
    "journal_mode = wal",
    "foreign_keys = 1",
    "cache_size = -65536",
    "temp_store = memory",
    "secure_delete = 1",
    "soft_heap_limit = 536870912",  # as a solo publish sets it
)


def imported(bench: Path) -> Path:
    """The venue after a real import of the 1M-row file (built once)."""
    target = bench / "kt-imported"
    if (target / "boostdesk.db").exists():
        return target / "boostdesk.db"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(bench / "empty-venue", target)
    print("importing visits-1000000.csv once ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "boostdesk", "import", "visits", str(bench / "visits-1000000.csv")]
        + ["--data-dir", str(target)],
        check=True,
        env={**os.environ, "BOOSTDESK_PIN": IMPORT_OWNER_PIN},
    )
    return target / "boostdesk.db"


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    return conn


def without_totals(empty: Path, source: Path, target: Path, kept_up_to: int | None) -> None:
    """``target``: the set-up venue plus ``source``'s guests, visits and lines, stored with the
    insert triggers aside; the totals of the visits up to ``kept_up_to`` added (None: none)."""
    shutil.copy(empty, target)
    conn = connect(target)
    conn.execute(f"ATTACH '{source}' AS src")
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA main.table_info(customer)"))
    conn.execute("BEGIN")
    conn.execute(f"INSERT INTO main.customer ({columns}) SELECT {columns} FROM src.customer")
    conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
    top = kept_up_to if kept_up_to is not None else 0
    conn.execute("INSERT INTO main.visit SELECT * FROM src.visit WHERE id <= ?", (top,))
    conn.execute(
        "INSERT INTO main.visit_line SELECT * FROM src.visit_line WHERE visit_id <= ?", (top,)
    )
    if kept_up_to is not None:
        kept_totals.add_visits(conn, 0)
    conn.execute("INSERT INTO main.visit SELECT * FROM src.visit WHERE id > ?", (top,))
    conn.execute(
        "INSERT INTO main.visit_line SELECT * FROM src.visit_line WHERE visit_id > ?", (top,)
    )
    conn.execute("DELETE FROM bulk_publish")
    conn.execute("COMMIT")
    conn.execute("DETACH src")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def returning_visits(conn: sqlite3.Connection, every: int) -> int:
    """Store new visits (with lines) of guests who have visits: a copy of every ``every``-th
    visit, 400 days later, triggers aside; return the id they follow."""
    (top,) = conn.execute("SELECT MAX(id) FROM visit").fetchone()
    conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
    conn.execute(
        "INSERT INTO visit (id, customer_id, visited_at, amount_minor, idempotency_key, "
        "local_day, day_part) SELECT id + ?1, customer_id, visited_at + 400 * 86400, "
        "amount_minor, 'again:' || id, local_day + 400, day_part FROM visit "
        "WHERE id % ?2 = 0 AND id <= ?1",
        (top, every),
    )
    conn.execute(
        "INSERT INTO visit_line (visit_id, category_id, amount_minor) "
        "SELECT visit_id + ?1, category_id, amount_minor FROM visit_line "
        "WHERE visit_id % ?2 = 0 AND visit_id <= ?1",
        (top, every),
    )
    return int(top)


def with_guests(empty: Path, source: Path, target: Path) -> None:
    """``target``: the set-up venue plus ``source``'s guests (no visits yet)."""
    shutil.copy(empty, target)
    conn = connect(target)
    conn.execute(f"ATTACH '{source}' AS src")
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA main.table_info(customer)"))
    conn.execute(f"INSERT INTO main.customer ({columns}) SELECT {columns} FROM src.customer")
    conn.execute("DETACH src")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def stepped(path: Path, source: Path, step: int, cache_kib: int, runs: int) -> None:
    """A solo publish's pattern: the file's visits stored step by step in one transaction (the
    first step 5 000 visits, each next one twice as many up to ``step``), the per-visit triggers
    and the time index aside, with ``cache_kib`` of page cache (a publish's is
    ``imports.PUBLISH_CACHE_KIB``); the kept totals added after each step (as
    ``publish_visits_chunk`` does) or once after the last. Prints add_visits' seconds summed
    over the steps for each way (medians of ``runs``, the ways alternating)."""
    conn = connect(path)
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    conn.execute(f"ATTACH '{source}' AS src")
    (total,) = conn.execute("SELECT MAX(id) FROM src.visit").fetchone()
    seconds: dict[str, list[float]] = {"each step": [], "once": []}
    count = 0
    for run in range(runs):
        ways = list(seconds) if run % 2 == 0 else list(seconds)[::-1]
        for way in ways:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bulk_publish (one) VALUES (1)")
            for name in ("visit_time", *imports.BULK_INSERT_TRIGGERS):
                kind = "INDEX" if name == "visit_time" else "TRIGGER"
                conn.execute(f"DROP {kind} {name}")
            took, first, size, count = 0.0, 1, 5000, 0
            while first <= total:
                last = min(first + size - 1, total)
                conn.execute(
                    "INSERT INTO visit SELECT * FROM src.visit WHERE id BETWEEN ? AND ?",
                    (first, last),
                )
                conn.execute(
                    "INSERT INTO visit_line SELECT * FROM src.visit_line "
                    "WHERE visit_id BETWEEN ? AND ?",
                    (first, last),
                )
                if way == "each step" or last == total:
                    start = time.perf_counter()
                    kept_totals.add_visits(conn, first - 1 if way == "each step" else 0)
                    took += time.perf_counter() - start
                first, size, count = last + 1, min(step, 2 * size), count + 1
            seconds[way].append(took)
            conn.execute("ROLLBACK")
    conn.close()
    for way, values in seconds.items():
        print(
            f"{'solo steps':<13} {way:<9} {total:>8} visits in {count} steps, kept totals added "
            f"{way}: median {statistics.median(values):6.3f} s (min {min(values):.3f}, "
            f"{len(values)} runs, page cache {cache_kib // 1024} MiB)",
            flush=True,
        )


AddVisits = Callable[[sqlite3.Connection, int], None]
Figures = tuple[list[float], float, int]


def baseline(ref: str) -> AddVisits:
    """``kept_totals.add_visits`` as the module was at commit ``ref``."""
    source = subprocess.run(
        ["git", "show", f"{ref}:boostdesk/storage/kept_totals.py"],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    module = types.ModuleType(f"kept_totals_at_{ref}")
    exec(compile(source, f"kept_totals.py@{ref}", "exec"), module.__dict__)
    function: AddVisits = module.add_visits
    return function


def measure(
    path: Path, runs: int, prepare: Callable[[sqlite3.Connection], int], ways: list[AddVisits]
) -> list[Figures]:
    """For each way of adding: seconds of it in each of ``runs`` rolled-back transactions (the
    ways alternating, in turns of order), the peak memory (MiB) of one more run, and how many
    visits it added."""
    conn = connect(path)
    conn.execute("SELECT COUNT(*) FROM visit").fetchone()  # the file in the OS cache
    seconds: list[list[float]] = [[] for _ in ways]
    peaks = [0.0 for _ in ways]
    added = 0
    for run in range(runs + 1):
        turn = list(enumerate(ways))
        for which, add in turn if run % 2 == 0 else turn[::-1]:
            conn.execute("BEGIN IMMEDIATE")
            after = prepare(conn)
            (added,) = conn.execute(
                "SELECT COUNT(*) FROM visit WHERE id > ? AND voided_at IS NULL", (after,)
            ).fetchone()
            if run == runs:
                tracemalloc.start()
            start = time.perf_counter()
            add(conn, after)
            took = time.perf_counter() - start
            if run == runs:
                peaks[which] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            else:
                seconds[which].append(took)
            conn.execute("ROLLBACK")
    conn.close()
    return [(seconds[i], peaks[i], int(added)) for i in range(len(ways))]


def report(name: str, figures: list[Figures], labels: list[str]) -> None:
    medians = []
    for label, (seconds, peak, added) in zip(labels, figures, strict=True):
        rest = seconds[1:] or seconds
        medians.append(statistics.median(rest))
        print(
            f"{name:<13} {label:<9} {added:>8} visits  first {seconds[0]:6.3f} s  "
            f"median {medians[-1]:6.3f} s  (min {min(rest):.3f}, {len(rest)} runs)  "
            f"peak +{peak:.0f} MiB",
            flush=True,
        )
    if len(medians) == 2:
        print(f"{'':<13} {labels[1]} / now: {medians[1] / medians[0]:.1f}x", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small-runs", type=int, default=15)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--against", help="a git commit whose add_visits to measure as well")
    parser.add_argument(
        "--steps",
        type=int,
        metavar="VISITS",
        help="instead: a solo publish's steps (up to VISITS each), totals added each step or once",
    )
    parser.add_argument(
        "--cache-kib", type=int, default=imports.PUBLISH_CACHE_KIB, help="page cache for --steps"
    )
    args = parser.parse_args()
    ways: list[AddVisits] = [kept_totals.add_visits]
    labels = ["now"]
    if args.against:
        ways.append(baseline(args.against))
        labels.append(args.against)
    bench: Path = args.bench_dir
    source = imported(bench)
    empty = bench / "empty-venue" / "boostdesk.db"
    (visits,) = sqlite3.connect(source).execute("SELECT MAX(id) FROM visit").fetchone()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start", flush=True)
    if args.steps:
        with tempfile.TemporaryDirectory(prefix="kt-bench-", dir=bench) as work:
            guests = Path(work) / "guests.db"
            with_guests(empty, source, guests)
            stepped(guests, source, args.steps, args.cache_kib, max(2, args.runs))
        print(f"load {os.getloadavg()[0]:.2f} at the end (2 cores shared with other work)")
        return
    with tempfile.TemporaryDirectory(prefix="kt-bench-", dir=bench) as work:
        fresh = Path(work) / "fresh.db"
        without_totals(empty, source, fresh, None)

        def drop_time_index(conn: sqlite3.Connection) -> int:
            conn.execute("DROP INDEX visit_time")  # a solo publish into an empty venue does
            return 0

        report("1M/50k", measure(fresh, args.runs, drop_time_index, ways), labels)
        fresh.unlink()
        chunked = Path(work) / "chunked.db"
        without_totals(empty, source, chunked, int(visits) - args.chunk)
        last = measure(chunked, args.small_runs, lambda conn: visits - args.chunk, ways)
        report("chunk", last, labels)
        every = max(1, int(visits) // args.chunk)
        again = measure(chunked, args.small_runs, lambda c: returning_visits(c, every), ways)
        report("returning", again, labels)
        again = measure(chunked, max(2, args.runs // 2), lambda c: returning_visits(c, 1), ways)
        report("returning 1M", again, labels)
    print(f"load {os.getloadavg()[0]:.2f} at the end (2 cores shared with other work)")


if __name__ == "__main__":
    main()
