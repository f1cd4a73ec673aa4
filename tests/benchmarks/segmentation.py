"""Segmentation speed (issue 4), measured in one run against the plain aggregate baseline.

    python tests/benchmarks/segmentation.py [--data-dir /tmp/bench50k] [--runs 7] [--large]

Builds the 50 000-guest demo venue (as of 2026-11-24) unless it exists, then prints medians of:
the plain aggregate ``SELECT customer_id, MAX(visited_at), COUNT(*), SUM(amount_minor) FROM visit
GROUP BY customer_id`` on its covering index; a full recompute of all families (the predictive
one from a fitted model) including storing changed segments, for the as-of day and for each of the
following days (the kept windows move forward, as in a nightly run); one guest's re-evaluation
right after a visit is recorded (the visit is rolled back afterwards); the MBG/NBD + Gamma-Gamma
fit including reading its per-guest summary. ``--large`` repeats it on the 100 000-guest /
5 M-visit venue. Plain aggregate and full recompute alternate, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from boostdesk.domain import clv, localtime
from boostdesk.services import clv as clv_service
from boostdesk.services import venue
from boostdesk.storage import tables

AS_OF = dt.date(2026, 11, 24)
PLAIN = (
    "SELECT customer_id, MAX(visited_at), COUNT(*), SUM(amount_minor) FROM visit "
    "GROUP BY customer_id"
)


def ensure(folder: Path, customers: int, visits: int | None) -> None:
    if (folder / "boostdesk.db").exists():
        return
    args = [
        sys.executable,
        "-m",
        "boostdesk",
        "demo",
        "--data-dir",
        str(folder),
        "--customers",
        str(customers),
        "--as-of",
        AS_OF.isoformat(),
    ]
    if visits:
        args += ["--visits", str(visits)]
    print(f"building {folder} ...", flush=True)
    subprocess.run(args, check=True)


def median_time(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class _Undo(Exception):
    """Raised to roll a timed transaction back."""


def _one_guest_times(opened: venue.Venue, as_of: int) -> list[float]:
    """Seconds of ``recompute_one`` right after a visit of each of the 50 busiest guests."""
    ids = [
        r[0]
        for r in opened.store.execute(
            "SELECT customer_id FROM customer_metrics ORDER BY visits DESC LIMIT 50"
        )
    ]
    times = []
    service_zone = opened.segmentation.timezone()
    for n, customer_id in enumerate(ids):
        try:
            with opened.store.transaction():
                tables.Visit.create(
                    customer=customer_id,
                    visited_at=as_of - 600,
                    local_day=localtime.local_day(as_of - 600, service_zone),
                    day_part=localtime.day_part(as_of - 600, service_zone),
                    amount_minor=12_000,
                    idempotency_key=f"benchmark-{n}",
                )
                started = time.perf_counter()
                opened.segmentation.recompute_one(customer_id, AS_OF)
                times.append(time.perf_counter() - started)
                raise _Undo  # rolls the visit back: every guest is timed on the same data
        except _Undo:
            pass
    return sorted(times)


def measure(folder: Path, runs: int, label: str) -> None:
    opened = venue.open_venue(folder)
    service = opened.segmentation
    plain_rows = opened.store.execute(f"EXPLAIN QUERY PLAN {PLAIN}").fetchall()
    assert any("COVERING INDEX" in str(r) for r in plain_rows), plain_rows
    zone = opened.segmentation.timezone()
    as_of = service.as_of_instant(AS_OF)
    fits = []
    for _ in range(3):
        started = time.perf_counter()
        fitted = clv_service.fit(opened.store, as_of, zone)
        fits.append((time.perf_counter() - started, fitted.seconds_load))
    clv_service.save(opened.settings, fitted)  # the predictive family uses it
    service.recompute_all(AS_OF, persist=True)  # stores every guest's segments, anchors the windows
    plain_times, full_times = [], []
    for _ in range(runs):
        plain_times.append(median_time(lambda: opened.store.execute(PLAIN).fetchall(), 1))
        full_times.append(median_time(lambda: service.recompute_all(AS_OF, persist=True), 1))
    plain, full = statistics.median(plain_times), statistics.median(full_times)
    nightly = []
    for later in range(1, 4):
        day = AS_OF + dt.timedelta(days=later)
        nightly.append(median_time(lambda day=day: service.recompute_all(day, persist=True), 1))
    service.recompute_all(AS_OF, persist=True)  # back to the as-of day
    one_times = _one_guest_times(opened, as_of)
    guests = opened.store.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    visits = opened.store.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    print(
        f"{label}: {guests:,} guests, {visits:,} visits, {os.cpu_count()} cores, "
        f"median of {runs} runs"
    )
    print(f"  plain aggregate (covering index)   {plain * 1000:8.1f} ms")
    print(
        f"  full recompute, all families        {full * 1000:8.1f} ms  "
        f"ratio {full / plain:.2f} x (target <= 1.5)"
    )
    print(
        f"  full recompute, next days (nightly) {statistics.median(nightly) * 1000:8.1f} ms  "
        f"ratio {statistics.median(nightly) / plain:.2f} x (windows moved, changes stored)"
    )
    print(
        f"  one guest after a visit (p50/p95/max) {statistics.median(one_times) * 1000:6.2f} / "
        f"{one_times[int(len(one_times) * 0.95)] * 1000:.2f} / {one_times[-1] * 1000:.2f} ms "
        f"over {len(one_times)} busiest guests (target <= 5)"
    )
    params = fitted.as_json()
    total_ms = statistics.median(f[0] for f in fits) * 1000
    load_ms = statistics.median(f[1] for f in fits) * 1000
    print(
        f"  MBG/NBD + Gamma-Gamma, read + fit   {total_ms:8.1f} ms"
        f" (of which {load_ms:.0f} ms reading the summary; target <= 2 s); "
        f"r={params['r']:.3f} alpha={params['alpha']:.2f} a={params['a']:.3f} b={params['b']:.3f}"
    )
    bg = median_time(lambda: clv.fit(fitted.summary, model=clv.Model.BGNBD), 3)
    print(f"  BG/NBD + Gamma-Gamma fit (summary read) {bg * 1000:6.1f} ms")
    opened.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/bench50k"))
    parser.add_argument("--large-dir", type=Path, default=Path("/tmp/bench100k"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", action="store_true")
    args = parser.parse_args()
    ensure(args.data_dir, 50_000, None)
    measure(args.data_dir, args.runs, "50k venue")
    if args.large:
        ensure(args.large_dir, 100_000, 5_000_000)
        measure(args.large_dir, args.runs, "100k / 5M venue")


if __name__ == "__main__":
    main()
