"""Scenario run speed (issue 11): one run of every shipped scenario on 100 000 guests ≤ 2 s.

    python tests/benchmarks/scenarios.py [--source /tmp/bd-bench/v100k] [--runs 5]

Copies the cached 100 000-guest / 5 M-visit venue (read-only: never written) into a private
folder, switches every shipped template on, stores the segments of its last day and of the next
(the nightly recompute, not timed) so the triggers have that day's movements, then times
``ScenarioService.run`` for that day: the first run, and the median of ``--runs`` more, each
rolled back afterwards so that every run does the same work (a committed second run the same day
would issue nothing). Prints what the run did, the times, the cost preview of one scenario and
the process's peak memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from boostdesk.domain import scenarios as rules
from boostdesk.services import ops, venue

AS_OF = dt.date(2026, 11, 24)  # the cached venue's last day of history


class _Undo(Exception):
    """Raised to roll a timed run back."""


def _timed_run(opened: venue.Venue, day: dt.date) -> tuple[float, object]:
    report = None
    started = time.perf_counter()
    try:
        with opened.store.transaction():
            report = opened.scenarios.run(ops.SYSTEM, day).value
            elapsed = time.perf_counter() - started
            raise _Undo
    except _Undo:
        pass
    return elapsed, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("/tmp/bd-bench/v100k"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bd-scenarios-bench-"))
    try:
        print(f"copying {args.source} ...", flush=True)
        shutil.copy(args.source / venue.database.DATABASE_FILENAME, folder)
        opened = venue.open_venue(folder)
        try:
            for key, template in rules.TEMPLATES.items():
                opened.scenarios.save(ops.SYSTEM, dataclasses.replace(template, enabled=True), key)
            # the cached venue holds no stored segments: store its last day first, so that the
            # next day's run keeps real movements (entering At risk, Lost, VIP …)
            day = AS_OF + dt.timedelta(days=1)
            started = time.perf_counter()
            opened.segmentation.recompute_all(AS_OF, persist=True)
            opened.segmentation.recompute_all(day, persist=True)
            print(
                f"segments for {AS_OF} and {day} stored in "
                f"{time.perf_counter() - started:.1f} s (untimed)"
            )
            guests = opened.store.one("SELECT COUNT(*) FROM customer")[0]
            first, report = _timed_run(opened, day)
            times = [_timed_run(opened, day)[0] for _ in range(args.runs)]
            started = time.perf_counter()
            preview = opened.scenarios.preview(
                dataclasses.replace(rules.TEMPLATES["winback_at_risk"], enabled=True), day
            )
            preview_s = time.perf_counter() - started
        finally:
            opened.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"guests: {guests}")
    for s in report.scenarios:  # type: ignore[attr-defined]
        print(
            f"  {s.key:<18} audience {s.audience:>6} treated {s.treated:>6} holdout {s.holdout:>5} "
            f"vouchers {s.vouchers:>5} messages {s.messages:>5} cost {s.cost_minor / 100:>10.2f}"
        )
    median = statistics.median(times)
    print(f"scenario run, first: {first:.3f} s")
    print(
        f"scenario run, median of {len(times)}: {median:.3f} s (target <= 2 s: "
        f"{'ok' if median <= 2 else 'MISSED'}); all: {', '.join(f'{t:.3f}' for t in times)}"
    )
    print(
        f"win-back preview: {preview_s:.3f} s ({preview.vouchers} vouchers, "
        f"{preview.cost_minor / 100:.2f})"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
