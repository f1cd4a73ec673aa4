"""Reading and checking a visits CSV (issue 8, acceptance 5: the first phase of ``import visits``).

    python tests/benchmarks/import_read.py [--bench-dir /tmp/bd-bench] [--rows 1000000]
                                           [--runs 5] [--exact]

Times, phase by phase, what ``importer._import_visits`` does from opening the file until the
arrays handed to staging are ready (the ``staged`` dict), calling the same functions in the same
order: opening the sheet, the columns and the venue's rules, reading and checking every row
(``import_fast.check_visits``), the guests' keys and staging order (``import_keys.guest_keys``)
and the staged columns. Each run is a fresh process (the first run is printed too: a user's
import is one fresh process); peak memory is that process's high-water mark (VmHWM), Python and
numpy included. With ``--exact`` the csv-module path (``import_check.check_visits``, what every
file went through before) is measured too, alternately with the fast one, and the ratio printed.

The file is ``visits-ROWS.csv`` in the bench dir (written as ``cold_path.py`` writes it when
missing); the venue a copy of ``empty-venue`` (set up by ``cold_path.py``). The machine is shared:
the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PHASES = ("open", "rules", "check", "keys", "staged", "total")
CHILD = """
import json, sys, time
import numpy as np
started = time.perf_counter()
from pathlib import Path
from boostdesk.services import (
    import_check, import_fast, import_files, import_keys, importer, venue
)
opened = venue.open_venue(Path(sys.argv[1]))
path, exact = Path(sys.argv[2]), sys.argv[3] == "exact"
imported = time.perf_counter()
marks = [time.perf_counter()]
sheet = import_files.open_sheet(path)
marks.append(time.perf_counter())
columns, _ = importer.columns_for(opened, "visits", sheet, {}, None)
rules = importer._visit_rules(opened, int(time.time()))
marks.append(time.perf_counter())
problems = {}
check = import_check.check_visits if exact else import_fast.check_visits
checked = check(sheet, columns, rules, problems)
marks.append(time.perf_counter())
keys = import_keys.guest_keys(checked.guests, checked.guest, checked.at, checked.amount)
marks.append(time.perf_counter())
take = keys.order
staged = {
    "guest": keys.guest[take],
    "visited_at": checked.at[take],
    "amount_minor": checked.amount[take],
    "category_id": np.maximum(checked.category[take], 0),
    "dup": keys.dup[take],
}
marks.append(time.perf_counter())
peak = next(
    int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")
)
opened.close()
seconds = [b - a for a, b in zip(marks, marks[1:])] + [marks[-1] - marks[0]]
print(json.dumps({"seconds": seconds, "rows": len(checked), "problems": len(problems),
                  "guests": len(keys.guests), "peak_mb": peak / 1024,
                  "imports_s": imported - started}))
"""


def run_once(venue: Path, csv_path: Path, exact: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "venue"
        shutil.copytree(venue, copy)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(copy), str(csv_path), "exact" if exact else "fast"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def report(name: str, runs: list[dict[str, object]]) -> float:
    seconds = [list(r["seconds"]) for r in runs]  # type: ignore[call-overload]
    print(
        f"  {name}: {runs[0]['rows']:,} rows, {runs[0]['guests']:,} guests, "
        f"{runs[0]['problems']} problems"
    )
    for i, phase in enumerate(PHASES):
        values = [s[i] for s in seconds]
        print(
            f"    {phase:7s} median {statistics.median(values) * 1000:7.0f} ms   "
            f"first {values[0] * 1000:7.0f} ms   "
            f"(runs {', '.join(f'{v * 1000:.0f}' for v in values)})"
        )
    peaks = [float(r["peak_mb"]) for r in runs]  # type: ignore[arg-type]
    print(f"    peak memory (VmHWM) max {max(peaks):.0f} MB, first {peaks[0]:.0f} MB")
    return statistics.median(s[-1] for s in seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exact", action="store_true", help="the csv-module path too")
    args = parser.parse_args()
    bench: Path = args.bench_dir
    csv_path = bench / f"visits-{args.rows}.csv"
    venue = bench / "empty-venue"
    if not csv_path.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        import cold_path

        cold_path.write_csv(csv_path, args.rows, max(args.rows // 20, 1))
    if not (venue / "boostdesk.db").exists():
        sys.exit(f"{venue} is missing: run tests/benchmarks/cold_path.py --only-import once")
    print(
        f"reading and checking {csv_path.name} ({csv_path.stat().st_size / 1e6:.0f} MB), "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    fast: list[dict[str, object]] = []
    exact: list[dict[str, object]] = []
    for _ in range(args.runs):
        fast.append(run_once(venue, csv_path, exact=False))
        if args.exact:
            exact.append(run_once(venue, csv_path, exact=True))
    fast_total = report("bytes path (import_fast)", fast)
    if exact:
        exact_total = report("csv-module path (import_check)", exact)
        print(f"  ratio csv-module / bytes path: {exact_total / fast_total:.1f} x")
    print(f"  load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
