"""The segment refresh at the end of a big import (issue 8, acceptance 5), on its own.

    python tests/benchmarks/segment_refresh.py [--bench-dir /tmp/bd-bench] [--runs 5]
                                               [--rows 1000000] [--keep] [--against DIR]

``boostdesk import visits`` of ``visits-ROWS.csv`` (50 000 new guests for 1 M rows) into a copy
of ``empty-venue`` ends with a full segment refresh (``importer._reevaluate`` ->
``segmentation.recompute_all()``), which reads every guest (the import dropped the segment
snapshot) and stores every guest's segments and their first segments (one ``segment_entry`` row
per guest, standing for a transition per guest and family: 650 000).

This builds the state just before that refresh once (the same import in a fresh process with the
refresh left out; ``--keep`` keeps it in ``BENCH_DIR/refresh-base`` for the next time, else it is
deleted), then for each run copies it and times ``recompute_all()`` alone in a fresh process
(inside the process, after opening the venue; the process's peak RSS beside it). Prints the
first run, the median, peak memory, the core count and the load average (the machine may be
shared: say so with the figures). ``--against DIR``: the same runs, alternately, with the
``boostdesk`` package of another checkout (e.g. ``/work/main``), and the ratio of the medians (the
other checkout opens the state built here: it must know its schema version).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PIN = "2468"  # the owner PIN of empty-venue (cold_path.py sets it up so)

WITHOUT_REFRESH = """
import sys
from boostdesk.services import importer
importer._reevaluate = lambda opened, guests: None  # the state just before the refresh
from boostdesk.app import main
sys.exit(main())
"""

REFRESH = """
import resource, sys, time
from pathlib import Path
from boostdesk.services import venue
opened = venue.open_venue(Path(sys.argv[1]))
started = time.perf_counter()
result = opened.segmentation.recompute_all()
seconds = time.perf_counter() - started
opened.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, peak, result.changed_guests, result.transitions)
"""


def base(bench: Path, rows: int, keep: bool) -> Path:
    """The venue as the import leaves it just before its segment refresh."""
    target = bench / "refresh-base"
    if (target / "boostdesk.db").exists() and keep:
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(bench / "empty-venue", target)
    csv_path = bench / f"visits-{rows}.csv"
    print(f"importing {csv_path} without the refresh ...", flush=True)
    subprocess.run(
        [sys.executable, "-c", WITHOUT_REFRESH, "import", "visits", str(csv_path)]
        + ["--data-dir", str(target)],
        check=True,
        env={**os.environ, "BOOSTDESK_PIN": PIN},
        stdout=subprocess.DEVNULL,
    )
    return target


Run = tuple[float, int, int, int]
"""Seconds, peak RSS (KiB), guests changed and transitions of one refresh."""


def one_run(source: Path, code: Path | None = None) -> Run:
    """A refresh on a copy of ``source`` in a fresh process (``code``: another checkout's)."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryDirectory(prefix="refresh-", dir=source.parent) as tmp:
        folder = Path(tmp) / "venue"
        shutil.copytree(source, folder)
        out = subprocess.run(
            [sys.executable, "-c", REFRESH, str(folder)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,  # not the checkout: PYTHONPATH decides which package runs
        ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), int(out[3])


def report(label: str, runs: list[Run]) -> float:
    seconds = [r[0] for r in runs]
    print(
        f"  {label:<32} median {statistics.median(seconds) * 1000:6.0f} ms   "
        f"first {seconds[0] * 1000:.0f} ms   peak RSS {max(r[1] for r in runs) / 1024:.0f} MB   "
        f"(runs {', '.join(f'{s:.2f}' for s in seconds)} s)"
    )
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the built state for next time")
    parser.add_argument("--against", type=Path, help="another checkout, run alternately")
    args = parser.parse_args()
    source = base(args.bench_dir, args.rows, args.keep)
    runs: list[Run] = []
    others: list[Run] = []
    try:
        for _ in range(args.runs):
            runs.append(one_run(source, Path(__file__).resolve().parents[2]))
            if args.against:
                others.append(one_run(source, args.against.resolve()))
    finally:
        if not args.keep:
            shutil.rmtree(source, ignore_errors=True)
    print(
        f"segment refresh after importing {args.rows:,} visits ({runs[0][2]:,} guests changed, "
        f"{runs[0][3]:,} transitions), recompute_all alone in a fresh process (goal <= 1000 ms); "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}:"
    )
    mine = report("this checkout", runs)
    if others:
        theirs = report(str(args.against), others)
        print(f"  ratio this / other: {mine / theirs:.2f}")


if __name__ == "__main__":
    main()
